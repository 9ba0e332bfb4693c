"""POST /api/v1/results: a frame analysed on an edge box reaches the review queue and the scores
with only its evidence, and a result that is not about that frame or camera is refused."""

from __future__ import annotations

import json
from typing import Any

import cv2
import numpy as np
from fastapi.testclient import TestClient

from storecheck.api.imaging import crop_window
from storecheck.api.service import Service
from storecheck.capture.edge import evidence_frame
from storecheck.contract import AnalysisResult
from tests.servicekit import MOP_BOX, PERSON_BOX, Keys, get_snapshot, mop_and_badge_result

FORM = {"store_id": "store-a", "camera_id": "store-a-hall", "captured_at": "2026-11-25T09:30:00+08:00"}


def hall_frame() -> np.ndarray:
    """A 1920x1080 frame with something bright under the mop's and the person's boxes and a
    'face' elsewhere that must not leave the store."""
    frame = np.full((1080, 1920, 3), 90, np.uint8)
    for x1, y1, x2, y2 in (MOP_BOX, PERSON_BOX):
        cv2.rectangle(frame, (int(x1), int(y1)), (int(x2), int(y2)), (40, 200, 240), -1)
    cv2.circle(frame, (1500, 300), 60, (180, 200, 230), -1)  # a customer's face, far from any evidence
    return frame


def post_result(client: TestClient, key: str, result: AnalysisResult | str, image: np.ndarray | None = None,
                **form: str) -> Any:
    frame = evidence_frame(hall_frame(), result, 0.1) if image is None and not isinstance(result, str) else image
    ok, jpeg = cv2.imencode(".jpg", frame if frame is not None else hall_frame())
    body = result if isinstance(result, str) else result.model_dump_json()
    return client.post("/api/v1/results", headers={"X-API-Key": key}, data=FORM | form | {"result": body},
                       files={"image": ("frame.jpg", jpeg.tobytes(), "image/jpeg")})


def test_an_edge_result_goes_to_the_review_queue_with_its_evidence_only(
        app_client: TestClient, keys: Keys, service: Service) -> None:
    sent = post_result(app_client, keys.device_a, mop_and_badge_result())
    assert sent.status_code == 201, sent.text
    assert sent.json()["status"] == "done" and not sent.json()["duplicate"]
    snapshot_id = sent.json()["id"]
    snapshot = get_snapshot(service, snapshot_id)
    assert snapshot is not None and snapshot.source == "edge" and snapshot.score == 96.0

    reviewer = {"X-API-Key": keys.reviewer_a}
    queue = app_client.get("/api/v1/violations", params={"store_id": "store-a"}, headers=reviewer).json()
    assert {v["rule"] for v in queue["data"]} == {"hall.no_cleaning_tools", "badge.worn"}
    mop = next(v for v in queue["data"] if v["rule"] == "hall.no_cleaning_tools")
    crop = app_client.get(f"/api/v1/snapshots/{snapshot_id}/image", params={"crop": mop["finding_id"]}, headers=reviewer)
    pixels = cv2.imdecode(np.frombuffer(crop.content, np.uint8), cv2.IMREAD_COLOR)
    left, top, _, _ = crop_window(MOP_BOX, 1920, 1080)  # the context around it left the store black
    x1, y1, x2, y2 = (int(v) for v in MOP_BOX)
    assert pixels[y1 - top:y2 - top, x1 - left:x2 - left].mean() > 60  # the mop is there to judge

    whole = app_client.get(f"/api/v1/snapshots/{snapshot_id}/image", headers=reviewer)
    frame = cv2.imdecode(np.frombuffer(whole.content, np.uint8), cv2.IMREAD_COLOR)
    assert frame.shape[:2] == (1080, 1920)
    assert frame[240:360, 1440:1560].max() < 30  # the face stayed on the box
    scores = app_client.get("/api/v1/stores/store-a/scores", headers=reviewer).json()
    assert scores["days"][0]["mean"] == 96.0


def test_the_same_result_sent_twice_is_one_snapshot(app_client: TestClient, keys: Keys) -> None:
    first = post_result(app_client, keys.device_a, mop_and_badge_result())
    again = post_result(app_client, keys.device_a, mop_and_badge_result())
    assert again.status_code == 200 and again.json()["duplicate"]
    assert again.json()["id"] == first.json()["id"]


def test_results_that_do_not_fit_are_refused_with_the_reason(app_client: TestClient, keys: Keys) -> None:
    result = mop_and_badge_result()
    window = post_result(app_client, keys.device_a, result, camera_id="store-a-window")
    assert window.status_code == 422 and "zone 'hall'" in window.json()["detail"]
    small = post_result(app_client, keys.device_a, result, image=np.zeros((720, 1280, 3), np.uint8))
    assert small.status_code == 422 and "1920x1080" in small.json()["detail"]
    garbled = post_result(app_client, keys.device_a, "{not json", image=hall_frame())
    assert garbled.status_code == 422 and "not JSON" in garbled.json()["detail"]
    body = result.model_dump(mode="json")
    del body["score"]
    partial = post_result(app_client, keys.device_a, json.dumps(body), image=hall_frame())
    assert partial.status_code == 422 and "score" in partial.json()["detail"]
    assert app_client.get("/api/v1/snapshots", headers={"X-API-Key": keys.reviewer_a}).json()["count"] == 0


def test_a_device_sends_results_for_its_own_store_only(app_client: TestClient, keys: Keys) -> None:
    other = post_result(app_client, keys.device_b, mop_and_badge_result())
    assert other.status_code == 403
    unknown = post_result(app_client, keys.device_a, mop_and_badge_result(), camera_id="store-a-nowhere")
    assert unknown.status_code == 404
