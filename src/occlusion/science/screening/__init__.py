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

Modules outside this topic import from here, never from the modules inside it.
"""

from occlusion.science.screening.answers import AnswerValue, ScreeningAnswers, parse_answer
from occlusion.science.screening.decision import (
    ScreeningReason,
    ScreeningResult,
    require_plan_allowed,
    screen,
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
    "NASCIMENTO_2022",
    "QUESTIONNAIRE",
    "QUESTIONS_BY_ID",
    "AnswerValue",
    "Question",
    "ScreeningAnswers",
    "ScreeningPolicy",
    "ScreeningReason",
    "ScreeningResult",
    "check_decision",
    "parse_answer",
    "require_plan_allowed",
    "screen",
]
