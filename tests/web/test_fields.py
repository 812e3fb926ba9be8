"""Typed, bounded form fields: what people type is read as they mean it, slips are refused."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from occlusion.web.fields import Choice, FormInvalid, Number, Text, bound_text, read_form

REPS = Number("reps", "Reps", 0, 100, whole=True)


@pytest.mark.parametrize(
    ("typed", "value"), [("12", 12), (" 7 ", 7), ("0", 0), ("100", 100), ("+3", 3)]
)
def test_whole_numbers_are_read(typed: str, value: int) -> None:
    assert REPS.read(typed) == value


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("abc", "Reps must be a whole number from 0 to 100, such as 50."),
        ("1e3", "Reps must be a whole number from 0 to 100, such as 50."),
        ("inf", "Reps must be a whole number from 0 to 100, such as 50."),
        ("nan", "Reps must be a whole number from 0 to 100, such as 50."),
        ("0x10", "Reps must be a whole number from 0 to 100, such as 50."),
        ("20.5", "Reps is a whole number, without decimals."),
        ("999", "Reps must be from 0 to 100."),
        ("-1", "Reps must be from 0 to 100."),
        ("", "Enter a whole number from 0 to 100."),
    ],
)
def test_slips_are_refused_in_words(typed: str, words: str) -> None:
    with pytest.raises(ValueError, match="^" + words.replace(".", r"\.").replace("+", r"\+")):
        REPS.read(typed)


def test_a_fields_rule_for_pages_holds_the_words_it_refuses_with() -> None:
    # The session page checks a set before sending it with these words: they must be read's.
    rule = REPS.rule()
    assert (rule["low"], rule["high"], rule["whole"], rule["required"]) == (0, 100, True, True)
    for typed, key in (("", "missing"), ("abc", "not_number"), ("20.5", "not_whole"),
                       ("999", "out_of_range")):
        with pytest.raises(ValueError) as refused:
            REPS.read(typed)
        assert str(refused.value) == rule[key], key


def test_a_field_with_an_example_offers_it_when_left_empty() -> None:
    diastolic = Number("diastolic", "Diastolic", 40, 130, unit="mmHg", example=75)
    with pytest.raises(ValueError, match=r"^Enter a number from 40 to 130 mmHg, such as 75\.$"):
        diastolic.read(" ")
    with pytest.raises(ValueError, match=r"^Diastolic must be a number .*, such as 75\.$"):
        diastolic.read("abc")


def test_a_decimal_comma_is_a_decimal_point() -> None:
    assert Number("kg", "Load", 0, 500, unit="kg").read("72,5") == 72.5


@given(st.text(max_size=12))
@example("1e3")
@example("٣")  # an Arabic-Indic digit: refused, only 0-9 are read
def test_any_text_is_a_bounded_number_or_refused(text: str) -> None:
    field = Number("x", "X", 0, 10)
    try:
        value = field.read(text)
    except ValueError as error:
        assert str(error).endswith(".")
        return
    assert value is None or 0 <= value <= 10


def test_choices_refuse_values_not_offered_and_fall_back_to_their_default() -> None:
    side = Choice("side", "Side", ("left", "right"))
    assert side.read("left") == "left"
    with pytest.raises(ValueError, match="Choose the side from the list"):
        side.read("middle")
    assert Choice("unit", "Unit", ("cm", "in"), default="cm").read("") == "cm"
    assert Text("note", "Note", max_length=5).read("  hi ") == "hi"
    with pytest.raises(ValueError, match="at most 5 characters"):
        Text("note", "Note", max_length=5).read("too long")


def test_every_invalid_field_is_reported_at_once() -> None:
    with pytest.raises(FormInvalid) as caught:
        read_form({"reps": "abc", "rpe": "0"}, (REPS, Number("rpe", "RPE", 1, 10)))
    assert set(caught.value.errors) == {"reps", "rpe"}


def test_a_year_range_is_written_without_a_thousands_comma() -> None:
    year = Number("birth_year", "Year of birth", 1900, 2026, whole=True)
    with pytest.raises(ValueError, match=r"^Year of birth must be from 1900 to 2026\.$"):
        year.read("1890")


@pytest.mark.parametrize(
    ("bound", "words"),
    [(1900, "1900"), (0.5, "0.5"), (10_000, "10,000"), (1e9, "1,000,000,000"), (-2.25, "-2.25")],
)
def test_bounds_are_written_without_exponents(bound: float, words: str) -> None:
    assert bound_text(bound) == words


def test_a_number_offers_its_typical_example_not_the_middle_of_its_bounds() -> None:
    body_mass = Number("body_mass", "Body mass", 56, 770, unit="lb", example=155)
    refusal = r"^Body mass must be a number from 56 to 770 lb, such as 155\.$"
    with pytest.raises(ValueError, match=refusal):
        body_mass.read("heavy")
    with pytest.raises(ValueError, match=r"such as 413\.$"):
        Number("body_mass", "Body mass", 56, 770, unit="lb").read("heavy")
