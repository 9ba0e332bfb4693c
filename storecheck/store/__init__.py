"""Persistence: the database (SQLAlchemy 2, Alembic), the image store, retention."""
