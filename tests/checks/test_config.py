import pytest

from storecheck.checks.config import ChecksConfig, ChecksConfigError, load_checks_config


def test_defaults_need_no_config() -> None:
    config = load_checks_config(None)
    assert config.max_posters == 3
    assert config.market_tier == 1  # five powered demo phones unless told the market is tier 3
    assert config.badge_readable_width_px == 120
    assert "星级专席" in config.star_keywords and "营业员" in config.titles
    assert set(config.store_types) == {
        "hall_1_3",
        "hall_4_5",
        "franchise",
        "community",
        "broadband_center",
    }


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"max_poster": 2}, "max_poster: unknown key"),
        ({"market_tier": 4}, "market_tier"),
        ({"cameras": {"cam1": {"zonee": "hall"}}}, "cameras.cam1.zonee: unknown key"),
        (
            {"cameras": {"cam1": {"polygons": {"windows": []}}}},
            "cameras.cam1.polygons.windows: unknown key",
        ),
        ({"thresholds": {"persn": 0.5}}, "thresholds.persn: unknown key"),
        ({"thresholds": {"person": 1.5}}, "thresholds.person"),
        ({"rules": {"badge.wron": {"deduction": 1}}}, "rules.badge.wron"),
        ({"store_types": {"kiosk": {}}}, "store_types.kiosk"),
        (
            {"cameras": {"c": {"polygons": {"window": [[[0, 0], [2, 0], [0, 1]]]}}}},
            "less than or equal to 1",
        ),
        ({"cameras": {"c": {"polygons": {"window": ["0,0,1"]}}}}, "even number"),
        ({"cameras": {"c": {"polygons": {"window": ["0,0,1,1"]}}}}, "at least 3"),
    ],
)
def test_bad_config_is_rejected_naming_the_key(data: dict, where: str) -> None:
    with pytest.raises(ChecksConfigError, match="invalid checks config") as error:
        load_checks_config(data)
    assert where in str(error.value)


def test_polygons_accept_frigate_strings_and_point_lists() -> None:
    config = load_checks_config(
        {
            "cameras": {
                "win1": {
                    "zone": "window",
                    "polygons": {"window": ["0,0,0.5,0,0.5,1,0,1", [[0.5, 0], [1, 0], [1, 1]]]},
                }
            }
        }
    )
    window = config.camera("win1").polygons.window
    assert window[0] == [(0, 0), (0.5, 0), (0.5, 1), (0, 1)] and len(window[1]) == 3
    assert config.camera("unknown").polygons.window == []


@pytest.mark.parametrize(
    ("profiles", "store_type", "required"),
    [
        ({}, "community", False),  # 社区厅: 无需统一着装
        ({}, "hall_1_3", True),
        ({"community": {"uniform_required": True}}, "community", True),
        ({"hall_4_5": {"uniform_required": False}}, "hall_4_5", False),
    ],
)
def test_uniform_required_per_store_type(profiles: dict, store_type: str, required: bool) -> None:
    assert load_checks_config({"store_types": profiles}).uniform_required(store_type) is required


@pytest.mark.parametrize(
    ("hsv", "matches"),
    [((115, 150, 60), True), ((110, 200, 200), True), ((0, 200, 180), False), ((0, 0, 240), False)],
)
def test_default_uniform_colours(hsv: tuple[int, int, int], matches: bool) -> None:
    assert any(colour.matches(hsv) for colour in ChecksConfig().uniform_colours) is matches


def test_hue_range_wraps_around_red() -> None:
    config = load_checks_config(
        {
            "uniform_colours": [
                {"name": "red", "hue": [170, 10], "saturation": [100, 255], "value": [50, 255]}
            ]
        }
    )
    red = config.uniform_colours[0]
    assert (
        red.matches((175, 200, 200))
        and red.matches((5, 200, 200))
        and not red.matches((90, 200, 200))
    )
