"""The tables of what follows a finding: rectification orders (整改单), and the notification
outbox (events, and their deliveries to each sink).

Registered on :class:`~storecheck.store.models.Base` by :mod:`storecheck.store.models` itself, so
whoever reads ``Base.metadata`` (Alembic, the tests) sees them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storecheck.store.models import Base, UTCDateTime, utcnow

#: open: waiting for the store; fixed: the store says it is done, the next frame will tell;
#: verified: a later frame of the camera passed the rule; reopened: the frame after "fixed" still
#: failed; cancelled: the finding was dismissed after all.
ORDER_STATUSES = ("open", "fixed", "verified", "reopened", "cancelled")
#: The statuses as the pages, messages and reports say them.
ORDER_STATUS_ZH = {"open": "待整改", "fixed": "已整改待复查", "verified": "复查通过", "reopened": "复查未通过",
                   "cancelled": "已撤销"}
#: States in which the store still owes a fix (and the order can fall overdue).
ACTIVE_ORDER_STATUSES = ("open", "fixed", "reopened")


class RectificationOrder(Base):
    """整改单: one confirmed problem one store must fix on one camera, checked again automatically
    by that camera's next analysed frames. ``before_snapshot_id`` is the confirmed frame,
    ``after_snapshot_id`` the latest frame that re-checked it (the passing one once verified)."""

    __tablename__ = "rectification_orders"
    __table_args__ = (
        Index("ix_orders_store_status", "store_id", "status"),
        Index("ix_orders_camera_rule", "camera_id", "rule"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    camera_id: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="open")
    item_id: Mapped[int | None] = mapped_column(ForeignKey("review_items.id", ondelete="SET NULL"), nullable=True)
    violation_id: Mapped[int | None] = mapped_column(ForeignKey("violations.id", ondelete="SET NULL"), nullable=True)
    evidence: Mapped[list[list[float]]] = mapped_column(JSON, default=list)
    before_snapshot_id: Mapped[str | None] = mapped_column(
        ForeignKey("snapshots.id", ondelete="SET NULL"), nullable=True)
    before_captured_at: Mapped[datetime] = mapped_column(UTCDateTime)
    after_snapshot_id: Mapped[str | None] = mapped_column(
        ForeignKey("snapshots.id", ondelete="SET NULL"), nullable=True)
    #: The capture time of the latest frame that re-checked the order: older frames never count.
    checked_through: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    assignee: Mapped[str | None] = mapped_column(String(200), nullable=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_by: Mapped[str] = mapped_column(String(200), default="")
    fixed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    fixed_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    fixed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: When the overdue notification was queued (once per order).
    overdue_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


#: pending: waiting for its next try (``next_attempt_at``); sent: the sink took it; dead: out of
#: tries (or its sink is gone from the config), kept as the dead-letter list.
DELIVERY_STATUSES = ("pending", "sent", "dead")


class NotificationEvent(Base):
    """Something to tell people (a new violation, a confirmation, an overdue order, a sink's daily
    digest), written in
    the same transaction as what happened. The service's sender turns each event into one
    delivery per sink that wants it (the config says which), so whoever writes an event, a
    Celery worker included, needs no notification config."""

    __tablename__ = "notification_events"
    __table_args__ = (Index("ix_notification_events_dispatched", "dispatched_at"),
                      UniqueConstraint("dedupe_key", name="uq_notification_events_dedupe"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    rule: Mapped[str | None] = mapped_column(String(64), nullable=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set for events that must exist once whoever writes them (a store's digest for one sink and
    #: day): the second insert fails on the unique constraint.
    dedupe_key: Mapped[str | None] = mapped_column(String(160), nullable=True)
    #: When the sender made its deliveries; None: not yet.
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    deliveries: Mapped[list[NotificationDelivery]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True)


class NotificationDelivery(Base):
    """One event to one sink: the message as rendered for the sink, and every try's outcome."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (Index("ix_notification_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("notification_events.id", ondelete="CASCADE"), index=True)
    store_id: Mapped[str] = mapped_column(String(64))
    sink: Mapped[str] = mapped_column(String(64))
    sink_kind: Mapped[str] = mapped_column(String(16))
    #: The JSON body as rendered for the sink (signatures are added at each try).
    body: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    event: Mapped[NotificationEvent] = relationship(back_populates="deliveries")
