"""``storecheck capture``: run the agent until SIGTERM/SIGINT, or once (``--once``, for cron)."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path
from typing import TextIO

from storecheck.capture.config import CaptureConfigError, load_capture_config
from storecheck.capture.spool import SpoolLocked

log = logging.getLogger(__name__)
EXIT_OK, EXIT_INCOMPLETE, EXIT_USAGE = 0, 1, 2


def run_capture(config_path: Path, *, once: bool = False, duration_s: float | None = None,
                out: TextIO = sys.stdout) -> int:
    """Exit 0: all well (``--once``: every camera grabbed and the spool drained); 1: something
    was left for next time (it stays spooled); 2: bad config or the spool is in use."""
    from storecheck.capture.agent import Agent

    try:
        config = load_capture_config(config_path)
        agent = Agent(config)
    except (CaptureConfigError, SpoolLocked) as exc:
        print(f"storecheck capture: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if once:
        complete = agent.run_once()
        print(f"capture: {len(config.cameras)} cameras, status in {config.resolved_status_file}", file=out)
        return EXIT_OK if complete else EXIT_INCOMPLETE
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        log.info("capture: %s received, finishing the current grabs and uploads", signal.Signals(signum).name)
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, on_signal)
    print(f"capture: {len(config.cameras)} cameras, mode {config.mode}, spool {config.spool.dir}", file=out)
    out.flush()
    agent.run(stop, duration_s=duration_s)
    return EXIT_OK
