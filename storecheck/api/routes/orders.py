"""``/orders``: rectification orders (整改单), opened by confirmations and checked by the camera's
next frames (:mod:`storecheck.store.orders`). A store's device key reads and marks its own
store's orders; reviewers theirs; admins all."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from sqlalchemy import select

from storecheck.api.deps import (
    AnyRoleKey,
    ReaderKey,
    SessionDep,
    filter_listing,
    get_in_store,
    page_of,
)
from storecheck.api.order_schemas import (
    OrderAssign,
    OrderFix,
    OrderPublic,
    OrdersPublic,
    OrderStatus,
)
from storecheck.api.params import RowId, Skip
from storecheck.store.followup_models import ACTIVE_ORDER_STATUSES, RectificationOrder
from storecheck.store.models import utcnow
from storecheck.store.orders import OrderStateError, mark_fixed

router = APIRouter(prefix="/orders", tags=["orders"])


@router.get("", response_model=OrdersPublic)
def list_orders(
    key: AnyRoleKey, session: SessionDep, store_id: str | None = None, camera_id: str | None = None,
    rule: str | None = None, status: OrderStatus | None = None,
    overdue: Annotated[bool | None, Query(description="true: only overdue orders; false: none of them")] = None,
    skip: Skip = 0, limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> OrdersPublic:
    """Oldest first; filters by store, camera, rule, status and overdue."""
    query = filter_listing(select(RectificationOrder), key, RectificationOrder.store_id, store_id, {
        RectificationOrder.camera_id: camera_id, RectificationOrder.rule: rule, RectificationOrder.status: status})
    if overdue is not None:
        late = RectificationOrder.status.in_(ACTIVE_ORDER_STATUSES) & (RectificationOrder.due_at < utcnow())
        query = query.where(late if overdue else ~late)
    rows, count = page_of(session, query, RectificationOrder.id, skip, limit)
    return OrdersPublic(data=[OrderPublic.of(order) for order in rows], count=count)


@router.get("/{order_id}", response_model=OrderPublic)
def read_order(order_id: RowId, key: AnyRoleKey, session: SessionDep) -> OrderPublic:
    return OrderPublic.of(get_in_store(session, key, RectificationOrder, order_id, "order"))


@router.post("/{order_id}/fix", response_model=OrderPublic, responses={409: {"description": "Not open or reopened"}})
def fix_order(order_id: RowId, body: OrderFix, key: AnyRoleKey, session: SessionDep) -> OrderPublic:
    """The store says it is fixed (optionally how); the camera's next analysed frame verifies the
    order or reopens it. 409 unless the order is open or reopened."""
    order = get_in_store(session, key, RectificationOrder, order_id, "order")
    try:
        mark_fixed(order, body.note, by=key.name)
    except OrderStateError as exc:
        raise HTTPException(409, str(exc)) from exc
    session.commit()
    return OrderPublic.of(order)


@router.post("/{order_id}/assign", response_model=OrderPublic)
def assign_order(order_id: RowId, body: OrderAssign, key: ReaderKey, session: SessionDep) -> OrderPublic:
    """Name who fixes it (or nobody)."""
    order = get_in_store(session, key, RectificationOrder, order_id, "order")
    order.assignee = body.assignee.strip() or None if body.assignee is not None else None
    session.commit()
    return OrderPublic.of(order)
