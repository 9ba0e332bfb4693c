"""Training smoke run: a few generated images, a few epochs from the YOLOv8n yaml, the loss
falls, and the exported ONNX loads and runs in the runtime detector (no torch at run time)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("ultralytics", reason="training needs the train extra (torch, ultralytics)")

from models.train import export, fit, main, make_data  # noqa: E402
from storecheck.vision.config import DetectorConfig  # noqa: E402
from storecheck.vision.detector.onnx_runtime import OnnxDetector  # noqa: E402


@pytest.mark.slow
def test_training_smoke_loss_falls_and_export_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_yaml = make_data(tmp_path / "data", train=24, val=8, data_seed=101, val_seed=102, workers=1)
    weights = fit(data_yaml, tmp_path / "runs", "smoke", epochs=4, imgsz=192, batch=8, hours=None, seed=0)
    assert weights.exists()
    with open(weights.parent.parent / "results.csv", newline="") as f:
        rows = [{k.strip(): v for k, v in row.items()} for row in csv.DictReader(f)]
    loss = [float(r["train/box_loss"]) + float(r["train/cls_loss"]) + float(r["train/dfl_loss"]) for r in rows]
    assert len(loss) == 4
    assert loss[-1] < loss[0], f"training loss did not fall: {loss}"

    # Scoring weights on any YOLO set (here the smoke val split) prints the card's table.
    main(["eval", "--weights", str(weights), "--data", str(data_yaml), "--imgsz", "192", "--runs", str(tmp_path / "runs")])
    table = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| class | precision") and table[-1].startswith("| all |")

    onnx = export(weights, tmp_path / "smoke.onnx", (128, 224), tmp_path / "runs")
    detector = OnnxDetector(DetectorConfig(path=onnx, confidence=0.001))
    image = np.full((360, 640, 3), 127, np.uint8)
    found = detector.detect(image)
    assert found.xyxy.shape[1] == 4
    assert detector.name.startswith("smoke@sha256:")


@pytest.mark.slow
def test_fine_tune_knobs_reach_ultralytics(tmp_path: Path) -> None:
    """--lr0, --warmup and --cls are what ultralytics trains with (its automatic optimiser would
    silently ignore a bare lr0)."""
    import yaml

    data_yaml = make_data(tmp_path / "data", train=8, val=4, data_seed=103, val_seed=104, workers=1)
    weights = fit(data_yaml, tmp_path / "runs", "knobs", epochs=1, imgsz=128, batch=4, hours=None, seed=0,
                  cls=1.0, warmup=0.5, lr0=0.0002)
    used = yaml.safe_load((weights.parent.parent / "args.yaml").read_text())
    assert (used["optimizer"], used["lr0"], used["warmup_epochs"], used["cls"]) == ("AdamW", 0.0002, 0.5, 1.0)
