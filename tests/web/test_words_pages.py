"""Words on pages: vocabulary values, stop reasons and command-line advice from below."""

from __future__ import annotations

from occlusion.errors import InputError
from occlusion.vocabulary import stop_reason_words as stop_reason
from occlusion.vocabulary import strip_command_advice
from occlusion.web.words import error_text, label


def test_vocabulary_values_read_as_words() -> None:
    assert label("left-thigh") == "left thigh"
    assert label("pulse-oximeter") == "pulse oximeter"
    assert label("supine") == "lying down"
    assert label("refer") == "see a clinician"
    assert label("some-new-value") == "some new value"


def test_command_line_advice_never_reaches_a_page() -> None:
    for message in (
        "Ana has no plan yet: write one with 'occlusion plan --person 1a2b3c4d'",
        "no LOP on record: measure it with 'occlusion measure lop' first",
        "Ana has a session in progress: resume it with 'occlusion session resume' or stop it",
        "add it to the profile as [limbs.measured_lop]",
    ):
        words = strip_command_advice(message)
        assert "occlusion " not in words and "--" not in words and "[" not in words, words
        assert words
    assert error_text(InputError("no plan yet: run 'occlusion plan'")) == "no plan yet"


def test_parentheses_without_commands_are_kept_whole() -> None:
    message = (
        "group means 187 mmHg supine (Hughes 2018); 148 supine vs 177 seated (Sieljacks 2018); "
        "measure it by hand (run 'occlusion lop measure')"
    )
    words = strip_command_advice(message)
    assert words == (
        "group means 187 mmHg supine (Hughes 2018); 148 supine vs 177 seated (Sieljacks 2018); "
        "measure it by hand"
    )
    assert words.count("(") == words.count(")")


def test_stop_reasons_read_as_words() -> None:
    assert stop_reason("stop rule dizziness: release now") == "stopped for dizziness"
    assert stop_reason("stopped by the person") == "stopped with the stop button"
    assert stop_reason("device fault: sensor") == "stopped by a cuff fault"
    assert stop_reason("no page followed the session for 30 s") == (
        "stopped because the page was closed"
    )
    assert stop_reason(None) == "—"
