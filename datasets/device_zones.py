"""Screens in the zones the device rules watch: the ITV demo set on the wall behind a device
display table, and a self-service zone of terminals, some faulty, some of those with a 暂停使用
notice on or next to them.

The screens are no class of the main detector: their boxes and states go to the scene truth,
from which ``datasets.device_yolo`` labels the screen detector's training set.
``datasets.text_zones`` calls in here; a device_display scene draws a TV only when asked, so
the scenes drawn before stay byte for byte the same.
"""

from __future__ import annotations

import numpy as np

from datasets.render import backgrounds, screens
from datasets.render.canvas import Canvas
from datasets.text_zones import PLAIN_WALL_TEXT, legible, min_text_px, still_in_frame, text_in_view

#: Part code over a screen's area (under its text), so the truth can box the screen after the
#: camera's warp.
SCREEN_AREA = 3
#: TV width per camera scale, as a fraction of the frame's width.
TV_FRACTION = {"close": (0.3, 0.45), "medium": (0.22, 0.32), "far": (0.13, 0.2)}
#: Terminal height per camera scale, as a fraction of the frame's height.
TERMINAL_FRACTION = {"close": (0.6, 0.8), "medium": (0.42, 0.58), "far": (0.22, 0.32)}
TERMINAL_STATE_P = (0.5, 0.25, 0.25)  # working, dark, error
#: A faulty terminal carries a 暂停使用 notice this often.
NOTICE_P = 0.55


def _with_screen_area(sprite: screens.Screen) -> np.ndarray:
    parts = sprite.parts.copy()
    x1, y1, x2, y2 = sprite.screen
    region = parts[y1:y2, x1:x2]
    region[region == 0] = SCREEN_AREA
    return parts


def draw_tv(canvas: Canvas, rng: np.random.Generator, scale: str, state: str, table_top: int) -> tuple[float, float]:
    """The ITV set on the wall above the table at its left or right end (``table_top``: the
    table's top edge, in pixels); returns the span (x from, x to) left for the phones, which stand
    beside it rather than in front of it (as on a real experience table)."""
    W = canvas.width
    lo, hi = TV_FRACTION[scale]
    width = W * rng.uniform(lo, hi)
    width = min(width, 0.9 * table_top * 16 / 9)  # it hangs on the wall, above the table
    sprite = screens.draw_tv(int(width), rng, state)
    h, w = sprite.rgba.shape[:2]
    left = rng.random() < 0.5
    x = rng.uniform(0.02 * W, 0.06 * W) if left else W - w - rng.uniform(0.02 * W, 0.06 * W)
    y = rng.uniform(max(0.0, 0.05 * table_top), max(0.05 * table_top, table_top - h * 1.05))
    canvas.paste(sprite.rgba, int(x), int(y), None, {"tv": state, "part_px": sprite.part_px},
                 parts=_with_screen_area(sprite))
    return (x + w + 0.02 * W, float(W)) if left else (0.0, x - 0.02 * W)


def tv_truth(canvas: Canvas, shown: set[tuple[int, int]], blur: dict[str, float]) -> dict[str, object] | None:
    """The TV's box, screen box, state, and whether its no-signal line can be read."""
    for oid, placed in enumerate(canvas.objects):
        state = placed.meta.get("tv")
        if state is None:
            continue
        part_px: dict[int, int] = placed.meta["part_px"]  # type: ignore[assignment]
        box = canvas.box_of(oid)
        return {"box": list(box) if box else None, "screen": _screen_box(canvas, oid), "state": state,
                "playing": state == "playing",
                "text_readable": state == "no_signal" and _text_readable(canvas, shown, oid, screens.SCREEN_TEXT,
                                                                       part_px, blur)}
    return None


def _screen_box(canvas: Canvas, oid: int) -> list[int] | None:
    boxes = [b for b in (canvas.box_of(oid, SCREEN_AREA), canvas.box_of(oid, screens.SCREEN_TEXT)) if b]
    if not boxes:
        return None
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


def _text_readable(canvas: Canvas, shown: set[tuple[int, int]], oid: int, part: int, part_px: dict[int, int],
                   blur: dict[str, float]) -> bool:
    return ((oid, part) in shown and still_in_frame(canvas, oid, part)
            and legible(part_px.get(part, 0), min_text_px(canvas), blur))


def _pick_state(rng: np.random.Generator) -> str:
    return str(screens.TERMINAL_STATES[int(rng.choice(3, p=TERMINAL_STATE_P))])


def draw_self_service(canvas: Canvas, rng: np.random.Generator, scale: str) -> None:
    """One to four terminals standing in a row on the hall floor; a faulty one (dark or showing
    an error) carries a 暂停使用 notice now and then: taped on its screen, stuck on its casing, or
    on a stand beside it."""
    W, H = canvas.width, canvas.height
    horizon = int(H * rng.uniform(0.35, 0.6))
    backgrounds.draw_room(canvas, rng, horizon, PLAIN_WALL_TEXT)
    n = int(rng.integers(1, 5))
    height = H * rng.uniform(*TERMINAL_FRACTION[scale])
    width = height / 2.55
    slot = width * rng.uniform(1.5, 2.2)
    shrink = min(1.0, 0.94 * W / (n * slot))
    width, slot = width * shrink, slot * shrink
    feet = rng.uniform(max(horizon + 0.05 * H, height * 1.02), 0.98 * H)
    x0 = rng.uniform(0.03 * W, max(0.03 * W, 0.97 * W - n * slot)) + slot / 2
    for i in range(n):
        state = _pick_state(rng)
        sprite = screens.draw_terminal(int(width), rng, state)
        h, w = sprite.rgba.shape[:2]
        x, y = int(x0 + i * slot - w / 2), int(feet - h)
        meta: dict[str, object] = {"terminal": state, "part_px": sprite.part_px, "notice": None}
        canvas.paste(sprite.rgba, x, y, None, meta, parts=_with_screen_area(sprite))
        if state != "working" and rng.random() < NOTICE_P:
            meta["notice"] = _place_notice(canvas, rng, sprite, x, y, slot)


def _place_notice(canvas: Canvas, rng: np.random.Generator, terminal: screens.Screen, x: int, y: int,
                  slot: float) -> int:
    """Paste a 暂停使用 sheet on or beside the terminal at (x, y); returns the sheet's object id."""
    w = terminal.rgba.shape[1]
    sx1, sy1, sx2, sy2 = terminal.screen
    where = rng.choice(3)
    if where == 0:  # taped on the screen
        sheet = screens.draw_paused_notice(int((sx2 - sx1) * rng.uniform(0.6, 0.85)), rng)
        nx = x + (sx1 + sx2) / 2 - sheet.rgba.shape[1] / 2
        ny = y + sy1 + (sy2 - sy1) * rng.uniform(0.1, 0.5)
    elif where == 1:  # on the casing below the screen
        sheet = screens.draw_paused_notice(int(w * rng.uniform(0.6, 0.85)), rng)
        nx = x + w / 2 - sheet.rgba.shape[1] / 2
        ny = y + sy2 + (terminal.rgba.shape[0] - sy2) * rng.uniform(0.08, 0.3)
    else:  # on a stand beside it
        sheet = screens.draw_paused_notice(int(w * rng.uniform(0.55, 0.8)), rng)
        side = 1 if rng.random() < 0.5 else -1
        nx = x + w / 2 + side * (w / 2 + (slot - w) * 0.08) - (0 if side > 0 else sheet.rgba.shape[1])
        ny = y + terminal.rgba.shape[0] * rng.uniform(0.3, 0.5)
    return canvas.paste(sheet.rgba, int(nx), int(ny), None, {"paused_notice": True, "part_px": sheet.part_px},
                        parts=sheet.parts)


def self_service_truth(canvas: Canvas, shown: set[tuple[int, int]], blur: dict[str, float]) -> dict[str, object]:
    """Every terminal in view: its box, screen box, state, whether it is faulty (dark or an
    error), whether a 暂停使用 notice was put up for it and whether that notice can be read."""
    terminals = []
    for oid, placed in enumerate(canvas.objects):
        state = placed.meta.get("terminal")
        box = canvas.box_of(oid)
        if state is None or box is None:
            continue
        part_px: dict[int, int] = placed.meta["part_px"]  # type: ignore[assignment]
        notice = placed.meta["notice"]
        readable = False
        if isinstance(notice, int):
            sheet_px: dict[int, int] = canvas.objects[notice].meta["part_px"]  # type: ignore[assignment]
            readable = _text_readable(canvas, shown, notice, screens.NOTICE_TEXT, sheet_px, blur)
        terminals.append({
            "box": list(box), "screen": _screen_box(canvas, oid), "state": state, "faulty": state != "working",
            "paused_notice": isinstance(notice, int), "notice_readable": readable,
            "notice_box": list(canvas.box_of(notice) or ()) if isinstance(notice, int) else None,
            "text_readable": state == "error" and _text_readable(canvas, shown, oid, screens.SCREEN_TEXT, part_px, blur),
        })
    return {"terminals": terminals, "min_text_px": round(min_text_px(canvas), 1), "blur": blur}


def demo_table(rng: np.random.Generator, phones: list[bool], *, tv: str | None = None, tv_message: str | None = None,
               width: int = 1920, height: int = 1080) -> tuple[np.ndarray, dict[str, object]]:
    """A device table seen from a few metres, composed as asked: demo phones in a row (``phones``:
    each lit or not), a price tag at the foot of each, and the ITV set on the wall when ``tv`` is
    one of ``screens.TV_STATES`` (``tv_message``: its no-signal line). Returns the picture (no
    camera warp or noise) and its truth."""
    from datasets.render import price_tags

    canvas = Canvas(width, height)
    horizon = int(height * 0.5)
    backgrounds.draw_room(canvas, rng, horizon, PLAIN_WALL_TEXT)
    table_top = int(height * 0.55)
    surface = np.zeros((height - table_top, width + 20, 4), np.uint8)
    surface[..., :3] = (225, 228, 230)
    surface[..., 3] = 255
    if tv is not None:
        sprite = screens.draw_tv(int(width * 0.3), rng, tv, tv_message)
        canvas.paste(sprite.rgba, int(width * 0.04), int(height * 0.08), None, {"tv": tv, "part_px": sprite.part_px},
                     parts=_with_screen_area(sprite))
    canvas.paste(surface, -10, table_top)
    left = width * (0.4 if tv is not None else 0.05)
    slot = (width * 0.95 - left) / max(len(phones), 1)
    phone_w = min(slot * 0.55, width * 0.06)
    base = table_top + height * 0.2
    for i, powered in enumerate(phones):
        sprite = price_tags.draw_phone(int(phone_w), rng, powered=powered)
        cx = left + slot * (i + 0.5)
        canvas.paste(sprite, int(cx - sprite.shape[1] / 2), int(base - sprite.shape[0]), None, {"phone": powered})
    for i in range(len(phones)):
        tag = price_tags.draw_price_tag(price_tags.random_tag(rng), int(phone_w * 1.7), rng)
        cx = left + slot * (i + 0.5)
        canvas.paste(tag.rgba, int(cx - tag.rgba.shape[1] / 2), int(base - tag.rgba.shape[0] * 0.45))
    image = np.clip(canvas.image, 0, 255).astype(np.uint8)
    found = [{"box": list(canvas.box_of(oid) or ()), "powered": placed.meta["phone"]}
             for oid, placed in enumerate(canvas.objects) if "phone" in placed.meta]
    return image, {"phones": found, "tv": tv_truth(canvas, text_in_view(canvas), {})}


def terminal_row(rng: np.random.Generator, terminals: list[tuple[str, bool]], *, width: int = 1920,
                 height: int = 1080) -> tuple[np.ndarray, dict[str, object]]:
    """Terminals standing in a row, composed as asked: (state, with a 暂停使用 notice beside it)
    for each. Returns the picture (no camera warp or noise) and its truth."""
    canvas = Canvas(width, height)
    backgrounds.draw_room(canvas, rng, int(height * 0.45), PLAIN_WALL_TEXT)
    slot = width * 0.9 / max(len(terminals), 1)
    term_w = min(slot * 0.55, height * 0.85 / 2.55)
    for i, (state, notice) in enumerate(terminals):
        sprite = screens.draw_terminal(int(term_w), rng, state)
        h, w = sprite.rgba.shape[:2]
        x, y = int(width * 0.05 + slot * (i + 0.5) - w / 2), int(height * 0.95 - h)
        meta: dict[str, object] = {"terminal": state, "part_px": sprite.part_px, "notice": None}
        canvas.paste(sprite.rgba, x, y, None, meta, parts=_with_screen_area(sprite))
        if notice:
            sheet = screens.draw_paused_notice(int(w * 0.7), rng)
            meta["notice"] = canvas.paste(sheet.rgba, int(x + w * 0.15), int(y + sprite.screen[3] + h * 0.06), None,
                                          {"paused_notice": True, "part_px": sheet.part_px}, parts=sheet.parts)
    image = np.clip(canvas.image, 0, 255).astype(np.uint8)
    return image, self_service_truth(canvas, text_in_view(canvas), {})
