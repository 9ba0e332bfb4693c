"""API keys: created once, shown once, kept only as a sha256."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from storecheck.store.models import ROLES, ApiKey, ApiKeyStore, Store, utcnow

KEY_PREFIX = "sck_"


class KeyError_(ValueError):
    """A key cannot be created as asked (unknown role or store, device without one store)."""


def hash_key(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def create_key(
    session: Session, role: str, store_ids: Sequence[str] = (), name: str = ""
) -> tuple[ApiKey, str]:
    """A new key with ``role`` for ``store_ids``; returns the row and the plaintext key.

    A device key belongs to exactly one store; reviewer keys read the stores listed (at least
    one); admin keys see everything and take no store.
    """
    if role not in ROLES:
        raise KeyError_(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if role == "device" and len(store_ids) != 1:
        raise KeyError_("a device key needs exactly one --store")
    if role == "reviewer" and not store_ids:
        # Such a key would be accepted and see nothing: an empty queue that looks like no work.
        raise KeyError_("a reviewer key reads only the stores it is given: add one or more --store ID "
                        "(or make an admin key, which sees every store)")
    if role == "admin" and store_ids:
        raise KeyError_("an admin key sees every store; give no --store")
    for store_id in store_ids:
        if session.get(Store, store_id) is None:
            raise KeyError_(f"unknown store {store_id!r}")
    plaintext = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        name=name or f"{role}-{plaintext[len(KEY_PREFIX):][:6]}",
        role=role,
        key_hash=hash_key(plaintext),
        prefix=plaintext[: len(KEY_PREFIX) + 6],
        stores=[ApiKeyStore(store_id=s) for s in dict.fromkeys(store_ids)],
    )
    session.add(key)
    session.flush()
    return key, plaintext


def find_key(session: Session, plaintext: str) -> ApiKey | None:
    """The live key with this plaintext, or None (unknown or revoked)."""
    key = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(plaintext)))
    if key is None or key.revoked_at is not None:
        return None
    return key


def list_keys(session: Session) -> list[ApiKey]:
    """Every key, revoked ones included (they stay: reviews and uploads name them)."""
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke_key(session: Session, key_id: int) -> ApiKey:
    """Revoke a key from now on; revoking it again keeps the first revocation time.

    The row is kept, not deleted, so the reviews and uploads made with it still say by whom.

    Raises:
        KeyError_: no key has this id.
    """
    key = session.get(ApiKey, key_id)
    if key is None:
        raise KeyError_(f"no key with id {key_id}")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.flush()
    return key
