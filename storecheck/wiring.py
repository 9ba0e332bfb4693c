"""What the service and its Celery workers both open from :class:`~storecheck.settings.Settings`:
the whole config file, validated; the database engine and its session factory; the image store
(and the retention policy the settings give).

The service (:func:`storecheck.api.service.build_service`) adds its own parts on top (migrations,
the stores upsert, the notifier, metrics, the queue), a Celery worker
(:func:`storecheck.queue.celery_tasks.build_context`) its own (ONNX threads, Redis, the engine).
Below both, above ``store/``: nothing here knows a route or a queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine as DbEngine
from sqlalchemy.orm import Session, sessionmaker

from storecheck.service_config import StorecheckServiceConfig, load_service_config
from storecheck.settings import Settings
from storecheck.store.db import make_engine, session_factory
from storecheck.store.images import ImageStore
from storecheck.store.objects import object_store_from_env
from storecheck.store.retention import RetentionPolicy


@dataclass
class Wiring:
    settings: Settings
    config: StorecheckServiceConfig
    db: DbEngine
    factory: sessionmaker[Session]
    images: ImageStore


def wire(settings: Settings) -> Wiring:
    """Read the config file and open the database and the image store; nothing is migrated,
    written or started.

    Raises:
        ConfigError: the config file is missing, not YAML, or does not validate.
    """
    config = load_service_config(settings.resolved_config_path)
    db = make_engine(settings.resolved_database_url)
    images = ImageStore(objects=object_store_from_env(settings.resolved_images_dir, fsync=settings.fsync_images))
    return Wiring(settings, config, db, session_factory(db), images)


def retention_policy(settings: Settings) -> RetentionPolicy:
    """How long each kind of data is kept, from the ``STORECHECK_RETENTION_*`` settings."""
    return RetentionPolicy(
        clean_image_days=settings.retention_clean_image_days,
        evidence_days=settings.retention_evidence_days,
        result_days=settings.retention_result_days,
        review_days=settings.retention_review_days,
    )
