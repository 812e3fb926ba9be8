"""Pre-participation screening: answers in, a decision with its reasons out.

The decision is one of ``cleared``, ``caution``, ``refer`` or ``exclude`` and is the most severe
outcome of any single answer, of the resting blood pressure, of the age and of the
deep-vein-thrombosis (DVT) risk score. The DVT points are those of Nascimento et al. 2022
(Table 3); every cut-off that turns a number into a decision is a :class:`ScreeningPolicy`
setting, labelled as policy and configurable, because no BFR-specific cut-off was found.

Answers are validated in :mod:`occlusion.science.screening.answers`, the cut-offs live in
:mod:`occlusion.science.screening.policy` and the questions in
:mod:`occlusion.science.screening.questions`; this module re-exports what callers need.

Screening gates prescription (:func:`require_plan_allowed`): ``exclude`` never yields a plan,
``refer`` yields none until a clinician's clearance is recorded.

References
----------
.. [1] Nascimento DDC et al. A useful blood flow restriction training risk stratification for
   exercise and rehabilitation. Front Physiol. 2022;13:808622.
.. [2] American College of Sports Medicine. ACSM's guidelines for exercise testing and
   prescription, 9th ed.: severe resting hypertension (SBP > 200 or DBP > 110 mmHg) is a relative
   contraindication to exercise testing (read as quoted in an equipment manual).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from occlusion import NOT_A_MEDICAL_DEVICE, evidence
from occlusion.errors import ScreeningBlockError
from occlusion.evidence import Reference
from occlusion.science.screening.answers import ScreeningAnswers
from occlusion.science.screening.policy import DEFAULT_POLICY, ScreeningPolicy
from occlusion.science.screening.questions import (
    KAATSU_AGE_GUIDANCE,
    NASCIMENTO_2022,
    QUESTIONNAIRE,
    SCREENING_POLICY_REFERENCE,
)
from occlusion.vocabulary import Decision

ACSM_RESTING_HYPERTENSION = evidence.register(
    Reference(
        key="acsm_9th_relative_contraindication_hypertension",
        citation=(
            "American College of Sports Medicine. ACSM's guidelines for exercise testing and "
            "prescription, 9th ed. Relative contraindications to exercise testing."
        ),
        status="verified-secondary",
        url="https://manuzoid.com/manuals/GE6xv-Enraf-Nonius%20Cardio%20Bike%20Reha%20User%20manual",
        note=(
            "Severe arterial hypertension at rest (SBP > 200 mmHg and/or DBP > 110 mmHg) is a "
            "relative contraindication; acute systemic infection with fever is an absolute one. "
            "Read as quoted in an exercise-equipment manual."
        ),
    )
)


#: From this age a person scores one DVT risk point (Nascimento 2022, Table 3) [years].
DVT_AGE_YEARS = 60


def blood_pressure_decision(
    sbp_mmhg: float | None, dbp_mmhg: float | None, policy: ScreeningPolicy = DEFAULT_POLICY
) -> Decision:
    """Return what a resting blood pressure alone leads to under ``policy``.

    ``None`` for the systolic pressure means no reading: ``policy.missing_blood_pressure``.
    """
    answers = ScreeningAnswers(
        {
            key: float(value)
            for key, value in (("resting_sbp_mmhg", sbp_mmhg), ("resting_dbp_mmhg", dbp_mmhg))
            if value is not None
        }
    )
    reason = _blood_pressure_reason(answers, policy)
    return Decision.CLEARED if reason is None else reason.decision


_DECISION_WORDS: dict[Decision, str] = {
    Decision.CLEARED: (
        "Cleared: nothing in your answers stands against blood-flow-restriction training."
    ),
    Decision.CAUTION: (
        "Cleared with caution: you may train, starting gently at the low end of the pressure and "
        "load ranges, and watching the reasons below."
    ),
    Decision.REFER: (
        "Refer: ask a clinician to review these answers before any blood-flow-restriction "
        "training. No plan is written until their clearance is recorded."
    ),
    Decision.EXCLUDE: (
        "Excluded: do not do blood-flow-restriction training now. No plan will be written; see "
        "a doctor about the reasons below."
    ),
}
_NEXT_STEPS: dict[Decision, tuple[str, ...]] = {
    Decision.CLEARED: (
        "Measure or estimate your limb occlusion pressure and choose a protocol.",
        "Screen again whenever your health changes.",
    ),
    Decision.CAUTION: (
        "Start with one exercise at the low end of the pressure range and build up over weeks.",
        "Re-check your resting blood pressure and screen again whenever your health changes.",
    ),
    Decision.REFER: (
        "Show these answers and reasons to a doctor or physiotherapist.",
        "If they clear you, record their clearance (who and when) so a plan can be written.",
    ),
    Decision.EXCLUDE: (
        "Do not restrict blood flow; see a doctor about the reasons above.",
        "Screen again once the reason has resolved (for example after an illness).",
    ),
}


def _most_severe(decisions: list[Decision]) -> Decision:
    return max(decisions, key=lambda decision: decision.severity, default=Decision.CLEARED)


@dataclass(frozen=True, slots=True)
class ScreeningReason:
    """One reason behind a screening decision.

    Parameters
    ----------
    code
        Stable identifier (the question id, or ``blood-pressure``, ``age``, ``dvt-risk-score``).
    text
        What it means, in plain words.
    decision
        What this reason alone leads to.
    references
        Sources behind the reason and its outcome.
    """

    code: str
    text: str
    decision: Decision
    references: tuple[Reference, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping (references as citation keys)."""
        return {
            "code": self.code,
            "text": self.text,
            "decision": self.decision,
            "references": [reference.key for reference in self.references],
        }


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """The outcome of screening: the most severe decision and every reason for it.

    Parameters
    ----------
    decision
        ``cleared``, ``caution``, ``refer`` or ``exclude``.
    reasons
        Every flagged answer, most severe first.
    policy
        The policy the answers were judged by.
    dvt_risk_score
        Sum of the Nascimento 2022 DVT risk points.
    """

    decision: Decision
    reasons: tuple[ScreeningReason, ...]
    policy: ScreeningPolicy
    dvt_risk_score: int
    has_blood_pressure: bool = True

    @property
    def pending(self) -> tuple[str, ...]:
        """Return what is still to be checked: ``resting-blood-pressure`` without a reading.

        The plan screens again with the blood pressure it needs, so a screening done before
        the first reading is not flagged for it, but says that it is still to come.
        """
        return () if self.has_blood_pressure else ("resting-blood-pressure",)

    @property
    def summary(self) -> str:
        """Return the decision in plain words."""
        return _DECISION_WORDS[self.decision]

    @property
    def next_steps(self) -> tuple[str, ...]:
        """Return what the person does next."""
        return _NEXT_STEPS[self.decision]

    @property
    def references(self) -> tuple[Reference, ...]:
        """Return every source behind the reasons, without duplicates."""
        seen: dict[str, Reference] = {NASCIMENTO_2022.key: NASCIMENTO_2022}
        for reason in self.reasons:
            for reference in reason.references:
                seen.setdefault(reference.key, reference)
        return tuple(seen.values())

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "decision": self.decision,
            "summary": self.summary,
            "reasons": [reason.as_dict() for reason in self.reasons],
            "next_steps": list(self.next_steps),
            "dvt_risk_score": self.dvt_risk_score,
            "pending": list(self.pending),
            "policy": self.policy.as_dict(),
            "references": [reference.as_dict() for reference in self.references],
            "not_a_medical_device": NOT_A_MEDICAL_DEVICE,
        }


def _refs(*keys: str) -> tuple[Reference, ...]:
    return tuple(evidence.cite(*keys))


def _blood_pressure_reason(
    answers: ScreeningAnswers, policy: ScreeningPolicy
) -> ScreeningReason | None:
    sbp = answers.number("resting_sbp_mmhg")
    dbp = answers.number("resting_dbp_mmhg")
    policy_keys: tuple[str, ...] = (SCREENING_POLICY_REFERENCE.key, NASCIMENTO_2022.key)
    if sbp is None:
        if policy.missing_blood_pressure == Decision.CLEARED:
            return None
        return ScreeningReason(
            "blood-pressure-missing",
            "No resting blood pressure was given: measure it (seated, after 5 min rest) before "
            "the first session, because BFR raises blood pressure.",
            policy.missing_blood_pressure,
            _refs(*policy_keys),
        )
    reading = f"{sbp:g}/{dbp:g} mmHg" if dbp is not None else f"systolic {sbp:g} mmHg"
    levels: tuple[tuple[Decision, float, float, str], ...] = (
        (
            Decision.EXCLUDE,
            policy.exclude_sbp_mmhg,
            policy.exclude_dbp_mmhg,
            "is markedly raised: no BFR until it is controlled and re-checked",
        ),
        (
            Decision.REFER,
            policy.refer_sbp_mmhg,
            policy.refer_dbp_mmhg,
            "is high: a clinician should review it before BFR",
        ),
        (
            Decision.CAUTION,
            policy.caution_sbp_mmhg,
            policy.caution_dbp_mmhg,
            "is raised: use the low end of the pressure range and re-check it",
        ),
    )
    for decision, sbp_limit, dbp_limit, words in levels:
        if sbp >= sbp_limit or (dbp is not None and dbp >= dbp_limit):
            keys = policy_keys
            if decision == Decision.EXCLUDE:
                keys = (*policy_keys, ACSM_RESTING_HYPERTENSION.key)
            return ScreeningReason(
                "blood-pressure",
                f"Resting blood pressure {reading} {words} "
                f"(policy cut-off {sbp_limit:g}/{dbp_limit:g} mmHg).",
                decision,
                _refs(*keys),
            )
    return None


def _age_reason(age_years: float, policy: ScreeningPolicy) -> ScreeningReason | None:
    if age_years < policy.minimum_age_years:
        return ScreeningReason(
            "age",
            f"Under {policy.minimum_age_years:g} years: BFR is not used at this age.",
            Decision.EXCLUDE,
            _refs(KAATSU_AGE_GUIDANCE.key, SCREENING_POLICY_REFERENCE.key),
        )
    if age_years < policy.adult_age_years:
        return ScreeningReason(
            "age",
            f"Under {policy.adult_age_years:g} years: a clinician and a parent or guardian "
            "should agree first.",
            Decision.REFER,
            _refs(SCREENING_POLICY_REFERENCE.key),
        )
    return None


def _surgery_reason(days: float | None, policy: ScreeningPolicy) -> ScreeningReason | None:
    if days is None:
        return None
    if days < policy.surgery_refer_days:
        decision: Decision = Decision.REFER
        words = "the surgeon or physiotherapist must agree to BFR first"
    elif days < policy.surgery_caution_days:
        decision = Decision.CAUTION
        words = "follow your rehabilitation plan and start gently"
    else:
        return None
    return ScreeningReason(
        "recent-surgery",
        f"An operation {days:g} days ago: {words} (clot risk is raised after surgery).",
        decision,
        _refs(NASCIMENTO_2022.key, SCREENING_POLICY_REFERENCE.key),
    )


def _dvt_reason(
    score: int, contributors: list[str], policy: ScreeningPolicy
) -> ScreeningReason | None:
    if score < policy.dvt_score_caution:
        return None
    if score >= policy.dvt_score_exclude:
        decision: Decision = Decision.EXCLUDE
    elif score >= policy.dvt_score_refer:
        decision = Decision.REFER
    else:
        decision = Decision.CAUTION
    return ScreeningReason(
        "dvt-risk-score",
        f"Clot-risk score {score} (points from Nascimento 2022: {'; '.join(contributors)}).",
        decision,
        _refs(NASCIMENTO_2022.key, SCREENING_POLICY_REFERENCE.key),
    )


def screen(answers: ScreeningAnswers, policy: ScreeningPolicy = DEFAULT_POLICY) -> ScreeningResult:
    """Judge validated screening answers.

    Parameters
    ----------
    answers
        Answers to every required question.
    policy
        Cut-offs and per-question outcomes; :data:`DEFAULT_POLICY` unless a clinic sets its own.

    Returns
    -------
    ScreeningResult
        The most severe decision over all reasons, the reasons (most severe first) and the DVT
        risk score.
    """
    reasons: list[ScreeningReason] = []
    dvt_score = 0
    contributors: list[str] = []
    for question in QUESTIONNAIRE:
        if question.kind == "yes-no" and answers.yes(question.id):
            if question.dvt_points:
                dvt_score += question.dvt_points
                contributors.append(question.reason.rstrip("."))
            decision = policy.decision_overrides.get(question.id, question.if_yes)
            if decision is not None and decision != Decision.CLEARED:
                reasons.append(
                    ScreeningReason(
                        question.id,
                        question.reason,
                        decision,
                        _refs(*question.reference_keys, SCREENING_POLICY_REFERENCE.key),
                    )
                )
        elif question.kind == "choice":
            chosen = answers.choice(question.id)
            flagged = dict(question.choice_decisions)
            if chosen in flagged:
                decision = policy.decision_overrides.get(question.id, flagged[chosen])
                if decision != Decision.CLEARED:
                    reasons.append(
                        ScreeningReason(
                            question.id,
                            f"{question.reason} (answer: {question.words_for(chosen)})",
                            decision,
                            _refs(*question.reference_keys, SCREENING_POLICY_REFERENCE.key),
                        )
                    )
    age = answers.number("age_years")
    if age is not None:
        if age >= DVT_AGE_YEARS:
            dvt_score += 1
            contributors.append("age 60 or over (1 clot-risk point)")
        age_reason = _age_reason(age, policy)
        if age_reason is not None:
            reasons.append(age_reason)
    for extra in (
        _blood_pressure_reason(answers, policy),
        _surgery_reason(answers.number("days_since_surgery"), policy),
        _dvt_reason(dvt_score, contributors, policy),
    ):
        if extra is not None:
            reasons.append(extra)
    reasons.sort(key=lambda reason: -reason.decision.severity)
    return ScreeningResult(
        decision=_most_severe([reason.decision for reason in reasons]),
        reasons=tuple(reasons),
        policy=policy,
        dvt_risk_score=dvt_score,
        has_blood_pressure=answers.number("resting_sbp_mmhg") is not None,
    )


def require_plan_allowed(result: ScreeningResult, *, clinician_clearance: bool = False) -> None:
    """Refuse to go on to a plan when screening does not allow one.

    Parameters
    ----------
    result
        The screening outcome.
    clinician_clearance
        Whether a clinician's clearance has been recorded for this person.

    Raises
    ------
    ScreeningBlockError
        For ``exclude`` (always) and for ``refer`` without a recorded clearance.
    """
    blocking = [reason for reason in result.reasons if reason.decision == result.decision]
    why = "; ".join(reason.text for reason in blocking)
    if result.decision == Decision.EXCLUDE:
        raise ScreeningBlockError(
            f"screening excludes blood-flow-restriction training: {why}",
            code="screening.excludes",
            reasons=tuple(reason.code for reason in blocking),
        )
    if result.decision == Decision.REFER and not clinician_clearance:
        raise ScreeningBlockError(
            "screening refers you to a clinician first; no plan until their clearance is "
            f"recorded: {why}",
            code="screening.refers",
            reasons=tuple(reason.code for reason in blocking),
        )
