from __future__ import annotations

import pint
import pytest
from hypothesis import assume, example, given
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


def test_pounds_typed_read_back_as_typed() -> None:
    # 135 lb is stored as 61.23497 kg (135 × 0.45359237) and reads back as 135 lb.
    stored_kg = units.mass_to_kg(135.0, "imperial")
    assert stored_kg == pytest.approx(61.2349699500, abs=1e-10)
    assert units.mass_number(stored_kg, "imperial") == "135"
    assert units.format_mass(stored_kg, "imperial") == "135 lb"
    assert units.format_mass(stored_kg, "metric") == "61.23 kg"
    assert units.mass_number(units.mass_to_kg(132.5, "imperial"), "imperial") == "132.5"
    # 15 in is 38.1 cm exactly.
    assert units.length_to_cm(15.0, "imperial") == pytest.approx(38.1)
    assert units.format_length(38.1, "imperial") == "15.0 in"
    assert units.format_length(55.0, "imperial") == "21.7 in"  # 55 / 2.54 = 21.653...


@given(st.decimals(min_value=0, max_value=2204, places=2))
def test_any_load_typed_to_the_hundredth_of_a_pound_round_trips(typed: object) -> None:
    value = float(str(typed))
    assert float(units.mass_number(units.mass_to_kg(value, "imperial"), "imperial")) == value


def test_numbers_are_written_for_people() -> None:
    assert units.number_text(4050.0, 1) == "4,050"
    assert units.number_text(1234.56, 1) == "1,234.6"
    assert units.number_text(-0.001, 2) == "0"
    assert units.mass_unit("imperial") == "lb" and units.length_unit("metric") == "cm"


def test_bounds_are_rounded_inwards_to_round_numbers() -> None:
    # 1000 kg = 2204.62 lb: shown as 2,200 lb (2,205 lb would be 1000.2 kg, over the bounds).
    assert units.mass_bounds((0.0, 1000.0), "imperial") == (0.0, 2200.0)
    # 25 kg = 55.12 lb and 350 kg = 771.6 lb.
    assert units.mass_bounds((25.0, 350.0), "imperial") == (56.0, 770.0)
    assert units.mass_bounds((25.0, 350.0), "metric") == (25.0, 350.0)
    # 0.5 kg = 1.10 lb: half-pound steps would say "1.5 lb"; a whole pound reads as one.
    assert units.mass_bounds((0.5, 1000.0), "imperial", step=0.5) == (2.0, 2200.0)


def test_length_bounds_are_rounded_inwards_to_their_step_only() -> None:
    # 20 cm = 7.874 in, 90 cm = 35.43 in; 25 cm = 9.843 in, 110 cm = 43.31 in.
    assert units.length_bounds((20.0, 90.0), "imperial") == (7.9, 35.4)
    assert units.length_bounds((25.0, 110.0), "imperial") == (9.9, 43.3)
    assert units.length_bounds((20.0, 400.0), "imperial", step=1.0) == (8.0, 157.0)
    assert units.length_bounds((7.6, 8.7), "imperial") == (3.0, 3.4)
    # A cuff width of 2 to 30 cm is 0.787 to 11.81 in: an 11.5 in cuff is allowed and shown so
    # (two significant figures said "to 11 in").
    assert units.length_bounds((2.0, 30.0), "imperial") == (0.8, 11.8)
    # An exact conversion stays: 2.54 cm is 1 in, 25.4 cm is 10 in.
    assert units.length_bounds((2.54, 25.4), "imperial") == (1.0, 10.0)
    assert units.length_bounds((20.0, 90.0), "metric") == (20.0, 90.0)


@given(
    st.floats(min_value=0.5, max_value=500.0),
    st.floats(min_value=1.0, max_value=500.0),
    st.sampled_from([0.1, 0.5, 1.0]),
)
@example(2.54, 10.0, 0.1)
@example(2.0, 28.0, 0.1)
def test_length_bounds_in_inches_are_allowed_and_lose_less_than_a_step(
    low_cm: float, span_cm: float, step: float
) -> None:
    high_cm = low_cm + span_cm
    low_in, high_in = units.length_bounds((low_cm, high_cm), "imperial", step)
    assume(high_in >= low_in)
    # A value shown as allowed is allowed in centimetres, the layers' own check.
    assert low_cm <= units.length_to_cm(low_in, "imperial") <= high_cm
    assert low_cm <= units.length_to_cm(high_in, "imperial") <= high_cm
    # The edge shown is within one step of the true edge (to the rounding of the float).
    assert low_in - units.cm_to_inches(low_cm) < step + 1e-6
    assert units.cm_to_inches(high_cm) - high_in < step + 1e-6
    # And it is a number of the step, as a person would type it.
    assert round(low_in / step, 6) == round(low_in / step)
    assert round(high_in / step, 6) == round(high_in / step)


def test_unit_labels_are_the_units_typed_in() -> None:
    from occlusion.vocabulary import UnitSystem

    assert units.mass_unit_label(UnitSystem.METRIC) == "kg"
    assert units.mass_unit_label(UnitSystem.IMPERIAL) == "lb"
    assert units.length_unit_label(UnitSystem.METRIC) == "cm"
    assert units.length_unit_label(UnitSystem.IMPERIAL) == "in"
    assert type(units.mass_unit_label(UnitSystem.IMPERIAL)) is str


def test_typical_masses_are_round_in_each_unit() -> None:
    assert units.typical_mass(70.0, "imperial") == 155.0
    assert units.typical_mass(100.0, "imperial") == 220.0
    assert units.typical_mass(70.0, "metric") == 70.0


@given(
    st.floats(min_value=0.1, max_value=2000.0),
    st.floats(min_value=0.0, max_value=2000.0),
    st.floats(min_value=0.0, max_value=5000.0),
)
def test_a_value_inside_any_shown_bounds_is_inside_the_canonical_ones(
    low_kg: float, width_kg: float, typed_lb: float
) -> None:
    high_kg = low_kg + width_kg
    low, high = units.mass_bounds((low_kg, high_kg), "imperial", step=0.1)
    if low <= typed_lb <= high:
        assert low_kg - 1e-9 <= units.mass_to_kg(typed_lb, "imperial") <= high_kg + 1e-9


@given(st.floats(min_value=0.0, max_value=2204.0))
def test_a_load_inside_the_pound_bounds_is_inside_the_kilogram_bounds(load_lb: float) -> None:
    low, high = units.mass_bounds((0.0, 1000.0), "imperial")
    if low <= load_lb <= high:
        assert 0.0 <= units.mass_to_kg(load_lb, "imperial") <= 1000.0


def test_the_examples_in_the_docstrings_hold() -> None:
    import doctest

    result = doctest.testmod(units, raise_on_error=False)
    assert result.attempted >= 4 and result.failed == 0
