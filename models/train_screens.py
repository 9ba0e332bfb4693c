"""Train the screen scorer (``storecheck.vision.screen_scorer``): one small network per kind
(phone, tv, terminal) that says whether a candidate rectangle of the screen finder is that device.

    python -m models.train_screens --seeds 1-8 \\
        --coco /work/.mirror/lightly-ai+coco128_yolo/repo --cafe /work/.mirror/katiehur5+cafe-people-detection/repo

Positives and negatives come from generated scenes (``bench.device_rules.scene``: device tables
with the ITV set, self-service zones, at three camera scales; never seed 93, which the bench
reports on) and from ``datasets.device_zones`` composed tables and terminal rows: a candidate
is that device when its box overlaps the truth's (IoU >= ``POSITIVE_IOU``), not when under
``NEGATIVE_IOU``; in between it is left out (a half-found screen is neither). More negatives
come from real photographs with no screen in them, read from bare git mirrors of two public
repositories (nothing is downloaded here, nothing fetched is committed), the same sources and
splits as ``models/real_sources.py``, never the evaluation photographs of ``../shared/real``:

* ``lightly-ai/coco128_yolo`` ``images/train2017``, images with no tv, laptop, keyboard or cell
  phone labelled (COCO annotations CC BY 4.0);
* ``katiehur5/cafe-people-detection`` train split, one of the augmented copies of each photo
  (CC BY 4.0).

Training runs torch (a dependency of ``models/train.py`` already); the weights go to JSON and the
finder runs them on numpy alone. Writes ``--out`` (default ``models/storecheck-screens.json``)
and prints the counts for the model card.
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import cv2
import numpy as np

from bench.device_rules import scene
from datasets.device_zones import demo_table, terminal_row
from datasets.render.screens import TERMINAL_STATES, TV_STATES
from storecheck.vision.screen_features import FEATURES
from storecheck.vision.screens import candidates

KINDS = ("phone", "tv", "terminal")
POSITIVE_IOU, NEGATIVE_IOU = 0.5, 0.3
#: COCO classes that are screens (YOLO ids): tv, laptop, keyboard, cell phone.
COCO_SCREENS = {62, 63, 66, 67}
#: A real photograph's candidates weigh this much more than a generated one's in the loss: a
#: few hundred photographs stand for every hall, street and room the finder will see.
REAL_WEIGHT = 3.0
#: The finder may invent a device on at most this share of photographs with none (the issue asks
#: for 5%; the threshold is set on the training photographs, scored out of fold, with room to spare).
MAX_INVENTED = 0.03
HELD_OUT_SEED = 93  # the bench's seed: never trained on


def _iou(a: tuple[float, ...], b: tuple[float, ...] | list[float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def truth_boxes(zone: str, truth: dict) -> dict[str, list[list[float]]]:
    """The boxes a candidate of each kind may match: a phone's body, the TV's body or screen, a
    terminal's screen or body."""
    if zone == "device_display":
        tv = truth.get("tv") or {}
        return {"phone": [p["box"] for p in truth["phones"]],
                "tv": [b for b in (tv.get("box"), tv.get("screen")) if b]}
    return {"terminal": [b for t in truth["terminals"] for b in (t["screen"], t["box"]) if b]}


def labelled(image: np.ndarray, zone: str, boxes: dict[str, list[list[float]]] | None) -> list[tuple[str, np.ndarray, int]]:
    """(kind, features, 0/1) of every candidate; ``boxes`` None: a photograph with no screen."""
    out = []
    for c in candidates(image, zone):
        best = max((_iou(c.box, b) for b in (boxes or {}).get(c.kind, [])), default=0.0)
        if best >= POSITIVE_IOU:
            out.append((c.kind, c.features, 1))
        elif best < NEGATIVE_IOU:
            out.append((c.kind, c.features, 0))
    return out


def generated(seeds: list[int], n: int) -> list[tuple[str, np.ndarray, int]]:
    rows = []
    for seed in seeds:
        assert seed != HELD_OUT_SEED, "seed 93 is the bench's"
        for i in range(n):
            if i % 3 == 2:  # staff rows: no screens
                continue
            _kind, zone, image, truth, _ = scene(i, seed)
            rows += labelled(image, zone, truth_boxes(zone, truth))
        rng = np.random.default_rng([seed, 7])
        for _ in range(3):  # composed scenes, as the tests draw them
            phones = [bool(rng.random() < 0.7) for _ in range(int(rng.integers(3, 7)))]
            image, truth = demo_table(rng, phones, tv=str(rng.choice(TV_STATES)))
            rows += labelled(image, "device_display", truth_boxes("device_display", truth))
            row = [(str(rng.choice(TERMINAL_STATES)), bool(rng.random() < 0.5)) for _ in range(int(rng.integers(1, 5)))]
            image, truth = terminal_row(rng, row)
            rows += labelled(image, "self_service", truth_boxes("self_service", truth))
    return rows


def _git(gd: str, *a: str) -> bytes:
    return subprocess.run(["git", "--git-dir", gd, *a], check=True, capture_output=True).stdout


def _decode(data: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


def real_photos(coco: str, cafe: str) -> tuple[list[np.ndarray], list[dict[str, object]]]:
    """Photographs with no screen in them, and where they came from (for the model card)."""
    images, sources = [], []
    commit = _git(coco, "rev-parse", "HEAD").decode().strip()
    names = _git(coco, "ls-tree", "--name-only", f"{commit}:images/train2017").decode().split()
    used = 0
    for name in names:
        try:
            label = _git(coco, "show", f"{commit}:object_detection/labels/train2017/{name[:-4]}.txt").decode()
        except subprocess.CalledProcessError:
            label = ""
        if any(int(row.split()[0]) in COCO_SCREENS for row in label.splitlines() if row.strip()):
            continue
        images.append(_decode(_git(coco, "show", f"{commit}:images/train2017/{name}")))
        used += 1
    sources.append({"repo": "lightly-ai/coco128_yolo", "commit": commit, "licence": "COCO annotations CC BY 4.0; "
                    "images under their Flickr licences", "split": "images/train2017, no tv/laptop/keyboard/cell phone "
                    "labelled", "images": used})
    commit = _git(cafe, "rev-parse", "HEAD").decode().strip()
    names = sorted(_git(cafe, "ls-tree", "--name-only", f"{commit}:data/images/train").decode().split())
    first: dict[str, str] = {}
    for name in names:
        first.setdefault(name.split("_jpeg.rf.")[0], name)  # one augmented copy of each photo
    for name in first.values():
        images.append(_decode(_git(cafe, "show", f"{commit}:data/images/train/{name}")))
    sources.append({"repo": "katiehur5/cafe-people-detection", "commit": commit, "licence": "CC BY 4.0",
                    "split": "data/images/train, one augmented copy per photo", "images": len(first)})
    return images, sources


class Row(NamedTuple):
    kind: str
    features: np.ndarray
    y: int
    photo: int  # which real photograph it was measured on; -1: a generated scene


def measure(seeds: list[int], n: int, coco: str, cafe: str) -> tuple[list[Row], list[dict[str, object]]]:
    rows = [Row(kind, f, y, -1) for kind, f, y in generated(seeds, n)]
    photos, sources = real_photos(coco, cafe)
    for index, image in enumerate(photos):
        for zone in ("device_display", "self_service"):
            rows += [Row(kind, f, y, index) for kind, f, y in labelled(image, zone, None)]
    return rows, sources


def arrays(rows: list[Row], kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mine = [r for r in rows if r.kind == kind]
    return (np.stack([r.features for r in mine]), np.array([r.y for r in mine], np.float32),
            np.array([REAL_WEIGHT if r.photo >= 0 else 1.0 for r in mine], np.float32))


def choose_threshold(rows: list[Row], hidden: int, folds: int = 4) -> tuple[float, dict[str, object]]:
    """The lowest score threshold at which, scored by networks that never saw them (``folds``
    folds split by photograph and by generated candidate), no device is invented on
    ``1 - MAX_INVENTED`` of the training photographs; and the share of generated screens kept."""
    from storecheck.vision.screen_scorer import _Net

    rng = np.random.default_rng(0)
    fold = np.array([r.photo % folds if r.photo >= 0 else int(rng.integers(folds)) for r in rows])
    scores = np.zeros(len(rows), np.float32)
    for f in range(folds):
        train = [r for r, g in zip(rows, fold, strict=True) if g != f]
        for k, kind in enumerate(KINDS):
            index = [i for i, r in enumerate(rows) if fold[i] == f and r.kind == kind]
            if not index:
                continue
            n = fit(*arrays(train, kind), hidden, k)
            net = _Net(*(np.asarray(n[key], np.float32) for key in ("mean", "scale", "w1", "b1", "w2")), float(n["b2"]))  # type: ignore[arg-type]
            scores[index] = net(np.stack([rows[i].features for i in index]))
    photos = sorted({r.photo for r in rows if r.photo >= 0})
    best_per_photo = {p: 0.0 for p in photos}
    for r, s in zip(rows, scores, strict=True):
        if r.photo >= 0:
            best_per_photo[r.photo] = max(best_per_photo[r.photo], float(s))
    worst = np.array(sorted(best_per_photo.values()))
    threshold = max(0.5, float(np.quantile(worst, 1 - MAX_INVENTED)) + 1e-3) if len(worst) else 0.5
    positives = np.array([r.y == 1 and r.photo < 0 for r in rows])
    kinds = np.array([r.kind for r in rows])
    report = {"threshold": round(threshold, 3),
              "photos_with_invention_at_0.5": round(float((worst >= 0.5).mean()), 3),
              "photos_with_invention": round(float((worst >= threshold).mean()), 3),
              "generated_positives_kept": {kind: round(float((scores[positives & (kinds == kind)] >= threshold).mean()), 3)
                                           for kind in KINDS}}
    return round(threshold, 3), report


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, hidden: int, seed: int) -> dict[str, object]:
    """One hidden layer, weighted cross-entropy, positives and negatives weighed equally overall."""
    import torch

    torch.manual_seed(seed)
    mean, scale = x.mean(0), x.std(0) + 1e-6
    xt = torch.tensor((x - mean) / scale, dtype=torch.float32)
    yt = torch.tensor(y, dtype=torch.float32)
    pos = w[y == 1].sum()
    wt = torch.tensor(np.where(y == 1, w * w[y == 0].sum() / max(pos, 1e-6), w), dtype=torch.float32)
    net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 1))
    opt = torch.optim.Adam(net.parameters(), lr=0.01, weight_decay=1e-3)
    for _ in range(600):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(xt).squeeze(1), yt, weight=wt / wt.mean())
        loss.backward()
        opt.step()
    first, second = net[0], net[2]
    return {"mean": mean.tolist(), "scale": scale.tolist(),
            "w1": first.weight.detach().numpy().T.tolist(), "b1": first.bias.detach().numpy().tolist(),
            "w2": second.weight.detach().numpy()[0].tolist(), "b2": float(second.bias.detach().numpy()[0])}


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", default="1-8", help="generator seeds, e.g. 1-8 (never 93)")
    p.add_argument("--n", type=int, default=60, help="scenes per seed, as bench.device_rules draws them")
    p.add_argument("--coco", required=True, help="bare git dir of lightly-ai/coco128_yolo")
    p.add_argument("--cafe", required=True, help="bare git dir of katiehur5/cafe-people-detection")
    p.add_argument("--hidden", type=int, default=16)
    p.add_argument("--out", type=Path, default=Path("models/storecheck-screens.json"))
    p.add_argument("--cache", type=Path, default=None, help="keep the measured candidates here (.pkl) and reuse them")
    args = p.parse_args(argv)
    lo, _, hi = args.seeds.partition("-")
    seeds = list(range(int(lo), int(hi or lo) + 1))
    if args.cache is not None and args.cache.exists():
        rows, sources = pickle.loads(args.cache.read_bytes())
    else:
        rows, sources = measure(seeds, args.n, args.coco, args.cafe)
        if args.cache is not None:
            args.cache.write_bytes(pickle.dumps((rows, sources)))
    counts = Counter((r.kind, "real" if r.photo >= 0 else "generated", r.y) for r in rows)
    threshold, folds = choose_threshold(rows, args.hidden)
    nets = {kind: fit(*arrays(rows, kind), args.hidden, k) for k, kind in enumerate(KINDS)}
    spec = {"features": list(FEATURES), "threshold": threshold, "kinds": nets, "cross_validated": folds,
            "trained_on": {"generated_seeds": seeds, "scenes_per_seed": args.n, "real": sources,
                           "candidates": {f"{kind}/{where}/{'positive' if y else 'negative'}": c
                                          for (kind, where, y), c in sorted(counts.items())}}}
    args.out.write_text(json.dumps(spec) + "\n", encoding="utf-8")
    print(json.dumps({**spec["trained_on"], "threshold": threshold, "cross_validated": folds}, indent=1))
    return spec


if __name__ == "__main__":
    main()
