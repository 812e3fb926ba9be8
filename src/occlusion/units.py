"""Unit conversions at the edges of the system.

Internally every raw float is in a canonical unit named in its variable: centimetres for lengths,
kilograms for loads, mmHg for pressures, seconds for durations. These functions convert what a
person types (inches, pounds, kPa) into those units and back for display. The factors are exact
by definition (international yard and pound agreement, 1959; conventional mmHg), and the test
suite checks them against ``pint``.

A person's :class:`~occlusion.vocabulary.UnitSystem` decides how loads and lengths are typed and
shown; pressures stay in mmHg for everyone. Storage and exports keep kilograms and centimetres:
an interface converts what is typed with :func:`mass_to_kg` / :func:`length_to_cm`, shows stored
values with :func:`format_mass` / :func:`format_length`, and checks typed values against bounds
converted with :func:`mass_bounds` / :func:`length_bounds` (rounded inwards, so a value accepted
in pounds or inches is never outside the bounds in kilograms or centimetres).

A value typed in pounds is stored as ``lb × 0.45359237`` kg in a double, which keeps about 15
significant digits; shown again to :data:`MASS_DIGITS` decimals it reads exactly as typed
(135 lb → 61.23497 kg → 135 lb).
"""

from __future__ import annotations

import math

from occlusion.errors import InputError
from occlusion.vocabulary import LengthUnit, MassUnit, UnitSystem

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


def length_to_cm(value: float, units: UnitSystem | str) -> float:
    """Convert a length typed in ``units`` (cm or in) to centimetres [cm]."""
    return value if units == UnitSystem.METRIC else inches_to_cm(value)


def cm_to_display(length_cm: float, units: UnitSystem | str) -> float:
    """Convert a length in centimetres [cm] to the display unit of ``units`` (cm or in)."""
    return length_cm if units == UnitSystem.METRIC else cm_to_inches(length_cm)


def mass_to_kg(value: float, units: UnitSystem | str) -> float:
    """Convert a mass typed in ``units`` (kg or lb) to kilograms [kg]."""
    return value if units == UnitSystem.METRIC else pounds_to_kg(value)


def length_unit_label(units: UnitSystem) -> str:
    """Return the length unit symbol for ``units`` (the text of :func:`length_unit`)."""
    return length_unit(units).value


def mass_unit_label(units: UnitSystem) -> str:
    """Return the mass unit symbol for ``units`` (the text of :func:`mass_unit`)."""
    return mass_unit(units).value


#: Decimals a load or body mass is shown with (half and quarter plates need one, 1.25 kg two).
MASS_DIGITS = 2
#: Decimals a length is shown with (a tape measure reads millimetres or tenths of an inch).
LENGTH_DIGITS = 1


def mass_unit(units: UnitSystem | str) -> MassUnit:
    """Return the unit loads and body mass are typed and shown in for ``units`` (kg or lb)."""
    return MassUnit.KG if units == UnitSystem.METRIC else MassUnit.LB


def length_unit(units: UnitSystem | str) -> LengthUnit:
    """Return the unit circumferences and lengths are typed and shown in (cm or in)."""
    return LengthUnit.CM if units == UnitSystem.METRIC else LengthUnit.IN


def kg_to_display(mass_kg: float, units: UnitSystem | str) -> float:
    """Convert a mass in kilograms [kg] to the display unit of ``units`` (kg or lb)."""
    return mass_kg if units == UnitSystem.METRIC else kg_to_pounds(mass_kg)


def number_text(value: float, digits: int, *, strip: bool = True) -> str:
    """Return ``value`` rounded to ``digits`` decimals with thousands marked.

    Trailing zeros are dropped unless ``strip`` is false (a tape-measure reading keeps its
    tenth: "55.0 cm").

    >>> number_text(135.00000000000003, 2), number_text(1234.5, 1), number_text(-0.004, 2)
    ('135', '1,234.5', '0')
    >>> number_text(55.0, 1, strip=False)
    '55.0'
    """
    rounded = round(value, digits) + 0.0  # + 0.0 turns -0.0 into 0.0
    text = f"{rounded:,.{digits}f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def mass_number(mass_kg: float, units: UnitSystem | str, digits: int = MASS_DIGITS) -> str:
    """Return a mass [kg] as the number a form shows in the person's unit (no separators)."""
    return number_text(kg_to_display(mass_kg, units), digits).replace(",", "")


def length_number(length_cm: float, units: UnitSystem | str, digits: int = LENGTH_DIGITS) -> str:
    """Return a length [cm] as the number a form shows in the person's unit (no separators)."""
    return number_text(cm_to_display(length_cm, units), digits).replace(",", "")


def format_mass(mass_kg: float, units: UnitSystem | str, digits: int = MASS_DIGITS) -> str:
    """Return a mass [kg] in words for ``units``: ``"61.23 kg"`` or ``"135 lb"``."""
    return f"{number_text(kg_to_display(mass_kg, units), digits)} {mass_unit(units)}"


def format_length(length_cm: float, units: UnitSystem | str, digits: int = LENGTH_DIGITS) -> str:
    """Return a length [cm] in words for ``units``: ``"38.5 cm"`` or ``"15.0 in"``."""
    shown = number_text(cm_to_display(length_cm, units), digits, strip=False)
    return f"{shown} {length_unit(units)}"


def round_step(value: float) -> float:
    """Return the step that rounds ``value`` to a number people write: two significant figures.

    Whole numbers from 1 up, tens from 100, hundreds from 1,000 (9.84 → 10, 771.6 → 770,
    2,204.6 → 2,200); below 1, tenths.

    >>> round_step(9.84), round_step(771.6), round_step(2204.6), round_step(0.3)
    (1.0, 10.0, 100.0, 0.1)
    """
    magnitude = abs(value)
    if magnitude < 1.0:
        return 0.1
    return float(10 ** max(math.floor(math.log10(magnitude)) - 1, 0))


def _inwards(low: float, high: float, step: float) -> tuple[float, float]:
    # Round the low bound up and the high bound down, each to a round number of its own size
    # (at least ``step``): a typed value inside the shown bounds is then inside the canonical
    # ones too. The small tolerance keeps an exact conversion (0 kg, 1000 kg in kg) from moving
    # by a float hair. Should round numbers keep less than half of a narrow range, ``step``
    # alone rounds it.
    low_step, high_step = max(step, round_step(low)), max(step, round_step(high))
    rounded_low = math.ceil(low / low_step - 1e-9) * low_step
    rounded_high = math.floor(high / high_step + 1e-9) * high_step
    if rounded_high - rounded_low < (high - low) / 2:
        rounded_low = math.ceil(low / step - 1e-9) * step
        rounded_high = math.floor(high / step + 1e-9) * step
    return round(rounded_low, 6) + 0.0, round(rounded_high, 6) + 0.0


def mass_bounds(
    bounds_kg: tuple[float, float], units: UnitSystem | str, step: float = 1.0
) -> tuple[float, float]:
    """Return mass bounds [kg] in ``units``, rounded inwards to round numbers.

    Each bound keeps two significant figures (:func:`round_step`), never finer than ``step``.

    >>> mass_bounds((0.0, 1000.0), "imperial")
    (0.0, 2200.0)
    >>> mass_bounds((25.0, 350.0), "imperial")
    (56.0, 770.0)
    >>> mass_bounds((25.0, 350.0), "metric")
    (25.0, 350.0)
    """
    if units == UnitSystem.METRIC:
        return bounds_kg
    return _inwards(kg_to_pounds(bounds_kg[0]), kg_to_pounds(bounds_kg[1]), step)


def typical_mass(example_kg: float, units: UnitSystem | str) -> float:
    """Return the example mass ``example_kg`` [kg] in the display unit of ``units``, rounded.

    Whole kilograms, or pounds to a multiple of 5 (a round number a person would type).

    >>> typical_mass(70.0, "imperial"), typical_mass(20.0, "imperial"), typical_mass(70.0, "metric")
    (155.0, 45.0, 70.0)
    """
    if units == UnitSystem.METRIC:
        return float(round(example_kg))
    return float(5 * round(kg_to_pounds(example_kg) / 5))


def typical_length(example_cm: float, units: UnitSystem | str) -> float:
    """Return the example length ``example_cm`` [cm] in the display unit of ``units``, rounded.

    Whole centimetres or whole inches (a number a person would type).

    >>> typical_length(33.0, "imperial"), typical_length(55.0, "imperial")
    (13.0, 22.0)
    """
    return float(round(cm_to_display(example_cm, units)))


def length_bounds(
    bounds_cm: tuple[float, float], units: UnitSystem | str, step: float = 0.1
) -> tuple[float, float]:
    """Return length bounds [cm] in ``units``, each rounded inwards to a multiple of ``step``.

    Not to round numbers, as :func:`mass_bounds` does: lengths are short, and two significant
    figures of a cuff width's 11.8 in would refuse an 11.5 in cuff the model takes. Every shown
    bound lies within ``step`` inside the true one, and converts back to centimetres inside
    ``bounds_cm`` (so a value shown as allowed is allowed by the layers below, which check in
    centimetres).

    >>> length_bounds((20.0, 90.0), "imperial")
    (7.9, 35.4)
    >>> length_bounds((20.0, 400.0), "imperial", step=1.0)
    (8.0, 157.0)
    """
    if units == UnitSystem.METRIC:
        return bounds_cm
    low_cm, high_cm = bounds_cm
    low = math.ceil(cm_to_inches(low_cm) / step - 1e-9) * step
    high = math.floor(cm_to_inches(high_cm) / step + 1e-9) * step
    low, high = round(low, 6) + 0.0, round(high, 6) + 0.0
    # The tolerance above keeps an exact conversion in place; should its float round it a hair
    # outside the centimetre bounds, the bound moves one step in.
    if inches_to_cm(low) < low_cm:
        low = round(low + step, 6)
    if inches_to_cm(high) > high_cm:
        high = round(high - step, 6)
    return low, high
