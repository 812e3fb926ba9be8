"""Loads and lengths on the terminal, in the units of the person whose data is shown.

The readable output of ``history``, ``progress``, ``person show``, ``plan`` and the session
screen converts stored kilograms and centimetres here (through :mod:`occlusion.units`); the
``--json`` output keeps the canonical units.
"""

from __future__ import annotations

from occlusion import units


def mass_text(mass_kg: float | None, system: str, digits: int = units.MASS_DIGITS) -> str:
    """Return a mass [kg] with its unit in ``system``: ``"135 lb"``, or ``"-"`` when unknown."""
    return "-" if mass_kg is None else units.format_mass(float(mass_kg), system, digits)


def mass_value(mass_kg: float | None, system: str, digits: int = units.MASS_DIGITS) -> str:
    """Return a mass [kg] as a number in ``system``'s unit, for a column that names the unit."""
    if mass_kg is None:
        return "-"
    return units.number_text(units.kg_to_display(float(mass_kg), system), digits)


def length_text(length_cm: float | None, system: str) -> str:
    """Return a length [cm] with its unit in ``system``: ``"21.7 in"``, or ``"-"``."""
    return "-" if length_cm is None else units.format_length(float(length_cm), system)


def mass_symbol(system: str) -> str:
    """Return the symbol loads are shown in for ``system`` (kg or lb)."""
    return str(units.mass_unit(system))
