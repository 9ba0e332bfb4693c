"""Wrong API keys, counted per client address: after ``limit`` in ``window_s`` that address is
answered 429 (with Retry-After) until its oldest failure ages out, whatever key it sends.

In-process: each service process counts its own callers. The address is the connection's, or
the client's as a trusted reverse proxy forwards it (uvicorn's ``FORWARDED_ALLOW_IPS``).
Keys are 32 random bytes, so guessing is hopeless anyway; this keeps a guesser (or a device
with a stale key in a tight loop) from costing a database lookup per request and flooding logs.

Example:
    >>> throttle = FailedKeyThrottle(limit=2, window_s=60)
    >>> throttle.failed("10.0.0.9"); throttle.failed("10.0.0.9")
    >>> throttle.retry_after("10.0.0.9") is not None, throttle.retry_after("10.0.0.8")
    (True, None)
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class FailedKeyThrottle:
    def __init__(self, limit: int = 10, window_s: float = 60.0, *, max_clients: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window_s, self.max_clients, self.clock = limit, window_s, max_clients, clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int | None:
        """Seconds ``client`` must wait before its next key is looked at; None when it need not."""
        with self._lock:
            failures = self._recent(client)
            if failures is None or len(failures) < self.limit:
                return None
            return max(1, math.ceil(failures[0] + self.window_s - self.clock()))

    def failed(self, client: str) -> None:
        """``client`` sent a key that is unknown or revoked."""
        with self._lock:
            failures = self._recent(client)
            if failures is None:
                failures = self._failures[client] = deque(maxlen=self.limit)
                while len(self._failures) > self.max_clients:  # forget the longest-quiet address
                    self._failures.popitem(last=False)
            failures.append(self.clock())
            self._failures.move_to_end(client)

    def _recent(self, client: str) -> deque[float] | None:
        failures = self._failures.get(client)
        if failures is None:
            return None
        cutoff = self.clock() - self.window_s
        while failures and failures[0] <= cutoff:
            failures.popleft()
        if not failures:
            del self._failures[client]
            return None
        return failures
