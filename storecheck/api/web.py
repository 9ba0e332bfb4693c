"""The review web page (server-rendered, Chinese): the queue of open violations and a store page.

The browser signs in once with a reviewer key, kept in an HttpOnly SameSite cookie; the page's
script calls the same ``/api/v1`` routes as any client.
"""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, or_, select

from storecheck.api.deps import (
    COOKIE_NAME,
    ServiceDep,
    SessionDep,
    TooManyWrongKeys,
    find_key_throttled,
    presented_key,
    visible_store_ids,
)
from storecheck.api.local_time import local_time
from storecheck.api.order_schemas import OrderPublic
from storecheck.api.routes.devices import DEFAULT_SILENT_AFTER_S
from storecheck.api.routes.stores import store_scores
from storecheck.api.routes.violations import violation_query
from storecheck.api.schemas import ViolationPublic
from storecheck.checks.catalogue import CATALOGUE
from storecheck.checks.messages_zh import STATUS_ZH, ZONE_ZH
from storecheck.contract import RULE_IDS
from storecheck.store.camera_health import CAMERA_STATE_ZH, store_health
from storecheck.store.followup_models import ORDER_STATUS_ZH, RectificationOrder
from storecheck.store.models import ApiKey, Store, Violation
from storecheck.store.orders import order_counts
from storecheck.store.uniforms import UNIFORM_STATUS_ZH

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
TEMPLATES.env.filters["local_time"] = local_time
STATUS_TEXT = {"open": "待复核", "confirmed": "已确认", "dismissed": "已驳回"}
KIND_TEXT = {kind: STATUS_ZH[kind] for kind in ("violation", "indeterminate")}
#: Orders listed on a store page (newest first); the API lists them all.
MAX_ORDERS = 20
#: Evidence crops shown on a card; past these the full image (F) shows the rest.
MAX_CROPS = 4
router = APIRouter(include_in_schema=False)


def _page_key(request: Request, session: SessionDep) -> ApiKey | None:
    plaintext, _ = presented_key(request)
    key = find_key_throttled(request, session, plaintext) if plaintext else None
    return key if key is not None and key.role in ("reviewer", "admin") else None


@router.get("/")
def home() -> Response:
    return RedirectResponse("/review", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, error: str = "") -> Response:
    return TEMPLATES.TemplateResponse(request, "login.html", {"error": error})


@router.post("/login")
def login(request: Request, session: SessionDep, key: Annotated[str, Form()]) -> Response:
    try:
        found = find_key_throttled(request, session, key.strip())
    except TooManyWrongKeys as exc:
        return TEMPLATES.TemplateResponse(request, "login.html", {"error": "错误密钥过多，请稍后再试"},
                                          status_code=exc.status_code, headers=exc.headers)
    if found is None or found.role not in ("reviewer", "admin"):
        return TEMPLATES.TemplateResponse(request, "login.html", {"error": "密钥无效或无复核权限"}, status_code=401)
    response = RedirectResponse("/review", status_code=303)
    response.set_cookie(COOKIE_NAME, key.strip(), httponly=True, samesite="strict", max_age=12 * 3600)
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE_NAME)
    return response


@router.get("/review", response_class=HTMLResponse)
def review_queue(
    request: Request, session: SessionDep, service: ServiceDep, store_id: str | None = None, rule: str | None = None,
    kind: str | None = None, status: str = "open",
) -> Response:
    key = _page_key(request, session)
    if key is None:
        return RedirectResponse("/login", status_code=303)
    filters = {"store_id": store_id or None, "rule": rule or None, "kind": kind or None, "status": status or None}
    query = violation_query(key, store_id=filters["store_id"], rule=filters["rule"], kind=filters["kind"],
                            status=filters["status"])
    # One card per review item (its latest frame): a bucket standing all morning is one decision.
    latest = select(func.max(Violation.id)).where(Violation.item_id.is_not(None)).group_by(Violation.item_id)
    query = query.where(or_(Violation.item_id.is_(None), Violation.id.in_(latest)))
    violations = [ViolationPublic.of(v) for v in session.scalars(query.order_by(Violation.id).limit(100))]
    return TEMPLATES.TemplateResponse(request, "review.html", {
        **_common(session, key, service), "violations": violations, "filters": filters, "max_crops": MAX_CROPS,
    })


@router.get("/review/stores/{store_id}", response_class=HTMLResponse)
def store_page(request: Request, store_id: str, session: SessionDep, service: ServiceDep) -> Response:
    key = _page_key(request, session)
    if key is None:
        return RedirectResponse("/login", status_code=303)
    store = session.get(Store, store_id)
    try:
        scores = store_scores(store_id, key, session, service, days=30, snapshots=20)
    except HTTPException as exc:
        # The detail repeats the store id from the URL: escaped, or a crafted link runs script.
        return HTMLResponse(f"<p>{html.escape(str(exc.detail))}</p>", status_code=exc.status_code)
    # A reviewer reading a quiet score needs to know whether the cameras are watching at all.
    cameras = store_health(session, store_id, timedelta(seconds=DEFAULT_SILENT_AFTER_S))
    orders = session.scalars(select(RectificationOrder).where(RectificationOrder.store_id == store_id)
                             .order_by(RectificationOrder.id.desc()).limit(MAX_ORDERS))
    return TEMPLATES.TemplateResponse(request, "store.html", {
        **_common(session, key, service), "store": store, "scores": scores, "chart": _chart(scores.days),
        "cameras": cameras, "camera_state_text": CAMERA_STATE_ZH, "zone_text": ZONE_ZH,
        "orders": [OrderPublic.of(o) for o in orders], "order_counts": order_counts(session, store_id),
        "order_status_text": ORDER_STATUS_ZH, "uniform_text": UNIFORM_STATUS_ZH,
    })


def _common(session: SessionDep, key: ApiKey, service: ServiceDep) -> dict[str, Any]:
    query = select(Store).order_by(Store.id)
    if (visible := visible_store_ids(key)) is not None:
        query = query.where(Store.id.in_(visible))
    return {
        "key": key, "stores": list(session.scalars(query)), "rules": [CATALOGUE.rule(r) for r in RULE_IDS],
        "status_text": STATUS_TEXT, "kind_text": KIND_TEXT, "catalogue": CATALOGUE,
        "timezone": service.settings.timezone,  # every time on the page is on the stores' clock
    }


def _chart(days: list[Any], width: int = 640, height: int = 200, pad: int = 30) -> dict[str, Any]:
    """Points of the daily-score line in SVG coordinates (drawn server-side: no chart library)."""
    if not days:
        return {"points": [], "width": width, "height": height, "low": 0, "pad": pad}
    low = min(80.0, min(d.mean for d in days) - 2)
    span_x = max(1, len(days) - 1)
    points = [
        {"x": round(pad + i * (width - 2 * pad) / span_x, 1),
         "y": round(height - pad - (d.mean - low) / (100 - low) * (height - 2 * pad), 1),
         "label": d.day.strftime("%m-%d"), "mean": d.mean, "count": d.count}
        for i, d in enumerate(days)
    ]
    return {"points": points, "width": width, "height": height, "low": round(low), "pad": pad,
            "polyline": " ".join(f"{p['x']},{p['y']}" for p in points)}
