"""/stores/{id}/scores joins a store's notice boards over a day: a notice seen on any
notice_board camera counts; a 加分项 earned in any snapshot of the day is the day's."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from storecheck.api.service import Service
from storecheck.contract import Notices
from storecheck.store.db import transaction
from storecheck.store.models import Camera
from storecheck.store.snapshots import add_snapshot, record_result
from tests.servicekit import Keys, result_with, sample_bytes


def board_result(seen: list[str], bonus: float | None = None):
    missing = [n for n in ("服务承诺", "在售套餐资费表", "实名制公告", "个人用户信息保护") if n not in seen]
    findings = [{"rule": "notices.displayed", "status": "violation" if missing else "pass",
                 "message": "x", "deduction": float(len(missing))}]
    if bonus is not None:
        findings.append({"rule": "community.commitments", "status": "pass", "message": "x", "bonus": bonus})
    result = result_with(findings=findings, zone="notice_board")
    return result.model_copy(update={"notices": Notices(seen=seen, missing=missing), "bonus": bonus or 0.0})


def snap(service: Service, camera: str, seen: list[str], hour: int, bonus: float | None = None) -> None:
    data = sample_bytes("hall-clean.jpg") + camera.encode() + bytes([hour])
    with transaction(service.factory) as session:
        snapshot = add_snapshot(session, store_id="store-a", camera_id=camera, sha256=service.images.put(data),
                                content_type="image/jpeg", size_bytes=len(data),
                                captured_at=datetime(2026, 11, 2, hour, 0, tzinfo=UTC), timezone=service.settings.timezone)
        record_result(session, snapshot, board_result(seen, bonus), {})


def test_a_notice_seen_on_any_board_camera_counts_for_the_store_day(app_client: TestClient, keys: Keys,
                                                                     service: Service) -> None:
    with transaction(service.factory) as session:
        for camera in ("store-a-board-1", "store-a-board-2"):
            session.add(Camera(id=camera, store_id="store-a", zone="notice_board", polygons={}))
    snap(service, "store-a-board-1", ["服务承诺", "实名制公告"], 1)
    snap(service, "store-a-board-2", ["在售套餐资费表"], 2, bonus=2.0)
    a = {"X-API-Key": keys.reviewer_a}
    [day] = app_client.get("/api/v1/stores/store-a/scores", headers=a).json()["boards"]
    assert day["seen"] == {"服务承诺": ["store-a-board-1"], "在售套餐资费表": ["store-a-board-2"],
                           "实名制公告": ["store-a-board-1"]}
    assert day["missing"] == ["个人用户信息保护"] and day["cameras"] == ["store-a-board-1", "store-a-board-2"]
    assert day["bonus"] == 2.0
    snap(service, "store-a-board-2", ["个人用户信息保护"], 3)
    [day] = app_client.get("/api/v1/stores/store-a/scores", headers=a).json()["boards"]
    assert day["missing"] == []
    app_client.cookies.set("storecheck_key", keys.reviewer_a)
    page = app_client.get("/review/stores/store-a").text
    assert "个人用户信息保护(store-a-board-2)" in page and "+2.0" in page
