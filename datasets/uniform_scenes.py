"""Staff side by side in one snapshot, in one uniform or with one of them in other clothes, for
``staff.uniform``: behind a counter (seen from the waist up) or standing on the hall floor.

Every staff member wears a badge with their name, so the truth can say who is out of uniform
the way the rule names them; a 孕妈妈 (with her 孕妈妈 card) may wear her own clothes. Nothing here
changes the training scenes of ``datasets.scene``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from datasets.render import augment, backgrounds, badges
from datasets.render.canvas import Canvas
from datasets.render.people import UNIFORM_JACKETS, draw_person

BGR = tuple[int, int, int]
#: Other clothes, each clearly unlike every uniform of ``UNIFORM_JACKETS`` (a colour distance of
#: 25 or more as staff.uniform measures it): a beige coat, an orange jacket, a red cardigan, a light
#: grey fleece, a green parka, a pink blouse, a mustard sweater (BGR).
OTHER_JACKETS: tuple[BGR, ...] = ((150, 190, 215), (40, 140, 230), (50, 40, 180), (190, 190, 185), (60, 120, 40),
                                  (180, 150, 235), (40, 170, 200))


@dataclass(frozen=True)
class Member:
    jacket: BGR
    pregnant: bool = False


def staff_row(rng: np.random.Generator, members: list[Member], *, width: int = 1920, height: int = 1080,
              counter: bool = True, photometric: bool = False) -> tuple[np.ndarray, list[dict[str, object]]]:
    """Staff evenly spaced across the frame, each with a readable name badge (about 130 px wide
    behind a counter at 1080p); returns the picture and, per member, their name, jacket and box."""
    canvas = Canvas(width, height)
    backgrounds.draw_room(canvas, rng, int(height * (0.9 if counter else 0.45)))
    ph = int(height * (1.1 if counter else 0.85))
    counter_top = int(height * 0.72)
    truth: list[dict[str, object]] = []
    for i, member in enumerate(members):
        person = draw_person(ph, rng, staff=True, facing="front", jacket=member.jacket)
        cx = width * (i + 0.5) / len(members)
        px = int(cx - person.rgba.shape[1] / 2)
        py = int(height * 0.06) if counter else int(height * 0.97) - ph
        canvas.paste(person.rgba, px, py, "person")
        spec = badges.random_spec(rng)
        ax, ay = person.anchors["chest_left"]
        sprite = badges.draw_badge(spec, int(ph * 0.11), rng)
        canvas.paste(sprite, px + int(ax - sprite.shape[1] / 2), py + int(ay), "badge")
        if member.pregnant:
            bx, by = person.anchors["chest_right"]
            card = badges.draw_pregnant_card(int(ph * 0.08), rng)
            canvas.paste(card, px + int(bx - card.shape[1] / 2), py + int(by), "badge")
        bottom = counter_top if counter else py + ph
        truth.append({"name": spec.name, "jacket": list(member.jacket), "pregnant": member.pregnant,
                      "box": [px, py, px + person.rgba.shape[1], bottom]})
    if counter:
        canvas.paste(backgrounds.counter_sprite(width + 20, height - counter_top, rng), -10, counter_top)
    image = augment.photometric(canvas.image, rng) if photometric else np.clip(canvas.image, 0, 255).astype(np.uint8)
    return image, truth


def random_row(rng: np.random.Generator, width: int = 1920, height: int = 1080) -> tuple[np.ndarray, dict[str, object]]:
    """Two to four staff in one uniform; in half the scenes one of them wears other clothes, and
    sometimes a 孕妈妈 wears her own. ``truth["odd"]``: the names out of uniform (孕妈妈 aside)."""
    n = int(rng.integers(2, 5))
    uniform = UNIFORM_JACKETS[int(rng.integers(len(UNIFORM_JACKETS)))]
    members = [Member(uniform) for _ in range(n)]
    odd_at = int(rng.integers(n)) if rng.random() < 0.5 else None
    if odd_at is not None:
        members[odd_at] = Member(OTHER_JACKETS[int(rng.integers(len(OTHER_JACKETS)))])
    if n >= 3 and rng.random() < 0.3:  # a 孕妈妈 in her own clothes, never the odd one
        at = next(i for i in range(n) if i != odd_at)
        members[at] = Member(OTHER_JACKETS[int(rng.integers(len(OTHER_JACKETS)))], pregnant=True)
    counter = bool(rng.random() < 0.6)
    image, staff = staff_row(rng, members, width=width, height=height, counter=counter, photometric=True)
    odd = [str(staff[odd_at]["name"])] if odd_at is not None else []
    return image, {"zone": "counter" if counter else "hall", "staff": staff, "odd": odd, "uniform": list(uniform)}
