"""snapshot source: uploaded for analysis here, or analysed on an edge box

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 04:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("snapshots") as batch:
        batch.add_column(sa.Column("source", sa.String(length=16), nullable=False, server_default="upload"))


def downgrade() -> None:
    with op.batch_alter_table("snapshots") as batch:
        batch.drop_column("source")
