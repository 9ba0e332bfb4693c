"""Rectification orders (整改单): a confirmed finding becomes an order for its store, and the
camera's next analysed frames check the fix without anyone looking.

    open ──(store: fixed)──> fixed ──(next frame passes)──> verified
      │                        └──(next frame still fails)──> reopened ──(store: fixed)──> fixed ...
      └──(a later frame passes, nobody said anything)──> verified
    any active state ──(the finding is dismissed after all)──> cancelled

A camera has at most one active order per rule: the re-check is by rule (the frame passes
``hall.no_cleaning_tools`` or it does not), so a second confirmed mop on the same camera joins the
order already open. Only frames captured after the order's last check count, and after the store
says "fixed" only frames captured after that: an older frame says nothing about the fix.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storecheck.store.followup_models import (
    ACTIVE_ORDER_STATUSES,
    ORDER_STATUSES,
    RectificationOrder,
)
from storecheck.store.models import Snapshot, Violation, utcnow
from storecheck.store.notifications import emit_confirmed
from storecheck.store.order_policy import OrdersConfig


class OrderStateError(ValueError):
    """The order is not in a state that allows this (e.g. marking a verified order fixed)."""


def active_order(session: Session, store_id: str, camera_id: str, rule: str) -> RectificationOrder | None:
    return session.scalar(select(RectificationOrder).where(
        RectificationOrder.store_id == store_id, RectificationOrder.camera_id == camera_id,
        RectificationOrder.rule == rule, RectificationOrder.status.in_(ACTIVE_ORDER_STATUSES),
    ).order_by(RectificationOrder.id.desc()).limit(1))


def evidence_violation(violation: Violation) -> Violation:
    """The frame an order shows as "before": the latest confirmed frame of the violation's review
    item (what the hall looked like when the reviewer decided), or the violation itself."""
    if violation.item is None:
        return violation
    confirmed = [v for v in violation.item.violations if v.status == "confirmed"] or [violation]
    return max(confirmed, key=lambda v: (v.snapshot.captured_at, v.id))


def open_order(session: Session, violation: Violation, policy: OrdersConfig, *, by: str,
               now: datetime | None = None) -> RectificationOrder:
    """The order for a confirmed ``violation``: the camera's active order for the rule if there is
    one, else a new one due after the rule's hours."""
    existing = active_order(session, violation.store_id, violation.camera_id, violation.rule)
    if existing is not None:
        return existing
    now = now or utcnow()
    before = evidence_violation(violation)
    order = RectificationOrder(
        store_id=before.store_id, camera_id=before.camera_id, rule=before.rule, status="open",
        item_id=before.item_id, violation_id=before.id, evidence=before.evidence,
        before_snapshot_id=before.snapshot_id, before_captured_at=before.snapshot.captured_at,
        due_at=now + policy.due_in(before.rule), created_at=now, opened_by=by,
    )
    session.add(order)
    session.flush()
    return order


def cancel_orders(session: Session, violation: Violation, now: datetime | None = None) -> list[RectificationOrder]:
    """A dismissal after a confirmation: the active orders opened from this violation's review
    item (or the violation) are cancelled."""
    source = (RectificationOrder.item_id == violation.item_id if violation.item_id is not None
              else RectificationOrder.violation_id == violation.id)
    orders = list(session.scalars(select(RectificationOrder).where(
        source, RectificationOrder.status.in_(ACTIVE_ORDER_STATUSES))))
    for order in orders:
        order.status, order.closed_at = "cancelled", now or utcnow()
    return orders


def follow_verdict(session: Session, violation: Violation, verdict: str, policy: OrdersConfig, *,
                   by: str, newly_confirmed: bool) -> RectificationOrder | None:
    """What a reviewer's verdict means after the review: confirm opens an order (or finds the
    open one) and, when it newly confirms the thing, is a ``violation.confirmed`` notification;
    dismiss cancels the orders opened from the same item. Returns the confirmation's order."""
    if verdict != "confirm":
        cancel_orders(session, violation)
        return None
    order = open_order(session, violation, policy, by=by)
    if newly_confirmed:
        emit_confirmed(session, violation, order, by)
    return order


def mark_fixed(order: RectificationOrder, note: str, *, by: str, now: datetime | None = None) -> None:
    """The store says it fixed the problem; the camera's next frame will tell.

    Raises:
        OrderStateError: the order is not open or reopened.
    """
    if order.status not in ("open", "reopened"):
        raise OrderStateError(f"order {order.id} is {order.status}; only an open or reopened order can be marked fixed")
    order.status, order.fixed_at = "fixed", now or utcnow()
    order.fixed_note, order.fixed_by = note.strip() or None, by


def rule_outcomes(snapshot: Snapshot) -> dict[str, bool]:
    """Per rule the snapshot decided: True passed, False violated (warnings, indeterminate and
    not-applicable findings decide nothing)."""
    outcomes: dict[str, bool] = {}
    for finding in snapshot.findings:
        if finding.status == "violation":
            outcomes[finding.rule] = False
        elif finding.status == "pass":
            outcomes.setdefault(finding.rule, True)
    return outcomes


def recheck_orders(session: Session, snapshot: Snapshot, now: datetime | None = None) -> list[RectificationOrder]:
    """Check the camera's active orders against a newly analysed frame; returns those it checked.

    A pass verifies the order (the frame becomes its "after"). A failure reopens an order the
    store had marked fixed, and leaves an open one open (the frame is its latest "after").
    """
    outcomes = rule_outcomes(snapshot)
    if not outcomes:
        return []
    checked = []
    for order in session.scalars(select(RectificationOrder).where(
        RectificationOrder.store_id == snapshot.store_id, RectificationOrder.camera_id == snapshot.camera_id,
        RectificationOrder.rule.in_(outcomes), RectificationOrder.status.in_(ACTIVE_ORDER_STATUSES),
    )):
        if snapshot.id == order.before_snapshot_id or snapshot.captured_at <= _checked_since(order):
            continue
        order.after_snapshot_id, order.checked_through = snapshot.id, snapshot.captured_at
        if outcomes[order.rule]:
            order.status = "verified"
            order.verified_at = order.closed_at = now or utcnow()
        elif order.status == "fixed":
            order.status, order.reopened_at = "reopened", now or utcnow()
        checked.append(order)
    return checked


def _checked_since(order: RectificationOrder) -> datetime:
    since = order.checked_through or order.before_captured_at
    if order.status == "fixed" and order.fixed_at is not None:
        since = max(since, order.fixed_at)
    return since


def is_overdue(order: RectificationOrder, now: datetime | None = None) -> bool:
    """Past its due time and still owed by the store (not verified, not cancelled)."""
    return order.status in ACTIVE_ORDER_STATUSES and order.due_at < (now or utcnow())


def order_counts(session: Session, store_id: str | None = None) -> dict[str, int]:
    """Orders per status (every status, 0 when none), and ``overdue``."""
    query = select(RectificationOrder.status, func.count()).group_by(RectificationOrder.status)
    overdue = select(func.count()).select_from(RectificationOrder).where(
        RectificationOrder.status.in_(ACTIVE_ORDER_STATUSES), RectificationOrder.due_at < utcnow())
    if store_id is not None:
        query = query.where(RectificationOrder.store_id == store_id)
        overdue = overdue.where(RectificationOrder.store_id == store_id)
    counts = dict.fromkeys(ORDER_STATUSES, 0)
    counts.update({str(status): int(n) for status, n in session.execute(query)})
    counts["overdue"] = int(session.scalar(overdue) or 0)
    return counts
