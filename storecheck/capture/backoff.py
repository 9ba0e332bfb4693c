"""Exponential backoff, shared by camera reconnects and uploads."""

from __future__ import annotations


class Backoff:
    """``initial``, twice that, four times... capped at ``maximum``; :meth:`reset` after a success.

    Example:
        >>> wait = Backoff(1.0, 5.0)
        >>> [wait.next() for _ in range(5)]
        [1.0, 2.0, 4.0, 5.0, 5.0]
    """

    def __init__(self, initial: float, maximum: float) -> None:
        self.initial, self.maximum = initial, max(initial, maximum)
        self.failures = 0

    def next(self) -> float:
        delay = min(self.maximum, self.initial * 2 ** min(self.failures, 62))
        self.failures += 1
        return delay

    def reset(self) -> None:
        self.failures = 0
