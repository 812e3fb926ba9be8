"""Exercise under the cuff: contractions, swelling and tissue creep pushing on the bladder.

Calibration source: Swain, McEwen, Lai and Hughes (2025) recorded cuff pressure at 100 Hz
during four sets of unilateral leg press (30-15-15-15 repetitions, 30 s rest) with the cuff set
to 80 % LOP. Pressure "behaves in a wave-like manner characterised by cyclical pressure peaks and
valleys": peaks/valleys of 79 +/- 9 / 58 +/- 7 % LOP (Saga), 79 +/- 9 / 61 +/- 7 (SmartCuffs),
90 +/- 15 / 65 +/- 10 (Suji) for the weakly regulated devices, and 89 +/- 2 / 72 +/- 3 for the
strongly regulated Delfi PTS. Those weak devices held the cuff within +/- 10 % of target for
only 25-34 % of exercise time and within +/- 5 % for 0 % of rest time.

The model: each repetition pushes a smooth peak into the bladder and then draws a deeper
valley out of it; amplitudes are set *as pressures in a closed cuff* (fractions of the target,
converted to volume through the cuff's compliance at the target) so that a cuff with its valves
shut reproduces the weak devices' peaks and valleys: +14 % and -30 % of target per repetition,
with 20 % repetition-to-repetition spread. Between sets the soft tissue creeps under the cuff
(pressure in a closed cuff sags by 14 % of target with a 40 s time constant) -- that is what
keeps the weak devices outside +/- 5 % during rest. With these numbers a clamped cuff scores
about 27 % / 0 % with peaks of 79 % and valleys of 48 % LOP: as bad as the worst device on
time in band and with deeper valleys than any, so the disturbance is not gentler than the
recordings. The repetition cadence is not reported in
the abstract we read; we use 2.0 s per repetition (1 s push, 1 s return) [est]. This is a
disturbance *no gentler* than the recordings: the regulated Delfi, which fights it, still
swung from 72 to 89 % LOP.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from occlusion.errors import InputError

PEAK_FRACTION_OF_TARGET = 0.14
VALLEY_FRACTION_OF_TARGET = 0.30
REPETITION_SPREAD = 0.20
CREEP_FRACTION_OF_TARGET = 0.14
CREEP_TIME_S = 40.0
REPETITION_S = 2.0
LEG_PRESS_SETS = (30, 15, 15, 15)
REST_BETWEEN_SETS_S = 30.0


@dataclass(frozen=True, slots=True)
class Period:
    """A stretch of the protocol: exercise or rest, from ``start_s`` to ``end_s``."""

    kind: str
    start_s: float
    end_s: float


def leg_press_periods(
    start_s: float,
    sets: tuple[int, ...] = LEG_PRESS_SETS,
    repetition_s: float = REPETITION_S,
    rest_s: float = REST_BETWEEN_SETS_S,
) -> list[Period]:
    """Return the exercise and rest periods of a set/rest protocol starting at ``start_s``."""
    if not sets or any(count < 1 for count in sets):
        raise InputError(
            "every set needs at least one repetition",
            code="device.sim.set-without-repetitions",
            sets=list(sets),
        )
    if repetition_s <= 0 or rest_s < 0:
        raise InputError(
            "repetition time must be positive and rest time not negative",
            code="device.sim.bad-timing",
            repetition_s=repetition_s,
            rest_s=rest_s,
        )
    periods: list[Period] = []
    time_s = start_s
    for index, count in enumerate(sets):
        periods.append(Period("exercise", time_s, time_s + count * repetition_s))
        time_s += count * repetition_s
        if index < len(sets) - 1:
            periods.append(Period("rest", time_s, time_s + rest_s))
            time_s += rest_s
    return periods


@dataclass
class ExerciseDisturbance:
    """Volume pushed into the bladder by exercise, as a function of time.

    Parameters
    ----------
    periods
        Exercise and rest periods (see :func:`leg_press_periods`).
    closed_cuff_ml_per_mmhg
        Limb volume that raises the closed cuff by 1 mmHg at the target [mL/mmHg] (see
        :meth:`~occlusion.device.simulated.pneumatics.CuffPneumatics.limb_ml_per_mmhg`), to turn
        the published pressure swings into volume.
    target_mmhg
        Target pressure the swings are scaled to [mmHg].
    seed
        Seed for the repetition-to-repetition spread.
    creep_start_s
        When the cuff reached its target (tissue creep starts) [s].
    """

    periods: list[Period]
    closed_cuff_ml_per_mmhg: float
    target_mmhg: float
    seed: int = 0
    creep_start_s: float = 0.0
    repetition_s: float = REPETITION_S
    _scales: dict[tuple[int, int], tuple[float, float]] = field(
        default_factory=dict, init=False, repr=False
    )

    def _scale(self, period_index: int, repetition: int) -> tuple[float, float]:
        key = (period_index, repetition)
        if key not in self._scales:
            rng = random.Random(self.seed * 1_000_003 + period_index * 1009 + repetition)
            self._scales[key] = (
                max(0.2, 1.0 + REPETITION_SPREAD * rng.gauss(0.0, 1.0)),
                max(0.2, 1.0 + REPETITION_SPREAD * rng.gauss(0.0, 1.0)),
            )
        return self._scales[key]

    def volume_ml(self, time_s: float) -> float:
        """Return the displaced volume at ``time_s`` [mL] (positive pushes air out)."""
        to_volume = self.closed_cuff_ml_per_mmhg * self.target_mmhg
        volume = 0.0
        if time_s > self.creep_start_s:
            creep = 1.0 - math.exp(-(time_s - self.creep_start_s) / CREEP_TIME_S)
            volume -= CREEP_FRACTION_OF_TARGET * to_volume * creep
        for index, period in enumerate(self.periods):
            if period.kind != "exercise" or not period.start_s <= time_s < period.end_s:
                continue
            elapsed = time_s - period.start_s
            repetition = int(elapsed // self.repetition_s)
            phase = (elapsed - repetition * self.repetition_s) / self.repetition_s
            peak_scale, valley_scale = self._scale(index, repetition)
            if phase < 0.4:
                volume += (
                    PEAK_FRACTION_OF_TARGET
                    * peak_scale
                    * to_volume
                    * math.sin(math.pi * phase / 0.4) ** 2
                )
            elif phase > 0.45:
                volume -= (
                    VALLEY_FRACTION_OF_TARGET
                    * valley_scale
                    * to_volume
                    * math.sin(math.pi * (phase - 0.45) / 0.55) ** 2
                )
        return volume
