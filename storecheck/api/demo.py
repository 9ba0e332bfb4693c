"""The demo a fresh checkout shows (``storecheck serve --demo``, ``make run``): two sample stores,
a camera per zone, the sample snapshots spread over the last days, and a reviewer key.

Idempotent: rerunning adds nothing twice (snapshots are keyed by image and camera); only the
demo reviewer key is replaced, since a key can be shown just once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storecheck.api.service import Service
from storecheck.api.uploads import inspect_image
from storecheck.store.db import transaction
from storecheck.store.images import sha256_hex
from storecheck.store.keys import create_key
from storecheck.store.models import ApiKey, Camera, Store, utcnow
from storecheck.store.snapshots import add_snapshot, find_duplicate

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "datasets" / "samples"
DEMO_STORES = (
    ("demo-hall-001", "演示营业厅(城东店)", "hall_1_3"),
    ("demo-community-002", "演示社区营业厅(南苑店)", "community"),
)
ZONE_NAMES = {"hall": "营业大厅", "counter": "柜台", "star_desk": "星级专席", "window": "橱窗"}
REVIEWER_NAME = "demo-reviewer"


@dataclass
class DemoSeed:
    stores: int
    snapshots: int
    reviewer_key: str


def seed_demo(service: Service, samples: Path = SAMPLES_DIR) -> DemoSeed:
    """Create the demo stores, cameras and snapshots (queued for analysis) and a reviewer key."""
    truth = [json.loads(line) for line in (samples / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    tz = ZoneInfo(service.settings.timezone)
    today = utcnow().astimezone(tz).date()
    added = 0
    with transaction(service.factory) as session:
        for store_id, name, store_type in DEMO_STORES:
            if session.get(Store, store_id) is None:
                session.add(Store(id=store_id, name=name, store_type=store_type))
            for zone, zone_name in ZONE_NAMES.items():
                camera_id = f"{store_id}-{zone}"
                if session.get(Camera, camera_id) is None:
                    session.add(Camera(id=camera_id, store_id=store_id, name=zone_name, zone=zone, polygons={}))
        session.flush()
        # Samples of zones with no demo camera (a notice board, a device display) are left out.
        truth = [item for item in truth if item["zone"] in ZONE_NAMES]
        for index, item in enumerate(truth):
            # Every sample to the first store, spread over three days so the score chart has a
            # line; the second store gets every other one.
            for store_number, (store_id, _, _) in enumerate(DEMO_STORES):
                if store_number and index % 2:
                    continue
                data = (samples / item["image"]).read_bytes()
                digest = sha256_hex(data)
                camera_id = f"{store_id}-{item['zone']}"
                if find_duplicate(session, camera_id, digest) is not None:
                    continue
                service.images.put(data, digest)
                day = today - timedelta(days=index % 3)
                captured = datetime.combine(day, time(9 + index % 8, 30), tzinfo=tz)
                add_snapshot(session, store_id=store_id, camera_id=camera_id, sha256=digest,
                             content_type=inspect_image(data, service.config.vision.max_pixels, service.config.vision.min_side_px).content_type,
                             size_bytes=len(data), captured_at=captured, timezone=service.settings.timezone)
                added += 1
        for old in session.scalars(select(ApiKey).where(ApiKey.name == REVIEWER_NAME, ApiKey.revoked_at.is_(None))):
            old.revoked_at = utcnow()
        _, plaintext = create_key(session, "reviewer", [s[0] for s in DEMO_STORES], name=REVIEWER_NAME)
    return DemoSeed(stores=len(DEMO_STORES), snapshots=added, reviewer_key=plaintext)
