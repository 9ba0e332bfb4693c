"""Badges as another hand would design them, for ``bench.real_badges --design other``.

The independent evaluation that beat us drew its scenes with "a separately written generator
with other fonts": badges we never trained on or tuned to. ``datasets.render.badges`` draws one
design (a coloured 中国电信 header band over name / title / 工号：digits); this module draws four
others, from what service-hall badges look like rather than from our generator, and never goes
into training (nothing under ``datasets/`` or ``models/`` imports it):

- ``lanyard``: a portrait card on a lanyard: header, a photo, the name, the title, the id;
- ``logo_left``: a white landscape card, a red logo and 中国电信 / CHINA TELECOM on the left,
  the name and title on the right, the id under them;
- ``dark``: a telecom-blue card with white text, name and title on one line;
- ``bar``: a narrow metal name bar pinned on the chest (name big, title small, no id room).

And other words: job titles outside our title list (服务代表, 装维工程师, 政企客户经理...), ids
labelled ``NO.``, ``编号`` or ``ID`` with 5 to 10 digits, a branch name or CHINA TELECOM beside the
header or in its place, a pinyin line under the name, 实习生 as a red corner tag or in the title
line, and 孕妈妈 cards that say more (我是孕妈妈, 孕妈妈 请多关照).

    >>> rng = np.random.default_rng(1)
    >>> spec = other_spec(rng, complete=True, intern=False)
    >>> draw_other_badge(spec, 150, rng).shape[2]
    4
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

LAYOUTS = ("lanyard", "logo_left", "dark", "bar")
#: Titles another hall writes: some in our list, most not (a rule that knows only its list
#: calls a complete badge short of its title).
OTHER_TITLES = (
    "服务代表", "客户代表", "业务代表", "销售顾问", "智家工程师", "装维工程师", "厅店经理", "政企客户经理",
    "值班主任", "营业员", "客户经理", "店长", "业务受理员", "服务专员", "综合服务岗", "渠道经理",
)  # fmt: skip
#: (surname, given name, pinyin): written apart from the generator's name lists.
NAMES = (
    ("周", "晓梅", "ZHOU XIAOMEI"), ("郭", "建国", "GUO JIANGUO"), ("沈", "佳怡", "SHEN JIAYI"),
    ("罗", "志远", "LUO ZHIYUAN"), ("谢", "婉清", "XIE WANQING"), ("唐", "小龙", "TANG XIAOLONG"),
    ("韩", "雪", "HAN XUE"), ("冯", "超", "FENG CHAO"), ("邓", "丽君", "DENG LIJUN"), ("曹", "阳", "CAO YANG"),
    ("彭", "思远", "PENG SIYUAN"), ("许", "诺", "XU NUO"), ("程", "雨萱", "CHENG YUXUAN"), ("魏", "东", "WEI DONG"),
    ("蒋", "欣然", "JIANG XINRAN"), ("袁", "博", "YUAN BO"), ("潘", "玉洁", "PAN YUJIE"), ("杜", "鹏飞", "DU PENGFEI"),
)  # fmt: skip
HEADERS = ("中国电信", "中国电信 CHINA TELECOM", "中国电信股份有限公司", "CHINA TELECOM")
BRANCHES = ("上海分公司", "浙江分公司", "南京营业厅", "天河营业厅")
ID_LABELS = ("工号：", "工号 ", "NO.", "No:", "编号：", "ID ")
PREGNANT_WORDS = ("孕妈妈", "我是孕妈妈", "孕妈妈 请多关照")
FACES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
)
TELECOM_BLUE, LOGO_RED, INK = (0, 86, 164), (214, 0, 28), (30, 30, 36)
#: Drawn this many times larger, then shrunk: a camera sees a printed card, not pixel fonts.
SUPERSAMPLE = 3


@dataclass(frozen=True)
class OtherBadge:
    """What the card says and how it is laid out; ``employee_id``/``title`` None: not printed."""

    name: str
    pinyin: str
    employee_id: str | None
    title: str | None
    intern: bool
    layout: str
    header: str
    id_label: str


def other_name(rng: np.random.Generator) -> tuple[str, str]:
    surname, given, pinyin = NAMES[int(rng.integers(len(NAMES)))]
    return surname + given, pinyin


def other_id(rng: np.random.Generator) -> str:
    return "".join(str(d) for d in rng.integers(0, 10, int(rng.integers(5, 11))))


def other_spec(rng: np.random.Generator, *, complete: bool, intern: bool, name: str | None = None,
               employee_id: str | None = None) -> OtherBadge:
    """A badge of a random layout; ``complete=False``: the name only (no title, no id)."""
    drawn_name, pinyin = other_name(rng)
    layout = str(LAYOUTS[int(rng.integers(len(LAYOUTS)))])
    header = str(HEADERS[int(rng.integers(len(HEADERS)))])
    if rng.random() < 0.25 and header == "中国电信":
        header += " " + str(BRANCHES[int(rng.integers(len(BRANCHES)))])
    title = emp = None
    if complete:
        mode = rng.random()
        title = str(OTHER_TITLES[int(rng.integers(len(OTHER_TITLES)))]) if mode < 0.75 or layout == "bar" else None
        # A name bar has no room for an id.
        emp = (employee_id or other_id(rng)) if layout != "bar" and (mode > 0.45 or title is None) else None
    return OtherBadge(name or drawn_name, pinyin, emp, title, intern, layout, header,
                      str(ID_LABELS[int(rng.integers(len(ID_LABELS)))]))


def _font(rng: np.random.Generator, size: float) -> ImageFont.FreeTypeFont:
    path, index = FACES[int(rng.integers(len(FACES)))]
    return ImageFont.truetype(path, size=max(6, int(size)), index=index)


def _fit(d: ImageDraw.ImageDraw, text: str, rng: np.random.Generator, size: float, room: float) -> ImageFont.FreeTypeFont:
    """A font of ``size`` px, smaller if ``text`` would not fit in ``room`` px."""
    font = _font(rng, size)
    width = d.textlength(text, font=font)
    return font if width <= room else font.font_variant(size=max(6, int(size * room / width)))


def _logo(d: ImageDraw.ImageDraw, x: float, y: float, size: float, colour: tuple[int, int, int]) -> None:
    """The operator's mark as a shape: two arcs (OCR reads nothing in it)."""
    d.arc([x, y, x + size, y + size * 0.7], 200, 340, fill=colour, width=max(2, int(size / 8)))
    d.arc([x + size * 0.15, y + size * 0.3, x + size * 0.85, y + size], 200, 340, fill=colour, width=max(2, int(size / 8)))


def _id_text(spec: OtherBadge) -> str | None:
    return None if spec.employee_id is None else spec.id_label + spec.employee_id


def _title_text(spec: OtherBadge) -> str | None:
    if spec.intern and spec.layout in ("dark", "bar"):
        return "实习生 " + (spec.title or "")
    return spec.title


def _lanyard(d: ImageDraw.ImageDraw, spec: OtherBadge, W: int, H: int, rng: np.random.Generator) -> None:
    d.rounded_rectangle([0, 0, W - 1, H - 1], radius=W // 14, fill=(255, 255, 255, 255), outline=(180, 180, 190, 255), width=3)
    band = H * 0.16
    d.rectangle([0, 0, W - 1, band], fill=TELECOM_BLUE + (255,))
    d.ellipse([W * 0.44, band * 0.12, W * 0.56, band * 0.3], fill=(255, 255, 255, 255))  # lanyard hole
    d.text((W * 0.07, band * 0.4), spec.header, font=_fit(d, spec.header, rng, band * 0.42, W * 0.86), fill=(255, 255, 255, 255))
    px1, py1, px2, py2 = W * 0.3, band + H * 0.04, W * 0.7, band + H * 0.34
    d.rectangle([px1, py1, px2, py2], fill=(200, 205, 215, 255))
    d.ellipse([W * 0.42, py1 + H * 0.04, W * 0.58, py1 + H * 0.15], fill=(150, 155, 170, 255))
    d.pieslice([W * 0.34, py1 + H * 0.16, W * 0.66, py2 + H * 0.12], 180, 360, fill=(150, 155, 170, 255))
    y = py2 + H * 0.03
    for text, share, colour in ((spec.name, 0.11, INK), (spec.pinyin, 0.045, (110, 110, 120)),
                                (_title_text(spec), 0.07, TELECOM_BLUE), (_id_text(spec), 0.065, INK)):
        if text:
            font = _fit(d, text, rng, H * share, W * 0.88)
            d.text(((W - d.textlength(text, font=font)) / 2, y), text, font=font, fill=colour + (255,))
            y += H * share * 1.35
    if spec.intern:
        _corner_tag(d, W, H)


def _logo_left(d: ImageDraw.ImageDraw, spec: OtherBadge, W: int, H: int, rng: np.random.Generator) -> None:
    d.rectangle([0, 0, W - 1, H - 1], fill=(252, 252, 250, 255), outline=(170, 170, 175, 255), width=3)
    d.rectangle([0, H * 0.9, W - 1, H - 1], fill=TELECOM_BLUE + (255,))
    _logo(d, W * 0.05, H * 0.1, W * 0.16, LOGO_RED)
    words = spec.header.split(" ")
    y = H * 0.42
    for word in words:
        font = _fit(d, word, rng, H * (0.12 if word.isascii() else 0.14), W * 0.3)
        d.text((W * 0.04, y), word, font=font, fill=LOGO_RED + (255,))
        y += H * 0.17
    d.line([W * 0.37, H * 0.1, W * 0.37, H * 0.82], fill=(200, 200, 205, 255), width=3)
    y = H * 0.1
    for text, share, colour in ((spec.name, 0.24, INK), (spec.pinyin, 0.08, (120, 120, 125)),
                                (_title_text(spec), 0.13, INK), (_id_text(spec), 0.11, (70, 70, 80))):
        if text:
            d.text((W * 0.42, y), text, font=_fit(d, text, rng, H * share, W * 0.55), fill=colour + (255,))
            y += H * share * 1.3
    if spec.intern:
        _corner_tag(d, W, H)


def _dark(d: ImageDraw.ImageDraw, spec: OtherBadge, W: int, H: int, rng: np.random.Generator) -> None:
    d.rounded_rectangle([0, 0, W - 1, H - 1], radius=H // 8, fill=TELECOM_BLUE + (255,))
    _logo(d, W * 0.05, H * 0.08, H * 0.2, (255, 255, 255))
    d.text((W * 0.07 + H * 0.22, H * 0.08), spec.header, font=_fit(d, spec.header, rng, H * 0.13, W * 0.75), fill=(255, 255, 255, 255))
    font = _fit(d, spec.name, rng, H * 0.3, W * 0.5)
    d.text((W * 0.08, H * 0.36), spec.name, font=font, fill=(255, 255, 255, 255))
    title = _title_text(spec)
    if title:
        x = W * 0.1 + d.textlength(spec.name, font=font)
        d.text((x, H * 0.47), title, font=_fit(d, title, rng, H * 0.15, W * 0.95 - x), fill=(255, 235, 160, 255))
    line = _id_text(spec)
    if line:
        d.text((W * 0.08, H * 0.76), line, font=_fit(d, line, rng, H * 0.13, W * 0.84), fill=(225, 235, 250, 255))


def _bar(d: ImageDraw.ImageDraw, spec: OtherBadge, W: int, H: int, rng: np.random.Generator) -> None:
    metal = (212, 175, 90) if rng.random() < 0.4 else (200, 202, 208)
    d.rounded_rectangle([0, 0, W - 1, H - 1], radius=H // 5, fill=metal + (255,), outline=(120, 120, 125, 255), width=3)
    _logo(d, W * 0.03, H * 0.2, H * 0.55, LOGO_RED)
    header = spec.header.split(" ")[0]
    d.text((W * 0.03, H * 0.72), header, font=_fit(d, header, rng, H * 0.17, W * 0.22), fill=LOGO_RED + (255,))
    d.text((W * 0.3, H * 0.12), spec.name, font=_fit(d, spec.name, rng, H * 0.42, W * 0.66), fill=INK + (255,))
    title = _title_text(spec)
    if title:
        d.text((W * 0.3, H * 0.6), title, font=_fit(d, title, rng, H * 0.26, W * 0.66), fill=INK + (255,))


def _corner_tag(d: ImageDraw.ImageDraw, W: int, H: int) -> None:
    """实习生 on a red tag across the top right corner."""
    size = min(W, H) * 0.1
    font = ImageFont.truetype(FACES[0][0], size=max(6, int(size)), index=FACES[0][1])
    width = d.textlength("实习生", font=font)
    x1, y1 = W - width - size * 1.2, H * 0.02 if W > H else H * 0.18
    d.rectangle([x1, y1, x1 + width + size * 0.8, y1 + size * 1.5], fill=LOGO_RED + (255,))
    d.text((x1 + size * 0.4, y1 + size * 0.2), "实习生", font=font, fill=(255, 255, 255, 255))


_SHAPES = {"lanyard": 1.5, "logo_left": 0.58, "dark": 0.5, "bar": 0.27}  # height / width
_DRAW = {"lanyard": _lanyard, "logo_left": _logo_left, "dark": _dark, "bar": _bar}


def _finish(img: Image.Image, width: int, height: int) -> np.ndarray:
    small = cv2.resize(np.asarray(img), (width, height), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(small[..., [2, 1, 0, 3]])


def draw_other_badge(spec: OtherBadge, width: int, rng: np.random.Generator) -> np.ndarray:
    """A BGRA card ``width`` px wide (a portrait lanyard card is narrower: 0.8 of it)."""
    width = max(8, int(width * (0.8 if spec.layout == "lanyard" else 1.0)))
    height = max(5, int(width * _SHAPES[spec.layout]))
    W, H = width * SUPERSAMPLE, height * SUPERSAMPLE
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    _DRAW[spec.layout](ImageDraw.Draw(img), spec, W, H, rng)
    return _finish(img, width, height)


def draw_other_pregnant_card(width: int, rng: np.random.Generator) -> np.ndarray:
    """A 孕妈妈 card in another hand: a round or square sticker that may say more than the word."""
    words = str(PREGNANT_WORDS[int(rng.integers(len(PREGNANT_WORDS)))]).split(" ")
    width = max(8, int(width))
    height = width if len(words) > 1 or rng.random() < 0.5 else max(5, int(width * 0.42))
    W, H = width * SUPERSAMPLE, height * SUPERSAMPLE
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    fill = (255, 222, 230, 255) if rng.random() < 0.5 else (236, 84, 132, 255)
    ink = (200, 30, 90, 255) if fill[1] > 200 else (255, 255, 255, 255)
    if height == width:
        d.ellipse([0, 0, W - 1, H - 1], fill=fill, outline=(255, 255, 255, 255), width=4)
    else:
        d.rounded_rectangle([0, 0, W - 1, H - 1], radius=H // 6, fill=fill)
    y = H * (0.3 if len(words) > 1 else 0.22) if height == width else H * 0.18
    for k, word in enumerate(words):
        font = _fit(d, word, rng, H * (0.22 if k == 0 and height == width else 0.14 if k else 0.55), W * 0.78)
        d.text(((W - d.textlength(word, font=font)) / 2, y), word, font=font, fill=ink)
        y += font.size * 1.3
    return _finish(img, width, height)
