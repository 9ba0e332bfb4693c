"""Train, evaluate and export ``storecheck-devices``: a detector of the screens the device rules
judge (``phone``, ``tv``, ``terminal``), run beside the screen finder in device zones.

    python -m models.train_devices all --train 700 --val 120 --seed 31 --val-seed 32 \
        --init models/storecheck-det.pt --hours 1.0 --negatives /work/real-train/cafe-none

``negatives SRC DST`` makes such a folder from one of ``models.real_sources``' (``cafe-train``):
its images with empty labels, its ``source.json`` carried over.

Stages: ``data`` (``datasets.device_yolo``), ``fit`` (ultralytics, from the main detector's
weights: its backbone already knows the generator's rooms, so a CPU hour goes to the new classes;
the head is rebuilt for three classes), ``export`` (val metrics at the training size and as
shipped, ONNX with a rectangular input, ``models/storecheck-devices.onnx`` and its card).
``--negatives``: YOLO folders of real photographs with nothing of ours in them (empty labels),
trained on so that windows, pictures and doors on real walls are not taken for screens.
Needs the ``train`` extra (torch, ultralytics).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import yaml

from models.train import (
    MODELS,
    ROOT,
    _extra_sources,
    _table,
    _trained_seconds,
    evaluate,
    export,
    fit,
)

NAME = "storecheck-devices"


def make_data(out: Path, train: int, val: int, seed: int, val_seed: int, negatives: list[Path], workers: int) -> Path:
    from datasets.device_yolo import LABELS, generate

    train_dir, val_dir = out / f"train-seed{seed}", out / f"val-seed{val_seed}"
    if len(list((train_dir / "images" / "train").glob("*.jpg"))) != train:
        generate(train_dir, seed, {"train": train}, workers=workers)
    if len(list((val_dir / "images" / "val").glob("*.jpg"))) != val:
        generate(val_dir, val_seed, {"val": val}, workers=workers)
    data = {"path": str(out.resolve()),
            "train": [str((train_dir / "images" / "train").resolve()), *(str((d / "images").resolve()) for d in negatives)],
            "val": str((val_dir / "images" / "val").resolve()), "names": dict(enumerate(LABELS))}
    path = out / "data.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def screenless(source: Path, out: Path) -> Path:
    """``out``: the photographs of the YOLO folder ``source`` with empty labels (nothing of ours in
    them) and its ``source.json``, noting that its own labels were left out."""
    (out / "images").mkdir(parents=True, exist_ok=True)
    (out / "labels").mkdir(parents=True, exist_ok=True)
    for image in sorted((source / "images").iterdir()):
        shutil.copyfile(image, out / "images" / image.name)
        (out / "labels" / f"{image.stem}.txt").write_text("")
    info_path = source / "source.json"
    info = json.loads(info_path.read_text()) if info_path.exists() else {}
    info = {key: value for key, value in info.items() if not key.endswith("_boxes")}
    info["labels"] = "none: screenless negatives (the folder's own person boxes left out)"
    (out / "source.json").write_text(json.dumps(info, indent=2) + "\n")
    return out


def write_card(onnx: Path, table: dict, shipped: dict, args: argparse.Namespace, seconds: float | None) -> Path:
    sha = hashlib.sha256(onnx.read_bytes()).hexdigest()
    command = (f"python -m models.train_devices all --train {args.train} --val {args.val} --seed {args.seed} "
               f"--val-seed {args.val_seed} --epochs {args.epochs}" + (f" --hours {args.hours:g}" if args.hours else "")
               + f" --imgsz {args.imgsz} --batch {args.batch}" + (f" --init {args.init}" if args.init else "")
               + "".join(f" --negatives {d}" for d in args.negatives))
    start = f"fine-tuned from `{args.init}` (the main detector; its head rebuilt for three classes)" if args.init else "from scratch"
    negatives = f"\n| real photos (no screen labelled) | {_extra_sources(args.negatives)} |" if args.negatives else ""
    card = f"""# {NAME}

Screen detector for the device rules (`demo_phones.powered`, `itv.playing`,
`terminals.paused_notice`): YOLOv8n trained on generated device tables and self-service zones
(`datasets/device_yolo.py`). Classes: phone (a demo phone's body), tv (the ITV set's screen inside
its bezel), terminal (a self-service terminal's screen). It runs only in the zones
`vision.screen_zones` names, beside the screen finder (`vision/screens.py`); what a screen shows
(lit, dark, uniform, busy) is still measured on the crop (`screen_stats`).

| field | value |
| --- | --- |
| file | `models/{onnx.name}` ({onnx.stat().st_size / 1e6:.1f} MB) |
| sha256 | `{sha}` |
| date | {dt.date.today().isoformat()} |
| data | `datasets.device_yolo`, 1920x1080, train: {args.train} images, seed {args.seed}; val: {args.val} images, seed {args.val_seed} (never trained on); the scene cycle is `datasets.device_yolo.CYCLE` (device tables with and without the ITV set, self-service zones, and screenless notice boards, halls and windows) |{negatives}
| training | ultralytics, {start}, {f'at most {args.epochs} epochs, stopped by the {args.hours:g} h time budget (see results.csv)' if args.hours else f'{args.epochs} epochs'}, imgsz {args.imgsz}, batch {args.batch}, CPU (2 threads), mosaic 1.0, scale 0.3, no per-epoch validation (the last weights ship) |
| labels | a screen is labelled when its short side is at least 1/120 of the frame's long side (16 px on a 1920 frame) |
| training time | {f'{seconds / 60:.0f} min' if seconds else 'see log'} on 2 CPU cores shared with other work |
| export | ONNX opset 18, dynamic input up to 1x3x384x640, no NMS inside (storecheck applies it) |
| licence | AGPL-3.0 (trained with ultralytics); the café photographs are CC BY 4.0 |
| not used | no seed of `bench.device_rules` (93) nor of the screen scorer's training (1-8); no photograph of `../shared/real` |

## Command

```
{command}
```

## Metrics on the val split (seed {args.val_seed}, imgsz {args.imgsz})

{_table(table)}

As shipped (the val split letterboxed to 640 px wide with minimal padding, what the engine feeds it):

{_table(shipped)}

## What it means for the rules

`python -m bench.device_rules --n 90 --seed 93 --real ../shared/real` scores the rules with this
model beside the finder, and how often a screen is invented on real photographs: see the README.

## Known limits

- Every screen it has seen is drawn by our generator: flat phone bodies with icon grids, a 16:9
  set with a thin black bezel, one terminal design. Real demo tables (phones on tilted stands,
  glare, cables) and real terminals are out of distribution; on real photographs it saw only
  screenless café scenes as negatives, so a real TV or phone is found by luck, not by training.
- Phones far from the camera (under ~16 px wide on a 1920 frame) are not labelled, and at
  640 px input they are a cell or two. On development seeds 11 and 14 it found every phone of
  the far tables (`python -m bench.screen_finder --n 60 --seed 11`); a larger input
  (`--input 576 1024`) found no more there.
- The negatives were made with `python -m models.real_sources --cafe CAFE.git --coco COCO.git
  --out /work/real-train` and `python -m models.train_devices negatives /work/real-train/cafe-train
  /work/real-train/cafe-none` (the bare mirrors fetched by hand; nothing fetched is committed).
  COCO's photographs were not used: their Flickr licences are not all open to commercial use.
"""
    path = MODELS / f"{NAME}.md"
    path.write_text(card, encoding="utf-8")
    (MODELS / f"{NAME}.metrics.json").write_text(json.dumps({"train_imgsz": table, "shipped": shipped}, indent=2) + "\n")
    return path


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("stage", choices=["data", "fit", "export", "all", "negatives"])
    p.add_argument("folders", type=Path, nargs="*", help="negatives: SRC DST")
    p.add_argument("--train", type=int, default=700)
    p.add_argument("--val", type=int, default=120)
    p.add_argument("--seed", type=int, default=31)
    p.add_argument("--val-seed", type=int, default=32)
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--hours", type=float, default=None)
    p.add_argument("--imgsz", type=int, default=640)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--init", type=Path, default=None, help="start from these weights (the main detector's .pt)")
    p.add_argument("--negatives", type=Path, action="append", default=[], metavar="DIR",
                   help="a YOLO folder of real photographs with empty labels (repeatable); its source.json goes on the card")
    p.add_argument("--weights", type=Path, default=None, help="export these instead of the run's last weights")
    p.add_argument("--data-dir", type=Path, default=ROOT / "data" / "devices")
    p.add_argument("--runs", type=Path, default=ROOT / "runs")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = p.parse_args(argv)
    if args.stage == "negatives":
        if len(args.folders) != 2:
            p.error("negatives needs SRC DST")
        print(screenless(*args.folders))
        return
    data_yaml = make_data(args.data_dir, args.train, args.val, args.seed, args.val_seed, args.negatives, args.workers)
    if args.stage == "data":
        print(data_yaml)
        return
    weights = args.weights or args.runs / NAME / "weights" / "last.pt"
    seconds = None
    if args.stage in ("fit", "all"):
        start = time.time()
        weights = fit(data_yaml, args.runs, NAME, args.epochs, args.imgsz, args.batch, args.hours, args.seed, args.init,
                      close_mosaic=0, warmup=1)
        seconds = time.time() - start
    if args.stage in ("export", "all"):
        seconds = seconds or _trained_seconds(weights)
        table = evaluate(weights, data_yaml, args.imgsz, args.runs)
        shipped = evaluate(weights, data_yaml, 640, args.runs, rect=True)
        onnx = export(weights, MODELS / f"{NAME}.onnx", (384, 640), args.runs)
        print(write_card(onnx, table, shipped, args, seconds))


if __name__ == "__main__":
    main()
