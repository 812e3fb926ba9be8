from __future__ import annotations

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion import units
from occlusion.errors import InputError

UREG = pint.UnitRegistry()


def test_factors_match_pint() -> None:
    assert units.inches_to_cm(1.0) == pytest.approx(UREG.Quantity(1, "inch").to("cm").magnitude)
    assert units.pounds_to_kg(1.0) == pytest.approx(UREG.Quantity(1, "lb").to("kg").magnitude)
    assert units.mmhg_to_kpa(1.0) == pytest.approx(
        UREG.Quantity(1, "mmHg").to("kPa").magnitude, rel=1e-9
    )


@given(st.floats(min_value=0.0, max_value=1e6))
def test_round_trips(value: float) -> None:
    assert units.cm_to_inches(units.inches_to_cm(value)) == pytest.approx(value)
    assert units.kg_to_pounds(units.pounds_to_kg(value)) == pytest.approx(value)
    assert units.kpa_to_mmhg(units.mmhg_to_kpa(value)) == pytest.approx(value)


def test_unit_system_parsing() -> None:
    assert units.parse_unit_system("Imperial") == "imperial"
    assert units.parse_unit_system("si") == "metric"
    with pytest.raises(InputError, match="unknown unit system"):
        units.parse_unit_system("furlongs")
    assert units.length_to_cm(10.0, "imperial") == pytest.approx(25.4)
    assert units.mass_to_kg(100.0, "metric") == 100.0
