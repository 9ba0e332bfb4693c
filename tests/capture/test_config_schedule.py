"""cameras.yaml validation, secrets, and schedules in the store's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from storecheck.capture.config import CaptureConfigError, Secret, load_capture_config
from storecheck.capture.schedule import Schedule, ScheduleConfig
from tests.capture.conftest import capture_yaml

CAMERA = {"id": "cam-1", "zone": "hall", "source": "rtsp://10.0.0.2/101"}
SERVICE = {"url": "http://127.0.0.1:9", "api_key": {"env": "TEST_DEVICE_KEY"}}


@pytest.mark.parametrize(("change", "complaint"), [
    ({"cameras": [CAMERA | {"zonee": "hall"}]}, "cameras.0.zonee"),
    ({"spool": {"dir": "/tmp/x", "max_byte": 1}}, "spool.max_byte"),
    ({"cameras": [CAMERA | {"password": "plain-text"}]}, "cameras.0.password"),
    ({"cameras": [CAMERA | {"password": {"env": "A", "file": "/b"}}]}, "exactly one"),
    ({"cameras": [CAMERA, CAMERA]}, "unique"),
    ({"cameras": [CAMERA | {"schedule": {"cron": "every hour"}}]}, "not a valid cron"),
    ({"cameras": [CAMERA | {"schedule": {"every_s": 60, "business_hours": ["9-18"]}}]}, "HH:MM-HH:MM"),
    ({"timezone": "Mars/Olympus", "defaults": {"schedule": {"timezone": "Mars/Olympus"}}}, "unknown time zone"),
    ({"service": None}, "needs a 'service'"),
])
def test_bad_config_is_rejected_with_the_key(tmp_path: Path, change: dict[str, object], complaint: str) -> None:
    path = capture_yaml(tmp_path, [CAMERA], service=SERVICE)
    path.write_text(yaml.safe_dump(yaml.safe_load(path.read_text()) | change))
    with pytest.raises(CaptureConfigError, match=complaint):
        load_capture_config(path)


def test_secrets_come_from_env_or_file_and_errors_never_show_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pw").write_text("s3cret\n")
    monkeypatch.setenv("CAM_USER", "admin")
    assert Secret(file=tmp_path / "pw").reveal() == "s3cret"
    assert Secret(env="CAM_USER").reveal() == "admin"
    with pytest.raises(CaptureConfigError, match="CAM_PASSWORD is not set"):
        Secret(env="CAM_PASSWORD").reveal()


def test_example_config_loads(tmp_path: Path) -> None:
    path = capture_yaml(tmp_path, [CAMERA | {"username": "admin", "password": {"env": "CAM_PW"},
                                             "schedule": {"cron": "*/15 8-21 * * *", "timezone": "Asia/Urumqi"}}],
                        service=SERVICE)
    config = load_capture_config(path)
    assert config.schedule_of(config.cameras[0]).timezone == "Asia/Urumqi"
    assert config.resolved_status_file == tmp_path / "spool" / "status.json"


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("schedule", "after", "due"), [
    # 15-minute interval, aligned, Shanghai is UTC+8
    ({"every_s": 900}, _utc(2026, 11, 2, 1, 7), "2026-11-02T09:15:00+08:00"),
    # before opening: the first tick at opening time
    ({"every_s": 900, "business_hours": ["09:00-18:00"]}, _utc(2026, 11, 2, 0, 0), "2026-11-02T09:00:00+08:00"),
    # after closing: the next open day's opening (Saturday and Sunday closed)
    ({"every_s": 900, "business_hours": ["09:00-18:00"], "days": ["mon", "tue", "wed", "thu", "fri"]},
     _utc(2026, 11, 6, 10, 30), "2026-11-09T09:00:00+08:00"),
    # cron in local time
    ({"cron": "30 * * * *", "business_hours": ["08:30-21:00"]}, _utc(2026, 11, 2, 13, 0), "2026-11-03T08:30:00+08:00"),
    # overnight hours
    ({"every_s": 3600, "business_hours": ["22:00-02:00"]}, _utc(2026, 11, 2, 16, 30), "2026-11-03T01:00:00+08:00"),
    ({"every_s": 3600, "business_hours": ["22:00-02:00"]}, _utc(2026, 11, 2, 17, 30), "2026-11-03T22:00:00+08:00"),
])
def test_next_due(schedule: dict[str, object], after: datetime, due: str) -> None:
    plan = Schedule(ScheduleConfig.model_validate(schedule | {"timezone": "Asia/Shanghai"}))
    assert plan.next_due(after).isoformat() == due


def test_a_schedule_that_never_fires_is_an_error() -> None:
    plan = Schedule(ScheduleConfig(cron="0 3 * * *", business_hours=["09:00-18:00"], timezone="UTC"))
    with pytest.raises(ValueError, match="never due"):
        plan.next_due(_utc(2026, 11, 2, 0, 0))
