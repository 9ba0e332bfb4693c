"""Alembic environment: runs on the connection the service hands over, or on the settings' URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from storecheck.store.models import Base

target_metadata = Base.metadata
config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from storecheck.settings import Settings
    from storecheck.store.db import make_engine

    engine = make_engine(Settings().resolved_database_url)
    with engine.begin() as conn:
        _run(conn)


def _run(connection: Connection) -> None:
    # render_as_batch: SQLite can only ALTER a table by copying it; batch mode does that for us.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run against a database")
run_migrations()
