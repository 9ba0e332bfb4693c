"""One camera schema: the stores file's cameras and the edge agent's are the checks' camera with
fields of their own, and a database row reads back as the setup it was written from."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from storecheck.capture.config import CameraSpec
from storecheck.checks.config import CameraConfig
from storecheck.store.cameras import camera_setup, write_camera_setup
from storecheck.store.db import make_engine, session_factory, transaction, upgrade
from storecheck.store.models import Camera, Store
from storecheck.stores_config import CameraEntry

COUNTER = {"staff_area": [[[0.0, 0.5], [1.0, 0.5], [1.0, 1.0], [0.0, 1.0]]]}


@pytest.mark.parametrize(
    ("schema", "fields"),
    [(CameraEntry, {"id": "cam-1"}), (CameraSpec, {"id": "cam-1", "source": "/frames"})],
)
def test_a_store_or_edge_camera_is_the_checks_camera_with_a_required_zone(
    schema: type[CameraConfig], fields: dict[str, str]
) -> None:
    camera = schema.model_validate({**fields, "zone": "counter", "polygons": COUNTER})
    assert camera.setup() == CameraConfig.model_validate({"zone": "counter", "polygons": COUNTER})
    assert type(camera.setup()) is CameraConfig
    with pytest.raises(ValidationError, match="zone"):
        schema.model_validate(fields)
    with pytest.raises(ValidationError, match="polygons.staff_areas"):
        schema.model_validate({**fields, "zone": "counter", "polygons": {"staff_areas": []}})


def test_a_camera_row_reads_back_as_the_setup_it_was_written_from(tmp_path: Path) -> None:
    db = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    upgrade(db)
    factory = session_factory(db)
    entry = CameraEntry.model_validate({"id": "cam-1", "zone": "counter", "polygons": COUNTER})
    with transaction(factory) as session:
        session.add(Store(id="s1", name="城东营业厅", store_type="hall_1_3"))
        row = Camera(id="cam-1", store_id="s1")
        write_camera_setup(row, entry)
        session.add(row)
        session.add(Camera(id="cam-2", store_id="s1", zone="hall", polygons=None))
    with factory() as session:
        assert camera_setup(session.get(Camera, "cam-1")) == entry.setup()  # type: ignore[arg-type]
        assert camera_setup(session.get(Camera, "cam-2")) == CameraConfig(zone="hall")  # type: ignore[arg-type]
    db.dispose()


def test_a_camera_without_a_zone_is_not_stored() -> None:
    with pytest.raises(ValueError, match="cam-1 needs a zone"):
        write_camera_setup(Camera(id="cam-1", store_id="s1"), CameraConfig())
