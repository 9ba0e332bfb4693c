"""Edge mode: frames analysed on the box; only the result and evidence crops leave."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import cv2

from storecheck.capture import Agent, load_capture_config
from storecheck.capture.config import EdgeConfig
from storecheck.capture.edge import FolderSink, analysis_config
from storecheck.capture.spool import SpoolEntry
from storecheck.contract import AnalysisResult
from storecheck.engine import Engine
from tests.capture.conftest import capture_yaml
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
    assert len(result.findings) == 7 and record["snapshot"]["camera_id"] == "store-a-hall"
    boxes = sum(len(f.evidence) for f in result.findings if f.status in ("violation", "warning"))
    assert len(record["snapshot"]["evidence"]) == boxes
    assert not list((tmp_path / "results").rglob("frame*"))  # the full frame stays on the box
    [done] = (tmp_path / "spool" / "done").glob("*.json")
    assert json.loads(done.read_text())["score"] == record["result"]["score"]


def test_evidence_crops_of_violations(tmp_path: Path) -> None:
    sink = FolderSink(EdgeConfig(results_dir=tmp_path))
    entry = SpoolEntry("20261102T010000000000Z-cam-1-ab", "pending", {"camera_id": "cam-1"}, tmp_path / "x.jpg")
    image = cv2.imread(str(SAMPLES / "hall-mop.jpg"))
    crops = sink.deliver(entry, mop_and_badge_result(), image)
    assert crops and all(name.startswith(f"{entry.id}/") for name in crops)
    mop = cv2.imread(str(tmp_path / next(n for n in crops if "hall.no_cleaning_tools" in n)))
    assert mop is not None and mop.shape[0] > mop.shape[1]  # the mop's tall box, padded
    record = json.loads((tmp_path / f"{entry.id}.json").read_text())
    assert record["snapshot"]["evidence"] == crops
