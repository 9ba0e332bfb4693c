"""The error answers every API operation can give, written into the OpenAPI schema.

FastAPI documents only the success and its own 422; a client generated from the schema would
not know the 401 of a missing key, the 403 of another store's data or the 404 of an unknown id,
all of which carry ``{"detail": "why"}``. They are added here once rather than on each route.
A 422 is FastAPI's list of field errors or, when our own checks refuse a value (a roster line,
an image, a dismissal without a reason), one ``{"detail": "why"}``: documented as either.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM = {"title": "Problem", "type": "object", "required": ["detail"],
           "properties": {"detail": {"type": "string", "title": "Detail", "description": "Why, for a person to read"}}}
#: Every operation but the open ones needs a key: what it answers when the key is wrong.
AUTH_ERRORS = {"401": "No key, or an unknown or revoked one", "403": "The key's role or stores do not allow this",
               "429": "Too many wrong keys from this address in the last minute; wait Retry-After seconds"}
#: Operations that take a body: what FastAPI or our multipart reader answers when it cannot be parsed.
BODY_ERRORS = {"400": "The body could not be parsed (malformed JSON or multipart)"}
#: Operations with an id in their path: what they answer when it names nothing.
NOT_FOUND = {"404": "No such store, camera, snapshot, violation or key (or not one this key may see)"}


def add_error_responses(app: FastAPI, open_paths: tuple[str, ...]) -> None:
    """Make ``app.openapi()`` document the 401/403 (and, with a path id, 404) answers."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
        for path, operations in schema.get("paths", {}).items():
            if path in open_paths:
                continue
            for operation in operations.values():
                errors = {**AUTH_ERRORS, **(NOT_FOUND if "{" in path else {}),
                          **(BODY_ERRORS if "requestBody" in operation else {})}
                responses = operation.setdefault("responses", {})
                json_422 = responses.get("422", {}).get("content", {}).get("application/json")
                if json_422 is not None:
                    json_422["schema"] = {"anyOf": [json_422["schema"], {"$ref": "#/components/schemas/Problem"}]}
                for code, why in errors.items():
                    responses.setdefault(code, {"description": why, "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}})
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
