"""Service settings (pydantic-settings): environment variables ``STORECHECK_*`` or a ``.env``.

Everything the service keeps lives under ``STORECHECK_HOME`` (default ``./var``): the SQLite
database, the images and an optional ``config.yaml`` (the same file as ``--config``). Two
instances with different homes never touch each other's data.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="STORECHECK_", env_file=".env", extra="ignore")

    home: Path = Field(default=Path("var"), description="Where the service keeps everything")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default SQLite at <home>/storecheck.db"
    )
    images_dir: Path | None = Field(default=None, description="Image store; default <home>/images")
    config_path: Path | None = Field(
        default=None, description="Analysis config YAML; default <home>/config.yaml when present"
    )
    timezone: str = Field(default="Asia/Shanghai", description="The stores' local time, for days")
    max_upload_bytes: int = Field(default=15 * 1024 * 1024, gt=0, description="Largest image accepted")
    workers: int = Field(default=1, ge=0, description="Analysis threads (each loads its own engine); 0: none")
    fsync_images: bool = Field(default=True, description="fsync each image before it is acknowledged")
    analysis_lease_s: float = Field(
        default=300.0, gt=0,
        description="A snapshot ``running`` longer than this was abandoned (its worker died, or its "
        "result could not be written, e.g. on a full disk): the embedded queue puts it back in the "
        "queue while running, and /healthz reports the queue stuck. Keep it well above the longest "
        "analysis (seconds); the same 300 s as a Celery task's time limit")
    disk_free_min_bytes: int = Field(
        default=1024**3, ge=0,
        description="/healthz reports degraded when the disk of the home, the images or the SQLite "
        "database has less free space than this")
    retention_clean_image_days: int = Field(default=7, ge=1)
    retention_evidence_days: int = Field(default=90, ge=1)
    retention_result_days: int = Field(default=400, ge=1)
    retention_review_days: int = Field(default=730, ge=1)

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.home / 'storecheck.db').resolve()}"

    @property
    def resolved_images_dir(self) -> Path:
        return self.images_dir or self.home / "images"

    @property
    def resolved_config_path(self) -> Path | None:
        if self.config_path is not None:
            return self.config_path
        default = self.home / "config.yaml"
        return default if default.is_file() else None
