"""One synthetic snapshot: a zone (hall, counter, star desk, window; a notice board or a device
display, see ``datasets.text_zones``) at a camera scale, with labels read off the canvas and the
ground truth the rules should find."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from datasets import text_zones
from datasets.render import augment, backgrounds, badges, signs, tools
from datasets.render.canvas import Canvas, perspective_jitter
from datasets.render.people import draw_person
from datasets.render.words import LED_OTHER, OTHER_DESK, STAR_SIGNS, pick

#: The zones the detector trains on (``datasets.generate`` cycles through them).
ZONES = ("counter", "star_desk", "hall", "window")
#: Zones whose rules read text; their objects are not detector classes and go to the truth only.
TEXT_ZONES = text_zones.ZONES
SCALES = ("close", "medium", "far")
#: An object is labelled only when its short side is at least this fraction of the frame's long
#: side: 16 px on a 1280-wide frame, one cell (8 px) of the detector's finest feature map once the
#: frame is letterboxed to the 640-wide input. Smaller objects are still drawn (a ceiling camera
#: does see specks of badges) but asking the full-frame detector for them only teaches it noise;
#: the engine reads badges of far staff from its second, upper-body pass instead.
MIN_LABEL_FRACTION = 1 / 80
#: Share of a star sign that must show for the picture to prove it is there: less (behind
#: another sign, cut by the frame edge) cannot be read, by a reviewer or the engine.
STAR_SIGN_IN_VIEW = 0.5
#: Every star sign (words.STAR_SIGNS) names itself with this word; a sign not showing it is not provably one.
STAR_WORD = "星级"
#: Person height as a fraction of the frame height, per camera scale.
PERSON_SCALE = {"close": (1.2, 1.9), "medium": (0.55, 0.9), "far": (0.3, 0.45)}


@dataclass
class Scene:
    image: np.ndarray
    labels: list[tuple[str, tuple[int, int, int, int]]]
    truth: dict[str, object] = field(default_factory=dict)


def _person_height(rng: np.random.Generator, scale: str, H: int) -> int:
    lo, hi = PERSON_SCALE[scale]
    return int(H * rng.uniform(lo, hi))


def _place_staff(canvas: Canvas, rng: np.random.Generator, x: float, feet_y: float, ph: int, *, facing: str = "front") -> int:
    """A staff member at (x centre, feet y); with probabilities, a badge, an intern or pregnant card."""
    person = draw_person(ph, rng, staff=True, facing=facing)
    px, py = int(x - person.rgba.shape[1] / 2), int(feet_y - ph)
    roll = rng.random()
    info: dict[str, object] = {"role": "staff", "badge": None}
    pid = canvas.paste(person.rgba, px, py, "person", info)
    if facing != "front" or roll < 0.2:  # no badge (or turned away: nothing to see)
        info["facing"] = facing
        return pid
    intern = rng.random() < 0.15
    spec = badges.random_spec(rng, complete=rng.random() > 0.12, intern=intern)
    width = ph * rng.uniform(0.055, 0.08)
    sprite = badges.draw_badge(spec, int(width), rng)
    if rng.random() < 0.4:  # on a lanyard: strap from the neck, card on the chest centre
        ax, ay = person.anchors["lanyard"]
        nx, ny = person.anchors["neck"]
        strap = (int(rng.integers(0, 200)), int(rng.integers(0, 120)), int(rng.integers(0, 80)))
        import cv2  # local: only lanyards need it here

        strap_w = max(1, int(ph * 0.006))
        sw = person.anchors["shoulder_w"][0]
        for sign in (-1, 1):
            cv2.line(canvas.image, (px + int(nx + sign * sw * 0.25), py + int(ny)), (px + int(ax + sign * width * 0.3), py + int(ay)), strap, strap_w, cv2.LINE_AA)
    else:
        ax, ay = person.anchors["chest_left" if rng.random() < 0.8 else "chest_right"]
    if rng.random() < 0.3:
        sprite = perspective_jitter(sprite, rng, 0.08)
    bx, by = px + int(ax - sprite.shape[1] / 2), py + int(ay - sprite.shape[0] * 0.2)
    canvas.paste(sprite, bx, by, "badge", {"person": pid})
    info["badge"] = {"name": spec.name, "employee_id": spec.employee_id, "title": spec.title,
                     "intern": spec.intern, "width_px": int(width)}
    if rng.random() < 0.1:
        card = badges.draw_pregnant_card(int(width * rng.uniform(0.7, 1.0)), rng)
        cx, cy = person.anchors["chest_right"]
        canvas.paste(card, px + int(cx - card.shape[1] / 2), py + int(cy), "badge", {"person": pid, "pregnant": True})
        info["pregnant"] = True
    return pid


def _place_customer(canvas: Canvas, rng: np.random.Generator, x: float, feet_y: float, ph: int) -> int:
    facing = str(rng.choice(["front", "back", "side", "back"]))
    person = draw_person(ph, rng, staff=False, facing=facing)
    return canvas.paste(person.rgba, int(x - person.rgba.shape[1] / 2), int(feet_y - ph), "person", {"role": "customer"})


def _sign(rng: np.random.Generator, kind: str, text: str, width: int) -> tuple[np.ndarray, str]:
    """The sign's sprite and the text it shows (a scrolling marquee may show only its end)."""
    if kind == "desk_sign":
        return signs.draw_desk_sign(text, width, rng), text
    if kind == "hanging_sign":
        return signs.draw_hanging_sign(text, width, rng), text
    return signs.draw_led_sign(text, width, rng)


def _counter_scene(canvas: Canvas, rng: np.random.Generator, scale: str, star_zone: bool, truth: dict) -> None:
    W, H = canvas.width, canvas.height
    ph = _person_height(rng, scale, H)
    horizon = int(H * rng.uniform(0.45, 0.75)) if scale != "close" else int(H * 0.9)
    backgrounds.draw_room(canvas, rng, horizon)
    if scale == "close":  # an inspector's photo: the head near the top, the counter at the waist
        feet = int(H * rng.uniform(0.02, 0.12)) + ph
        counter_top = feet - int(ph * rng.uniform(0.42, 0.55))
    else:
        counter_top = horizon - int(ph * rng.uniform(0.0, 0.08))
        feet = counter_top + int(ph * rng.uniform(0.38, 0.5))  # staff stand or sit behind the counter
    signs_truth = truth.setdefault("signs", [])
    if star_zone or rng.random() < 0.5:  # hanging signs and marquees sit behind/above the staff
        kind = str(rng.choice(["hanging_sign", "led_sign", "desk_sign"]))
        star = star_zone and rng.random() < 0.7
        text = str(pick(rng, STAR_SIGNS)) if star else str(pick(rng, LED_OTHER if kind == "led_sign" else OTHER_DESK))
        truth["star_sign"] = star
    else:
        kind, text, star = "desk_sign", str(pick(rng, OTHER_DESK)), False
        truth.setdefault("star_sign", False)
    if kind != "desk_sign":
        sw = int(W * rng.uniform(0.2, 0.45) * (1.4 if scale == "close" else 1.0 if scale == "medium" else 0.6))
        drawn, shown = _sign(rng, kind, text, sw)
        sprite = perspective_jitter(drawn, rng, 0.05)
        y = int(rng.uniform(0.0, 0.12) * H) if kind == "hanging_sign" else int(max(0, counter_top - ph * 0.9 - sprite.shape[0]))
        canvas.paste(sprite, int(rng.uniform(0, max(1, W - sprite.shape[1]))), y, kind, {"text": text, "star": star, "shown": shown})
        signs_truth.append({"kind": kind, "text": text, "star": star, "shown": shown})
    n_staff = 1 if scale == "close" else int(rng.integers(1, 4))
    xs = np.sort(rng.uniform(0.15, 0.85, n_staff)) * W
    for x in xs:
        _place_staff(canvas, rng, float(x), feet, ph)
    counter = backgrounds.counter_sprite(W + 20, max(4, H - counter_top), rng)
    canvas.paste(counter, -10, counter_top)
    for _ in range(int(rng.integers(0, 3))):  # monitors and stray cards on the counter
        mw = int(ph * rng.uniform(0.15, 0.25))
        m = backgrounds.monitor_sprite(mw, rng)
        canvas.paste(m, int(rng.uniform(0, W - mw)), counter_top - m.shape[0] + 2)
    if rng.random() < 0.4:
        card = badges.draw_fake_card(int(ph * rng.uniform(0.04, 0.08)), rng)
        canvas.paste(card, int(rng.uniform(0, W - card.shape[1])), counter_top - card.shape[0] + 2)
    desk_signs = [(kind, text, star)] if kind == "desk_sign" else []
    if rng.random() < 0.4:
        desk_signs.append(("desk_sign", str(pick(rng, OTHER_DESK)), False))
    for dkind, dtext, dstar in desk_signs:
        sw = int(ph * rng.uniform(0.28, 0.42))
        sprite = perspective_jitter(_sign(rng, dkind, dtext, sw)[0], rng, 0.06)  # a desk sign shows all its text
        canvas.paste(sprite, int(rng.uniform(0, max(1, W - sprite.shape[1]))), counter_top - sprite.shape[0] + int(sprite.shape[0] * 0.1), dkind, {"text": dtext, "star": dstar})
        signs_truth.append({"kind": dkind, "text": dtext, "star": dstar})
    if rng.random() < 0.45:  # a second overhead sign with another text: a distractor for the star rule
        other = str(rng.choice(["hanging_sign", "led_sign"]))
        text = str(pick(rng, LED_OTHER if other == "led_sign" else OTHER_DESK))
        sw = int(W * rng.uniform(0.15, 0.35) * (1.4 if scale == "close" else 1.0 if scale == "medium" else 0.6))
        sprite = perspective_jitter(_sign(rng, other, text, sw)[0], rng, 0.05)  # no star sign: what it shows is moot
        canvas.paste(sprite, int(rng.uniform(0, max(1, W - sprite.shape[1]))), int(rng.uniform(0.0, 0.1) * H), other, {"text": text, "star": False})
        signs_truth.append({"kind": other, "text": text, "star": False})
    for _ in range(int(rng.random() < 0.6) + int(rng.random() < 0.25)):  # a tool left by the counter (seen anywhere)
        _tool_at_front(canvas, rng, ph * (0.6 if scale == "close" else 1.0), (0.92, 1.0), truth)
    if scale != "close" and rng.random() < 0.4:  # customers in front of the counter, mostly from behind
        for _ in range(int(rng.integers(1, 3))):
            cph = int(ph * rng.uniform(1.0, 1.2))
            _place_customer(canvas, rng, rng.uniform(0.1, 0.9) * W, min(H * 1.3, feet + cph * 0.4), cph)


def _tool_at_front(canvas: Canvas, rng: np.random.Generator, person_height: float, feet: tuple[float, float], truth: dict) -> None:
    """A random tool standing anywhere along the front of the frame, its foot at ``feet`` x H."""
    label = str(rng.choice(list(tools.DRAWERS)))
    tool = tools.draw_tool(label, person_height, rng)
    th, tw = tool.rgba.shape[:2]
    canvas.paste(tool.rgba, int(rng.uniform(0, max(1, canvas.width - tw))), int(canvas.height * rng.uniform(*feet)) - th, label, key=tool.key)
    truth.setdefault("tools", []).append(label)


def _hall_scene(canvas: Canvas, rng: np.random.Generator, scale: str, truth: dict) -> None:
    W, H = canvas.width, canvas.height
    ph = _person_height(rng, scale, H)
    horizon = int(H * rng.uniform(0.3, 0.55))
    backgrounds.draw_room(canvas, rng, horizon)
    n_tools = int(rng.integers(1, 7)) if rng.random() < 0.9 else 0
    tool_labels = []
    items: list[tuple[float, str]] = []  # (feet y, what): paint back to front
    for _ in range(n_tools):
        items.append((rng.uniform(horizon + 0.05 * H, H * 1.02), str(rng.choice(list(tools.DRAWERS)))))
    if scale != "close" and rng.random() < 0.35:  # a cleaning corner: tools stood together, overlapping
        _tool_corner(canvas, rng, rng.uniform(0.05, 0.95) * W, rng.uniform(horizon + 0.02 * H, horizon + 0.3 * H), ph, truth)
    n_people = 1 if scale == "close" else int(rng.integers(1, 5))
    for _ in range(n_people):
        items.append((rng.uniform(horizon + 0.15 * H, H * 1.05) if scale != "close" else H * rng.uniform(0.02, 0.12) + ph, "staff" if rng.random() < 0.5 else "customer"))
    for _ in range(int(rng.integers(0, 3))):
        items.append((rng.uniform(horizon, H), "furniture"))
    # Back to front; in a close-up the one person stands to a side and tools are nearer the camera.
    order = sorted(items, key=lambda item: (scale == "close" and item[1] in tools.DRAWERS, item[0]))
    side = rng.choice([0.25, 0.75])
    for feet, what in order:
        depth = 0.55 + 0.45 * (feet - horizon) / max(1, H - horizon)  # smaller further back
        local_ph = ph * (depth if scale != "close" else 1.0)
        if scale == "close" and what in ("staff", "customer"):
            x = (side + rng.uniform(-0.08, 0.08)) * W
        elif scale == "close":
            x = (1 - side + rng.uniform(-0.15, 0.15)) * W
        else:
            x = rng.uniform(0.05, 0.95) * W
        if what == "staff":
            _place_staff(canvas, rng, x, feet, int(local_ph))
        elif what == "customer":
            _place_customer(canvas, rng, x, feet, int(local_ph))
        elif what == "furniture":
            fw, fh = int(local_ph * rng.uniform(0.3, 0.8)), int(local_ph * rng.uniform(0.25, 0.5))
            sprite = backgrounds.counter_sprite(fw, fh, rng)
            canvas.paste(sprite, int(x - fw / 2), int(feet - fh))
            if rng.random() < 0.5:
                card = badges.draw_fake_card(int(local_ph * 0.05), rng)
                canvas.paste(card, int(x), int(feet - fh - card.shape[0]))
        else:
            tool = tools.draw_tool(what, local_ph * (1.0 if scale != "close" else 0.6), rng)
            th, tw = tool.rgba.shape[:2]
            canvas.paste(tool.rgba, int(x - tw / 2), int(feet - th), what, key=tool.key)
            tool_labels.append(what)
    truth.setdefault("tools", []).extend(tool_labels)


def _tool_corner(canvas: Canvas, rng: np.random.Generator, x: float, feet_y: float, ph: float, truth: dict) -> None:
    """Two to four tools stood side by side where cleaners leave them (a corner, beside a pillar):
    the commonest way tools are seen in a hall, each partly hidden by its neighbours."""
    n = int(rng.integers(2, 5))
    labels = [str(rng.choice(list(tools.DRAWERS))) for _ in range(n)]
    labels.sort(key=lambda label: label in ("bucket", "dustpan"))  # tall tools at the back
    for i, label in enumerate(labels):
        tool = tools.draw_tool(label, ph * 0.8, rng)
        th, tw = tool.rgba.shape[:2]
        tx = x + (i - n / 2) * tw * rng.uniform(0.35, 0.7)
        canvas.paste(tool.rgba, int(tx - tw / 2), int(feet_y + i * ph * 0.02 - th), label, key=tool.key)
        truth.setdefault("tools", []).append(label)


def _window_scene(canvas: Canvas, rng: np.random.Generator, scale: str, truth: dict) -> None:
    W, H = canvas.width, canvas.height
    panes = backgrounds.draw_window(canvas, rng)
    if rng.random() < 0.3:  # someone walking past behind the glass
        ph = _person_height(rng, "medium" if scale == "close" else scale, H)
        _place_customer(canvas, rng, rng.uniform(0.1, 0.9) * W, H * rng.uniform(0.9, 1.1), ph)
    n = int(rng.choice([0, 1, 2, 3, 3, 4, 5, 6, 7]))
    size = {"close": (0.28, 0.45), "medium": (0.13, 0.24), "far": (0.07, 0.12)}[scale]
    placed = 0
    occupied: list[tuple[int, int, int, int]] = []
    for _ in range(n * 6):
        if placed == n:
            break
        x1, y1, x2, y2 = panes[int(rng.integers(len(panes)))]
        pw = int(W * rng.uniform(*size))
        sprite, text = signs.draw_poster(pw, rng)
        sprite = perspective_jitter(sprite, rng, 0.04)
        sh, sw = sprite.shape[:2]
        if sw >= x2 - x1 or sh >= y2 - y1:
            continue
        px, py = int(rng.uniform(x1, x2 - sw)), int(rng.uniform(y1, y2 - sh))
        if any(px < ox2 and ox1 < px + sw and py < oy2 and oy1 < py + sh for ox1, oy1, ox2, oy2 in occupied):
            continue
        occupied.append((px, py, px + sw, py + sh))
        canvas.paste(sprite, px, py, "poster", {"text": text})
        placed += 1
    truth["posters"] = placed
    backgrounds.glass_reflections(canvas, rng, float(rng.uniform(0.05, 0.35)))
    if rng.random() < 0.25:  # a bucket or mop left after cleaning the glass, on the hall side
        ph = _person_height(rng, scale, H)
        for _ in range(int(rng.integers(1, 3))):
            _tool_at_front(canvas, rng, ph, (0.95, 1.02), truth)


def make_scene(rng: np.random.Generator, zone: str, scale: str, width: int, height: int) -> Scene:
    """A scene of ``zone`` (one of ``ZONES`` or ``TEXT_ZONES``) seen at ``scale``."""
    if zone in TEXT_ZONES:  # no people, no detector labels: text truth only
        image, text_truth = text_zones.render(rng, zone, scale, width, height)
        return Scene(image, [], text_truth)
    if zone not in ZONES:
        raise ValueError(f"zone must be one of {', '.join(ZONES + TEXT_ZONES)}; got {zone!r}")
    canvas = Canvas(width, height)
    truth: dict[str, object] = {"zone": zone, "scale": scale}
    if zone in ("counter", "star_desk"):
        _counter_scene(canvas, rng, scale, zone == "star_desk", truth)
    elif zone == "hall":
        _hall_scene(canvas, rng, scale, truth)
    else:
        _window_scene(canvas, rng, scale, truth)
    augment.camera(canvas, rng, tilt=float(rng.uniform(0.0, 0.06)) if scale != "close" else float(rng.uniform(0, 0.03)))
    visible = dict(canvas.visible_boxes())  # the truth: a badge too small to label is still worn
    min_side = round(max(width, height) * MIN_LABEL_FRACTION)
    labels = [
        (str(canvas.objects[oid].label), box)
        for oid, box in visible.items()
        if box[2] - box[0] >= min_side and box[3] - box[1] >= min_side
    ]
    staff = []
    for oid, box in visible.items():
        placed = canvas.objects[oid]
        if placed.label == "person" and placed.meta.get("role") == "staff":
            badge_ids = [i for i, o in enumerate(canvas.objects) if o.meta.get("person") == oid and o.label == "badge" and not o.meta.get("pregnant")]
            shown = [list(visible[i]) for i in badge_ids if i in visible]
            staff.append({"box": list(box), **placed.meta, "badge_visible": bool(shown),
                          "badge_box": shown[0] if shown else None})
    truth["staff"] = staff
    if "star_sign" in truth:
        # In view: mostly inside the picture and showing its star word (a marquee scrolled past
        # 星级 shows 服务专区, which any 政企服务专区 could show too).
        truth["star_sign_in_view"] = any(
            placed.meta.get("star") and canvas.shown_share(oid) >= STAR_SIGN_IN_VIEW
            and STAR_WORD in placed.meta.get("shown", placed.meta["text"])
            for oid, placed in enumerate(canvas.objects)
        )
    truth["customers"] = sum(1 for oid in visible if canvas.objects[oid].meta.get("role") == "customer")
    image = augment.photometric(canvas.image, rng)
    return Scene(image, labels, truth)

