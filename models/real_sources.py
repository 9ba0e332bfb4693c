"""Real person photographs for ``models.train --extra-train``, in YOLO layout (persons only, class 0).

Reads two public repositories from bare git mirrors (fetched by hand; nothing is downloaded here
and nothing fetched is committed) and writes ``OUT/cafe-train`` and ``OUT/coco-train2017`` plus
``OUT/sources.json`` (repository, commit, licence, counts) for the model card:

* ``katiehur5/cafe-people-detection`` (CC BY 4.0), the **train** split only, one of the four
  augmented copies of each photo; its valid and test splits are our evaluation set
  (``../shared/real``) and are never read;
* ``lightly-ai/coco128_yolo`` (COCO annotations CC BY 4.0), ``images/train2017`` only; the
  val2017 images are our evaluation set. Its images are under their Flickr licences, not all
  open to commercial use: the detectors since issue 21 do not train on it;
* ``adiandrianto/YOLOv8-clinical-trial-subject-counter`` (Roboflow's "cctv" dataset of
  ai-indonesia, CC BY 4.0), from the commit that still holds ``dataset/`` (54da3b8): indoor
  ceiling-camera frames at 1920x1080, people labelled in two classes (both made class 0), one
  augmented copy per frame; ``OUT/cctv-train`` from its train split, ``OUT/cctv-valid`` from its
  valid split (a development check, never trained on).

    python -m models.real_sources --cafe MIRROR.git --coco MIRROR.git [--cctv MIRROR.git] --out /tmp/real18
"""
import argparse
import collections
import io
import json
import subprocess
from pathlib import Path

from PIL import Image

_args = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
_args.add_argument("--cafe", help="bare git dir of katiehur5/cafe-people-detection")
_args.add_argument("--coco", help="bare git dir of lightly-ai/coco128_yolo")
_args.add_argument("--cctv", help="bare git dir of adiandrianto/YOLOv8-clinical-trial-subject-counter")
_args.add_argument("--out", type=Path, required=True)

def git(gd, *a):
    return subprocess.run(["git", "--git-dir", gd, *a], check=True, capture_output=True).stdout

def check(data):
    image = Image.open(io.BytesIO(data))
    image.load()  # a truncated file fails here, not in training
    return image.size

def cafe():
    commit = git(CAFE, "rev-parse", "HEAD").decode().strip()
    d = json.loads(git(CAFE, "show", f"{commit}:data/annotations/train.json"))
    print("cafe categories", d["categories"], collections.Counter(a["category_id"] for a in d["annotations"]))
    by_img = collections.defaultdict(list)
    for a in d["annotations"]:
        by_img[a["image_id"]].append(a)
    chosen = {}
    for im in sorted(d["images"], key=lambda i: i["file_name"]):
        photo = im["file_name"].split("_jpeg.rf.")[0]
        chosen.setdefault(photo, im)  # first copy (by file name) of each photo
    img_dir, lab_dir = OUT / "cafe-train/images", OUT / "cafe-train/labels"
    img_dir.mkdir(parents=True, exist_ok=True)
    lab_dir.mkdir(parents=True, exist_ok=True)
    boxes = 0
    for photo, im in sorted(chosen.items()):
        data = git(CAFE, "show", f"{commit}:data/images/train/{im['file_name']}")
        w, h = check(data)
        assert (w, h) == (im["width"], im["height"]), im
        (img_dir / f"{photo}.jpg").write_bytes(data)
        lines = []
        for a in by_img[im["id"]]:
            x, y, bw, bh = a["bbox"]
            if bw < 1 or bh < 1:
                continue
            lines.append(f"0 {(x + bw / 2) / w:.6f} {(y + bh / 2) / h:.6f} {bw / w:.6f} {bh / h:.6f}")
        (lab_dir / f"{photo}.txt").write_text("\n".join(lines) + ("\n" if lines else ""))
        boxes += len(lines)
    return dict(repo="katiehur5/cafe-people-detection", commit=commit, licence="CC BY 4.0", split="train (one augmented copy per photo)", images=len(chosen), person_boxes=boxes)

def coco():
    commit = git(COCO, "rev-parse", "HEAD").decode().strip()
    names = git(COCO, "ls-tree", "--name-only", f"{commit}:images/train2017").decode().split()
    img_dir, lab_dir = OUT / "coco-train2017/images", OUT / "coco-train2017/labels"
    img_dir.mkdir(parents=True, exist_ok=True)
    lab_dir.mkdir(parents=True, exist_ok=True)
    n = boxes = with_person = 0
    for name in names:
        assert name.endswith(".jpg")
        data = git(COCO, "show", f"{commit}:images/train2017/{name}")
        check(data)
        try:
            label = git(COCO, "show", f"{commit}:object_detection/labels/train2017/{name[:-4]}.txt").decode()
        except subprocess.CalledProcessError:
            label = ""
        rows = [row.split() for row in label.splitlines()]
        lines = [" ".join(["0", *row[1:5]]) for row in rows if row and row[0] == "0"]  # COCO's person is 0
        (img_dir / name).write_bytes(data)
        (lab_dir / f"{name[:-4]}.txt").write_text("\n".join(lines) + ("\n" if lines else ""))
        n += 1
        boxes += len(lines)
        with_person += bool(lines)
    return dict(repo="lightly-ai/coco128_yolo", commit=commit, licence="COCO annotations CC BY 4.0; images under their Flickr licences", split="images/train2017 (first 128 of COCO train2017)", images=n, images_with_person=with_person, person_boxes=boxes)

#: The commit of the cctv repository that still holds its dataset (a later one deleted it).
CCTV_COMMIT = "54da3b8280865c4fcaeddb661426a08db2bc4e53"


def cctv(split, folder):
    names = git(CCTV, "ls-tree", "--name-only", f"{CCTV_COMMIT}:dataset/{split}/images").decode().split()
    chosen = {}
    for name in sorted(names):
        chosen.setdefault(name.split("_jpg.rf.")[0], name)  # first copy (by file name) of each frame
    img_dir, lab_dir = OUT / folder / "images", OUT / folder / "labels"
    img_dir.mkdir(parents=True, exist_ok=True)
    lab_dir.mkdir(parents=True, exist_ok=True)
    boxes = 0
    for frame, name in sorted(chosen.items()):
        data = git(CCTV, "show", f"{CCTV_COMMIT}:dataset/{split}/images/{name}")
        check(data)
        label = git(CCTV, "show", f"{CCTV_COMMIT}:dataset/{split}/labels/{name[:-4]}.txt").decode()
        # Both of its classes are people (its two kinds of visitor): our class 0.
        lines = [" ".join(["0", *row[1:5]]) for row in (r.split() for r in label.splitlines()) if len(row) == 5]
        (img_dir / f"{frame}.jpg").write_bytes(data)
        (lab_dir / f"{frame}.txt").write_text("\n".join(lines) + ("\n" if lines else ""))
        boxes += len(lines)
    return dict(repo="adiandrianto/YOLOv8-clinical-trial-subject-counter", commit=CCTV_COMMIT,
                licence="CC BY 4.0 (Roboflow universe ai-indonesia/cctv-vh5b6, version 2)",
                split=f"dataset/{split} (one augmented copy per frame)", images=len(chosen), person_boxes=boxes)


if __name__ == "__main__":
    _parsed = _args.parse_args()
    OUT, CAFE, COCO, CCTV = _parsed.out, _parsed.cafe, _parsed.coco, _parsed.cctv
    made = {}
    if CAFE:
        made["cafe-train"] = cafe()
    if COCO:
        made["coco-train2017"] = coco()
    if CCTV:
        made["cctv-train"] = cctv("train", "cctv-train")
        made["cctv-valid"] = cctv("valid", "cctv-valid")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "sources.json").write_text(json.dumps(list(made.values()), indent=2))
    # Each folder says where it came from too: the model cards quote it (models.train --extra-train,
    # models.train_devices --negatives).
    for folder, info in made.items():
        (OUT / folder / "source.json").write_text(json.dumps(info, indent=2))
    print(json.dumps(made, indent=2))
