"""Notifications end to end: the service (its real background sender) and a real local HTTP
receiver. A confirmed violation posts one signed webhook and one 企业微信 message; a receiver
answering 500 three times gets the message on the fourth try; a dead one ends in the
dead-letter list, visible in the API."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from storecheck.api.main import create_app
from storecheck.config import ConfigError
from storecheck.store.db import transaction
from storecheck.store.followup_models import RectificationOrder
from storecheck.store.keys import create_key
from storecheck.store.models import utcnow
from tests.api.receiver import closed_port_url, receiver, wait_for
from tests.servicekit import (
    insert_analysed,
    make_settings,
    mop_and_badge_result,
    result_with,
    seed_stores,
)

FAST = "  poll_s: 0.05\n  backoff_s: 0.1\n  backoff_max_s: 1\n  link_base: http://storecheck.test\n"


@contextmanager
def running(tmp_path: Path, database_url: str, notifications: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """The service with ``notifications:`` (YAML, indented under it) and its sender running; the
    analysis queue stays stopped (results are inserted). Yields (client, keys by role)."""
    config = tmp_path / "config.yaml"
    config.write_text("notifications:\n" + FAST + notifications, encoding="utf-8")
    app = create_app(make_settings(tmp_path / "home", database_url, workers=0, config_path=config),
                     start_queue=False, start_notifier=True)
    with TestClient(app) as client:
        seed_stores(app.state.service)
        with transaction(app.state.service.factory) as session:
            keys = {"admin": create_key(session, "admin")[1],
                    "reviewer": create_key(session, "reviewer", ["store-a"], name="审核员甲")[1],
                    "device": create_key(session, "device", ["store-a"])[1]}
        yield client, keys


def confirm_the_mop(client: TestClient, keys: dict[str, str]) -> dict[str, Any]:
    """Store A's hall camera sees a mop; the reviewer confirms it. Returns the violation."""
    insert_analysed(client.app.state.service, "store-a", "hall", mop_and_badge_result())  # type: ignore[attr-defined]
    reviewer = {"X-API-Key": keys["reviewer"]}
    mop = client.get("/api/v1/violations?rule=hall.no_cleaning_tools", headers=reviewer).json()["data"][0]
    answer = client.post(f"/api/v1/violations/{mop['id']}/review", json={"verdict": "confirm"}, headers=reviewer)
    assert answer.status_code == 200
    return mop


def deliveries(client: TestClient, keys: dict[str, str], **query: str) -> list[dict[str, Any]]:
    answer = client.get("/api/v1/notifications/deliveries", params=query, headers={"X-API-Key": keys["admin"]})
    assert answer.status_code == 200
    return answer.json()["data"]  # type: ignore[no-any-return]


def test_a_confirmed_violation_posts_one_signed_webhook_and_one_wecom_message(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SC_TEST_MOPS_SECRET", "mops-key")
    with receiver() as hub:
        sinks = (f"  default:\n"
                 f"    - {{name: ops, kind: webhook, url: '{hub.url}/hook', secret: s3cret, events: [violation.confirmed]}}\n"
                 f"    - {{name: 店长群, kind: wecom, url: '{hub.url}/wecom?key=abc', events: [violation.confirmed]}}\n"
                 f"    - {{name: mops, kind: webhook, url: '{hub.url}/new', secret_env: SC_TEST_MOPS_SECRET,"
                 f" events: [violation.new], rules: [hall.no_cleaning_tools]}}\n")
        with running(tmp_path, database_url, sinks) as (client, keys):
            # A badge without a name on the counter: new, but not a rule the "mops" sink asked for.
            insert_analysed(client.app.state.service, "store-a", "counter", result_with(zone="counter", findings=[  # type: ignore[attr-defined]
                {"rule": "badge.fields", "status": "violation", "message": "no name", "evidence": [[1, 1, 9, 9]],
                 "deduction": 2.0}]))
            mop = confirm_the_mop(client, keys)
            wait_for(lambda: hub.to("/hook") and hub.to("/wecom") and hub.to("/new"), what="the three messages")
            time.sleep(0.5)  # more rounds of the sender: still one message each
            [hook], [wecom], [new] = hub.to("/hook"), hub.to("/wecom"), hub.to("/new")

            assert hook.headers["X-Storecheck-Signature"] == "sha256=" + hmac.new(
                b"s3cret", hook.body, hashlib.sha256).hexdigest()
            document = json.loads(hook.body)
            [order] = client.get("/api/v1/orders", headers={"X-API-Key": keys["reviewer"]}).json()["data"]
            assert (document["event"], hook.headers["X-Storecheck-Event"]) == ("violation.confirmed",) * 2
            assert document["data"]["violation_id"] == mop["id"] and document["data"]["order_id"] == order["id"]
            assert document["links"]["evidence"] == (
                f"http://storecheck.test/api/v1/snapshots/{mop['snapshot_id']}/image?crop={mop['finding_id']}")

            assert wecom.query["key"] == "abc"
            message = json.loads(wecom.body)
            assert message["msgtype"] == "markdown"
            content = message["markdown"]["content"]
            for expected in ("违规已确认", "城东营业厅", "大厅", f"整改单: #{order['id']}", "审核员甲",
                             f"[查看证据](http://storecheck.test/api/v1/snapshots/{mop['snapshot_id']}"):
                assert expected in content, (expected, content)

            news = json.loads(new.body)
            assert news["event"] == "violation.new" and news["data"]["rule"] == "hall.no_cleaning_tools"
            assert new.headers["X-Storecheck-Signature"] == "sha256=" + hmac.new(
                b"mops-key", new.body, hashlib.sha256).hexdigest()

            log = deliveries(client, keys)
            assert sorted((d["sink"], d["event"], d["status"], d["attempts"]) for d in log) == [
                ("mops", "violation.new", "sent", 1), ("ops", "violation.confirmed", "sent", 1),
                ("店长群", "violation.confirmed", "sent", 1)]
            denied = client.get("/api/v1/notifications/deliveries", headers={"X-API-Key": keys["reviewer"]})
            assert denied.status_code == 403


def test_retries_back_off_until_the_fourth_try_and_a_dead_receiver_is_dead_lettered(
    tmp_path: Path, database_url: str
) -> None:
    dead = closed_port_url()
    with receiver({"/flaky": [500, 500, 500]}) as hub:
        sinks = (f"  max_attempts: 5\n  default:\n"
                 f"    - {{name: flaky, kind: webhook, url: '{hub.url}/flaky', secret: k, events: [violation.confirmed]}}\n"
                 f"    - {{name: gone, kind: webhook, url: '{dead}/hook', secret: k, events: [violation.confirmed]}}\n"
                 f"    - {{name: 区域经理, kind: dingtalk, url: '{hub.url}/ding?access_token=t', secret: SECabc,"
                 f" events: [violation.confirmed]}}\n"
                 f"    - {{name: 飞书群, kind: feishu, url: '{hub.url}/feishu', secret: fsec, events: [violation.confirmed]}}\n")
        with running(tmp_path, database_url, sinks) as (client, keys):
            confirm_the_mop(client, keys)
            wait_for(lambda: len(hub.to("/flaky")) >= 4, what="the fourth try")
            tries = hub.to("/flaky")
            assert [t.answered for t in tries] == [500, 500, 500, 200]
            assert len({t.headers["X-Storecheck-Delivery"] for t in tries}) == 1  # one delivery, retried
            assert len({t.body for t in tries}) == 1
            gaps = [b.at - a.at for a, b in zip(tries, tries[1:], strict=False)]
            for failures, gap in enumerate(gaps, start=1):  # 0.1 s, doubled after each failure
                assert gap >= 0.1 * 2 ** (failures - 1) * 0.9, gaps

            wait_for(lambda: deliveries(client, keys, status="dead"), what="the dead letter")
            [letter] = deliveries(client, keys, status="dead")
            assert (letter["sink"], letter["attempts"], letter["last_status_code"]) == ("gone", 5, None)
            assert "Connect" in letter["last_error"]
            [flaky] = deliveries(client, keys, sink="flaky")
            assert (flaky["status"], flaky["attempts"], flaky["last_status_code"]) == ("sent", 4, 200)
            metrics = client.get("/metrics", headers={"X-API-Key": keys["admin"]}).text
            assert 'storecheck_notification_deliveries{status="dead"} 1.0' in metrics

            retried = client.post(f"/api/v1/notifications/deliveries/{letter['id']}/retry",
                                  headers={"X-API-Key": keys["admin"]})
            assert (retried.status_code, retried.json()["status"], retried.json()["attempts"]) == (200, "pending", 0)
            sent_again = client.post(f"/api/v1/notifications/deliveries/{flaky['id']}/retry",
                                     headers={"X-API-Key": keys["admin"]})
            assert sent_again.status_code == 409

            [ding] = hub.to("/ding")
            stamp = ding.query["timestamp"]
            assert abs(int(stamp) / 1000 - time.time()) < 60 and ding.query["access_token"] == "t"
            expected = base64.b64encode(hmac.new(b"SECabc", f"{stamp}\nSECabc".encode(), hashlib.sha256).digest())
            assert ding.query["sign"] == expected.decode()  # parse_qs undid the URL encoding
            markdown = json.loads(ding.body)
            assert markdown["msgtype"] == "markdown" and "城东营业厅" in markdown["markdown"]["title"]
            assert "整改单" in markdown["markdown"]["text"]

            [feishu] = hub.to("/feishu")
            post = json.loads(feishu.body)
            key = f"{post['timestamp']}\nfsec".encode()
            assert post["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
            assert post["msg_type"] == "post" and "违规已确认" in post["content"]["post"]["zh_cn"]["title"]


def test_quiet_hours_hold_messages_until_they_end(tmp_path: Path, database_url: str) -> None:
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    start, end = (now - timedelta(hours=1)).strftime("%H:%M"), (now + timedelta(hours=1)).strftime("%H:%M")
    with receiver() as hub:
        sinks = (f"  quiet_hours: {{start: '{start}', end: '{end}'}}\n  default:\n"
                 f"    - {{name: ops, kind: webhook, url: '{hub.url}/hook', secret: k}}\n")
        with running(tmp_path, database_url, sinks) as (client, keys):
            confirm_the_mop(client, keys)
            wait_for(lambda: len(deliveries(client, keys)) == 2, what="the deliveries")  # new + confirmed
            time.sleep(0.3)
            assert hub.to("/hook") == []
            for delivery in deliveries(client, keys):
                held = datetime.fromisoformat(delivery["next_attempt_at"]).astimezone(ZoneInfo("Asia/Shanghai"))
                assert (delivery["status"], held.strftime("%H:%M")) == ("pending", end)


def test_an_overdue_order_is_told_once(tmp_path: Path, database_url: str) -> None:
    with receiver() as hub:
        sinks = f"  default:\n    - {{name: ops, kind: wecom, url: '{hub.url}/wecom', events: [order.overdue]}}\n"
        with running(tmp_path, database_url, sinks) as (client, keys):
            confirm_the_mop(client, keys)
            with transaction(client.app.state.service.factory) as session:  # type: ignore[attr-defined]
                order = session.query(RectificationOrder).one()
                order.due_at = utcnow() - timedelta(minutes=5)
            wait_for(lambda: hub.to("/wecom"), what="the overdue message")
            time.sleep(0.5)
            [message] = hub.to("/wecom")
            assert "整改单逾期" in json.loads(message.body)["markdown"]["content"]


@pytest.mark.parametrize(("notifications", "named"), [
    ("  default: [{name: a, kind: webhook, url: 'http://x.test/h'}]\n", "needs a secret"),
    ("  default: [{name: a, kind: wecom, url: 'http://x.test/h', colour: red}]\n", "notifications.default.0.colour"),
    ("  default: [{name: a, kind: slack, url: 'http://x.test/h'}]\n", "notifications.default.0.kind"),
    ("  stores: {store-a: [{name: a, kind: wecom, url: 'ftp://x.test/h'}]}\n", "http:// or https://"),
    ("  quiet_hour: {start: '22:00', end: '08:00'}\n", "notifications.quiet_hour"),
    ("  default: [{name: a, kind: dingtalk, url: 'http://x.test/h', secret_env: SC_NOT_SET_ANYWHERE}]\n",
     "SC_NOT_SET_ANYWHERE is not set"),
])
def test_a_bad_notifications_section_stops_the_start_up_naming_the_key(
    tmp_path: Path, database_url: str, notifications: str, named: str
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("notifications:\n" + notifications, encoding="utf-8")
    with pytest.raises(ConfigError, match=named):
        create_app(make_settings(tmp_path / "home", database_url, workers=0, config_path=config), start_queue=False)


def test_a_digest_sink_gets_one_summary_a_day_instead_of_each_event(tmp_path: Path, database_url: str) -> None:
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    if (now + timedelta(seconds=10)).date() != now.date():
        pytest.skip("too close to midnight for a digest due in seconds")
    at = (now + timedelta(seconds=3)).strftime("%H:%M:%S")
    with receiver() as hub:
        sinks = (f"  default:\n"
                 f"    - {{name: 日报, kind: wecom, url: '{hub.url}/digest', digest_at: '{at}'}}\n"
                 f"    - {{name: ops, kind: webhook, url: '{hub.url}/hook', secret: k}}\n")
        with running(tmp_path, database_url, sinks) as (client, keys):
            confirm_the_mop(client, keys)
            wait_for(lambda: len(hub.to("/hook")) == 2, what="the two events, one by one")  # new, confirmed
            assert hub.to("/digest") == []
            wait_for(lambda: hub.to("/digest"), what="the digest")
            time.sleep(0.5)
            [digest] = hub.to("/digest")  # one: store B, with nothing to say, says nothing
            content = json.loads(digest.body)["markdown"]["content"]
            for expected in ("每日汇总", "城东营业厅", "新违规: 1 项 (大厅无清洁卫生工具×1)", "已确认: 1 项",
                             "未完成整改单: 1 张，其中逾期 0 张"):
                assert expected in content, (expected, content)
            assert len(hub.to("/hook")) == 2


def test_a_camera_going_offline_is_told_once_until_it_comes_back(tmp_path: Path, database_url: str) -> None:
    with receiver() as hub:
        sinks = f"  default:\n    - {{name: ops, kind: wecom, url: '{hub.url}/wecom', events: [camera.offline]}}\n"
        with running(tmp_path, database_url, sinks) as (client, keys):
            def report(state: str) -> None:
                body = {"store_id": "store-a", "cameras": {"store-a-window": {
                    "camera_id": "store-a-window", "state": state, "last_error": "rtsp: connection refused" if state == "offline" else None}}}
                answer = client.post("/api/v1/devices/health", json=body, headers={"X-API-Key": keys["device"]})
                assert answer.status_code == 200

            for state in ("ok", "offline", "offline", "offline"):
                report(state)
            wait_for(lambda: hub.to("/wecom"), what="the offline message")
            time.sleep(0.3)
            [message] = hub.to("/wecom")
            content = json.loads(message.body)["markdown"]["content"]
            assert "摄像头离线" in content and "store-a-window" in content and "rtsp: connection refused" in content
            report("ok")
            report("offline")
            wait_for(lambda: len(hub.to("/wecom")) == 2, what="the second time it went dark")
