"""The limb under a simulated cuff: arterial pulsation, exercise contractions and motion.

The cuff sees the limb only as volume pushed into its bladder. Three sources add up:

* **Arterial pulsation.** The artery under the cuff is a collapsible segment whose volume
  depends on transmural pressure ``P_tm = P_art(t) - k * P_cuff``:
  ``V_a = V_0 * (1 - exp(-P_tm / w))`` for ``P_tm > 0`` and 0 when collapsed. With
  ``k = SBP / LOP`` the artery stays shut through systole once the cuff reaches the limb's true
  occlusion pressure, so the pulsation vanishes there (a small residual "knock" at the proximal
  edge of the cuff remains, [est]); its amplitude peaks where ``k * P_cuff`` equals diastolic
  pressure. The shape follows the oscillometric literature summarised in device.md section 1.4;
  ``V_0`` and ``w`` are [est] so that an arm cuff shows peak oscillations of about 3-4 mmHg (Liu
  2014 measured 3.7 +/- 0.9 mmHg during inflation).
* **Exercise**: see :mod:`occlusion.device.simulated.exercise`.
* **Motion**: short bumps of a few millilitres (a knock, a shift of the leg).

The true occlusion pressure comes from the physiology simulator when one is given (see
:func:`limb_from_physiology`), otherwise from the caller.
"""

from __future__ import annotations

import importlib
import math
import random
from dataclasses import dataclass, field
from typing import Protocol

from occlusion.device.simulated.exercise import ExerciseDisturbance
from occlusion.errors import InputError

RESIDUAL_KNOCK_FRACTION = 0.08  # [est] pulsation left at and above occlusion, of the maximum
ARTERIAL_WIDTH_MMHG = 25.0  # [est] transmural pressure scale of the artery's volume curve


class SimulatedLimb(Protocol):
    """What the simulated cuff needs from a limb."""

    @property
    def occlusion_pressure_mmhg(self) -> float:
        """True limb occlusion pressure for this cuff [mmHg]."""
        ...

    def displaced_volume_ml(self, time_s: float, cuff_pressure_mmhg: float) -> float:
        """Return the volume the limb pushes into the bladder at ``time_s`` [mL]."""
        ...


@dataclass(frozen=True, slots=True)
class MotionBump:
    """One movement of the limb: a smooth bump of volume."""

    start_s: float
    duration_s: float
    volume_ml: float


@dataclass
class PulsatileLimb:
    """A limb with a beating artery under the cuff, optional exercise and motion.

    Parameters
    ----------
    occlusion_pressure_mmhg
        True limb occlusion pressure for this cuff [mmHg].
    sbp_mmhg, dbp_mmhg
        Systolic and diastolic arterial pressure [mmHg].
    heart_rate_bpm
        Mean heart rate [beats/min].
    pulsatile_volume_ml
        ``V_0``: arterial volume under the cuff at high transmural pressure [mL].
    seed
        Seed of the beat-to-beat variability.
    exercise
        Optional exercise disturbance (contractions pushing the cuff around).
    motion
        Motion bumps.
    """

    occlusion_pressure_mmhg: float
    sbp_mmhg: float = 120.0
    dbp_mmhg: float = 75.0
    heart_rate_bpm: float = 65.0
    pulsatile_volume_ml: float = 2.5
    seed: int = 0
    exercise: ExerciseDisturbance | None = None
    motion: list[MotionBump] = field(default_factory=list)
    _beat_starts: list[float] = field(default_factory=list, init=False, repr=False)
    _beat_scale: list[float] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.dbp_mmhg < self.sbp_mmhg:
            raise InputError(
                "diastolic pressure must be below systolic pressure",
                code="input.diastolic-not-below-systolic",
                sbp_mmhg=self.sbp_mmhg,
                dbp_mmhg=self.dbp_mmhg,
            )
        if self.occlusion_pressure_mmhg <= self.dbp_mmhg:
            raise InputError(
                "occlusion pressure must be above diastolic pressure",
                code="device.sim.lop-not-above-diastolic",
                lop_mmhg=self.occlusion_pressure_mmhg,
                dbp_mmhg=self.dbp_mmhg,
            )
        if not 30.0 <= self.heart_rate_bpm <= 220.0:
            raise InputError(
                "heart rate must be between 30 and 220 beats/min",
                code="device.sim.heart-rate-out-of-range",
                heart_rate_bpm=self.heart_rate_bpm,
                minimum_bpm=30.0,
                maximum_bpm=220.0,
            )
        rng = random.Random(self.seed)
        self._beat_starts = [rng.uniform(0.0, 0.5)]
        self._beat_scale = [1.0]

    @property
    def transmission(self) -> float:
        """Return ``k``: the fraction of cuff pressure reaching the artery."""
        return self.sbp_mmhg / self.occlusion_pressure_mmhg

    def _extend_beats(self, time_s: float) -> None:
        period = 60.0 / self.heart_rate_bpm
        if self._beat_starts[-1] > time_s + period:
            return  # most calls: the beats already cover this time (seeding a generator is slow)
        rng = random.Random(self.seed * 7919 + len(self._beat_starts))
        while self._beat_starts[-1] <= time_s + period:
            # 4 % beat-to-beat interval variability and a 0.25 Hz respiratory modulation.
            interval = period * (1.0 + 0.04 * rng.gauss(0.0, 1.0))
            start = self._beat_starts[-1] + max(interval, 0.5 * period)
            self._beat_starts.append(start)
            self._beat_scale.append(1.0 + 0.08 * math.sin(2.0 * math.pi * 0.25 * start))

    def arterial_pressure_mmhg(self, time_s: float) -> float:
        """Return the arterial pressure at ``time_s`` [mmHg] (sharp upstroke, slow runoff)."""
        self._extend_beats(time_s)
        index = _last_at_or_before(self._beat_starts, time_s)
        start = self._beat_starts[index]
        length = self._beat_starts[index + 1] - start
        phase = (time_s - start) / length
        if phase < 0.12:
            shape = math.sin(0.5 * math.pi * phase / 0.12)
        else:
            shape = math.exp(-(phase - 0.12) / 0.28)
        pulse = (self.sbp_mmhg - self.dbp_mmhg) * self._beat_scale[index]
        return self.dbp_mmhg + pulse * shape

    def arterial_volume_ml(self, arterial_mmhg: float, cuff_pressure_mmhg: float) -> float:
        """Return the arterial volume under the cuff [mL] for the given pressures."""
        transmural = arterial_mmhg - self.transmission * max(cuff_pressure_mmhg, 0.0)
        main = 0.0
        if transmural > 0.0:
            main = self.pulsatile_volume_ml * (1.0 - math.exp(-transmural / ARTERIAL_WIDTH_MMHG))
        # The proximal edge of the cuff still takes the pulse on a closed artery.
        knock_scale = RESIDUAL_KNOCK_FRACTION * self.pulsatile_volume_ml
        edge = (arterial_mmhg - self.dbp_mmhg) / (self.sbp_mmhg - self.dbp_mmhg)
        return main + knock_scale * edge

    def displaced_volume_ml(self, time_s: float, cuff_pressure_mmhg: float) -> float:
        """Return the volume the limb pushes into the bladder at ``time_s`` [mL]."""
        volume = self.arterial_volume_ml(self.arterial_pressure_mmhg(time_s), cuff_pressure_mmhg)
        if self.exercise is not None:
            volume += self.exercise.volume_ml(time_s)
        for bump in self.motion:
            if bump.start_s <= time_s < bump.start_s + bump.duration_s:
                phase = (time_s - bump.start_s) / bump.duration_s
                volume += bump.volume_ml * math.sin(math.pi * phase) ** 2
        return volume


def _last_at_or_before(starts: list[float], time_s: float) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= time_s:
            low = middle
        else:
            high = middle - 1
    return low


def random_motion(
    rng: random.Random, start_s: float, end_s: float, rate_per_min: float, cuff_ml_per_mmhg: float
) -> list[MotionBump]:
    """Return motion bumps at random times between ``start_s`` and ``end_s``.

    Each bump lasts 0.2-1.5 s and pushes the cuff by 3-20 mmHg (device.md 4.4 gives 5-50 mmHg
    spikes of 0.1-2 s for motion artefacts; a limb held "still" for a measurement moves less)
    [est]; ``cuff_ml_per_mmhg`` converts that to volume.
    """
    bumps: list[MotionBump] = []
    if rate_per_min <= 0.0:
        return bumps
    time_s = start_s
    while True:
        time_s += rng.expovariate(rate_per_min / 60.0)
        if time_s >= end_s:
            return bumps
        size_mmhg = rng.uniform(3.0, 20.0) * rng.choice((-1.0, 1.0))
        bumps.append(MotionBump(time_s, rng.uniform(0.2, 1.5), size_mmhg * cuff_ml_per_mmhg))


def physiology_occlusion_pressure_mmhg(
    limb: str,
    circumference_cm: float,
    sbp_mmhg: float,
    dbp_mmhg: float,
    cuff_width_cm: float,
    posture: str = "supine",
) -> float:
    """Return the true occlusion pressure from the physiology simulator [mmHg].

    Raises
    ------
    OcclusionError
        Whatever the physiology simulator raises for inputs outside its range.
    """
    physiology = importlib.import_module("occlusion.physiology")
    subject = physiology.Subject(
        limb=limb,
        circumference_cm=circumference_cm,
        sbp_mmhg=sbp_mmhg,
        dbp_mmhg=dbp_mmhg,
        posture=posture,
    )
    cuff = physiology.Cuff(width_cm=cuff_width_cm)
    return float(physiology.occlusion_pressure_mmhg(subject, cuff))
