"""Population bands: the spread of a simulated output among people who match what was measured.

A person enters their limb, circumference, blood pressure and posture; the model also needs
what they did not measure: the subcutaneous fat over the artery and, on the thigh, where the
femoral artery lies between the fascia and the limb's centre; together they set how deep the
artery lies and so how much of the cuff's pressure reaches it. The band of an output is its
5th-95th percentile among people with the same measured inputs and the unmeasured ones drawn
from the cohort's population distributions (:mod:`occlusion.physiology.cohort`: arm fat from
the NHANES III triceps skinfold by sex, thigh fat an assumed 1.5 (0.5) cm, the artery's place
with the SD calibrated to the measured spread of 5 cm thigh AOP). On the arm, a given fat
thickness leaves nothing unmeasured and the band is the point itself; on the thigh the artery's
place still varies.

Every band is computed by the same vectorised integration as the point value, for
:data:`BAND_PEOPLE` people at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from occlusion.physiology.cohort import Population, sample_with_generator
from occlusion.physiology.exercise import exercise_schedule, protocol_named, rest_schedule
from occlusion.physiology.limb import LimbArrays, limb_arrays
from occlusion.physiology.model import Forcing, flows_ml_s, resting_state
from occlusion.physiology.parameters import model_choices
from occlusion.physiology.session import SessionSummary, integrate_summary
from occlusion.physiology.solver import integrate_fixed
from occlusion.physiology.subject import Cuff, Subject, check_cuff_pressure_mmhg

FloatArray = NDArray[np.float64]

#: People simulated for a band (enough for stable 5th and 95th percentiles at the resolution
#: shown; small enough for an interactive page).
BAND_PEOPLE = 60
#: The band's percentiles.
BAND_PERCENTILES = (5.0, 50.0, 95.0)


@dataclass(frozen=True, slots=True)
class Band:
    """An output's 5th percentile, median and 95th percentile among matching people."""

    p5: float
    p50: float
    p95: float

    @classmethod
    def of(cls, values: FloatArray) -> Band:
        """Return the band of ``values``."""
        low, middle, high = np.percentile(values, BAND_PERCENTILES)
        return cls(float(low), float(middle), float(high))

    def as_dict(self) -> dict[str, float]:
        """Return the band as JSON-ready data."""
        return {"p5": self.p5, "p50": self.p50, "p95": self.p95}


def matching_people(subject: Subject, people: int = BAND_PEOPLE, seed: int = 0) -> FloatArray:
    """Return the fat thicknesses [cm] of ``people`` people matching ``subject``'s measurements.

    With the subject's own fat thickness given, every entry is that value.
    """
    return matching_anatomy(subject, people, seed)[0]


def matching_anatomy(
    subject: Subject, people: int = BAND_PEOPLE, seed: int = 0
) -> tuple[FloatArray, FloatArray]:
    """Return fat thicknesses [cm] and artery depth fractions [1] of people matching ``subject``.

    With the subject's own fat thickness given, every fat entry is that value; the artery's
    place (thigh) is never measured and is always drawn.
    """
    population = Population(
        limb=subject.limb,
        posture=subject.posture,
        female_fraction=1.0 if subject.sex == "female" else 0.0,
        circumference_mean_cm=subject.circumference_cm,
        circumference_sd_cm=0.0,
    )
    cohort = sample_with_generator(population, people, np.random.default_rng(seed), seed)
    fat: FloatArray = cohort.fat_thickness_cm
    if subject.fat_thickness_cm is not None:
        fat = np.full(people, float(subject.fat_thickness_cm))
    return fat, cohort.artery_depth_fraction


def _limb_for(
    subject: Subject,
    cuff: Cuff,
    anatomy: tuple[FloatArray, FloatArray],
    exercised: int = 1,
) -> LimbArrays:
    fat_cm, depth_fraction = anatomy
    size = fat_cm.shape[0]
    return limb_arrays(
        limb=subject.limb,
        circumference_cm=np.full(size, subject.circumference_cm),
        sbp_mmhg=np.full(size, subject.sbp_mmhg),
        dbp_mmhg=np.full(size, subject.dbp_mmhg),
        fat_thickness_cm=fat_cm,
        posture=subject.posture,
        cuff_width_cm=cuff.width_cm,
        cuff_material=cuff.material,
        limbs_exercised=exercised,
        artery_depth_fraction=depth_fraction,
    )


def occlusion_pressure_band(subject: Subject, cuff: Cuff, *, seed: int = 0) -> Band:
    """Return the band of the model's occlusion pressure [mmHg] among matching people."""
    limb = _limb_for(subject, cuff, matching_anatomy(subject, seed=seed))
    return Band.of(limb.occlusion_pressure_mmhg)


@dataclass(frozen=True, slots=True)
class FlowBand:
    """Bands of inflow and outflow [% of each person's unrestricted flow] at one pressure."""

    pressure_mmhg: float
    arterial_inflow_pct: Band
    venous_outflow_pct: Band

    def as_dict(self) -> dict[str, Any]:
        """Return the bands as JSON-ready data."""
        return {
            "pressure_mmhg": self.pressure_mmhg,
            "arterial_inflow_pct": self.arterial_inflow_pct.as_dict(),
            "venous_outflow_pct": self.venous_outflow_pct.as_dict(),
        }


def flow_curve_band(
    subject: Subject,
    cuff: Cuff,
    pressures_mmhg: Sequence[float],
    *,
    reading_time_s: float = model_choices.FLOW_READING_TIME_S,
    seed: int = 0,
) -> list[FlowBand]:
    """Return inflow and outflow bands at each pressure, read as :func:`flow_curve` reads them.

    All people and pressures are integrated together (``people x pressures`` subjects).
    """
    pressures = np.array([check_cuff_pressure_mmhg(p) for p in pressures_mmhg], dtype=float)
    fat, depth_fraction = matching_anatomy(subject, seed=seed)
    people = fat.shape[0]
    repeats = pressures.shape[0]
    limb = _limb_for(subject, cuff, (np.tile(fat, repeats), np.tile(depth_fraction, repeats)))
    cuff_pressures = np.repeat(pressures, people)
    step = model_choices.NATIVE_TIME_STEP_S
    steps = round(reading_time_s / step)
    if steps > 0:
        state = integrate_fixed(limb, rest_schedule(steps * step), cuff_pressures).states[-1]
    else:
        state = resting_state(limb)
    inflow, outflow = flows_ml_s(np.ascontiguousarray(state), Forcing(cuff_pressures), limb)
    resting = limb.resting_flow_ml_s
    inflow_pct = (100.0 * inflow / resting).reshape(pressures.shape[0], people)
    outflow_pct = (100.0 * outflow / resting).reshape(pressures.shape[0], people)
    return [
        FlowBand(float(pressure), Band.of(inflow_pct[index]), Band.of(outflow_pct[index]))
        for index, pressure in enumerate(pressures)
    ]


def session_band(
    subject: Subject,
    cuff: Cuff,
    *,
    protocol: str,
    pressure_mmhg: float,
    load_pct_1rm: float | None = None,
    intermittent: bool = False,
    recovery_s: float = 300.0,
    seed: int = 0,
) -> dict[str, Band]:
    """Return the band of every session output at one cuff pressure [mmHg] among matching people.

    The pressure is the same for everyone (the person's cuff pressure), as it would be on the
    gauge; people whose artery lies deeper are restricted less by it.
    """
    chosen = protocol_named(protocol)
    limb = _limb_for(subject, cuff, matching_anatomy(subject, seed=seed), chosen.limbs_exercised)
    schedule = exercise_schedule(
        chosen,
        load_pct_1rm=load_pct_1rm,
        intermittent=intermittent,
        restricted=pressure_mmhg > 0,
        recovery_s=recovery_s,
    )
    pressures = np.full(limb.size, check_cuff_pressure_mmhg(pressure_mmhg))
    summary = integrate_summary(limb, schedule, pressures)
    return {name: Band.of(getattr(summary, name)) for name in SessionSummary.__slots__}


__all__ = [
    "BAND_PEOPLE",
    "Band",
    "FlowBand",
    "flow_curve_band",
    "matching_anatomy",
    "matching_people",
    "occlusion_pressure_band",
    "session_band",
]
