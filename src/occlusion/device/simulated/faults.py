"""Faults the simulated hardware can suffer, one name each, as the safety layer must handle them.

The pump's supply and the normally-open dump valve hang on the same safety line: when the
safety layer opens the dump it also removes pump power, so a shorted pump driver ("pump stuck
on") cannot keep inflating a cuff the safety layer is emptying.
"""

from __future__ import annotations

from dataclasses import dataclass

from occlusion.errors import InputError

HARDWARE_FAULTS: dict[str, str] = {
    "sensor-stuck": "the pressure reading freezes at its last value",
    "sensor-noisy": "the reading gains 25 mmHg RMS of noise (broken wire, interference)",
    "sensor-disconnected": "the sensor output falls to its rail (reads about -40 mmHg)",
    "sensor-nan": "the sensor driver returns NaN instead of a number (a failed conversion)",
    "leak": "the cuff or tubing leaks about 40 mL/s at 200 mmHg",
    "pump-dead": "the pump delivers no air",
    "pump-stuck-on": "the pump driver is shorted: it runs whenever it has power",
    "vent-stuck-open": "the vent valve stays open",
    "vent-stuck-closed": "the vent valve never opens",
    "dump-stuck-closed": "the dump valve never opens",
}

SENSOR_NOISE_FAULT_MMHG = 25.0
SENSOR_RAIL_MMHG = -40.0
LEAK_ML_S_PER_MMHG = 0.2


@dataclass(frozen=True, slots=True)
class FaultEvent:
    """A fault starting at ``start_s`` on ``channel`` (device time)."""

    name: str
    start_s: float
    channel: int = 0

    def __post_init__(self) -> None:
        if self.name not in HARDWARE_FAULTS:
            raise InputError(
                f"unknown fault {self.name!r}: choose one of {', '.join(HARDWARE_FAULTS)}",
                code="unknown-choice",
                what="fault",
                value=str(self.name),
                allowed=list(HARDWARE_FAULTS),
            )
