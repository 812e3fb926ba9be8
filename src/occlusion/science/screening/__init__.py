"""Pre-participation screening: the questionnaire, its answers, the policy and the decision.

Public API
----------
:data:`QUESTIONNAIRE`, :class:`Question`
    What is asked and what a "yes" leads to, with the evidence for it.
:class:`ScreeningAnswers`, :func:`parse_answer`
    Validated answers.
:class:`ScreeningPolicy`, :data:`DEFAULT_POLICY`
    The project's conservative cut-offs, replaceable by a clinic.
:func:`screen`, :class:`ScreeningResult`, :func:`require_plan_allowed`
    The decision (cleared, caution, refer, exclude) and the gate in front of every plan.
:func:`rescreen_reasons`, :data:`RESCREEN_AFTER_DAYS`
    When a screening is due again (its age, a new blood pressure, a new age band).

Modules outside this topic import from here, never from the modules inside it.
"""

from occlusion.science.screening.answers import AnswerValue, ScreeningAnswers, parse_answer
from occlusion.science.screening.decision import (
    DVT_AGE_YEARS,
    ScreeningReason,
    ScreeningResult,
    blood_pressure_decision,
    require_plan_allowed,
    screen,
)
from occlusion.science.screening.freshness import (
    PAR_Q_PLUS_VALIDITY,
    RESCREEN_AFTER_DAYS,
    RESCREEN_POLICY,
    RescreenReason,
    age_thresholds,
    rescreen_reasons,
)
from occlusion.science.screening.policy import DEFAULT_POLICY, ScreeningPolicy, check_decision
from occlusion.science.screening.questions import (
    NASCIMENTO_2022,
    QUESTIONNAIRE,
    QUESTIONS_BY_ID,
    Question,
)

__all__ = [
    "DEFAULT_POLICY",
    "DVT_AGE_YEARS",
    "NASCIMENTO_2022",
    "PAR_Q_PLUS_VALIDITY",
    "QUESTIONNAIRE",
    "QUESTIONS_BY_ID",
    "RESCREEN_AFTER_DAYS",
    "RESCREEN_POLICY",
    "AnswerValue",
    "Question",
    "RescreenReason",
    "ScreeningAnswers",
    "ScreeningPolicy",
    "ScreeningReason",
    "ScreeningResult",
    "age_thresholds",
    "blood_pressure_decision",
    "check_decision",
    "parse_answer",
    "require_plan_allowed",
    "rescreen_reasons",
    "screen",
]
