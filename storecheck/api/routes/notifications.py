"""``/notifications``: the delivery log and the dead-letter list (admin), from the outbox the
service's sender works (:mod:`storecheck.notify.sender`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from sqlalchemy import func, select

from storecheck.api.deps import AdminKey, ServiceDep, SessionDep
from storecheck.api.notification_schemas import DeliveriesPublic, DeliveryPublic, DeliveryStatus
from storecheck.api.params import RowId, Skip
from storecheck.store.followup_models import NotificationDelivery, NotificationEvent
from storecheck.store.models import utcnow
from storecheck.store.notifications import retry_dead

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("/deliveries", response_model=DeliveriesPublic)
def list_deliveries(
    _: AdminKey, session: SessionDep, status: DeliveryStatus | None = None, store_id: str | None = None,
    sink: str | None = None,
    event: Annotated[str | None, Query(description="violation.new, violation.confirmed or order.overdue")] = None,
    skip: Skip = 0, limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> DeliveriesPublic:
    """Newest first. ``status=dead`` is the dead-letter list: deliveries out of tries, with the
    last error and HTTP status."""
    query = select(NotificationDelivery)
    for column, value in ((NotificationDelivery.status, status), (NotificationDelivery.store_id, store_id),
                          (NotificationDelivery.sink, sink)):
        if value is not None:
            query = query.where(column == value)
    if event is not None:
        query = query.join(NotificationEvent).where(NotificationEvent.kind == event)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(NotificationDelivery.id.desc()).offset(skip).limit(limit))
    return DeliveriesPublic(data=[DeliveryPublic.of(d) for d in rows], count=count)


@router.post("/deliveries/{delivery_id}/retry", response_model=DeliveryPublic,
             responses={409: {"description": "The delivery is not dead"}})
def retry_delivery(delivery_id: RowId, _: AdminKey, session: SessionDep, service: ServiceDep) -> DeliveryPublic:
    """Give a dead delivery a fresh set of tries (after fixing the receiver)."""
    delivery = session.get(NotificationDelivery, delivery_id)
    if delivery is None:
        raise HTTPException(404, f"no delivery {delivery_id}")
    if delivery.status != "dead":
        raise HTTPException(409, f"delivery {delivery_id} is {delivery.status}; only a dead one is retried")
    retry_dead(delivery, utcnow())
    session.commit()
    service.wake_notifier()
    return DeliveryPublic.of(delivery)
