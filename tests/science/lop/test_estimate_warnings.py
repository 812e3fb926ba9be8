"""Warnings for equations whose posture, limb or ranges differ from the shipped one."""

from __future__ import annotations

from dataclasses import replace

from occlusion.messages import code_of
from occlusion.science.lop.equations import equation_named
from occlusion.science.lop.estimate_warnings import estimate_warnings

BASE = equation_named("rbme_2019_thigh_18cm")
PERSON = {
    "cuff_width_cm": 18.0,
    "cuff_material": "nylon",
    "age_years": 25.0,
    "circumference_cm": 55.0,
    "sbp_mmhg": 120.0,
}


def keys(references: list) -> set[str]:  # type: ignore[type-arg]
    return {reference.key for reference in references}


def test_equation_with_known_posture_warns_only_when_the_person_differs() -> None:
    seated_equation = replace(BASE, posture="seated")
    same, _ = estimate_warnings(seated_equation, posture="seated", **PERSON)  # type: ignore[arg-type]
    assert not any("posture" in warning for warning in same)
    other, references = estimate_warnings(
        seated_equation, posture="standing", **PERSON  # type: ignore[arg-type]
    )
    [posture_warning] = [warning for warning in other if "posture" in warning]
    assert "developed seated; you will train standing" in posture_warning
    assert "hughes_2018_aop_body_position" in keys(references)


def test_arm_equation_cites_the_arm_posture_study() -> None:
    arm_equation = replace(BASE, limb="arm", posture="supine")
    warnings, references = estimate_warnings(
        arm_equation, posture="seated", **PERSON  # type: ignore[arg-type]
    )
    assert "lop.other-posture" in [code_of(warning) for warning in warnings]
    assert keys(references) == {"karanasios_2021_arm_aop_body_position"}


def test_studied_ranges_are_checked_when_published() -> None:
    ranged = replace(BASE, circumference_cm_range=(45.0, 65.0), sbp_mmhg_range=(100.0, 135.0))
    inside, _ = estimate_warnings(ranged, posture="seated", **PERSON)  # type: ignore[arg-type]
    assert "lop.outside-studied-range" not in [code_of(warning) for warning in inside]
    outside, _ = estimate_warnings(
        ranged,
        posture="seated",
        **{**PERSON, "circumference_cm": 70.0, "sbp_mmhg": 90.0},  # type: ignore[arg-type]
    )
    outside_fields = [
        warning.fields for warning in outside  # type: ignore[attr-defined]
        if code_of(warning) == "lop.outside-studied-range"
    ]
    assert [(f["quantity"], f["value"], f["low"], f["high"]) for f in outside_fields] == [
        ("circumference", 70.0, 45.0, 65.0), ("SBP", 90.0, 100.0, 135.0)]


def test_population_note_is_always_present() -> None:
    warnings, _ = estimate_warnings(BASE, posture="seated", **PERSON)  # type: ignore[arg-type]
    assert [code_of(warning) for warning in warnings][-1] == "lop.population-and-error"


def test_a_cuff_width_read_into_the_source_is_said_to_be_an_interpretation() -> None:
    # The 2019 abstract gives "a cuff with a circumference of 18 cm"; 18 cm as the width is ours.
    warnings, _ = estimate_warnings(BASE, posture="seated", **PERSON)  # type: ignore[arg-type]
    [note] = [w for w in warnings if code_of(w) == "lop.cuff-width-interpretation"]
    assert "The 18 cm cuff width of rbme_2019_thigh_18cm is an interpretation" in note
    assert "'a cuff with a circumference of 18 cm'" in note
    assert note.fields["equation_cuff_width_cm"] == 18.0  # type: ignore[attr-defined]
    assert not note.fields["basis"].startswith("interpretation")  # type: ignore[attr-defined]
    stated = replace(BASE, cuff_width_basis="verbatim: an 18 cm wide cuff")
    warnings, _ = estimate_warnings(stated, posture="seated", **PERSON)  # type: ignore[arg-type]
    assert "lop.cuff-width-interpretation" not in [code_of(warning) for warning in warnings]
