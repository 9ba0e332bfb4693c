"""rectification orders (整改单)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
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


def downgrade() -> None:
    op.drop_index("ix_orders_camera_rule", "rectification_orders")
    op.drop_index("ix_orders_store_status", "rectification_orders")
    op.drop_table("rectification_orders")
