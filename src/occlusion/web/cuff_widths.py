"""Cuff and band widths as people type them: in their own units, kept in centimetres.

A person types a width in their length unit (cm, or in for imperial) in a field whose name has
no unit (``cuff_width``, ``width``); the bounds and the example a refusal offers are in that
unit, round. A width a page already read and carries on (a hidden field, a link to the next
step) travels in centimetres, in the field named with ``_cm``, so it never drifts through
conversions. Whatever was typed, the layers below get centimetres.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from occlusion import units
from occlusion.science.bands import CALIBRATED_WIDTH_CM
from occlusion.science.checks import PLAUSIBLE_CUFF_WIDTH_CM
from occlusion.vocabulary import UnitSystem
from occlusion.web.fields import FormInvalid, Number, Spec, read_form

#: The width a refusal offers as an example [cm]: the 5 cm elastic band of the stretch
#: calibration (Abe et al. 2019), "such as 5" in cm and "such as 2" in inches.
EXAMPLE_WIDTH_CM = CALIBRATED_WIDTH_CM


def width_spec(name: str, label: str, system: UnitSystem, *, required: bool = True) -> Number:
    """Return the field ``name`` for a width typed in ``system``'s length unit."""
    low, high = units.length_bounds(PLAUSIBLE_CUFF_WIDTH_CM, system)
    return Number(
        name,
        label,
        low,
        high,
        unit=str(units.length_unit(system)),
        required=required,
        example=units.typical_length(EXAMPLE_WIDTH_CM, system),
    )


def read_with_width(
    fields: Mapping[str, str],
    specs: Iterable[Spec],
    system: UnitSystem,
    *,
    typed: str = "cuff_width",
    carried: str = "cuff_width_cm",
    label: str = "Cuff width",
    required: bool = True,
) -> dict[str, Any]:
    """Read ``specs`` and a width; return their values with the width [cm] under ``carried``.

    The width comes from ``typed`` (in ``system``'s unit) when the form sent that field, else
    from ``carried`` (centimetres, carried on from an earlier step). Every invalid field has its
    message; a carried width's message is shown beside the typed field, the one people see.

    Raises
    ------
    FormInvalid
        A field is invalid (each with its message).
    """
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    try:
        values = read_form(fields, specs)
    except FormInvalid as problem:
        errors.update(problem.errors)
    width_cm: float | None = None
    try:
        if typed in fields or carried not in fields:
            width = read_form(fields, (width_spec(typed, label, system, required=required),))
            typed_value = width[typed]
            width_cm = None if typed_value is None else units.length_to_cm(typed_value, system)
        else:
            spec = Number(carried, label, *PLAUSIBLE_CUFF_WIDTH_CM, unit="cm", required=required)
            width_cm = read_form(fields, (spec,))[carried]
    except FormInvalid as problem:
        errors[typed] = next(iter(problem.errors.values()))
    if errors:
        raise FormInvalid(errors)
    return {**values, carried: width_cm}


def typed_width(fields: Mapping[str, str], system: UnitSystem, *, typed: str = "cuff_width",
                carried: str = "cuff_width_cm") -> dict[str, str]:
    """Return ``fields`` with the typed width filled in from a carried one, for a form to show.

    A link that carries a width in centimetres opens a form whose width field is in the
    reader's unit: the field shows the carried width converted (``"11.4"`` cm is ``"4.5"`` in).
    """
    if fields.get(typed) or not fields.get(carried):
        return dict(fields)
    text = fields[carried]
    try:
        width_cm = float(text)
    except ValueError:
        width_cm = math.nan
    # What cannot be read is shown as it came, for its refusal to make sense beside it.
    shown = units.length_number(width_cm, system, 2) if math.isfinite(width_cm) else text
    return {**fields, typed: shown}
