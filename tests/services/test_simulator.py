"""The simulator's use cases: pressure conversions shared by the command line and the web page."""

from __future__ import annotations

import pytest

from occlusion.errors import InputError
from occlusion.services.simulator import pressures_mmhg, simulate_flow, wrap_pressure_mmhg
from occlusion.vocabulary import CuffMaterial, Limb


def test_pct_lop_becomes_pressure_and_out_of_range_values_are_refused() -> None:
    assert pressures_mmhg([40, 80], pct_lop=True, lop_mmhg=200.0) == [80.0, 160.0]
    assert pressures_mmhg([120], pct_lop=False, lop_mmhg=200.0) == [120.0]
    with pytest.raises(InputError) as info:
        pressures_mmhg([151], pct_lop=True, lop_mmhg=200.0)
    assert info.value.code == "simulator.pct-lop-out-of-range"


def test_a_wrap_must_be_elastic_and_its_pressure_grows_with_tension() -> None:
    common = {"layers": 2.0, "circumference_cm": 56.0, "width_cm": 7.5}
    low = wrap_pressure_mmhg(tension_n=20.0, cuff_material=CuffMaterial.ELASTIC, **common)
    high = wrap_pressure_mmhg(tension_n=40.0, cuff_material=CuffMaterial.ELASTIC, **common)
    assert 0 < low < high
    with pytest.raises(InputError) as info:
        wrap_pressure_mmhg(tension_n=20.0, cuff_material=CuffMaterial.NYLON, **common)
    assert info.value.code == "simulator.wrap-not-elastic"


def test_a_stretch_outside_its_calibration_is_refused_with_a_code() -> None:
    with pytest.raises(InputError) as info:
        simulate_flow(
            limb=Limb.THIGH, circumference_cm=56, sbp_mmhg=120, dbp_mmhg=78,
            cuff_width_cm=11.5, cuff_material=CuffMaterial.NYLON, pressure_mmhg=0,
            stretch_pct=15,
        )
    assert info.value.code == "simulator.stretch-not-calibrated"
