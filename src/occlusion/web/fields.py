"""Typed, bounded reading of HTML form fields, with an error per field in plain words.

A handler describes its form as a tuple of field specs; :func:`read_form` returns the typed
values or raises :class:`FormInvalid` with one message per field, which the page shows beside
that field while every answer stays in the form. Numbers are written the way people type them
("72", "72.5", "72,5"); exponents ("1e3"), hex, ``inf`` and ``nan`` are refused, so a slip of the
thumb cannot become a thousand repetitions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

_DECIMAL = re.compile(r"[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)")


class FormInvalid(Exception):
    """One or more fields of a form are invalid; ``errors`` maps field name to message.

    ``general`` holds a message about the form as a whole (two fields that disagree, a refusal
    from the layers below), shown above the form.
    """

    def __init__(self, errors: Mapping[str, str], general: str | None = None) -> None:
        super().__init__("; ".join([*errors.values(), *([general] if general else [])]))
        self.errors = dict(errors)
        self.general = general


def bound_text(value: float) -> str:
    """Return a bound as people write it: no exponent, and no thousands comma below 10,000.

    A year (2,026) or a four-digit count reads wrong with a comma; larger numbers are grouped.
    """
    text = f"{value:f}".rstrip("0").rstrip(".")
    if abs(value) >= 10_000:
        whole, _, fraction = text.partition(".")
        text = f"{int(whole):,d}" + (f".{fraction}" if fraction else "")
    return text


@dataclass(frozen=True, slots=True)
class Number:
    """A number from ``low`` to ``high`` (inclusive) in ``unit``, whole or not.

    ``example`` is the typical value a refusal offers ("such as 155"); without it the middle
    of the bounds is offered to a text that is not a number, which suits a scale but not a body
    mass or a load. A field with an example offers it with every refusal (empty, not a number,
    not whole, out of range), so fields read side by side (systolic and diastolic) each show
    what to type whichever way they were left.
    """

    name: str
    label: str
    low: float
    high: float
    unit: str = ""
    whole: bool = False
    required: bool = True
    example: float | None = None

    def read(self, text: str) -> float | int | None:
        """Return the typed value, ``None`` for an empty optional field.

        Raises
        ------
        ValueError
            The text is not an acceptable value; the message is for the person.
        """
        text = text.strip()
        if not text:
            if self.required:
                raise ValueError(self._missing())
            return None
        if not _DECIMAL.fullmatch(text):
            raise ValueError(self._not_number())
        value = float(text.replace(",", "."))
        if self.whole and not value.is_integer():
            raise ValueError(self._not_whole())
        if not self.low <= value <= self.high:
            raise ValueError(self._out_of_range())
        return int(value) if self.whole else value

    def rule(self) -> dict[str, Any]:
        """Return the bounds and the words of each refusal, for a page that checks before sending.

        The words are those :meth:`read` refuses with, so a page's own check and the server's
        say the same thing.
        """
        return {
            "low": self.low,
            "high": self.high,
            "whole": self.whole,
            "required": self.required,
            "missing": self._missing(),
            "not_number": self._not_number(),
            "not_whole": self._not_whole(),
            "out_of_range": self._out_of_range(),
        }

    def _missing(self) -> str:
        return f"Enter {self._what()}{self._such_as()}."

    def _not_number(self) -> str:
        return f"{self.label} must be {self._what()}, such as {self._example()}."

    def _not_whole(self) -> str:
        return f"{self.label} is a whole number, without decimals{self._such_as()}."

    def _out_of_range(self) -> str:
        return f"{self.label} must be {self._range()}{self._such_as()}."

    def _such_as(self) -> str:
        # Only a chosen example: the middle of the bounds is no typical value to steer towards.
        return "" if self.example is None else f", such as {self._example()}"

    def _what(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} {self._range()}"

    def _range(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"from {bound_text(self.low)} to {bound_text(self.high)}{unit}"

    def _example(self) -> str:
        if self.example is not None:
            return bound_text(self.example)
        middle = (self.low + self.high) / 2
        return f"{round(middle):d}" if self.whole or middle >= 10 else f"{middle:.1f}"


@dataclass(frozen=True, slots=True)
class Choice:
    """One of a fixed set of values, shown to people as ``labels`` (value → words)."""

    name: str
    label: str
    choices: Sequence[str]
    required: bool = True
    default: str | None = None

    def read(self, text: str) -> str | None:
        """Return the chosen value: ``default`` when nothing is sent, else ``None`` if optional.

        Raises
        ------
        ValueError
            Nothing chosen, or a value that is not offered.
        """
        text = text.strip()
        if not text:
            if self.default is not None:
                return self.default
            if self.required:
                raise ValueError(f"Choose the {self.label.lower()}.")
            return None
        if text not in self.choices:
            raise ValueError(f"Choose the {self.label.lower()} from the list.")
        return text


@dataclass(frozen=True, slots=True)
class Text:
    """Free text of at most ``max_length`` characters."""

    name: str
    label: str
    max_length: int = 500
    required: bool = False

    def read(self, text: str) -> str | None:
        """Return the trimmed text (``None`` when empty and optional).

        Raises
        ------
        ValueError
            Empty when required, or too long.
        """
        text = text.strip()
        if not text:
            if self.required:
                raise ValueError(f"Enter the {self.label.lower()}.")
            return None
        if len(text) > self.max_length:
            raise ValueError(f"{self.label} holds at most {self.max_length} characters.")
        return text


Spec = Number | Choice | Text


def choices_of(enum: type[StrEnum]) -> tuple[str, ...]:
    """Return the values of a vocabulary type, for a :class:`Choice`."""
    return tuple(member.value for member in enum)


def read_form(fields: Mapping[str, str], specs: Iterable[Spec]) -> dict[str, Any]:
    """Return the typed value of every field in ``specs``.

    Raises
    ------
    FormInvalid
        At least one field is invalid; every invalid field has its message.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in specs:
        try:
            values[spec.name] = spec.read(str(fields.get(spec.name, "")))
        except ValueError as error:
            errors[spec.name] = str(error)
    if errors:
        raise FormInvalid(errors)
    return values
