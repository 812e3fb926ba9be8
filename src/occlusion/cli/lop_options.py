"""Option parsing and printing shared by the ``occlusion lop`` commands.

Numbers and required options are read as text and checked here, so that every mistake ends in
the same one-line project error (exit status 2) whatever the installed typer/click version does
with its own parameter errors.
"""

from __future__ import annotations

from typing import Any

from occlusion.errors import InputError
from occlusion.evidence import Reference
from occlusion.science.common import (
    CUFF_MATERIALS,
    LIMBS,
    POSTURES,
    SEXES,
    CuffMaterial,
    Limb,
    Posture,
    Sex,
    choose,
)
from occlusion.science.lop_measurement import DETECTION_METHODS, SIDES, DetectionMethod, Side
from occlusion.units import inches_to_cm


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


def parse_limb(text: str | None) -> Limb:
    """Return the required ``--limb``."""
    text = require_option(text, "--limb", "arm or thigh")
    choose(text, LIMBS, "limb")
    return "arm" if text == "arm" else "thigh"


def parse_posture(text: str) -> Posture:
    """Return ``--posture``."""
    choose(text, POSTURES, "posture")
    return "supine" if text == "supine" else "standing" if text == "standing" else "seated"


def parse_material(text: str) -> CuffMaterial:
    """Return ``--cuff-material``."""
    choose(text, CUFF_MATERIALS, "cuff material")
    return "elastic" if text == "elastic" else "nylon"


def parse_sex(text: str | None) -> Sex | None:
    """Return ``--sex``, or ``None`` when not given."""
    if text is None:
        return None
    choose(text, SEXES, "sex")
    return "male" if text == "male" else "female"


def parse_side(text: str | None) -> Side:
    """Return the required ``--side``."""
    text = require_option(text, "--side", "left or right")
    choose(text, SIDES, "side")
    return "left" if text == "left" else "right"


def parse_detection(text: str) -> DetectionMethod:
    """Return ``--detection``."""
    choose(text, DETECTION_METHODS, "pulse detection method")
    return "doppler" if text == "doppler" else "pulse-oximeter"


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
