"""The command line renders codes with its own next steps."""

from __future__ import annotations

from occlusion.cli.messages import error_text, warning_text
from occlusion.errors import InputError, NotEstimableError
from occlusion.messages import Message


def test_a_known_code_gets_the_command_to_run() -> None:
    error = InputError(
        "no blood pressure recorded for Ana",
        code="lop.needs-blood-pressure",
        person="Ana",
        person_ref="1a2b3c4d",
    )
    assert error_text(error) == (
        "no blood pressure recorded for Ana: run 'occlusion measure bp --person 1a2b3c4d' first"
    )


def test_missing_equation_inputs_name_the_options() -> None:
    error = NotEstimableError(
        "method x needs age_years.", code="lop.not-estimable.missing-inputs", missing=("age_years",)
    )
    assert "give --age" in error_text(error)


def test_an_unknown_code_keeps_the_default_wording() -> None:
    assert error_text(InputError("bad  value\n here")) == "bad value here"


def test_a_code_without_its_fields_keeps_the_default_wording() -> None:
    assert error_text(InputError("no plan", code="session.no-plan")) == "no plan"


def test_warnings_with_a_code_get_a_next_step_and_plain_strings_stay() -> None:
    warning = Message("rests on an estimated LOP", code="plan.lop-estimated")
    assert "occlusion lop measure" in warning_text(warning)
    assert warning_text("just words") == "just words"


def test_a_walkthrough_answer_not_understood_says_what_to_type() -> None:
    def refusal(step_kind: str) -> InputError:
        return InputError(
            "answer 'maybe' not understood: go on, or stop",
            code="lop.walkthrough.answer-not-understood", answer="maybe", step_kind=step_kind,
        )

    assert error_text(refusal("instruction")).endswith(": press Enter to go on, or type stop")
    assert error_text(refusal("pulse-check")).endswith(": type y (pulse there), n or stop")
