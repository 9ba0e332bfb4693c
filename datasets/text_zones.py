"""The zones whose rules read text or look at screens: a notice board (the four required notices
among decoys, a community service board), a device display table (demo phones, each with a
price tag; the ITV set when asked) and a self-service zone (terminals, see ``device_zones``).

Nothing here is a detector class: sheets, tags and phones are drawn unlabelled and their boxes go
to the scene truth only, with whether the text that matters (a title, a commitment, a tag's
fields) shows and is large and sharp enough to read.
"""

from __future__ import annotations

import numpy as np

from datasets.render import augment, backgrounds, notices, price_tags, signs
from datasets.render.canvas import Canvas, tilt
from datasets.render.words import NOTICE_KEYWORDS, REQUIRED_NOTICES, WALL_TEXT

ZONES = ("notice_board", "device_display", "self_service")
#: Text is legible when its glyphs are at least this many pixels tall, and this fraction of the
#: frame's long side (the engine finds text on the frame shrunk to 960 px: 10-12 px glyphs of a
#: 1920-wide frame), and blur spreads no more than these fractions of a glyph. Checked with the
#: bundled rapidocr on rendered boards and tags (the tests in tests/datasets/test_text_zones.py).
MIN_TEXT_PX = 10
MIN_TEXT_FRACTION = 1 / 190
MAX_BLUR_SIGMA = 1 / 8
MAX_MOTION = 1 / 2.5
#: Share of a line that must show (not hidden by what is in front, not cut by the frame edge) for
#: it to be read whole; judged before the camera's warp, which shrinks the edges of the picture.
TEXT_IN_VIEW = 0.95
#: Wall plaques that name none of the required notices: the truth says which notices the picture
#: shows, and a plaque reading 服务承诺 would be one it does not know of.
PLAIN_WALL_TEXT = tuple(t for t in WALL_TEXT if not any(k in t for k in NOTICE_KEYWORDS.values()))
#: Title glyph height per camera scale, as a fraction of the frame's long side.
TITLE_FRACTION = {"close": (1 / 45, 1 / 30), "medium": (1 / 85, 1 / 60), "far": (1 / 300, 1 / 180)}
#: Price tag width per camera scale, as a fraction of the frame's height.
TAG_FRACTION = {"close": (0.26, 0.34), "medium": (0.15, 0.21), "far": (0.06, 0.085)}


def min_text_px(canvas: Canvas) -> float:
    return max(MIN_TEXT_PX, max(canvas.width, canvas.height) * MIN_TEXT_FRACTION)


def legible(px: float, min_px: float, blur: dict[str, float]) -> bool:
    return px >= min_px and blur.get("blur_sigma", 0.0) <= px * MAX_BLUR_SIGMA and blur.get("motion_px", 0.0) <= px * MAX_MOTION


def text_in_view(canvas: Canvas) -> set[tuple[int, int]]:
    """(object, part) pairs whose text shows whole; call it before the camera warp, and check
    with :func:`still_in_frame` after it."""
    return {key for key in canvas.full_part_area if canvas.part_share(*key) >= TEXT_IN_VIEW}


def still_in_frame(canvas: Canvas, oid: int, part: int) -> bool:
    """The part's box after the camera warp does not touch the frame edge (it was not cut)."""
    box = canvas.box_of(oid, part)
    return box is not None and box[0] > 0 and box[1] > 0 and box[2] < canvas.width and box[3] < canvas.height


def _readable(canvas: Canvas, shown: set[tuple[int, int]], oid: int, part: int, px: float, blur: dict[str, float]) -> bool:
    return (oid, part) in shown and still_in_frame(canvas, oid, part) and legible(px, min_text_px(canvas), blur)


def _paste_tilted(canvas: Canvas, rgba: np.ndarray, parts: np.ndarray, x: float, y: float, rng: np.random.Generator,
                  degrees: float, amount: float, meta: dict[str, object]) -> int:
    """Paste a sprite turned a little, so that its centre stays where the upright one's was."""
    h, w = rgba.shape[:2]
    rgba, parts = tilt(rgba, parts, rng, degrees, amount)
    nh, nw = rgba.shape[:2]
    return canvas.paste(rgba, int(x - (nw - w) / 2), int(y - (nh - h) / 2), None, meta, parts=parts)


def draw_notice_board(canvas: Canvas, rng: np.random.Generator, scale: str) -> None:
    """A wall with two to six notice sheets side by side, sometimes on a backing board, sometimes
    partly covered by a poster taped over them."""
    W, H = canvas.width, canvas.height
    horizon = int(H * (rng.uniform(0.8, 0.97) if scale != "far" else rng.uniform(0.6, 0.85)))
    backgrounds.draw_room(canvas, rng, horizon, PLAIN_WALL_TEXT)
    specs = notices.random_board(rng)
    title_px = max(canvas.width, canvas.height) * rng.uniform(*TITLE_FRACTION[scale])
    screens = [bool(rng.random() < 0.25) for _ in specs]
    widths = np.array([title_px / rng.uniform(0.075, 0.1) for _ in specs])
    heights = widths * np.array([notices.aspect(rng, screen) for screen in screens])
    gap = float(widths.mean() * rng.uniform(0.05, 0.2))
    shrink = min(1.0, 0.94 * W / (widths.sum() + gap * (len(specs) - 1)), 0.9 * H / heights.max())
    widths, heights, gap, title_px = widths * shrink, heights * shrink, gap * shrink, title_px * shrink
    total = widths.sum() + gap * (len(specs) - 1)
    x = rng.uniform(0.03 * W, max(0.03 * W, 0.97 * W - total))
    lowest = 0.25 * H if scale == "far" else 0.03 * H  # a far board hangs below the brand band
    top = rng.uniform(lowest, max(lowest, min(0.97 * H, horizon) - heights.max()))
    if rng.random() < 0.5:  # a backing board or stand behind the sheets
        margin = gap + 0.03 * total
        board = np.zeros((int(heights.max() + 2 * margin), int(total + 2 * margin), 4), np.uint8)
        board[..., :3] = backgrounds.WALLS[int(rng.integers(len(backgrounds.WALLS)))] if rng.random() < 0.5 else (170, 90, 0)
        board[..., 3] = 255
        canvas.paste(board, int(x - margin), int(top - margin))
    placed = []
    for spec, screen, w, h in zip(specs, screens, widths, heights, strict=True):
        sheet = notices.draw_notice(spec, int(w), int(h), title_px, rng, screen=screen)
        y = top + rng.uniform(0.0, 0.03) * h
        meta = {"notice": spec, "part_px": sheet.part_px, "screen": screen}
        _paste_tilted(canvas, sheet.rgba, sheet.parts, x, y, rng, float(rng.uniform(-2, 2)), 0.03, meta)
        placed.append((x, y, w, h))
        x += w + gap
    if rng.random() < 0.2:  # a promotion poster taped over part of one sheet
        sx, sy, sw, sh = placed[int(rng.integers(len(placed)))]
        poster, _ = signs.draw_poster(int(sw * rng.uniform(0.4, 0.8)), rng)
        canvas.paste(poster, int(sx + sw * rng.uniform(-0.3, 0.7)), int(sy + sh * rng.uniform(-0.2, 0.7)))


def notice_board_truth(canvas: Canvas, shown: set[tuple[int, int]], blur: dict[str, float]) -> dict[str, object]:
    """What the board shows: ``notices.seen`` holds the required notices whose title can be read
    in the picture, ``notices.all`` those posted whether readable or not. ``shown``: see
    :func:`text_in_view`; ``blur``: what ``augment.photometric`` reported."""
    min_px = min_text_px(canvas)
    sheets, seen, posted, decoys = [], set(), set(), []
    commitments = service_range = community = False
    for oid, placed in enumerate(canvas.objects):
        spec = placed.meta.get("notice")
        if not isinstance(spec, notices.NoticeSpec):
            continue
        part_px: dict[int, int] = placed.meta["part_px"]  # type: ignore[assignment]

        def readable(part: int, oid: int = oid, part_px: dict[int, int] = part_px) -> bool:
            return _readable(canvas, shown, oid, part, part_px.get(part, 0), blur)

        title_readable = readable(notices.TITLE)
        if spec.canonical is not None:
            posted.add(spec.canonical)
            if title_readable:
                seen.add(spec.canonical)
        if spec.kind == "decoy":
            decoys.append(spec.title)
        if spec.kind == "community":
            community = True
            commitments |= spec.commitments and readable(notices.COMMITMENTS_LINE)
            service_range |= spec.service_range and readable(notices.SERVICE_RANGE_LINE)
        box = canvas.box_of(oid)
        title_box = canvas.box_of(oid, notices.TITLE)
        sheets.append({"kind": spec.kind, "title": spec.title, "canonical": spec.canonical,
                       "box": list(box) if box else None, "title_box": list(title_box) if title_box else None,
                       "title_px": part_px.get(notices.TITLE, 0), "title_readable": title_readable,
                       "screen": placed.meta["screen"], "lines": list(spec.lines)})
    order = list(REQUIRED_NOTICES)
    return {"notices": {"seen": [c for c in order if c in seen], "all": [c for c in order if c in posted]},
            "decoys": decoys, "community": community, "commitments": commitments, "service_range": service_range,
            "sheets": sheets, "min_text_px": round(min_px, 1), "blur": blur}


def draw_device_display(canvas: Canvas, rng: np.random.Generator, scale: str, itv: bool = False) -> None:
    """A display table with three to six demo phones in a row, a price tag in front of each; with
    ``itv``, the ITV demo set on the wall behind (playing, off or showing no signal)."""
    W, H = canvas.width, canvas.height
    horizon = int(H * {"close": rng.uniform(0.2, 0.35), "medium": rng.uniform(0.35, 0.5), "far": rng.uniform(0.45, 0.6)}[scale])
    backgrounds.draw_room(canvas, rng, horizon, PLAIN_WALL_TEXT)
    table_top = int(horizon + (H - horizon) * rng.uniform(0.05, 0.2))
    table_front = int(table_top + (H - table_top) * rng.uniform(0.65, 0.95))
    left, span = 0.0, W  # where the phones stand: the whole table, or beside the ITV set
    if itv:  # drawn only when asked, so the scenes drawn before stay the same
        from datasets import device_zones
        from datasets.render.screens import TV_STATES

        state = str(TV_STATES[int(rng.integers(len(TV_STATES)))])
        left, right = device_zones.draw_tv(canvas, rng, scale, state, table_top)
        span = right - left
    surface = np.zeros((table_front - table_top, W + 20, 4), np.uint8)
    surface[..., :3] = ((235, 235, 235), (200, 215, 225), (150, 180, 215), (60, 60, 65))[int(rng.integers(4))]
    surface[..., 3] = 255
    canvas.paste(surface, -10, table_top)
    canvas.paste(backgrounds.counter_sprite(W + 20, max(4, H - table_front), rng), -10, table_front)
    n = int(rng.integers(3, 7))
    tag_w = H * rng.uniform(*TAG_FRACTION[scale])
    phone_w = tag_w * rng.uniform(0.5, 0.62)
    slot = tag_w * rng.uniform(1.1, 1.45)
    shrink = min(1.0, 0.96 * span / (n * slot))
    tag_w, phone_w, slot = tag_w * shrink, phone_w * shrink, slot * shrink
    x0 = left + rng.uniform(0.02 * span, max(0.02 * span, 0.98 * span - n * slot)) + slot / 2
    base = table_top + (table_front - table_top) * rng.uniform(0.25, 0.6)
    centres = [x0 + i * slot + rng.uniform(-0.05, 0.05) * slot for i in range(n)]
    for cx in centres:  # phones at the back, then the tags in front of them
        powered = bool(rng.random() < 0.7)
        phone = price_tags.draw_phone(int(phone_w), rng, powered=powered)
        canvas.paste(phone, int(cx - phone.shape[1] / 2), int(base - phone.shape[0]), None, {"phone": powered})
    for cx in centres:
        missing = str(rng.choice(price_tags.FIELDS)) if rng.random() < 0.3 else None
        spec = price_tags.random_tag(rng, missing=missing)
        tag = price_tags.draw_price_tag(spec, int(tag_w), rng)
        th = tag.rgba.shape[0]
        y = base + th * rng.uniform(0.15, 0.5) - th
        meta = {"tag": spec, "part_px": tag.part_px, "lines": tag.lines}
        _paste_tilted(canvas, tag.rgba, tag.parts, cx - tag.rgba.shape[1] / 2, y, rng, float(rng.uniform(-2, 2)), 0.03, meta)


def device_display_truth(canvas: Canvas, shown: set[tuple[int, int]], blur: dict[str, float]) -> dict[str, object]:
    """Every tag in view with its fields (None where left off) and whether all it shows can be
    read; every phone with whether its screen is lit. ``shown`` and ``blur``: as for
    :func:`notice_board_truth`."""
    min_px = min_text_px(canvas)
    tags, phones = [], []
    parts = dict(zip(price_tags.FIELDS, (price_tags.BRAND_MODEL, price_tags.PRICE, price_tags.ORIGIN), strict=True))
    for oid, placed in enumerate(canvas.objects):
        box = canvas.box_of(oid)
        if "phone" in placed.meta and box is not None:
            phones.append({"box": list(box), "powered": placed.meta["phone"]})
        spec = placed.meta.get("tag")
        if not isinstance(spec, price_tags.TagSpec) or box is None:
            continue
        part_px: dict[int, int] = placed.meta["part_px"]  # type: ignore[assignment]
        written = [parts[f] for f in price_tags.FIELDS if getattr(spec, f) is not None]
        readable = bool(written) and all(_readable(canvas, shown, oid, p, part_px.get(p, 0), blur) for p in written)
        tags.append({"box": list(box), **{f: getattr(spec, f) for f in price_tags.FIELDS},
                     "lines": list(placed.meta["lines"]),  # type: ignore[call-overload]
                     "text_px": min(part_px.values(), default=0), "readable": readable})
    truth: dict[str, object] = {"price_tags": tags, "phones": phones, "min_text_px": round(min_px, 1), "blur": blur}
    from datasets import device_zones

    tv = device_zones.tv_truth(canvas, shown, blur)
    if tv is not None:  # only scenes drawn with an ITV set say so (the others stay as they were)
        truth["tv"] = tv
    return truth


def render(rng: np.random.Generator, zone: str, scale: str, width: int, height: int,
           *, itv: bool = False) -> tuple[np.ndarray, dict[str, object]]:
    """The picture (uint8 BGR) and truth of a ``zone`` scene (one of ``ZONES``) at ``scale``;
    ``itv`` puts the ITV demo set behind a device_display table."""
    from datasets import device_zones

    canvas = Canvas(width, height)
    if zone == "notice_board":
        draw_notice_board(canvas, rng, scale)
        read = notice_board_truth
    elif zone == "device_display":
        draw_device_display(canvas, rng, scale, itv=itv)
        read = device_display_truth
    elif zone == "self_service":
        device_zones.draw_self_service(canvas, rng, scale)
        read = device_zones.self_service_truth
    else:
        raise ValueError(f"zone must be one of {', '.join(ZONES)}; got {zone!r}")
    shown = text_in_view(canvas)
    augment.camera(canvas, rng, tilt=float(rng.uniform(0.0, 0.04 if scale != "close" else 0.02)))
    blur: dict[str, float] = {}
    image = augment.photometric(canvas.image, rng, blur)
    return image, {"zone": zone, "scale": scale, **read(canvas, shown, blur), "staff": [], "customers": 0}
