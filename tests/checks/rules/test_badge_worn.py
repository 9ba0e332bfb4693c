import pytest

from ..builders import NAVY, RED_COAT, badge_on, finding_for, observe, person


def test_staff_in_uniform_without_badge_fails() -> None:
    worn = finding_for("badge.worn", observe(person(100, torso=NAVY)), zone="hall")
    assert (worn.status, worn.message, worn.deduction) == (
        "violation",
        "1 of 1 staff wear no badge",
        2.0,
    )
    assert worn.evidence == [[100, 150, 260, 550]]


def test_a_customer_without_badge_is_not_flagged() -> None:
    worn = finding_for("badge.worn", observe(person(100, torso=RED_COAT)), zone="hall")
    assert (worn.status, worn.message, worn.deduction) == ("pass", "no staff in view", 0.0)


@pytest.mark.parametrize(
    ("people", "status", "message"),
    [
        ([("badge", 100), ("badge", 400)], "pass", "all 2 staff wear a badge"),
        ([("badge", 100), ("none", 400), ("none", 700)], "violation", "2 of 3 staff wear no badge"),
        (
            [("small", 100)],
            "indeterminate",
            "0 of 1 staff wear a badge; 1 could not be checked (1 too small)",
        ),
        (
            [("badge", 100), ("small", 400)],
            "indeterminate",
            "1 of 2 staff wear a badge; 1 could not be checked (1 too small)",
        ),
        (
            [("none", 100), ("small", 400)],
            "violation",
            "1 of 2 staff wear no badge; 1 could not be checked (1 too small)",
        ),
    ],
)
def test_badge_worn_outcomes(people: list[tuple[str, float]], status: str, message: str) -> None:
    objects = []
    for kind, x in people:
        someone = person(x, h=60 if kind == "small" else 400, torso=NAVY)
        objects.append(someone)
        if kind == "badge":
            objects.append(badge_on(someone, ["张伟", "营业员"]))
    worn = finding_for("badge.worn", observe(*objects), zone="hall")
    assert (worn.status, worn.message) == (status, message)


def test_deduction_is_capped_per_snapshot() -> None:
    crowd = observe(*(person(20 + 150 * i, torso=NAVY) for i in range(5)))
    worn = finding_for("badge.worn", crowd, zone="hall")
    assert worn.message == "5 of 5 staff wear no badge" and worn.deduction == 6.0
