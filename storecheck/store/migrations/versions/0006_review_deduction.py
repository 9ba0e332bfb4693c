"""an indeterminate violation's deduction is what confirming it costs

Until now an indeterminate finding's violation row stored 0 and a confirmation charged the
catalogue's deduction, whatever the config said. Rows from then get that catalogue deduction
(the values of rules-2026.11, written here so the migration never changes with the catalogue);
new rows store the engine's ``review_deduction``.

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

#: rules-2026.11's deductions (rules.yaml at the time).
CATALOGUE_DEDUCTIONS = {"badge.worn": 2.0, "badge.fields": 1.0, "badge.pregnant": 1.0, "badge.intern": 1.0,
                        "star_desk.sign": 4.0, "window.posters": 2.0, "hall.no_cleaning_tools": 2.0}


def upgrade() -> None:
    violations = sa.table("violations", sa.column("rule", sa.String), sa.column("kind", sa.String),
                          sa.column("deduction", sa.Float))
    for rule, points in CATALOGUE_DEDUCTIONS.items():
        op.execute(violations.update()
                   .where(violations.c.rule == rule, violations.c.kind == "indeterminate", violations.c.deduction == 0)
                   .values(deduction=points))


def downgrade() -> None:
    violations = sa.table("violations", sa.column("kind", sa.String), sa.column("deduction", sa.Float))
    op.execute(violations.update().where(violations.c.kind == "indeterminate").values(deduction=0.0))
