"""/api/v1/orders: a confirmed mop becomes a rectification order (整改单) for its store, and the
hall camera's next analysed frames verify the fix or reopen the order without anyone looking."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storecheck.api.service import Service
from storecheck.config import ConfigError
from storecheck.service_config import load_service_config
from storecheck.store.db import transaction
from storecheck.store.followup_models import RectificationOrder
from storecheck.store.models import utcnow
from storecheck.store.snapshots import add_snapshot, record_result
from tests.servicekit import Keys, result_with, sample_bytes

MOP = [100.0, 500.0, 180.0, 900.0]


def hall_frame(service: Service, at: datetime, mop: bool, camera: str = "store-a-hall") -> str:
    """One analysed frame of a hall camera at ``at``: a mop (hall.no_cleaning_tools violated) or
    a clean floor (the rule passes); its snapshot id."""
    if mop:
        result = result_with(findings=[{"rule": "hall.no_cleaning_tools", "status": "violation",
                                        "message": "1 mop in the hall", "evidence": [MOP], "deduction": 4.0}],
                             objects=[{"label": "mop", "box": MOP, "score": 0.9}])
    else:
        result = result_with(findings=[{"rule": "hall.no_cleaning_tools", "status": "pass", "message": "clean"}])
    data = sample_bytes("hall-mop.jpg") + at.isoformat().encode() + camera.encode()  # distinct bytes
    with transaction(service.factory) as session:
        snapshot = add_snapshot(session, store_id=camera.rsplit("-", 1)[0], camera_id=camera,
                                sha256=service.images.put(data), content_type="image/jpeg", size_bytes=len(data),
                                captured_at=at, timezone=service.settings.timezone)
        record_result(session, snapshot, result, {})
        return snapshot.id


def confirmed_mop(client: TestClient, service: Service, keys: Keys) -> tuple[str, dict]:
    """A mop frame ten minutes ago, confirmed by store A's reviewer; (its snapshot id, the order)."""
    before = hall_frame(service, utcnow() - timedelta(minutes=10), mop=True)
    a = {"X-API-Key": keys.reviewer_a}
    [violation] = client.get("/api/v1/violations", headers=a).json()["data"]
    reviewed = client.post(f"/api/v1/violations/{violation['id']}/review", json={"verdict": "confirm"}, headers=a)
    assert reviewed.status_code == 200
    [order] = client.get("/api/v1/orders", headers=a).json()["data"]
    return before, order


def read(client: TestClient, keys: Keys, order_id: int) -> dict:
    answer = client.get(f"/api/v1/orders/{order_id}", headers={"X-API-Key": keys.reviewer_a})
    assert answer.status_code == 200
    return answer.json()


def assert_image(client: TestClient, keys: Keys, url: str) -> None:
    answer = client.get(url, headers={"X-API-Key": keys.reviewer_a})
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/jpeg" and answer.content[:2] == b"\xff\xd8"


def test_a_confirmed_mop_opens_an_order_that_the_next_clean_frame_verifies(
    app_client: TestClient, keys: Keys, service: Service
) -> None:
    confirmed_at = utcnow()
    before, order = confirmed_mop(app_client, service, keys)
    assert (order["status"], order["rule"], order["camera_id"], order["store_id"]) == (
        "open", "hall.no_cleaning_tools", "store-a-hall", "store-a")
    assert order["before_snapshot_id"] == before and order["evidence"] == [MOP] and order["after_snapshot_id"] is None
    assert order["title"] and order["opened_by"] == "审核员甲" and not order["overdue"]
    due = datetime.fromisoformat(order["due_at"]) - confirmed_at
    assert timedelta(hours=2) <= due < timedelta(hours=2, minutes=1)  # hall.no_cleaning_tools: 2 h by default
    assert_image(app_client, keys, order["before_image"])

    still = hall_frame(service, utcnow() - timedelta(minutes=5), mop=True)
    order = read(app_client, keys, order["id"])
    assert (order["status"], order["after_snapshot_id"]) == ("open", still)  # nobody said it was fixed

    after = hall_frame(service, utcnow(), mop=False)
    order = read(app_client, keys, order["id"])
    assert (order["status"], order["before_snapshot_id"], order["after_snapshot_id"]) == ("verified", before, after)
    assert order["verified_at"] is not None and order["closed_at"] is not None
    assert_image(app_client, keys, order["after_image"])
    # A later mop changes nothing once verified (it is a new review item, and a new order).
    hall_frame(service, utcnow() + timedelta(minutes=1), mop=True)
    assert read(app_client, keys, order["id"])["status"] == "verified"


def test_an_order_marked_fixed_is_reopened_when_the_next_frame_still_fails_then_verified(
    app_client: TestClient, keys: Keys, service: Service
) -> None:
    before, order = confirmed_mop(app_client, service, keys)
    device = {"X-API-Key": keys.device_a}  # the store's own key says it is fixed
    fixed = app_client.post(f"/api/v1/orders/{order['id']}/fix", json={"note": "拖把已收进保洁间"}, headers=device)
    assert fixed.status_code == 200
    assert (fixed.json()["status"], fixed.json()["fixed_note"]) == ("fixed", "拖把已收进保洁间")
    again = app_client.post(f"/api/v1/orders/{order['id']}/fix", json={}, headers=device)
    assert again.status_code == 409 and "fixed" in again.json()["detail"]

    # A frame taken before the store said "fixed" (arriving late) says nothing about the fix.
    hall_frame(service, utcnow() - timedelta(minutes=1), mop=True)
    assert read(app_client, keys, order["id"])["status"] == "fixed"

    failing = hall_frame(service, utcnow() + timedelta(seconds=30), mop=True)
    order = read(app_client, keys, order["id"])
    assert (order["status"], order["before_snapshot_id"], order["after_snapshot_id"]) == ("reopened", before, failing)
    assert order["reopened_at"] is not None
    assert_image(app_client, keys, order["after_image"])

    assert app_client.post(f"/api/v1/orders/{order['id']}/fix", json={}, headers=device).status_code == 200
    passing = hall_frame(service, utcnow() + timedelta(minutes=1), mop=False)
    order = read(app_client, keys, order["id"])
    assert (order["status"], order["before_snapshot_id"], order["after_snapshot_id"]) == ("verified", before, passing)


def test_one_camera_keeps_one_active_order_per_rule_and_a_dismissal_cancels_it(
    app_client: TestClient, keys: Keys, service: Service
) -> None:
    _, order = confirmed_mop(app_client, service, keys)
    a = {"X-API-Key": keys.reviewer_a}
    # Confirming the item again (or another mop frame of it) opens no second order.
    violation_id = order["violation_id"]
    app_client.post(f"/api/v1/violations/{violation_id}/review", json={"verdict": "confirm"}, headers=a)
    assert app_client.get("/api/v1/orders", headers=a).json()["count"] == 1
    dismissed = app_client.post(f"/api/v1/review-items/{order['item_id']}/review",
                                json={"verdict": "dismiss", "reason": "是员工的雨伞"}, headers=a)
    assert dismissed.status_code == 200
    assert read(app_client, keys, order["id"])["status"] == "cancelled"
    assert app_client.post(f"/api/v1/orders/{order['id']}/fix", json={},
                           headers={"X-API-Key": keys.device_a}).status_code == 409


def test_a_review_item_confirmation_opens_an_order(app_client: TestClient, keys: Keys, service: Service) -> None:
    hall_frame(service, utcnow() - timedelta(minutes=10), mop=True)
    last = hall_frame(service, utcnow() - timedelta(minutes=5), mop=True)
    a = {"X-API-Key": keys.reviewer_a}
    [item] = app_client.get("/api/v1/review-items", headers=a).json()["data"]
    app_client.post(f"/api/v1/review-items/{item['id']}/review", json={"verdict": "confirm"}, headers=a)
    [order] = app_client.get("/api/v1/orders", headers=a).json()["data"]
    assert (order["status"], order["item_id"], order["before_snapshot_id"]) == ("open", item["id"], last)


def test_orders_are_store_scoped(app_client: TestClient, keys: Keys, service: Service) -> None:
    _, order = confirmed_mop(app_client, service, keys)
    assert app_client.get(f"/api/v1/orders/{order['id']}", headers={"X-API-Key": keys.reviewer_b}).status_code == 403
    assert app_client.get("/api/v1/orders", headers={"X-API-Key": keys.reviewer_b}).json()["count"] == 0
    assert app_client.get("/api/v1/orders?store_id=store-a", headers={"X-API-Key": keys.device_b}).status_code == 403
    assert app_client.post(f"/api/v1/orders/{order['id']}/fix", json={},
                           headers={"X-API-Key": keys.device_b}).status_code == 403
    assert app_client.post(f"/api/v1/orders/{order['id']}/assign", json={"assignee": "张店长"},
                           headers={"X-API-Key": keys.device_a}).status_code == 403
    assigned = app_client.post(f"/api/v1/orders/{order['id']}/assign", json={"assignee": "张店长"},
                               headers={"X-API-Key": keys.reviewer_a})
    assert assigned.json()["assignee"] == "张店长"
    assert app_client.get("/api/v1/orders", headers={"X-API-Key": keys.device_a}).json()["count"] == 1


def test_an_order_past_due_is_overdue_in_the_api_the_metrics_and_the_store_page(
    app_client: TestClient, keys: Keys, service: Service
) -> None:
    _, order = confirmed_mop(app_client, service, keys)
    a = {"X-API-Key": keys.reviewer_a}
    assert app_client.get("/api/v1/orders?overdue=true", headers=a).json()["count"] == 0
    with transaction(service.factory) as session:
        row = session.get(RectificationOrder, order["id"])
        assert row is not None
        row.due_at = utcnow() - timedelta(minutes=1)
    [late] = app_client.get("/api/v1/orders?overdue=true", headers=a).json()["data"]
    assert late["id"] == order["id"] and late["overdue"]
    assert app_client.get("/api/v1/orders?overdue=false", headers=a).json()["count"] == 0

    metrics = app_client.get("/metrics", headers={"X-API-Key": keys.admin}).text
    assert 'storecheck_orders{status="open"} 1.0' in metrics and 'storecheck_orders{status="verified"} 0.0' in metrics
    assert "storecheck_orders_overdue 1.0" in metrics

    page = app_client.get("/review/stores/store-a", headers=a).text
    assert '<strong class="open-orders">1</strong>' in page and '<strong class="overdue-orders">1</strong>' in page
    assert f'href="/api/v1/snapshots/{order["before_snapshot_id"]}/image?annotate=1"' in page


def test_due_hours_come_from_the_config_and_unknown_keys_are_refused(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("orders:\n  due_hours: 48\n  due_hours_by_rule: {hall.no_cleaning_tools: 0.5}\n", encoding="utf-8")
    orders = load_service_config(good).orders
    assert orders.due_in("hall.no_cleaning_tools") == timedelta(minutes=30)
    assert orders.due_in("window.posters") == timedelta(hours=48)
    assert orders.due_in("badge.worn") == timedelta(hours=2)  # built-in default
    for text, named in (("orders: {due_hour: 3}\n", "orders.due_hour"),
                        ("orders: {due_hours_by_rule: {hall.mops: 1}}\n", "orders.due_hours_by_rule"),
                        ("orders: {due_hours: 0}\n", "orders.due_hours")):
        bad = tmp_path / "bad.yaml"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
            load_service_config(bad)
