"""The OpenAPI schema tells a client what errors to expect, not only the successes."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from storecheck.api.service import Service
from tests.servicekit import Keys, insert_analysed, mop_and_badge_result


def test_every_keyed_operation_documents_its_auth_and_not_found_answers(app_client: TestClient) -> None:
    schema = app_client.get("/api/v1/openapi.json").json()
    assert schema["components"]["schemas"]["Problem"]["required"] == ["detail"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if path == "/healthz":
                assert not codes & {"401", "403"}, (method, path)
                continue
            assert {"401", "403", "429"} <= codes, (method, path)
            assert "404" in codes or "{" not in path, (method, path)
            assert "400" in codes or "requestBody" not in operation, (method, path)
    upload = schema["paths"]["/api/v1/snapshots"]["post"]["responses"]
    assert {"404", "413", "415", "422", "507"} <= set(upload)


def test_a_documented_error_looks_as_documented(app_client: TestClient) -> None:
    answer = app_client.get("/api/v1/violations/1")  # no key
    assert answer.status_code == 401 and isinstance(answer.json()["detail"], str)


def test_a_422_may_be_field_errors_or_one_reason(app_client: TestClient) -> None:
    schema = app_client.get("/api/v1/openapi.json").json()
    upload = schema["paths"]["/api/v1/violations/{violation_id}/review"]["post"]["responses"]["422"]
    shapes = upload["content"]["application/json"]["schema"]["anyOf"]
    assert {"$ref": "#/components/schemas/Problem"} in shapes
    assert {"$ref": "#/components/schemas/HTTPValidationError"} in shapes


@pytest.mark.parametrize(
    ("case", "body"),
    [
        ("a reason over its limit", {"verdict": "dismiss", "reason": "太长" * 500_000}),
        ("a missing verdict beside a long reason", {"reason": "太长" * 500_000}),
        ("a long wrong verdict", {"verdict": "x" * 1_000_000}),
    ],
)
def test_a_422_does_not_echo_a_long_input_back(app_client: TestClient, keys: Keys, service: Service,
                                               case: str, body: dict[str, str]) -> None:
    """A megabyte of reason came back whole in the 422's ``input``: the echo is cut to 200
    characters and says how long the input was; the field and the message stay."""
    insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    violation = app_client.get("/api/v1/violations", headers={"X-API-Key": keys.admin}).json()["data"][0]
    answer = app_client.post(f"/api/v1/violations/{violation['id']}/review", json=body,
                             headers={"X-API-Key": keys.admin})
    assert answer.status_code == 422, case
    assert len(answer.content) < 4000, (case, len(answer.content))
    error = answer.json()["detail"][0]
    assert error["loc"][0] == "body" and error["msg"]
    assert "characters" in json.dumps(error["input"], ensure_ascii=False), error["input"]
