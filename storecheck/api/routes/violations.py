"""``/violations``: the review queue and reviewers' verdicts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from sqlalchemy import Select, select

from storecheck.api.deps import (
    ReaderKey,
    ServiceDep,
    SessionDep,
    filter_listing,
    get_in_store,
    page_of,
)
from storecheck.api.params import RowId, Skip
from storecheck.api.schemas import ReviewCreate, ViolationPublic, ViolationsPublic
from storecheck.store.models import ApiKey, Violation
from storecheck.store.orders import follow_verdict
from storecheck.store.reviews import add_review

router = APIRouter(prefix="/violations", tags=["violations"])


def violation_query(
    key: ApiKey, *, store_id: str | None = None, camera_id: str | None = None, rule: str | None = None,
    status: str | None = None, kind: str | None = None, day_from: date | None = None, day_to: date | None = None,
) -> Select[Violation]:
    """Violations ``key`` may see, filtered; 403 for a store it may not see."""
    query = filter_listing(select(Violation), key, Violation.store_id, store_id, {
        Violation.camera_id: camera_id, Violation.rule: rule, Violation.status: status, Violation.kind: kind})
    if day_from is not None:
        query = query.where(Violation.day >= day_from)
    if day_to is not None:
        query = query.where(Violation.day <= day_to)
    return query


def require_reason(body: ReviewCreate) -> None:
    if body.verdict == "dismiss" and not body.reason.strip():
        raise HTTPException(422, "a reason is required to dismiss a violation")


@router.get("", response_model=ViolationsPublic)
def list_violations(
    key: ReaderKey, session: SessionDep,
    store_id: str | None = None, camera_id: str | None = None, rule: str | None = None,
    status: Literal["open", "confirmed", "dismissed"] | None = None,
    kind: Literal["violation", "indeterminate"] | None = None,
    day_from: Annotated[date | None, Query(alias="from", description="First local day")] = None,
    day_to: Annotated[date | None, Query(alias="to", description="Last local day")] = None,
    skip: Skip = 0, limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ViolationsPublic:
    """Oldest first, so the review queue is worked in order."""
    query = violation_query(key, store_id=store_id, camera_id=camera_id, rule=rule, status=status,
                            kind=kind, day_from=day_from, day_to=day_to)
    rows, count = page_of(session, query, Violation.id, skip, limit)
    return ViolationsPublic(data=[ViolationPublic.of(v) for v in rows], count=count)


@router.get("/{violation_id}", response_model=ViolationPublic)
def read_violation(violation_id: RowId, key: ReaderKey, session: SessionDep) -> ViolationPublic:
    return ViolationPublic.of(get_in_store(session, key, Violation, violation_id, "violation"))


@router.post("/{violation_id}/review", response_model=ViolationPublic)
def review_violation(violation_id: RowId, body: ReviewCreate, key: ReaderKey, session: SessionDep,
                     service: ServiceDep) -> ViolationPublic:
    """Confirm or dismiss (a reason is required to dismiss). Every verdict is kept; the latest
    sets the status and the snapshot's reviewed score. The verdict decides the violation's whole
    review item: every frame of the same standing bucket. A confirmation opens a rectification
    order for the store (``/orders``) and notifies the store's sinks; a dismissal cancels the order."""
    require_reason(body)
    violation = get_in_store(session, key, Violation, violation_id, "violation")
    was = violation.item.status if violation.item is not None else violation.status
    add_review(session, violation, body.verdict, body.reason, key, body.relabel)
    follow_verdict(session, violation, body.verdict, service.config.orders, by=key.name,
                   newly_confirmed=was != "confirmed")
    session.commit()
    service.wake_notifier()
    session.refresh(violation)
    return ViolationPublic.of(violation)
