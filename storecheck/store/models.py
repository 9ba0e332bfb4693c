"""The tables: stores, cameras, staff rosters, API keys, snapshots, findings, violations, review items,
reviews, daily scores.

A snapshot's image is not in the database: it lives in the content-addressed
:class:`~storecheck.store.images.ImageStore` under its sha256. Times are UTC everywhere; the
``day`` columns are the store's local day (settings ``timezone``), the day a manager talks about.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

SNAPSHOT_STATUSES = ("queued", "running", "done", "failed")
VIOLATION_STATUSES = ("open", "confirmed", "dismissed")
VIOLATION_KINDS = ("violation", "indeterminate")
ROLES = ("device", "reviewer", "admin")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out; SQLite would otherwise hand back naive ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Store(Base):
    __tablename__ = "stores"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    store_type: Mapped[str] = mapped_column(String(32))
    #: UniformColour dicts (checks.config); None: the deployment's default uniform colours.
    uniform_colours: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cameras: Mapped[list[Camera]] = relationship(back_populates="store", order_by="Camera.id")


class Camera(Base):
    __tablename__ = "cameras"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    zone: Mapped[str] = mapped_column(String(16))
    #: CameraPolygons as a dict of relative polygons (window, staff_area, hall_floor).
    polygons: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    store: Mapped[Store] = relationship(back_populates="cameras")


class CameraHealthReport(Base):
    """The last health an edge agent reported for one camera (``POST /devices/health``): one row
    per camera, replaced by each report, so a dead stream shows on the service, not only on the
    box. ``report`` keeps the agent's whole entry (counters, skips) as sent."""

    __tablename__ = "camera_health"

    camera_id: Mapped[str] = mapped_column(ForeignKey("cameras.id", ondelete="CASCADE"), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16))  # the agent's: starting | ok | failing | offline
    last_success: Mapped[str | None] = mapped_column(String(40), nullable=True)  # the agent's ISO time
    dark_since: Mapped[str | None] = mapped_column(String(40), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoreRoster(Base):
    """A store's staff roster (``employee_id,name,role,pregnant``), replaced as a whole by each
    upload. The CSV text is kept as sent (after a check that it parses) so a download returns
    exactly what the manager uploaded."""

    __tablename__ = "store_rosters"

    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True)
    csv_text: Mapped[str] = mapped_column(Text)
    entries: Mapped[int] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by: Mapped[int | None] = mapped_column(
        ForeignKey("api_keys.id", ondelete="SET NULL"), nullable=True
    )


class ApiKey(Base):
    """A key is shown once at creation; only its sha256 is kept (keys are 256-bit random, so a
    fast hash is enough: there is nothing to brute-force as with a password)."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    stores: Mapped[list[ApiKeyStore]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def store_ids(self) -> list[str]:
        return [link.store_id for link in self.stores]


class ApiKeyStore(Base):
    """The stores a device key uploads for (exactly one) or a reviewer key may read (any)."""

    __tablename__ = "api_key_stores"

    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True)


class Snapshot(Base):
    __tablename__ = "snapshots"
    __table_args__ = (
        UniqueConstraint("camera_id", "sha256", name="uq_snapshot_camera_image"),
        Index("ix_snapshots_status_received", "status", "received_at"),
        Index("ix_snapshots_store_day", "store_id", "day"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    camera_id: Mapped[str] = mapped_column(ForeignKey("cameras.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: The engine's score, and the score after reviews (dismissed violations given back).
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    reviewed_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: The contract's AnalysisResult, as JSON.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    detector: Mapped[str | None] = mapped_column(String(120), nullable=True)
    ocr: Mapped[str | None] = mapped_column(String(120), nullable=True)
    rules_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    timings: Mapped[dict[str, float] | None] = mapped_column(JSON, nullable=True)
    uploaded_by: Mapped[int | None] = mapped_column(
        ForeignKey("api_keys.id", ondelete="SET NULL"), nullable=True
    )
    #: ``upload``: the frame came in and was analysed here. ``edge``: an edge box analysed it and
    #: sent its result with an evidence frame (everything but the evidence boxes blacked out).
    source: Mapped[str] = mapped_column(String(16), default="upload", server_default="upload")
    #: Set when retention removed the image file; the result rows may outlive it.
    image_pruned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    findings: Mapped[list[FindingRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="FindingRow.position"
    )
    violations: Mapped[list[Violation]] = relationship(
        back_populates="snapshot", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Violation.id",
    )


class FindingRow(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot_id: Mapped[str] = mapped_column(ForeignKey("snapshots.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[list[float]]] = mapped_column(JSON, default=list)
    deduction: Mapped[float] = mapped_column(Float, default=0.0)


class Violation(Base):
    """A finding a person must look at: a violation, or an indeterminate one (建议复核)."""

    __tablename__ = "violations"
    __table_args__ = (
        Index("ix_violations_store_status", "store_id", "status"),
        Index("ix_violations_rule", "rule"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot_id: Mapped[str] = mapped_column(ForeignKey("snapshots.id", ondelete="CASCADE"), index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), unique=True)
    store_id: Mapped[str] = mapped_column(String(64))
    camera_id: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[list[float]]] = mapped_column(JSON, default=list)
    deduction: Mapped[float] = mapped_column(Float, default=0.0)
    day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_items.id", ondelete="SET NULL"), nullable=True, index=True
    )

    snapshot: Mapped[Snapshot] = relationship(back_populates="violations")
    item: Mapped[ReviewItem | None] = relationship(back_populates="violations")
    reviews: Mapped[list[Review]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Review.id", lazy="selectin"
    )


class ReviewItem(Base):
    """One thing a reviewer decides once: the repeated findings of one rule on one camera that
    show the same thing (overlapping evidence) within a window, as one standing bucket seen in
    six snapshots. Its verdict is every one of its violations' verdict."""

    __tablename__ = "review_items"
    __table_args__ = (Index("ix_review_items_camera_rule", "camera_id", "rule"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[str] = mapped_column(String(64), index=True)
    camera_id: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="open")
    evidence: Mapped[list[list[float]]] = mapped_column(JSON, default=list)  # the latest frame's
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When a snapshot of the camera showed the rule passing after ``last_seen``: the thing was
    #: fixed, and a new occurrence is a new item.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    violations: Mapped[list[Violation]] = relationship(back_populates="item", order_by="Violation.id")


class Review(Base):
    """One reviewer's verdict. Rows are only ever added: the latest one sets the violation's
    status, the earlier ones stay as the audit trail."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    violation_id: Mapped[int] = mapped_column(ForeignKey("violations.id", ondelete="CASCADE"), index=True)
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"), nullable=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    verdict: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    #: A reviewer's correction of what the evidence boxes hold, for the retraining export: a
    #: detector label, or ``background`` (nothing of ours there); empty when not corrected.
    relabel: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DailyScore(Base):
    """Mean reviewed score of one store (``camera_id`` empty) or camera on one local day."""

    __tablename__ = "daily_scores"

    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    camera_id: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    mean: Mapped[float] = mapped_column(Float)
    count: Mapped[int] = mapped_column(Integer)
    minimum: Mapped[float] = mapped_column(Float)
    maximum: Mapped[float] = mapped_column(Float)


# The follow-up tables (orders) live in their own module; importing it here registers them on
# Base for whoever imports the models (Alembic, the service, the tests).
from storecheck.store import followup_models as _followup_models  # noqa: E402,F401
