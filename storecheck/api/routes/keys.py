"""``/keys``: admins list API keys and revoke them (keys are created with ``storecheck keys
create``, which is the only place a key is ever shown)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from storecheck.api.deps import AdminKey, SessionDep
from storecheck.api.params import RowId
from storecheck.api.schemas import KeyPublic, KeysPublic
from storecheck.store.keys import KeyError_, list_keys, revoke_key

router = APIRouter(prefix="/keys", tags=["keys"])


@router.get("", response_model=KeysPublic)
def read_keys(_: AdminKey, session: SessionDep) -> KeysPublic:
    keys = list_keys(session)
    return KeysPublic(data=[KeyPublic.model_validate(k) for k in keys], count=len(keys))


@router.delete("/{key_id}", response_model=KeyPublic, responses={409: {"description": "A key cannot revoke itself"}})
def delete_key(key_id: RowId, admin: AdminKey, session: SessionDep) -> KeyPublic:
    """Revoke a key: from now on it gets 401. The row stays so reviews still name their author."""
    if key_id == admin.id:
        # An admin locking itself out by mistake needs shell access to recover; make it explicit.
        raise HTTPException(409, "a key cannot revoke itself; use another admin key or `storecheck keys revoke`")
    try:
        key = revoke_key(session, key_id)
    except KeyError_ as exc:
        raise HTTPException(404, str(exc)) from None
    session.commit()
    return KeyPublic.model_validate(key)
