"""bench.real_badges: each case's truth and roster, and the badge drawn where it can be read."""

from __future__ import annotations

import numpy as np
import pytest

from bench.real_badges import badged_photo, make_case
from storecheck.checks.badges import parse_badge


@pytest.mark.parametrize(("kind", "violated"), [
    ("complete", None), ("name_only", "badge.fields"), ("intern_marked", None),
    ("intern_unmarked", "badge.intern"), ("pregnant_marked", None), ("pregnant_unmarked", "badge.pregnant"),
])
def test_each_case_breaks_at_most_its_own_rule_and_lists_the_wearer(kind: str, violated: str | None) -> None:
    case = make_case(kind, np.random.default_rng(1))
    assert {rule for rule, truth in case.truth.items() if truth == "violation"} == ({violated} if violated else set())
    entry = case.roster.lookup(case.spec.employee_id, case.spec.name)
    assert entry is not None and entry.name == case.spec.name
    assert entry.intern is kind.startswith("intern") and entry.pregnant is kind.startswith("pregnant")
    assert len(case.roster) == 3  # two more listed, not in the picture
    assert case.spec.intern is (kind == "intern_marked") and case.pregnant_card is (kind == "pregnant_marked")
    parsed = parse_badge(case.spec.lines())
    assert parsed.has_required_fields is (kind != "name_only")


def test_the_photograph_is_enlarged_until_the_badge_is_wide_enough_or_left_out() -> None:
    photo = np.full((480, 640, 3), 90, np.uint8)
    case = make_case("complete", np.random.default_rng(2))
    made = badged_photo(photo, [200, 100, 400, 460], case, np.random.default_rng(3))  # 200 px wide
    assert made is not None
    image, (x1, y1, x2, y2) = made
    assert image.shape[:2] == (480 * 2.5, 640 * 2.5)  # 0.3 x 200 px = 60 px, enlarged to 150
    assert x2 - x1 >= 150 and 250 <= y1 <= 1150  # on the chest of the enlarged person's box
    assert (image[y1:y2, x1:x2] != 90).any()
    assert badged_photo(photo, [200, 100, 230, 160], case, np.random.default_rng(3)) is None  # 30 px: 17x
