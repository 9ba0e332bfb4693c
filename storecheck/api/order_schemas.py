"""Bodies of ``/orders`` (rectification orders, 整改单): ``OrderPublic`` out, ``OrdersPublic`` lists,
``OrderFix`` and ``OrderAssign`` in."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from storecheck.checks.catalogue import CATALOGUE
from storecheck.store.followup_models import RectificationOrder
from storecheck.store.orders import is_overdue

OrderStatus = Literal["open", "fixed", "verified", "reopened", "cancelled"]
API_PREFIX = "/api/v1"


def image_url(snapshot_id: str | None) -> str | None:
    """The frame with its boxes drawn, as the review page shows it."""
    return f"{API_PREFIX}/snapshots/{snapshot_id}/image?annotate=1" if snapshot_id else None


class OrderPublic(BaseModel):
    """An order as the store and reviewers see it, with its before and after frames."""

    id: int
    store_id: str
    camera_id: str
    rule: str
    title: str = Field(description="The rule's Chinese name")
    status: OrderStatus
    overdue: bool = Field(description="Past due_at and neither verified nor cancelled")
    evidence: list[list[float]] = Field(description="The confirmed frame's evidence boxes (pixels)")
    item_id: int | None
    violation_id: int | None
    before_snapshot_id: str | None = Field(description="The confirmed frame (None once retention removed it)")
    after_snapshot_id: str | None = Field(description="The latest frame that re-checked the order: the "
                                          "passing one once verified, the failing one once reopened")
    before_image: str | None = Field(description="URL of the before frame, boxes drawn")
    after_image: str | None = Field(description="URL of the after frame, boxes drawn")
    assignee: str | None
    due_at: datetime
    created_at: datetime
    opened_by: str
    fixed_at: datetime | None
    fixed_note: str | None
    fixed_by: str | None
    verified_at: datetime | None
    reopened_at: datetime | None
    closed_at: datetime | None

    @classmethod
    def of(cls, order: RectificationOrder) -> OrderPublic:
        fields = {name: getattr(order, name) for name in (
            "id", "store_id", "camera_id", "rule", "status", "evidence", "item_id", "violation_id",
            "before_snapshot_id", "after_snapshot_id", "assignee", "due_at", "created_at", "opened_by",
            "fixed_at", "fixed_note", "fixed_by", "verified_at", "reopened_at", "closed_at")}
        return cls.model_validate({
            **fields, "title": CATALOGUE.rule(order.rule).title, "overdue": is_overdue(order),
            "before_image": image_url(order.before_snapshot_id), "after_image": image_url(order.after_snapshot_id),
        })


class OrdersPublic(BaseModel):
    data: list[OrderPublic]
    count: int


class OrderFix(BaseModel):
    """The store says the problem is fixed; the camera's next frame checks it."""

    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=2000, description="What was done (optional)")


class OrderAssign(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee: str | None = Field(max_length=200, description="Who fixes it (a name); null: nobody")
