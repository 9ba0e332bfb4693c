"""The edge agent's ``cameras.yaml``: store, service, spool, skip rules and the cameras.

Every model rejects unknown keys (a typo must never fall back to a default silently), and every
secret is a reference (``{env: NAME}`` or ``{file: PATH}``), never a literal, so the YAML can be
shown, logged or committed without leaking a password.

Example::

    store_id: demo-hall-001
    service: {url: "http://10.0.0.5:8000", api_key: {env: STORECHECK_DEVICE_KEY}}
    spool: {dir: /var/lib/storecheck/spool, max_bytes: 2000000000}
    defaults:
      schedule: {every_s: 900, business_hours: ["08:30-21:00"]}
    cameras:
      - id: demo-hall-001-hall
        zone: hall
        source: "rtsp://192.168.1.20:554/Streaming/Channels/101"
        username: admin
        password: {env: CAM_HALL_PASSWORD}
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from storecheck.capture.schedule import ScheduleConfig
from storecheck.checks.config import CameraConfig
from storecheck.config import validate_yaml_file
from storecheck.contract import StoreType, Zone


class CaptureConfigError(ValueError):
    """The cameras file is missing, not YAML, does not validate, or names a missing secret."""


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Secret(_Config):
    """Where a secret lives: an environment variable or a file (first line, stripped)."""

    env: str | None = Field(default=None, description="Environment variable holding the secret")
    file: Path | None = Field(default=None, description="File holding the secret")

    @model_validator(mode="after")
    def _exactly_one(self) -> Secret:
        if (self.env is None) == (self.file is None):
            raise ValueError("give exactly one of 'env' or 'file'")
        return self

    def reveal(self) -> str:
        """The secret's value. Raises CaptureConfigError naming the variable or file, never the value."""
        if self.env is not None:
            value = os.environ.get(self.env)
            if value is None:
                raise CaptureConfigError(f"environment variable {self.env} is not set")
            return value
        assert self.file is not None
        try:
            return self.file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CaptureConfigError(f"cannot read secret file {self.file}: {exc.strerror or exc}") from exc


class SkipRules(_Config):
    """Frames not worth spooling; recorded in the camera's health, never as violations."""

    black: bool = Field(default=True, description="Skip frames whose mean brightness is below black_level")
    black_level: float = Field(default=12.0, ge=0, le=255, description="Mean grey level (0-255) of a black frame")
    frozen: bool = Field(default=True, description="Skip a frame identical to the camera's previous one")
    frozen_diff: float = Field(default=0.5, ge=0, description="Mean absolute grey difference below which a frame is frozen")
    blur_below: float | None = Field(
        default=None, ge=0, description="Skip frames whose Laplacian variance is below this; unset: never"
    )


class ServiceConfig(_Config):
    url: str = Field(description="The central service, e.g. http://10.0.0.5:8000")
    api_key: Secret = Field(description="This store's device key")
    timeout_s: float = Field(default=15.0, gt=0, description="Per-request timeout")
    retry_initial_s: float = Field(default=1.0, gt=0, description="First wait after a failed upload")
    retry_max_s: float = Field(default=120.0, gt=0, description="Longest wait between upload attempts")
    health_path: str | None = Field(
        default=None, description="POST the camera health here (e.g. /api/v1/devices/health); unset: not sent"
    )


class SpoolConfig(_Config):
    dir: Path = Field(description="Local spool folder; frames wait here until uploaded or analysed")
    max_bytes: int = Field(default=2_000_000_000, gt=0, description="Spool size limit")
    min_free_bytes: int = Field(default=100_000_000, ge=0, description="Disk space always left free")
    jpeg_quality: int = Field(default=90, ge=50, le=100, description="JPEG quality for frames decoded from video")


class EdgeConfig(_Config):
    """Edge mode: analyse here with the Engine; only results and evidence leave the store."""

    send_to: Literal["folder", "service"] = Field(
        default="folder",
        description="folder: results and crops into results_dir; service: POST each result with its "
        "evidence frame (black outside the evidence) to the service's /api/v1/results",
    )
    results_dir: Path | None = Field(default=None, description="Destination for results and evidence crops (send_to: folder)")
    analysis_config: Path | None = Field(default=None, description="The analysis --config YAML")
    evidence_padding: float = Field(default=0.1, ge=0, le=1, description="Crop padding, relative to the box")

    @model_validator(mode="after")
    def _destination(self) -> EdgeConfig:
        if self.send_to == "folder" and self.results_dir is None:
            raise ValueError("send_to 'folder' needs results_dir")
        return self


class CameraDefaults(_Config):
    schedule: ScheduleConfig = Field(default_factory=ScheduleConfig, description="When cameras are grabbed")
    timeout_s: float = Field(default=10.0, gt=0, description="Connect and read timeout per grab")
    offline_after: int = Field(default=3, ge=1, description="Dark grabs in a row before camera.offline is raised")
    reconnect_initial_s: float = Field(default=2.0, gt=0, description="First retry after a failed grab")
    reconnect_max_s: float = Field(default=300.0, gt=0, description="Longest wait between retries")


class CameraSpec(CameraConfig):
    """A camera the agent grabs: the checks' camera (zone, polygons) with its id and source; a zone is required."""

    id: str = Field(min_length=1, max_length=64, description="The camera's id on the service")
    zone: Zone = Field(description="What the camera looks at")
    source: str = Field(description="rtsp://..., http(s):// snapshot URL, a video file or a folder of images")
    auth: Literal["basic", "digest"] = Field(default="digest", description="HTTP snapshot authentication")
    username: str | Secret | None = Field(default=None, description="Camera user (plain or a secret reference)")
    password: Secret | None = Field(default=None, description="Camera password, from env or a file")
    keep_open: bool = Field(
        default=False, description="Streams: hold the connection and keep the newest frame (costs a decoder)"
    )
    schedule: ScheduleConfig | None = Field(default=None, description="Overrides defaults.schedule")
    timeout_s: float | None = Field(default=None, gt=0, description="Overrides defaults.timeout_s")


class CaptureConfig(_Config):
    store_id: str = Field(min_length=1, description="The store this edge box belongs to")
    store_type: StoreType = Field(default="hall_1_3", description="How the store is checked")
    timezone: str = Field(default="Asia/Shanghai", description="Default time zone for schedules and captured_at")
    mode: Literal["upload", "edge"] = Field(default="upload", description="Upload frames, or analyse here")
    service: ServiceConfig | None = Field(default=None, description="Needed in upload mode and for edge.send_to: service")
    spool: SpoolConfig
    edge: EdgeConfig | None = Field(default=None, description="Needed in edge mode")
    skip: SkipRules = Field(default_factory=SkipRules)
    status_file: Path | None = Field(default=None, description="Camera health JSON; default <spool>/status.json")
    metrics_file: Path | None = Field(default=None, description="Prometheus text file (node-exporter textfile)")
    metrics_port: int | None = Field(default=None, ge=1, le=65535, description="Serve /metrics on this port")
    metrics_host: str = Field(default="127.0.0.1", description="Address for metrics_port")
    defaults: CameraDefaults = Field(default_factory=CameraDefaults)
    cameras: list[CameraSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> CaptureConfig:
        ids = [camera.id for camera in self.cameras]
        if len(ids) != len(set(ids)):
            raise ValueError(f"camera ids must be unique: {sorted({i for i in ids if ids.count(i) > 1})}")
        if self.mode == "upload" and self.service is None:
            raise ValueError("mode 'upload' needs a 'service' section")
        if self.mode == "edge" and self.edge is None:
            raise ValueError("mode 'edge' needs an 'edge' section")
        if self.mode == "edge" and self.edge is not None and self.edge.send_to == "service" and self.service is None:
            raise ValueError("edge.send_to 'service' needs a 'service' section")
        return self

    @property
    def resolved_status_file(self) -> Path:
        return self.status_file or self.spool.dir / "status.json"

    def schedule_of(self, camera: CameraSpec) -> ScheduleConfig:
        schedule = camera.schedule or self.defaults.schedule
        return schedule if schedule.timezone else schedule.model_copy(update={"timezone": self.timezone})

    def timeout_of(self, camera: CameraSpec) -> float:
        return camera.timeout_s or self.defaults.timeout_s


def load_capture_config(path: str | Path) -> CaptureConfig:
    """Read and validate a cameras file; errors name the dotted path of each bad key."""
    return validate_yaml_file(path, CaptureConfig, CaptureConfigError, "store_id, spool and cameras")
