"""estimate(): equation choice, prediction interval, warnings and refusals."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from occlusion.errors import InputError, NotEstimableError, OutOfRangeError
from occlusion.messages import code_of
from occlusion.science.lop.estimate import HOW_TO_MEASURE, LopEstimate, estimate, methods

BASE: dict[str, Any] = {
    "limb": "thigh",
    "cuff_width_cm": 18.0,
    "circumference_cm": 55.0,
    "sbp_mmhg": 120.0,
    "age_years": 23.0,
    "sex": "male",
}


def run(**changes: Any) -> LopEstimate:
    return estimate(**{**BASE, **changes})


def test_estimate_uses_the_18cm_equation_a1() -> None:
    result = run()
    assert result.method == "rbme_2019_thigh_18cm"
    assert result.lop_mmhg == pytest.approx(166.235, abs=0.01)
    assert run(sex="female").lop_mmhg == pytest.approx(158.251, abs=0.01)


def test_interval_is_t_quantile_times_published_see() -> None:
    result = run()
    t_46 = stats.t.ppf(0.975, 46)
    low, high = result.interval_95_mmhg
    assert low == pytest.approx(166.235 - t_46 * 15.289, abs=1e-6)
    assert high == pytest.approx(166.235 + t_46 * 15.289, abs=1e-6)
    assert result.t_quantile == pytest.approx(t_46, abs=1e-8)
    assert result.error_statistic == "SEE"
    assert result.error_mmhg == 15.289


def test_as_dict_has_the_contract_keys_and_is_json() -> None:
    document = run().as_dict()
    for key in ("lop_mmhg", "interval_95_mmhg", "method", "references", "warnings"):
        assert key in document
    assert isinstance(document["interval_95_mmhg"], list)
    assert document["references"][0]["key"] == "cirilo_sousa_2019_thigh_aop_equation"
    json.dumps(document)


settings_strategy = {
    "circumference_cm": st.floats(35, 95),
    "sbp_mmhg": st.floats(90, 200),
    "age_years": st.floats(18, 38.71),
    "sex": st.sampled_from(["male", "female"]),
    "cuff_width_cm": st.floats(17, 19),
    "posture": st.sampled_from(["supine", "seated", "standing"]),
    "cuff_material": st.sampled_from(["nylon", "elastic"]),
}


@given(**settings_strategy, step=st.floats(0.5, 10))
def test_estimate_rises_with_circumference_and_sbp(step: float, **settings: Any) -> None:
    base = run(**settings)
    wider = {**settings, "circumference_cm": settings["circumference_cm"] + step}
    assert run(**wider).lop_mmhg > base.lop_mmhg
    assert run(**{**settings, "sbp_mmhg": settings["sbp_mmhg"] + step}).lop_mmhg > base.lop_mmhg


@given(**settings_strategy)
def test_interval_contains_the_estimate(**settings: Any) -> None:
    result = run(**settings)
    low, high = result.interval_95_mmhg
    assert low < result.lop_mmhg < high
    assert math.isclose(result.lop_mmhg - low, high - result.lop_mmhg)
    assert result.warnings


@pytest.mark.parametrize("width", [2.0, 3.0, 5.0, 6.0])
def test_narrow_thigh_cuffs_are_refused_with_spitz_and_measure_advice(width: float) -> None:
    with pytest.raises(NotEstimableError) as info:
        run(cuff_width_cm=width)
    assert info.value.code == "lop.not-estimable.narrow-thigh-cuff"
    assert info.value.fields == {"cuff_width_cm": width}
    assert "Spitz" in str(info.value)
    assert HOW_TO_MEASURE in str(info.value)


@pytest.mark.parametrize("width", [7.0, 10.0, 11.0, 12.0, 13.5, 16.9, 19.1, 24.0])
def test_thigh_widths_without_an_equation_are_refused(width: float) -> None:
    with pytest.raises(NotEstimableError, match="no verified equation covers"):
        run(cuff_width_cm=width)


@pytest.mark.parametrize(
    ("width", "unchecked"),
    [
        (11.0, ["wedig_2025_thigh_11_13_18cm"]),
        (13.4, ["wedig_2025_thigh_11_13_18cm"]),
        (12.0, []),
        (13.5, ["wedig_2025_thigh_11_13_18cm"]),
        (13.6, []),
        (24.0, []),
    ],
)
def test_a_width_refusal_names_the_unchecked_equations_published_for_it(
    width: float, unchecked: list[str]
) -> None:
    # Wedig 2025 fitted equations for 11, 13 and 18 cm cuffs whose coefficients were not read:
    # the refusal says they exist (within the 0.5 cm policy tolerance) rather than suggest
    # that nobody studied the cuff.
    with pytest.raises(NotEstimableError) as info:
        run(cuff_width_cm=width)
    assert info.value.code == "lop.not-estimable.cuff-width"
    assert info.value.fields["unchecked_equations"] == unchecked
    assert ("could not be checked against its paper" in str(info.value)) == bool(unchecked)


@pytest.mark.parametrize("width", [5.0, 10.0, 12.0])
def test_arm_is_refused_because_no_arm_equation_is_verified(width: float) -> None:
    with pytest.raises(NotEstimableError) as info:
        run(limb="arm", cuff_width_cm=width, circumference_cm=30.0)
    assert "arm" in str(info.value)
    assert HOW_TO_MEASURE in str(info.value)


@pytest.mark.parametrize("missing", ["age_years", "sex"])
def test_missing_predictor_is_refused_naming_the_missing_input(missing: str) -> None:
    with pytest.raises(NotEstimableError) as info:
        run(**{missing: None})
    assert info.value.code == "lop.not-estimable.missing-inputs"
    assert info.value.fields["missing"] == (missing,)


def test_forced_method_must_fit_limb_and_width() -> None:
    assert run(method="rbme_2019_thigh_18cm").method == "rbme_2019_thigh_18cm"
    with pytest.raises(NotEstimableError, match="for the thigh"):
        run(method="rbme_2019_thigh_18cm", limb="arm", circumference_cm=30.0)
    with pytest.raises(NotEstimableError, match="18 cm cuff"):
        run(method="rbme_2019_thigh_18cm", cuff_width_cm=12.0)
    with pytest.raises(InputError, match="unknown method"):
        run(method="magic")
    with pytest.raises(InputError, match="not available"):
        run(method="loenneke_2015_arm")


@pytest.mark.parametrize(
    ("changes", "error", "text"),
    [
        ({"sbp_mmhg": 120.0, "dbp_mmhg": 120.0}, InputError, "below systolic"),
        ({"sbp_mmhg": 120.0, "dbp_mmhg": 130.0}, InputError, "below systolic"),
        ({"circumference_cm": -55.0}, OutOfRangeError, "not plausible"),
        ({"circumference_cm": 550.0}, OutOfRangeError, "not plausible"),
        ({"circumference_cm": math.nan}, InputError, "finite"),
        ({"sbp_mmhg": math.inf}, InputError, "finite"),
        ({"sbp_mmhg": 12.0}, OutOfRangeError, "systolic"),
        ({"cuff_width_cm": 0.0}, OutOfRangeError, "cuff width"),
        ({"age_years": 3.0}, OutOfRangeError, "age"),
        ({"limb": "leg"}, InputError, "unknown limb"),
        ({"posture": "kneeling"}, InputError, "unknown posture"),
        ({"cuff_material": "rubber"}, InputError, "unknown cuff material"),
        ({"sex": "x"}, InputError, "unknown sex"),
    ],
)
def test_invalid_inputs_raise_input_errors(
    changes: dict[str, Any], error: type[Exception], text: str
) -> None:
    with pytest.raises(error, match=text):
        run(**changes)


def test_posture_warning_is_always_given_because_the_source_does_not_state_it() -> None:
    result = run(posture="supine")
    posture_warnings = [
        warning for warning in result.warnings if code_of(warning) == "lop.posture-not-stated"
    ]
    assert len(posture_warnings) == 1
    assert "not rescaled" in posture_warnings[0]
    keys = {reference.key for reference in result.references}
    assert {"hughes_2018_aop_body_position", "sieljacks_2018_aop_body_position"} <= keys
    # Each study named is one whose own pages were read (no second-hand congress abstract).
    assert "(Hughes 2018)" in posture_warnings[0] and "(Sieljacks 2018)" in posture_warnings[0]
    assert "evidence notes" not in posture_warnings[0] and "Hannah" not in posture_warnings[0]


def test_elastic_cuff_on_the_thigh_follows_the_thigh_evidence() -> None:
    nylon = run()
    elastic = run(cuff_material="elastic")
    assert elastic.lop_mmhg == nylon.lop_mmhg
    warning = next(w for w in elastic.warnings if code_of(w) == "lop.elastic-cuff")
    assert "lop.elastic-cuff" not in [code_of(w) for w in nylon.warnings]
    # The thigh study found no difference; the arm study is not cited for a thigh cuff.
    assert "Loenneke 2013" in warning and "did not differ" in warning
    assert "Buckner" not in warning
    keys = {ref.key for ref in elastic.references}
    assert "loenneke_2013_cuff_type" in keys
    assert "buckner_2017_cuff_material" not in keys


def test_elastic_cuff_warning_on_the_arm_cites_the_arm_study() -> None:
    from dataclasses import replace

    from occlusion.science.lop.estimate_warnings import estimate_warnings
    from occlusion.vocabulary import Limb

    arm = replace(methods()[0], limb=Limb.ARM)
    warnings, references = estimate_warnings(
        arm, cuff_width_cm=18.0, posture="seated", cuff_material="elastic",  # type: ignore[arg-type]
        age_years=23.0, circumference_cm=30.0, sbp_mmhg=120.0,
    )
    assert "lop.elastic-cuff" in [code_of(w) for w in warnings]
    assert "buckner_2017_cuff_material" in {ref.key for ref in references}


def test_width_differing_from_the_equation_warns() -> None:
    assert "lop.other-cuff-width" not in [code_of(w) for w in run().warnings]
    (narrower,) = [
        w for w in run(cuff_width_cm=17.0).warnings if code_of(w) == "lop.other-cuff-width"
    ]
    assert narrower.fields["cuff_width_cm"] == 17.0  # type: ignore[attr-defined]
    assert narrower.fields["equation_cuff_width_cm"] == 18.0  # type: ignore[attr-defined]


def test_age_just_outside_the_studied_range_warns_within_the_policy_margin() -> None:
    assert "lop.outside-studied-range" not in [code_of(w) for w in run(age_years=30).warnings]
    older = run(age_years=36)
    (outside,) = [w for w in older.warnings if code_of(w) == "lop.outside-studied-range"]
    assert (outside.fields["quantity"], outside.fields["value"]) == ("age", 36)  # type: ignore[attr-defined]


@pytest.mark.parametrize("age", [10.0, 14.0, 17.9, 38.8, 45.0, 70.0])
def test_outside_the_studied_population_and_its_margin_is_refused(age: float) -> None:
    from occlusion.science.lop.estimate import CODE_OUTSIDE_POPULATION

    with pytest.raises(NotEstimableError) as info:
        run(age_years=age)
    error = info.value
    assert error.code == CODE_OUTSIDE_POPULATION
    assert error.fields["what"] == "age"
    assert error.fields["studied"] == [18.0, pytest.approx(33.71)]
    assert error.fields["accepted"] == [18.0, pytest.approx(38.71)]
    assert error.fields["margin_basis"] == "policy"


@pytest.mark.parametrize("age", [18.0, 33.71, 38.71])
def test_the_edges_of_the_accepted_ages_are_estimated(age: float) -> None:
    assert run(age_years=age).lop_mmhg > 0


def test_hypertensive_sbp_warns() -> None:
    assert "lop.hypertensive-sbp" not in [code_of(w) for w in run(sbp_mmhg=139).warnings]
    assert "lop.hypertensive-sbp" in [code_of(w) for w in run(sbp_mmhg=150).warnings]


def test_diastolic_pressure_is_validated_but_not_used_by_this_equation() -> None:
    assert run(dbp_mmhg=70).lop_mmhg == run().lop_mmhg


def test_methods_lists_the_verified_equations() -> None:
    names = [info.name for info in methods()]
    assert names == ["rbme_2019_thigh_18cm"]


def test_record_estimate_keeps_interval_and_provenance() -> None:
    from datetime import datetime, timedelta, timezone

    from occlusion.science.lop import LopMeasurement
    from occlusion.science.lop.estimate import record_estimate

    result = run(posture="supine")
    local = datetime(2026, 3, 1, 18, 0, tzinfo=timezone(timedelta(hours=-5)))
    record = record_estimate(result, side="left", local_time=local)
    assert record.method == "estimate"
    assert record.interval_95_mmhg == result.interval_95_mmhg
    assert record.posture == "supine"
    assert record.utc_offset_minutes == -300
    assert "rbme_2019_thigh_18cm" in record.notes
    assert LopMeasurement.from_dict(json.loads(json.dumps(record.as_dict()))) == record
