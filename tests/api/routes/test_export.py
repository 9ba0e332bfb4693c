"""/api/v1/export/yolo: reviewed snapshots as a YOLO dataset; dismissed boxes become negatives."""

from __future__ import annotations

import io
import zipfile

from fastapi.testclient import TestClient

from storecheck.api.service import Service
from tests.servicekit import Keys, insert_analysed, mop_and_badge_result


def test_export_reviewed_snapshots(app_client: TestClient, keys: Keys, service: Service) -> None:
    reviewed = insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    insert_analysed(service, "store-b", "hall", mop_and_badge_result())  # never reviewed: not exported
    a = {"X-API-Key": keys.reviewer_a}
    mop, person = app_client.get("/api/v1/violations", headers=a).json()["data"]
    app_client.post(f"/api/v1/violations/{mop['id']}/review", json={"verdict": "dismiss", "reason": "是拖把架"}, headers=a)
    app_client.post(f"/api/v1/violations/{person['id']}/review", json={"verdict": "confirm"}, headers=a)

    assert app_client.get("/api/v1/export/yolo", headers=a).status_code == 403
    response = app_client.get("/api/v1/export/yolo", headers={"X-API-Key": keys.admin})
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {f"images/{reviewed}.jpg", f"labels/{reviewed}.txt", "data.yaml", "reviews.csv"} <= names
    assert len([n for n in names if n.startswith("images/")]) == 1
    labels = archive.read(f"labels/{reviewed}.txt").decode().split()
    assert labels[0] == "0" and len(labels) == 5  # the confirmed person stays; the dismissed mop is gone
    assert "是拖把架" in archive.read("reviews.csv").decode()
