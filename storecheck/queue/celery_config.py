"""Settings of the Celery backend and the Celery app they make (``STORECHECK_QUEUE=celery``).

Everything is an environment variable ``STORECHECK_*``, read the same way by the service (which
only sends tasks) and by every ``storecheck worker`` (which runs them), so one ``.env`` file
configures a whole deployment. The defaults suit CPU-bound inference: one task per process at a
time (prefetch 1), acknowledged only after the analysis (late ack), handed back to the broker if
the process dies (reject on worker lost).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from celery import Celery

# The task name is on the wire (Redis): kept as first deployed, so workers of either version agree.
TASK_NAME = "storecheck.analyse"


class CelerySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="STORECHECK_", env_file=".env", extra="ignore")

    queue: Literal["embedded", "celery"] = Field(
        default="embedded", description="Analysis queue backend: in-process threads, or Celery workers")
    redis_url: str = Field(default="redis://127.0.0.1:6379/0", description="Celery broker and dead-letter list")
    celery_queue: str = Field(default="storecheck", description="Broker queue name (one per deployment)")
    key_prefix: str = Field(default="storecheck:", description="Prefix of storecheck's own Redis keys")
    lease_s: float = Field(
        default=30.0, gt=0,
        description="A worker renews its hold on a snapshot every lease/3 s; a hold not renewed for "
        "this long means the worker died and another may take the snapshot over")
    retry_backoff_s: float = Field(default=5.0, gt=0, description="First retry delay; doubles per attempt")
    retry_backoff_max_s: float = Field(default=300.0, gt=0, description="Longest retry delay")
    engine_retry_s: float = Field(default=30.0, gt=0, description="Retry delay while the engine cannot load")
    task_time_limit_s: int = Field(default=300, gt=0, description="A task running longer is killed")
    visibility_timeout_s: int = Field(
        default=3600, gt=0,
        description="Redis redelivers a task not acknowledged within this (its worker died). Must "
        "exceed the longest retry delay; the service's reconciler usually recovers work sooner")
    restore_interval_s: int = Field(default=10, gt=0, description="How often workers look for such tasks")
    worker_threads: int = Field(
        default=1, ge=1, description="ONNX Runtime threads per worker process (processes = cores, so 1)")
    # 60 s: a killed worker's snapshot is taken over within lease + interval (about 90 s), not
    # 5.5 min; a pass is one indexed query and a Redis EXISTS per stale row, so this costs nothing.
    reconcile_interval_s: float = Field(
        default=60.0, gt=0, description="How often the service resubmits snapshots the broker lost")
    # 120 s: well past a healthy task's wait for delivery; a resend too many is harmless.
    requeue_after_s: float = Field(
        default=120.0, ge=0, description="A snapshot queued this long is resubmitted when the broker "
        "holds fewer tasks than the database holds queued snapshots")

    @property
    def dead_letter_key(self) -> str:
        return f"{self.key_prefix}dead-letters"

    def lease_key(self, snapshot_id: str) -> str:
        return f"{self.key_prefix}lease:{snapshot_id}"


def make_celery_app(settings: CelerySettings) -> Celery:
    """The Celery app of a deployment; no result backend: results live in the database."""
    from celery import Celery  # here, so the embedded default never imports Celery

    app = Celery("storecheck", broker=settings.redis_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=settings.celery_queue,
        task_routes={TASK_NAME: {"queue": settings.celery_queue}},
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        task_time_limit=settings.task_time_limit_s,
        task_soft_time_limit=max(1, settings.task_time_limit_s - 10),
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": settings.visibility_timeout_s,
            "unacked_restore_interval": settings.restore_interval_s,
            "unacked_restore_throttle": 1,
            # A broker gone without closing the connection must not hang an upload or a worker.
            "socket_timeout": 10,
            "socket_connect_timeout": 5,
        },
        # An upload waits at most ~1 s for a broker that is down: its row is already queued and
        # the reconciler sends the task later.
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5},
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        # A restarted pool child reloads the engine (seconds): only recycle leaking children.
        worker_max_memory_per_child=4_000_000,  # KiB
    )
    return app
