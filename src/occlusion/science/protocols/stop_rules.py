"""Safety stop rules that travel with every plan, as data.

The session runner (and the cuff supervisor) act on these at once. Thresholds that are a choice
of this project rather than a published finding are marked as policy in their reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from occlusion import evidence
from occlusion.evidence import Reference
from occlusion.vocabulary import StopAction

BRANDNER_PATTERSON_2018 = evidence.register(
    Reference(
        key="brandner_patterson_2018_survey",
        citation=(
            "Brandner CR, Patterson SD. Questionnaire survey of practitioners who use blood flow "
            "restriction (250 respondents, 115 prescribers). J Sports Sci. 2018."
        ),
        status="verified",
        doi="10.1080/02640414.2017.1284341",
        url="https://research.stmarys.ac.uk/1360/",
        note=(
            "115 prescribers reported side effects: muscle soreness 39.2 %, numbness 18.5 %, "
            "fainting/dizziness 14.6 %, bruising 13.1 %."
        ),
    )
)
STOP_RULE_POLICY = evidence.register(
    Reference(
        key="occlusion_policy_stop_rules",
        citation=(
            "Occlusion project policy: stop thresholds for guided sessions (discomfort above 7/10, "
            "10 mmHg step-down on tingling)."
        ),
        status="policy",
        note="Chosen by this project as conservative defaults; not a published cut-off.",
    )
)
KAATSU_CAPILLARY_REFILL = evidence.register(
    Reference(
        key="kaatsu_global_capillary_refill",
        citation="KAATSU Global. Guidance on capillary refill time during KAATSU (manufacturer).",
        status="verified-secondary",
        url="http://www.kaatsublog.com/2019/11/7-using-kaatsu-cycle-20-checking-for.html",
        note="Capillary refill ideally under 1 s, at most under 3 s; manufacturer guidance.",
    )
)


@dataclass(frozen=True, slots=True)
class StopRule:
    """One condition that ends or eases restriction at once.

    Parameters
    ----------
    code
        Stable identifier used by the session runner and the logs.
    condition
        What the person notices or reports, in plain words.
    action
        ``reduce-pressure`` (lower by ``pressure_step_mmhg`` and continue), ``release``
        (release restriction now; the session may continue after reperfusion) or
        ``release-and-stop`` (release and end the session).
    advice
        What the person does next.
    discomfort_above
        For the discomfort rule: the 0–10 rating above which it fires.
    pressure_step_mmhg
        For ``reduce-pressure``: the step [mmHg].
    """

    code: str
    condition: str
    action: StopAction
    advice: str
    references: tuple[Reference, ...]
    discomfort_above: float | None = None
    pressure_step_mmhg: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "code": self.code,
            "condition": self.condition,
            "action": self.action,
            "advice": self.advice,
            "discomfort_above": self.discomfort_above,
            "pressure_step_mmhg": self.pressure_step_mmhg,
            "references": [reference.key for reference in self.references],
        }


#: The one discomfort policy: a rating above this (0-10 scale) releases the band or cuff now.
#: SmartCuffs' manual says to stop when pain or discomfort exceeds 7/10 (project evidence,
#: peers.md); the session runner, the cuff supervisor and the roster's alert all use this value.
DISCOMFORT_RELEASE_ABOVE = 7.0

STOP_RULES: tuple[StopRule, ...] = (
    StopRule(
        code="discomfort-above-7",
        condition="discomfort or pain under the band rated above 7 out of 10",
        action=StopAction.RELEASE,
        advice="release the band or cuff now; resume only if the next application is easier",
        references=(STOP_RULE_POLICY,),
        discomfort_above=DISCOMFORT_RELEASE_ABOVE,
    ),
    StopRule(
        code="tingling",
        condition="tingling below the band",
        action=StopAction.REDUCE_PRESSURE,
        advice="lower the cuff by 10 mmHg (or loosen the wrap a little); release if it persists",
        references=(STOP_RULE_POLICY, BRANDNER_PATTERSON_2018),
        pressure_step_mmhg=10.0,
    ),
    StopRule(
        code="numbness",
        condition="numbness below the band",
        action=StopAction.RELEASE_AND_STOP,
        advice="release now and end the session; tell a clinician if it lasts after release",
        references=(BRANDNER_PATTERSON_2018,),
    ),
    StopRule(
        code="dizziness",
        condition="dizziness, light-headedness or feeling faint",
        action=StopAction.RELEASE_AND_STOP,
        advice="release now, sit or lie down with the legs raised, end the session",
        references=(BRANDNER_PATTERSON_2018,),
    ),
    StopRule(
        code="sharp-pain",
        condition="sharp pain, or pain that does not ease when the set ends",
        action=StopAction.RELEASE_AND_STOP,
        advice="release now and end the session",
        references=(STOP_RULE_POLICY,),
    ),
    StopRule(
        code="colour-or-refill",
        condition=(
            "the skin below the band turns white, blue or cold, or colour takes longer than "
            "3 s to return after you press a fingertip into it"
        ),
        action=StopAction.RELEASE,
        advice="release now: the band is closing the artery; loosen it before the next set",
        references=(KAATSU_CAPILLARY_REFILL,),
    ),
)

