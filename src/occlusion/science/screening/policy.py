"""Screening policy: the configurable cut-offs that turn answers into decisions.

Nothing here is BFR evidence. The blood-pressure, age, surgery and DVT-score cut-offs and the
outcome of each question are settings chosen by this project as conservative defaults, labelled
as policy wherever they are shown, and replaceable by a clinic
(:meth:`ScreeningPolicy.from_mapping`, ``occlusion screen --policy FILE``). The exclude level for
blood pressure (180/110 mmHg) is the "markedly elevated" level listed by Nascimento et al. 2022
(Table 5).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from occlusion.errors import InputError
from occlusion.science.screening.questions import QUESTIONS_BY_ID, SCREENING_POLICY_REFERENCE
from occlusion.vocabulary import Decision, values


def check_decision(value: object, what: str) -> Decision:
    """Return ``value`` as a decision, else raise a clear :class:`InputError`."""
    if isinstance(value, str) and value in values(Decision):
        return Decision(value)
    raise InputError(
        f"{what} must be one of {', '.join(values(Decision))}, got {value!r}",
        code="screening.policy.bad-decision",
        what=what,
        value=str(value),
        allowed=values(Decision),
    )


def _policy_number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(
            f"policy setting {name} must be a number, got {value!r}",
            code="screening.policy.not-a-number", setting=name, value=str(value),
        )
    if not math.isfinite(value):
        raise InputError(
            f"policy setting {name} must be a finite number, got {value!r}",
            code="screening.policy.not-finite", setting=name, value=str(value),
        )
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
        Decision when no resting blood pressure is given. ``cleared`` by default: blood pressure
        is asked where it is needed (the LOP estimate, the plan), and the plan screens again with
        it, so nobody who screens before measuring it is flagged; the result lists it as
        pending instead. A clinic may set ``caution`` to flag it.
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
    missing_blood_pressure: Decision = Decision.CLEARED
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
                raise InputError(
                    f"policy setting {item.name} must be a number of at least 0",
                    code="screening.policy.negative", setting=item.name, value=value,
                )
        for low, middle, high, what in (
            (self.caution_sbp_mmhg, self.refer_sbp_mmhg, self.exclude_sbp_mmhg, "systolic"),
            (self.caution_dbp_mmhg, self.refer_dbp_mmhg, self.exclude_dbp_mmhg, "diastolic"),
            (self.dvt_score_caution, self.dvt_score_refer, self.dvt_score_exclude, "DVT score"),
        ):
            if not low <= middle <= high:
                raise InputError(
                    f"policy {what} cut-offs must rise from caution to exclude",
                    code="screening.policy.cut-offs-not-rising",
                    what=what,
                    cut_offs=[low, middle, high],
                )
        if self.minimum_age_years > self.adult_age_years:
            raise InputError(
                "policy minimum age must not exceed the adult age",
                code="screening.policy.minimum-age-above-adult-age",
                minimum_age_years=self.minimum_age_years,
                adult_age_years=self.adult_age_years,
            )
        if self.surgery_refer_days > self.surgery_caution_days:
            raise InputError(
                "policy surgery refer window must not exceed the caution window",
                code="screening.policy.surgery-windows-reversed",
                surgery_refer_days=self.surgery_refer_days,
                surgery_caution_days=self.surgery_caution_days,
            )
        object.__setattr__(
            self,
            "missing_blood_pressure",
            check_decision(self.missing_blood_pressure, "policy missing_blood_pressure"),
        )
        overrides = dict(self.decision_overrides)
        for question_id, decision in overrides.items():
            if question_id not in QUESTIONS_BY_ID:
                raise InputError(
                    f"policy override for unknown question {question_id!r}",
                    code="screening.policy.unknown-question", question=question_id,
                )
            overrides[question_id] = check_decision(decision, f"policy override for {question_id}")
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
            raise InputError(
                "a screening policy must be a table of setting = value",
                code="screening.policy.not-a-table",
            )
        known = {item.name: item for item in fields(cls)}
        unknown = sorted(str(key) for key in data if key not in known)
        if unknown:
            raise InputError(
                f"unknown screening policy setting(s): {', '.join(unknown)}; known: "
                f"{', '.join(known)}",
                code="screening.policy.unknown-settings", settings=unknown, known=list(known)
            )
        values: dict[str, Any] = {}
        for name, value in data.items():
            default = getattr(DEFAULT_POLICY, name)
            if name == "decision_overrides":
                if not isinstance(value, Mapping):
                    raise InputError(
                        "decision_overrides must be a table of question id = decision",
                        code="screening.policy.overrides-not-a-table",
                    )
                values[name] = dict(value)
            elif isinstance(default, str):
                values[name] = check_decision(value, f"policy {name}")
            else:
                number = _policy_number(name, value)
                if isinstance(default, int) and not number.is_integer():
                    raise InputError(
                        f"policy setting {name} must be a whole number, got {value!r}",
                        code="screening.policy.not-whole", setting=name, value=str(value),
                    )
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
