"""``/stores``: stores and their cameras (admin manages, reviewers read theirs), and scores."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from sqlalchemy import func, select

from storecheck.api.deps import (
    AdminKey,
    ReaderKey,
    ServiceDep,
    SessionDep,
    get_store,
    visible_store_ids,
)
from storecheck.api.schemas import (
    CameraCreate,
    CameraPublic,
    CamerasPublic,
    DailyScorePublic,
    DayBoardsPublic,
    DayUniformsPublic,
    RuleCount,
    SnapshotScore,
    StoreCreate,
    StorePublic,
    StoreScores,
    StoresPublic,
)
from storecheck.checks.catalogue import CATALOGUE
from storecheck.checks.config import CameraConfig
from storecheck.store.boards import day_boards
from storecheck.store.cameras import write_camera_setup
from storecheck.store.models import Camera, Snapshot, Store, Violation
from storecheck.store.scores import daily_scores
from storecheck.store.uniforms import day_uniforms

router = APIRouter(prefix="/stores", tags=["stores"])


@router.get("", response_model=StoresPublic)
def list_stores(key: ReaderKey, session: SessionDep) -> StoresPublic:
    query = select(Store).order_by(Store.id)
    if (visible := visible_store_ids(key)) is not None:
        query = query.where(Store.id.in_(visible))
    stores = list(session.scalars(query))
    return StoresPublic(data=[StorePublic.model_validate(s) for s in stores], count=len(stores))


@router.post("", response_model=StorePublic, status_code=201,
             responses={409: {"description": "The store already exists"}})
def create_store(body: StoreCreate, _: AdminKey, session: SessionDep) -> StorePublic:
    if session.get(Store, body.id) is not None:
        raise HTTPException(409, f"store {body.id} already exists")
    store = Store(id=body.id, name=body.name, store_type=body.store_type,
                  uniform_colours=[u.model_dump(mode="json") for u in body.uniform_colours]
                  if body.uniform_colours else None)
    session.add(store)
    session.commit()
    return StorePublic.model_validate(store)


@router.get("/{store_id}", response_model=StorePublic)
def read_store(store_id: str, key: ReaderKey, session: SessionDep) -> StorePublic:
    return StorePublic.model_validate(get_store(session, key, store_id))


@router.get("/{store_id}/cameras", response_model=CamerasPublic)
def list_cameras(store_id: str, key: ReaderKey, session: SessionDep) -> CamerasPublic:
    store = get_store(session, key, store_id)
    return CamerasPublic(data=[CameraPublic.model_validate(c) for c in store.cameras], count=len(store.cameras))


@router.post("/{store_id}/cameras", response_model=CameraPublic, status_code=201,
             responses={409: {"description": "The camera already exists"}})
def create_camera(store_id: str, body: CameraCreate, key: AdminKey, session: SessionDep) -> CameraPublic:
    get_store(session, key, store_id)
    if session.get(Camera, body.id) is not None:
        raise HTTPException(409, f"camera {body.id} already exists")
    camera = Camera(id=body.id, store_id=store_id, name=body.name)
    write_camera_setup(camera, CameraConfig(zone=body.zone, polygons=body.polygons))
    session.add(camera)
    session.commit()
    return CameraPublic.model_validate(camera)


@router.get("/{store_id}/scores", response_model=StoreScores)
def store_scores(
    store_id: str, key: ReaderKey, session: SessionDep, service: ServiceDep,
    days: Annotated[int, Query(ge=1, le=366, description="How many days back")] = 30,
    snapshots: Annotated[int, Query(ge=0, le=500)] = 100,
) -> StoreScores:
    """Per snapshot, camera and day (after reviews), the trend, the rules most broken, and the
    store's views of a day across its cameras: notice boards and workwear."""
    get_store(session, key, store_id)
    latest = session.scalar(select(func.max(Snapshot.day)).where(Snapshot.store_id == store_id))
    since = latest - timedelta(days=days - 1) if latest else None
    rows = [DailyScorePublic.model_validate(r) for r in daily_scores(session, store_id, since)]
    per_day = [r for r in rows if r.camera_id == ""]
    recent = session.scalars(
        select(Snapshot).where(Snapshot.store_id == store_id, Snapshot.status == "done")
        .order_by(Snapshot.captured_at.desc()).limit(snapshots)
    )
    broken = session.execute(
        select(Violation.rule, func.count()).where(
            Violation.store_id == store_id, Violation.kind == "violation", Violation.status != "dismissed",
            *([Violation.day >= since] if since else []),
        ).group_by(Violation.rule).order_by(func.count().desc(), Violation.rule)
    ).all()
    return StoreScores(
        store_id=store_id,
        days=per_day,
        cameras=[r for r in rows if r.camera_id != ""],
        snapshots=[SnapshotScore(id=s.id, camera_id=s.camera_id, captured_at=s.captured_at, score=s.score,
                                 reviewed_score=s.reviewed_score, bonus=(s.result or {}).get("bonus", 0.0))
                   for s in recent],
        trend=round(per_day[-1].mean - per_day[0].mean, 2) if len(per_day) >= 2 else None,
        top_rules=[RuleCount(rule=r, title=CATALOGUE.rule(r).title, count=n) for r, n in broken],
        boards=[DayBoardsPublic.model_validate(board) for board in day_boards(session, store_id, since)],
        uniforms=[DayUniformsPublic.model_validate(view)
                  for view in day_uniforms(session, store_id, service.config.checks, since)],
    )
