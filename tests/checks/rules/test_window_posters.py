import pytest

from storecheck.checks import CheckContext, evaluate, load_checks_config

from ..builders import Obj, finding_for, observe


def posters(xs: list[float], score: float = 0.9) -> list[Obj]:
    return [Obj("poster", (x, 200, x + 80, 320), score=score) for x in xs]


@pytest.mark.parametrize(
    ("count", "status", "message"),
    [
        (3, "pass", "3 posters on the window, at most 3"),
        (5, "violation", "5 posters on the window, at most 3"),
        (0, "pass", "0 posters on the window, at most 3"),
    ],
)
def test_poster_limit(count: int, status: str, message: str) -> None:
    found = finding_for(
        "window.posters", observe(*posters([100 * i for i in range(count)])), zone="window"
    )
    assert (found.status, found.message) == (status, message)
    assert len(found.evidence) == (count if status == "violation" else 0)


def test_weak_detections_are_not_counted() -> None:
    scene = observe(*posters([0, 100, 200]), *posters([300, 400], score=0.2))
    assert finding_for("window.posters", scene, zone="window").status == "pass"


def test_max_posters_is_configurable() -> None:
    config = load_checks_config({"max_posters": 2})
    assert (
        finding_for(
            "window.posters", observe(*posters([0, 100, 200])), zone="window", config=config
        ).status
        == "violation"
    )


TWO_WINDOWS = load_checks_config(
    {
        "cameras": {
            "front": {
                "zone": "window",
                "polygons": {"window": ["0,0,0.5,0,0.5,1,0,1", "0.5,0,1,0,1,1,0.5,1"]},
            }
        }
    }
)


def test_posters_are_counted_per_window() -> None:
    scene = observe(*posters([10, 110, 210, 310, 410]), *posters([700, 800]))  # 5 left, 2 right
    result = evaluate(scene, CheckContext(camera_id="front", config=TWO_WINDOWS))
    found = next(f for f in result.findings if f.rule == "window.posters")
    assert result.zone == "window"  # taken from the camera
    assert found.message == "window 1: 5 posters, window 2: 2 posters, at most 3"
    assert (found.status, found.deduction, len(found.evidence)) == ("violation", 2.0, 5)
    assert result.posters.count == 7 and result.posters.per_window == [5, 2]  # type: ignore[attr-defined]


def test_an_empty_window_is_an_explicit_zero() -> None:
    result = evaluate(observe(*posters([10])), CheckContext(camera_id="front", config=TWO_WINDOWS))
    assert result.posters.per_window == [1, 0]  # type: ignore[attr-defined]


def test_blocks_of_big_text_on_the_window_are_posters_boxed_or_not() -> None:
    """A poster is a block of promotional text on the window: four headlines the detector did
    not box are four posters, one over the limit."""
    from storecheck.checks.evaluate import CheckContext, evaluate
    from storecheck.vision.types import Detections, Observation, TextLine

    lines = [TextLine(text, (100 + 300 * i, 100, 250 + 300 * i, 150), 0.95) for i, text in enumerate(["五G畅享套餐", "千兆宽带特惠", "以旧换新", "新品手机首发"])]
    obs = Observation(1600, 900, Detections.empty(), frame_texts=lines)
    result = evaluate(obs, CheckContext(zone="window"))
    f = next(f for f in result.findings if f.rule == "window.posters")
    assert f.status == "violation" and f.message == "4 posters on the window, at most 3"
    assert len(f.evidence) == 4 and result.posters.count == 4
    obs_two = Observation(1600, 900, Detections.empty(), frame_texts=lines[:2])
    two = next(f for f in evaluate(obs_two, CheckContext(zone="window")).findings if f.rule == "window.posters")
    assert two.status == "pass"


def test_a_posters_text_counts_once_with_its_box_and_a_two_line_headline_is_one_poster() -> None:
    from storecheck.checks.evaluate import CheckContext, evaluate
    from storecheck.vision.types import Detections, Observation, TextLine

    boxed = Detections.from_lists([[100, 80, 400, 500]], [0.9], ["poster"])
    lines = [TextLine("五G畅享套餐", (120, 100, 380, 150), 0.95),  # on the detected poster
             TextLine("千兆宽带", (700, 100, 900, 150), 0.95), TextLine("特惠办理", (700, 160, 900, 210), 0.95)]
    result = evaluate(Observation(1600, 900, boxed, frame_texts=lines), CheckContext(zone="window"))
    assert result.posters.count == 2


def test_small_text_on_the_window_is_no_poster_but_many_blocks_of_it_go_to_review() -> None:
    from storecheck.checks.evaluate import CheckContext, evaluate
    from storecheck.vision.types import Detections, Observation, TextLine

    small = [TextLine(text, (100 + 300 * i, 100, 250 + 300 * i, 112), 0.95) for i, text in enumerate(["营业时间", "温馨提示", "请勿倚靠", "小心玻璃"])]
    result = evaluate(Observation(1600, 900, Detections.empty(), frame_texts=small), CheckContext(zone="window"))
    f = next(f for f in result.findings if f.rule == "window.posters")
    assert result.posters.count == 0 and f.status == "indeterminate"


def test_big_latin_text_behind_the_glass_is_no_poster_of_ours() -> None:
    """A brand on a shop front across the street or a car seen through the window reads as big
    Latin text; a China Telecom poster names its offer in Chinese, whatever Latin it also holds."""
    from storecheck.checks.evaluate import CheckContext, evaluate
    from storecheck.vision.types import Detections, Observation, TextLine

    texts = ["KIA", "Sony Ericsson", "mirvac", "5G", "FTTR全屋光宽带"]
    lines = [TextLine(text, (100 + 300 * i, 100, 250 + 300 * i, 150), 0.95) for i, text in enumerate(texts)]
    result = evaluate(Observation(1600, 900, Detections.empty(), frame_texts=lines), CheckContext(zone="window"))
    assert result.posters.count == 1 and result.posters.boxes == [[1300.0, 100.0, 1450.0, 150.0]]
