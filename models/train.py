"""Train, evaluate and export the storecheck detector. One command rebuilds the shipped model::

    python -m models.train all --name storecheck-det --train 1000 --val 250 --data-seed 1 \
        --val-seed 2 --epochs 40 --imgsz 416 --export-imgsz 384 640

Stages: ``data`` (generate the synthetic set), ``fit`` (ultralytics training from the YOLOv8n
yaml: no pretrained weights exist offline), ``export`` (evaluate on the val split made with a
different seed, export ONNX with a rectangular input, write ``models/<name>.onnx`` and the model
card ``models/<name>.md``). ``all`` runs the three; ``eval`` scores any weights on any YOLO
data.yaml (``--weights W --data D --imgsz N [--rect]``). Needs the ``train`` extra (torch, ultralytics).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"


def _offline_ultralytics(workdir: Path):
    """Import ultralytics with every network path closed and both cores used."""
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("YOLO_OFFLINE", "1")
    os.environ.setdefault("YOLO_AUTOINSTALL", "False")
    os.environ.setdefault("YOLO_CONFIG_DIR", str(workdir / "ultralytics-config"))
    import ultralytics.utils.torch_utils as tu

    threads = max(1, min(8, os.cpu_count() or 1))
    tu.NUM_THREADS = threads  # ultralytics leaves one core idle; on 2 cores that halves speed
    import torch

    torch.set_num_threads(threads)
    from ultralytics import YOLO

    return YOLO


def make_data(out: Path, train: int, val: int, data_seed: int, val_seed: int, workers: int,
              zones: tuple[str, ...] | None = None, extra_train: tuple[Path, ...] = ()) -> Path:
    """The training set (``zones``: its zone cycle; the val split always has every zone in turn).

    ``extra_train``: YOLO folders (``images/`` beside ``labels/``, class indices as ours) trained on
    beside the generated scenes, e.g. real photographs; a folder named twice is seen twice an epoch."""
    from datasets.generate import generate
    from datasets.scene import ZONES

    zones = zones or ZONES
    mix = "" if zones == ZONES else "-" + "-".join(zones)
    train_dir, val_dir = out / f"train-seed{data_seed}{mix}", out / f"val-seed{val_seed}"
    if not (train_dir / "data.yaml").exists() or len(list((train_dir / "images" / "train").glob("*.jpg"))) != train:
        generate(train_dir, data_seed, {"train": train}, workers=workers, zones=zones)
    if not (val_dir / "data.yaml").exists() or len(list((val_dir / "images" / "val").glob("*.jpg"))) != val:
        generate(val_dir, val_seed, {"val": val}, workers=workers)
    import yaml

    data = yaml.safe_load((train_dir / "data.yaml").read_text())
    data["path"] = str(out.resolve())
    generated = str((train_dir / "images" / "train").resolve())
    data["train"] = [generated, *(str((d / "images").resolve()) for d in extra_train)] if extra_train else generated
    data["val"] = str((val_dir / "images" / "val").resolve())
    path = out / "data.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


def fit(data_yaml: Path, runs: Path, name: str, epochs: int, imgsz: int, batch: int, hours: float | None, seed: int,
        init: Path | None = None, freeze: int = 0, close_mosaic: int | None = None, cls: float | None = None,
        warmup: float | None = None, lr0: float | None = None) -> Path:
    """Train from the YOLOv8n yaml (no pretrained weights exist offline), or go on from ``init``:
    an earlier run of this script, so a longer schedule can be split over sessions.
    ``close_mosaic``: the last epochs trained without mosaic (default a fifth of ``epochs``).
    ``cls``: the classification loss gain (ultralytics' default 0.5 when None).
    ``warmup``: epochs of learning-rate warm-up (ultralytics' default 3 when None).
    ``lr0``: the peak learning rate, with AdamW (None: ultralytics' automatic choice)."""
    YOLO = _offline_ultralytics(runs)
    model = YOLO(str(init)) if init else YOLO("yolov8n.yaml")
    kwargs = dict(
        data=str(data_yaml), epochs=epochs, imgsz=imgsz, batch=batch, workers=0, device="cpu",
        project=str(runs.resolve()), name=name, exist_ok=True, plots=False, seed=seed, deterministic=False,
        cache=True, scale=0.3, mosaic=1.0, close_mosaic=_close_mosaic(epochs, close_mosaic), patience=0, amp=False, verbose=True,
        # No validation between epochs: it costs ~10% of a CPU budget, and choosing the "best" epoch
        # on the val split would make the card's val figures optimistic. The last weights ship.
        val=False,
    )
    if hours:
        kwargs["time"] = hours
    if cls is not None:
        # A heavier class loss for classes the box is right but the name wrong (mop against
        # broom: bench.tool_errors' "called another tool").
        kwargs["cls"] = cls
    if warmup is not None:
        # Warm-up ramps the learning rate from zero, which a run from scratch needs. A fine-tune
        # that a CPU time budget holds to a few epochs would spend most of them warming up
        # (3 of 5 epochs at the default).
        kwargs["warmup_epochs"] = warmup
    if lr0 is not None:
        # ultralytics' automatic optimiser (AdamW at 0.002 * 5 / (4 + classes) for short runs)
        # ignores lr0, so naming the rate names the optimiser too. A fine-tune of converged weights
        # that the budget holds to a few epochs never anneals (the last of 5 epochs still runs at a
        # fifth of the peak): a lower peak disturbs the weights less.
        kwargs.update(optimizer="AdamW", lr0=lr0)
    if freeze:
        # Keep the first layers of --init as they are: what they learned is what finds real
        # people (bench.real_photos), and an unfrozen fine-tune on synthetic people forgot it.
        kwargs["freeze"] = freeze
    model.train(**kwargs)
    weights = runs / name / "weights"
    return weights / "best.pt" if (weights / "best.pt").exists() else weights / "last.pt"


def _close_mosaic(epochs: int, requested: int | None) -> int:
    return max(1, epochs // 5) if requested is None else requested


def evaluate(weights: Path, data_yaml: Path, imgsz: int, runs: Path, rect: bool = False) -> dict[str, dict[str, float]]:
    """Per-class precision, recall, mAP50, mAP50-95 on the val split. ``rect`` letterboxes each
    16:9 image to ``imgsz`` wide with minimal padding: what the rectangular ONNX input sees."""
    YOLO = _offline_ultralytics(runs)
    model = YOLO(str(weights))
    metrics = model.val(data=str(data_yaml), imgsz=imgsz, batch=16, workers=0, device="cpu", plots=False, rect=rect,
                        split="val", project=str(runs.resolve()), name="val", exist_ok=True, verbose=False)
    table: dict[str, dict[str, float]] = {}
    names = metrics.names
    box = metrics.box
    for i, cls in enumerate(box.ap_class_index):
        p, r, ap50, ap = box.class_result(i)
        table[names[int(cls)]] = {"precision": round(float(p), 3), "recall": round(float(r), 3),
                                 "mAP50": round(float(ap50), 3), "mAP50-95": round(float(ap), 3)}
    table["all"] = {"precision": round(float(box.mp), 3), "recall": round(float(box.mr), 3),
                    "mAP50": round(float(box.map50), 3), "mAP50-95": round(float(box.map), 3)}
    return table


def export(weights: Path, target: Path, export_imgsz: tuple[int, int], runs: Path) -> Path:
    """ONNX with a dynamic input, traced at ``export_imgsz`` (h, w), the largest canvas storecheck
    gives it: each frame is letterboxed with minimal padding, as the card's "as shipped" figures
    are measured (a 16:9 frame fills 384x640; a portrait photo is not drowned in grey)."""
    YOLO = _offline_ultralytics(runs)
    model = YOLO(str(weights))
    onnx_path = Path(model.export(format="onnx", imgsz=list(export_imgsz), opset=18, simplify=True, dynamic=True, nms=False))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(onnx_path, target)
    shutil.copyfile(weights, target.with_suffix(".pt"))  # for the optional ultralytics backend and the naive bench
    return target


def blend(start: Path, tuned: Path, alpha: float, out: Path) -> Path:
    """WiSE-FT (Wortsman et al., 2022): the weights ``(1 - alpha) * start + alpha * tuned``.

    Fine-tuning on synthetic scenes alone sharpens the synthetic classes but can forget what made
    the starting weights find real people; blending trades part of the gain back (measured with
    ``python -m bench.real_photos``, see the model card). Both share one architecture and the
    tuned weights grew out of the start, so the average is a working model."""
    import copy

    import torch

    def weights(checkpoint: dict) -> torch.nn.Module:
        model = checkpoint["ema"] if checkpoint.get("ema") is not None else checkpoint["model"]
        return model.float()

    checkpoint = torch.load(tuned, map_location="cpu", weights_only=False)
    mixed_model = copy.deepcopy(weights(checkpoint))
    first = weights(torch.load(start, map_location="cpu", weights_only=False)).state_dict()
    mixed_model.load_state_dict({
        key: (1 - alpha) * first[key] + alpha * value if value.is_floating_point() else value
        for key, value in mixed_model.state_dict().items()
    })
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.save({**checkpoint, "model": mixed_model.half(), "ema": None, "optimizer": None}, out)
    return out


def _val_only(data_yaml: Path, runs: Path) -> Path:
    """A set made to score on (``datasets.generate --val N`` alone, a folder of reviewed photos)
    names no train split, which ultralytics requires: point it at the val images, which it
    never reads when only validating."""
    import yaml

    data = yaml.safe_load(data_yaml.read_text())
    if "train" in data:
        return data_yaml
    data["path"] = str((data_yaml.parent / data.get("path", ".")).resolve())
    data["train"] = data["val"]
    path = runs / "eval-data.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


def _table(table: dict[str, dict[str, float]]) -> str:
    """Per-class metrics as the card's markdown table."""
    return "\n".join(
        ["| class | precision | recall | mAP50 | mAP50-95 |", "| --- | --- | --- | --- | --- |"]
        + [f"| {cls} | {m['precision']:.3f} | {m['recall']:.3f} | {m['mAP50']:.3f} | {m['mAP50-95']:.3f} |"
           for cls, m in table.items()]
    )


def _photo_table(photos: dict[str, dict[str, object]]) -> str:
    """bench.real_photos summaries, one row per model, as the card's markdown table."""
    rows = ["| model | people photos with a person >= 0.4 | mean top person score | photos with a false tool >= 0.4 |",
            "| --- | --- | --- | --- |"]
    for label, report in photos.items():
        summary: dict = report["summary"]  # type: ignore[assignment]
        tools: dict = report["false_tools"]  # type: ignore[assignment]
        worst = max(tools, key=lambda photo: tools[photo]) if tools else None
        rows.append(f"| {label} | {summary['people_photos_with_a_person']} of {len(report['people'])} "  # type: ignore[arg-type]
                    f"| {summary['mean_top_person']:.2f} | {summary['photos_with_a_false_tool']} of {summary['photos']}"
                    + (f" (highest {tools[worst]:.2f}, {worst})" if worst else "") + " |")
    return "\n".join(rows)


def _style_table(tables: dict[str, dict[str, dict[str, float]]]) -> str:
    """mAP50 per class (columns: models) on one data set."""
    labels = list(tables)
    classes = list(next(iter(tables.values())))
    rows = ["| class (mAP50) | " + " | ".join(labels) + " |", "| --- |" + " --- |" * len(labels)]
    rows += [f"| {cls} | " + " | ".join(f"{tables[m][cls]['mAP50']:.3f}" if cls in tables[m] else "-" for m in labels) + " |"
             for cls in classes]
    return "\n".join(rows)


def _evidence_sections(args: argparse.Namespace, photos: dict | None, other: dict | None, people: dict | None = None) -> str:
    """The card's sections measured by the export stage beside the val split: real photographs
    and scenes drawn in another style. Written by the script, so a re-export keeps them true."""
    out = ""
    if people:
        from bench.real_people import table as people_table

        out += f"""
## Real photographs with labelled people (`python -m bench.real_people`)

`../shared/real/` (never trained on): `coco` is COCO val2017's first 128 images (eye level),
`cafe` the café set's valid and test splits (a high indoor camera). Person AP50 (IoU 0.5, all
points), recall and precision at the engine's 0.4, and cleaning-tool boxes at 0.4 or more (none is
labelled in any photo). Each photo is fed as the engine feeds it (384x640, minimal padding).

{people_table(people)}
"""
    if photos:
        out += f"""
## Real photographs (`python -m bench.real_photos`)

Twelve photographs that ship inside our dependencies, each fitted into 384x640 with minimal
padding (as the engine feeds the model): five with people
(bus.jpg, zidane.jpg, grace_hopper.jpg, astronaut.png, camera.png) and none with a cleaning tool.
The gate (`tests/vision/test_detector.py::test_shipped_model_on_real_photographs`): a person
above 0.4 in at least 3 of the 5, a tool above 0.4 in at most 2 of the 12.

{_photo_table(photos)}
"""
    if other:
        recipe = f"\n\n```\n{args.other_recipe}\n```" if args.other_recipe else ""
        out += f"""
## Scenes drawn by other hands (`--other-data {args.other_data}`)

The same metric on a data set this model was not drawn from (letterboxed as shipped): tools and
people drawn in another style show what a fine-tune on one style forgot.{recipe}

{_style_table(other)}
"""
    return out


def write_card(name: str, onnx: Path, table: dict, shipped: dict, args: argparse.Namespace, train_seconds: float | None,
               photos: dict | None = None, other: dict | None = None, out_dir: Path = MODELS,
               people: dict | None = None) -> Path:
    sha = hashlib.sha256(onnx.read_bytes()).hexdigest()
    # The card names the command that rebuilds everything, whichever stage wrote it: written out
    # from the arguments, so an ``export --weights ...`` run still records how to train.
    command = (
        f"python -m models.train all --name {name} --train {args.train} --val {args.val} "
        f"--data-seed {args.data_seed} --val-seed {args.val_seed}"
        + (f" --zones {','.join(args.zones)}" if args.zones else "")
        + f" --epochs {args.epochs}"
        + (f" --hours {args.hours}" if args.hours else "")
        + f" --imgsz {args.imgsz} --batch {args.batch} --export-imgsz {args.export_imgsz[0]} {args.export_imgsz[1]}"
        + (f" --freeze {args.freeze}" if args.freeze else "")
        + (f" --close-mosaic {args.close_mosaic}" if args.close_mosaic is not None else "")
        + (f" --cls {args.cls:g}" if args.cls is not None else "")
        + (f" --warmup {args.warmup:g}" if args.warmup is not None else "")
        + (f" --lr0 {args.lr0:g}" if args.lr0 is not None else "")
    )
    if args.blend is not None:
        command += f" --blend {args.blend:g}"
    if args.other_data:
        command += f" --other-data {args.other_data}"
    command += "".join(f" --extra-train {folder}" for folder in args.extra_train)
    if args.init:
        command = f"{args.init_recipe}\n{command} --init {args.init}" if args.init_recipe else f"{command} --init {args.init}"
    start = f"fine-tuned from `{args.init}` (an earlier run of this script, first command below)" if args.init else "from scratch"
    if args.freeze:
        start += f", its first {args.freeze} layers frozen (the backbone of YOLOv8n is layers 0-9)"
    if args.blend is not None:
        start += (f"; shipped weights are {1 - args.blend:g} x those + {args.blend:g} x the fine-tuned ones (WiSE-FT: "
                  "to keep the real people the start finds: see `python -m bench.real_photos`)")
    zones = args.zones
    mix = f", zones in turn {', '.join(zones)}" if zones else ", every zone in turn"
    real = f"\n| real photos | {_extra_sources(args.extra_train)} |" if args.extra_train else ""
    card = f"""# {name}

Object detector for storecheck: YOLOv8n (its architecture yaml; no pretrained weights exist
offline) trained on synthetic hall scenes from `datasets/`{" and the real photographs named below" if args.extra_train else ""}. Classes: person, badge, desk_sign,
hanging_sign, led_sign, poster, mop, broom, bucket, dustpan.

| field | value |
| --- | --- |
| file | `models/{onnx.name}` ({onnx.stat().st_size / 1e6:.1f} MB) |
| sha256 | `{sha}` |
| date | {dt.date.today().isoformat()} |
| data | `datasets.generate`, train: {args.train} images, seed {args.data_seed}{mix}; val: {args.val} images, seed {args.val_seed}, every zone in turn (never trained on) |{real}
| training | ultralytics, `yolov8n.yaml`, {start}, {f'at most {args.epochs} epochs, stopped by the {args.hours} h time budget (see results.csv for the count)' if args.hours else f'{args.epochs} epochs'}, imgsz {args.imgsz}, batch {args.batch}, CPU (2 threads), mosaic 1.0 {_mosaic_end(args)}, scale 0.3, class loss gain {0.5 if args.cls is None else args.cls:g}, learning-rate warm-up {3 if args.warmup is None else args.warmup:g} epochs, {_optimiser(args)}, no per-epoch validation (the last weights ship) |
| labels | an object is labelled when its short side is at least 1/80 of the frame's long side (16 px at 1280 wide, one 8 px cell once letterboxed to 640): smaller ones are drawn but not asked for |
| training time | {f'{train_seconds / 60:.0f} min' if train_seconds else 'see log'} on 2 CPU cores shared with other work |
| export | ONNX opset 18, dynamic input up to 1x3x{args.export_imgsz[0]}x{args.export_imgsz[1]} (each frame letterboxed with minimal padding: 16:9 frames fill it, a 3:4 portrait gets {args.export_imgsz[0]}x{_portrait_width(args.export_imgsz[0])}), no NMS inside (storecheck applies it) |
| licence | AGPL-3.0 (trained with ultralytics) |

## Command

```
{command}
```

## Metrics on the val split (seed {args.val_seed}, imgsz {args.imgsz})

{_table(table)}

As shipped: the same val split letterboxed to {max(args.export_imgsz)} px wide with minimal padding
(what the engine feeds the ONNX model: at most {args.export_imgsz[0]}x{args.export_imgsz[1]}, all of it on 16:9 frames):

{_table(shipped)}
{_evidence_sections(args, photos, other, people)}
## Known limits (what will fail on real photographs, and why)

- **People.** {_people_seen(args)} Real staff in textured uniforms, seated, half-hidden by
  monitors, or in crowds will be missed more often; a missed staff member is simply not judged
  (no false violation), so the cost is lost recall, not wrong accusations.
- **Badges.** Synthetic badges are clean cards with a coloured header. Real badges are smaller
  (about 5% of body height), reflective, on lanyards that twist, and often partly covered by
  hair or a scarf. Below ~80 px the engine does not read them and `badge.fields` is
  `indeterminate`. The badge figures above count badges from 16 px (on 1280-wide frames) only:
  smaller ones (ceiling cameras) are not labelled, the full-frame detector mostly misses them,
  and the engine calls a staff member under 300 px tall with no badge found `indeterminate`.
- **Signs and posters.** Fonts come from three Debian families; real signs use brand fonts,
  acrylic glare and LED scan lines the camera aliases. Posters on real glass mix with what is
  behind it; when the detector finds none but OCR sees many text blocks the rule goes to review.
- **Cleaning tools.** Drawn as flat shapes of their common kinds (string, flat and spin mops;
  plastic, straw and push brooms; upright and hand dustpans; buckets with or without a wringer),
  alone or stood together in a corner, with no wear or wet strands. Tools in a cupboard, a cart
  or a heap, wet-floor signs and unusual kinds are out of distribution. A mop or broom is a thin
  handle whose box is mostly background: leaning at an angle it is the weakest class to localise.
- **Frame size.** Trained on 1280x720 frames only (shrunk 2x to the input). The same scenes
  rendered at 1920x1080 (`datasets.generate --width 1920 --height 1080`, scored with
  `models.train eval`) score a little lower, tools and badges most: thin strokes and noise do not
  scale with the frame. Larger frames must be shrunk averaging every pixel (storecheck's
  letterbox uses INTER_AREA): bilinear sampling at 3x drops thin mop handles, and with it the
  stage-4 model found the tools in 176 of 278 generated 1080p hall scenes instead of 262
  (`python -m bench.tool_review`). Real cameras vary.
- **Scale of the evidence.** The metrics above are on the generator's own val split (a different
  seed, same distribution): they measure learning, not field accuracy. Use the review queue's
  YOLO export (`GET /api/v1/export/yolo`) to add confirmed real photos and retrain.
"""
    path = out_dir / f"{name}.md"
    path.write_text(card, encoding="utf-8")
    metrics = {"train_imgsz": table, "shipped": shipped, "real_photos": photos, "other_data": other, "real_people": people}
    (out_dir / f"{name}.metrics.json").write_text(json.dumps({k: v for k, v in metrics.items() if v}, indent=2) + "\n")
    return path


def _people_seen(args: argparse.Namespace) -> str:
    if args.extra_train:
        return ("Besides procedural figures it has seen only the few hundred real photographs named in the data\n"
                "  rows (a café from a high camera, everyday COCO scenes), for a few epochs on CPU.")
    return ("Every person it has seen is a procedural figure (fills with drawn folds and grain,\n"
            "  simple limbs, frontal, side or back views).")


def _portrait_width(height: int, stride: int = 32) -> int:
    """The canvas width the engine gives a 3:4 portrait frame fitted to ``height``: its scaled
    width padded up to the stride (``OnnxDetector.canvas_size``)."""
    return math.ceil(round(height * 3 / 4) / stride) * stride


def _optimiser(args: argparse.Namespace) -> str:
    return "ultralytics' automatic optimiser and rate" if args.lr0 is None else f"AdamW at a peak rate of {args.lr0:g}"


def _mosaic_end(args: argparse.Namespace) -> str:
    last = _close_mosaic(args.epochs, args.close_mosaic)
    return "to the last epoch" if last == 0 else f"but the last {last} epochs"


def _trained_seconds(weights: Path) -> float | None:
    """Training wall time from the run's results.csv (its last row's cumulative ``time``)."""
    results = weights.parent.parent / "results.csv"
    if not results.exists():
        return None
    import csv

    with open(results, newline="") as f:
        rows = [{k.strip(): v for k, v in row.items()} for row in csv.DictReader(f)]
    return float(rows[-1]["time"]) if rows and "time" in rows[-1] else None


def _extra_sources(folders: list[Path]) -> str:
    """The card's words for the real photographs trained on: per folder its image count and, where
    the folder holds a ``source.json`` ({repo, commit, licence, ...}), where they came from."""
    parts = []
    for folder in dict.fromkeys(folders):
        times = folders.count(folder)
        images = sum(1 for f in (folder / "images").glob("*") if f.suffix.lower() in {".jpg", ".jpeg", ".png"})
        boxes = sum(len(f.read_text().splitlines()) for f in (folder / "labels").glob("*.txt"))
        source = folder / "source.json"
        info = json.loads(source.read_text()) if source.exists() else {}
        origin = f"`{info['repo']}` at {str(info.get('commit', '?'))[:7]}, {info.get('licence', 'licence unknown')}" if info else "source not recorded"
        parts.append(f"`{folder}` ({origin}): {images} images, {boxes} boxes" + (f", listed {times} times" if times > 1 else ""))
    return "; ".join(parts)


def _zones(text: str) -> tuple[str, ...]:
    from datasets.generate import parse_zones

    try:
        return parse_zones(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from e


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("stage", choices=["data", "fit", "export", "all", "eval", "blend"])
    p.add_argument("--name", default="storecheck-det")
    p.add_argument("--train", type=int, default=1000)
    p.add_argument("--val", type=int, default=250)
    p.add_argument("--data-seed", type=int, default=1)
    p.add_argument("--zones", type=_zones, default=None,
                   help="the training set's zone cycle, e.g. counter,star_desk,hall,hall,window,hall (default: each zone in turn)")
    p.add_argument("--val-seed", type=int, default=2)
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--hours", type=float, default=None, help="ultralytics time budget (overrides epochs)")
    p.add_argument("--imgsz", type=int, default=416)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--export-imgsz", type=int, nargs=2, default=(384, 640))
    p.add_argument("--weights", type=Path, default=None, help="export/evaluate these instead of the run's best.pt")
    p.add_argument("--init", type=Path, default=None, help="fine-tune from these weights (an earlier run) instead of from scratch")
    p.add_argument("--init-recipe", default=None, help="for the card: the command that made the --init weights")
    p.add_argument("--blend", type=float, default=None, metavar="ALPHA",
                   help="with --init: ship (1-ALPHA)*init + ALPHA*tuned weights (WiSE-FT), keeping what --init knew")
    p.add_argument("--freeze", type=int, default=0, metavar="N", help="with --init: keep its first N layers as they are (10 = the backbone)")
    p.add_argument("--close-mosaic", type=int, default=None, metavar="N",
                   help="train the last N epochs without mosaic (default a fifth of --epochs; 0 keeps mosaic to the end)")
    p.add_argument("--cls", type=float, default=None, metavar="GAIN",
                   help="classification loss gain (ultralytics' default 0.5): higher weighs naming a box right against placing it")
    p.add_argument("--warmup", type=float, default=None, metavar="EPOCHS",
                   help="learning-rate warm-up epochs (ultralytics' default 3): a short fine-tune needs fewer")
    p.add_argument("--lr0", type=float, default=None, metavar="LR",
                   help="peak learning rate, with AdamW (default: ultralytics' automatic choice, 0.000714 for 10 classes)")
    p.add_argument("--extra-train", type=Path, action="append", default=[], metavar="DIR",
                   help="also train on this YOLO folder (images/ and labels/, our class indices; repeatable, "
                        "a folder named twice is seen twice an epoch); a source.json in it is quoted on the card")
    p.add_argument("--data-dir", type=Path, default=ROOT / "data")
    p.add_argument("--runs", type=Path, default=ROOT / "runs")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--data", type=Path, default=None,
                   help="eval: a YOLO data.yaml to score --weights on (your own labelled photos, another generator's scenes)")
    p.add_argument("--other-data", type=Path, default=None,
                   help="export: also score the shipped and starting weights on this YOLO data.yaml (scenes drawn by other hands)")
    p.add_argument("--other-recipe", default=None, help="for the card: the commands that made --other-data")
    p.add_argument("--rect", action="store_true", help="eval: letterbox each image with minimal padding, as the shipped input does")
    return p


def main(argv: list[str] | None = None) -> None:
    p = parser()
    args = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))

    if args.stage == "blend":  # a candidate to measure before choosing what to export
        if args.weights is None or args.init is None or args.blend is None:
            p.error("blend needs --weights (the fine-tuned), --init (the start) and --blend ALPHA")
        print(blend(args.init, args.weights, args.blend, args.runs / args.name / f"blend-{args.blend:g}.pt"))
        return
    if args.stage == "eval":
        if args.weights is None or args.data is None:
            p.error("eval needs --weights and --data")
        print(_table(evaluate(args.weights, _val_only(args.data, args.runs), args.imgsz, args.runs, rect=args.rect)))
        return

    data_yaml = make_data(args.data_dir, args.train, args.val, args.data_seed, args.val_seed, args.workers, args.zones,
                          tuple(args.extra_train))
    if args.stage == "data":
        print(data_yaml)
        return
    weights = args.weights or args.runs / args.name / "weights" / "best.pt"
    seconds = None
    if args.stage in ("fit", "all"):
        start = time.time()
        weights = fit(data_yaml, args.runs, args.name, args.epochs, args.imgsz, args.batch, args.hours, args.data_seed, args.init,
                      args.freeze, args.close_mosaic, args.cls, args.warmup, args.lr0)
        seconds = time.time() - start
    if args.stage in ("export", "all"):
        if seconds is None:
            seconds = _trained_seconds(weights)
        tuned = weights
        if args.blend is not None:
            if args.init is None:
                p.error("--blend needs --init: the weights to blend with")
            weights = blend(args.init, weights, args.blend, args.runs / args.name / f"blend-{args.blend:g}.pt")
        table = evaluate(weights, data_yaml, args.imgsz, args.runs)
        shipped = evaluate(weights, data_yaml, max(args.export_imgsz), args.runs, rect=True)
        onnx = export(weights, MODELS / f"{args.name}.onnx", tuple(args.export_imgsz), args.runs)
        # The same measures for what this model grew from, so the card shows what changed.
        compared = {"this model (as shipped)": onnx}
        if args.blend is not None:
            compared["the fine-tuned weights alone"] = tuned
        if args.init:
            compared[f"the start (`{args.init}`)"] = args.init
        from bench.real_photos import person_scores

        photos = {label: person_scores(path) for label, path in compared.items()}
        from bench.real_people import REAL, labelled_photos
        from bench.real_people import evaluate as people_figures

        people = ({label: people_figures(path, labelled_photos(REAL)) for label, path in compared.items()}
                  if (REAL / "labels.jsonl").is_file() else None)
        other = None
        if args.other_data:
            other_yaml = _val_only(args.other_data, args.runs)
            other = {label: evaluate(weights if path == onnx else path, other_yaml, max(args.export_imgsz), args.runs, rect=True)
                     for label, path in compared.items()}
        print(write_card(args.name, onnx, table, shipped, args, seconds, photos, other, people=people))
        print(json.dumps({"train_imgsz": table, "shipped": shipped, "real_photos": photos, "other_data": other,
                          "real_people": people}, indent=2))


if __name__ == "__main__":
    main()
