"""``/review-items``: repeated findings of one thing, listed and decided once
(:mod:`storecheck.store.review_items`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy import select

from storecheck.api.deps import (
    ReaderKey,
    ServiceDep,
    SessionDep,
    filter_listing,
    get_in_store,
    page_of,
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
    query = filter_listing(select(ReviewItem), key, ReviewItem.store_id, store_id, {
        ReviewItem.camera_id: camera_id, ReviewItem.rule: rule, ReviewItem.status: status})
    rows, count = page_of(session, query, ReviewItem.id, skip, limit)
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
