"""Screening answers: parsing and validating what a person answered.

:meth:`ScreeningAnswers.from_mapping` takes the table read from a TOML or JSON file (or typed
answers) and refuses unknown question ids, missing required answers, answers of the wrong kind
and implausible numbers with one clear :class:`~occlusion.errors.InputError`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from occlusion.errors import InputError, OutOfRangeError
from occlusion.science.screening.questions import QUESTIONNAIRE, QUESTIONS_BY_ID, Question

#: A parsed answer: yes/no as a bool, a number as a float, a choice as its text.
AnswerValue = bool | float | str


def _parse_number(question: Question, raw: object) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise InputError(
            f"answer to {question.id!r} must be a number of {question.unit}",
            code="screening.answer-not-a-number",
            question=question.id,
            unit=question.unit,
            value=str(raw),
        )
    try:
        number = float(raw)
    except ValueError:
        raise InputError(
            f"answer to {question.id!r} must be a number of {question.unit}, got {raw!r}",
            code="screening.answer-not-a-number",
            question=question.id,
            unit=question.unit,
            value=str(raw),
        ) from None
    if not math.isfinite(number):
        raise InputError(
            f"answer to {question.id!r} must be a finite number, got {raw!r}",
            code="screening.answer-not-finite",
            question=question.id,
            unit=question.unit,
            value=str(raw),
        )
    low = question.minimum if question.minimum is not None else -math.inf
    high = question.maximum if question.maximum is not None else math.inf
    if not low <= number <= high:
        raise OutOfRangeError(
            f"answer to {question.id!r} ({number:g} {question.unit}) is not plausible: expected "
            f"{low:g} to {high:g} {question.unit}",
            code="screening.answer-implausible",
            question=question.id,
            value=number,
            low=low,
            high=high,
            unit=question.unit,
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
        raise InputError(
            f"answer to {question.id!r} must be yes or no (true/false), got {raw!r}",
            code="screening.answer-not-yes-or-no", question=question.id, value=str(raw),
        )
    if question.kind == "number":
        return _parse_number(question, raw)
    if isinstance(raw, str) and raw.strip().lower() in question.choices:
        return raw.strip().lower()
    raise InputError(
        f"answer to {question.id!r} must be one of {', '.join(question.choices)}, got {raw!r}",
        code="screening.answer-not-a-choice",
        question=question.id,
        value=str(raw),
        allowed=list(question.choices),
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
            raise InputError(
                "screening answers must be a table of question id = answer",
                code="screening.answers-not-a-table",
            )
        unknown = sorted(str(key) for key in data if key not in QUESTIONS_BY_ID)
        if unknown:
            raise InputError(
                f"unknown screening question(s): {', '.join(unknown)}",
                code="screening.unknown-questions",
                questions=tuple(unknown),
            )
        values: dict[str, AnswerValue] = {}
        for question in QUESTIONNAIRE:
            raw = data.get(question.id)
            if raw is None:
                continue
            values[question.id] = parse_answer(question, raw)
        missing = [q.id for q in QUESTIONNAIRE if q.required and q.id not in values]
        if missing:
            raise InputError(
                f"missing screening answer(s): {', '.join(missing)}",
                code="screening.missing-answers", questions=tuple(missing),
            )
        sbp, dbp = values.get("resting_sbp_mmhg"), values.get("resting_dbp_mmhg")
        if isinstance(sbp, float) and isinstance(dbp, float) and dbp >= sbp:
            raise InputError(
                f"diastolic pressure {dbp:g} mmHg must be below systolic pressure {sbp:g} mmHg",
                code="input.diastolic-not-below-systolic", sbp_mmhg=sbp, dbp_mmhg=dbp
            )
        if dbp is not None and sbp is None:
            raise InputError(
                "give the systolic (upper) blood pressure with the diastolic one",
                code="screening.diastolic-without-systolic",
            )
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
