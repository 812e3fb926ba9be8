"""Checks on what a person reports at the end of a set (before anything is journalled)."""

from __future__ import annotations

import math

from occlusion.errors import InputError
from occlusion.sessions.events import LoggedSet


def check_rating(value: float, name: str, *, whole: bool = False) -> None:
    """Refuse a 0-10 rating that is not a finite number in range (or not whole)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(f"{name} must be a number from 0 to 10, got {value!r}")
    if not 0 <= value <= 10:
        raise InputError(f"{name} must be from 0 to 10, got {value:g}")
    if whole and not float(value).is_integer():
        raise InputError(f"{name} must be a whole number from 0 to 10, got {value:g}")


def check_logged(logged: LoggedSet) -> None:
    """Refuse impossible repetitions, loads, units and ratings."""
    if logged.reps is not None and (
        isinstance(logged.reps, bool)
        or not isinstance(logged.reps, int)
        or not 0 <= logged.reps <= 10_000
    ):
        raise InputError(f"repetitions must be a whole number of at least 0, got {logged.reps!r}")
    if logged.load_kg is not None and not (
        math.isfinite(logged.load_kg) and 0 <= logged.load_kg <= 1000
    ):
        raise InputError(f"load must be 0 to 1000 kg, got {logged.load_kg!r}")
    if logged.load_entered_unit not in ("kg", "lb"):
        raise InputError(f"unknown load unit {logged.load_entered_unit!r}: use kg or lb")
    if logged.rpe is not None:
        check_rating(logged.rpe, "RPE")
    if logged.discomfort is not None:
        check_rating(logged.discomfort, "discomfort", whole=True)
