"""The notification outbox: events written where things happen, deliveries the sender works.

An event row is written in the same transaction as what it tells (a new violation, a
confirmation, an order falling overdue), so nothing is told that did not happen and nothing that
happened is lost. The sender (:mod:`storecheck.notify.sender`) claims events and deliveries with
conditional UPDATEs, so several service processes on one database never send a message twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storecheck.store.followup_models import (
    ACTIVE_ORDER_STATUSES,
    DELIVERY_STATUSES,
    NotificationDelivery,
    NotificationEvent,
    RectificationOrder,
)
from storecheck.store.models import Store, Violation, utcnow


def emit(session: Session, kind: str, store_id: str, rule: str | None, payload: dict[str, Any]) -> NotificationEvent:
    store = session.get(Store, store_id)
    event = NotificationEvent(kind=kind, store_id=store_id, rule=rule, created_at=utcnow(),
                              payload={"store_id": store_id, "store_name": store.name if store else store_id,
                                       "rule": rule, **payload})
    session.add(event)
    return event


def _violation_fields(violation: Violation) -> dict[str, Any]:
    return {"violation_id": violation.id, "snapshot_id": violation.snapshot_id, "finding_id": violation.finding_id,
            "camera_id": violation.camera_id, "kind": violation.kind, "message": violation.message,
            "evidence_count": len(violation.evidence), "item_id": violation.item_id,
            "captured_at": violation.snapshot.captured_at.isoformat()}


def _order_fields(order: RectificationOrder) -> dict[str, Any]:
    return {"order_id": order.id, "order_status": order.status, "due_at": order.due_at.isoformat(),
            "camera_id": order.camera_id, "snapshot_id": order.before_snapshot_id, "assignee": order.assignee}


def emit_new_violation(session: Session, violation: Violation) -> NotificationEvent:
    """A violation that opened a new review item (its repeats in later frames are not news)."""
    return emit(session, "violation.new", violation.store_id, violation.rule, _violation_fields(violation))


def emit_confirmed(session: Session, violation: Violation, order: RectificationOrder | None,
                   by: str) -> NotificationEvent:
    fields = {**(_order_fields(order) if order is not None else {}), **_violation_fields(violation), "by": by}
    return emit(session, "violation.confirmed", violation.store_id, violation.rule, fields)


def emit_overdue(session: Session, now: datetime) -> int:
    """An ``order.overdue`` event for each order that fell past due since the last call (once per
    order); returns how many."""
    told = 0
    for order in session.scalars(select(RectificationOrder).where(
        RectificationOrder.status.in_(ACTIVE_ORDER_STATUSES), RectificationOrder.due_at < now,
        RectificationOrder.overdue_notified_at.is_(None),
    ).limit(500)):
        claimed = session.execute(update(RectificationOrder).where(
            RectificationOrder.id == order.id, RectificationOrder.overdue_notified_at.is_(None),
        ).values(overdue_notified_at=now))
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            emit(session, "order.overdue", order.store_id, order.rule, _order_fields(order))
            told += 1
    return told


def digest_key(store_id: str, sink: str, day: str) -> str:
    return f"digest:{store_id}:{sink}:{day}"


def digests_made(session: Session, day: str) -> set[str]:
    """The keys of the digests made for ``day`` (one query for every store)."""
    return set(session.scalars(select(NotificationEvent.dedupe_key).where(
        NotificationEvent.kind == "digest", NotificationEvent.dedupe_key.like(f"digest:%:{day}"))))


def emit_digest(session: Session, store_id: str, sink: str, day: str, since: datetime, until: datetime,
                wants: Callable[[str, str | None], bool], extra: dict[str, Any], *,
                quiet_when_nothing: bool) -> NotificationEvent | None:
    """The ``digest`` event of one store for one sink and day: what the sink would have been told
    one event at a time between ``since`` and ``until``, counted. ``empty`` in its payload when
    nothing was told and ``quiet_when_nothing`` (the sender then sends nothing: a province's
    quiet halls do not each say so every evening). None when it exists already (made by this or
    another process: ``dedupe_key`` is unique)."""
    key = digest_key(store_id, sink, day)
    if session.scalar(select(NotificationEvent.id).where(NotificationEvent.dedupe_key == key)) is not None:
        return None
    told = [e for e in session.scalars(select(NotificationEvent).where(
        NotificationEvent.store_id == store_id, NotificationEvent.kind != "digest",
        NotificationEvent.created_at >= since, NotificationEvent.created_at < until,
    ).order_by(NotificationEvent.id)) if wants(e.kind, e.rule)]
    kinds = Counter(e.kind for e in told)
    new_rules = Counter(e.rule for e in told if e.kind == "violation.new" and e.rule)
    payload = {"sink": sink, "day": day, "since": since.isoformat(), "until": until.isoformat(),
               "counts": {kind: kinds.get(kind, 0) for kind in
                          ("violation.new", "violation.confirmed", "order.overdue", "camera.offline")},
               "new_by_rule": dict(new_rules.most_common()),
               "overdue_order_ids": [e.payload.get("order_id") for e in told if e.kind == "order.overdue"],
               "empty": not told and quiet_when_nothing, **extra}
    try:
        with session.begin_nested():
            event = emit(session, "digest", store_id, None, payload)
            event.dedupe_key = key
            session.flush()
    except IntegrityError:  # another sender made it between the check and the insert
        return None
    return event


def undispatched(session: Session, limit: int = 200) -> list[NotificationEvent]:
    return list(session.scalars(select(NotificationEvent).where(NotificationEvent.dispatched_at.is_(None))
                                .order_by(NotificationEvent.id).limit(limit)))


def claim_event(session: Session, event: NotificationEvent, now: datetime) -> bool:
    """Mark ``event`` dispatched; False when another sender got there first."""
    claimed = session.execute(update(NotificationEvent).where(
        NotificationEvent.id == event.id, NotificationEvent.dispatched_at.is_(None)).values(dispatched_at=now))
    return claimed.rowcount == 1  # type: ignore[attr-defined]


def add_delivery(session: Session, event: NotificationEvent, sink: str, sink_kind: str, body: dict[str, Any],
                 first_try: datetime) -> NotificationDelivery:
    delivery = NotificationDelivery(event_id=event.id, store_id=event.store_id, sink=sink, sink_kind=sink_kind,
                                    body=body, status="pending", attempts=0, next_attempt_at=first_try,
                                    created_at=utcnow())
    session.add(delivery)
    return delivery


def claim_due(session: Session, now: datetime, lease_until: datetime, limit: int = 50) -> list[NotificationDelivery]:
    """Pending deliveries due by ``now``, each claimed by moving its next try to ``lease_until``
    (so a sender that dies mid-try leaves it to be tried again after the lease)."""
    claimed = []
    for delivery in session.scalars(select(NotificationDelivery).where(
        NotificationDelivery.status == "pending", NotificationDelivery.next_attempt_at <= now,
    ).order_by(NotificationDelivery.next_attempt_at, NotificationDelivery.id).limit(limit)):
        won = session.execute(update(NotificationDelivery).where(
            NotificationDelivery.id == delivery.id, NotificationDelivery.status == "pending",
            NotificationDelivery.next_attempt_at == delivery.next_attempt_at,
        ).values(next_attempt_at=lease_until))
        if won.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(delivery.id)
    session.expire_all()
    return [d for d in (session.get(NotificationDelivery, i) for i in claimed) if d is not None]


def record_try(delivery: NotificationDelivery, *, ok: bool, status_code: int | None, error: str | None,
               now: datetime, retry_at: datetime | None) -> None:
    """One try's outcome: sent, pending again until ``retry_at``, or dead when ``retry_at`` is None."""
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = status_code, (error or None) and error[:2000]
    if ok:
        delivery.status, delivery.sent_at = "sent", now
    elif retry_at is None:
        delivery.status = "dead"
    else:
        delivery.next_attempt_at = retry_at


def retry_dead(delivery: NotificationDelivery, now: datetime) -> None:
    """Give a dead delivery a fresh set of tries, starting now."""
    delivery.status, delivery.attempts, delivery.next_attempt_at = "pending", 0, now


def prune_events(session: Session, before: datetime) -> int:
    """Events (and their deliveries) created before ``before``; none still pending."""
    pending = select(NotificationDelivery.event_id).where(NotificationDelivery.status == "pending")
    done = session.execute(delete(NotificationEvent).where(
        NotificationEvent.created_at < before, NotificationEvent.dispatched_at.is_not(None),
        NotificationEvent.id.not_in(pending)))
    return int(done.rowcount)  # type: ignore[attr-defined]


def delivery_counts(session: Session) -> dict[str, int]:
    counts = dict.fromkeys(DELIVERY_STATUSES, 0)
    counts.update({str(s): int(n) for s, n in session.execute(
        select(NotificationDelivery.status, func.count()).group_by(NotificationDelivery.status))})
    return counts
