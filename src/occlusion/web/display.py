"""Loads and lengths on pages, in the units of the account reading them.

Every page gets ``units`` (the reader's :class:`~occlusion.vocabulary.UnitSystem`) in its
context; templates show stored kilograms and centimetres through the filters here
(:data:`FILTERS`), so a person
who chose imperial reads pounds and inches everywhere, and a coach reads every athlete in the
coach's own units. Pressures stay in mmHg.
"""

from __future__ import annotations

from typing import Any

from litestar import Request

from occlusion import units
from occlusion.services.display_units import units_of_account
from occlusion.vocabulary import UnitSystem
from occlusion.web.context import app_state, current_account


def reader_units(request: Request[Any, Any, Any]) -> UnitSystem:
    """Return the units of the signed-in account (metric when nobody is signed in)."""
    cached = request.scope.get("occlusion_units")
    if isinstance(cached, UnitSystem):
        return cached
    account = current_account(request)
    system = (
        UnitSystem.METRIC
        if account is None
        else units_of_account(app_state(request).database, account.id, account.person_id)
    )
    request.scope["occlusion_units"] = system  # type: ignore[typeddict-unknown-key]
    return system


def mass(mass_kg: float | None, system: str, digits: int = units.MASS_DIGITS) -> str:
    """Template filter: ``{{ set.load_kg | show_mass(units) }}`` → ``"135 lb"`` (or ``"—"``)."""
    return "—" if mass_kg is None else units.format_mass(float(mass_kg), system, digits)


def length(length_cm: float | None, system: str, digits: int = units.LENGTH_DIGITS) -> str:
    """Template filter: ``{{ limb.circumference_cm | show_length(units) }}`` → ``"15.2 in"``."""
    return "—" if length_cm is None else units.format_length(float(length_cm), system, digits)


def cuff_width(width_cm: float | None, system: str) -> str:
    """Template filter: a cuff's width as its maker states it (cm), with inches for imperial."""
    if width_cm is None:
        return "—"
    metric = f"{units.number_text(float(width_cm), units.LENGTH_DIGITS)} cm"
    if system == UnitSystem.METRIC:
        return metric
    return f"{metric} ({units.format_length(float(width_cm), system)})"


#: Cuff and band widths on sale in inches, for the hint that gives their centimetres [in].
COMMON_CUFF_WIDTHS_IN = (2.0, 3.0, 4.5, 7.0)


def cuff_width_hint(system: str) -> str:
    """Template filter: for imperial readers, the centimetres of common widths in inches.

    Every cuff width is typed in centimetres, the unit makers state it in, whatever the
    reader's units (so the width written on the cuff is the width typed); an imperial reader
    gets the conversion beside the field, and reads the width back as "5 cm (2.0 in)".
    """
    if system == UnitSystem.METRIC:
        return ""
    pairs = ", ".join(
        f"{units.number_text(width_in, 1)} in is "
        f"{units.number_text(units.inches_to_cm(width_in), 1)} cm"
        for width_in in COMMON_CUFF_WIDTHS_IN
    )
    return f"In centimetres, as makers state it: {pairs}."


def mass_number(
    mass_kg: float | None, system: str, digits: int = units.MASS_DIGITS
) -> str:
    """Template filter: a mass [kg] as a form's value in the reader's unit (empty if none)."""
    return "" if mass_kg is None else units.mass_number(float(mass_kg), system, digits)


def mass_value(mass_kg: float | None, system: str, digits: int = 1) -> str:
    """Template filter: a mass [kg] for a table whose header names the unit (``"4,050"``)."""
    if mass_kg is None:
        return "—"
    return units.number_text(units.kg_to_display(mass_kg, system), digits)


def length_number(
    length_cm: float | None, system: str, digits: int = units.LENGTH_DIGITS
) -> str:
    """Template filter: a length [cm] as a form's value in the reader's unit (empty if none)."""
    return "" if length_cm is None else units.length_number(float(length_cm), system, digits)


def unit_symbols(system: str) -> dict[str, str]:
    """Return the symbols a page writes beside numbers: ``{"mass": "lb", "length": "in"}``."""
    return {"mass": str(units.mass_unit(system)), "length": str(units.length_unit(system))}


#: Jinja filters by name (``length`` is Jinja's own, so these say what they show).
FILTERS = {
    "show_mass": mass,
    "show_length": length,
    "cuff_width": cuff_width,
    "cuff_width_hint": cuff_width_hint,
    "mass_number": mass_number,
    "mass_value": mass_value,
    "length_number": length_number,
}
