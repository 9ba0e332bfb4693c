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
