"""``POST /results``: a frame analysed on an edge box (``storecheck capture`` in edge mode).

The box sends the contract's result with an *evidence frame*: the frame at full size with
everything outside the evidence boxes blacked out, so customers' faces and the rest of the hall
never leave the store, while the review page's crops, scores and retention work exactly as for
an upload. The service checks the result against the contract and the camera, and stores it as
analysed (no queue). Idempotent like uploads: the same evidence frame from the same camera
answers 200 with the same snapshot id.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from storecheck.api.deps import ServiceDep, UploaderKey
from storecheck.api.routes.snapshots import FIELDS, accept, read_form
from storecheck.api.schemas import SnapshotAccepted
from storecheck.api.uploads import UploadRejected
from storecheck.contract import AnalysisResult
from storecheck.store.images import StorageFull

log = logging.getLogger(__name__)
router = APIRouter(tags=["snapshots"])

RESULT_FIELDS = (*FIELDS, "result")
RESULTS_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": list(RESULT_FIELDS),
            "properties": {
                "image": {"type": "string", "format": "binary",
                          "description": "The evidence frame: full size, black outside the evidence boxes"},
                "store_id": {"type": "string"}, "camera_id": {"type": "string"},
                "captured_at": {"type": "string", "format": "date-time", "description": "ISO-8601"},
                "result": {"type": "string", "description": "The contract's result JSON for this frame"},
            },
        }}},
    },
    "responses": {"200": {"description": "Already received: the same snapshot id"},
                  "201": {"description": "Stored as analysed; its violations are in the review queue"},
                  "422": {"description": "Not a contract result, or not for this frame or camera"}},
}


@router.post("/results", status_code=201, response_model=SnapshotAccepted, openapi_extra=RESULTS_DOC)
async def receive_result(request: Request, response: Response, key: UploaderKey, service: ServiceDep) -> SnapshotAccepted:
    """Store an edge box's analysis of one frame, with its evidence frame."""
    try:
        fields, data, declared = await read_form(request, service.settings.max_upload_bytes, RESULT_FIELDS)
        analysed = parse_result(fields.pop("result"))
        accepted = await run_in_threadpool(accept, service, key, fields, data, declared, analysed)
    except UploadRejected as exc:
        service.metrics.uploads.labels(outcome="rejected").inc()
        raise HTTPException(exc.status, str(exc)) from None
    except StorageFull:
        service.metrics.uploads.labels(outcome="storage_full").inc()
        raise HTTPException(507, "the image store is full; the result was not kept, retry later") from None
    except SQLAlchemyError as exc:
        log.error("edge result not recorded: %s", exc)
        service.metrics.uploads.labels(outcome="db_error").inc()
        raise HTTPException(503, "the result could not be recorded; nothing was kept, retry later") from None
    service.metrics.uploads.labels(outcome="duplicate" if accepted.duplicate else "edge").inc()
    if accepted.duplicate:
        response.status_code = status.HTTP_200_OK
    return accepted


def parse_result(text: str) -> AnalysisResult:
    """The contract's result, or a 422 that names the first problems."""
    try:
        return AnalysisResult.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        raise UploadRejected(422, f"result is not JSON: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
        raise UploadRejected(422, f"result does not follow the contract: {problems}") from None
