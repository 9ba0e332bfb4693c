"""Does a detector still find real people? Top person scores on ultralytics' bundled street
photos (bus.jpg, zidane.jpg), at the shipped 384x640 input, for each model given.

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

PHOTOS = ("bus.jpg", "zidane.jpg")
INPUT_SIZE = (384, 640)


def person_scores(model: Path, top: int = 4) -> dict[str, list[float]]:
    import ultralytics

    from storecheck.vision.config import DetectorConfig
    from storecheck.vision.detector import load_detector
    from storecheck.vision.image import load_image

    backend = "ultralytics" if model.suffix == ".pt" else "onnx"
    config = DetectorConfig(backend=backend, path=model, confidence=0.05,
                            input_size=INPUT_SIZE if backend == "ultralytics" else None)
    detector = load_detector(config)
    assets = Path(ultralytics.__file__).parent / "assets"
    scores = {}
    for photo in PHOTOS:
        found = detector.detect(load_image(assets / photo)).of("person")
        scores[photo] = sorted((round(float(c), 2) for c in found.confidence), reverse=True)[:top]
    return scores


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
