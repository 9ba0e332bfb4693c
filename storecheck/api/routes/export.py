"""``/export/yolo``: reviewed snapshots as a YOLO dataset for retraining (admin).

Labels are every object the engine saw, as it named them, unless a reviewer corrected the name:
a review's ``relabel`` gives the evidence boxes of its violation another class, or
``background`` (nothing of ours there: the box is left out, a hard negative). A dismissed
finding changes the finding, not the objects: a person dismissed from badge.worn as "顾客，不是员工"
is still a person. Only snapshots with at least one verdict are exported (unreviewed ones would
just teach the model its own mistakes). Train and val are split by camera and local day, never by
frame: six near-identical frames of one morning on both sides would flatter the val score.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy import select

from storecheck.api.deps import AdminKey, ServiceDep, SessionDep
from storecheck.checks import geometry
from storecheck.store.models import Review, Snapshot, Violation
from storecheck.vision.types import LABELS

router = APIRouter(prefix="/export", tags=["export"])
MATCH_IOU = 0.5
MIN_SCORE = 0.25
#: About one camera-day in this many goes to val.
VAL_EVERY = 5


def corrections(snapshot: Snapshot) -> list[tuple[list[float], str]]:
    """The reviewers' latest relabel of each violation's evidence boxes."""
    found = []
    for violation in snapshot.violations:
        relabels = [review.relabel for review in violation.reviews if review.relabel]
        if relabels:
            found += [(box, relabels[-1]) for box in violation.evidence]
    return found


def yolo_labels(snapshot: Snapshot) -> tuple[list[str], int]:
    """YOLO label lines for one reviewed snapshot and how many objects reviewers said were background."""
    result = snapshot.result or {}
    width, height = result.get("width", 1), result.get("height", 1)
    relabelled = corrections(snapshot)
    lines, negatives = [], 0
    for obj in result.get("objects", []):
        if obj["label"] not in LABELS or obj["score"] < MIN_SCORE:
            continue
        label = next((new for box, new in relabelled if geometry.iou(geometry.as_box(obj["box"]), geometry.as_box(box)) >= MATCH_IOU), obj["label"])
        if label == "background":
            negatives += 1
            continue
        x1, y1, x2, y2 = obj["box"]
        lines.append(f"{LABELS.index(label)} {(x1 + x2) / 2 / width:.6f} {(y1 + y2) / 2 / height:.6f} "
                     f"{(x2 - x1) / width:.6f} {(y2 - y1) / height:.6f}")
    return lines, negatives


def split_of(snapshot: Snapshot, val_groups: set[tuple[str, date]]) -> str:
    return "val" if (snapshot.camera_id, snapshot.day) in val_groups else "train"


def choose_val(groups: list[tuple[str, date]]) -> set[tuple[str, date]]:
    """About one camera-day in :data:`VAL_EVERY` (by a stable hash, so an export made again puts
    a camera-day on the same side), and at least one when there are two or more."""
    chosen = {g for g in groups
              if int(hashlib.sha256(f"{g[0]}/{g[1]}".encode()).hexdigest(), 16) % VAL_EVERY == 0}
    if not chosen and len(groups) >= 2:
        chosen = {sorted(groups)[-1]}
    if len(chosen) == len(groups) and len(groups) >= 2:
        chosen.discard(sorted(groups)[0])
    return chosen


@router.get("/yolo", responses={200: {"content": {"application/zip": {}}}})
def export_yolo(
    _: AdminKey, session: SessionDep, service: ServiceDep, store_id: str | None = None,
    since: Annotated[date | None, Query(description="First local day")] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> Response:
    reviewed = select(Violation.snapshot_id).join(Review, Review.violation_id == Violation.id)
    # Edge snapshots are left out: their frames are black outside the evidence, and a detector
    # trained on those would learn that people and tools vanish at a box's edge.
    query = select(Snapshot).where(Snapshot.id.in_(reviewed), Snapshot.status == "done",
                                   Snapshot.image_pruned_at.is_(None), Snapshot.source == "upload")
    if store_id is not None:
        query = query.where(Snapshot.store_id == store_id)
    if since is not None:
        query = query.where(Snapshot.day >= since)
    snapshots = list(session.scalars(query.order_by(Snapshot.captured_at).limit(limit)))
    val_groups = choose_val(sorted({(s.camera_id, s.day) for s in snapshots}))
    buffer = io.BytesIO()
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["snapshot", "split", "store", "camera", "rule", "kind", "verdict", "reason", "relabel",
                     "evidence", "review_item"])
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("data.yaml", "path: .\ntrain: images/train\nval: images/val\nnames:\n"
                         + "".join(f"  {i}: {name}\n" for i, name in enumerate(LABELS)))
        for snapshot in snapshots:
            try:
                data = service.images.get(snapshot.sha256)
            except FileNotFoundError:
                continue
            split = split_of(snapshot, val_groups)
            suffix = {"image/png": "png", "image/webp": "webp", "image/bmp": "bmp"}.get(snapshot.content_type, "jpg")
            archive.writestr(f"images/{split}/{snapshot.id}.{suffix}", data)
            lines, _negatives = yolo_labels(snapshot)
            archive.writestr(f"labels/{split}/{snapshot.id}.txt", "\n".join(lines) + ("\n" if lines else ""))
            for v in snapshot.violations:
                if v.reviews:
                    last = v.reviews[-1]
                    writer.writerow([snapshot.id, split, snapshot.store_id, snapshot.camera_id, v.rule, v.kind,
                                     last.verdict, last.reason, last.relabel or "", v.evidence, v.item_id or ""])
        archive.writestr("reviews.csv", manifest.getvalue())
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="storecheck-yolo.zip"'})
