"""Badge rules on real people: a badge drawn onto the chest of a labelled person in each real
photograph, engine against the OCR-only baseline, in the same run.

    python -m bench.real_badges [--real ../shared/real] [--zone hall] [--design ours|other]
                                [--out bench/results/real_badges.json]

``bench.real_rules`` measures false alarms only: nobody in ``../shared/real`` wears a badge, so
every truth there is ``pass``. Here each photograph that holds a person large enough gets a
badge on that person's chest (the largest person; the photograph is first enlarged so that the
badge is ``BADGE_PX`` wide, as a counter camera sees it), and one of six cases, in turn:

==========================  =====================================  ==========================
case                        badge                                  truth
==========================  =====================================  ==========================
complete                    name, title and/or 工号                 every rule passes
name_only                   a name and nothing else                badge.fields violation
intern_marked               listed intern, 实习生 on the badge       pass
intern_unmarked             listed intern, no 实习生                 badge.intern violation
pregnant_marked             listed pregnant, a 孕妈妈 card beside it  pass
pregnant_unmarked           listed pregnant, no card               badge.pregnant violation
==========================  =====================================  ==========================

Each photograph is used ``--rounds`` times (3), with the next case and a new badge each time.
Every roster also lists two people who are not in the picture. ``badge.worn`` is ``pass`` on
every photograph (the badged person wears one; nobody else is staff), so it measures false
alarms on the real people around them. The people, rooms, light and clothes are real; the badge
is drawn by our own renderer (``datasets.render.badges``, what the detector trained on), or with
``--design other`` by ``bench.other_badges``: four layouts, job titles, id labels and 孕妈妈 cards
we never trained on or tuned to, as the independent evaluation's "other hands" drew them. Either
is tilted, blurred and JPEG-compressed a little. Scores as ``bench.accuracy`` does: balanced
accuracy over pass and violation photographs, ``indeterminate`` counted wrong.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from bench.ocr_baseline import OcrBaseline
from bench.other_badges import OtherBadge, draw_other_badge, draw_other_pregnant_card, other_spec
from bench.side_by_side import SideBySide
from datasets.render.badges import BadgeSpec, draw_badge, draw_pregnant_card
from datasets.render.words import TITLES, employee_id, person_name, pick
from storecheck.checks.roster import Roster, parse_roster

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
CASES = ("complete", "name_only", "intern_marked", "intern_unmarked", "pregnant_marked", "pregnant_unmarked")
BADGE_RULES = ("badge.worn", "badge.fields", "badge.intern", "badge.pregnant")
#: The badge's width in the enlarged photograph: over the 120 px that OCR needs for every field
#: (FIELD-NOTES), as on a counter camera's close view.
BADGE_PX = 150
#: A badge is about this share of its wearer's box width (a 9 cm card on a 45 cm wide torso, the
#: box a little wider than the torso).
BADGE_SHARE = 0.3
#: Photographs are enlarged at most this much (more is a blur with a sharp badge on it) and to
#: at most this long a side (a 4K camera's frame).
MAX_ENLARGE, MAX_SIDE = 4.0, 3840


@dataclass(frozen=True)
class Case:
    """One photograph's badge, roster and truth."""

    kind: str
    spec: BadgeSpec | OtherBadge
    pregnant_card: bool
    roster: Roster
    truth: dict[str, str]


def make_case(kind: str, rng: np.random.Generator, design: str = "ours") -> Case:
    """The badge to draw (our generator's ``design`` or ``other``: ``bench.other_badges``), the
    roster beside it and the truth per badge rule."""
    spec: BadgeSpec | OtherBadge
    if design == "other":
        spec = other_spec(rng, complete=kind != "name_only", intern=kind == "intern_marked")
    elif kind == "name_only":
        spec = BadgeSpec(person_name(rng), None, None, False)
    else:
        spec = BadgeSpec(person_name(rng), employee_id(rng), str(pick(rng, TITLES)) if rng.random() < 0.6 else None,
                         intern=kind == "intern_marked")
    name = spec.name
    intern, pregnant = kind.startswith("intern"), kind.startswith("pregnant")
    rows = [f"{spec.employee_id or '99000001'},{name},{'intern' if intern else 'staff'},{'yes' if pregnant else 'no'}"]
    for k in range(2):  # listed, not in the picture: must not be matched
        rows.append(f"{employee_id(rng)},{person_name(rng)},{'intern' if k == 0 else 'staff'},{'no' if k == 0 else 'yes'}")
    truth = {rule: "pass" for rule in BADGE_RULES}
    if kind == "name_only":
        truth["badge.fields"] = "violation"
    if kind == "intern_unmarked":
        truth["badge.intern"] = "violation"
    if kind == "pregnant_unmarked":
        truth["badge.pregnant"] = "violation"
    roster = parse_roster("employee_id,name,role,pregnant\n" + "\n".join(rows) + "\n")
    return Case(kind, spec, kind == "pregnant_marked", roster, truth)


def paste(image: np.ndarray, sprite: np.ndarray, x: int, y: int) -> None:
    """Alpha-blend a BGRA sprite with its top left at (x, y), clipped to the image."""
    h, w = sprite.shape[:2]
    x1, y1, x2, y2 = max(x, 0), max(y, 0), min(x + w, image.shape[1]), min(y + h, image.shape[0])
    if x2 <= x1 or y2 <= y1:
        return
    part = sprite[y1 - y:y2 - y, x1 - x:x2 - x]
    alpha = part[..., 3:4].astype(np.float32) / 255.0
    region = image[y1:y2, x1:x2].astype(np.float32)
    image[y1:y2, x1:x2] = (part[..., :3] * alpha + region * (1 - alpha)).astype(np.uint8)


def _worn(sprite: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A card as a camera sees it on a chest: turned a few degrees and a little soft."""
    h, w = sprite.shape[:2]
    pad = int(max(h, w) * 0.15)
    padded = cv2.copyMakeBorder(sprite, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(0, 0, 0, 0))
    centre = (padded.shape[1] / 2, padded.shape[0] / 2)
    turn = cv2.getRotationMatrix2D(centre, float(rng.uniform(-8, 8)), 1.0)
    turned = cv2.warpAffine(padded, turn, (padded.shape[1], padded.shape[0]), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0, 0))
    return cv2.GaussianBlur(turned, (3, 3), float(rng.uniform(0.3, 0.8)))


def badged_photo(image: np.ndarray, person: list[float], case: Case,
                 rng: np.random.Generator) -> tuple[np.ndarray, list[float]] | None:
    """The photograph enlarged and the case's badge (and 孕妈妈 card) on the person's chest, or
    None when the person is too small for a readable badge within ``MAX_ENLARGE``/``MAX_SIDE``."""
    x1, y1, x2, y2 = person
    scale = max(1.0, BADGE_PX / (BADGE_SHARE * (x2 - x1)))
    if scale > MAX_ENLARGE or max(image.shape[:2]) * scale > MAX_SIDE:
        return None
    big = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC) if scale > 1 else image.copy()
    x1, y1, x2, y2 = (v * scale for v in person)
    width, height = x2 - x1, y2 - y1
    badge_w = BADGE_SHARE * width
    other = isinstance(case.spec, OtherBadge)
    if isinstance(case.spec, OtherBadge):
        sprite = draw_other_badge(case.spec, int(badge_w), rng)
    else:
        sprite = draw_badge(case.spec, int(badge_w), rng)
    badge = _worn(sprite, rng)
    # Left chest (the wearer's): under the shoulders of a standing person (at 0.17 of their
    # height), lower in a close-up's box, which ends at the waist.
    cx = x1 + width * rng.uniform(0.35, 0.55)
    top = y1 + height * (0.26 if height > 1.8 * width else 0.38)
    bx, by = int(cx - badge.shape[1] / 2), int(top)
    paste(big, badge, bx, by)
    if case.pregnant_card:
        card_w = int(badge_w * rng.uniform(0.8, 1.0) * (0.6 if other else 1.0))
        card = _worn((draw_other_pregnant_card if other else draw_pregnant_card)(card_w, rng), rng)
        paste(big, card, int(cx - card.shape[1] / 2), by + badge.shape[0] - int(0.1 * card.shape[0]))
    ok, jpeg = cv2.imencode(".jpg", big, [cv2.IMWRITE_JPEG_QUALITY, 88])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR), [bx, by, bx + badge.shape[1], by + badge.shape[0]]


def photographs(real: Path) -> list[dict]:
    """``labels.jsonl`` rows that hold at least one labelled person."""
    rows = [json.loads(line) for line in (real / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    return [row for row in rows if any(obj["label"] == "person" for obj in row["objects"])]


def largest_person(row: dict) -> list[float]:
    people = [obj["box"] for obj in row["objects"] if obj["label"] == "person"]
    return max(people, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--real", type=Path, default=REAL)
    p.add_argument("--zone", default="hall")
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--design", choices=("ours", "other"), default="ours",
                   help="ours: datasets.render.badges (what the detector trained on); other: "
                   "bench.other_badges (layouts, titles, id labels and marks we never trained on)")
    p.add_argument("--limit", type=int, default=0, help="only the first N photographs (0: all)")
    p.add_argument("--rounds", type=int, default=3,
                   help="each photograph this many times, with the next case and a new badge each time")
    p.add_argument("--engine-config", type=json.loads, default=None,
                   help="a StorecheckConfig as JSON (e.g. '{\"checks\": {\"colour_alone\": \"indeterminate\"}}')")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "real_badges.json")
    p.add_argument("--keep", type=Path, help="write each badged photograph here, to look at the misses")
    args = p.parse_args(argv)
    if not (args.real / "labels.jsonl").is_file():
        raise SystemExit(f"no labels.jsonl under {args.real}")
    from storecheck.config import StorecheckConfig
    from storecheck.engine import Engine

    engine, baseline = Engine(StorecheckConfig.model_validate(args.engine_config or {})), OcrBaseline()
    tally = SideBySide()
    cases: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    judged: Counter[str] = Counter()
    start = time.time()
    labelled = photographs(args.real)[: args.limit or None]
    for n in range(args.rounds * len(labelled)):
        turn, i = divmod(n, len(labelled))
        row = labelled[i]
        rng = np.random.default_rng([args.seed, turn, i])
        kind = CASES[(i + turn) % len(CASES)]
        case = make_case(kind, rng, args.design)
        image = cv2.imread(str(args.real / row["image"]), cv2.IMREAD_COLOR)
        made = badged_photo(image, largest_person(row), case, rng)
        if made is None:
            skipped["person too small for a readable badge"] += turn == 0
            continue
        photo, badge_box = made
        cases[kind] += 1
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(args.keep / f"{turn}-{i:03d}-{kind}.jpg"), photo)
        result = engine.run(photo, name=Path(row["image"]).name, zone=args.zone, roster=case.roster).result
        engine_says = {f.rule: f.status for f in result.findings}
        base_says = baseline.verdicts(photo, args.zone, case.roster)
        for member in result.staff:
            judged[f"{member.status}: {'+'.join(member.cues) or '-'}"
                   + (f" ({member.unsure_because})" if member.unsure_because else "")] += 1
        for rule, expected in case.truth.items():
            tally.score(rule, expected, engine_says.get(rule, "missing"), base_says.get(rule, "pass"),
                        {"image": row["image"], "round": turn, "case": kind, "badge_box": badge_box},
                        next((f.message for f in result.findings if f.rule == rule), ""))
    report = {"photographs": sum(cases.values()) // args.rounds, "engine_config": args.engine_config, "design": args.design, "rounds": args.rounds, "cases": dict(cases), "skipped": dict(skipped),
              "zone": args.zone, "seed": args.seed, "badge_px": BADGE_PX, "rules": tally.rows(),
              "staff_judged": dict(judged.most_common()), "seconds": round(time.time() - start, 1),
              "models": engine.models.model_dump(), "misses": tally.misses}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{report['photographs']} real photographs x {args.rounds}, a badge drawn on a person {report['cases']}; "
          f"skipped {report['skipped']}; as {args.zone} snapshots")
    tally.print_table()
    return report


if __name__ == "__main__":
    main()
