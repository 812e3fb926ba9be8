"""A gauge pressure sensor behind an ADC: noise, quantisation, offset, gain error, pump ripple.

Defaults are [est] values for an MPX5050-class sensor read through a 16-bit ADC (device.md 2.1
and 4.4: 0.05-0.5 mmHg RMS noise; an ADS1115 behind a divider resolves about 0.017 mmHg).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SensorParameters:
    """Imperfections of the pressure sensor.

    Parameters
    ----------
    noise_mmhg
        White noise, standard deviation [mmHg].
    step_mmhg
        Quantisation step [mmHg].
    offset_mmhg
        Zero offset [mmHg].
    gain_error
        Relative gain error (0.01 reads 1 % high).
    pump_ripple_mmhg
        Amplitude of the pump's pressure ripple while it runs [mmHg].
    pump_ripple_hz
        Frequency of the pump ripple [Hz].
    """

    noise_mmhg: float = 0.15
    step_mmhg: float = 0.02
    offset_mmhg: float = 0.0
    gain_error: float = 0.0
    pump_ripple_mmhg: float = 0.3
    pump_ripple_hz: float = 37.0


class PressureSensor:
    """Turn the true cuff pressure into what the firmware reads."""

    def __init__(self, parameters: SensorParameters, seed: int = 0) -> None:
        self.parameters = parameters
        self._rng = random.Random(seed)

    def read(self, true_mmhg: float, time_s: float, pump_duty: float) -> float:
        """Return one reading [mmHg] of ``true_mmhg`` at ``time_s``."""
        p = self.parameters
        value = true_mmhg * (1.0 + p.gain_error) + p.offset_mmhg
        value += self._rng.gauss(0.0, p.noise_mmhg)
        if pump_duty > 0.0:
            value += (
                p.pump_ripple_mmhg * pump_duty * math.sin(2.0 * math.pi * p.pump_ripple_hz * time_s)
            )
        if p.step_mmhg > 0.0:
            value = round(value / p.step_mmhg) * p.step_mmhg
        return value
