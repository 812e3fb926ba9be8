"""Checks on what a person reports at the end of a set (before anything is journalled).

Each refusal carries a code and the ``field`` it is about, so an interface can put its own
words beside that field.
"""

from __future__ import annotations

import math

from occlusion.errors import InputError
from occlusion.sessions.events import LoggedSet

#: More repetitions than this in one set is a typing slip, not a set: low-load sets taken to
#: failure with restriction end well below it. A guard against "999", not a training limit.
MAX_REPS_PER_SET = 100
#: Load bounds of one set [kg] (an empty bar to the heaviest machine stacks).
LOAD_RANGE_KG = (0.0, 1000.0)
#: The RPE scale of resistance training runs from 1 (very light) to 10 (maximal effort).
RPE_RANGE = (1.0, 10.0)
#: Discomfort under the band, 0 (none) to 10 (worst imaginable), in whole steps.
DISCOMFORT_RANGE = (0, 10)


def _number(value: object) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(float(value))
    )


def check_rating(
    value: float, name: str, *, whole: bool = False, low: float = 0.0, high: float = 10.0
) -> None:
    """Refuse a rating that is not a finite number from ``low`` to ``high`` (or not whole)."""
    field = name.lower()
    if not _number(value):
        raise InputError(
            f"{name} must be a number from {low:g} to {high:g}, got {value!r}",
            code="set.rating-out-of-range",
            field=field,
            low=low,
            high=high,
        )
    if not low <= value <= high or (whole and not float(value).is_integer()):
        raise InputError(
            f"{name} must be a {'whole ' if whole else ''}number from {low:g} to {high:g}, "
            f"got {value:g}",
            code="set.rating-out-of-range",
            field=field,
            low=low,
            high=high,
        )


def check_logged(logged: LoggedSet) -> None:
    """Refuse impossible repetitions, loads, units and ratings."""
    if logged.reps is not None and (
        isinstance(logged.reps, bool)
        or not isinstance(logged.reps, int)
        or not 0 <= logged.reps <= MAX_REPS_PER_SET
    ):
        raise InputError(
            f"repetitions must be a whole number from 0 to {MAX_REPS_PER_SET}, got {logged.reps!r}",
            code="set.reps-out-of-range",
            field="reps",
            high=MAX_REPS_PER_SET,
        )
    if logged.load_kg is not None and not (
        _number(logged.load_kg) and LOAD_RANGE_KG[0] <= logged.load_kg <= LOAD_RANGE_KG[1]
    ):
        raise InputError(
            f"load must be {LOAD_RANGE_KG[0]:g} to {LOAD_RANGE_KG[1]:g} kg, got {logged.load_kg!r}",
            code="set.load-out-of-range",
            field="load",
        )
    if logged.load_entered_unit not in ("kg", "lb"):
        raise InputError(
            f"unknown load unit {logged.load_entered_unit!r}: kg or lb",
            code="unknown-choice",
            what="load unit",
            field="load_unit",
        )
    if logged.rpe is not None:
        check_rating(logged.rpe, "RPE", low=RPE_RANGE[0], high=RPE_RANGE[1])
    if logged.discomfort is not None:
        check_rating(
            logged.discomfort,
            "Discomfort",
            whole=True,
            low=DISCOMFORT_RANGE[0],
            high=DISCOMFORT_RANGE[1],
        )
