"""The background sender in the service: events -> deliveries -> tries, with backoff, quiet hours
and a dead-letter state.

Each round (every ``poll_s``, or at once when woken after a review):

1. orders past due get an ``order.overdue`` event (once each); a sink with ``digest_at`` whose
   time has come today gets its store's ``digest`` event (once a day: the events of the 24 hours
   before, counted);
2. each new event becomes one delivery per sink of its store that wants it (its kind, its
   rule; a digest sink only its digests), rendered in the sink's format; during quiet hours its
   first try waits for their end;
3. each delivery due is tried: a success is ``sent``; a failure waits ``backoff_s`` doubled per
   failure (at most ``backoff_max_s``, never into quiet hours) and after ``max_attempts`` tries
   the delivery is ``dead`` (``GET /api/v1/notifications/deliveries?status=dead``).

Claims are conditional UPDATEs (:mod:`storecheck.store.notifications`), so two service
processes on one database never send the same message; a try cut short by a crash is tried
again once its lease (twice the HTTP timeout and a half minute) is over.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storecheck.notify.config import NotificationsConfig, SecretMissing, SinkConfig
from storecheck.notify.messages import render
from storecheck.notify.transport import Outcome, post
from storecheck.store.db import transaction
from storecheck.store.followup_models import NotificationDelivery, NotificationEvent
from storecheck.store.models import Store, utcnow
from storecheck.store.notifications import (
    add_delivery,
    claim_due,
    claim_event,
    digest_key,
    digests_made,
    emit_digest,
    emit_overdue,
    prune_events,
    record_try,
    undispatched,
)
from storecheck.store.orders import order_counts

log = logging.getLogger(__name__)
PRUNE_EVERY_S = 3600.0


@dataclass(frozen=True)
class _Try:
    id: int
    store_id: str
    sink: str
    sink_kind: str
    event: str
    body: dict[str, Any]
    attempts: int


class NotificationSender:
    """Turns the outbox into HTTP requests; ``run_once`` is one round (tests call it directly).

    Example:
        >>> sender = NotificationSender(factory, config.notifications, "Asia/Shanghai")  # doctest: +SKIP
        >>> sender.start(); ...; sender.stop()  # doctest: +SKIP
    """

    def __init__(self, factory: sessionmaker[Session], config: NotificationsConfig, timezone: str,
                 client: httpx.Client | None = None) -> None:
        self.factory, self.config, self.timezone = factory, config, timezone
        self._client = client
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._pruned_at = 0.0

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name="notifications", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        """Made at the first try: commands that build the service but send nothing open none."""
        if self._client is None:
            self._client = httpx.Client(follow_redirects=False)
        return self._client

    def wake(self) -> None:
        """Something was just written to the outbox: do not wait for the next poll."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                self.run_once()
            except Exception:  # the database went away for a moment: keep the sender alive
                log.exception("notification round failed")
            self._wake.wait(self.config.poll_s)
            self._wake.clear()

    def run_once(self) -> int:
        """One round; returns how many deliveries were tried."""
        now = utcnow()
        with transaction(self.factory) as session:
            emit_overdue(session, now)
        self.digests(now)
        self.dispatch(now)
        tried = self.send_due()
        if time.monotonic() - self._pruned_at > PRUNE_EVERY_S:
            with transaction(self.factory) as session:
                prune_events(session, now - timedelta(days=self.config.keep_days))
            self._pruned_at = time.monotonic()
        return tried

    def _not_quiet(self, moment: datetime) -> datetime:
        quiet = self.config.quiet_hours
        end = quiet.until(moment, self.timezone) if quiet is not None else None
        return end or moment

    def digests(self, now: datetime) -> int:
        """Today's digest event of each digest sink whose time has come; returns how many."""
        made = 0
        zone = ZoneInfo(self.timezone)
        local_now = now.astimezone(zone)
        day = local_now.date().isoformat()
        with transaction(self.factory) as session:
            done = digests_made(session, day)
            for store_id, sink in self._digest_sinks(session):
                assert sink.digest_at is not None
                moment = datetime.combine(local_now.date(), sink.digest_at, tzinfo=zone)
                if local_now < moment or digest_key(store_id, sink.name, day) in done:
                    continue
                counts = order_counts(session, store_id)
                orders = {"active": counts["open"] + counts["fixed"] + counts["reopened"], "overdue": counts["overdue"]}
                if emit_digest(session, store_id, sink.name, day, moment - timedelta(days=1), moment, sink.wants,
                               {"orders": orders}, quiet_when_nothing=orders["active"] == 0) is not None:
                    made += 1
        return made

    def _digest_sinks(self, session: Session) -> list[tuple[str, SinkConfig]]:
        found = [(store_id, sink) for store_id, sinks in self.config.stores.items() for sink in sinks if sink.digest_at]
        defaults = [sink for sink in self.config.default if sink.digest_at]
        if defaults:
            others = session.scalars(select(Store.id).where(Store.id.not_in(list(self.config.stores))).order_by(Store.id))
            found += [(store_id, sink) for store_id in others for sink in defaults]
        return found

    def _sinks_of(self, event: NotificationEvent) -> list[SinkConfig]:
        """Who gets ``event`` one by one: a digest its own sink; any other event the sinks that
        want it and send no digest."""
        sinks = self.config.sinks_for(event.store_id)
        if event.kind == "digest":
            return [] if event.payload.get("empty") else [s for s in sinks if s.name == event.payload.get("sink")]
        return [s for s in sinks if s.digest_at is None and s.wants(event.kind, event.rule)]

    def dispatch(self, now: datetime) -> int:
        """Deliveries for new events; returns how many were made."""
        made = 0
        with transaction(self.factory) as session:
            for event in undispatched(session):
                if not claim_event(session, event, now):
                    continue
                for sink in self._sinks_of(event):
                    body = render(sink.kind, event.kind, event.id, event.payload, self.config.link_base, self.timezone)
                    add_delivery(session, event, sink.name, sink.kind, body, self._not_quiet(now))
                    made += 1
        return made

    def send_due(self) -> int:
        now = utcnow()
        lease = timedelta(seconds=2 * self.config.timeout_s + 30)
        with transaction(self.factory) as session:
            tries = [_Try(d.id, d.store_id, d.sink, d.sink_kind, d.event.kind, d.body, d.attempts)
                     for d in claim_due(session, now, now + lease)]
        for one in tries:
            outcome = self._try(one)
            self._record(one, outcome)
        return len(tries)

    def _try(self, one: _Try) -> Outcome:
        sink = self.config.sink(one.store_id, one.sink)
        if sink is None:
            return Outcome(False, None, f"sink {one.sink} is no longer in the config", final=True)
        try:
            secret = sink.resolved_secret()
        except SecretMissing as exc:  # the environment is read at start-up: a restart is needed
            return Outcome(False, None, str(exc), final=True)
        outcome = post(self.client, sink.kind, sink.url, one.body, secret, event=one.event, delivery_id=one.id,
                       timeout_s=self.config.timeout_s)
        if not outcome.ok:
            log.warning("notification %d to %s failed (try %d): %s", one.id, one.sink, one.attempts + 1, outcome.error)
        return outcome

    def _record(self, one: _Try, outcome: Outcome) -> None:
        now = utcnow()
        failures = one.attempts + 1
        retry_at = None
        if not outcome.ok and not outcome.final and failures < self.config.max_attempts:
            retry_at = self._not_quiet(now + self.config.backoff(failures))
        with transaction(self.factory) as session:
            delivery = session.get(NotificationDelivery, one.id)
            if delivery is not None:
                record_try(delivery, ok=outcome.ok, status_code=outcome.status_code, error=outcome.error,
                           now=now, retry_at=retry_at)
        if not outcome.ok and retry_at is None:
            log.error("notification %d to %s is dead after %d tries: %s", one.id, one.sink, failures, outcome.error)
