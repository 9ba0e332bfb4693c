"""Does a detector still find real people? Top person scores on the real photographs that ship
inside our dependencies (ultralytics' bus.jpg and zidane.jpg, matplotlib's grace_hopper.jpg: a
portrait in uniform), at the shipped 384x640 input, for each model given. None of them holds a
cleaning tool, so any mop, broom, bucket or dustpan found there is a false alarm that would cost
a hall its points: the top such score is reported too.

    python -m bench.real_photos models/storecheck-det.onnx [runs/x/weights/last.pt ...] \
        [--out bench/results/real_photos.json]

Our training data is synthetic, so a model can climb on the generator's val split while it
forgets what a person looks like; run this before shipping weights (``.onnx`` runs on ONNX
Runtime, ``.pt`` on the ultralytics backend; needs the train extra for the photos themselves).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

INPUT_SIZE = (384, 640)
TOOLS = ("mop", "broom", "bucket", "dustpan")


def photos() -> dict[str, Path]:
    """The photographs, by name, from the installed packages (nothing is downloaded)."""
    import matplotlib
    import ultralytics

    assets = Path(ultralytics.__file__).parent / "assets"
    sample_data = Path(matplotlib.get_data_path()) / "sample_data"
    return {"bus.jpg": assets / "bus.jpg", "zidane.jpg": assets / "zidane.jpg",
            "grace_hopper.jpg": sample_data / "grace_hopper.jpg"}


def person_scores(model: Path, top: int = 4) -> dict[str, list[float]]:
    """Top person scores per photo, and under ``false_tools`` the highest tool score per photo."""
    from storecheck.vision.config import DetectorConfig
    from storecheck.vision.detector import load_detector
    from storecheck.vision.image import load_image

    backend = "ultralytics" if model.suffix == ".pt" else "onnx"
    config = DetectorConfig(backend=backend, path=model, confidence=0.05,
                            input_size=INPUT_SIZE if backend == "ultralytics" else None)
    detector = load_detector(config)
    scores: dict[str, list[float]] = {}
    false_tools: dict[str, float] = {}
    for name, path in photos().items():
        found = detector.detect(load_image(path))
        scores[name] = sorted((round(float(c), 2) for c in found.of("person").confidence), reverse=True)[:top]
        tool_scores = [float(c) for label in TOOLS for c in found.of(label).confidence]
        false_tools[name] = round(max(tool_scores, default=0.0), 2)
    return {**scores, "false_tools": false_tools}  # type: ignore[dict-item]


def main(argv: list[str] | None = None) -> dict[str, dict[str, list[float]]]:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("models", type=Path, nargs="+")
    p.add_argument("--out", type=Path, default=Path("bench/results/real_photos.json"))
    args = p.parse_args(argv)
    report = {str(model): person_scores(model) for model in args.models}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    for model, scores in report.items():
        print(model, "  ".join(f"{photo}: {top}" for photo, top in scores.items()))
    return report


if __name__ == "__main__":
    main()
