"""The OpenAPI schema tells a client what errors to expect, not only the successes."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_every_keyed_operation_documents_its_auth_and_not_found_answers(app_client: TestClient) -> None:
    schema = app_client.get("/api/v1/openapi.json").json()
    assert schema["components"]["schemas"]["Problem"]["required"] == ["detail"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if path == "/healthz":
                assert not codes & {"401", "403"}, (method, path)
                continue
            assert {"401", "403"} <= codes, (method, path)
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
