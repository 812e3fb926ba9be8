"""Loads and lengths on pages, in the units of the account reading them.

Every page gets ``units`` (the reader's :class:`~occlusion.vocabulary.UnitSystem`) in its
context; templates show stored kilograms and centimetres through the filters here
(:data:`FILTERS`), so a person
who chose imperial reads pounds and inches everywhere, and a coach reads every athlete in the
coach's own units. Pressures stay in mmHg.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request

from occlusion import units
from occlusion.science.bands import wrap_instructions
from occlusion.services.display_units import units_of_account
from occlusion.vocabulary import Limb, UnitSystem
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
    """Template filter: a cuff's width in the reader's unit, with centimetres for imperial.

    ``"5 cm"``, or ``"2.0 in (5 cm)"``: the width is typed in the reader's unit, and a cuff's
    label often states it in centimetres.
    """
    if width_cm is None:
        return "—"
    metric = f"{units.number_text(float(width_cm), units.LENGTH_DIGITS)} cm"
    if system == UnitSystem.METRIC:
        return metric
    return f"{units.format_length(float(width_cm), system)} ({metric})"


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
def wrap_steps(wrap: Mapping[str, Any], system: str) -> list[str]:
    """Template filter: a wrap plan's steps with its stored centimetres in the reader's units.

    The steps are written again from the plan's numbers each time, so a plan written before
    the reader chose other units reads in the units chosen now; a plan kept without those
    numbers shows the steps it was written with.
    """
    try:
        return list(
            wrap_instructions(
                limb=Limb(wrap["limb"]),
                units=UnitSystem(system),
                circumference_cm=float(wrap["circumference_cm"]),
                stretch_pct=float(wrap["stretch_pct"]),
                stretched_length_cm=float(wrap["stretched_length_cm"]),
                offset_cm=float(wrap["marks"]["b_past_a_after_one_turn_cm"]),
                turns=None if wrap.get("turns") is None else float(wrap["turns"]),
            )
        )
    except (KeyError, TypeError, ValueError):
        return [str(step) for step in wrap.get("instructions") or ()]


FILTERS = {
    "show_mass": mass,
    "show_length": length,
    "cuff_width": cuff_width,
    "mass_number": mass_number,
    "mass_value": mass_value,
    "length_number": length_number,
    "wrap_steps": wrap_steps,
}
