"""``/review-items``: repeated findings of one thing, listed and decided once
(:mod:`storecheck.store.review_items`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy import func, select

from storecheck.api.deps import (
    ReaderKey,
    ServiceDep,
    SessionDep,
    check_store_access,
    get_in_store,
    visible_store_ids,
)
from storecheck.api.params import RowId, Skip
from storecheck.api.routes.violations import require_reason
from storecheck.api.schemas import ReviewCreate, ReviewItemPublic, ReviewItemsPublic
from storecheck.store.models import ReviewItem
from storecheck.store.orders import follow_verdict
from storecheck.store.reviews import review_item

router = APIRouter(prefix="/review-items", tags=["violations"])


@router.get("", response_model=ReviewItemsPublic)
def list_review_items(
    key: ReaderKey, session: SessionDep, store_id: str | None = None, camera_id: str | None = None,
    rule: str | None = None, status: Literal["open", "confirmed", "dismissed"] | None = None,
    skip: Skip = 0, limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ReviewItemsPublic:
    """Oldest first, as the violation queue."""
    query = select(ReviewItem)
    if store_id is not None:
        check_store_access(key, store_id)
        query = query.where(ReviewItem.store_id == store_id)
    elif (visible := visible_store_ids(key)) is not None:
        query = query.where(ReviewItem.store_id.in_(visible))
    for column, value in ((ReviewItem.camera_id, camera_id), (ReviewItem.rule, rule), (ReviewItem.status, status)):
        if value is not None:
            query = query.where(column == value)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(ReviewItem.id).offset(skip).limit(limit))
    return ReviewItemsPublic(data=[ReviewItemPublic.of(item) for item in rows], count=count)


@router.get("/{item_id}", response_model=ReviewItemPublic)
def read_review_item(item_id: RowId, key: ReaderKey, session: SessionDep) -> ReviewItemPublic:
    return ReviewItemPublic.of(get_in_store(session, key, ReviewItem, item_id, "review item"))


@router.post("/{item_id}/review", response_model=ReviewItemPublic)
def review_review_item(item_id: RowId, body: ReviewCreate, key: ReaderKey, session: SessionDep,
                       service: ServiceDep) -> ReviewItemPublic:
    """Confirm or dismiss every violation of the item at once (a reason is required to dismiss);
    a confirmation opens a rectification order and notifies, a dismissal cancels the order."""
    require_reason(body)
    item = get_in_store(session, key, ReviewItem, item_id, "review item")
    was = item.status
    review_item(session, item, body.verdict, body.reason, key, body.relabel)
    if item.violations:
        follow_verdict(session, item.violations[-1], body.verdict, service.config.orders, by=key.name,
                       newly_confirmed=was != "confirmed")
    session.commit()
    service.wake_notifier()
    session.refresh(item)
    return ReviewItemPublic.of(item)
