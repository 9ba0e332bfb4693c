"""``VisionConfig``: the ``vision:`` section of the ``--config`` YAML. Unknown keys are rejected.

Example:
    >>> cfg = VisionConfig.model_validate({"detector": {"confidence": 0.3}})
    >>> cfg.detector.backend, cfg.ocr.backend
    ('onnx', 'rapidocr')
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DetectorConfig(_Strict):
    backend: str = Field(
        default="onnx",
        title="Detector backend",
        description="Registered backend: 'onnx' (ONNX Runtime, default) or 'ultralytics' (needs the train extra).",
    )
    path: Path | None = Field(
        default=None,
        title="Model file",
        description="Detector weights (.onnx; .pt for ultralytics). None = the shipped models/storecheck-det.onnx.",
    )
    confidence: float = Field(
        default=0.25, ge=0, le=1, title="Confidence threshold",
        description="Detections scoring below this are dropped.",
    )
    class_confidence: dict[str, float] = Field(
        default_factory=dict,
        title="Per-class confidence",
        description="Overrides of the confidence threshold by label, e.g. {badge: 0.15, mop: 0.4}.",
    )
    iou: float = Field(
        default=0.45, gt=0, le=1, title="NMS IoU",
        description="Boxes of one class overlapping more than this IoU are merged by non-maximum suppression.",
    )
    max_detections: int = Field(
        default=300, gt=0, title="Max detections", description="At most this many boxes per image."
    )
    threads: int = Field(
        default=2, ge=1, title="Threads",
        description="ONNX Runtime intra-op threads (2 is fastest on the 2-core edge boxes).",
    )
    input_size: tuple[int, int] | None = Field(
        default=None,
        title="Input size (height, width)",
        description="Only for models with a dynamic input shape: the largest canvas a frame is fitted into "
        "(default: the export's imgsz metadata, else 640x640); a static shape in the model wins.",
    )


class ScreenDetectorConfig(DetectorConfig):
    """The screen detector (phones, the ITV set, terminal screens), run in ``screen_zones`` only."""

    enabled: bool = Field(
        default=True, title="Screen detector on",
        description="Off: the screen finder alone finds the screens (as before the detector shipped).",
    )
    path: Path | None = Field(
        default=None,
        title="Model file",
        description="Screen detector weights (.onnx). None = the shipped models/storecheck-devices.onnx.",
    )
    confidence: float = Field(
        # Every phone, TV and terminal of development seeds 11 and 14 scored 0.78 or more; on
        # real photographs held out for choosing it (COCO train2017's first 128, never trained
        # on) 0.7 let fewer through than 0.4-0.5 (2 photos against 3): python -m bench.screen_choices.
        default=0.7, ge=0, le=1, title="Confidence threshold",
        description="Screens scoring below this are dropped (the finder stands in for a kind the detector found none of).",
    )


class PersonDetectorConfig(DetectorConfig):
    """The person detector (``models/people-ssdlite.md``): trained on real photographs only, it
    adds the people our detector did not box (``vision.people_fusion``)."""

    backend: str = Field(
        default="onnx-ssd", title="Person detector backend",
        description="Registered backend: 'onnx-ssd' (a TF Object Detection API SSD on ONNX Runtime).",
    )
    enabled: bool = Field(
        default=True, title="Person detector on",
        description="Off: our detector alone finds people (as before it shipped).",
    )
    path: Path | None = Field(
        default=None,
        title="Model file",
        description="Person detector weights (.onnx). None = the shipped models/people-ssdlite.onnx.",
    )
    confidence: float = Field(
        default=0.5, ge=0, le=1, title="Confidence threshold",
        description="People it finds scoring below this are dropped (chosen on held-out development "
        "photographs and drawn scenes: python -m bench.people_choices).",
    )
    squares: bool = Field(
        default=True, title="Wide frames as two squares",
        description="A frame wider than 1.4:1 is seen as its left and right squares instead of squashed "
        "whole into the model's square input (it learned people from ~4:3 photographs).",
    )
    zones: list[str] = Field(
        default_factory=lambda: ["hall", "counter", "star_desk"],
        title="Zones it runs in",
        description="Where people are judged (the badge rules, staff.uniform, a star sign behind "
        "someone); elsewhere our detector's people are enough and its ~43 ms a 16:9 frame (bench.speed) are saved.",
    )


class OcrConfig(_Strict):
    backend: str = Field(
        default="rapidocr", title="OCR backend",
        description="Registered backend: 'rapidocr' (default, bundled PP-OCRv6 models) or 'paddleocr'.",
    )
    threads: int = Field(
        default=2, ge=1, title="Threads", description="ONNX Runtime intra-op threads for OCR."
    )
    crop_limit_side_len: int = Field(
        default=960, ge=32, title="Crop detection size limit",
        description="Crops are shrunk (never enlarged) so their long side is at most this before text "
        "detection; enlarging small crops costs ~1 s and reads no better.",
    )
    frame_limit_side_len: int = Field(
        default=960, ge=32, title="Full-frame detection size",
        description="Every frame's text is read: text detection runs on the frame shrunk (never "
        "enlarged) so its long side is at most this, recognition on the original pixels. 960 finds "
        "10-12 px glyphs of a 1920x1080 frame at a quarter of full-size detection's cost "
        "(bench.ocr_scale); what it misses on a detected badge, sign or staff chest is re-read there.",
    )
    frame_min_scale: float = Field(
        default=0.5, gt=0, le=1, title="Full-frame detection's least scale",
        description="The frame pass shrinks a frame to frame_limit_side_len, but never below this "
        "share of its size: a 4K frame or a phone photo is read at half size (its badges' lines as "
        "tall as a 1080p frame's), at about four times a 1080p frame's cost.",
    )
    fine_zones: list[str] = Field(
        default_factory=lambda: ["notice_board", "device_display", "self_service"],
        title="Zones read twice",
        description="In these zones, whose rules read small print (notices, price tags), the "
        "regions around small lines of the frame pass are read again at full resolution when a "
        "rule cannot settle on the first reading (a notice or a tag field not read): the "
        "960 px frame pass halves a 1080p tag's 15 px glyphs and drops whole lines.",
    )
    fine_line_max_px: int = Field(
        default=32, ge=1, title="Small line height",
        description="Frame-pass lines at most this tall (pixels of the original) start a fine read.",
    )
    use_angle_cls: bool = Field(
        default=False, title="Angle classifier",
        description="Detect upside-down text lines (a badge flipped on its lanyard) and turn them; "
        "costs ~20% of badge OCR time, so off unless cameras see many flipped badges.",
    )
    badge_min_width_px: int = Field(
        default=80, ge=1, title="Smallest badge worth reading",
        description="Badges narrower than this (pixels) are not sent to OCR: below ~80 px nothing "
        "legible comes back (field tests: 60 px nothing or wrong, 90 px the name only).",
    )
    text_score: float = Field(
        default=0.5, ge=0, le=1, title="Text score",
        description="Recognised lines scoring below this are dropped.",
    )
    det_model_dir: Path | None = Field(
        default=None, title="PaddleOCR detection model dir",
        description="paddleocr backend only: local text-detection model directory (paddleocr cannot download offline).",
    )
    rec_model_dir: Path | None = Field(
        default=None, title="PaddleOCR recognition model dir",
        description="paddleocr backend only: local text-recognition model directory.",
    )


class VisionConfig(_Strict):
    detector: DetectorConfig = Field(
        default_factory=DetectorConfig, title="Detector", description="Object detector settings."
    )
    ocr: OcrConfig = Field(default_factory=OcrConfig, title="OCR", description="Text reading settings.")
    screen_zones: list[str] = Field(
        default_factory=lambda: ["device_display", "self_service"],
        title="Zones searched for screens",
        description="In these zones the screen detector (phones, the ITV set, terminal screens) and "
        "the screen finder (vision.screens: shapes and a scorer) run beside the main detector, which "
        "has no phone, tv or terminal class; vision.screen_fusion keeps one box per screen. Empty: never.",
    )
    screen_detector: ScreenDetectorConfig = Field(
        default_factory=ScreenDetectorConfig, title="Screen detector",
        description="The model of phones, the ITV set and terminal screens (models/storecheck-devices.md).",
    )
    person_detector: PersonDetectorConfig = Field(
        default_factory=PersonDetectorConfig, title="Person detector",
        description="The real-photograph person detector run beside ours where people are judged (models/people-ssdlite.md).",
    )
    max_pixels: int = Field(
        default=40_000_000, gt=0, title="Pixel limit",
        description="Images with more pixels are refused before decoding (decompression bombs).",
    )
    min_side_px: int = Field(
        default=32, ge=1, title="Smallest image side",
        description="Images narrower or shorter than this are refused: no staff member, badge, sign or "
                    "tool in them could be judged, and an empty result would pass every rule.",
    )
    font_path: Path | None = Field(
        default=None, title="Annotation font",
        description="A CJK font for annotated images; None = find a Debian CJK font.",
    )
