"""``/export/yolo``: reviewed snapshots as a YOLO dataset for retraining (admin).

Labels are the detector's own objects, corrected by the reviewers: an object a dismissed
violation rested on is left out of the labels (a hard negative: the image says "nothing there"),
objects under confirmed violations and the rest stay. Only snapshots with at least one verdict
are exported: unreviewed ones would just teach the model its own mistakes.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy import select

from storecheck.api.deps import AdminKey, ServiceDep, SessionDep
from storecheck.store.models import Review, Snapshot, Violation
from storecheck.vision.types import LABELS

router = APIRouter(prefix="/export", tags=["export"])
MATCH_IOU = 0.5
MIN_SCORE = 0.25


def _iou(a: list[float], b: list[float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def yolo_labels(snapshot: Snapshot) -> tuple[list[str], int]:
    """YOLO label lines for one reviewed snapshot and how many objects were dropped as negatives."""
    result = snapshot.result or {}
    width, height = result.get("width", 1), result.get("height", 1)
    dismissed = [box for v in snapshot.violations if v.status == "dismissed" for box in v.evidence]
    lines, negatives = [], 0
    for obj in result.get("objects", []):
        if obj["label"] not in LABELS or obj["score"] < MIN_SCORE:
            continue
        if any(_iou(obj["box"], box) >= MATCH_IOU for box in dismissed):
            negatives += 1
            continue
        x1, y1, x2, y2 = obj["box"]
        lines.append(f"{LABELS.index(obj['label'])} {(x1 + x2) / 2 / width:.6f} {(y1 + y2) / 2 / height:.6f} "
                     f"{(x2 - x1) / width:.6f} {(y2 - y1) / height:.6f}")
    return lines, negatives


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
    buffer = io.BytesIO()
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["snapshot", "store", "camera", "rule", "kind", "verdict", "reason"])
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("data.yaml", "path: .\ntrain: images\nval: images\nnames:\n"
                         + "".join(f"  {i}: {name}\n" for i, name in enumerate(LABELS)))
        for snapshot in session.scalars(query.order_by(Snapshot.captured_at).limit(limit)):
            try:
                data = service.images.get(snapshot.sha256)
            except FileNotFoundError:
                continue
            suffix = {"image/png": "png", "image/webp": "webp", "image/bmp": "bmp"}.get(snapshot.content_type, "jpg")
            archive.writestr(f"images/{snapshot.id}.{suffix}", data)
            lines, _negatives = yolo_labels(snapshot)
            archive.writestr(f"labels/{snapshot.id}.txt", "\n".join(lines) + ("\n" if lines else ""))
            for v in snapshot.violations:
                if v.reviews:
                    last = v.reviews[-1]
                    writer.writerow([snapshot.id, snapshot.store_id, snapshot.camera_id, v.rule, v.kind,
                                     last.verdict, last.reason])
        archive.writestr("reviews.csv", manifest.getvalue())
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="storecheck-yolo.zip"'})
