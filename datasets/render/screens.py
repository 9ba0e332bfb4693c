"""Screens the device rules look at: the ITV demo set (playing a photograph-like picture, switched
off, or showing no signal) and self-service terminals (working, dark, or showing an error), with
the 暂停使用 notice staff put on a faulty one.

Each sprite comes with the box of its screen (sprite pixels) and a part map over the text that
matters (a no-signal line, an error message, the notice), so a scene can say whether the picture
shows it legibly.
"""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

from datasets.render.fonts import pick_face
from datasets.render.text import Page

TV_STATES = ("playing", "off", "no_signal")
TERMINAL_STATES = ("working", "dark", "error")
#: Part codes: the text that says what a screen shows, and the 暂停使用 notice.
SCREEN_TEXT, NOTICE_TEXT = 1, 2
NO_SIGNAL = ("无信号", "No Signal", "信号源：HDMI 1", "无信号输入", "请检查信号源")
ERRORS = ("系统故障", "暂停服务", "系统错误", "程序错误，请联系工作人员", "设备故障 暂停服务")
BUTTONS = ("话费查询", "缴费充值", "发票打印", "业务办理", "积分兑换", "宽带报障", "详单查询", "补换卡")
NOTICES = ("暂停使用", "设备维护 暂停使用", "暂停使用 请到柜台办理")


class Screen(NamedTuple):
    rgba: np.ndarray
    screen: tuple[int, int, int, int]  # x1, y1, x2, y2 of the screen in the sprite
    parts: np.ndarray  # SCREEN_TEXT over a no-signal or error line
    part_px: dict[int, int]  # glyph size of each part


def photograph(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A picture that passes for a photograph at a distance (BGR): a sky and ground in graded
    colours, soft shapes, light falling off at the corners, fine grain."""
    w, h = max(2, width), max(2, height)
    horizon = rng.uniform(0.3, 0.7)
    sky = rng.integers(90, 256, 3).astype(np.float32)
    ground = rng.integers(20, 200, 3).astype(np.float32)
    t = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    img = np.where(t < horizon, sky * (0.75 + 0.25 * t / horizon), ground * (1.1 - 0.5 * (t - horizon)))
    img = np.broadcast_to(img, (h, w, 3)).copy()
    for _ in range(int(rng.integers(3, 9))):  # hills, trees, buildings, people: soft blobs
        colour = tuple(float(v) for v in rng.integers(10, 240, 3))
        centre = (int(rng.uniform(0, w)), int(h * rng.uniform(horizon - 0.15, 1.0)))
        axes = (max(1, int(w * rng.uniform(0.05, 0.3))), max(1, int(h * rng.uniform(0.05, 0.35))))
        cv2.ellipse(img, centre, axes, float(rng.uniform(0, 180)), 0, 360, colour, -1, cv2.LINE_AA)
    img = cv2.GaussianBlur(img, (0, 0), max(0.8, w / 160))
    gy, gx = int(rng.integers(3, 8)), int(rng.integers(4, 10))
    light = cv2.resize(rng.normal(1.0, 0.12, (gy, gx)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    corners = 1 - 0.35 * (((xx - w / 2) / w) ** 2 + ((yy - h / 2) / h) ** 2)
    img = img * (light * corners)[..., None] + rng.normal(0, 6, (h, w, 3)).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def dark_glass(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A switched-off screen (BGR): near black, a soft diagonal reflection of the room's light."""
    w, h = max(2, width), max(2, height)
    img = np.full((h, w, 3), float(rng.uniform(8, 22)), np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    slope, at = rng.uniform(-1.5, -0.4), rng.uniform(0.2, 0.8)
    d = np.abs((xx / w - at) + slope * (yy / h - 0.5)) / rng.uniform(0.08, 0.25)
    img += (np.exp(-d**2) * rng.uniform(8, 25))[..., None]
    img += rng.normal(0, 2, (h, w, 3)).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def _bezel(width: int, height: int, bezel: int, rng: np.random.Generator) -> np.ndarray:
    out = np.zeros((height, width, 4), np.uint8)
    shade = int(rng.integers(8, 35))
    out[..., :3] = shade
    out[..., 3] = 255
    return out


def _write_centred(page: Page, text: str, box: tuple[float, float, float, float], size: float,
                   colour: tuple[int, int, int, int], part: int) -> None:
    x1, y1, x2, y2 = box
    size = min(size, 0.9 * (x2 - x1) * size / max(1.0, page.width_of(text, size)))
    page.write(text, (x1 + x2 - page.width_of(text, size)) / 2, (y1 + y2) / 2 - size * 0.6, size, colour, part)


def draw_tv(width: int, rng: np.random.Generator, state: str, message: str | None = None) -> Screen:
    """A wall-mounted 16:9 set, ``width`` pixels wide, with a thin near-black bezel; ``state`` is
    one of ``TV_STATES``. No-signal text (``message``, else one of ``NO_SIGNAL``) is about 5% of
    the width tall."""
    if state not in TV_STATES:
        raise ValueError(f"state must be one of {TV_STATES}; got {state!r}")
    w = max(16, int(width))
    h = max(9, int(w * 9 / 16))
    bezel = max(1, int(w * rng.uniform(0.012, 0.025)))
    out = _bezel(w, h, bezel, rng)
    sx1, sy1, sx2, sy2 = bezel, bezel, w - bezel, h - bezel
    sw, sh = sx2 - sx1, sy2 - sy1
    page = Page(w, h, pick_face(rng))
    if state == "playing":
        out[sy1:sy2, sx1:sx2, :3] = photograph(sw, sh, rng)
    elif state == "off":
        out[sy1:sy2, sx1:sx2, :3] = dark_glass(sw, sh, rng)
    else:
        blue = rng.random() < 0.6
        out[sy1:sy2, sx1:sx2, :3] = (150, 70, 10) if blue else (5, 5, 5)
        text = str(NO_SIGNAL[int(rng.integers(len(NO_SIGNAL)))])
        text = message or text
        y = rng.uniform(0.35, 0.55)
        _write_centred(page, text, (sx1 + sw * 0.2, sy1 + sh * (y - 0.08), sx2 - sw * 0.2, sy1 + sh * (y + 0.08)),
                       w * rng.uniform(0.045, 0.06), (255, 255, 255, 255), SCREEN_TEXT)
    return Screen(_over(out, page), (sx1, sy1, sx2, sy2), page.parts(), page.part_px)


def _over(base: np.ndarray, page: Page) -> np.ndarray:
    """``base`` (BGRA) with the page's text drawn over it."""
    text = page.bgra().astype(np.float32)
    alpha = text[..., 3:4] / 255.0
    out = base.copy()
    out[..., :3] = (base[..., :3] * (1 - alpha) + text[..., :3] * alpha).astype(np.uint8)
    return out


def _terminal_ui(page: Page, out: np.ndarray, box: tuple[int, int, int, int], rng: np.random.Generator) -> None:
    """A working self-service screen: a title bar and a grid of labelled buttons."""
    x1, y1, x2, y2 = box
    sw, sh = x2 - x1, y2 - y1
    out[y1:y2, x1:x2, :3] = (245, 240, 235) if rng.random() < 0.6 else (230, 200, 150)
    bar = int(sh * 0.14)
    out[y1:y1 + bar, x1:x2, :3] = (190, 110, 0)
    _write_centred(page, "自助服务", (x1, y1, x2, y1 + bar), bar * 0.55, (255, 255, 255, 255), 0)
    cols = 2
    rows = 3 if sh > sw else 2
    labels = list(rng.permutation(BUTTONS))
    gap = sw * 0.05
    bw, bh = (sw - gap * (cols + 1)) / cols, (sh - bar - gap * (rows + 1)) / rows
    for r in range(rows):
        for c in range(cols):
            bx, by = x1 + gap + c * (bw + gap), y1 + bar + gap + r * (bh + gap)
            colour = tuple(int(v) for v in rng.integers(60, 230, 3))
            cv2.rectangle(out, (int(bx), int(by)), (int(bx + bw), int(by + bh)), colour + (255,), -1)
            _write_centred(page, str(labels[r * cols + c]), (bx, by, bx + bw, by + bh), min(bw * 0.16, bh * 0.3),
                           (255, 255, 255, 255), 0)


def _terminal_error(page: Page, out: np.ndarray, box: tuple[int, int, int, int], rng: np.random.Generator) -> None:
    """A faulty screen: a blue or white page with an error line, or a grey dialog over a desktop."""
    x1, y1, x2, y2 = box
    sw, sh = x2 - x1, y2 - y1
    text = str(ERRORS[int(rng.integers(len(ERRORS)))])
    size = sw * rng.uniform(0.075, 0.095)
    if rng.random() < 0.5:
        blue = rng.random() < 0.6
        out[y1:y2, x1:x2, :3] = (160, 80, 10) if blue else (250, 250, 250)
        ink = (255, 255, 255, 255) if blue else (30, 30, 200, 255)
        _write_centred(page, text, (x1 + sw * 0.05, y1 + sh * 0.35, x2 - sw * 0.05, y1 + sh * 0.5), size, ink, SCREEN_TEXT)
    else:  # an error dialog on a desktop
        out[y1:y2, x1:x2, :3] = (130, 110, 20)
        dx1, dy1, dx2, dy2 = x1 + sw * 0.08, y1 + sh * 0.3, x2 - sw * 0.08, y1 + sh * 0.62
        cv2.rectangle(out, (int(dx1), int(dy1)), (int(dx2), int(dy2)), (235, 235, 235, 255), -1)
        cv2.rectangle(out, (int(dx1), int(dy1)), (int(dx2), int(dy1 + (dy2 - dy1) * 0.2)), (160, 90, 20, 255), -1)
        _write_centred(page, text, (dx1 + sw * 0.03, dy1 + (dy2 - dy1) * 0.3, dx2 - sw * 0.03, dy1 + (dy2 - dy1) * 0.7),
                       size, (20, 20, 20, 255), SCREEN_TEXT)


def draw_terminal(width: int, rng: np.random.Generator, state: str) -> Screen:
    """A free-standing self-service kiosk ``width`` pixels wide: a casing with a bezelled screen in
    its upper part (portrait or landscape), slots below; ``state`` is one of ``TERMINAL_STATES``."""
    if state not in TERMINAL_STATES:
        raise ValueError(f"state must be one of {TERMINAL_STATES}; got {state!r}")
    w = max(20, int(width))
    h = int(w * rng.uniform(2.3, 2.8))
    out = np.zeros((h, w, 4), np.uint8)
    casing = ((235, 235, 235), (200, 200, 205), (180, 110, 30), (215, 220, 225))[int(rng.integers(4))]
    cv2.rectangle(out, (0, 0), (w - 1, h - 1), tuple(int(v) for v in casing) + (255,), -1)
    cv2.rectangle(out, (0, 0), (w - 1, int(h * 0.06)), (170, 90, 0, 255), -1)  # the brand strip on top
    portrait = rng.random() < 0.5
    sx1, sx2 = int(w * 0.1), int(w * 0.9)
    sh = int((sx2 - sx1) * (rng.uniform(1.2, 1.45) if portrait else rng.uniform(0.6, 0.78)))
    sy1 = int(h * 0.1)
    sy2 = sy1 + sh
    bezel = max(1, int(w * 0.03))
    cv2.rectangle(out, (sx1 - bezel, sy1 - bezel), (sx2 + bezel, sy2 + bezel), (20, 20, 22, 255), -1)
    for k in range(int(rng.integers(1, 4))):  # card reader, printer, cash slots
        y = int(sy2 + bezel + h * (0.06 + 0.07 * k))
        if y + h * 0.02 < h:
            cv2.rectangle(out, (int(w * 0.3), y), (int(w * 0.7), int(y + h * 0.02)), (40, 40, 45, 255), -1)
    page = Page(w, h, pick_face(rng))
    box = (sx1, sy1, sx2, sy2)
    if state == "working":
        _terminal_ui(page, out, box, rng)
    elif state == "dark":
        out[sy1:sy2, sx1:sx2, :3] = dark_glass(sx2 - sx1, sy2 - sy1, rng)
    else:
        _terminal_error(page, out, box, rng)
    return Screen(_over(out, page), box, page.parts(), page.part_px)


def draw_paused_notice(width: int, rng: np.random.Generator) -> Screen:
    """A printed 暂停使用 sheet (white or yellow paper, red or black print), ``width`` wide; its
    ``screen`` is the whole sheet."""
    w = max(16, int(width))
    h = max(10, int(w * rng.uniform(0.55, 0.75)))
    out = np.zeros((h, w, 4), np.uint8)
    out[..., :3] = (250, 250, 250) if rng.random() < 0.7 else (120, 230, 250)
    out[..., 3] = 255
    cv2.rectangle(out, (0, 0), (w - 1, h - 1), (160, 160, 160, 255), max(1, w // 100))
    page = Page(w, h, pick_face(rng))
    text = str(NOTICES[int(rng.integers(len(NOTICES)))])
    ink = (200, 20, 20, 255) if rng.random() < 0.6 else (20, 20, 20, 255)
    if " " in text:
        first, second = text.split(" ", 1)
        _write_centred(page, first, (w * 0.06, h * 0.12, w * 0.94, h * 0.5), w * 0.17, ink, NOTICE_TEXT)
        _write_centred(page, second, (w * 0.06, h * 0.52, w * 0.94, h * 0.88), w * 0.12, ink, NOTICE_TEXT)
    else:
        _write_centred(page, text, (w * 0.06, h * 0.25, w * 0.94, h * 0.75), w * 0.2, ink, NOTICE_TEXT)
    return Screen(_over(out, page), (0, 0, w, h), page.parts(), page.part_px)
