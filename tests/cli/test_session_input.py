"""What a person types during a session: commands, and one clear refusal for a near miss."""

from __future__ import annotations

import pytest

from occlusion.cli.session_input import parse_command
from occlusion.errors import InputError
from occlusion.vocabulary import MassUnit


def test_a_set_with_a_load_in_pounds() -> None:
    command = parse_command("30 lb 135 d 4")
    assert (command.action, command.reps, command.load, command.load_unit) == (
        "log",
        30,
        135.0,
        MassUnit.LB,
    )
    assert command.discomfort == 4


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("lb 135", "lb goes after the set's repetitions, such as 30 lb 135"),
        ("kg 60", "kg goes after the set's repetitions, such as 30 kg 60"),
        ("rpe 7", "rpe goes after the set's repetitions, such as 30 rpe 7"),
        ("d", "give one rating from 0 to 10 after d, such as d 8"),
        ("d 4 5", "give one rating from 0 to 10 after d"),
        ("s", "give one symptom after s, such as s numbness"),
        ("what", "unknown command 'what'"),
    ],
)
def test_a_near_miss_says_what_to_type(line: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_command(line)
    assert str(caught.value).startswith(words)
    assert "\n" not in str(caught.value)
