"""Dependencies shared by the routers: the service, a database session, the caller's key.

Every route but ``/healthz``, the OpenAPI schema and its page, and the review page's sign-in
needs a key: ``X-API-Key: <key>`` (device agents, scripts),
``Authorization: Bearer <key>`` (Prometheus), or the review page's cookie. A cookie is sent by
the browser on its own, so a cookie-authenticated request that changes something must also carry
``X-Requested-With: storecheck`` (a header no cross-site form can set).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from storecheck.api.service import Service
from storecheck.store.keys import find_key
from storecheck.store.models import ApiKey, Store

COOKIE_NAME = "storecheck_key"
CSRF_HEADER = "X-Requested-With"
CSRF_VALUE = "storecheck"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_service(request: Request) -> Service:
    return request.app.state.service  # type: ignore[no-any-return]


ServiceDep = Annotated[Service, Depends(get_service)]


def get_session(service: ServiceDep) -> Iterator[Session]:
    with service.factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def presented_key(request: Request) -> tuple[str | None, bool]:
    """The key the caller sent and whether it came from the cookie."""
    header = request.headers.get("x-api-key")
    if header:
        return header.strip(), False
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip(), False
    cookie = request.cookies.get(COOKIE_NAME)
    return (cookie, True) if cookie else (None, False)


def client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


class TooManyWrongKeys(HTTPException):
    def __init__(self, retry_after: int) -> None:
        super().__init__(status.HTTP_429_TOO_MANY_REQUESTS,
                         f"too many wrong API keys from this address; retry in {retry_after} s",
                         headers={"Retry-After": str(retry_after)})


def find_key_throttled(request: Request, session: Session, plaintext: str) -> ApiKey | None:
    """The live key ``plaintext``, or None; counts a wrong one against the caller's address.

    Raises:
        TooManyWrongKeys: the address sent too many wrong keys lately (429), whatever this key is.
    """
    throttle = get_service(request).key_throttle
    client = client_address(request)
    if (wait := throttle.retry_after(client)) is not None:
        raise TooManyWrongKeys(wait)
    key = find_key(session, plaintext)
    if key is None:
        throttle.failed(client)
    return key


def get_current_key(request: Request, session: SessionDep) -> ApiKey:
    plaintext, from_cookie = presented_key(request)
    if not plaintext:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing API key: send the X-API-Key header",
                            headers={"WWW-Authenticate": "X-API-Key"})
    key = find_key_throttled(request, session, plaintext)
    if key is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown or revoked API key",
                            headers={"WWW-Authenticate": "X-API-Key"})
    if from_cookie and request.method not in SAFE_METHODS and request.headers.get(CSRF_HEADER) != CSRF_VALUE:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"cookie requests that change data need {CSRF_HEADER}")
    return key


CurrentKey = Annotated[ApiKey, Depends(get_current_key)]


def require_roles(*roles: str) -> Callable[[ApiKey], ApiKey]:
    def check(key: CurrentKey) -> ApiKey:
        if key.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"this needs a {' or '.join(roles)} key, not {key.role}")
        return key

    return check


ReaderKey = Annotated[ApiKey, Depends(require_roles("reviewer", "admin"))]
UploaderKey = Annotated[ApiKey, Depends(require_roles("device", "admin"))]
AdminKey = Annotated[ApiKey, Depends(require_roles("admin"))]
#: Any role; the route limits it to the key's stores (a store's device key acts for the store).
AnyRoleKey = Annotated[ApiKey, Depends(require_roles("device", "reviewer", "admin"))]


def can_access_store(key: ApiKey, store_id: str) -> bool:
    return key.role == "admin" or store_id in key.store_ids


def check_store_access(key: ApiKey, store_id: str, what: str = "store") -> None:
    """403 unless ``key`` may see ``store_id``: one store's key never reads another's data. The
    answer names neither the store nor its owner: asked for a snapshot, it would otherwise tell
    whose it is."""
    if not can_access_store(key, store_id):
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"this key has no access to this {what}")


class _InStore(Protocol):
    store_id: str


Row = TypeVar("Row", bound=_InStore)


def get_in_store(session: Session, key: ApiKey, model: type[Row], ident: object, what: str) -> Row:
    """The ``model`` row ``ident`` (a snapshot, a violation): 404 when there is none, 403 when
    it belongs to a store ``key`` may not see."""
    row = session.get(model, ident)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no {what} {ident}")
    check_store_access(key, row.store_id, what)
    return row


def get_store(session: Session, key: ApiKey, store_id: str) -> Store:
    """The store ``store_id``: 403 first when ``key`` may not see it (so a key cannot probe which
    stores exist), then 404 when there is none."""
    check_store_access(key, store_id)
    store = session.get(Store, store_id)
    if store is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no store {store_id}")
    return store


def visible_store_ids(key: ApiKey) -> list[str] | None:
    """The stores ``key`` may read; None means all (admin)."""
    return None if key.role == "admin" else key.store_ids



def filter_listing(query: Select[Any], key: ApiKey, store_column: InstrumentedAttribute[str],
                   store_id: str | None, equal: dict[InstrumentedAttribute[Any], object]) -> Select[Any]:
    """A list route's query: one store (403 unless ``key`` may see it) or every store ``key`` may
    see, and each column in ``equal`` equal to its value where a value was given."""
    if store_id is not None:
        check_store_access(key, store_id)
        query = query.where(store_column == store_id)
    elif (visible := visible_store_ids(key)) is not None:
        query = query.where(store_column.in_(visible))
    for column, value in equal.items():
        if value is not None:
            query = query.where(column == value)
    return query


def page_of(session: Session, query: Select[Any], order: Any, skip: int, limit: int) -> tuple[list[Any], int]:
    """The rows ``skip`` to ``skip + limit`` of ``query`` in ``order``, and how many there are in all."""
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return list(session.scalars(query.order_by(order).offset(skip).limit(limit))), count
