"""Can the shipped detector's own features tell a mop from a broom better than its head does?

    python -m bench.class_row_probe --train 1500 --epochs 1 --out bench/results/class_row_probe.json

Trains only the mop and broom rows of the class layer (the last 1x1 convolution of each of the
three class branches) on new scenes, every other weight and every BatchNorm statistic frozen,
then writes those two rows into the shipped weights and scores both on the card's val split
(seed 2). Every other class, real people included, keeps exactly its shipped outputs, so a
gain here would be free; none means the features themselves do not separate the two and only
deeper training can. Needs the ``train`` extra; about 10 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bench.zone_scenes import write_report
from models.train import MODELS, ROOT, _offline_ultralytics, evaluate, make_data

#: The zone cycle of the shipped model's last round: hall floors, where tools stand, five in eight.
ZONES = ("hall", "counter", "hall", "star_desk", "hall", "window", "hall", "hall")
#: The last layer of each class branch of YOLOv8's Detect head (model.22).
CLASS_LAYER = re.compile(r"model\.22\.cv3\.\d\.2\.")
ROWS = {"mop": 6, "broom": 7}


def freeze_all_but_the_class_layer(trainer) -> None:  # type: ignore[no-untyped-def]
    for name, weight in trainer.model.named_parameters():
        weight.requires_grad = bool(CLASS_LAYER.search(name))
    trainer.freeze_layer_names = ["model."]  # ultralytics keeps every BatchNorm in eval mode


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--weights", type=Path, default=MODELS / "storecheck-det.pt")
    p.add_argument("--train", type=int, default=1500)
    p.add_argument("--data-seed", type=int, default=8, help="never used by the shipped rounds (1-6)")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--lr0", type=float, default=0.001)
    p.add_argument("--runs", type=Path, default=Path("runs/class-row-probe"))
    p.add_argument("--out", type=Path, default=Path("bench/results/class_row_probe.json"))
    args = p.parse_args(argv)
    YOLO = _offline_ultralytics(args.runs)
    import torch

    data = make_data(args.runs / "data", args.train, 300, args.data_seed, 2, workers=2, zones=ZONES)
    model = YOLO(str(args.weights))
    model.add_callback("on_train_start", freeze_all_but_the_class_layer)
    model.train(data=str(data), epochs=args.epochs, imgsz=640, batch=16, workers=0, device="cpu",
                project=str(args.runs.resolve()), name="fit", exist_ok=True, plots=False, val=False,
                scale=0.3, mosaic=1.0, close_mosaic=0, amp=False, optimizer="AdamW", lr0=args.lr0,
                warmup_epochs=0, freeze=22, patience=0)
    shipped, trained = YOLO(str(args.weights)), YOLO(str(args.runs / "fit" / "weights" / "last.pt"))
    rows = list(ROWS.values())
    with torch.no_grad():
        for branch in range(3):
            into, source = shipped.model.model[22].cv3[branch][2], trained.model.model[22].cv3[branch][2]
            into.weight[rows] = source.weight[rows].to(into.weight.dtype)
            into.bias[rows] = source.bias[rows].to(into.bias.dtype)
    probed = args.runs / "probed.pt"
    shipped.save(str(probed))
    before = evaluate(args.weights, data, 640, args.runs)
    after = evaluate(probed, data, 640, args.runs)
    weights = args.weights.resolve()
    report = {"weights": str(weights.relative_to(ROOT) if weights.is_relative_to(ROOT) else weights), "train": args.train, "data_seed": args.data_seed, "epochs": args.epochs,
              "lr0": args.lr0, "val_seed": 2,
              "mAP50": {label: {"shipped": before[label]["mAP50"], "probed": after[label]["mAP50"]} for label in ROWS}}
    write_report(report, args.out)
    for label, scores in report["mAP50"].items():
        print(f"{label}: shipped {scores['shipped']:.3f}, rows re-fitted {scores['probed']:.3f}")
    return report


if __name__ == "__main__":
    main()
