"""Demo phones, the ITV set and self-service terminals in a snapshot, and what their screens show.

A device is a ``phone``, ``tv`` or ``terminal`` detection (the screen detector's or the screen
finder's, ``vision.screen_fusion``) with its screen measures. From those and the frame's text:

* lit: bright or busy (``ScreenThresholds.lit_mean``, ``lit_std``): black glass is neither, even
  with a reflection on it, while a lit screen in a frame the camera under-exposes can be dim
  and still busy, and a plain lit page bright and hardly busy;
* a TV plays when lit, busy enough for a picture (``playing_std``), not uniform and with no
  no-signal text on it (无信号, 信号源, No Signal);
* a terminal works when lit, not a uniform page and with no error text on it (系统故障, 暂停服务,
  错误, 故障); a 暂停使用 line read on it or next to it (beside it, or on its casing below the
  screen) marks it: a line on a screen marks that terminal, one beside goes to the nearest
  faulty terminal around it, else the nearest.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from storecheck.checks import geometry
from storecheck.checks.config import ScreenThresholds, Thresholds
from storecheck.checks.text import normalise
from storecheck.contract import Device
from storecheck.vision.types import Box, Observation, TextLine

KINDS = ("phone", "tv", "terminal")
NO_SIGNAL = ("无信号", "信号源", "nosignal", "无输入", "hdmi")
ERRORS = ("系统故障", "暂停服务", "错误", "故障", "error")
PAUSED = "暂停使用"
#: Where a terminal's 暂停使用 notice may be, around its screen, in screen widths (sideways) and
#: heights (above, below: a kiosk's casing runs well below its screen).
NOTICE_SIDE, NOTICE_ABOVE, NOTICE_BELOW = 1.0, 0.3, 1.6


@dataclass(frozen=True)
class DeviceReading:
    index: int
    kind: str
    box: Box
    lit: bool
    uniform: bool
    busy: bool
    said: str | None = None  # the no-signal or error text read on its screen
    paused_notice: bool = False

    @property
    def working(self) -> bool:
        """A phone switched on, a TV playing, a terminal in service."""
        if self.kind == "phone":
            return self.lit
        if self.kind == "tv":
            return self.lit and self.busy and not self.uniform and self.said is None
        return self.lit and not self.uniform and self.said is None

    def why_not(self) -> str:
        """What is wrong with a device that is not working, in words."""
        if not self.lit:
            return "dark (switched off)"
        if self.said is not None:
            return f"shows {self.said}"
        return "shows a blank, uniform screen"

    def to_contract(self) -> Device:
        return Device(kind=self.kind, box=geometry.as_list(self.box), powered=self.working,  # type: ignore[arg-type]
                      paused_notice=self.paused_notice)


def is_lit(mean: float, std: float, screens: ScreenThresholds) -> bool:
    """A screen with this grey mean and spread is switched on: bright or busy."""
    return mean >= screens.lit_mean or std >= screens.lit_std


def _words_on(box: Box, lines: list[TextLine], words: tuple[str, ...]) -> str | None:
    for line in lines:
        text = normalise(line.text).lower()
        if geometry.contains_point(box, geometry.centre(line.box)) and any(word in text for word in words):
            return line.text.strip()
    return None


def notice_region(box: Box) -> Box:
    x1, y1, x2, y2 = box
    w, h = x2 - x1, y2 - y1
    return (x1 - NOTICE_SIDE * w, y1 - NOTICE_ABOVE * h, x2 + NOTICE_SIDE * w, y2 + NOTICE_BELOW * h)


def _marked(terminals: list[tuple[int, Box, bool]], lines: list[TextLine]) -> set[int]:
    """The terminals a 暂停使用 line is read on or next to (``terminals``: index, box, working).
    A line on a terminal's screen is that terminal's; one beside (on a stand between two, on a
    casing) goes to the nearest faulty terminal around it, else the nearest: staff put the sheet
    up for the broken one, and a sheet beside a working terminal marks nothing."""
    marked = set()
    for line in lines:
        if PAUSED not in normalise(line.text):
            continue
        centre = geometry.centre(line.box)
        on = [index for index, box, _ in terminals if geometry.contains_point(box, centre)]
        near = [(working, abs(centre[0] - geometry.centre(box)[0]), index) for index, box, working in terminals
                if geometry.contains_point(notice_region(box), centre)]
        if on:
            marked.add(on[0])
        elif near:
            marked.add(min(near)[2])
    return marked


def read_devices(observation: Observation, lines: list[TextLine], screens: ScreenThresholds,
                 thresholds: Thresholds) -> list[DeviceReading]:
    """Every device detection at or above its label's threshold with what its screen shows
    (``lines``: the frame's confident text)."""
    found = [(index, box, label) for index, (box, score, label) in enumerate(observation.detections)
             if label in KINDS and score >= thresholds.for_label(label)]
    readings = []
    for index, box, kind in found:
        mean, std, uniform = observation.screen_of(index) or (0.0, 0.0, 1.0)
        said = None
        if kind == "tv":
            said = _words_on(box, lines, NO_SIGNAL)
        elif kind == "terminal":
            said = _words_on(box, lines, ERRORS)
        readings.append(DeviceReading(
            index=index, kind=kind, box=box,
            lit=is_lit(mean, std, screens),
            uniform=uniform >= screens.uniform, busy=std >= screens.playing_std,
            said=said))
    marked = _marked([(r.index, r.box, r.working) for r in readings if r.kind == "terminal"], lines)
    readings = [replace(r, paused_notice=r.index in marked) for r in readings]
    return readings
