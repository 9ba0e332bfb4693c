"""``price_tags.fields``: every device price tag (终端商标牌) carries 品牌型号, 价格 and 产地.

One check per tag in view (:mod:`storecheck.checks.price_tags`): a readable tag lacking a field
is a violation naming it, one deduction per tag. A tag with a field missing and a line on it
not read with confidence (too small, blurred) is unproven: ``indeterminate``. No tag read at
all passes only when the frame's text was read with confidence; otherwise tags may be there,
unread, and the finding is ``indeterminate``.
"""

from __future__ import annotations

from storecheck.checks import geometry
from storecheck.checks.price_tags import Tag
from storecheck.checks.rules.base import RulePolicy, count_phrase, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding
from storecheck.vision.types import TextLine

RULE_ID = "price_tags.fields"
#: Lines read with less confidence than this may hide a field.
DOUBTFUL_SCORE = 0.8


def _doubtful_on(tag: Tag, lines: list[TextLine]) -> bool:
    return any(line.score < DOUBTFUL_SCORE and geometry.containment(line.box, tag.box) >= 0.5 for line in lines)


def check(scene: Scene, policy: RulePolicy) -> Finding:
    tags = scene.price_tags
    every_line = scene.observation.frame_texts or []
    if not tags:
        doubtful = [line for line in every_line if line.score < DOUBTFUL_SCORE]
        if doubtful:
            return finding(policy, "indeterminate",
                           f"no price tag read; {count_phrase(len(doubtful), 'line')} of text too blurred to read",
                           evidence=[line.box for line in doubtful])
        return finding(policy, "pass", "no price tag in view")
    lacking = [tag for tag in tags if tag.missing() and not _doubtful_on(tag, every_line)]
    unsure = [tag for tag in tags if tag.missing() and _doubtful_on(tag, every_line)]
    if lacking:
        named = "; ".join(f"{tag.brand_model or tag.price or 'tag'}: no {'、'.join(tag.missing())}" for tag in lacking)
        return finding(policy, "violation", f"{count_phrase(len(lacking), 'price tag')} incomplete ({named})",
                       evidence=[tag.box for tag in lacking], occurrences=len(lacking))
    if unsure:
        return finding(policy, "indeterminate",
                       f"{count_phrase(len(unsure), 'price tag')} partly unreadable: "
                       + "; ".join(f"{'、'.join(tag.missing())} not confirmed" for tag in unsure),
                       evidence=[tag.box for tag in unsure])
    return finding(policy, "pass", f"{count_phrase(len(tags), 'price tag')} with 品牌型号, 价格 and 产地")


def wants_finer_text(scene: Scene) -> bool:
    """A tag lacking a field, a table with no tag read, or a tag with a field labelled twice (two
    neighbouring tags read as one, which hides the one lacking a field) may be the coarse pass's
    doing (it drops a 15 px line beside a bigger one, reads ¥ as V, blurs the gap between tags):
    read the small print again first."""
    return not scene.price_tags or any(tag.missing() or tag.repeated for tag in scene.price_tags)
