"""``/snapshots``: uploads from device agents, results and images for reviewers."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from starlette.datastructures import UploadFile

from storecheck.api.deps import (
    ReaderKey,
    ServiceDep,
    SessionDep,
    UploaderKey,
    filter_listing,
    get_in_store,
    page_of,
)
from storecheck.api.imaging import render_image
from storecheck.api.params import MAX_ROW, Skip
from storecheck.api.schemas import SnapshotAccepted, SnapshotPublic, SnapshotsPublic
from storecheck.api.service import Service
from storecheck.api.snapshot_view import snapshot_public
from storecheck.api.uploads import (
    UploadRejected,
    check_declared_type,
    check_result_fits,
    inspect_image,
    parse_captured_at,
    parse_result,
)
from storecheck.contract import AnalysisResult
from storecheck.store.db import is_disk_full, transaction
from storecheck.store.images import StorageFull, sha256_hex
from storecheck.store.models import ApiKey, Camera, Snapshot, Store
from storecheck.store.orphans import digest_lock, discard_if_unreferenced
from storecheck.store.snapshots import add_snapshot, find_duplicate, record_result

log = logging.getLogger(__name__)
router = APIRouter(prefix="/snapshots", tags=["snapshots"])

FIELDS = ("image", "store_id", "camera_id", "captured_at")
FRAME_PROPERTIES: dict[str, Any] = {
    "image": {"type": "string", "format": "binary", "description": "JPEG, PNG, WebP or BMP"},
    "store_id": {"type": "string"}, "camera_id": {"type": "string"},
    "captured_at": {"type": "string", "format": "date-time",
                    "description": "ISO-8601; from 2000 to a day ahead of the service clock"},
}


def multipart_doc(properties: dict[str, Any], responses: dict[str, str]) -> dict[str, Any]:
    """The OpenAPI description of a multipart form route whose fields are all required."""
    return {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": list(properties), "properties": properties}}}},
        "responses": {code: {"description": text} for code, text in responses.items()},
    }


#: What an upload of a frame (a snapshot, or an edge box's result) answers when it is refused.
FRAME_ERRORS = {
    "404": "Unknown store, or a camera not in it",
    "413": "Over the upload size or the pixel limit",
    "415": "Not multipart/form-data, or an image type or format not analysed",
    "422": "A field missing or malformed; the image empty, corrupt, truncated or too small",
    "503": "The database refused; nothing was kept, retry later",
    "507": "The image store's or the database's disk is full; nothing was kept, retry later",
}
UPLOAD_DOC = multipart_doc(FRAME_PROPERTIES, {
    "200": "Already uploaded: the same snapshot id", "202": "Accepted; analysis queued", **FRAME_ERRORS})


@router.post("", status_code=202, response_model=SnapshotAccepted, openapi_extra=UPLOAD_DOC)
async def upload_snapshot(request: Request, response: Response, key: UploaderKey, service: ServiceDep) -> SnapshotAccepted:
    """Accept one snapshot: checked, stored under its sha256, then queued for analysis.

    Idempotent: the same image from the same camera gives the same id (200, not 202).
    """
    accepted = await receive_frame(request, key, service)
    if accepted.duplicate:
        response.status_code = status.HTTP_200_OK
    else:
        service.queue.submit(accepted.id)
    return accepted


async def receive_frame(request: Request, key: ApiKey, service: Service, fields: tuple[str, ...] = FIELDS,
                        result_field: str | None = None) -> SnapshotAccepted:
    """Read, check and keep one frame (with an edge box's result for it in ``result_field``);
    bad input, a full image store and a refusing database become HTTP errors. Counts outcomes."""
    try:
        form, data, declared = await read_form(request, service.settings.max_upload_bytes, fields)
        analysed = parse_result(form.pop(result_field)) if result_field else None
        accepted = await run_in_threadpool(accept, service, key, form, data, declared, analysed)
    except UploadRejected as exc:
        service.metrics.uploads.labels(outcome="rejected").inc()
        raise HTTPException(exc.status, str(exc)) from None
    except StorageFull:
        service.metrics.uploads.labels(outcome="storage_full").inc()
        raise HTTPException(507, "the image store is full; nothing was kept, retry later") from None
    except SQLAlchemyError as exc:
        # The device agent retries a 503 or 507 later; its image was not kept (see accept).
        log.error("upload not recorded: %s", exc)
        service.metrics.write_failed(exc)
        if is_disk_full(exc):
            service.metrics.uploads.labels(outcome="storage_full").inc()
            raise HTTPException(507, "the database's disk is full; nothing was kept, retry later") from None
        service.metrics.uploads.labels(outcome="db_error").inc()
        raise HTTPException(503, "the snapshot could not be recorded; nothing was kept, retry later") from None
    if not accepted.duplicate:
        service.metrics.write_succeeded()
    outcome = "duplicate" if accepted.duplicate else "new" if analysed is None else "edge"
    service.metrics.uploads.labels(outcome=outcome).inc()
    return accepted


async def read_form(request: Request, max_bytes: int, fields: tuple[str, ...] = FIELDS) -> tuple[dict[str, str], bytes, str | None]:
    """The form's text ``fields`` (all required) and its ``image`` file part, size-checked."""
    # A url-encoded form is parsed too, so a client that forgot the file hears "missing image".
    if not request.headers.get("content-type", "").startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raise UploadRejected(415, "send multipart/form-data with fields " + ", ".join(fields))
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_bytes + 64 * 1024:
        raise UploadRejected(413, f"upload is {int(length)} bytes; the limit is {max_bytes}")
    try:
        form = await request.form(max_files=1, max_fields=10)
    except Exception as exc:  # starlette raises its own types for malformed multipart bodies
        raise UploadRejected(400, f"malformed multipart body: {exc}") from None
    try:
        missing = [name for name in fields if not form.get(name)]
        if missing:
            raise UploadRejected(422, "missing field(s): " + ", ".join(missing))
        image = form["image"]
        if not isinstance(image, UploadFile):
            raise UploadRejected(422, "image must be a file part, not a text field")
        check_declared_type(image.content_type)
        data = await image.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise UploadRejected(413, f"image is over the {max_bytes}-byte limit")
        return {name: str(form[name]).strip() for name in fields if name != "image"}, data, image.content_type
    finally:
        await form.close()


def accept(service: Service, key: ApiKey, fields: dict[str, str], data: bytes, declared: str | None,
           analysed: AnalysisResult | None = None) -> SnapshotAccepted:
    """Check, store and record one frame; ``analysed``: an edge box's result for it (stored as
    done, not queued)."""
    store_id, camera_id = fields["store_id"], fields["camera_id"]
    if key.role == "device" and store_id not in key.store_ids:
        raise UploadRejected(403, f"this device key uploads for store {', '.join(key.store_ids)} only, not {store_id}")
    captured_at = parse_captured_at(fields["captured_at"], service.settings.timezone)
    image = inspect_image(data, service.config.vision.max_pixels, service.config.vision.min_side_px)
    digest = sha256_hex(data)
    with service.factory() as session:
        camera = session.get(Camera, camera_id)
        if session.get(Store, store_id) is None:
            raise UploadRejected(404, f"unknown store {store_id!r}")
        if camera is None or camera.store_id != store_id:
            raise UploadRejected(404, f"unknown camera {camera_id!r} in store {store_id!r}")
        if analysed is not None:
            check_result_fits(analysed, camera, image)
        existing = find_duplicate(session, camera_id, digest)
        if existing is not None:
            return SnapshotAccepted(id=existing.id, status=existing.status, duplicate=True)
    # The file first, then the row: a crash in between leaves an unreferenced file (harmless,
    # content-addressed, swept by the prune pass), never a row without its image. A row that
    # fails to insert takes its file with it, unless another row uses the same bytes.
    with digest_lock(digest):
        service.images.put(data, digest)
        try:
            return _insert(service, key, fields, digest, image.content_type, len(data), captured_at, analysed)
        except BaseException:
            discard_if_unreferenced(service.factory, service.images, digest)
            raise


def _insert(service: Service, key: ApiKey, fields: dict[str, str], digest: str, content_type: str,
            size: int, captured_at: datetime, analysed: AnalysisResult | None) -> SnapshotAccepted:
    camera_id = fields["camera_id"]
    try:
        with transaction(service.factory) as session:
            snapshot = add_snapshot(
                session, store_id=fields["store_id"], camera_id=camera_id, sha256=digest,
                content_type=content_type, size_bytes=size, captured_at=captured_at,
                timezone=service.settings.timezone, uploaded_by=key.id,
                source="upload" if analysed is None else "edge",
            )
            if analysed is not None:
                record_result(session, snapshot, analysed, {})
                for violation in snapshot.violations:
                    service.metrics.violations.labels(rule=violation.rule, kind=violation.kind).inc()
            return SnapshotAccepted(id=snapshot.id, status=snapshot.status, duplicate=False)
    except IntegrityError:  # the same image raced in on another connection
        with service.factory() as session:
            existing = find_duplicate(session, camera_id, digest)
            if existing is None:
                raise
            return SnapshotAccepted(id=existing.id, status=existing.status, duplicate=True)


@router.get("", response_model=SnapshotsPublic)
def list_snapshots(
    key: ReaderKey, session: SessionDep, store_id: str | None = None, camera_id: str | None = None,
    status_: Annotated[str | None, Query(alias="status")] = None,
    skip: Skip = 0, limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> SnapshotsPublic:
    query = filter_listing(select(Snapshot), key, Snapshot.store_id, store_id,
                           {Snapshot.camera_id: camera_id, Snapshot.status: status_})
    rows, count = page_of(session, query, Snapshot.captured_at.desc(), skip, limit)
    return SnapshotsPublic(data=[snapshot_public(s) for s in rows], count=count)


@router.get("/{snapshot_id}", response_model=SnapshotPublic)
def read_snapshot(snapshot_id: str, key: ReaderKey, session: SessionDep) -> SnapshotPublic:
    """The contract's result plus the review state of each violation."""
    return snapshot_public(get_in_store(session, key, Snapshot, snapshot_id, "snapshot"))


@router.get("/{snapshot_id}/image", responses={200: {"content": {"image/jpeg": {}}}, 410: {"description": "Pruned"}})
def read_image(
    snapshot_id: str, key: ReaderKey, session: SessionDep, service: ServiceDep,
    annotate: Annotated[bool, Query(description="Draw boxes and verdicts")] = False,
    crop: Annotated[int | None, Query(ge=0, le=MAX_ROW, description="A finding id: only its evidence, padded")] = None,
    box: Annotated[int | None, Query(ge=0, le=MAX_ROW, description="With crop: only its evidence box number box (from 0)")] = None,
) -> Response:
    if box is not None and crop is None:
        raise HTTPException(422, "box picks one of a finding's evidence boxes: send crop=<finding id> with it")
    snapshot = get_in_store(session, key, Snapshot, snapshot_id, "snapshot")
    if snapshot.image_pruned_at is not None:
        raise HTTPException(410, "this snapshot's image was removed by retention")
    try:
        data = service.images.get(snapshot.sha256)
    except FileNotFoundError:
        raise HTTPException(410, "this snapshot's image is no longer stored") from None
    if not annotate and crop is None:
        return Response(data, media_type=snapshot.content_type, headers={"Cache-Control": "private, max-age=86400"})
    body = render_image(data, snapshot, annotate=annotate, crop=crop, box=box, font_path=service.config.vision.font_path)
    return Response(body, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=60"})
