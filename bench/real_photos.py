"""Does a detector trained on synthetic scenes still work on photographs? Run it before shipping
weights (``.onnx`` on ONNX Runtime, ``.pt`` on the ultralytics backend), fitted into the shipped
384x640 input with minimal padding, on real photographs that ship inside our dependencies (nothing is downloaded):

* people: ultralytics' bus.jpg and zidane.jpg, matplotlib's grace_hopper.jpg (a portrait in
  uniform), scikit-image's astronaut.png and camera.png: the top person scores of each;
* no cleaning tool in any of them, nor in scikit-image's indoor and texture photos (a motorcycle
  in a workshop, coffee, a cat, a rocket, brick, grass, gravel): the top mop, broom, bucket or
  dustpan score of each, a false alarm that would cost a hall its points above the engine's 0.4.

    python -m bench.real_photos models/storecheck-det.onnx [runs/x/weights/last.pt ...] \
        [--out bench/results/real_photos.json]

The summary per model: the mean top person score over the people photos, how many of them have
a person above the engine's 0.4, and how many photos have a false tool above 0.4.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storecheck.vision.config import DetectorConfig

INPUT_SIZE = (384, 640)
TOOLS = ("mop", "broom", "bucket", "dustpan")
PEOPLE = ("bus.jpg", "zidane.jpg", "grace_hopper.jpg", "astronaut.png", "camera.png")
#: The engine's default thresholds for a person and the lowest for a tool (checks.thresholds).
PERSON_THRESHOLD = TOOL_THRESHOLD = 0.4


def photos() -> dict[str, Path]:
    """The photographs, by name, from the installed packages."""
    import matplotlib
    import skimage
    import ultralytics

    assets = Path(ultralytics.__file__).parent / "assets"
    sample_data = Path(matplotlib.get_data_path()) / "sample_data"
    skimage_data = Path(skimage.__file__).parent / "data"
    found = {"bus.jpg": assets / "bus.jpg", "zidane.jpg": assets / "zidane.jpg",
             "grace_hopper.jpg": sample_data / "grace_hopper.jpg"}
    for name in ("astronaut.png", "camera.png", "motorcycle_left.png", "coffee.png", "chelsea.png",
                 "rocket.jpg", "brick.png", "grass.png", "gravel.png"):
        found[name] = skimage_data / name
    return found


def weights_config(model: Path, base: DetectorConfig | None = None,
                   input_size: tuple[int, int] = INPUT_SIZE) -> DetectorConfig:
    """``base`` (default: the engine's) run on ``model``: ``.pt`` weights on the ultralytics
    backend fitted into ``input_size`` (minimal padding), anything else on ONNX Runtime (the
    size is the model's)."""
    from storecheck.vision.config import DetectorConfig

    torch_weights = model.suffix == ".pt"
    return (base or DetectorConfig()).model_copy(update={
        "path": model, "backend": "ultralytics" if torch_weights else "onnx",
        "input_size": input_size if torch_weights else None})


def person_scores(model: Path, top: int = 4, input_size: tuple[int, int] = INPUT_SIZE) -> dict[str, object]:
    """Top person scores per people photo, the top tool score per photo, and a summary."""
    import cv2

    from storecheck.vision.config import DetectorConfig
    from storecheck.vision.detector import load_detector
    from storecheck.vision.image import load_image

    detector = load_detector(weights_config(model, DetectorConfig(confidence=0.05), input_size))
    people: dict[str, list[float]] = {}
    false_tools: dict[str, float] = {}
    for name, path in photos().items():
        image = load_image(path)
        if image.ndim == 2 or image.shape[2] == 1:  # the cameraman is grey
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        found = detector.detect(image)
        if name in PEOPLE:
            people[name] = sorted((round(float(c), 2) for c in found.of("person").confidence), reverse=True)[:top]
        tool_scores = [float(c) for label in TOOLS for c in found.of(label).confidence]
        false_tools[name] = round(max(tool_scores, default=0.0), 2)
    tops = [scores[0] if scores else 0.0 for scores in people.values()]
    summary = {"mean_top_person": round(sum(tops) / len(tops), 3),
               "people_photos_with_a_person": sum(t >= PERSON_THRESHOLD for t in tops),
               "photos_with_a_false_tool": sum(s >= TOOL_THRESHOLD for s in false_tools.values()),
               "photos": len(false_tools)}
    return {"people": people, "false_tools": false_tools, "summary": summary}


def main(argv: list[str] | None = None) -> dict[str, dict[str, object]]:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("models", type=Path, nargs="+")
    p.add_argument("--out", type=Path, default=Path("bench/results/real_photos.json"))
    p.add_argument("--input-size", type=int, nargs=2, default=INPUT_SIZE, metavar=("H", "W"),
                   help=".pt weights only: the canvas a photo is fitted into (640 640: 640 on the long side)")
    args = p.parse_args(argv)
    report = {str(model): person_scores(model, input_size=tuple(args.input_size)) for model in args.models}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    for model, scores in report.items():
        print(model, json.dumps(scores["summary"]))
        print("  people:", "  ".join(f"{photo} {top}" for photo, top in scores["people"].items()))  # type: ignore[attr-defined]
        print("  false tools:", "  ".join(f"{photo} {s}" for photo, s in scores["false_tools"].items()))  # type: ignore[attr-defined]
    return report


if __name__ == "__main__":
    main()
