"""The Alembic migrations: they live inside the package (an installed wheel migrates), and
upgrading an empty database gives exactly the tables the models describe."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storecheck.store.db import MIGRATIONS_DIR, make_engine, upgrade
from storecheck.store.models import Base

REPO = Path(__file__).resolve().parents[2]
HEAD = "0007"


def test_migrations_ship_inside_the_package() -> None:
    assert MIGRATIONS_DIR == REPO / "storecheck" / "store" / "migrations"
    assert (MIGRATIONS_DIR / "env.py").is_file() and (MIGRATIONS_DIR / "script.py.mako").is_file()
    assert not (REPO / "migrations").exists()


def test_upgrade_gives_the_models_schema_and_is_idempotent(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        upgrade(engine)  # a restart runs it again: nothing to do, nothing breaks
        with engine.connect() as connection:
            diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diffs == [], f"models and migrations disagree: {diffs}"
    finally:
        engine.dispose()


def test_alembic_cli_finds_the_packaged_migrations(tmp_path: Path) -> None:
    """``alembic upgrade head`` with the repo's alembic.ini, for a database shared by many."""
    env = {**os.environ, "STORECHECK_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    done = subprocess.run([sys.executable, "-m", "alembic", "-c", str(REPO / "alembic.ini"), "upgrade", "head"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    engine = make_engine(env["STORECHECK_DATABASE_URL"])
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == HEAD
    engine.dispose()


@pytest.mark.slow
def test_an_installed_wheel_migrates_outside_the_checkout(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path / "dist"), str(REPO)],
        capture_output=True, text=True, timeout=120,
    )
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("storecheck-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    assert "storecheck/store/migrations/script.py.mako" in names
    # -S + PYTHONPATH: the unpacked wheel, not the editable checkout, provides storecheck.
    script = ("import sys, storecheck.store.db as db; assert db.__file__.startswith(sys.argv[1]), db.__file__;"
              "e = db.make_engine(sys.argv[2]); db.upgrade(e); print('ok')")
    deps = next(p for p in sys.path if p.endswith("site-packages"))
    ran = subprocess.run(
        [sys.executable, "-S", "-c", script, str(site), f"sqlite:///{tmp_path / 'w.db'}"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{deps}"},
        capture_output=True, text=True, timeout=60,
    )
    assert ran.returncode == 0 and ran.stdout.strip() == "ok", ran.stderr
