from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from occlusion.device.firmware import limits as table
from occlusion.device.firmware.loop import BOOST_BAND_MMHG, PressureLoop

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
