"""The analysis queue: an embedded worker by default, behind :class:`AnalysisQueue`."""

from storecheck.queue.base import AnalysisQueue
from storecheck.queue.embedded import EmbeddedQueue
from storecheck.queue.worker import Analyzer

__all__ = ["AnalysisQueue", "Analyzer", "EmbeddedQueue"]
