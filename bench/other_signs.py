"""Star-desk signs and window posters as another hand would design them, for
``bench.real_signs --design other``.

The independent evaluation that beat us on ``star_desk.sign`` and ``window.posters`` drew its
signs and posters with a separately written generator: other designs, other wordings. Ours
(``datasets.render.signs`` with the words of ``datasets.render.words``) is what the engine was
tuned to, so a bench drawn with it flatters the engine. This module is written from what China
Telecom halls show, not from our generator, and never goes into training (nothing under
``datasets/`` or ``models/`` imports it):

- ``tent``: an acrylic tent sign on the counter, a big line over a line of small print;
- ``hanging``: a board hung from the ceiling, white on telecom blue or blue on white with a red
  stripe, often with an English line under the Chinese;
- ``marquee``: a red or amber LED dot-matrix strip, dim unlit dots on black, scrolling a text
  longer than its window: the characters at either edge may be cut;
- ``standing``: a roll-up banner or floor stand, its words one character a row or in short
  stacked rows.

And other words: star wordings outside our keyword list (星级服务台, 五星级服务专席, VIP星级专席...),
other desks' signs (综合业务受理, 老年人爱心通道...), and look-alikes that carry 星级 but are no star
desk (星级评定公示, a 星级客户经理 name plate, 客户星级权益介绍). Posters come in four styles: a price
poster (headline, big price, terms in small print), a mostly-photo poster with a short
headline, a list poster of 3 to 6 lines, and either of the first two in a metal snap frame;
each is one poster however many lines it holds.

    >>> rng = np.random.default_rng(1)
    >>> sprite, shown = sign_sprite("star", "tent", 400, rng)
    >>> sprite.shape[2], proves_star(shown)
    (4, True)
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from bench.other_badges import FACES

#: Star-desk wordings another hall writes: a few in our keyword list, most not.
STAR_WORDINGS = (
    "星级客户服务专席", "星级服务台", "星级客户服务区", "五星级服务专席", "钻石星级专席", "星级服务窗口",
    "VIP星级专席", "星级专席", "星级服务专席",
)  # fmt: skip
#: Other desks' signs: a star desk showing one of these has lost its own sign (a violation).
OTHER_WORDINGS = (
    "综合业务受理", "宽带装维咨询", "政企客户服务", "翼支付服务台", "老年人爱心通道", "自助缴费区",
    "号卡业务办理", "手机终端体验区", "售后维修受理", "业务咨询台",
)  # fmt: skip
#: Notices and plates that carry 星级 and are no star desk's sign.
LOOKALIKE_NOTICES = ("星级评定公示", "客户星级权益介绍", "星级会员专享日")
LOOKALIKE_TITLE = "星级客户经理"
NAMES = ("王晓燕", "李建华", "陈思雨", "赵磊", "孙丽娜", "周婷")
#: Small print under a star sign's big line (none says 星级 by itself).
STAR_SMALL = ("STAR SERVICE", "竭诚为您服务", "中国电信 CHINA TELECOM", "VIP SERVICE", "尊享 优先 专属")
OTHER_SMALL = ("中国电信 CHINA TELECOM", "欢迎光临", "BUSINESS SERVICE", "请在此排队等候")
#: A marquee's text around the wording it scrolls ({} is the wording).
STAR_MARQUEE = ("{}", "欢迎光临 {}", "{} 竭诚为您服务", "欢迎光临中国电信 {} 为您服务", "STAR SERVICE {}")
OTHER_MARQUEE = (
    "欢迎光临中国电信 请取号等候", "翼支付 周周有礼 详询柜台", "天翼宽带 提速不提价", "营业时间 9:00-18:00",
    "5G畅享 129元/月 火热办理中", "{} 请往这边走", "欢迎光临 {}",
)  # fmt: skip
SIGN_KINDS = ("tent", "hanging", "marquee", "standing")
#: Each case is ``words kind``: ``star`` passes, ``other`` and ``lookalike`` are violations.
OTHER_SIGN_CASES = (
    "star tent", "star hanging", "star marquee", "star standing", "other tent", "other hanging",
    "other marquee", "other standing", "lookalike tent", "lookalike standing", "none",
)  # fmt: skip
#: Width as a share of the frame's, and the band of the frame the sign's top is put in: a tent
#: stands on the counter, a board hangs from the ceiling, a roll-up stands on the floor.
WIDTH_SHARE = {"tent": (0.14, 0.26), "hanging": (0.18, 0.32), "marquee": (0.18, 0.32), "standing": (0.07, 0.12)}
TOP_SHARE = {"tent": (0.45, 0.8), "hanging": (0.0, 0.2), "marquee": (0.05, 0.45), "standing": (0.2, 0.5)}

#: (headline, price or sub-headline, body lines): what halls put in their windows.
POSTERS = (
    ("5G畅享", "129元/月", ("每月60GB全国流量", "500分钟国内通话", "赠天翼超高清会员")),
    ("千兆宽带", "首年0元", ("FTTR全屋光网", "免费上门安装", "新装用户专享")),
    ("iPhone 16", "以旧换新", ("最高补贴1500元", "12期免息分期", "旧机现场估价")),
    ("天翼云手机", "9.9元/月", ("手机里的云端手机", "一键畅玩大型应用")),
    ("翼支付", "周周有礼", ("每周五满50减10", "扫码领券", "缴话费享立减")),
    ("全家享", "199元起", ("宽带+手机+电视", "最多5张副卡", "家庭共享流量")),
    ("天翼看家", "1元/天", ("云存储7天回看", "老人小孩随时看")),
    ("国际漫游", "25元/天起", ("一日一付 全球畅游", "出境前开通")),
    ("校园专享", "59元/月", ("100GB定向流量", "开学季送好礼")),
    ("华为Mate 70", "现货销售", ("合约购机享优惠", "到店体验")),
)  # fmt: skip
TERMS = ("*活动时间以营业厅公示为准", "*详情请咨询营业厅工作人员", "*本活动最终解释权归中国电信所有")
POSTER_STYLES = ("price", "photo", "list", "framed")

TELECOM_BLUE, TELECOM_RED, GOLD = (0, 86, 164), (214, 0, 28), (250, 200, 70)
#: Drawn this many times larger, then shrunk: a camera sees print, not pixel fonts.
SUPERSAMPLE = 3
#: An LED marquee's rows of dots (a 16 x 16 dot character, the common module).
LED_ROWS = 16


def choice(rng: np.random.Generator, items: tuple[str, ...]) -> str:
    return str(items[int(rng.integers(len(items)))])


def proves_star(shown: str) -> bool:
    """Whether ``shown`` holds a whole star wording: a marquee scrolled past it proves nothing."""
    flat = shown.replace(" ", "")
    return any(wording in flat for wording in STAR_WORDINGS)


def _font(rng: np.random.Generator, size: float) -> ImageFont.FreeTypeFont:
    path, index = FACES[int(rng.integers(len(FACES)))]
    return ImageFont.truetype(path, size=max(6, int(size)), index=index)


def _fit(d: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, room: float) -> ImageFont.FreeTypeFont:
    """``font``, smaller if ``text`` would not fit in ``room`` px."""
    width = d.textlength(text, font=font)
    return font if width <= room else font.font_variant(size=max(6, int(font.size * room / width)))


def _centred(d: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, cx: float, y: float,
             fill: tuple[int, ...], stroke: tuple[int, ...] | None = None) -> None:
    width = d.textlength(text, font=font)
    d.text((cx - width / 2, y), text, font=font, fill=fill,
           stroke_width=max(1, font.size // 14) if stroke else 0, stroke_fill=stroke)


def _star(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill: tuple[int, ...]) -> None:
    """A five-pointed star as a polygon: an icon, not a ★ glyph for OCR to read."""
    angles = np.pi / 2 + np.arange(10) * np.pi / 5
    radii = np.where(np.arange(10) % 2 == 0, r, r * 0.42)
    d.polygon([(cx + rr * np.cos(a), cy - rr * np.sin(a)) for a, rr in zip(angles, radii, strict=True)], fill=fill)


def _finish(img: Image.Image, width: int, height: int) -> np.ndarray:
    """The supersampled RGBA drawing shrunk to ``width`` x ``height``, as BGRA."""
    small = cv2.resize(np.asarray(img), (width, height), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(small[..., [2, 1, 0, 3]])


# --- signs -------------------------------------------------------------------------------------


def draw_tent_sign(big: str, small: str | None, width: int, rng: np.random.Generator, *, star: bool = False) -> np.ndarray:
    """An acrylic tent sign seen from the front: a printed face leaning back (narrower at the top)
    on a clear base, ``big`` across it and ``small`` in small print under it."""
    width = max(12, int(width))
    height = max(6, int(width * rng.uniform(0.34, 0.46)))
    W, H = width * SUPERSAMPLE, height * SUPERSAMPLE
    face_h = H * 0.86
    palettes = (((255, 255, 255), TELECOM_BLUE, TELECOM_RED), (TELECOM_BLUE, (255, 255, 255), GOLD),
                ((150, 10, 25), GOLD, GOLD), ((232, 240, 250), (20, 60, 130), TELECOM_RED))
    bg, ink, accent = palettes[int(rng.integers(len(palettes)))]
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, W - 1, face_h], fill=bg + (255,), outline=(190, 195, 205, 255), width=max(2, W // 150))
    d.rectangle([0, face_h * 0.9, W - 1, face_h * 0.94], fill=accent + (255,))  # a printed rule
    if star:  # a row of stars in the top left corner
        for k in range(int(rng.integers(1, 4))):
            _star(d, W * 0.07 + k * H * 0.13, face_h * 0.14, H * 0.06, accent + (255,))
    big_font = _fit(d, big, _font(rng, face_h * (0.38 if small else 0.5)), W * 0.86)
    _centred(d, big, big_font, W / 2, face_h * (0.2 if small else 0.22), ink + (255,))
    if small:
        _centred(d, small, _fit(d, small, _font(rng, face_h * 0.15), W * 0.8), W / 2, face_h * 0.66, ink + (255,))
    d.rectangle([W * 0.02, face_h + 1, W * 0.98, H - 1], fill=(215, 225, 235, 120))  # clear acrylic foot
    d.line([W * 0.02, H - 2, W * 0.98, H - 2], fill=(250, 250, 255, 200), width=max(2, H // 60))
    sprite = np.asarray(img)
    lean = W * rng.uniform(0.01, 0.04)  # the top edge is farther away: a slightly narrower top
    src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
    dst = np.float32([[lean, 0], [W - lean, 0], [W, H], [0, H]])
    warped = cv2.warpPerspective(sprite, cv2.getPerspectiveTransform(src, dst), (W, H), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0, 0))
    return _finish(Image.fromarray(warped), width, height)


def draw_hanging_board(text: str, english: str | None, width: int, rng: np.random.Generator, *,
                       star: bool = False) -> np.ndarray:
    """A board hung from the ceiling on two wires: white on telecom blue, or blue on white with a
    red stripe under the words; an English line under the Chinese on some."""
    width = max(12, int(width))
    board_h = max(5, int(width * rng.uniform(0.2, 0.28)))
    wire_h = max(2, int(board_h * rng.uniform(0.4, 1.0)))
    W, H, top = width * SUPERSAMPLE, (board_h + wire_h) * SUPERSAMPLE, wire_h * SUPERSAMPLE
    BH = H - top
    blue = rng.random() < 0.55
    bg, ink = (TELECOM_BLUE, (255, 255, 255)) if blue else ((250, 250, 248), TELECOM_BLUE)
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    for x in (W * 0.12, W * 0.88):
        d.line([x, 0, x, top], fill=(150, 150, 155, 255), width=max(2, W // 300))
    d.rectangle([0, top, W - 1, H - 1], fill=bg + (255,), outline=(200, 200, 205, 255), width=max(2, W // 200))
    if blue:
        d.rectangle([W * 0.015, top + BH * 0.06, W * 0.985, H - BH * 0.06], outline=(255, 255, 255, 255), width=max(2, W // 400))
    else:
        d.rectangle([0, H - BH * 0.14, W - 1, H - 1], fill=TELECOM_RED + (255,))
    left = W * 0.06
    if star:
        _star(d, W * 0.1, top + BH * (0.42 if english else 0.48), BH * 0.24, (GOLD if blue else TELECOM_RED) + (255,))
        left = W * 0.18
    cx = (left + W * 0.96) / 2
    font = _fit(d, text, _font(rng, BH * (0.42 if english else 0.55)), W * 0.94 - left)
    _centred(d, text, font, cx, top + BH * (0.1 if english else 0.16), ink + (255,))
    if english:
        _centred(d, english, _fit(d, english, _font(rng, BH * 0.17), W * 0.94 - left), cx, top + BH * 0.62, ink + (255,))
    return _finish(img, width, board_h + wire_h)


def _glyph_mask(text: str, rng: np.random.Generator) -> tuple[np.ndarray, list[float], int]:
    """``text`` in white on black, ``LED_ROWS`` x 4 px tall, the x where each character starts
    (and where the last one ends), and a Chinese character's width."""
    size = LED_ROWS * 4
    font = _font(rng, size * 0.92)  # the glyphs' ink a little inside the rows
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    edges = [probe.textlength(text[:i], font=font) for i in range(len(text) + 1)]
    mask = Image.new("L", (int(edges[-1]) + 4, size), 0)
    ImageDraw.Draw(mask).text((0, size * 0.02), text, font=font, fill=255, anchor="lt")
    return np.asarray(mask), edges, int(font.size)


def draw_marquee(text: str, width: int, rng: np.random.Generator, *, start: float | None = None,
                 visible: int | None = None) -> tuple[np.ndarray, str]:
    """A red or amber dot-matrix strip showing ``visible`` characters' width of ``text`` from
    ``start`` (a character position, fractional: scrolled part way), and the characters wholly in
    view. ``None``: a random number of characters and a random scroll (whole if it fits)."""
    mask, edges, char_px = _glyph_mask(text, rng)
    visible = visible or int(rng.integers(7, 13))
    window = visible * char_px
    if start is None:
        spare = max(0.0, (edges[-1] - window) / char_px)
        start = float(rng.uniform(0, spare)) if spare else float(rng.uniform(-0.5, 0.3)) * (rng.random() < 0.3)
    x0 = start * char_px
    shown = "".join(ch for ch, a, b in zip(text, edges, edges[1:], strict=False) if a >= x0 - 1 and b <= x0 + window + 1)
    view = np.zeros((mask.shape[0], window), np.uint8)
    a, b = int(max(0, x0)), int(min(mask.shape[1], x0 + window))
    if b > a:
        view[:, a - int(x0):b - int(x0)] = mask[:, a:b]
    lit = cv2.resize(view, (max(1, window // 4), LED_ROWS), interpolation=cv2.INTER_AREA) > 80
    return _dots(lit, max(16, int(width)), rng), shown


def _dots(lit: np.ndarray, width: int, rng: np.random.Generator) -> np.ndarray:
    """Each cell of ``lit`` a dot, glowing where lit, dim where not, on a black strip in a frame."""
    rows, cols = lit.shape
    pitch = width / (cols + 2)
    height = max(8, int(pitch * (rows + 2)))
    colour = np.array((40, 40, 255) if rng.random() < 0.75 else (30, 175, 255), np.float32)  # BGR red / amber
    out = np.zeros((height, width, 4), np.uint8)
    out[..., :3], out[..., 3] = (14, 14, 16), 255
    radius = max(1, int(round(pitch * 0.36)))
    for r in range(rows):
        for c in range(cols):
            centre = (int((c + 1.5) * pitch), int((r + 1.5) * pitch))
            fill = colour if lit[r, c] else colour * 0.16
            cv2.circle(out, centre, radius, tuple(int(v) for v in fill) + (255,), -1, lineType=cv2.LINE_AA)
    glow = cv2.GaussianBlur(out[..., :3], (0, 0), max(0.8, pitch * 0.6))
    out[..., :3] = np.clip(out[..., :3].astype(np.int32) + glow.astype(np.int32) // 2, 0, 255).astype(np.uint8)
    # A camera never sees the dots sharp: bright LEDs bloom into their neighbours.
    out[..., :3] = cv2.GaussianBlur(out[..., :3], (0, 0), max(0.5, pitch * 0.35))
    cv2.rectangle(out, (0, 0), (width - 1, height - 1), (70, 70, 75, 255), max(1, int(pitch * 0.7)))
    return out


def draw_standing_sign(text: str, small: str | None, width: int, rng: np.random.Generator, *,
                       vertical: bool | None = None, star: bool = False) -> np.ndarray:
    """A roll-up banner on its foot: a header band, ``text`` one character a row (``vertical``) or
    in stacked rows of two to four, ``small`` in small print near the foot."""
    width = max(12, int(width))
    height = max(24, int(width * rng.uniform(2.4, 3.0)))
    vertical = bool(rng.random() < 0.5) if vertical is None else vertical
    W, H = width * SUPERSAMPLE, height * SUPERSAMPLE
    foot = H * 0.05
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    light = rng.random() < 0.5
    bg, ink = ((246, 248, 252), TELECOM_BLUE) if light else (TELECOM_BLUE, (255, 255, 255))
    d.rectangle([0, 0, W - 1, H - foot], fill=bg + (255,))
    d.rectangle([0, 0, W - 1, H * 0.1], fill=(TELECOM_RED if light else (255, 255, 255)) + (255,))
    header = "中国电信"
    _centred(d, header, _fit(d, header, _font(rng, H * 0.045), W * 0.8), W / 2, H * 0.03,
             ((255, 255, 255) if light else TELECOM_BLUE) + (255,))
    if star:
        _star(d, W / 2, H * 0.16, W * 0.12, (TELECOM_RED if light else GOLD) + (255,))
    rows = list(text) if vertical else _stack(text)
    room_h, room_w = H * (0.56 if small else 0.64), W * 0.82
    # Latin letters are about 0.6 of a Chinese character wide.
    size = min(room_h / (len(rows) * 1.18), room_w / max(len(r) * (0.6 if r.isascii() else 1.0) for r in rows))
    font = _font(rng, size)
    if not vertical:  # short rows leave room: a swoosh under them, as the brand's banners have
        for k in range(3):
            d.arc([-W * 0.6, H * (0.6 + 0.03 * k), W * 1.6, H * (1.0 + 0.03 * k)], 200, 340,
                  fill=(TELECOM_RED if k == 1 else (120, 170, 230) if light else (90, 150, 220)) + (255,), width=max(3, H // 150))
    y = H * 0.22 + (room_h - len(rows) * size * 1.18) * (0.5 if vertical else 0.25)
    for row in rows:
        row_font = _fit(d, row, font, room_w)
        _centred(d, row, row_font, W / 2, y, ink + (255,))
        y += size * 1.18
    if small:
        _centred(d, small, _fit(d, small, _font(rng, H * 0.035), W * 0.9), W / 2, H * 0.86, ink + (255,))
    d.rectangle([W * 0.05, H - foot, W * 0.95, H - 1], fill=(175, 178, 185, 255))  # the metal foot
    d.rectangle([W * 0.02, 0, W * 0.98, H * 0.012], fill=(160, 162, 168, 255))  # the top rail
    return _finish(img, width, height)


def _stack(text: str) -> list[str]:
    """A wording in short rows, as a narrow stand sets it: a leading Latin run on its own row,
    then two to four characters a row, split near the middle."""
    head = ""
    while text and text[0].isascii():
        head, text = head + text[0], text[1:]
    rows = [head] if head else []
    if len(text) <= 4:
        return rows + [text]
    half = (len(text) + 1) // 2
    return rows + [text[:half], text[half:]]


def sign_sprite(words: str, kind: str, width: int, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """A sign of ``kind`` (``SIGN_KINDS``) with ``words`` (star, other or lookalike wording),
    and every text it shows (the marquee: only the characters wholly in view)."""
    star = words == "star"
    if words == "lookalike":
        return _lookalike(kind, width, rng)
    wording = choice(rng, STAR_WORDINGS if star else OTHER_WORDINGS)
    small = choice(rng, STAR_SMALL if star else OTHER_SMALL) if rng.random() < 0.6 else None
    if kind == "tent":
        return draw_tent_sign(wording, small, width, rng, star=star and rng.random() < 0.6), f"{wording} {small or ''}".strip()
    if kind == "hanging":
        english = small if small and small.isascii() else None
        return draw_hanging_board(wording, english, width, rng, star=star and rng.random() < 0.6), f"{wording} {english or ''}".strip()
    if kind == "standing":
        return draw_standing_sign(wording, small, width, rng, star=star and rng.random() < 0.6), f"{wording} {small or ''}".strip()
    text = choice(rng, STAR_MARQUEE if star else OTHER_MARQUEE).format(wording)
    start = None
    if star and rng.random() < 0.6:  # a snapshot with the wording in view, at some spot in the window
        start = max(0.0, text.index(wording) - float(rng.uniform(0, 2)))
    return draw_marquee(text, width, rng, start=start)


def _lookalike(kind: str, width: int, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """Not a star desk's sign though it says 星级: a manager's name plate on the counter, or a
    notice on a stand or board."""
    if kind == "tent":
        name = choice(rng, NAMES)
        return draw_tent_sign(name, LOOKALIKE_TITLE, width, rng), f"{name} {LOOKALIKE_TITLE}"
    notice = choice(rng, LOOKALIKE_NOTICES)
    if kind == "hanging":
        return draw_hanging_board(notice, None, width, rng), notice
    return draw_standing_sign(notice, "详情请咨询工作人员", width, rng, vertical=False), f"{notice} 详情请咨询工作人员"


# --- posters -----------------------------------------------------------------------------------


def _photo(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A photo-like RGB area: a two-colour gradient under soft, blurred blobs of light and colour
    (a product shot, a smiling family, a city at night: what a detector sees as a photograph)."""
    c1, c2 = rng.integers(20, 236, 3), rng.integers(20, 236, 3)
    t = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    area = (c1 * (1 - t) + c2 * t) * np.ones((1, width, 1), np.float32)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    for _ in range(int(rng.integers(3, 7))):
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        r = rng.uniform(0.15, 0.45) * width
        weight = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))[..., None]
        area = area * (1 - 0.8 * weight) + rng.integers(0, 256, 3).astype(np.float32) * 0.8 * weight
    return np.clip(area, 0, 255).astype(np.uint8)


def _product(d: ImageDraw.ImageDraw, cx: float, cy: float, h: float, rng: np.random.Generator) -> None:
    """A phone, a router or a person's silhouette: the shape a poster advertises."""
    shape = int(rng.integers(3))
    if shape == 0:
        d.rounded_rectangle([cx - h * 0.25, cy - h / 2, cx + h * 0.25, cy + h / 2], radius=h * 0.06, fill=(25, 25, 30, 255))
        d.rounded_rectangle([cx - h * 0.22, cy - h * 0.46, cx + h * 0.22, cy + h * 0.46], radius=h * 0.04,
                            fill=tuple(int(v) for v in rng.integers(60, 256, 3)) + (255,))
    elif shape == 1:
        d.rounded_rectangle([cx - h * 0.45, cy, cx + h * 0.45, cy + h * 0.25], radius=h * 0.05, fill=(240, 240, 242, 255))
        for k in (-0.3, 0.3):
            d.line([cx + h * k, cy, cx + h * k * 1.2, cy - h * 0.4], fill=(230, 230, 235, 255), width=max(2, int(h * 0.04)))
    else:
        tone = tuple(int(v) for v in rng.integers(30, 120, 3)) + (255,)
        d.ellipse([cx - h * 0.13, cy - h * 0.5, cx + h * 0.13, cy - h * 0.22], fill=tone)
        d.pieslice([cx - h * 0.32, cy - h * 0.2, cx + h * 0.32, cy + h * 0.6], 180, 360, fill=tone)


def _palette(rng: np.random.Generator) -> tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]:
    """(background, ink, price colour) of a poster's printed part."""
    palettes = ((TELECOM_BLUE, (255, 255, 255), GOLD), ((200, 16, 32), (255, 255, 255), (255, 230, 120)),
                ((250, 250, 250), TELECOM_BLUE, TELECOM_RED), ((38, 22, 70), (255, 255, 255), GOLD),
                ((255, 244, 225), (150, 20, 30), TELECOM_RED))
    return palettes[int(rng.integers(len(palettes)))]


def draw_other_poster(width: int, rng: np.random.Generator, style: str | None = None) -> tuple[np.ndarray, list[str]]:
    """A portrait promotional poster of ``style`` (``POSTER_STYLES``; None: any), and its lines."""
    style = style or choice(rng, POSTER_STYLES)
    width = max(12, int(width))
    height = max(16, int(width * rng.uniform(1.35, 1.5)))
    W, H = width * SUPERSAMPLE, height * SUPERSAMPLE
    headline, price, body = POSTERS[int(rng.integers(len(POSTERS)))]
    bg, ink, hot = _palette(rng)
    img = Image.new("RGBA", (W, H), bg + (255,))
    d = ImageDraw.Draw(img)
    framed = style == "framed"
    if framed:
        style = "price" if rng.random() < 0.5 else "photo"
    if style == "photo":
        lines = _photo_poster(img, d, headline, price, W, H, ink, rng)
    elif style == "list":
        lines = _list_poster(img, d, headline, price, body, W, H, ink, hot, rng)
    else:
        lines = _price_poster(img, d, headline, price, W, H, ink, hot, rng)
    if framed:  # a silver snap frame around the print
        rim = max(4, W // 22)
        d.rectangle([0, 0, W - 1, H - 1], outline=(196, 198, 204, 255), width=rim)
        d.rectangle([rim, rim, W - rim, H - rim], outline=(120, 122, 128, 255), width=max(1, rim // 4))
    return _finish(img, width, height), lines


def _price_poster(img: Image.Image, d: ImageDraw.ImageDraw, headline: str, price: str, W: int, H: int,
                  ink: tuple[int, int, int], hot: tuple[int, int, int], rng: np.random.Generator) -> list[str]:
    """Headline on top, a photo in the middle, the price big under it, terms in small print."""
    img.paste(Image.fromarray(_photo(W, int(H * 0.42), rng)), (0, int(H * 0.2)))
    _product(d, W * rng.uniform(0.35, 0.65), H * 0.41, H * 0.3, rng)
    _centred(d, headline, _fit(d, headline, _font(rng, H * 0.11), W * 0.88), W / 2, H * 0.04, ink + (255,))
    _centred(d, price, _fit(d, price, _font(rng, H * 0.12), W * 0.9), W / 2, H * 0.66, hot + (255,))
    terms = choice(rng, TERMS)
    _centred(d, terms, _fit(d, terms, _font(rng, H * 0.025), W * 0.9), W / 2, H * 0.9, ink + (255,))
    return [headline, price, terms]


def _photo_poster(img: Image.Image, d: ImageDraw.ImageDraw, headline: str, price: str, W: int, H: int,
                  ink: tuple[int, int, int], rng: np.random.Generator) -> list[str]:
    """Mostly photograph, a short headline over it (top or bottom), sometimes the offer under it."""
    img.paste(Image.fromarray(_photo(W, H, rng)))
    _product(d, W * rng.uniform(0.3, 0.7), H * 0.55, H * 0.4, rng)
    top = rng.random() < 0.5
    y = H * (0.05 if top else 0.76)
    _centred(d, headline, _fit(d, headline, _font(rng, H * 0.1), W * 0.9), W / 2, y, (255, 255, 255, 255), stroke=(20, 20, 30, 255))
    if rng.random() < 0.5:
        _centred(d, price, _fit(d, price, _font(rng, H * 0.06), W * 0.8), W / 2, y + H * 0.12, (255, 255, 255, 255),
                 stroke=(20, 20, 30, 255))
        return [headline, price]
    return [headline]


def _list_poster(img: Image.Image, d: ImageDraw.ImageDraw, headline: str, price: str, body: tuple[str, ...], W: int,
                 H: int, ink: tuple[int, int, int], hot: tuple[int, int, int], rng: np.random.Generator) -> list[str]:
    """A headline, the offer, then its points one a line, a strip of photo at the foot."""
    img.paste(Image.fromarray(_photo(W, int(H * 0.2), rng)), (0, int(H * 0.8)))
    lines = [headline, price] + list(body[: int(rng.integers(1, len(body) + 1))])
    if rng.random() < 0.5:
        lines.append(choice(rng, TERMS))
    shares = [0.1, 0.08] + [0.05] * (len(lines) - 2)
    gap = (H * 0.74 - H * sum(shares)) / len(lines)  # the lines spread down to the photo strip
    y = H * 0.05
    for k, (line, share) in enumerate(zip(lines, shares, strict=True)):
        terms = line.startswith("*")
        font = _fit(d, line, _font(rng, H * (0.025 if terms else share)), W * 0.86)
        d.text((W * 0.07, y), line, font=font, fill=(hot if k == 1 else ink) + (255,))
        y += H * share + gap
    return lines


def poster_sprite(width: int, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """A poster of any style and what it says, style first (``price: 5G畅享 / 129元/月 / ...``):
    the drawer ``bench.real_signs`` calls, as it calls ours."""
    style = choice(rng, POSTER_STYLES)
    sprite, lines = draw_other_poster(width, rng, style)
    return sprite, f"{style}: {' / '.join(lines)}"
