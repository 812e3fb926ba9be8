"""When a screening is due again: its age, a new blood pressure, a new age band.

Answers age. A screening is due again when it is older than :data:`RESCREEN_AFTER_DAYS`
(policy), when a resting blood pressure taken after it leads to a more severe decision than the
one it was judged with, or when the person has since crossed an age that changes the decision
(the policy's minimum and adult ages, and the age of the DVT risk point). A screening that is
due still stands as a record; it no longer lets a new plan or session start
(:func:`occlusion.science.screening.require_plan_allowed` for the decision itself).

The interval is policy, not evidence: the PAR-Q+ clearance is valid for at most 12 months and
becomes invalid as soon as the person's condition changes; blood-flow restriction adds risks that
change faster (a new pregnancy, an operation, new medicine, a rising blood pressure), so this
project asks for half of that: about 6 months. People are told to screen again at once after a
new condition or a change of medicine, which software cannot detect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from occlusion import evidence
from occlusion.evidence import Reference
from occlusion.science.screening.decision import DVT_AGE_YEARS, blood_pressure_decision
from occlusion.science.screening.policy import DEFAULT_POLICY, ScreeningPolicy
from occlusion.vocabulary import Decision

PAR_Q_PLUS_VALIDITY = evidence.register(
    Reference(
        key="par_q_plus_validity",
        citation=(
            "PAR-Q+ Collaboration (Warburton DER, Jamnik VK, Bredin SSD, Gledhill N). The "
            "Physical Activity Readiness Questionnaire for Everyone (PAR-Q+): participant "
            "declaration."
        ),
        status="verified-secondary",
        url="https://bee-mumfit.co.uk/bootcamp-par-q/",
        note=(
            "'This physical activity clearance is valid for a maximum of 12 months from the date "
            "it is completed and becomes invalid if your condition changes so that you would "
            "answer YES to any of the 7 questions.' Read as quoted in fitness providers' copies "
            "of the form, not in the PAR-Q+ Collaboration's own publication."
        ),
    )
)
RESCREEN_POLICY = evidence.register(
    Reference(
        key="occlusion_policy_rescreen",
        citation=(
            "Occlusion project policy: screen again after 182 days, after a resting blood "
            "pressure that changes the decision, or after crossing an age that does."
        ),
        status="policy",
        note=(
            "Half the PAR-Q+ maximum of 12 months, because BFR adds clot and blood-pressure "
            "risks that change faster. Not a published figure."
        ),
    )
)

#: A screening older than this is due again (policy, see the module docstring) [days].
RESCREEN_AFTER_DAYS = 182


@dataclass(frozen=True, slots=True)
class RescreenReason:
    """Why a screening is due again: a stable code and its fields.

    Codes: ``screening.aged`` (``age_days``, ``valid_days``), ``screening.blood-pressure-changed``
    (``sbp_mmhg``, ``dbp_mmhg``, ``decision``), ``screening.age-band-changed``
    (``age_years``, ``threshold_years``).
    """

    code: str
    fields: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {"code": self.code, **self.fields}


def age_thresholds(policy: ScreeningPolicy = DEFAULT_POLICY) -> tuple[float, ...]:
    """Return the ages at which the screening's outcome can change [years], ascending."""
    return tuple(sorted({policy.minimum_age_years, policy.adult_age_years, float(DVT_AGE_YEARS)}))


def rescreen_reasons(
    *,
    screened_at: datetime,
    now: datetime,
    screened_age_years: float | None = None,
    age_years: float | None = None,
    screened_bp_mmhg: tuple[float | None, float | None] = (None, None),
    newer_bp_mmhg: tuple[float, float | None] | None = None,
    policy: ScreeningPolicy = DEFAULT_POLICY,
    valid_days: int = RESCREEN_AFTER_DAYS,
) -> tuple[RescreenReason, ...]:
    """Return why a screening done at ``screened_at`` is due again at ``now`` (empty: it stands).

    Parameters
    ----------
    screened_at, now
        When the screening was done and the moment asked about (both aware, or both naive UTC).
    screened_age_years, age_years
        The age the screening was judged with, and the age now [years].
    screened_bp_mmhg
        The resting (systolic, diastolic) pressure the screening was judged with [mmHg].
    newer_bp_mmhg
        The newest resting (systolic, diastolic) pressure taken after the screening [mmHg].
    policy
        The cut-offs the screening uses.
    valid_days
        How long a screening stands [days].
    """
    reasons: list[RescreenReason] = []
    age_days = (now - screened_at).days
    if age_days > valid_days:
        reasons.append(
            RescreenReason("screening.aged", {"age_days": age_days, "valid_days": valid_days})
        )
    if newer_bp_mmhg is not None:
        # Screened before any reading: only a reading that flags anything calls it back.
        before = (
            Decision.CLEARED
            if screened_bp_mmhg[0] is None
            else blood_pressure_decision(*screened_bp_mmhg, policy)
        )
        after = blood_pressure_decision(*newer_bp_mmhg, policy)
        if after.severity > before.severity:
            reasons.append(
                RescreenReason(
                    "screening.blood-pressure-changed",
                    {
                        "sbp_mmhg": newer_bp_mmhg[0],
                        "dbp_mmhg": newer_bp_mmhg[1],
                        "decision": str(after),
                    },
                )
            )
    if screened_age_years is not None and age_years is not None:
        crossed = [
            threshold
            for threshold in age_thresholds(policy)
            if min(screened_age_years, age_years) < threshold <= max(screened_age_years, age_years)
        ]
        if crossed:
            reasons.append(
                RescreenReason(
                    "screening.age-band-changed",
                    {"age_years": age_years, "threshold_years": crossed[-1]},
                )
            )
    return tuple(reasons)
