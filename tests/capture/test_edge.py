"""Edge mode: frames analysed on the box; only the result and evidence crops leave."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from storecheck.capture import Agent, load_capture_config
from storecheck.capture.config import CaptureConfigError, EdgeConfig
from storecheck.capture.edge import FolderSink, analysis_config
from storecheck.capture.spool import Spool, SpoolEntry
from storecheck.contract import RULE_IDS, AnalysisResult
from storecheck.engine import Engine
from storecheck.store.images import ImageStore
from storecheck.store.models import Snapshot
from storecheck.store.objects import object_store_from_env
from tests.capture.conftest import LiveService, capture_yaml, service_section
from tests.servicekit import SAMPLES, mop_and_badge_result, needs_detector

WINDOW = [[0.1, 0.1], [0.5, 0.1], [0.5, 0.9]]


def _edge_yaml(tmp_path: Path, folder: Path) -> Path:
    return capture_yaml(tmp_path, [{"id": "store-a-hall", "zone": "hall", "source": str(folder),
                                    "polygons": {"hall_floor": [WINDOW]}}],
                        mode="edge", edge={"results_dir": str(tmp_path / "results")})


def test_camera_polygons_reach_the_analysis_config(tmp_path: Path) -> None:
    config = analysis_config(load_capture_config(_edge_yaml(tmp_path, tmp_path)))
    camera = config.checks.cameras["store-a-hall"]
    assert camera.zone == "hall" and len(camera.polygons.hall_floor) == 1


@needs_detector
def test_edge_mode_writes_result_and_evidence_only(tmp_path: Path, engine: Engine) -> None:
    folder = tmp_path / "camera"
    folder.mkdir()
    shutil.copy(SAMPLES / "hall-mop.jpg", folder / "frame.jpg")
    config = load_capture_config(_edge_yaml(tmp_path, folder))
    assert Agent(config, engine=engine).run_once()

    [record_path] = (tmp_path / "results").glob("*.json")
    record = json.loads(record_path.read_text())
    result = AnalysisResult.model_validate(record["result"])  # the contract, as the service would store it
    assert [f.rule for f in result.findings] == list(RULE_IDS) and record["snapshot"]["camera_id"] == "store-a-hall"
    boxes = sum(len(f.evidence) for f in result.findings if f.status in ("violation", "warning"))
    assert len(record["snapshot"]["evidence"]) == boxes
    assert not list((tmp_path / "results").rglob("frame*"))  # the full frame stays on the box
    [done] = (tmp_path / "spool" / "done").glob("*.json")
    assert json.loads(done.read_text())["score"] == record["result"]["score"]


def test_evidence_crops_of_violations(tmp_path: Path) -> None:
    sink = FolderSink(EdgeConfig(results_dir=tmp_path), Spool(tmp_path / "spool", max_bytes=10_000_000))
    entry = SpoolEntry("20261102T010000000000Z-cam-1-ab", "pending", {"camera_id": "cam-1"}, tmp_path / "x.jpg")
    image = cv2.imread(str(SAMPLES / "hall-mop.jpg"))
    crops = sink.deliver(entry, mop_and_badge_result(), image)
    assert crops and all(name.startswith(f"{entry.id}/") for name in crops)
    mop = cv2.imread(str(tmp_path / next(n for n in crops if "hall.no_cleaning_tools" in n)))
    assert mop is not None and mop.shape[0] > mop.shape[1]  # the mop's tall box, padded
    record = json.loads((tmp_path / f"{entry.id}.json").read_text())
    assert record["snapshot"]["evidence"] == crops


@needs_detector
def test_edge_results_reach_the_service_without_the_frame(
        tmp_path: Path, engine: Engine, live_service: LiveService, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real agent analyses here and posts to the live service: the snapshot is analysed on
    arrival, its evidence is there to review, and the pixels outside the evidence never left."""
    monkeypatch.setenv("TEST_DEVICE_KEY", live_service.device_key)
    folder = tmp_path / "camera"
    folder.mkdir()
    shutil.copy(SAMPLES / "hall-mop.jpg", folder / "frame.jpg")
    path = capture_yaml(tmp_path, [{"id": "store-a-hall", "zone": "hall", "source": str(folder)}], mode="edge",
                        edge={"send_to": "service"}, service=service_section(live_service))
    agent = Agent(load_capture_config(path), engine=engine)
    assert agent.run_once()
    agent.close()

    [(snapshot_id, _, sha)] = live_service.snapshots()
    with live_service.factory() as session:
        snapshot = session.get(Snapshot, snapshot_id)
        assert snapshot is not None and snapshot.status == "done" and snapshot.source == "edge"
        result = AnalysisResult.model_validate(snapshot.result)
        assert [v.rule for v in snapshot.violations] == [f.rule for f in result.findings if f.status == "violation"
                                                         or (f.status == "indeterminate" and f.evidence)]
    assert sha != hashlib.sha256((SAMPLES / "hall-mop.jpg").read_bytes()).hexdigest()
    images = ImageStore(objects=object_store_from_env(live_service.settings.resolved_images_dir))
    sent = cv2.imdecode(np.frombuffer(images.get(sha), np.uint8), cv2.IMREAD_COLOR)
    original = cv2.imread(str(SAMPLES / "hall-mop.jpg"))
    assert sent is not None and sent.shape == original.shape
    assert (sent.max(axis=2) < 16).mean() > 0.5  # most of the hall stayed on the box
    [done] = (tmp_path / "spool" / "done").glob("*.json")
    assert json.loads(done.read_text())["snapshot_id"] == snapshot_id


def test_sending_results_to_the_service_needs_a_service_section(tmp_path: Path) -> None:
    path = capture_yaml(tmp_path, [{"id": "c1", "zone": "hall", "source": str(tmp_path)}], mode="edge",
                        edge={"send_to": "service"})
    with pytest.raises(CaptureConfigError, match="needs a 'service' section"):
        load_capture_config(path)
