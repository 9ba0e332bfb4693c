"""/api/v1/export/yolo: reviewed snapshots as a YOLO dataset. A dismissed finding keeps its
objects; a reviewer's relabel corrects them; train and val never share a camera-day."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from storecheck.api.service import Service
from tests.servicekit import Keys, insert_analysed, mop_and_badge_result


def test_export_reviewed_snapshots(app_client: TestClient, keys: Keys, service: Service) -> None:
    reviewed = insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    insert_analysed(service, "store-b", "hall", mop_and_badge_result())  # never reviewed: not exported
    a = {"X-API-Key": keys.reviewer_a}
    mop, person = app_client.get("/api/v1/violations", headers=a).json()["data"]
    app_client.post(f"/api/v1/violations/{mop['id']}/review",
                    json={"verdict": "dismiss", "reason": "是拖把架", "relabel": "background"}, headers=a)
    app_client.post(f"/api/v1/violations/{person['id']}/review",
                    json={"verdict": "dismiss", "reason": "顾客，不是员工"}, headers=a)

    assert app_client.get("/api/v1/export/yolo", headers=a).status_code == 403
    response = app_client.get("/api/v1/export/yolo", headers={"X-API-Key": keys.admin})
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {f"images/train/{reviewed}.jpg", f"labels/train/{reviewed}.txt", "data.yaml", "reviews.csv"} <= names
    assert len([n for n in names if n.startswith("images/")]) == 1
    labels = archive.read(f"labels/train/{reviewed}.txt").decode().split()
    # The customer dismissed from badge.worn is still a person; the "mop" a reviewer called
    # background is left out.
    assert labels[0] == "0" and len(labels) == 5
    manifest = archive.read("reviews.csv").decode()
    assert "是拖把架" in manifest and "background" in manifest and "顾客，不是员工" in manifest
    assert "train: images/train" in archive.read("data.yaml").decode()


def test_a_relabel_changes_the_class_and_a_dismissal_alone_changes_nothing(
    app_client: TestClient, keys: Keys, service: Service
) -> None:
    reviewed = insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    a = {"X-API-Key": keys.reviewer_a}
    mop, _person = app_client.get("/api/v1/violations", headers=a).json()["data"]
    app_client.post(f"/api/v1/violations/{mop['id']}/review",
                    json={"verdict": "confirm", "relabel": "bucket"}, headers=a)
    archive = zipfile.ZipFile(io.BytesIO(app_client.get("/api/v1/export/yolo", headers={"X-API-Key": keys.admin}).content))
    classes = sorted(line.split()[0] for line in archive.read(f"labels/train/{reviewed}.txt").decode().splitlines())
    from storecheck.vision.types import LABELS

    assert classes == sorted([str(LABELS.index("person")), str(LABELS.index("bucket"))])


def test_train_and_val_are_split_by_camera_day(app_client: TestClient, keys: Keys, service: Service) -> None:
    images = ["hall-mop.jpg", "hall-clean.jpg", "counter-badges.jpg", "counter-no-badge.jpg", "closeup-intern.jpg"]
    made = []
    for day in range(2, 12):  # ten camera-days (distinct images: one camera never gets the same bytes twice)
        made.append(insert_analysed(service, "store-a", ("hall", "counter")[day % 2], mop_and_badge_result(),
                                    image=images[day // 2 - 1], captured_at=datetime(2026, 11, day, 1, 30, tzinfo=UTC)))
    a = {"X-API-Key": keys.reviewer_a}
    for violation in app_client.get("/api/v1/violations?limit=200", headers=a).json()["data"]:
        app_client.post(f"/api/v1/violations/{violation['id']}/review", json={"verdict": "confirm"}, headers=a)
    names = zipfile.ZipFile(io.BytesIO(app_client.get("/api/v1/export/yolo", headers={"X-API-Key": keys.admin}).content)).namelist()
    train = {n.split("/")[-1] for n in names if n.startswith("images/train/")}
    val = {n.split("/")[-1] for n in names if n.startswith("images/val/")}
    assert train and val and not train & val and len(train | val) == len(made)
