"""Numbers the API takes in paths and queries, bounded where the database stops.

An id or offset past PostgreSQL's INTEGER (our id columns) cannot exist; unbounded, such a
number reached SQLite or PostgreSQL and came back as a 500 (found by fuzzing the OpenAPI
schema). Bounded, it is a 422 that names the parameter.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

#: The largest row id and offset: PostgreSQL's INTEGER, which SQLite holds too.
MAX_ROW = 2**31 - 1
#: The longest silence worth asking about: a year.
MAX_SILENCE_S = 366 * 24 * 3600

RowId = Annotated[int, Path(ge=0, le=MAX_ROW)]
Skip = Annotated[int, Query(ge=0, le=MAX_ROW, description="Rows to skip")]
