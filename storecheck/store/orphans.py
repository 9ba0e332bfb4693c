"""Image files that no snapshot row references: removed when an upload fails after its image
was written, and swept by a prune pass for whatever a crash left behind.

Images are content-addressed, so one file may serve several rows (the same bytes from two
cameras): a file is only removed when no row that keeps its image (``image_pruned_at`` unset)
names its sha256. Within one process the upload and the removal of the same digest are
serialised by :func:`digest_lock`, so a removal never races an upload of the same bytes; the
sweep also leaves files younger than ``min_age`` alone, for an upload in another process whose
row is not committed yet.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from storecheck.store.images import ImageStore
from storecheck.store.models import Snapshot, utcnow

log = logging.getLogger(__name__)

MIN_ORPHAN_AGE = timedelta(hours=1)
_CHUNK = 500  # digests per IN (...) query: well under every backend's parameter limit
_LOCKS = [threading.Lock() for _ in range(64)]


def digest_lock(digest: str) -> threading.Lock:
    """The lock that serialises writing, recording and removing ``digest`` in this process
    (striped: two digests may share a lock, which costs only a short wait)."""
    return _LOCKS[int(digest[:4], 16) % len(_LOCKS)]


def _referenced(session: Session, digests: list[str]) -> set[str]:
    return set(session.scalars(
        select(Snapshot.sha256).distinct()
        .where(Snapshot.sha256.in_(digests), Snapshot.image_pruned_at.is_(None))
    ))


def discard_if_unreferenced(factory: sessionmaker[Session], images: ImageStore, digest: str) -> bool:
    """Remove ``digest``'s file unless a row references it; True when it was removed.

    Call with :func:`digest_lock` held. When the database cannot answer, the file stays (a file
    too many is harmless; the prune pass removes it later).
    """
    try:
        with factory() as session:
            if _referenced(session, [digest]):
                return False
    except SQLAlchemyError:
        log.warning("cannot tell whether image %s is referenced; the prune pass will decide", digest[:12])
        return False
    return images.delete(digest)


def prune_orphans(factory: sessionmaker[Session], images: ImageStore, *,
                  min_age: timedelta = MIN_ORPHAN_AGE, now: datetime | None = None) -> int:
    """Remove image files older than ``min_age`` that no row references; returns how many."""
    cutoff = ((now or utcnow()) - min_age).timestamp()
    digests = images.digests()
    removed = 0
    for start in range(0, len(digests), _CHUNK):
        chunk = digests[start:start + _CHUNK]
        with factory() as session:
            referenced = _referenced(session, chunk)
        candidates = [d for d in chunk if d not in referenced]
        for digest in candidates:
            if _modified(images, digest) > cutoff:
                continue
            with digest_lock(digest):  # an upload of these bytes may be under way right now
                removed += int(discard_if_unreferenced(factory, images, digest))
    if removed:
        log.info("orphan images: %d removed", removed)
    return removed


def _modified(images: ImageStore, digest: str) -> float:
    stored = images.modified(digest)
    # Gone meanwhile (removed by retention or another sweep): count it as new, i.e. leave it.
    return datetime.now(UTC).timestamp() if stored is None else stored
