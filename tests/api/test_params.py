"""Numbers past what the database holds are the caller's mistake (422 naming the parameter),
not a server error: each of these came back 500 before (schemathesis against the OpenAPI)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.servicekit import Keys

HUGE = 10**30


@pytest.mark.parametrize(
    ("method", "path", "params", "names"),
    [
        ("GET", "/api/v1/violations", {"skip": HUGE}, "skip"),
        ("GET", "/api/v1/snapshots", {"skip": HUGE}, "skip"),
        ("GET", f"/api/v1/violations/{HUGE}", {}, "violation_id"),
        ("GET", "/api/v1/violations/-5", {}, "violation_id"),
        ("POST", f"/api/v1/violations/{HUGE}/review", {}, "violation_id"),
        ("DELETE", f"/api/v1/keys/{HUGE}", {}, "key_id"),
        ("GET", "/api/v1/stores/store-a/health", {"silent_after_s": HUGE}, "silent_after_s"),
        ("GET", "/api/v1/snapshots/any/image", {"crop": HUGE}, "crop"),
    ],
)
def test_a_number_past_the_database_is_a_422(
    app_client: TestClient, keys: Keys, method: str, path: str, params: dict[str, int], names: str
) -> None:
    response = app_client.request(method, path, params=params, headers={"X-API-Key": keys.admin},
                                  json={"verdict": "confirmed"} if method == "POST" else None)
    assert response.status_code == 422, response.text
    assert any(names in error["loc"] for error in response.json()["detail"]), response.text


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("GET", "/api/v1/violations", {"params": {"store_id": "\x00"}}),
        ("GET", "/api/v1/stores/%00/health", {}),
        ("POST", "/api/v1/devices/health", {"json": {"store_id": "a\x00", "cameras": []}}),
    ],
)
def test_a_nul_byte_is_never_a_server_error(
    app_client: TestClient, keys: Keys, method: str, path: str, kwargs: dict[str, object]
) -> None:
    """PostgreSQL text cannot hold NUL (SQLite can): the same request must not be a 500 there."""
    response = app_client.request(method, path, headers={"X-API-Key": keys.admin}, **kwargs)  # type: ignore[arg-type]
    assert response.status_code < 500, response.text
    if response.status_code == 422 and "database" in response.text:
        assert "NUL" in response.json()["detail"]
