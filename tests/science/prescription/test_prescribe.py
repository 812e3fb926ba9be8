from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from occlusion.errors import InputError, NotEstimableError, ScreeningBlockError
from occlusion.messages import code_of
from occlusion.science.lop import equations as lop_equations
from occlusion.science.prescription.prescribe import prescribe
from occlusion.science.prescription.profile import profile_from_mapping
from occlusion.units import KG_PER_POUND

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _example(name: str) -> dict[str, Any]:
    return tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def test_wrap_plan_for_lifter() -> None:
    plan = prescribe(profile_from_mapping(_example("athlete-wraps.toml")))
    assert plan.screening.decision == "cleared"
    (thigh,) = plan.limbs
    assert thigh.equipment_kind == "wrap" and thigh.wrap is not None
    assert thigh.pct_lop == 50.0
    # The stretch method's verified points are +10 % at 40 % LOP and +20 % at 80 % LOP.
    assert thigh.wrap.stretch_pct == pytest.approx(12.5)
    assert thigh.tightness_fallback is not None
    assert thigh.budget is not None and thigh.budget.within_cap
    leg_press, leg_extension = plan.exercises
    # 160 kg x 8 reps -> Brzycki 1RM 160 / (1.0278 - 0.0278 * 8) = 198.7 kg; 30 % = 59.6 -> 60.
    assert leg_press.one_rep_max.one_rep_max_kg == pytest.approx(160 / (1.0278 - 0.0278 * 8))
    assert leg_press.load is not None and leg_press.load.load_kg == 60.0
    assert leg_extension.load is not None and leg_extension.load.load_kg == 20.0
    keys = {reference.key for reference in plan.references}
    assert "brzycki_1993_one_rep_max" in keys
    assert {"numbness", "dizziness", "discomfort-above-7"} <= {r.code for r in plan.stop_rules}


def test_cuff_plan_uses_the_verified_thigh_equation() -> None:
    document = _example("clinic-thigh-cuff.toml")
    plan = prescribe(profile_from_mapping(document))
    (thigh,) = plan.limbs
    assert thigh.occlusion_pressure is not None
    assert thigh.occlusion_pressure.kind == "estimated"
    expected_lop = lop_equations.rbme_2019_thigh_18cm(
        circumference_cm=22 * 2.54, sbp_mmhg=118, age_years=34, sex="female"
    )
    assert thigh.occlusion_pressure.lop_mmhg == pytest.approx(expected_lop)
    # Rehabilitation starts at the bottom of the 40-80 % range.
    assert thigh.pct_lop == 40.0
    assert thigh.pressure_mmhg == pytest.approx(expected_lop * 0.40)
    low, high = thigh.pressure_interval_95_mmhg or (0.0, 0.0)
    assert low < thigh.pressure_mmhg < high
    assert any("estimated LOP" in warning for warning in plan.warnings)


def test_measured_lop_is_used_and_posture_mismatch_warns() -> None:
    document = _example("arm-cuff-measured.toml")
    plan = prescribe(profile_from_mapping(document))
    (arm,) = plan.limbs
    assert arm.pressure_mmhg == pytest.approx(75.0)
    assert arm.occlusion_pressure is not None and arm.occlusion_pressure.kind == "measured"
    document["limbs"][0]["measured_lop"]["posture"] = "supine"
    warned = prescribe(profile_from_mapping(document))
    assert any("measure it again in the training posture" in w for w in warned.warnings)


def test_arm_cuff_without_measurement_is_refused_with_how_to_measure() -> None:
    document = _example("arm-cuff-measured.toml")
    del document["limbs"][0]["measured_lop"]
    with pytest.raises(NotEstimableError) as info:
        prescribe(profile_from_mapping(document))
    assert info.value.code == "lop.not-estimable.arm"
    assert info.value.fields["limb"] == "arm"


def test_narrow_thigh_cuff_is_refused() -> None:
    document = _example("clinic-thigh-cuff.toml")
    document["equipment"]["width_cm"] = 5
    with pytest.raises(NotEstimableError):
        prescribe(profile_from_mapping(document))


def test_referral_blocks_until_clearance() -> None:
    document = _example("referred-hypertension.toml")
    with pytest.raises(ScreeningBlockError) as info:
        prescribe(profile_from_mapping(document))
    assert info.value.code == "plan.needs-clearance"
    cleared = copy.deepcopy(document)
    cleared["screening"]["clinician_clearance"] = True
    plan = prescribe(profile_from_mapping(cleared))
    assert plan.screening.decision == "refer"
    assert plan.clinician_clearance
    assert "plan.relies-on-clearance" in [code_of(w) for w in plan.warnings]


def test_exclusion_yields_no_plan_even_with_clearance() -> None:
    document = _example("athlete-wraps.toml")
    document["screening"]["current_clot_signs"] = True
    document["screening"]["clinician_clearance"] = True
    with pytest.raises(ScreeningBlockError):
        prescribe(profile_from_mapping(document))


def test_choices_outside_protocol_ranges_are_refused() -> None:
    document = _example("athlete-wraps.toml")
    document["training"]["pct_lop"] = 95
    with pytest.raises(InputError, match="% LOP range"):
        prescribe(profile_from_mapping(document))
    document["training"]["pct_lop"] = 60
    document["training"]["load_pct_one_rep_max"] = 70
    with pytest.raises(InputError, match="% 1RM range"):
        prescribe(profile_from_mapping(document))


def test_plan_document_is_json_and_complete() -> None:
    plan = prescribe(profile_from_mapping(_example("athlete-wraps.toml")))
    document = json.loads(json.dumps(plan.as_dict()))
    for key in (
        "screening", "protocol", "limbs", "exercises", "frequency", "progression",
        "stop_rules", "references", "warnings", "disclaimer",
    ):
        assert key in document
    assert document["limbs"][0]["restriction_budget"]["within_cap"] is True
    cited = {reference["key"] for reference in document["references"]}
    for limb in document["limbs"]:
        assert set(limb["references"]) <= cited


def _curls_with_a_measured_thigh() -> dict[str, Any]:
    # The arm has its LOP measured; the thigh was measured once for another plan, without LOP.
    document = _example("arm-cuff-measured.toml")
    document["limbs"].append({"limb": "thigh", "side": "both", "circumference_cm": 55})
    return document


def test_plan_for_curls_restricts_only_the_arms() -> None:
    # A 5 cm cuff on the thigh cannot be estimated: before plans fitted their exercises this
    # profile was refused because of a limb no exercise works.
    plan = prescribe(profile_from_mapping(_curls_with_a_measured_thigh()))
    assert [limb.limb for limb in plan.limbs] == ["arm"]
    assert [limb["limb"] for limb in plan.as_dict()["limbs"]] == ["arm"]


def test_plan_restricts_every_limb_its_exercises_work() -> None:
    document = _curls_with_a_measured_thigh()
    document["limbs"][1]["measured_lop"] = {
        "lop_mmhg": 200, "posture": "seated", "cuff_width_cm": 5, "method": "doppler",
    }
    document["exercises"].append({"name": "Knee extension", "one_rep_max_kg": 40})
    plan = prescribe(profile_from_mapping(document))
    assert sorted(limb.limb for limb in plan.limbs) == ["arm", "thigh"]
    thigh = next(limb for limb in plan.limbs if limb.limb == "thigh")
    assert thigh.pressure_mmhg == pytest.approx(100.0)


def test_cuff_plan_needs_lop_only_for_the_limbs_worked() -> None:
    document = _curls_with_a_measured_thigh()
    document["exercises"] = [{"name": "Leg press", "one_rep_max_kg": 150}]
    # Now the thigh is worked, and a 5 cm thigh cuff cannot be estimated: refused for the thigh.
    with pytest.raises(NotEstimableError) as info:
        prescribe(profile_from_mapping(document))
    assert info.value.fields["limb"] == "thigh"


def test_catalogue_exercise_takes_its_limb_from_the_catalogue() -> None:
    document = _example("arm-cuff-measured.toml")
    del document["exercises"][0]["limb"]
    profile = profile_from_mapping(document)
    assert profile.exercises[0].limb == "arm"


def test_profile_without_exercises_restricts_every_limb_listed() -> None:
    from occlusion.science.prescription import limbs_to_restrict

    document = _curls_with_a_measured_thigh()
    document["exercises"] = []
    profile = profile_from_mapping(document)
    assert [limb.limb for limb in limbs_to_restrict(profile)] == ["arm", "thigh"]


def test_an_imperial_person_gets_loads_on_pound_equipment() -> None:
    document = _example("athlete-wraps.toml")
    document["person"]["units"] = "imperial"
    for exercise in document["exercises"]:
        exercise.pop("load_equipment", None)
    document["exercises"][0]["load_equipment"] = {"kind": "barbell"}
    leg_press, leg_extension = prescribe(profile_from_mapping(document)).exercises
    # 30 % of Brzycki's 198.7 kg (438.1 lb) = 131.4 lb: the 45 lb bar with pound plates makes
    # 130 or 135 lb, and 130 lb is nearer.
    assert leg_press.load is not None and leg_press.load.equipment.endswith("pound plates")
    assert leg_press.load.load_kg / KG_PER_POUND == pytest.approx(130.0, abs=1e-4)
    # No equipment named: the 5 lb stack of an imperial gym.
    assert leg_extension.load is not None and leg_extension.load.equipment.endswith("5 lb steps")
    assert (leg_extension.load.load_kg / KG_PER_POUND) % 5 == pytest.approx(0.0, abs=1e-6)


def test_stack_steps_may_be_given_in_pounds() -> None:
    document = _example("athlete-wraps.toml")
    document["exercises"][0]["load_equipment"] = {"kind": "stack", "increment_lb": 10}
    leg_press = prescribe(profile_from_mapping(document)).exercises[0]
    assert leg_press.load is not None and leg_press.load.equipment == "stack in 10 lb steps"
    # From the 5 kg minimum in 10 lb (4.536 kg) steps: 5 + 12 × 4.536 = 59.43 kg nearest 59.6.
    assert leg_press.load.load_kg == pytest.approx(5 + 12 * 10 * KG_PER_POUND, abs=1e-4)
