"""Bodies of ``/notifications``: the delivery log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from storecheck.store.followup_models import NotificationDelivery

DeliveryStatus = Literal["pending", "sent", "dead"]


class DeliveryPublic(BaseModel):
    """One event sent (or being sent, or given up on) to one sink."""

    id: int
    event_id: int
    event: str = Field(description="violation.new, violation.confirmed or order.overdue")
    store_id: str
    rule: str | None
    sink: str = Field(description="The sink's name in the config")
    sink_kind: str = Field(description="webhook, wecom, dingtalk or feishu")
    status: DeliveryStatus = Field(description="pending (next_attempt_at says when), sent, or dead (out of tries)")
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    body: dict[str, Any] = Field(description="What is POSTed (signatures are added at each try)")

    @classmethod
    def of(cls, delivery: NotificationDelivery) -> DeliveryPublic:
        return cls.model_validate({
            **{name: getattr(delivery, name) for name in (
                "id", "event_id", "store_id", "sink", "sink_kind", "status", "attempts", "next_attempt_at",
                "last_status_code", "last_error", "created_at", "sent_at", "body")},
            "event": delivery.event.kind, "rule": delivery.event.rule,
        })


class DeliveriesPublic(BaseModel):
    data: list[DeliveryPublic]
    count: int
