"""The review pages put what the URL says back on the page only escaped: a crafted link sent to
a reviewer must not run script in the page that holds their session."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.servicekit import Keys


def test_an_unknown_store_in_the_url_is_shown_as_text(app_client: TestClient, keys: Keys) -> None:
    app_client.cookies.set("storecheck_key", keys.admin)
    page = app_client.get("/review/stores/<img src=x onerror=alert(1)>")
    assert page.status_code == 404
    assert "<img" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
