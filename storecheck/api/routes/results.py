"""``POST /results``: a frame analysed on an edge box (``storecheck capture`` in edge mode).

The box sends the contract's result with an *evidence frame*: the frame at full size with
everything outside the evidence boxes blacked out, so customers' faces and the rest of the hall
never leave the store, while the review page's crops, scores and retention work exactly as for
an upload. The service checks the result against the contract and the camera, and stores it as
analysed (no queue). Idempotent like uploads: the same evidence frame from the same camera
answers 200 with the same snapshot id.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from storecheck.api.deps import ServiceDep, UploaderKey
from storecheck.api.routes.snapshots import (
    FIELDS,
    FRAME_ERRORS,
    FRAME_PROPERTIES,
    multipart_doc,
    receive_frame,
)
from storecheck.api.schemas import SnapshotAccepted

router = APIRouter(tags=["snapshots"])

RESULT_FIELDS = (*FIELDS, "result")
RESULTS_DOC = multipart_doc(FRAME_PROPERTIES | {
    "image": {"type": "string", "format": "binary",
              "description": "The evidence frame: full size, black outside the evidence boxes"},
    "result": {"type": "string", "description": "The contract's result JSON for this frame"},
}, {"200": "Already received: the same snapshot id",
    "201": "Stored as analysed; its violations are in the review queue",
    **FRAME_ERRORS,
    "422": "Not a contract result, or not for this frame or camera; or as for an upload"})


@router.post("/results", status_code=201, response_model=SnapshotAccepted, openapi_extra=RESULTS_DOC)
async def receive_result(request: Request, response: Response, key: UploaderKey, service: ServiceDep) -> SnapshotAccepted:
    """Store an edge box's analysis of one frame, with its evidence frame."""
    accepted = await receive_frame(request, key, service, RESULT_FIELDS, result_field="result")
    if accepted.duplicate:
        response.status_code = status.HTTP_200_OK
    return accepted
