"""The person detector (models/people-ssdlite.onnx, trained on real photographs) and how its people
join ours (vision.people_fusion)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storecheck.vision.config import DetectorConfig, PersonDetectorConfig
from storecheck.vision.detector import load_detector
from storecheck.vision.detector.onnx_ssd import SsdDetector
from storecheck.vision.models import default_person_detector_path
from storecheck.vision.people_fusion import fuse_people
from storecheck.vision.types import SOURCE, Detections


@pytest.fixture(scope="module")
def person_detector() -> SsdDetector:
    detector = load_detector(PersonDetectorConfig(path=default_person_detector_path()))
    assert isinstance(detector, SsdDetector)
    return detector


def _sources(found: Detections) -> list[tuple[str, str | None]]:
    return [(label, found.get(i, SOURCE)) for i, (_, _, label) in enumerate(found)]


def test_the_shipped_person_detector_finds_the_people_of_a_street_photo(
        person_detector: SsdDetector, bus_image: np.ndarray) -> None:
    # bus.jpg: four people in front of a bus; our detector, trained on drawn halls, boxes none of
    # them above the checks' 0.4 (bench.real_photos). The two men at the left are in full view.
    assert person_detector.name.startswith("people-ssdlite@sha256:")
    found = person_detector.detect(bus_image)
    assert set(found.label) == {"person"} and (found.confidence >= 0.5).all()
    h, w = bus_image.shape[:2]
    assert (found.xyxy >= 0).all() and (found.xyxy[:, [0, 2]] <= w).all() and (found.xyxy[:, [1, 3]] <= h).all()
    left = [box for box in found.xyxy if box[0] < 260 and box[1] > 300 and box[3] > 800]
    assert len(left) >= 2, found.xyxy
    ours = load_detector(DetectorConfig()).detect(bus_image).of("person").above(0.4)
    assert len(ours) < len(found)


def test_no_person_in_a_photo_of_a_wall(person_detector: SsdDetector) -> None:
    skimage = pytest.importorskip("skimage")
    import cv2

    for name in ("brick.png", "gravel.png"):
        wall = cv2.imread(str(Path(skimage.__file__).parent / "data" / name), cv2.IMREAD_COLOR)
        assert not len(person_detector.detect(wall)), name


def test_a_model_that_is_not_an_ssd_export_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="not a TF Object Detection API SSD export"):
        load_detector(PersonDetectorConfig(path=default_person_detector_path().parent / "storecheck-devices.onnx"))
    with pytest.raises(FileNotFoundError, match="detector model not found"):
        load_detector(PersonDetectorConfig(path=Path("/nonexistent/people.onnx")))


def test_a_person_only_the_person_detector_found_joins_our_detections() -> None:
    ours = Detections.from_lists([[400, 100, 520, 420], [440, 180, 480, 210]], [0.9, 0.7], ["person", "badge"])
    theirs = Detections.from_lists([[40, 400, 220, 910]], [0.99], ["person"])
    fused = fuse_people(ours, theirs)
    assert _sources(fused) == [("person", "detector"), ("badge", "detector"), ("person", "people_detector")]


def test_a_person_both_found_is_one_person_in_the_box_of_the_surer() -> None:
    # Our detector boxes a real person's upper half weakly (under the checks' 0.4): the person
    # detector's whole, sure box is the one judged; a staff member we box surely behind a
    # counter keeps our box (their badge hangs on it).
    weak = Detections.from_lists([[40, 400, 220, 640]], [0.31], ["person"])
    theirs = Detections.from_lists([[40, 400, 220, 910]], [0.99], ["person"])
    fused = fuse_people(weak, theirs)
    assert _sources(fused) == [("person", "people_detector")] and fused.xyxy[0].tolist() == [40, 400, 220, 910]
    sure = Detections.from_lists([[42, 398, 224, 905]], [0.95], ["person"])
    fused = fuse_people(sure, Detections.from_lists([[40, 400, 220, 910]], [0.6], ["person"]))
    assert _sources(fused) == [("person", "detector")] and fused.confidence.tolist() == pytest.approx([0.95])


def test_two_people_side_by_side_stay_two() -> None:
    ours = Detections.from_lists([[100, 100, 200, 400]], [0.8], ["person"])
    theirs = Detections.from_lists([[100, 100, 200, 400], [190, 110, 290, 400]], [0.7, 0.9], ["person", "person"])
    fused = fuse_people(ours, theirs)
    assert sorted(fused.xyxy[:, 0].tolist()) == [100, 190]


def test_a_wide_frame_is_seen_as_two_squares(person_detector: SsdDetector, bus_image: np.ndarray) -> None:
    # bus.jpg (810x1080) in the middle of a 1920x1080 camera frame, a grey wall either side: seen
    # as its left (x 0-1080) and right (x 840-1920) squares, people keep their shape (squashed
    # whole, they are half as wide as the model learned them). Boxes come back in the whole
    # frame's pixels, and a person in both squares once.
    frame = np.full((1080, 1920, 3), 128, np.uint8)
    frame[:, 600:1410] = bus_image
    found = person_detector.detect(frame)
    assert len(found) >= 2, found.xyxy
    assert (found.xyxy[:, 0] >= 590).all() and (found.xyxy[:, 2] <= 1420).all(), found.xyxy
    left = [box for box in found.xyxy if box[0] < 860 and box[3] > 800]  # the two men at the photo's left
    assert len(left) >= 2, found.xyxy
    for i, a in enumerate(found.xyxy):
        for b in found.xyxy[i + 1:]:
            inter = max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
            union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
            assert inter / union < 0.5, (a, b)
