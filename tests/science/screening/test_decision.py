from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion import NOT_A_MEDICAL_DEVICE
from occlusion.errors import InputError, ScreeningBlockError
from occlusion.science.screening import (
    DEFAULT_POLICY,
    QUESTIONNAIRE,
    QUESTIONS_BY_ID,
    ScreeningAnswers,
    ScreeningPolicy,
    ScreeningResult,
    require_plan_allowed,
    screen,
)
from occlusion.vocabulary import Decision


def healthy(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {q.id: False for q in QUESTIONNAIRE if q.kind == "yes-no"}
    answers.update(
        age_years=30, resting_sbp_mmhg=120, resting_dbp_mmhg=75, pregnancy="not-applicable"
    )
    answers.update(changes)
    return answers


def run(**changes: Any) -> ScreeningResult:
    return screen(ScreeningAnswers.from_mapping(healthy(**changes)))


def codes(result: ScreeningResult) -> dict[str, str]:
    return {reason.code: reason.decision for reason in result.reasons}


def test_healthy_adult_is_cleared() -> None:
    result = run()
    assert result.decision == "cleared"
    assert result.reasons == ()
    assert result.dvt_risk_score == 0
    require_plan_allowed(result)


@pytest.mark.parametrize(
    ("question_id", "expected"),
    [
        ("diabetes", "caution"),
        ("rheumatoid_arthritis", "caution"),
        ("anabolic_steroids", "caution"),
        ("oestrogen_medication", "caution"),
        ("hypertension_diagnosed", "caution"),
        ("varicose_veins", "caution"),
        ("heart_disease", "refer"),
        ("kidney_disease", "refer"),
        ("covid_19", "refer"),
        ("anticoagulants_or_bleeding_disorder", "refer"),
        ("dizzy_on_standing", "refer"),
        ("peripheral_artery_disease", "refer"),
        ("rhabdomyolysis_history", "refer"),
        ("lymphoedema", "refer"),
        ("recent_fracture", "refer"),
        ("acute_illness", "exclude"),
        ("current_clot_signs", "exclude"),
        ("chest_pain_or_fainting", "exclude"),
        ("sickle_cell", "exclude"),
        ("skin_problem_at_cuff_site", "exclude"),
    ],
)
def test_each_flag_leads_to_its_decision(question_id: str, expected: str) -> None:
    result = run(**{question_id: True})
    assert result.decision == expected
    assert codes(result) == {question_id: expected}
    reason = result.reasons[0]
    assert reason.text and reason.references
    assert "occlusion_policy_screening" in {r.key for r in reason.references}


@pytest.mark.parametrize("answer", ["pregnant", "postpartum"])
def test_pregnancy_and_postpartum_are_referred(answer: str) -> None:
    result = run(pregnancy=answer)
    assert result.decision == "refer"
    # The answer is quoted in words, never as its code.
    words = {"pregnant": "I am pregnant", "postpartum": "I gave birth in the last 6 weeks"}
    assert f"(answer: {words[answer]})" in result.reasons[0].text
    assert run(pregnancy="no").decision == "cleared"


def test_dvt_points_follow_nascimento_table_3() -> None:
    points = {q.id: q.dvt_points for q in QUESTIONNAIRE if q.dvt_points}
    assert points == {
        "previous_vte": 3,
        "thrombophilia": 2,
        "leg_paralysis": 2,
        "cancer_last_5_years": 2,
        "intensive_care_stay": 1,
        "immobilised": 1,
    }
    # Age 60 or over adds 1 point.
    assert run(age_years=60).dvt_risk_score == 1
    assert run(age_years=59.9).dvt_risk_score == 0


def test_dvt_score_tiers_are_policy() -> None:
    one = run(immobilised=True)
    assert one.dvt_risk_score == 1 and codes(one) == {"dvt-risk-score": "caution"}
    two = run(cancer_last_5_years=True)
    assert two.dvt_risk_score == 2 and codes(two) == {"dvt-risk-score": "refer"}
    three = run(leg_paralysis=True, intensive_care_stay=True)
    assert three.dvt_risk_score == 3 and three.decision == "refer"
    four = run(previous_vte=True, age_years=64)
    assert four.dvt_risk_score == 4
    assert codes(four) == {"dvt-risk-score": "exclude", "previous_vte": "refer"}
    assert four.decision == "exclude"
    assert four.reasons[0].code == "dvt-risk-score"  # most severe first
    lenient = ScreeningPolicy(dvt_score_exclude=6)
    assert (
        screen(
            ScreeningAnswers.from_mapping(healthy(previous_vte=True, age_years=64)), lenient
        ).decision
        == "refer"
    )


@pytest.mark.parametrize(
    ("sbp", "dbp", "expected"),
    [
        (139, 89, "cleared"),
        (140, 80, "caution"),
        (130, 90, "caution"),
        (159, 99, "caution"),
        (160, 80, "refer"),
        (150, 100, "refer"),
        (179, 109, "refer"),
        (180, 90, "exclude"),
        (170, 110, "exclude"),
        (210, 120, "exclude"),
    ],
)
def test_blood_pressure_cut_offs(sbp: float, dbp: float, expected: str) -> None:
    result = run(resting_sbp_mmhg=sbp, resting_dbp_mmhg=dbp)
    assert result.decision == expected
    if expected != "cleared":
        reason = result.reasons[0]
        assert reason.code == "blood-pressure"
        assert "policy" in reason.text
        keys = {r.key for r in reason.references}
        assert "occlusion_policy_screening" in keys
        if expected == "exclude":
            assert "acsm_9th_relative_contraindication_hypertension" in keys


def test_systolic_alone_is_judged_and_missing_pressure_is_pending_not_caution() -> None:
    assert run(resting_sbp_mmhg=165, resting_dbp_mmhg=None).decision == "refer"
    # Screening before the first blood pressure flags nobody: the pressure is still to come.
    missing = run(resting_sbp_mmhg=None, resting_dbp_mmhg=None)
    assert missing.decision == "cleared" and codes(missing) == {}
    assert missing.pending == ("resting-blood-pressure",)
    assert missing.as_dict()["pending"] == ["resting-blood-pressure"]
    assert run().pending == ()
    strict = ScreeningPolicy(missing_blood_pressure="caution")
    answers = ScreeningAnswers.from_mapping(healthy(resting_sbp_mmhg=None, resting_dbp_mmhg=None))
    assert codes(screen(answers, strict)) == {"blood-pressure-missing": "caution"}


def test_policy_cut_offs_are_configurable() -> None:
    answers = ScreeningAnswers.from_mapping(healthy(resting_sbp_mmhg=165, resting_dbp_mmhg=85))
    assert screen(answers).decision == "refer"
    clinic = ScreeningPolicy(refer_sbp_mmhg=170, exclude_sbp_mmhg=190)
    assert screen(answers, clinic).decision == "caution"
    strict = ScreeningPolicy(decision_overrides={"diabetes": "refer", "sickle_cell": "refer"})
    answers = ScreeningAnswers.from_mapping(healthy(diabetes=True, sickle_cell=True))
    assert screen(answers, strict).decision == "refer"
    ignore = ScreeningPolicy(decision_overrides={"diabetes": "cleared"})
    assert (
        screen(ScreeningAnswers.from_mapping(healthy(diabetes=True)), ignore).decision == "cleared"
    )


@pytest.mark.parametrize(
    ("age", "expected"),
    [(10, "exclude"), (13.9, "exclude"), (14, "refer"), (17, "refer"), (18, "cleared")],
)
def test_age_rules(age: float, expected: str) -> None:
    assert run(age_years=age).decision == expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, "refer"), (41, "refer"), (42, "caution"), (83, "caution"), (84, "cleared")],
)
def test_recent_surgery(days: float, expected: str) -> None:
    assert run(days_since_surgery=days).decision == expected


def test_most_severe_reason_wins_and_all_are_listed() -> None:
    result = run(diabetes=True, heart_disease=True, acute_illness=True, resting_sbp_mmhg=150)
    assert result.decision == "exclude"
    assert codes(result) == {
        "diabetes": "caution",
        "heart_disease": "refer",
        "acute_illness": "exclude",
        "blood-pressure": "caution",
    }
    ranks = [reason.decision.severity for reason in result.reasons]
    assert ranks == sorted(ranks, reverse=True)


def test_plan_gate() -> None:
    for decision_changes, clearance, allowed in [
        ({}, False, True),
        ({"diabetes": True}, False, True),
        ({"heart_disease": True}, False, False),
        ({"heart_disease": True}, True, True),
        ({"acute_illness": True}, True, False),
        ({"acute_illness": True}, False, False),
    ]:
        result = run(**decision_changes)
        if allowed:
            require_plan_allowed(result, clinician_clearance=clearance)
        else:
            with pytest.raises(ScreeningBlockError) as info:
                require_plan_allowed(result, clinician_clearance=clearance)
            assert result.reasons[0].text in str(info.value)


def test_result_document() -> None:
    document = run(heart_disease=True).as_dict()
    assert document["decision"] == "refer"
    assert document["reasons"][0] == {
        "code": "heart_disease",
        "text": QUESTIONS_BY_ID["heart_disease"].reason,
        "decision": "refer",
        "references": ["nascimento_2022_bfr_risk_stratification", "occlusion_policy_screening"],
    }
    assert document["not_a_medical_device"] == NOT_A_MEDICAL_DEVICE
    assert document["policy"]["label"].startswith("policy")
    assert document["policy"]["settings"]["refer_sbp_mmhg"] == DEFAULT_POLICY.refer_sbp_mmhg
    assert any("clearance" in step for step in document["next_steps"])
    assert document["references"][0]["key"] == "nascimento_2022_bfr_risk_stratification"


def test_questionnaire_is_complete_data() -> None:
    ids = [q.id for q in QUESTIONNAIRE]
    assert len(ids) == len(set(ids))
    for question in QUESTIONNAIRE:
        assert question.text and question.reference_keys
        if question.kind == "yes-no":
            assert question.reason
            assert question.if_yes is not None or question.dvt_points > 0
        if question.kind == "choice":
            assert question.choices and question.choice_decisions
        if question.kind == "number":
            assert question.unit and question.minimum is not None and question.maximum is not None
        assert question.as_dict()["id"] == question.id


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["yes", "no", "pregnant", "not-applicable", "120", "NaN"]),
    st.lists(st.integers(), max_size=2),
)
_KEYS = st.one_of(
    st.sampled_from([q.id for q in QUESTIONNAIRE]), st.text(max_size=8), st.integers()
)


@given(st.dictionaries(_KEYS, _VALUES, max_size=40))
def test_no_answers_mapping_crashes_screening(data: dict[Any, Any]) -> None:
    try:
        result = screen(ScreeningAnswers.from_mapping(data))
    except InputError:
        return
    assert result.decision in tuple(Decision)


@given(
    st.fixed_dictionaries(
        {q.id: st.booleans() for q in QUESTIONNAIRE if q.kind == "yes-no"}
        | {
            "age_years": st.floats(min_value=5, max_value=110),
            "pregnancy": st.sampled_from(QUESTIONS_BY_ID["pregnancy"].choices),
            "resting_sbp_mmhg": st.floats(min_value=151, max_value=250),
            "resting_dbp_mmhg": st.floats(min_value=30, max_value=150),
        }
    )
)
def test_complete_answers_always_screen(data: dict[str, Any]) -> None:
    result = screen(ScreeningAnswers.from_mapping(data))
    assert result.decision == max(
        (reason.decision for reason in result.reasons),
        key=lambda decision: decision.severity,
        default=Decision.CLEARED,
    )


_YES_NO = [q.id for q in QUESTIONNAIRE if q.kind == "yes-no"]


@given(
    flags=st.sets(st.sampled_from(_YES_NO)),
    extra=st.sampled_from(_YES_NO),
    age=st.floats(min_value=5, max_value=110),
    sbp=st.floats(min_value=91, max_value=250),
    rise=st.floats(min_value=0, max_value=60),
)
def test_more_risk_never_lowers_the_decision(
    flags: set[str], extra: str, age: float, sbp: float, rise: float
) -> None:
    base = run(
        age_years=age, resting_sbp_mmhg=sbp, resting_dbp_mmhg=90, **dict.fromkeys(flags, True)
    )
    more = run(
        age_years=age,
        resting_sbp_mmhg=min(250.0, sbp + rise),
        resting_dbp_mmhg=90,
        **dict.fromkeys(flags | {extra}, True),
    )
    assert more.decision.severity >= base.decision.severity
    assert more.dvt_risk_score >= base.dvt_risk_score


def test_policies_and_answers_are_hashable() -> None:
    assert hash(ScreeningPolicy()) == hash(DEFAULT_POLICY)
    assert ScreeningPolicy() == DEFAULT_POLICY
    strict = ScreeningPolicy(decision_overrides={"diabetes": "refer"})
    assert len({DEFAULT_POLICY, strict}) == 2
    first = ScreeningAnswers.from_mapping(healthy())
    assert {first, ScreeningAnswers.from_mapping(healthy())} == {first}
