"""Guessing keys: after 10 wrong keys in a minute, an address is answered 429 with Retry-After,
whatever key it sends next, while other addresses carry on (30 wrong keys used to take 0.36 s)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.servicekit import Keys


def test_ten_wrong_keys_in_a_minute_throttle_that_address(app_client: TestClient, keys: Keys) -> None:
    for attempt in range(10):
        wrong = app_client.get("/api/v1/stores", headers={"X-API-Key": f"sck_guess{attempt}"})
        assert wrong.status_code == 401, attempt
    throttled = app_client.get("/api/v1/stores", headers={"X-API-Key": "sck_guess10"})
    assert throttled.status_code == 429 and "wrong" in throttled.json()["detail"]
    assert 0 < int(throttled.headers["Retry-After"]) <= 60
    # A right key from the same address waits too: a guesser must not learn that a guess was right.
    assert app_client.get("/api/v1/stores", headers={"X-API-Key": keys.admin}).status_code == 429
    # The review page's sign-in counts the same wrong keys.
    assert app_client.post("/login", data={"key": keys.reviewer_a}, follow_redirects=False).status_code == 429
    assert app_client.get("/healthz").status_code == 200  # open routes are not keyed, not throttled

    elsewhere = TestClient(app_client.app, client=("10.1.2.3", 40000))
    assert elsewhere.get("/api/v1/stores", headers={"X-API-Key": keys.admin}).status_code == 200
    assert elsewhere.get("/api/v1/stores", headers={"X-API-Key": "sck_guess"}).status_code == 401


def test_a_missing_key_is_not_a_wrong_one(app_client: TestClient, keys: Keys) -> None:
    for _ in range(15):
        assert app_client.get("/api/v1/stores").status_code == 401
    assert app_client.get("/api/v1/stores", headers={"X-API-Key": keys.admin}).status_code == 200
