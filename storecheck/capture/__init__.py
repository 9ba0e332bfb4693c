"""Scheduled capture from store cameras: the edge agent (capture -> spool -> upload or analyse).

``storecheck capture --config cameras.yaml [--once]``; the file format is in
:mod:`storecheck.capture.config`.
"""

from storecheck.capture.agent import Agent, CameraWorker
from storecheck.capture.config import CaptureConfig, CaptureConfigError, load_capture_config
from storecheck.capture.health import OFFLINE_RULE, HealthBoard
from storecheck.capture.sources import GrabError, open_source, redact_url
from storecheck.capture.spool import Spool, SpoolFull

__all__ = [
    "OFFLINE_RULE", "Agent", "CameraWorker", "CaptureConfig", "CaptureConfigError", "GrabError", "HealthBoard",
    "Spool", "SpoolFull", "load_capture_config", "open_source", "redact_url",
]
