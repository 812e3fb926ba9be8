"""Pre-participation screening: answers in, a decision with its reasons out.

The decision is one of ``cleared``, ``caution``, ``refer`` or ``exclude`` and is the most severe
outcome of any single answer, of the resting blood pressure, of the age and of the
deep-vein-thrombosis (DVT) risk score. The DVT points are those of Nascimento et al. 2022
(Table 3); every cut-off that turns a number into a decision is a :class:`ScreeningPolicy`
setting, labelled as policy and configurable, because no BFR-specific cut-off was found.

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

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from occlusion import NOT_A_MEDICAL_DEVICE, evidence
from occlusion.errors import InputError, OutOfRangeError, ScreeningBlockError
from occlusion.evidence import Reference
from occlusion.science.screening_questions import (
    DECISIONS,
    KAATSU_AGE_GUIDANCE,
    NASCIMENTO_2022,
    QUESTIONNAIRE,
    QUESTIONS_BY_ID,
    SCREENING_POLICY_REFERENCE,
    Decision,
    Question,
)

__all__ = [
    "DECISIONS",
    "DEFAULT_POLICY",
    "QUESTIONNAIRE",
    "Decision",
    "Question",
    "ScreeningAnswers",
    "ScreeningPolicy",
    "ScreeningReason",
    "ScreeningResult",
    "parse_answer",
    "require_plan_allowed",
    "screen",
    "severity",
]

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

AnswerValue = bool | float | str

_DECISION_WORDS: dict[Decision, str] = {
    "cleared": "Cleared: nothing in your answers stands against blood-flow-restriction training.",
    "caution": (
        "Cleared with caution: you may train, starting gently at the low end of the pressure and "
        "load ranges, and watching the reasons below."
    ),
    "refer": (
        "Refer: ask a clinician to review these answers before any blood-flow-restriction "
        "training. No plan is written until their clearance is recorded."
    ),
    "exclude": (
        "Excluded: do not do blood-flow-restriction training now. No plan will be written; see "
        "a doctor about the reasons below."
    ),
}
_NEXT_STEPS: dict[Decision, tuple[str, ...]] = {
    "cleared": (
        "Measure or estimate your limb occlusion pressure and choose a protocol "
        "(occlusion protocols list).",
        "Screen again whenever your health changes.",
    ),
    "caution": (
        "Start with one exercise at the low end of the pressure range and build up over weeks.",
        "Re-check your resting blood pressure and screen again whenever your health changes.",
    ),
    "refer": (
        "Show these answers and reasons to a doctor or physiotherapist.",
        "If they clear you, record their clearance (who and when) so a plan can be written.",
    ),
    "exclude": (
        "Do not restrict blood flow; see a doctor about the reasons above.",
        "Screen again once the reason has resolved (for example after an illness).",
    ),
}


def severity(decision: Decision) -> int:
    """Return the rank of ``decision``: 0 for cleared up to 3 for exclude."""
    return DECISIONS.index(decision)


def _most_severe(decisions: list[Decision]) -> Decision:
    return max(decisions, key=severity, default="cleared")


def _check_decision(value: object, what: str) -> Decision:
    if value not in DECISIONS:
        raise InputError(f"{what} must be one of {', '.join(DECISIONS)}, got {value!r}")
    return value


def _policy_number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"policy setting {name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise InputError(f"policy setting {name} must be a finite number, got {value!r}")
    return float(value)


@dataclass(frozen=True, slots=True)
class ScreeningPolicy:
    """Configurable cut-offs that turn answers into decisions. These are policy, not evidence.

    Parameters
    ----------
    caution_sbp_mmhg, caution_dbp_mmhg
        Resting pressure at or above which the decision is at least ``caution`` [mmHg].
    refer_sbp_mmhg, refer_dbp_mmhg
        Resting pressure at or above which the decision is at least ``refer`` [mmHg].
    exclude_sbp_mmhg, exclude_dbp_mmhg
        Resting pressure at or above which BFR is excluded until it is controlled [mmHg]
        (default 180/110, the "markedly elevated" level of Nascimento 2022, Table 5).
    missing_blood_pressure
        Decision when no resting blood pressure is given.
    minimum_age_years
        Below this age BFR is excluded [years] (KAATSU: not under 14).
    adult_age_years
        Below this age a clinician (and guardian) must agree first [years].
    dvt_score_caution, dvt_score_refer, dvt_score_exclude
        DVT risk score (Nascimento 2022, Table 3 points) at or above which the decision is at
        least caution, refer or exclude.
    surgery_refer_days, surgery_caution_days
        An operation fewer than this many days ago leads to ``refer`` or ``caution`` [days].
    decision_overrides
        Question id -> decision for a "yes" (or a flagged choice), replacing the default.
    """

    caution_sbp_mmhg: float = 140.0
    caution_dbp_mmhg: float = 90.0
    refer_sbp_mmhg: float = 160.0
    refer_dbp_mmhg: float = 100.0
    exclude_sbp_mmhg: float = 180.0
    exclude_dbp_mmhg: float = 110.0
    missing_blood_pressure: Decision = "caution"
    minimum_age_years: float = 14.0
    adult_age_years: float = 18.0
    dvt_score_caution: int = 1
    dvt_score_refer: int = 2
    dvt_score_exclude: int = 4
    surgery_refer_days: float = 42.0
    surgery_caution_days: float = 84.0
    decision_overrides: Mapping[str, Decision] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
            if is_number and (not math.isfinite(value) or value < 0):
                raise InputError(f"policy setting {item.name} must be a number of at least 0")
        for low, middle, high, what in (
            (self.caution_sbp_mmhg, self.refer_sbp_mmhg, self.exclude_sbp_mmhg, "systolic"),
            (self.caution_dbp_mmhg, self.refer_dbp_mmhg, self.exclude_dbp_mmhg, "diastolic"),
            (self.dvt_score_caution, self.dvt_score_refer, self.dvt_score_exclude, "DVT score"),
        ):
            if not low <= middle <= high:
                raise InputError(f"policy {what} cut-offs must rise from caution to exclude")
        if self.minimum_age_years > self.adult_age_years:
            raise InputError("policy minimum age must not exceed the adult age")
        if self.surgery_refer_days > self.surgery_caution_days:
            raise InputError("policy surgery refer window must not exceed the caution window")
        _check_decision(self.missing_blood_pressure, "policy missing_blood_pressure")
        overrides = dict(self.decision_overrides)
        for question_id, decision in overrides.items():
            if question_id not in QUESTIONS_BY_ID:
                raise InputError(f"policy override for unknown question {question_id!r}")
            _check_decision(decision, f"policy override for {question_id}")
        object.__setattr__(self, "decision_overrides", MappingProxyType(overrides))

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> ScreeningPolicy:
        """Build a policy from a TOML or JSON table; settings not given keep their defaults.

        Raises
        ------
        InputError
            For an unknown setting or a value of the wrong kind, or inconsistent cut-offs.
        """
        if not isinstance(data, Mapping):
            raise InputError("a screening policy must be a table of setting = value")
        known = {item.name: item for item in fields(cls)}
        unknown = sorted(str(key) for key in data if key not in known)
        if unknown:
            raise InputError(
                f"unknown screening policy setting(s): {', '.join(unknown)}; known: "
                f"{', '.join(known)}"
            )
        values: dict[str, Any] = {}
        for name, value in data.items():
            default = getattr(DEFAULT_POLICY, name)
            if name == "decision_overrides":
                if not isinstance(value, Mapping):
                    raise InputError("decision_overrides must be a table of question id = decision")
                values[name] = dict(value)
            elif isinstance(default, str):
                values[name] = _check_decision(value, f"policy {name}")
            else:
                number = _policy_number(name, value)
                if isinstance(default, int) and not number.is_integer():
                    raise InputError(f"policy setting {name} must be a whole number, got {value!r}")
                values[name] = int(number) if isinstance(default, int) else number
        return cls(**values)

    def __hash__(self) -> int:
        # The generated hash would fail on the overrides mapping.
        settings = tuple(getattr(self, item.name) for item in fields(self))[:-1]
        return hash((settings, tuple(sorted(self.decision_overrides.items()))))

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping, labelled as policy."""
        values = {item.name: getattr(self, item.name) for item in fields(self)}
        values["decision_overrides"] = dict(self.decision_overrides)
        return {
            "label": "policy: configurable settings of this project, not BFR evidence",
            "settings": values,
            "references": [SCREENING_POLICY_REFERENCE.key],
        }


DEFAULT_POLICY = ScreeningPolicy()


def _parse_number(question: Question, raw: object) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise InputError(f"answer to {question.id!r} must be a number of {question.unit}")
    try:
        number = float(raw)
    except ValueError:
        raise InputError(
            f"answer to {question.id!r} must be a number of {question.unit}, got {raw!r}"
        ) from None
    if not math.isfinite(number):
        raise InputError(f"answer to {question.id!r} must be a finite number, got {raw!r}")
    low = question.minimum if question.minimum is not None else -math.inf
    high = question.maximum if question.maximum is not None else math.inf
    if not low <= number <= high:
        raise OutOfRangeError(
            f"answer to {question.id!r} ({number:g} {question.unit}) is not plausible: expected "
            f"{low:g} to {high:g} {question.unit}"
        )
    return number


_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


def parse_answer(question: Question, raw: object) -> AnswerValue:
    """Return the answer to ``question`` as a bool, a float or a choice string.

    Parameters
    ----------
    question
        The question answered.
    raw
        The answer as read from a file or typed: ``true``/``false`` or ``yes``/``no`` for
        yes/no questions, a number (or numeric text) for number questions, one of the choices.

    Raises
    ------
    InputError
        If the answer does not fit the question (``OutOfRangeError`` for an implausible number).
    """
    if question.kind == "yes-no":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in _YES | _NO:
            return raw.strip().lower() in _YES
        raise InputError(f"answer to {question.id!r} must be yes or no (true/false), got {raw!r}")
    if question.kind == "number":
        return _parse_number(question, raw)
    if isinstance(raw, str) and raw.strip().lower() in question.choices:
        return raw.strip().lower()
    raise InputError(
        f"answer to {question.id!r} must be one of {', '.join(question.choices)}, got {raw!r}"
    )


@dataclass(frozen=True, slots=True)
class ScreeningAnswers:
    """A complete, validated set of answers to :data:`QUESTIONNAIRE`.

    Build it with :meth:`from_mapping`; optional numbers that were not answered are absent.
    """

    values: Mapping[str, AnswerValue]

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> ScreeningAnswers:
        """Validate answers read from a TOML or JSON document.

        Parameters
        ----------
        data
            Question id -> answer. ``None`` (JSON null) means "not answered".

        Raises
        ------
        InputError
            For an unknown key, a missing required answer or an answer of the wrong kind.
        """
        if not isinstance(data, Mapping):
            raise InputError("screening answers must be a table of question id = answer")
        unknown = sorted(str(key) for key in data if key not in QUESTIONS_BY_ID)
        if unknown:
            raise InputError(
                f"unknown screening question(s): {', '.join(unknown)} (run 'occlusion screen' "
                "without --answers to see the questions, or see docs/screening.md)"
            )
        values: dict[str, AnswerValue] = {}
        for question in QUESTIONNAIRE:
            raw = data.get(question.id)
            if raw is None:
                continue
            values[question.id] = parse_answer(question, raw)
        missing = [q.id for q in QUESTIONNAIRE if q.required and q.id not in values]
        if missing:
            raise InputError(f"missing screening answer(s): {', '.join(missing)}")
        sbp, dbp = values.get("resting_sbp_mmhg"), values.get("resting_dbp_mmhg")
        if isinstance(sbp, float) and isinstance(dbp, float) and dbp >= sbp:
            raise InputError(
                f"diastolic pressure {dbp:g} mmHg must be below systolic pressure {sbp:g} mmHg"
            )
        if dbp is not None and sbp is None:
            raise InputError("give the systolic (upper) blood pressure with the diastolic one")
        return cls(MappingProxyType(values))

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values.items())))

    def yes(self, question_id: str) -> bool:
        """Return whether the yes/no question was answered yes."""
        return self.values.get(question_id) is True

    def number(self, question_id: str) -> float | None:
        """Return a number answer, or ``None`` if it was not given."""
        value = self.values.get(question_id)
        return value if isinstance(value, float) else None

    def choice(self, question_id: str) -> str | None:
        """Return a choice answer, or ``None`` if it was not given."""
        value = self.values.get(question_id)
        return value if isinstance(value, str) else None

    def as_dict(self) -> dict[str, AnswerValue]:
        """Return the answers as a JSON-ready mapping."""
        return dict(self.values)


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
        if policy.missing_blood_pressure == "cleared":
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
            "exclude",
            policy.exclude_sbp_mmhg,
            policy.exclude_dbp_mmhg,
            "is markedly raised: no BFR until it is controlled and re-checked",
        ),
        (
            "refer",
            policy.refer_sbp_mmhg,
            policy.refer_dbp_mmhg,
            "is high: a clinician should review it before BFR",
        ),
        (
            "caution",
            policy.caution_sbp_mmhg,
            policy.caution_dbp_mmhg,
            "is raised: use the low end of the pressure range and re-check it",
        ),
    )
    for decision, sbp_limit, dbp_limit, words in levels:
        if sbp >= sbp_limit or (dbp is not None and dbp >= dbp_limit):
            keys = policy_keys
            if decision == "exclude":
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
            "exclude",
            _refs(KAATSU_AGE_GUIDANCE.key, SCREENING_POLICY_REFERENCE.key),
        )
    if age_years < policy.adult_age_years:
        return ScreeningReason(
            "age",
            f"Under {policy.adult_age_years:g} years: a clinician and a parent or guardian "
            "should agree first.",
            "refer",
            _refs(SCREENING_POLICY_REFERENCE.key),
        )
    return None


def _surgery_reason(days: float | None, policy: ScreeningPolicy) -> ScreeningReason | None:
    if days is None:
        return None
    if days < policy.surgery_refer_days:
        decision: Decision = "refer"
        words = "the surgeon or physiotherapist must agree to BFR first"
    elif days < policy.surgery_caution_days:
        decision = "caution"
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
        decision: Decision = "exclude"
    elif score >= policy.dvt_score_refer:
        decision = "refer"
    else:
        decision = "caution"
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
            if decision is not None and decision != "cleared":
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
                if decision != "cleared":
                    reasons.append(
                        ScreeningReason(
                            question.id,
                            f"{question.reason} (answer: {chosen})",
                            decision,
                            _refs(*question.reference_keys, SCREENING_POLICY_REFERENCE.key),
                        )
                    )
    age = answers.number("age_years")
    if age is not None:
        if age >= 60:
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
    reasons.sort(key=lambda reason: -severity(reason.decision))
    return ScreeningResult(
        decision=_most_severe([reason.decision for reason in reasons]),
        reasons=tuple(reasons),
        policy=policy,
        dvt_risk_score=dvt_score,
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
    if result.decision == "exclude":
        raise ScreeningBlockError(f"screening excludes blood-flow-restriction training: {why}")
    if result.decision == "refer" and not clinician_clearance:
        raise ScreeningBlockError(
            "screening refers you to a clinician first; no plan until their clearance is "
            f"recorded: {why}"
        )
