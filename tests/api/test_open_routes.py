"""What answers without a key is exactly what the README says is open. It said only /healthz
while the API's description (/api/v1/docs, /api/v1/openapi.json) was open too."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Route

from storecheck.api import web

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_open_paths() -> set[str]:
    sentence = re.search(r"Open without a key: ([^\n]+(?:\n[^\n]+)*?\.)\n", README.read_text(encoding="utf-8"))
    assert sentence, "the README says which routes are open"
    return set(re.findall(r"`(/[^`]*)`", sentence.group(1)))


def get_paths(client: TestClient) -> set[str]:
    """Every GET path without a parameter: the API's (its schema), the review pages', and the
    app's own (the schema and docs pages, and any FastAPI adds)."""
    schema = client.get("/api/v1/openapi.json").json()
    paths = {path for path, operations in schema["paths"].items() if "get" in operations}
    routes = [*web.router.routes, *client.app.routes]  # type: ignore[attr-defined]
    paths |= {route.path for route in routes if isinstance(route, APIRoute | Route) and "GET" in (route.methods or ())}
    return {path for path in paths if "{" not in path}


def test_the_routes_open_without_a_key_are_those_the_readme_names(app_client: TestClient) -> None:
    open_paths = set()
    paths = get_paths(app_client)
    assert {"/healthz", "/metrics", "/api/v1/violations", "/review", "/login", "/api/v1/docs"} <= paths
    for path in paths:
        answer = app_client.get(path, follow_redirects=False)
        if answer.status_code == 200:
            open_paths.add(path)
        else:  # a key is asked for: 401, or the sign-in page for the review pages; never a 5xx
            assert answer.status_code == 401 or answer.headers.get("location") in ("/login", "/review"), path
    if app_client.get("/static/app.css").status_code == 200:
        open_paths.add("/static/")
    assert open_paths == readme_open_paths()
