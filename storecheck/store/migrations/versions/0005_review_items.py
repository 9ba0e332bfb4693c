"""review items: repeated findings of one thing decided once; reviewers' label corrections

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 20:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("camera_id", sa.String(length=64), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_review_items_store_id", "review_items", ["store_id"])
    op.create_index("ix_review_items_camera_rule", "review_items", ["camera_id", "rule"])
    with op.batch_alter_table("violations") as batch:
        batch.add_column(sa.Column("item_id", sa.Integer(), nullable=True))
        batch.create_index("ix_violations_item_id", ["item_id"])
        batch.create_foreign_key("fk_violations_item_id", "review_items", ["item_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("relabel", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("relabel")
    with op.batch_alter_table("violations") as batch:
        batch.drop_constraint("fk_violations_item_id", type_="foreignkey")
        batch.drop_index("ix_violations_item_id")
        batch.drop_column("item_id")
    op.drop_index("ix_review_items_camera_rule", "review_items")
    op.drop_index("ix_review_items_store_id", "review_items")
    op.drop_table("review_items")
