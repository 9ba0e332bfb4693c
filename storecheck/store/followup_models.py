"""The tables of what follows a confirmed finding: rectification orders (整改单).

Registered on :class:`~storecheck.store.models.Base` by :mod:`storecheck.store.models` itself, so
whoever reads ``Base.metadata`` (Alembic, the tests) sees them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storecheck.store.models import Base, UTCDateTime, utcnow

#: open: waiting for the store; fixed: the store says it is done, the next frame will tell;
#: verified: a later frame of the camera passed the rule; reopened: the frame after "fixed" still
#: failed; cancelled: the finding was dismissed after all.
ORDER_STATUSES = ("open", "fixed", "verified", "reopened", "cancelled")
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
