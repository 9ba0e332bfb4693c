"""Who counts as staff: a customer is never flagged; staff are found by badge, place or uniform."""

import pytest

from storecheck.checks import CheckContext, evaluate, load_checks_config
from storecheck.checks.config import ChecksConfig
from storecheck.contract import Staff, StoreType

from .builders import NAVY, RED_COAT, Obj, badge_on, observe, person

COUNTER_CAMERA = load_checks_config(
    {"cameras": {"cam1": {"polygons": {"staff_area": [[[0, 0.5], [1, 0.5], [1, 0.8], [0, 0.8]]]}}}}
)


def staff_of(
    *objects: Obj, store_type: StoreType = "hall_1_3", config: ChecksConfig | None = None
) -> list[Staff]:
    context = CheckContext(
        zone="hall", store_type=store_type, camera_id="cam1", config=config or ChecksConfig()
    )
    return evaluate(observe(*objects), context).staff


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (person(100, torso=NAVY), "no_badge"),  # uniform colour, no badge
        (person(100, torso=RED_COAT), None),  # a customer: not staff, never flagged
        (person(100, torso=(115, 120, 30)), None),  # a black T-shirt with a blue cast: chroma 14
        (person(100, torso=(114, 140, 45)), "no_badge"),  # a navy suit in the shade: chroma 25
        (person(100), None),  # no colour measured, no badge: a customer
        (person(100, h=60, torso=NAVY), "indeterminate"),  # too small to judge
        (person(100, h=250, torso=NAVY), "indeterminate"),  # a ceiling camera's badge is a speck
        (person(0, torso=NAVY), "indeterminate"),  # cut off at the left edge
        (person(100, score=0.5, torso=NAVY), "indeterminate"),  # weakly detected
        (person(100, score=0.3, torso=NAVY), None),  # below the person threshold: ignored
    ],
)
def test_staff_status(who: Obj, status: str | None) -> None:
    staff = staff_of(who)
    assert [member.status for member in staff] == ([status] if status else [])


def test_a_badge_makes_anyone_staff() -> None:
    customer_looking = person(100, torso=RED_COAT)
    staff = staff_of(customer_looking, badge_on(customer_looking, ["张伟", "营业员"]))
    assert [(m.status, m.badge.name if m.badge else None) for m in staff] == [("badge", "张伟")]


def test_community_halls_do_not_use_uniform_colour() -> None:
    # 社区厅工作的人员则无需统一着装: a navy jacket there says nothing.
    assert staff_of(person(100, torso=NAVY), store_type="community") == []


def test_uniform_colour_can_be_switched_off() -> None:
    config = load_checks_config({"uniform_identifies_staff": False})
    assert staff_of(person(100, torso=NAVY), config=config) == []


@pytest.mark.parametrize(
    ("feet_y", "is_staff"),
    [
        (500, True),  # feet behind the counter (0.5-0.8 of 720 px)
        (650, False),  # feet in front of it: a customer whose torso overlaps the staff area
    ],
)
def test_staff_area_goes_by_the_feet(feet_y: float, is_staff: bool) -> None:
    someone = person(300, y=feet_y - 300, h=300, torso=RED_COAT)
    staff = staff_of(someone, config=COUNTER_CAMERA)
    assert [m.status for m in staff] == (["no_badge"] if is_staff else [])


def test_each_badge_goes_to_the_nearest_person() -> None:
    left, right = person(100, torso=NAVY), person(230, torso=NAVY)  # overlapping boxes
    staff = staff_of(
        left, right, badge_on(right, ["李娜", "营业员"]), badge_on(left, ["张伟", "营业员"])
    )
    assert [(m.box[0], m.badge.name if m.badge else None) for m in staff] == [
        (100, "张伟"),
        (230, "李娜"),
    ]


def test_a_badge_below_the_upper_body_is_not_worn() -> None:
    someone = person(100, torso=NAVY)  # y 150-550; upper 65% ends at 410
    on_the_desk = Obj("badge", (120, 480, 260, 540), texts=["张伟", "营业员"])
    assert [m.status for m in staff_of(someone, on_the_desk)] == ["no_badge"]


def test_a_second_badge_on_the_same_person_adds_孕妈妈() -> None:
    someone = person(100, h=500, torso=NAVY)
    name_badge = badge_on(someone, ["王芳", "营业员"])
    extra = Obj("badge", (150, 360, 270, 400), texts=["孕妈妈"])
    (member,) = staff_of(someone, name_badge, extra)
    assert member.badge is not None
    assert (member.badge.name, member.badge.pregnant, member.badge.box) == (
        "王芳",
        True,
        list(name_badge.box),
    )


def test_closeup_cut_at_the_waist_is_judged_but_a_cut_chest_is_not() -> None:
    from storecheck.checks.config import ChecksConfig
    from storecheck.checks.staff import find_staff
    from storecheck.vision.types import Detections, Observation

    config = ChecksConfig()
    navy = (115, 200, 70)  # a navy uniform
    waist_up = Observation(1920, 1080, Detections.from_lists([[700, 60, 1200, 1080]], [0.9], ["person"], torso_hsv=[navy]))
    [member] = find_staff(waist_up, [], config, config.camera(None), "hall_1_3")
    assert member.status == "no_badge"
    chest_cut = Observation(1920, 1080, Detections.from_lists([[0, 60, 500, 1080]], [0.9], ["person"], torso_hsv=[navy]))
    [member] = find_staff(chest_cut, [], config, config.camera(None), "hall_1_3")
    assert member.status == "indeterminate" and member.unsure_because == "cut off at the frame edge"


def test_a_lanyard_badge_low_on_a_closeup_cut_at_the_waist_is_worn() -> None:
    """A close-up cut by the frame's bottom edge shows only the upper body: the whole box is
    where a badge can hang. The same badge 66% down the box of someone seen whole is on their
    belt or the desk in front of them, and is not theirs."""
    cut = person(700, y=60, w=500, h=1020, torso=NAVY)  # down to the bottom of a 1080 frame
    low_card = Obj("badge", (890, 690, 1010, 780), texts=["中国电信", "张伟", "营业员"])
    context = CheckContext(zone="hall", store_type="hall_1_3", config=ChecksConfig())
    staff = evaluate(observe(cut, low_card, width=1920, height=1080), context).staff
    assert [(m.status, m.badge.name if m.badge else None) for m in staff] == [("badge", "张伟")]
    whole = person(700, y=20, w=340, h=1020, torso=NAVY)  # feet 20 px above the frame's edge
    shifted = Obj("badge", (890, 650, 1010, 740), texts=["中国电信", "张伟", "营业员"])
    staff = evaluate(observe(whole, shifted, width=1920, height=1080), context).staff
    assert [m.status for m in staff] == ["no_badge"]


def test_a_weakly_detected_badge_counts_when_its_text_says_badge() -> None:
    """A small 孕妈妈 pin scored under the badge threshold is still a badge once OCR reads the
    word on it; a weak "badge" that reads like a sign (专席) is not."""
    someone = person(100, h=500, torso=NAVY)
    name_badge = badge_on(someone, ["王芳", "营业员"])
    pin = Obj("badge", (150, 360, 230, 390), score=0.28, texts=["孕妈妈"])
    (member,) = staff_of(someone, name_badge, pin)
    assert member.badge is not None and (member.badge.name, member.badge.pregnant) == ("王芳", True)
    desk_corner = Obj("badge", (120, 300, 240, 340), score=0.28, texts=["专席"])
    assert [m.status for m in staff_of(someone, desk_corner)] == ["no_badge"]


WHITE_SHIRT = (0, 10, 230)  # staff without the jacket, and half the customers
BLACK_SUIT = (110, 30, 40)


def counter_staff(*objects: Obj, zone: str = "counter", config: ChecksConfig | None = None,
                  camera_id: str | None = None) -> list[Staff]:
    context = CheckContext(zone=zone, store_type="hall_1_3", camera_id=camera_id,  # type: ignore[arg-type]
                           config=config or ChecksConfig())
    return evaluate(observe(*objects, width=1920, height=1080), context).staff


#: Seen from the waist up behind a counter whose top is at y = 700 of a 1080 frame.
BEHIND = {"y": 200, "w": 300, "h": 500}


@pytest.mark.parametrize(
    ("torso", "status"),
    [
        (BLACK_SUIT, "no_badge"),  # a suit behind the counter: staff, and no badge
        (WHITE_SHIRT, "indeterminate"),  # only the place says staff: a reviewer decides
        (RED_COAT, "indeterminate"),
        (NAVY, "no_badge"),  # the uniform alone says staff anyway
    ],
)
def test_behind_the_counter_is_where_staff_stand(torso: tuple[int, int, int], status: str) -> None:
    [member] = counter_staff(person(800, torso=torso, **BEHIND))
    assert member.status == status


def test_place_behind_the_counter_is_said_when_it_alone_makes_staff() -> None:
    from storecheck.checks.staff import find_staff
    from storecheck.vision.types import Detections, Observation

    config = ChecksConfig()
    seen = Observation(1920, 1080, Detections.from_lists([[800, 200, 1100, 700]], [0.9], ["person"], torso_hsv=[WHITE_SHIRT]))
    [member] = find_staff(seen, [], config, config.camera(None), "hall_1_3", "star_desk")
    assert member.unsure_because == "staff only by their place behind the counter"
    assert find_staff(seen, [], config, config.camera(None), "hall_1_3", "hall") == []


@pytest.mark.parametrize(
    "who",
    [
        person(800, y=380, w=300, h=700, torso=BLACK_SUIT),  # in front of the counter, to the frame's foot
        person(800, y=100, w=220, h=660, torso=BLACK_SUIT),  # standing whole, feet in view
    ],
)
def test_customers_in_front_of_the_counter_or_standing_are_not_staff(who: Obj) -> None:
    assert counter_staff(who) == []


def test_a_black_suit_on_the_hall_floor_is_a_customer() -> None:
    assert counter_staff(person(800, torso=BLACK_SUIT, **BEHIND), zone="hall") == []


def test_staff_area_polygons_replace_the_place_behind_the_counter() -> None:
    config = load_checks_config(
        {"cameras": {"cam1": {"polygons": {"staff_area": [[[0, 0.9], [0.2, 0.9], [0.2, 1], [0, 1]]]}}}}
    )
    assert counter_staff(person(800, torso=BLACK_SUIT, **BEHIND), config=config, camera_id="cam1") == []
    off = load_checks_config({"counter_position": {"enabled": False}})
    assert counter_staff(person(800, torso=BLACK_SUIT, **BEHIND), config=off) == []


def test_a_badge_low_on_an_upper_body_behind_the_counter_is_worn() -> None:
    """The counter cuts the box at the waist: a lanyard card 80% down it is still on the chest."""
    someone = person(800, torso=WHITE_SHIRT, **BEHIND)
    card = Obj("badge", (900, 560, 1000, 620), texts=["中国电信", "张伟", "营业员"])
    assert [(m.status, m.badge.name if m.badge else None) for m in counter_staff(someone, card)] == [
        ("badge", "张伟")
    ]


def members_of(*objects: Obj, zone: str = "counter") -> list[tuple[str, str | None]]:
    """(status, why unsure) of each staff member find_staff sees in a 1920x1080 frame."""
    from storecheck.checks.staff import find_staff

    config = ChecksConfig()
    seen = observe(*objects, width=1920, height=1080)
    return [(m.status, m.unsure_because) for m in find_staff(seen, [], config, config.camera(None), "hall_1_3", zone)]  # type: ignore[arg-type]


def test_a_navy_top_in_front_of_the_counter_is_only_for_review() -> None:
    """Head to foot on a counter camera is the customers' side: a navy or telecom-blue top there
    may be a customer's, so no badge is a question for a reviewer, not a violation."""
    standing = person(800, y=100, w=220, h=660, torso=NAVY)  # feet at 760 of 1080
    assert members_of(standing) == [
        ("indeterminate", "standing in front of the counter, staff only by the colour of their clothes")]
    assert members_of(standing, zone="hall") == [("no_badge", None)]
    cut = person(800, y=100, w=220, h=975, torso=NAVY)  # legs run out of the frame
    assert members_of(cut) == [("no_badge", None)]


def test_a_badge_hidden_behind_someone_nearer_is_not_missing() -> None:
    behind = person(800, y=150, w=220, h=500, torso=NAVY)  # feet at 650
    in_front = person(760, y=250, w=240, h=600, torso=RED_COAT)  # feet at 850: nearer the camera
    assert members_of(behind, in_front, zone="hall") == [("indeterminate", "partly behind someone nearer the camera")]
    beside = person(1100, y=250, w=240, h=600, torso=RED_COAT)  # nearer, but not in the way
    assert members_of(behind, beside, zone="hall") == [("no_badge", None)]
    level = person(760, y=160, w=240, h=500, torso=RED_COAT)  # in the way, but as far as they are
    assert members_of(behind, level, zone="hall") == [("no_badge", None)]


def test_a_faint_unread_badge_on_the_chest_goes_to_review() -> None:
    """A badge 40 px wide scores low and is too small to read: on a staff member's chest it is a
    question for a reviewer, not a missing badge. Under badge_review, or off the chest, it is
    nothing."""
    someone = person(800, y=150, w=220, h=500, torso=NAVY)
    faint = Obj("badge", (890, 300, 930, 324), score=0.3)
    assert members_of(someone, faint, zone="hall") == [("indeterminate", "a badge on their chest the detector is unsure of")]
    fainter = Obj("badge", (890, 300, 930, 324), score=0.2)
    assert members_of(someone, fainter, zone="hall") == [("no_badge", None)]
    on_the_knee = Obj("badge", (890, 560, 930, 584), score=0.3)
    assert members_of(someone, on_the_knee, zone="hall") == [("no_badge", None)]


def test_where_customers_wear_the_uniforms_colour_it_alone_only_asks_for_review() -> None:
    config = ChecksConfig(colour_alone="indeterminate")
    [member] = staff_of(person(100, torso=NAVY), config=config)
    assert (member.status, member.unsure_because) == ("indeterminate", "staff only by the colour of their clothes")
    behind_counter = load_checks_config({"colour_alone": "indeterminate", "cameras": {"cam1": {"polygons": {
        "staff_area": [[[0, 0.5], [1, 0.5], [1, 0.8], [0, 0.8]]]}}}})
    [member] = staff_of(person(100, y=100, h=400, torso=NAVY), config=behind_counter)  # feet in the staff area
    assert member.status == "no_badge"
