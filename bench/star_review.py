"""How ``star_desk.sign`` decides on generated star-desk scenes the detector never trained on:
the whole engine (detector and OCR), scene by scene, against the generator's truth (is a star
sign there, and does half of it or more show?).

    python -m bench.star_review --seeds 123 321 --n 60 --out bench/results/star_review.json

It counts truth x verdict, and how many verdicts are ``indeterminate`` only because a hanging
sign or LED marquee showing 星 or 级 has a person in front of it, or because a read keeps 星 but
misses a star keyword by two characters: the last checks before the violation, so each of those
would be a violation without them. A star sign drawn but mostly out of the picture (behind
another sign, cut by the frame edge) is its own truth, ``hidden``: no verdict on it is provably
right, so it is not counted as a false violation.
"""

from __future__ import annotations

from collections import Counter

from bench.zone_scenes import scene_arguments, write_report, zone_scenes
from storecheck.engine import Engine

RULE = "star_desk.sign"
#: What the rule's message says when it defers for one of its last two reasons.
WHY = {"partly behind a person": "person in front", "too unsure a read": "misread"}


def truth_of(truth: dict) -> str:
    """What a scene's star desk is: ``pass`` (its star sign in view), ``violation`` (none drawn)
    or ``hidden`` (drawn, mostly out of the picture: no verdict is provably right)."""
    if not truth.get("star_sign"):
        return "violation"
    return "pass" if truth.get("star_sign_in_view") else "hidden"


def main(argv: list[str] | None = None) -> dict:
    p = scene_arguments(__doc__ or "", "bench/results/star_review.json", n=60)
    p.add_argument("--seeds", type=int, nargs="+", default=None, help="several seeds, --n scenes each (overrides --seed)")
    args = p.parse_args(argv)
    engine = Engine()
    counts: Counter[str] = Counter()
    for seed in args.seeds or [args.seed]:
        for scene in zone_scenes("star_desk", args.n, seed, args.width, args.height):
            truth = truth_of(scene.truth)
            result = engine.run(scene.image, name="star", zone="star_desk").result
            found = next(f for f in result.findings if f.rule == RULE)
            why = next((f" ({label})" for says, label in WHY.items() if says in found.message), "")
            counts[f"truth {truth}: {found.status}{why}"] += 1
    report = {"seeds": args.seeds or [args.seed], "images_per_seed": args.n, "size": [args.width, args.height],
              "detector": engine.detector.name, "counts": dict(sorted(counts.items()))}
    write_report(report, args.out)
    print("| truth: verdict | scenes |")
    print("| --- | --- |")
    for key, value in sorted(counts.items()):
        print(f"| {key} | {value} |")
    return report


if __name__ == "__main__":
    main()
