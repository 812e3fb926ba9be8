from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.device.firmware import limits as table
from occlusion.device.firmware.loop import (
    BOOST_BAND_MMHG,
    PREFILL_FRACTION,
    PressureLoop,
    prefill_top_mmhg,
)

FIRMWARE = Path(__file__).resolve().parents[3] / "src" / "occlusion" / "device" / "firmware"
# What MicroPython provides that the firmware may use: struct; os for os.urandom (rp2, esp32);
# binascii exists there too, and its missing crc_hqx falls back to the CRC table; math (every
# port with floats) for isfinite, which the MicroPython comparison test runs.
ALLOWED_IMPORTS = {"struct", "os", "binascii", "math"}


def test_firmware_imports_only_what_micropython_has() -> None:
    for source in FIRMWARE.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name in ALLOWED_IMPORTS or name.startswith(
                    "occlusion.device.firmware"
                ), f"{source.name} imports {name}"
        assert "dataclass" not in source.read_text(encoding="utf-8")


def test_far_below_target_the_pump_runs_flat_out() -> None:
    loop = PressureLoop(table.CONTROL_PERIOD_S)
    assert loop.step(200.0, 200.0 - BOOST_BAND_MMHG - 1.0) == (1.0, 0.0, False)


def test_far_above_target_vent_and_dump_assist_open() -> None:
    loop = PressureLoop(table.CONTROL_PERIOD_S)
    pump, vent, dump = loop.step(150.0, 170.0)
    assert pump == 0.0 and vent == 1.0 and dump


@given(st.lists(st.floats(0.0, 400.0), min_size=1, max_size=400), st.floats(20.0, 340.0))
def test_outputs_stay_in_range_and_the_integrator_does_not_wind_up(
    readings: list[float], target: float
) -> None:
    loop = PressureLoop(table.CONTROL_PERIOD_S)
    for reading in readings:
        pump, vent, _dump = loop.step(target, reading)
        assert 0.0 <= pump <= 1.0 and 0.0 <= vent <= 1.0
        assert pump == 0.0 or vent == 0.0
        assert -0.5 <= loop.integral <= 0.5


def test_contraction_mode_needs_swings_not_a_steady_offset_or_a_pulse() -> None:
    loop = PressureLoop(table.CONTROL_PERIOD_S)
    loop.filter(120.0)
    loop.reset()
    # A regulated cuff with a 2 mmHg pulse at 1.2 Hz: no contraction mode.
    for tick in range(1000):
        pulse = 2.0 * ((tick % 83) / 83.0)
        loop.step(120.0, 120.0 + pulse)
    assert not loop.exercising(120.0)
    # Leg-press swings of +15 / -30 mmHg every 2 s: contraction mode.
    for tick in range(400):
        phase = (tick % 200) / 200.0
        swing = 15.0 if phase < 0.4 else -30.0
        loop.step(120.0, 120.0 + swing * phase)
    assert loop.exercising(120.0)
    # The swings stop and the cuff sits a few mmHg high: the mode ends within seconds.
    for _ in range(1500):
        loop.step(120.0, 125.0)
    assert not loop.exercising(120.0)


def _falling_in_contraction_mode(loop: PressureLoop, target_mmhg: float) -> None:
    """Drive ``loop`` into contraction mode and end on a relaxation's steep fall."""
    loop.filter(target_mmhg)
    loop.reset()
    for tick in range(600):
        phase = (tick % 200) / 200.0
        loop.step(target_mmhg, target_mmhg * (1.0 + (0.02 if phase < 0.4 else -0.2) * phase))
    # A peak held below the vent threshold (no venting, so the fall after it is the limb's),
    # then a fall of 3 % of the target in 0.15 s, within the loop's regulating band.
    for _ in range(50):
        loop.step(target_mmhg, target_mmhg * 1.02)
    for tick in range(15):
        loop.step(target_mmhg, target_mmhg * (1.02 - 0.002 * tick))
    assert loop.exercising(target_mmhg)


def test_the_prefill_aims_8_percent_above_target_up_to_its_cap() -> None:
    cap_mmhg = table.limit("exercise_above_target_mmhg")
    assert prefill_top_mmhg(100.0) == pytest.approx(108.0)
    assert prefill_top_mmhg(cap_mmhg / PREFILL_FRACTION) == pytest.approx(
        cap_mmhg / PREFILL_FRACTION + cap_mmhg
    )
    for target_mmhg in (190.0, 250.0, 340.0):
        assert prefill_top_mmhg(target_mmhg) == target_mmhg + cap_mmhg


def test_the_prefill_cap_leaves_room_inside_the_alarm_windows() -> None:
    # The pump runs on a few mmHg past the pre-fill's top: the cap must sit well inside the
    # deviation window and the margin between the highest target and the ceiling.
    cap_mmhg = table.limit("exercise_above_target_mmhg")
    assert cap_mmhg <= table.limit("deviation_window_mmhg") - 4.0
    assert cap_mmhg <= table.limit("target_margin_mmhg") - 4.0


def _prefill_request(target_mmhg: float, reading_mmhg: float) -> tuple[float, float, bool]:
    """Return the loop's request once the filter has settled on ``reading_mmhg`` after a fall."""
    loop = PressureLoop(table.CONTROL_PERIOD_S)
    _falling_in_contraction_mode(loop, target_mmhg)
    for _ in range(10):  # 0.1 s: the 10 ms filter settles, the 0.25 s pre-fill still runs
        request = loop.step(target_mmhg, reading_mmhg)
    assert loop.prefill_s > 0.0
    return request


@pytest.mark.parametrize("target_mmhg", [120.0, 230.0, 340.0])
def test_the_prefill_stops_pumping_at_its_top(target_mmhg: float) -> None:
    top_mmhg = prefill_top_mmhg(target_mmhg)
    assert _prefill_request(target_mmhg, top_mmhg - 1.0) == (1.0, 0.0, False)
    pump, _vent, _dump = _prefill_request(target_mmhg, top_mmhg + 0.5)
    assert pump < 1.0
