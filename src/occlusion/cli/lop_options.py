"""Option parsing and printing shared by the ``occlusion lop`` commands.

Numbers and required options are read as text and checked here, so that every mistake ends in
the same one-line project error (exit status 2) whatever the installed click version does
with its own parameter errors.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from occlusion.errors import InputError
from occlusion.evidence import Reference
from occlusion.units import inches_to_cm
from occlusion.vocabulary import CuffMaterial, DetectionMethod, Limb, Posture, Sex, Side, choose

_Word = TypeVar("_Word", bound=StrEnum)


def parse_number(text: str | None, option: str) -> float | None:
    """Return ``text`` as a float, ``None`` when the option was not given."""
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{option} must be a number, got {text!r}") from None


def require_option(text: str | None, option: str, hint: str) -> str:
    """Return ``text``, or raise a clear error naming the missing ``option``."""
    if text is None:
        raise InputError(f"{option} is required ({hint})")
    return text


def require_number(text: str | None, option: str, hint: str) -> float:
    """Return the required numeric ``option`` as a float."""
    value = parse_number(require_option(text, option, hint), option)
    if value is None:
        raise InputError(f"{option} is required ({hint})")
    return value


def length_cm(value_cm: str | None, value_in: str | None, what: str) -> float:
    """Return a length [cm] given as ``--{what}-cm`` or ``--{what}-in`` (exactly one of them)."""
    label = what.replace("-", " ")
    if value_cm is not None and value_in is not None:
        raise InputError(f"give the {label} once: either --{what}-cm or --{what}-in")
    centimetres = parse_number(value_cm, f"--{what}-cm")
    if centimetres is not None:
        return centimetres
    inches = parse_number(value_in, f"--{what}-in")
    if inches is not None:
        return inches_to_cm(inches)
    raise InputError(f"the {label} is required: give --{what}-cm or --{what}-in")


def require_word(word: _Word | None, option: str, hint: str) -> _Word:
    """Return the required word option, or raise a clear error naming the missing ``option``."""
    if word is None:
        raise InputError(f"{option} is required ({hint})")
    return word


def parse_limb(text: str | None) -> Limb:
    """Return the required ``--limb``."""
    return choose(require_option(text, "--limb", "arm or thigh"), Limb, "limb")


def parse_posture(text: str) -> Posture:
    """Return ``--posture``."""
    return choose(text, Posture, "posture")


def parse_material(text: str) -> CuffMaterial:
    """Return ``--cuff-material``."""
    return choose(text, CuffMaterial, "cuff material")


def parse_sex(text: str | None) -> Sex | None:
    """Return ``--sex``, or ``None`` when not given."""
    return None if text is None else choose(text, Sex, "sex")


def parse_side(text: str | None) -> Side:
    """Return the required ``--side``."""
    return choose(require_option(text, "--side", "left or right"), Side, "side")


def parse_detection(text: str) -> DetectionMethod:
    """Return ``--detection``."""
    return choose(text, DetectionMethod, "pulse detection method")


def print_list(out: Any, title: str, lines: list[str]) -> None:
    """Print a bold title and indented lines (nothing when ``lines`` is empty)."""
    if not lines:
        return
    out.print(f"[bold]{title}[/bold]")
    for line in lines:
        out.print(f"  {line}", markup=False)


def print_references(out: Any, references: tuple[Reference, ...]) -> None:
    """Print references with their verification status."""
    lines = [f"- {reference.short()} [{reference.status}]" for reference in references]
    print_list(out, "References", lines)
