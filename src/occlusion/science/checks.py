"""Input checks shared by the science topics: finite numbers, plausible adult values.

The words (limb, posture, material...) live in :mod:`occlusion.vocabulary`.
"""

from __future__ import annotations

import math

from occlusion.errors import InputError, OutOfRangeError
from occlusion.vocabulary import Limb

# Plausibility bounds for adult human inputs. They reject typing mistakes (a circumference of
# 550 cm, a systolic pressure of 12), not unusual people: each equation checks its own, narrower
# studied range separately and warns.
PLAUSIBLE_CIRCUMFERENCE_CM: dict[Limb, tuple[float, float]] = {
    Limb.ARM: (12.0, 70.0),
    Limb.THIGH: (25.0, 110.0),
}
PLAUSIBLE_SBP_MMHG = (70.0, 250.0)
PLAUSIBLE_DBP_MMHG = (30.0, 150.0)
PLAUSIBLE_AGE_YEARS = (10.0, 110.0)
PLAUSIBLE_CUFF_WIDTH_CM = (2.0, 30.0)


def require_finite(value: float, name: str) -> float:
    """Return ``value`` as a float, refusing NaN, infinities and non-numbers."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(
            f"{name} must be a number, got {value!r}",
            code="input.not-a-number", what=name, value=str(value),
        ) from None
    if not math.isfinite(number):
        raise InputError(
            f"{name} must be a finite number, got {value!r}",
            code="input.not-finite", what=name, value=str(value),
        )
    return number


def require_between(value: float, low: float, high: float, name: str, unit: str) -> float:
    """Return ``value`` if ``low <= value <= high``; otherwise raise :class:`OutOfRangeError`."""
    number = require_finite(value, name)
    if not low <= number <= high:
        raise OutOfRangeError(
            f"{name} {number:g} {unit} is not plausible: expected {low:g} to {high:g} {unit}",
            code="input.implausible",
            what=name,
            value=number,
            low=low,
            high=high,
            unit=unit,
        )
    return number


def check_circumference_cm(limb: Limb, circumference_cm: float) -> float:
    """Validate a limb circumference [cm] against adult plausibility bounds for that limb."""
    low, high = PLAUSIBLE_CIRCUMFERENCE_CM[limb]
    return require_between(circumference_cm, low, high, f"{limb} circumference", "cm")


def check_blood_pressure_mmhg(
    sbp_mmhg: float, dbp_mmhg: float | None
) -> tuple[float, float | None]:
    """Validate resting systolic and diastolic pressures [mmHg]; diastolic below systolic."""
    sbp = require_between(sbp_mmhg, *PLAUSIBLE_SBP_MMHG, "systolic blood pressure", "mmHg")
    if dbp_mmhg is None:
        return sbp, None
    dbp = require_between(dbp_mmhg, *PLAUSIBLE_DBP_MMHG, "diastolic blood pressure", "mmHg")
    if dbp >= sbp:
        raise InputError(
            f"diastolic pressure {dbp:g} mmHg must be below systolic pressure {sbp:g} mmHg",
            code="input.diastolic-not-below-systolic",
            sbp_mmhg=sbp,
            dbp_mmhg=dbp,
        )
    return sbp, dbp
