"""Unit conversions at the edges of the system.

Internally every raw float is in a canonical unit named in its variable: centimetres for lengths,
kilograms for loads, mmHg for pressures, seconds for durations. These functions convert what a
person types (inches, pounds, kPa) into those units and back for display. The factors are exact
by definition (international yard and pound agreement, 1959; conventional mmHg), and the test
suite checks them against ``pint``.
"""

from __future__ import annotations

from occlusion.errors import InputError
from occlusion.vocabulary import UnitSystem

CM_PER_INCH = 2.54
KG_PER_POUND = 0.45359237
#: Conventional millimetre of mercury, 13.5951 g/cm³ × 9.80665 m/s² × 1 mm, in pascal.
PA_PER_MMHG = 133.322387415


def inches_to_cm(length_in: float) -> float:
    """Convert a length in inches [in] to centimetres [cm]."""
    return length_in * CM_PER_INCH


def cm_to_inches(length_cm: float) -> float:
    """Convert a length in centimetres [cm] to inches [in]."""
    return length_cm / CM_PER_INCH


def pounds_to_kg(mass_lb: float) -> float:
    """Convert a mass in pounds [lb] to kilograms [kg]."""
    return mass_lb * KG_PER_POUND


def kg_to_pounds(mass_kg: float) -> float:
    """Convert a mass in kilograms [kg] to pounds [lb]."""
    return mass_kg / KG_PER_POUND


def mmhg_to_kpa(pressure_mmhg: float) -> float:
    """Convert a pressure in mmHg to kilopascal [kPa]."""
    return pressure_mmhg * PA_PER_MMHG / 1000.0


def kpa_to_mmhg(pressure_kpa: float) -> float:
    """Convert a pressure in kilopascal [kPa] to mmHg."""
    return pressure_kpa * 1000.0 / PA_PER_MMHG


def parse_unit_system(text: str) -> UnitSystem:
    """Return the unit system named by ``text`` (``metric``/``si`` or ``imperial``/``us``)."""
    lowered = text.strip().lower()
    if lowered in {"metric", "si", "cm", "kg"}:
        return UnitSystem.METRIC
    if lowered in {"imperial", "us", "in", "lb"}:
        return UnitSystem.IMPERIAL
    raise InputError(
        f"unknown unit system {text!r}: use 'metric' or 'imperial'",
        code="unknown-choice",
        what="unit system",
        value=text,
        allowed=("metric", "imperial"),
    )


def length_to_cm(value: float, units: UnitSystem) -> float:
    """Convert a length typed in ``units`` (cm or in) to centimetres [cm]."""
    return value if units == UnitSystem.METRIC else inches_to_cm(value)


def cm_to_display(length_cm: float, units: UnitSystem) -> float:
    """Convert a length in centimetres [cm] to the display unit of ``units`` (cm or in)."""
    return length_cm if units == UnitSystem.METRIC else cm_to_inches(length_cm)


def mass_to_kg(value: float, units: UnitSystem) -> float:
    """Convert a mass typed in ``units`` (kg or lb) to kilograms [kg]."""
    return value if units == UnitSystem.METRIC else pounds_to_kg(value)


def length_unit_label(units: UnitSystem) -> str:
    """Return the length unit symbol for ``units``."""
    return "cm" if units == UnitSystem.METRIC else "in"


def mass_unit_label(units: UnitSystem) -> str:
    """Return the mass unit symbol for ``units``."""
    return "kg" if units == UnitSystem.METRIC else "lb"
