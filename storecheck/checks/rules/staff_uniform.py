"""``staff.uniform``: staff in one snapshot wear the same workwear (同一店铺营业人员穿着统一工作服);
a staff member wearing 孕妈妈 is exempt, and community halls are not asked (the catalogue).

Compared within the snapshot, not against a configured colour: staff under the same camera and
the same light who wear the same jacket measure alike, whatever the store's uniform is. The
colour compared is the commonest colour of each staff member's clothes (CIE Lab,
``Observation.clothes_of``, measured by ``vision.appearance.clothes_lab``): the jacket, not the
shirt under it or the badge on it. The torso median that tells staff from customers
(``torso_hsv``) mixes those in, and behind a counter takes in the wall beside the neck: two staff
in one navy suit measured 25 apart by it. Hand-built observations without the clothes colour
fall back to the torso median. Two staff differ by their colour distance with lightness counted
half (:func:`difference`; the textile trade's CMC 2:1 convention: light falls unevenly across a
hall, so the same cloth varies more in lightness than in hue or colourfulness).

The uniform is the colour most staff share: the staff member with the most others within
``uniform_max_difference`` of them, and those others. Anyone further from that member is in
different workwear and named (their badge's name where read, else where they stand); with no
majority (two staff, each in their own colour) everyone is named, since the picture cannot say
whose clothes are the uniform. Fewer than two staff to compare is ``indeterminate``. A staff
member whose torso is half hidden behind someone nearer the camera is left out (the colour
measured would be the other person's), and so is anyone taken for staff by the colour of their
clothes alone (no badge, staff area or place behind the counter): that colour cannot both make
them staff and prove them out of uniform. Two customers in a navy and a blue jacket were two
"staff in different workwear" on real photographs once a person detector found them
(``bench.real_rules``).

The same uniform is asked of the whole store: each result carries the workwear its staff share
(:func:`uniform_seen`, ``AnalysisResult.uniform``), one staff member included, and
``store.uniforms`` compares a day's snapshots across the store's cameras with the same
:func:`difference`, limit and majority (:func:`uniform_group`).
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from storecheck.checks import geometry
from storecheck.checks.rules.base import RulePolicy, count_phrase, finding
from storecheck.checks.scene import Scene
from storecheck.checks.staff import StaffMember
from storecheck.contract import Finding, Uniform
from storecheck.vision.types import TORSO_BOTTOM, TORSO_LEFT, TORSO_RIGHT, TORSO_TOP, Box

RULE_ID = "staff.uniform"
#: A torso this share or more behind someone nearer the camera is not measured for the rule.
HIDDEN_SHARE = 0.3
#: Cues that say a person is staff by what they wear: not evidence for comparing what they wear.
BY_CLOTHES = ("uniform",)
#: Lightness counts this much in :func:`difference` (CMC l:c = 2:1).
LIGHTNESS_WEIGHT = 0.5

Lab = tuple[float, float, float]


@dataclass(frozen=True)
class Judged:
    """A staff member compared on their clothes."""

    member: StaffMember
    colour: Lab
    who: str


def hsv_to_lab(hsv: tuple[int, int, int]) -> Lab:
    """An OpenCV HSV colour (H 0-179, S and V 0-255) as CIE Lab (D65; L 0-100).

    Example:
        >>> [round(v) for v in hsv_to_lab((0, 0, 255))]
        [100, 0, 0]
    """
    h, s, v = hsv
    rgb = colorsys.hsv_to_rgb(h / 180.0, s / 255.0, v / 255.0)
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def difference(a: Lab, b: Lab) -> float:
    """Colour distance of two clothes, lightness counted half (see the module's docstring).

    Measured with ``clothes_lab`` on generated staff (``datasets.uniform_scenes``, 200 pairs in
    one jacket, behind a counter and on the floor, under the generator's lighting, vignetting and
    shirts, colour casts): 0.8 typical, 5.2 at the 99th percentile, 11.2 at most (a telecom-blue
    jacket half in shade). Between the generator's uniforms: navy and dark blue 5, navy and
    telecom blue 11, navy and black 21; a dark suit and a beige, orange or red jacket 40-100, a
    black suit and a light grey fleece 17 (the closest pair of a uniform and other clothes)."""
    return math.sqrt((LIGHTNESS_WEIGHT * (a[0] - b[0])) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2)


def torso_box(box: Box) -> Box:
    """The part of a person's box whose colour the engine measures (``torso_hsv``)."""
    x1, y1, x2, y2 = box
    w, h = x2 - x1, y2 - y1
    return (x1 + TORSO_LEFT * w, y1 + TORSO_TOP * h, x1 + TORSO_RIGHT * w, y1 + TORSO_BOTTOM * h)


def _where(box: Box, width: int) -> str:
    x = geometry.centre(box)[0]
    side = "left" if x < width / 3 else ("right" if x > 2 * width / 3 else "middle")
    return f"staff member at the {side} (x={int(x)})"


def clothes_of(scene: Scene, member: StaffMember) -> Lab | None:
    """The member's clothes colour; the torso median where the clothes were not measured."""
    clothes = scene.observation.clothes_of(member.index)
    if clothes is not None:
        return clothes
    torso = scene.observation.torso_of(member.index)
    return hsv_to_lab(torso) if torso is not None else None


def judged_staff(scene: Scene) -> tuple[list[Judged], list[StaffMember]]:
    """The staff compared, and the exempt (孕妈妈) ones. Hidden or unmeasured torsos are neither,
    nor is anyone staff only by their clothes' colour (see the module's docstring)."""
    persons = [box for box, score, label in scene.observation.detections
               if label == "person" and score >= scene.config.thresholds.person]
    judged, exempt = [], []
    for member in scene.staff:
        parsed = member.parsed
        if parsed is not None and parsed.pregnant:
            exempt.append(member)
            continue
        if set(member.cues) <= set(BY_CLOTHES):
            continue
        colour = clothes_of(scene, member)
        nearer = [other for other in persons if other != member.box and other[3] > member.box[3]]
        if colour is None or geometry.covered_share(torso_box(member.box), nearer) >= HIDDEN_SHARE:
            continue
        name = parsed.name if parsed is not None else None
        judged.append(Judged(member, colour, name or _where(member.box, scene.observation.width)))
    return judged, exempt


def uniform_group(colours: Sequence[Lab], limit: float,
                  votes: Callable[[Sequence[int]], int] = len) -> tuple[list[int], bool]:
    """The colours in the uniform most share, and whether they are a majority of the ``votes``.

    The centre is the colour with the most votes within ``limit`` of it (among equals, the one
    nearest to all the rest); the group is the centre and those near it. ``votes`` counts a group
    of indices: staff members here (``len``), the cameras they were seen on for a store's day
    (``store.uniforms``). ``colours`` must not be empty.

    Example:
        >>> uniform_group([(30.0, 0.0, -20.0), (31.0, 1.0, -21.0), (60.0, 40.0, 60.0)], 14.0)
        ([0, 1], True)
    """
    def near(i: int) -> list[int]:
        return [j for j in range(len(colours)) if difference(colours[i], colours[j]) <= limit]

    groups = [near(i) for i in range(len(colours))]
    centre = max(range(len(colours)), key=lambda i: (votes(groups[i]), -sum(
        difference(colours[i], other) for other in colours)))
    alike = groups[centre]
    return alike, votes(alike) > votes(range(len(colours))) / 2


def odd_ones(judged: list[Judged], limit: float) -> tuple[list[Judged], bool]:
    """Those not in the uniform most staff share, and whether a majority defines that uniform."""
    alike, majority = uniform_group([judge.colour for judge in judged], limit)
    odd = [judge for j, judge in enumerate(judged) if j not in alike]
    return (odd if majority else list(judged) if odd else []), majority


def mean_colour(colours: Sequence[Lab]) -> Lab:
    """The mean of the colours (Lab is near enough perceptually uniform to average a few alike)."""
    n = len(colours)
    return (sum(c[0] for c in colours) / n, sum(c[1] for c in colours) / n, sum(c[2] for c in colours) / n)


def uniform_seen(scene: Scene) -> Uniform | None:
    """The workwear the snapshot's staff wear, for a store's day across its cameras
    (``AnalysisResult.uniform``): the mean colour of the group most staff share and how many
    they are. One staff member in view is their own colour (too few for the rule, enough to
    compare with other cameras); ``None`` with nobody to measure, or with no majority (two staff
    each in their own colour: the picture cannot say whose clothes are the uniform)."""
    judged, _ = judged_staff(scene)
    if not judged:
        return None
    alike, majority = uniform_group([judge.colour for judge in judged], scene.config.uniform_max_difference)
    if not majority:
        return None
    lab = mean_colour([judged[j].colour for j in alike])
    return Uniform(lab=[round(v, 2) for v in lab], staff=len(alike))


def check(scene: Scene, policy: RulePolicy) -> Finding:
    judged, exempt = judged_staff(scene)
    excused = f"; {count_phrase(len(exempt), '孕妈妈', '孕妈妈')} exempt" if exempt else ""
    if len(judged) < 2:
        # No evidence: nothing in the picture for a reviewer to look at (not queued for review).
        return finding(policy, "indeterminate",
                       f"{count_phrase(len(judged), 'staff member')} to compare; two or more are needed{excused}")
    odd, majority = odd_ones(judged, scene.config.uniform_max_difference)
    if not odd:
        return finding(policy, "pass", f"{count_phrase(len(judged), 'staff member')} in the same workwear{excused}")
    if majority:
        message = (f"{', '.join(judge.who for judge in odd)} not in the workwear the other "
                   f"{count_phrase(len(judged) - len(odd), 'staff member')} wear{excused}")
        return finding(policy, "violation", message, evidence=[judge.member.box for judge in odd],
                       occurrences=len(odd))
    message = f"staff in different workwear: {', '.join(judge.who for judge in odd)}{excused}"
    # No majority says whose clothes are the uniform: one deduction for the mismatch.
    return finding(policy, "violation", message, evidence=[judge.member.box for judge in odd], occurrences=1)
