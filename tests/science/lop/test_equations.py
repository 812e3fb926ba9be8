"""Each LOP equation against values computed by hand from its published form."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion import evidence
from occlusion.errors import InputError
from occlusion.science.lop.equations import (
    EQUATIONS,
    UNVERIFIED_EQUATIONS,
    equation_named,
    rbme_2019_thigh_18cm,
    unverified_equations_for,
)
from occlusion.vocabulary import Limb


def test_a1_rbme_2019_male_by_hand() -> None:
    # 65.290 + 1.110*55 + 0.178*120 + 1.153*23 - 7.984*1
    by_hand = 65.290 + 61.05 + 21.36 + 26.519 - 7.984
    assert by_hand == pytest.approx(166.235, abs=1e-9)
    value = rbme_2019_thigh_18cm(circumference_cm=55, sbp_mmhg=120, age_years=23, sex="male")
    assert value == pytest.approx(166.235, abs=0.01)


def test_a2_rbme_2019_female_by_hand() -> None:
    value = rbme_2019_thigh_18cm(circumference_cm=55, sbp_mmhg=120, age_years=23, sex="female")
    assert value == pytest.approx(158.251, abs=0.01)
    # Sex is coded 1 (male) / 2 (female): the difference is one coefficient.
    male = rbme_2019_thigh_18cm(circumference_cm=55, sbp_mmhg=120, age_years=23, sex="male")
    assert male - value == pytest.approx(7.984, abs=1e-9)


def test_a3_rbme_2019_reports_published_error() -> None:
    info = equation_named("rbme_2019_thigh_18cm")
    assert info.error_statistic == "SEE"
    assert info.error_mmhg == 15.289
    assert info.r_squared == 0.397
    assert info.sample_size == 51
    assert info.predictor_count == 4
    assert info.residual_degrees_of_freedom == 46
    assert info.cuff_width_cm == 18.0
    assert info.limb == "thigh"


def test_second_hand_point_with_other_inputs() -> None:
    # TC 60 cm, SBP 130, age 40, female: 65.29 + 66.6 + 23.14 + 46.12 - 15.968
    expected = 65.29 + 66.6 + 23.14 + 46.12 - 15.968
    value = rbme_2019_thigh_18cm(circumference_cm=60, sbp_mmhg=130, age_years=40, sex="female")
    assert value == pytest.approx(expected, abs=1e-9)


def test_unknown_sex_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown sex"):
        rbme_2019_thigh_18cm(
            circumference_cm=55,
            sbp_mmhg=120,
            age_years=23,
            sex="other",  # type: ignore[arg-type]
        )


@given(
    circumference_cm=st.floats(30, 100),
    sbp_mmhg=st.floats(80, 200),
    age_years=st.floats(15, 80),
    sex=st.sampled_from(["male", "female"]),
    step=st.floats(0.1, 20),
)
def test_rbme_2019_rises_with_each_positive_term(
    circumference_cm: float, sbp_mmhg: float, age_years: float, sex: str, step: float
) -> None:
    def lop(tc: float, sbp: float, age: float) -> float:
        return rbme_2019_thigh_18cm(
            circumference_cm=tc, sbp_mmhg=sbp, age_years=age, sex=sex  # type: ignore[arg-type]
        )

    base = lop(circumference_cm, sbp_mmhg, age_years)
    assert lop(circumference_cm + step, sbp_mmhg, age_years) > base
    assert lop(circumference_cm, sbp_mmhg + step, age_years) > base
    assert lop(circumference_cm, sbp_mmhg, age_years + step) > base


def test_table_rows_match_their_functions_and_are_json_ready() -> None:
    for info in EQUATIONS:
        assert info.function.__name__ == info.name
        low, high = info.applicable_cuff_width_cm
        assert low <= info.cuff_width_cm <= high
        assert info.references, info.name
        for reference in info.references:
            assert evidence.get(reference.key) == reference
        document = info.as_dict()
        json.dumps(document)
        assert "function" not in document
        assert document["residual_degrees_of_freedom"] == info.residual_degrees_of_freedom


def test_age_range_is_adults_up_to_mean_plus_two_sd_of_the_sample() -> None:
    info = equation_named("rbme_2019_thigh_18cm")
    # 51 adults aged 23.23 +/- 5.24 years: 18 (adults) to 23.23 + 2 x 5.24.
    assert info.age_years_range == (18.0, pytest.approx(33.71))
    assert info.circumference_cm_range is None
    assert info.sbp_mmhg_range is None


def test_no_arm_equation_is_shipped_and_the_reason_is_recorded() -> None:
    assert all(info.limb != "arm" for info in EQUATIONS)
    arm = [entry for entry in UNVERIFIED_EQUATIONS if entry.limb == "arm"]
    assert arm and "coefficients" in arm[0].reason
    json.dumps([entry.as_dict() for entry in UNVERIFIED_EQUATIONS])


def test_equation_named_explains_unverified_and_unknown_names() -> None:
    with pytest.raises(InputError, match="not available"):
        equation_named("loenneke_2015_arm")
    with pytest.raises(InputError, match=r"unknown method 'nope'.*rbme_2019_thigh_18cm"):
        equation_named("nope")


def test_the_cuff_width_is_labelled_an_interpretation() -> None:
    info = equation_named("rbme_2019_thigh_18cm")
    assert info.cuff_width_basis.startswith("interpretation")
    assert "circumference of 18 cm" in info.cuff_width_basis
    assert info.as_dict()["cuff_width_basis"] == info.cuff_width_basis


def test_unverified_equations_are_found_by_the_cuff_they_were_fitted_for() -> None:
    # Widths read in the abstracts: Wedig 2025 11/13/18 cm, Wedig 2024 18 cm, Spitz 2024 5 cm.
    names = {entry.name: entry.cuff_widths_cm for entry in UNVERIFIED_EQUATIONS}
    assert names["wedig_2025_thigh_11_13_18cm"] == (11.0, 13.0, 18.0)
    assert [e.name for e in unverified_equations_for(Limb.THIGH, 11.0)] == [
        "wedig_2025_thigh_11_13_18cm"
    ]
    assert [e.name for e in unverified_equations_for(Limb.THIGH, 18.0)] == [
        "wedig_2024_thigh_18cm",
        "wedig_2025_thigh_11_13_18cm",
    ]
    assert unverified_equations_for(Limb.THIGH, 12.0) == ()
    assert unverified_equations_for(Limb.ARM, 11.0) == ()
    assert unverified_equations_for(Limb.THIGH, 11.0)[0].as_dict()["cuff_widths_cm"] == [
        11.0,
        13.0,
        18.0,
    ]
