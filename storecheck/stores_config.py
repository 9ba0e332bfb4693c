"""The ``stores:`` section of the config YAML: the halls and their cameras, upserted into the
database when the service starts (:mod:`storecheck.store.stores_sync`).

Example (``$STORECHECK_HOME/config.yaml`` or ``storecheck serve --config FILE``)::

    stores:
      - id: "3301-001"
        name: 城东营业厅
        type: hall_1_3
        uniform_colours:                      # optional; default: checks.uniform_colours
          - {name: navy suit, hue: [100, 130], saturation: [60, 255], value: [20, 140]}
        cameras:
          - id: 3301-001-window
            zone: window
            polygons: {window: [[[0.05, 0.1], [0.5, 0.1], [0.5, 0.9], [0.05, 0.9]]]}

The file is the truth for what it lists: each start-up sets those stores' and cameras' fields
to the file's. Stores and cameras it does not list (made through the API) are left alone, and
nothing is ever deleted from here: deleting a store would delete its snapshots and reviews.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from storecheck.checks.config import CameraConfig, UniformColour
from storecheck.contract import StoreType, Zone

ID_PATTERN = r"^[A-Za-z0-9_.-]+$"  # the same ids the API accepts (they appear in URLs)


class CameraEntry(CameraConfig):
    """A camera of a store: the checks' camera (zone, polygons) with its id and name; a zone is required."""

    id: str = Field(min_length=1, max_length=64, pattern=ID_PATTERN, description="Camera id (unique across stores)")
    name: str = Field(default="", max_length=200, description="What people call it, e.g. 1号窗口")
    zone: Zone = Field(description="What the camera watches: hall, counter, star_desk or window")


class StoreEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64, pattern=ID_PATTERN, description="Store code")
    name: str = Field(min_length=1, max_length=200, description="营业厅名称")
    type: StoreType = Field(description="Store type (decides which rules apply)")
    uniform_colours: list[UniformColour] | None = Field(
        default=None, description="Torso colours of this store's uniform; default: checks.uniform_colours"
    )
    cameras: list[CameraEntry] = Field(default_factory=list, description="The store's cameras")


class StoresConfig(RootModel[list[StoreEntry]]):
    """The list of stores; store ids and camera ids must each be unique."""

    root: list[StoreEntry] = Field(default_factory=list, description="Stores and their cameras")

    @model_validator(mode="after")
    def _unique_ids(self) -> StoresConfig:
        for what, ids in (("store", [s.id for s in self.root]),
                          ("camera", [c.id for s in self.root for c in s.cameras])):
            repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
            if repeated:
                raise ValueError(f"{what} id(s) listed more than once: {', '.join(repeated)}")
        return self
