"""The demo a fresh checkout shows (``storecheck serve --demo``, ``make run``): three sample stores
(a 1-3级厅, a community hall, a 4-5级厅), a camera per zone, the sample snapshots spread over the
last days, and a reviewer key.

A sample whose truth line names a ``store_type`` (the device table with its ITV set and the staff
rows: hall_1_3; the self-service terminals: hall_4_5, whose 加分项 only 4-5级厅 and 专营店 can earn)
goes to the demo stores of that type only; the others go to the first store, and alternately to
the second and the third.

Idempotent: rerunning adds nothing twice (snapshots are keyed by image and camera), and prints
the same reviewer key. A key is kept only as its hash, so the demo's is also written to
``<home>/demo-reviewer.key`` (owner-only; whoever reads the home reads the database anyway); a
new one is made only when that file is gone or its key was revoked.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from storecheck.api.service import Service
from storecheck.api.uploads import inspect_image
from storecheck.store.db import transaction
from storecheck.store.images import sha256_hex
from storecheck.store.keys import create_key, find_key
from storecheck.store.models import ApiKey, ApiKeyStore, Camera, Store, utcnow
from storecheck.store.snapshots import add_snapshot, find_duplicate

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "datasets" / "samples"
DEMO_STORES = (
    ("demo-hall-001", "演示营业厅(城东店)", "hall_1_3"),
    ("demo-community-002", "演示社区营业厅(南苑店)", "community"),
    ("demo-hall-003", "演示营业厅(西城店)", "hall_4_5"),
)
ZONE_NAMES = {"hall": "营业大厅", "counter": "柜台", "star_desk": "星级专席", "window": "橱窗",
              "notice_board": "公示栏", "device_display": "终端体验台", "self_service": "自助服务区"}
REVIEWER_NAME = "demo-reviewer"
KEY_FILE = "demo-reviewer.key"


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
        truth = [item for item in truth if item["zone"] in ZONE_NAMES]  # a zone with no demo camera: left out
        for index, item in enumerate(truth):
            # Spread over three days so the score chart has a line.
            for store_id in _stores_for(item, index):
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
        plaintext = _reviewer_key(session, service.settings.home / KEY_FILE)
    return DemoSeed(stores=len(DEMO_STORES), snapshots=added, reviewer_key=plaintext)


def _stores_for(item: dict[str, object], index: int) -> list[str]:
    """The demo stores sample ``index`` (its truth line ``item``) goes to."""
    meant = item.get("store_type")
    if meant is not None:
        return [store_id for store_id, _, store_type in DEMO_STORES if store_type == meant]
    return [DEMO_STORES[0][0], DEMO_STORES[1 + index % 2][0]]


def _reviewer_key(session: Session, saved: Path) -> str:
    """The demo reviewer's key: the one saved last time while it is live, else a new one (and
    any other live demo key revoked: its plaintext is lost, so it could never be shown)."""
    if saved.is_file():
        plaintext = saved.read_text(encoding="utf-8").strip()
        key = find_key(session, plaintext)
        if key is not None and key.name == REVIEWER_NAME:
            for store_id, _, _ in DEMO_STORES:  # a demo seeded before a store was added to it
                if store_id not in key.store_ids:
                    key.stores.append(ApiKeyStore(store_id=store_id))
            return plaintext
    for old in session.scalars(select(ApiKey).where(ApiKey.name == REVIEWER_NAME, ApiKey.revoked_at.is_(None))):
        old.revoked_at = utcnow()
    _, plaintext = create_key(session, "reviewer", [s[0] for s in DEMO_STORES], name=REVIEWER_NAME)
    saved.unlink(missing_ok=True)
    with os.fdopen(os.open(saved, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as out:
        out.write(plaintext + "\n")
    return plaintext
