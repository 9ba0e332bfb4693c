"""rectification orders (整改单); the notification outbox (events, deliveries)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _time(name: str, nullable: bool = True) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "rectification_orders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("store_id", sa.String(length=64), sa.ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
        sa.Column("camera_id", sa.String(length=64), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("review_items.id", ondelete="SET NULL"), nullable=True),
        sa.Column("violation_id", sa.Integer(), sa.ForeignKey("violations.id", ondelete="SET NULL"), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("before_snapshot_id", sa.String(length=32), sa.ForeignKey("snapshots.id", ondelete="SET NULL"),
                  nullable=True),
        _time("before_captured_at", nullable=False),
        sa.Column("after_snapshot_id", sa.String(length=32), sa.ForeignKey("snapshots.id", ondelete="SET NULL"),
                  nullable=True),
        _time("checked_through"),
        sa.Column("assignee", sa.String(length=200), nullable=True),
        _time("due_at", nullable=False),
        _time("created_at", nullable=False),
        sa.Column("opened_by", sa.String(length=200), nullable=False),
        _time("fixed_at"),
        sa.Column("fixed_note", sa.Text(), nullable=True),
        sa.Column("fixed_by", sa.String(length=200), nullable=True),
        _time("verified_at"),
        _time("reopened_at"),
        _time("closed_at"),
        _time("overdue_notified_at"),
    )
    op.create_index("ix_orders_store_status", "rectification_orders", ["store_id", "status"])
    op.create_index("ix_orders_camera_rule", "rectification_orders", ["camera_id", "rule"])
    op.create_table(
        "notification_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("store_id", sa.String(length=64), sa.ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        _time("created_at", nullable=False),
        sa.Column("dedupe_key", sa.String(length=160), nullable=True),
        _time("dispatched_at"),
        sa.UniqueConstraint("dedupe_key", name="uq_notification_events_dedupe"),
    )
    op.create_index("ix_notification_events_dispatched", "notification_events", ["dispatched_at"])
    op.create_table(
        "notification_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("notification_events.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("sink", sa.String(length=64), nullable=False),
        sa.Column("sink_kind", sa.String(length=16), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _time("next_attempt_at", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        _time("created_at", nullable=False),
        _time("sent_at"),
    )
    op.create_index("ix_notification_deliveries_event_id", "notification_deliveries", ["event_id"])
    op.create_index("ix_notification_deliveries_due", "notification_deliveries", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_notification_deliveries_due", "notification_deliveries")
    op.drop_index("ix_notification_deliveries_event_id", "notification_deliveries")
    op.drop_table("notification_deliveries")
    op.drop_index("ix_notification_events_dispatched", "notification_events")
    op.drop_table("notification_events")
    op.drop_index("ix_orders_camera_rule", "rectification_orders")
    op.drop_index("ix_orders_store_status", "rectification_orders")
    op.drop_table("rectification_orders")
