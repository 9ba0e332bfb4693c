"""The model card is written whole by the export stage: its real-photo and other-style sections
come from the measurements, so a re-export cannot drop them or leave old figures behind."""

from __future__ import annotations

import json
from pathlib import Path

from models.train import parser, write_card

ROW = {"precision": 0.9, "recall": 0.8, "mAP50": 0.85, "mAP50-95": 0.6}


def _photos(people_found: int, mean: float, tool: float) -> dict[str, object]:
    people = {f"p{i}.jpg": [0.5 if i < people_found else 0.2] for i in range(5)}
    tools = {"rocket.jpg": tool, "brick.png": 0.01}
    return {"people": people, "false_tools": tools,
            "summary": {"mean_top_person": mean, "people_photos_with_a_person": people_found,
                        "photos_with_a_false_tool": int(tool >= 0.4), "photos": 12}}


def test_card_carries_real_photo_and_other_style_evidence(tmp_path: Path) -> None:
    onnx = tmp_path / "det.onnx"
    onnx.write_bytes(b"not a real model, only hashed")
    args = parser().parse_args(["export", "--name", "det", "--init", "/tmp/start.pt", "--blend", "0.5",
                                "--other-data", "/tmp/old/data.yaml", "--other-recipe", "git worktree add /tmp/old b7ce470"])
    photos = {"this model (as shipped)": _photos(3, 0.36, 0.33), "the start (`/tmp/start.pt`)": _photos(2, 0.31, 0.45)}
    other = {"this model (as shipped)": {"mop": {**ROW, "mAP50": 0.448}, "all": ROW},
             "the start (`/tmp/start.pt`)": {"mop": {**ROW, "mAP50": 0.446}, "all": ROW}}

    card = write_card("det", onnx, {"all": ROW}, {"all": ROW}, args, 600.0, photos, other, out_dir=tmp_path).read_text()

    assert "| this model (as shipped) | 3 of 5 | 0.36 | 0 of 12 (highest 0.33, rocket.jpg) |" in card
    assert "| the start (`/tmp/start.pt`) | 2 of 5 | 0.31 | 1 of 12 (highest 0.45, rocket.jpg) |" in card
    assert "| mop | 0.448 | 0.446 |" in card
    assert "git worktree add /tmp/old b7ce470" in card
    assert "--blend 0.5 --other-data /tmp/old/data.yaml --init /tmp/start.pt" in card
    metrics = json.loads((tmp_path / "det.metrics.json").read_text())
    assert metrics["real_photos"]["this model (as shipped)"]["summary"]["people_photos_with_a_person"] == 3


def test_card_without_extra_evidence_has_no_empty_sections(tmp_path: Path) -> None:
    onnx = tmp_path / "det.onnx"
    onnx.write_bytes(b"x")
    card = write_card("det", onnx, {"all": ROW}, {"all": ROW}, parser().parse_args(["export"]), None,
                      out_dir=tmp_path).read_text()
    assert "Real photographs" not in card and "other hands" not in card
    assert "## Known limits" in card


def _card_for(tmp_path: Path, *argv: str) -> str:
    """The card an export with these command-line arguments writes (metrics and evidence aside)."""
    onnx = tmp_path / "det.onnx"
    onnx.write_bytes(b"hashed only")
    return write_card("det", onnx, {"all": ROW}, {"all": ROW}, parser().parse_args(["export", *argv]), 60.0,
                      out_dir=tmp_path).read_text()


def test_card_records_the_zone_mix_of_the_training_set(tmp_path: Path) -> None:
    card = _card_for(tmp_path, "--name", "det", "--data-seed", "4", "--zones", "counter,hall,hall")
    assert "--data-seed 4 --val-seed 2 --zones counter,hall,hall --epochs" in card
    assert "seed 4, zones in turn counter, hall, hall" in card
    plain = _card_for(tmp_path)
    assert "--zones" not in plain and "every zone in turn; val" in plain


def test_card_records_how_long_mosaic_lasts(tmp_path: Path) -> None:
    card = _card_for(tmp_path, "--epochs", "20", "--close-mosaic", "0")
    assert "--close-mosaic 0" in card and "mosaic 1.0 to the last epoch" in card
    # Without the flag the command stays as older cards wrote it, and so rebuilds their models.
    default = _card_for(tmp_path, "--epochs", "20")
    assert "--close-mosaic" not in default and "mosaic 1.0 but the last 4 epochs" in default


def test_card_records_the_warm_up_and_class_gain(tmp_path: Path) -> None:
    card = _card_for(tmp_path, "--epochs", "20", "--cls", "1.0", "--warmup", "0.5")
    assert "--cls 1 --warmup 0.5" in card
    assert "class loss gain 1, learning-rate warm-up 0.5 epochs" in card
    # Without the flags the command stays as older cards wrote it, and says ultralytics' defaults.
    default = _card_for(tmp_path)
    assert "--warmup" not in default and "class loss gain 0.5, learning-rate warm-up 3 epochs" in default
    assert "--lr0" not in default and "ultralytics' automatic optimiser and rate" in default


def test_card_records_a_named_learning_rate(tmp_path: Path) -> None:
    card = _card_for(tmp_path, "--init", "/tmp/start.pt", "--lr0", "0.0002")
    assert "--lr0 0.0002 --init /tmp/start.pt" in card
    assert "AdamW at a peak rate of 0.0002" in card


def _real_folder(root: Path, images: int, boxes_each: int, source: dict[str, str] | None) -> Path:
    """A YOLO folder of ``images`` photos with ``boxes_each`` person boxes each."""
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    for i in range(images):
        (root / "images" / f"{i}.jpg").write_bytes(b"jpeg")
        (root / "labels" / f"{i}.txt").write_text("0 0.5 0.5 0.1 0.2\n" * boxes_each)
    if source:
        (root / "source.json").write_text(json.dumps(source))
    return root


def test_card_lists_every_real_source_with_licence_and_counts(tmp_path: Path) -> None:
    cafe = _real_folder(tmp_path / "cafe", 3, 2, {"repo": "someone/cafe", "commit": "d2ab04dd39", "licence": "CC BY 4.0"})
    loose = _real_folder(tmp_path / "loose", 1, 0, None)
    card = _card_for(tmp_path, "--extra-train", str(cafe), "--extra-train", str(cafe), "--extra-train", str(loose))
    assert f"`{cafe}` (`someone/cafe` at d2ab04d, CC BY 4.0): 3 images, 6 boxes, listed 2 times" in card
    assert f"`{loose}` (source not recorded): 1 images, 0 boxes" in card
    assert f"--extra-train {cafe} --extra-train {cafe} --extra-train {loose}" in card
    assert "| real photos |" not in _card_for(tmp_path)


def test_card_shows_person_ap_on_labelled_real_photographs(tmp_path: Path) -> None:
    onnx = tmp_path / "det.onnx"
    onnx.write_bytes(b"x")
    figures = {"photos": 128, "persons": 350, "AP50": 0.12, "recall@0.4": 0.05, "precision@0.4": 0.6,
               "false_tools": 0, "photos_with_a_false_tool": 0}
    people = {"this model (as shipped)": {"coco": figures}, "the start": {"coco": {**figures, "AP50": 0.012}}}
    card = write_card("det", onnx, {"all": ROW}, {"all": ROW}, parser().parse_args(["export"]), None,
                      out_dir=tmp_path, people=people).read_text()
    assert "| this model (as shipped) | coco | 128 | 350 | 0.120 | 0.050 | 0.600 | 0 (0) |" in card
    assert "| the start | coco | 128 | 350 | 0.012 |" in card
    assert json.loads((tmp_path / "det.metrics.json").read_text())["real_people"]["the start"]["coco"]["AP50"] == 0.012
