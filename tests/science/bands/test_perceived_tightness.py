import json

import pytest

from occlusion.errors import InputError
from occlusion.science.bands.perceived_tightness import perceived_tightness_guide


def test_arm_numbers_are_bell_2018_and_2020() -> None:
    guide = perceived_tightness_guide("arm")
    assert guide.target_rating == 7
    assert guide.seven_out_of_ten.pressure_mean_mmhg == 132.0
    assert guide.seven_out_of_ten.pressure_sd_mmhg == 38.0
    assert guide.ten_out_of_ten.pressure_mean_mmhg == 202.0
    assert guide.aop_mean_mmhg == 162.0
    assert guide.aop_sd_mmhg == 24.0
    assert guide.seven_as_pct_of_aop == pytest.approx(100 * 132 / 162)  # 81.5 %
    assert guide.day_to_day_cv_pct == 12.0
    assert guide.day_to_day_cv_by_sex_pct == {"male": 12.3, "female": 12.2}
    assert guide.day_to_day_spread_pct == 25.0
    assert guide.likely_range_mmhg == pytest.approx((99.0, 165.0))
    assert any("above the occlusion" in caveat for caveat in guide.caveats)
    assert any("aim below 7/10" in caveat for caveat in guide.caveats)


def test_thigh_numbers_are_bell_2018_and_2020() -> None:
    guide = perceived_tightness_guide("thigh")
    assert guide.seven_out_of_ten.pressure_mean_mmhg == 120.0
    assert guide.seven_out_of_ten.pressure_sd_mmhg == 33.0
    assert guide.ten_out_of_ten.pressure_mean_mmhg == 178.0
    assert guide.aop_mean_mmhg == 171.0
    assert guide.seven_as_pct_of_aop == pytest.approx(100 * 120 / 171)  # 70.2 %
    assert guide.day_to_day_cv_by_sex_pct == {"male": 13.7, "female": 10.3}
    assert guide.day_to_day_spread_pct == 20.0
    assert guide.likely_range_mmhg == pytest.approx((96.0, 144.0))
    assert any("below the occlusion" in caveat for caveat in guide.caveats)
    assert any("day 1" in caveat for caveat in guide.caveats)


@pytest.mark.parametrize("limb", ["arm", "thigh"])
def test_guide_is_a_cited_fallback(limb: str) -> None:
    guide = perceived_tightness_guide(limb)  # type: ignore[arg-type]
    assert guide.is_fallback
    assert any("Fallback" in caveat for caveat in guide.caveats)
    assert guide.anchors[7] == "moderate pressure without pain"
    keys = {reference.key for reference in guide.references}
    assert keys == {
        "bell_2018_perceived_tightness",
        "bell_2020_perceived_tightness_reliability",
        "bielitzki_2024_perceptual_priming",
    }
    document = guide.as_dict()
    assert document["method"] == "perceived tightness (fallback)"
    json.dumps(document)


def test_unverified_arm_rating_is_not_shipped() -> None:
    text = json.dumps(perceived_tightness_guide("arm").as_dict())
    assert "5-6/10" not in text
    assert "5–6/10" not in text


def test_unknown_limb() -> None:
    with pytest.raises(InputError):
        perceived_tightness_guide("leg")  # type: ignore[arg-type]
