"""/api/v1/stores/{id}/roster: admins upload or replace a store's staff roster, the store's
reviewers read it, bad rows are a 422 naming the line, and the analysis of that store's
snapshots checks badges against it (real engine)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import pytest
from fastapi.testclient import TestClient

from datasets.render.badges import BadgeSpec
from storecheck.api.main import create_app
from storecheck.store.db import transaction
from storecheck.store.keys import create_key
from tests import scenes
from tests.servicekit import Keys, make_settings, needs_detector, seed_stores

ROSTER = "employee_id,name,role,pregnant\n20231234,李娜,intern,no\n10086123,王芳,staff,yes\n"


def put(client: TestClient, key: str, body: bytes | str, store: str = "store-a",
        content_type: str = "text/csv; charset=utf-8") -> Any:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return client.put(f"/api/v1/stores/{store}/roster", content=data,
                      headers={"X-API-Key": key, "Content-Type": content_type})


def test_admin_uploads_and_the_stores_reviewer_reads_it(app_client: TestClient, keys: Keys) -> None:
    made = put(app_client, keys.admin, ROSTER)
    assert made.status_code == 200, made.text
    assert made.json()["count"] == 2
    shown = app_client.get("/api/v1/stores/store-a/roster", headers={"X-API-Key": keys.reviewer_a})
    assert shown.status_code == 200
    assert shown.json()["entries"] == [
        {"employee_id": "20231234", "name": "李娜", "role": "intern", "pregnant": False},
        {"employee_id": "10086123", "name": "王芳", "role": "staff", "pregnant": True},
    ]
    # Replacing is whole: the new file is the roster. Excel's GB18030 is read as well as UTF-8.
    replaced = put(app_client, keys.admin, "employee_id,name,role,pregnant\n1,张伟,staff,no\n".encode("gb18030"))
    assert replaced.status_code == 200 and replaced.json()["entries"][0]["name"] == "张伟"
    assert app_client.get("/api/v1/stores/store-a/roster", headers={"X-API-Key": keys.admin}).json()["count"] == 1
    download = app_client.get("/api/v1/stores/store-a/roster?format=csv", headers={"X-API-Key": keys.reviewer_a})
    assert download.headers["content-type"].startswith("text/csv")
    assert download.content.decode("utf-8-sig") == "employee_id,name,role,pregnant\n1,张伟,staff,no\n"


def test_roster_access_is_per_store(app_client: TestClient, keys: Keys) -> None:
    assert put(app_client, keys.admin, ROSTER).status_code == 200
    assert put(app_client, keys.reviewer_a, ROSTER).status_code == 403
    assert put(app_client, keys.device_a, ROSTER).status_code == 403
    for who in (keys.reviewer_b, keys.device_a):
        assert app_client.get("/api/v1/stores/store-a/roster", headers={"X-API-Key": who}).status_code == 403
    assert app_client.get("/api/v1/stores/store-a/roster").status_code == 401
    missing = app_client.get("/api/v1/stores/store-b/roster", headers={"X-API-Key": keys.reviewer_b})
    assert missing.status_code == 404 and "no roster" in missing.json()["detail"]
    assert put(app_client, keys.admin, ROSTER, store="nope").status_code == 404


@pytest.mark.parametrize(
    ("case", "body", "content_type", "status", "says"),
    [
        ("bad role", ROSTER + "30000001,赵敏,manager,no\n", "text/csv", 422, "roster line 4: role must be staff or intern"),
        ("duplicate id", ROSTER + "20231234,李四,staff,no\n", "text/csv", 422, "line 4: employee_id 20231234 already on line 2"),
        ("wrong header", "id,name\n1,张伟\n", "text/csv", 422, "line 1: header must be"),
        ("header only", "employee_id,name,role,pregnant\n", "text/csv", 422, "no staff rows"),
        ("json", '{"staff": []}', "application/json", 415, "text/csv"),
        ("too big", "employee_id,name,role,pregnant\n" + "x" * (1024 * 1024 + 10), "text/csv", 413, "limit"),
        ("not text", b"\xff\xfe\x00\x81" * 10, "text/csv", 422, "not UTF-8 or GB18030"),
    ],
)
def test_bad_rosters_are_refused_and_the_old_one_stays(app_client: TestClient, keys: Keys, case: str, body: str,
                                                       content_type: str, status: int, says: str) -> None:
    assert put(app_client, keys.admin, ROSTER).status_code == 200
    refused = put(app_client, keys.admin, body, content_type=content_type)
    assert refused.status_code == status, refused.text
    assert says in refused.json()["detail"]
    assert app_client.get("/api/v1/stores/store-a/roster", headers={"X-API-Key": keys.admin}).json()["count"] == 2


def _badge_intern(client: TestClient, key: str, snapshot_id: str) -> dict[str, Any]:
    shown = client.get(f"/api/v1/snapshots/{snapshot_id}", headers={"X-API-Key": key}).json()
    assert shown["status"] == "done", shown
    return next(f for f in shown["result"]["findings"] if f["rule"] == "badge.intern")


@needs_detector
def test_the_stores_roster_reaches_the_analysis(tmp_path: Path, database_url: str) -> None:
    """An intern per the roster whose badge lacks 实习生: the analysis sees the roster."""
    app = create_app(make_settings(tmp_path / "home", database_url, workers=1), start_queue=False)
    spec = BadgeSpec(name="李娜", employee_id="20231234", title="营业员", intern=False)
    with TestClient(app) as client:
        service = app.state.service
        seed_stores(service)
        with transaction(service.factory) as session:
            admin, device = create_key(session, "admin")[1], create_key(session, "device", ["store-a"])[1]
        analyzer = service.queue.analyzers[0]
        ids = []
        for seed in (3, 5):  # before the roster, then after it
            if seed == 5:
                assert put(client, admin, ROSTER).status_code == 200
            ok, jpeg = cv2.imencode(".jpg", scenes.staff_closeup(seed, badge=spec))
            sent = client.post("/api/v1/snapshots", headers={"X-API-Key": device},
                               data={"store_id": "store-a", "camera_id": "store-a-counter",
                                     "captured_at": "2026-11-02T09:30:00+08:00"},
                               files={"image": ("c.jpg", jpeg.tobytes(), "image/jpeg")})
            assert sent.status_code == 202, sent.text
            assert analyzer.run_one() == sent.json()["id"]
            ids.append(sent.json()["id"])
        before, after = (_badge_intern(client, admin, i) for i in ids)
    assert "no roster to check against" in before["message"]
    assert "no roster" not in after["message"] and "roster" in after["message"]
    assert after["status"] == "violation", after  # 李娜 is an intern per the roster
