"""Procedural people: varied bodies, skin, hair, clothes and poses; staff in uniform, customers not.

A person is drawn at its final pixel height (no resampling) and returns anchor points where a
badge, a lanyard or a 孕妈妈 card sits, so the scene can paste those as objects of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from datasets.render.canvas import rgba_canvas, shade

SKIN = ((189, 214, 241), (160, 196, 230), (130, 170, 210), (110, 150, 195), (90, 120, 160))  # BGR
HAIR = ((20, 20, 25), (30, 30, 40), (25, 40, 70), (60, 80, 110), (140, 140, 150))
#: Uniforms seen in halls (BGR): navy, dark blue, black and charcoal suits; telecom-blue shirts.
UNIFORM_JACKETS = ((70, 35, 20), (90, 50, 25), (35, 30, 30), (60, 55, 55), (110, 60, 20))
UNIFORM_SHIRTS = ((250, 250, 250), (240, 225, 205), (200, 120, 40))
SCARVES = ((40, 40, 200), (160, 90, 20), (60, 160, 230))


@dataclass
class Person:
    rgba: np.ndarray
    anchors: dict[str, tuple[float, float]] = field(default_factory=dict)  # sprite pixels
    uniform: bool = False
    facing: str = "front"


def _jitter(colour: tuple[int, ...], rng: np.random.Generator, amount: int = 18) -> tuple[int, int, int]:
    c = np.clip(np.array(colour[:3], np.int32) + rng.integers(-amount, amount + 1, 3), 0, 255)
    return (int(c[0]), int(c[1]), int(c[2]))


def _casual_colour(rng: np.random.Generator) -> tuple[int, int, int]:
    if rng.random() < 0.3:  # greys, black, white
        v = int(rng.integers(20, 240))
        return (v, v, v)
    hsv = np.uint8([[[rng.integers(0, 180), rng.integers(60, 255), rng.integers(60, 240)]]])
    b, g, r = cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)[0, 0]
    return (int(b), int(g), int(r))


def _poly(img: np.ndarray, pts: list[tuple[float, float]], colour: tuple[int, int, int]) -> None:
    cv2.fillPoly(img, [np.array(pts, np.int32)], colour + (255,), cv2.LINE_AA)


def _limb(img: np.ndarray, p0, p1, width: float, colour: tuple[int, int, int]) -> None:
    cv2.line(img, (int(p0[0]), int(p0[1])), (int(p1[0]), int(p1[1])), colour + (255,), max(1, int(width)), cv2.LINE_AA)
    cv2.circle(img, (int(p1[0]), int(p1[1])), max(1, int(width / 2)), colour + (255,), -1, cv2.LINE_AA)


def _fabric(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Folds, creases and weave on the flat fills: real clothes and skin are never one colour,
    and a detector trained on flat figures learns flatness instead of people."""
    h, w = img.shape[:2]
    gy, gx = int(rng.integers(4, 14)), int(rng.integers(3, 8))  # folds: a few per body length
    folds = cv2.resize(rng.normal(0, 1, (gy, gx)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    grain = rng.normal(0, 1, (h, w)).astype(np.float32)
    light = 1 + folds * rng.uniform(0.04, 0.18) + grain * rng.uniform(0.0, 0.06)
    out = img.copy()
    out[..., :3] = np.clip(img[..., :3].astype(np.float32) * light[..., None], 0, 255).astype(np.uint8)
    return out


def draw_person(
    height: int, rng: np.random.Generator, *, staff: bool, facing: str = "front",
    jacket: tuple[int, int, int] | None = None,
) -> Person:
    """A standing person ``height`` pixels tall; ``facing`` is front, back or side; ``jacket``
    (BGR) forces the jacket colour, e.g. a navy uniform in a test."""
    forced_jacket = jacket
    h = max(24, int(height))
    build = rng.uniform(0.82, 1.25)
    female = rng.random() < 0.5
    w = int(h * 0.42 * build) + 6
    img = rgba_canvas(w, h)
    cx = w / 2 + rng.uniform(-0.02, 0.02) * w
    skin = _jitter(SKIN[int(rng.integers(len(SKIN)))], rng, 10)
    hair = _jitter(HAIR[int(rng.integers(len(HAIR)))], rng, 8)
    head_h = h * rng.uniform(0.12, 0.14)
    head_w = head_h * rng.uniform(0.72, 0.85)
    head_cy = head_h * 0.55
    shoulder_y = head_h * 1.35
    shoulder_w = h * 0.125 * build * (0.9 if female else 1.0)
    hip_y = h * rng.uniform(0.5, 0.54)
    hip_w = h * 0.095 * build * (1.08 if female else 1.0)
    side = facing == "side"
    if side:
        shoulder_w *= 0.55
        hip_w *= 0.6

    if staff:
        jacket = _jitter(UNIFORM_JACKETS[int(rng.integers(len(UNIFORM_JACKETS)))], rng, 10) if rng.random() < 0.75 else None
        shirt = _jitter(UNIFORM_SHIRTS[int(rng.integers(len(UNIFORM_SHIRTS)))], rng, 8)
        trousers = jacket or _jitter((40, 35, 35), rng, 10)
    else:
        jacket = _casual_colour(rng) if rng.random() < 0.45 else None
        shirt = _casual_colour(rng)
        trousers = _casual_colour(rng) if rng.random() < 0.5 else _jitter((110, 70, 40), rng, 25)  # jeans
    if forced_jacket is not None:
        jacket = forced_jacket
        trousers = forced_jacket if staff else trousers
    top = jacket or shirt
    skirt = female and rng.random() < (0.5 if staff else 0.3)

    # legs
    stride = rng.uniform(0, 0.06) * h
    leg_w = hip_w * 0.9
    for sign in (-1, 1):
        foot_x = cx + sign * (hip_w * 0.5 + stride * (0.5 if sign > 0 else 0.2))
        _limb(img, (cx + sign * hip_w * 0.45, hip_y), (foot_x, h * 0.96), leg_w, skin if skirt else trousers)
        cv2.ellipse(img, (int(foot_x), int(h * 0.975)), (max(1, int(leg_w * 0.6)), max(1, int(h * 0.018))), 0, 0, 360,
                    (25, 25, 25, 255) if rng.random() < 0.7 else _casual_colour(rng) + (255,), -1)
    if skirt:
        _poly(img, [(cx - hip_w, hip_y - h * 0.02), (cx + hip_w, hip_y - h * 0.02), (cx + hip_w * 1.25, h * 0.7), (cx - hip_w * 1.25, h * 0.7)], trousers)
    else:
        _poly(img, [(cx - hip_w, hip_y - h * 0.02), (cx + hip_w, hip_y - h * 0.02), (cx + hip_w * 0.9, hip_y + h * 0.06), (cx - hip_w * 0.9, hip_y + h * 0.06)], trousers)

    # torso
    torso = [(cx - shoulder_w, shoulder_y), (cx + shoulder_w, shoulder_y), (cx + hip_w * 1.02, hip_y), (cx - hip_w * 1.02, hip_y)]
    _poly(img, torso, top)
    if jacket and facing == "front":  # open jacket: a shirt V and lapels
        v_bottom = shoulder_y + (hip_y - shoulder_y) * rng.uniform(0.4, 0.6)
        _poly(img, [(cx - shoulder_w * 0.35, shoulder_y), (cx + shoulder_w * 0.35, shoulder_y), (cx, v_bottom)], shirt)
        if staff and rng.random() < 0.6:  # tie or scarf
            tie = _jitter(SCARVES[int(rng.integers(len(SCARVES)))], rng, 10)
            _poly(img, [(cx - shoulder_w * 0.08, shoulder_y + 2), (cx + shoulder_w * 0.08, shoulder_y + 2), (cx + shoulder_w * 0.06, v_bottom - 2), (cx, v_bottom + 3), (cx - shoulder_w * 0.06, v_bottom - 2)], tie)
    elif not staff and rng.random() < 0.3:  # stripes on a casual top
        stripe = _casual_colour(rng)
        for k in range(4):
            y = shoulder_y + (hip_y - shoulder_y) * (0.2 + 0.2 * k)
            cv2.line(img, (int(cx - shoulder_w), int(y)), (int(cx + shoulder_w), int(y)), stripe + (255,), max(1, int(h * 0.012)))

    # arms
    arm_w = h * 0.045 * build
    pose = rng.choice(["down", "front", "hip", "phone"] if not staff else ["down", "front", "front", "hip"])
    for sign in (-1, 1):
        sh = (cx + sign * shoulder_w * 0.92, shoulder_y + arm_w * 0.4)
        if pose == "down" or (pose == "phone" and sign < 0):
            elbow = (sh[0] + sign * arm_w * 0.4, shoulder_y + h * 0.17)
            hand = (elbow[0] + sign * arm_w * 0.2, shoulder_y + h * 0.32)
        elif pose == "front" or pose == "phone":
            elbow = (sh[0] + sign * arm_w * 0.3, shoulder_y + h * 0.16)
            hand = (cx + sign * shoulder_w * 0.3, shoulder_y + h * (0.2 if pose == "phone" else 0.24))
        else:  # hands on hips
            elbow = (sh[0] + sign * shoulder_w * 0.6, shoulder_y + h * 0.14)
            hand = (cx + sign * hip_w * 1.05, hip_y - h * 0.03)
        if side and sign < 0:
            continue
        sleeve = top
        _limb(img, sh, elbow, arm_w, sleeve)
        _limb(img, elbow, hand, arm_w * 0.85, sleeve if rng.random() < 0.8 else skin)
        cv2.circle(img, (int(hand[0]), int(hand[1])), max(1, int(arm_w * 0.5)), skin + (255,), -1, cv2.LINE_AA)
        if pose == "phone" and sign > 0:
            cv2.rectangle(img, (int(hand[0] - arm_w * 0.4), int(hand[1] - arm_w * 1.2)), (int(hand[0] + arm_w * 0.4), int(hand[1])), (20, 20, 20, 255), -1)

    # neck and head
    _limb(img, (cx, head_h * 0.9), (cx, shoulder_y + 2), head_w * 0.45, skin)
    cv2.ellipse(img, (int(cx), int(head_cy)), (max(1, int(head_w / 2)), max(1, int(head_h / 2))), 0, 0, 360, skin + (255,), -1, cv2.LINE_AA)
    long_hair = female and rng.random() < 0.6
    if facing == "back":
        cv2.ellipse(img, (int(cx), int(head_cy)), (int(head_w / 2) + 1, int(head_h / 2) + 1), 0, 0, 360, hair + (255,), -1, cv2.LINE_AA)
        if long_hair:
            _poly(img, [(cx - head_w / 2, head_cy), (cx + head_w / 2, head_cy), (cx + head_w * 0.45, shoulder_y + head_h * 0.6), (cx - head_w * 0.45, shoulder_y + head_h * 0.6)], hair)
    else:
        cv2.ellipse(img, (int(cx), int(head_cy - head_h * 0.12)), (int(head_w / 2) + 1, int(head_h * 0.42)), 0, 180, 360, hair + (255,), -1, cv2.LINE_AA)
        if long_hair:
            for sign in (-1, 1):
                _limb(img, (cx + sign * head_w * 0.45, head_cy - head_h * 0.2), (cx + sign * head_w * 0.5, head_cy + head_h * 0.55), head_w * 0.22, hair)
        if facing == "front" and h > 80:
            eye_y = head_cy - head_h * 0.02
            for sign in (-1, 1):
                cv2.circle(img, (int(cx + sign * head_w * 0.2), int(eye_y)), max(1, int(head_h * 0.035)), (30, 30, 30, 255), -1, cv2.LINE_AA)
            cv2.line(img, (int(cx - head_w * 0.12), int(head_cy + head_h * 0.22)), (int(cx + head_w * 0.12), int(head_cy + head_h * 0.22)), (80, 80, 160, 255), max(1, int(head_h * 0.03)))
    if not staff and rng.random() < 0.25:  # a bag on the shoulder: hard negative for badges
        bag = _casual_colour(rng)
        bx = cx + (shoulder_w if rng.random() < 0.5 else -shoulder_w) * 1.05
        cv2.line(img, (int(cx), int(shoulder_y)), (int(bx), int(hip_y - h * 0.02)), (40, 40, 40, 255), max(1, int(h * 0.008)))
        cv2.rectangle(img, (int(bx - h * 0.05), int(hip_y - h * 0.06)), (int(bx + h * 0.05), int(hip_y + h * 0.04)), bag + (255,), -1)

    anchors = {
        "chest_left": (cx + shoulder_w * 0.5, shoulder_y + (hip_y - shoulder_y) * 0.22),  # wearer's left = viewer's right
        "chest_right": (cx - shoulder_w * 0.5, shoulder_y + (hip_y - shoulder_y) * 0.22),
        "lanyard": (cx, shoulder_y + (hip_y - shoulder_y) * 0.42),
        "neck": (cx, shoulder_y),
        "shoulder_w": (shoulder_w, 0.0),
    }
    if rng.random() < 0.85:
        img = _fabric(img, rng)
    return Person(shade(img, rng, 0.3), anchors, uniform=staff, facing=facing)
