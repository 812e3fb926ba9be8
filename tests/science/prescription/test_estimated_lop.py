"""A pressure from an estimated LOP: its share across the interval and the policy cap."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.science.lop import estimate
from occlusion.science.prescription.estimated_lop import (
    CODE_CAPPED,
    CODE_SHARE,
    MAX_SHARE_AT_LOWER_BOUND_PCT,
    estimated_lop_share,
)
from occlusion.science.prescription.prescribe import prescribe
from occlusion.science.prescription.profile import profile_from_mapping

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_80_pct_of_an_estimate_is_capped_at_80_pct_of_the_lower_bound() -> None:
    # The example: 80 % of 200 mmHg (95 % interval 169-231) is 160 mmHg, 94.7 % of a
    # true LOP of 169 mmHg; the policy lowers it to 0.8 x 169 = 135.2 mmHg.
    share = estimated_lop_share(lop_mmhg=200.0, interval_95_mmhg=(169.0, 231.0), target_pct_lop=80)
    assert share.capped and share.code == CODE_CAPPED
    assert share.requested_pressure_mmhg == pytest.approx(160.0)
    assert share.pressure_mmhg == pytest.approx(135.2)
    assert share.pct_of_estimate == pytest.approx(67.6)
    assert share.share_of_lop_pct == (pytest.approx(135.2 / 231 * 100), pytest.approx(80.0))
    assert share.as_dict()["cap"] == {
        "basis": "policy", "max_share_at_lower_bound_pct": 80.0, "applied": True,
    }


def test_a_low_target_is_not_capped_and_its_share_is_reported() -> None:
    share = estimated_lop_share(lop_mmhg=200.0, interval_95_mmhg=(169.0, 231.0), target_pct_lop=50)
    assert not share.capped and share.code == CODE_SHARE
    assert share.pressure_mmhg == pytest.approx(100.0)
    expected = (pytest.approx(100 / 231 * 100), pytest.approx(100 / 169 * 100))
    assert share.share_of_lop_pct == expected


def test_an_interval_below_any_plausible_lop_is_cut_at_the_plausible_minimum() -> None:
    share = estimated_lop_share(lop_mmhg=60.0, interval_95_mmhg=(20.0, 100.0), target_pct_lop=40)
    assert share.lop_interval_95_mmhg == (40.0, 100.0)
    assert share.pressure_mmhg == pytest.approx(24.0)


@given(
    lop=st.floats(80.0, 400.0),
    half_width=st.floats(1.0, 60.0),
    target=st.floats(10.0, 100.0),
)
def test_the_pressure_never_exceeds_the_policy_share_of_the_lower_bound(
    lop: float, half_width: float, target: float
) -> None:
    share = estimated_lop_share(
        lop_mmhg=lop, interval_95_mmhg=(lop - half_width, lop + half_width), target_pct_lop=target
    )
    assert share.share_of_lop_pct[1] <= MAX_SHARE_AT_LOWER_BOUND_PCT + 1e-9
    assert share.pressure_mmhg <= share.requested_pressure_mmhg + 1e-9
    assert share.share_of_lop_pct[0] <= share.share_of_lop_pct[1]


def test_a_plan_at_80_pct_of_an_estimate_is_capped_and_says_so() -> None:
    document = tomllib.loads((EXAMPLES / "clinic-thigh-cuff.toml").read_text(encoding="utf-8"))
    document = copy.deepcopy(document)
    document["training"]["pct_lop"] = 80.0
    document["training"]["goal"] = "hypertrophy"
    plan = prescribe(profile_from_mapping(document))
    (thigh,) = plan.limbs
    share = thigh.estimated_lop_share
    assert share is not None and share.capped
    low = estimate(
        limb="thigh", cuff_width_cm=18.0, circumference_cm=22 * 2.54, sbp_mmhg=118,
        age_years=34, sex="female",
    ).interval_95_mmhg[0]
    assert thigh.pressure_mmhg == pytest.approx(0.8 * low)
    assert thigh.pct_lop == pytest.approx(round(share.pct_of_estimate, 1))
    assert thigh.as_dict()["estimated_lop_share"]["cap"]["applied"] is True
