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
:data:`BAND_PEOPLE` people at once; :func:`settled_flows` and :func:`session_with_band` run the
person as one more column of that integration (the same steps, so the same numbers as the
person's own run) and keep what they computed in bounded caches keyed on their inputs.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
from numpy.typing import NDArray

from occlusion.physiology.cohort import Population, sample_with_generator
from occlusion.physiology.exercise import (
    Schedule,
    exercise_schedule,
    protocol_named,
    rest_schedule,
)
from occlusion.physiology.flow import (
    FlowPoint,
    checked_pressures_mmhg,
    flow_points,
    reading_steps,
)
from occlusion.physiology.limb import LimbArrays, limb_arrays
from occlusion.physiology.model import (
    STATE_NAMES,
    Forcing,
    flows_ml_s,
    reported_tissue_saturation,
    resting_state,
)
from occlusion.physiology.parameters import model_choices
from occlusion.physiology.session import SessionSummary, integrate_summary
from occlusion.physiology.solver import final_state, integrate_fixed
from occlusion.physiology.subject import Cuff, Subject, check_cuff_pressure_mmhg

FloatArray = NDArray[np.float64]
_Value = TypeVar("_Value")

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
    """Bands of inflow and outflow [% of each person's unrestricted flow] at one pressure.

    ``pooled_volume_ml`` is the band of the venous blood pooled below the cuff at the reading
    [ml]; ``pct_lop`` is the band of the pressure as a share of each person's own occlusion
    pressure [% LOP] (the same pressure on the gauge is a larger share for a person whose artery
    closes sooner).
    """

    pressure_mmhg: float
    arterial_inflow_pct: Band
    venous_outflow_pct: Band
    pooled_volume_ml: Band
    pct_lop: Band

    def as_dict(self) -> dict[str, Any]:
        """Return the bands as JSON-ready data."""
        return {
            "pressure_mmhg": self.pressure_mmhg,
            "arterial_inflow_pct": self.arterial_inflow_pct.as_dict(),
            "venous_outflow_pct": self.venous_outflow_pct.as_dict(),
            "pooled_volume_ml": self.pooled_volume_ml.as_dict(),
            "pct_lop": self.pct_lop.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class SettledFlow:
    """The person's flows and pooled blood at one cuff pressure, with the band around them.

    Attributes
    ----------
    point
        The person's inflow and outflow, as :func:`~occlusion.physiology.flow.flow_curve` reads
        them.
    pooled_volume_ml
        The person's venous blood pooled below the cuff at the reading [ml].
    band
        Inflow and outflow among people matching the person's measurements.
    """

    point: FlowPoint
    pooled_volume_ml: float
    band: FlowBand


#: Readings kept per process (one per person, cuff, pressure and reading time): a page that
#: moves its pressure slider back to a pressure it showed, or redraws the same curve, runs no
#: model. A reading is about 1 kB.
SETTLED_CACHE_SIZE = 4096


class _BoundedCache(Generic[_Value]):
    """Least-recently-used mapping of at most ``size`` entries, safe to share between threads."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[Hashable, _Value] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> _Value | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: _Value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_SETTLED: _BoundedCache[SettledFlow] = _BoundedCache(SETTLED_CACHE_SIZE)


def settled_flows(
    subject: Subject,
    cuff: Cuff,
    pressures_mmhg: Sequence[float],
    *,
    reading_time_s: float = model_choices.FLOW_READING_TIME_S,
    seed: int = 0,
) -> list[SettledFlow]:
    """Return the person's flows, pooled blood and population band at each pressure.

    The person and :data:`BAND_PEOPLE` matching people at every pressure not yet read run in one
    vectorised integration (``(1 + people) x pressures`` subjects, the same RK4 steps as
    :func:`~occlusion.physiology.flow.flow_curve`); readings are kept in a bounded cache
    (:data:`SETTLED_CACHE_SIZE`) keyed on everything they depend on.

    Raises
    ------
    InputError, OutOfRangeError
        As :func:`~occlusion.physiology.flow.flow_curve` for the pressures, reading time and cuff.
    """
    checked_mmhg = checked_pressures_mmhg(pressures_mmhg)
    steps = reading_steps(reading_time_s)
    keys = [(subject, cuff, float(p), steps, seed, BAND_PEOPLE) for p in checked_mmhg]
    found: dict[Hashable, SettledFlow] = {}
    for key in keys:
        kept = _SETTLED.get(key)
        if kept is not None:
            found[key] = kept
    missing = list(dict.fromkeys(key for key in keys if key not in found))
    if missing:
        readings = _read_settled(subject, cuff, np.array([key[2] for key in missing]), steps, seed)
        for key, reading in zip(missing, readings, strict=True):
            _SETTLED.put(key, reading)
            found[key] = reading
    return [found[key] for key in keys]


def _read_settled(
    subject: Subject, cuff: Cuff, pressures_mmhg: FloatArray, steps: int, seed: int
) -> list[SettledFlow]:
    """Integrate the person and the matching people at ``pressures_mmhg`` together and read them."""
    fat, depth_fraction = matching_anatomy(subject, seed=seed)
    people = fat.shape[0]
    count = pressures_mmhg.shape[0]
    # Columns: the person at every pressure, then the matching people at each pressure in turn.
    all_fat = np.concatenate(
        [np.full(count, subject.effective_fat_thickness_cm), np.tile(fat, count)]
    )
    all_depth = np.concatenate(
        [np.full(count, model_choices.ARTERY_DEPTH_FRACTION), np.tile(depth_fraction, count)]
    )
    limb = _limb_for(subject, cuff, (all_fat, all_depth))
    cuff_mmhg = np.concatenate([pressures_mmhg, np.repeat(pressures_mmhg, people)])
    if steps > 0:
        schedule = rest_schedule(steps * model_choices.NATIVE_TIME_STEP_S)
        state = final_state(limb, schedule, cuff_mmhg)
    else:
        state = resting_state(limb)
    inflow_ml_s, outflow_ml_s = flows_ml_s(state, Forcing(cuff_mmhg), limb)
    resting_ml_s = limb.resting_flow_ml_s[count:]
    inflow_pct = (100.0 * inflow_ml_s[count:] / resting_ml_s).reshape(count, people)
    outflow_pct = (100.0 * outflow_ml_s[count:] / resting_ml_s).reshape(count, people)
    # Each person's occlusion pressure is algebraic in their anatomy: no integration.
    people_lop_mmhg = limb.occlusion_pressure_mmhg[count:].reshape(count, people)
    pct_lop = 100.0 * pressures_mmhg[:, np.newaxis] / people_lop_mmhg
    person = _take(limb, slice(0, count))
    points = flow_points(person, state[:count], pressures_mmhg, steps)
    pooled_ml = state[:, STATE_NAMES.index("pooled_volume_ml")]
    person_pooled_ml = pooled_ml[:count]
    people_pooled_ml = pooled_ml[count:].reshape(count, people)
    return [
        SettledFlow(
            point,
            float(volume),
            FlowBand(
                float(pressure),
                Band.of(inflow_pct[index]),
                Band.of(outflow_pct[index]),
                Band.of(people_pooled_ml[index]),
                Band.of(pct_lop[index]),
            ),
        )
        for index, (point, volume, pressure) in enumerate(
            zip(points, person_pooled_ml, pressures_mmhg, strict=True)
        )
    ]


def _take(limb: LimbArrays, columns: slice) -> LimbArrays:
    return LimbArrays(*(getattr(limb, name)[columns] for name in LimbArrays.__slots__))


def flow_curve_band(
    subject: Subject,
    cuff: Cuff,
    pressures_mmhg: Sequence[float],
    *,
    reading_time_s: float = model_choices.FLOW_READING_TIME_S,
    seed: int = 0,
) -> list[FlowBand]:
    """Return inflow and outflow bands at each pressure, read as :func:`flow_curve` reads them.

    The bands of :func:`settled_flows`.
    """
    flows = settled_flows(subject, cuff, pressures_mmhg, reading_time_s=reading_time_s, seed=seed)
    return [flow.band for flow in flows]


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
    return session_with_band(
        subject,
        cuff,
        protocol=protocol,
        pressure_mmhg=pressure_mmhg,
        load_pct_1rm=load_pct_1rm,
        intermittent=intermittent,
        recovery_s=recovery_s,
        seed=seed,
    )[1]


def session_with_band(
    subject: Subject,
    cuff: Cuff,
    *,
    protocol: str,
    pressure_mmhg: float,
    load_pct_1rm: float | None = None,
    intermittent: bool = False,
    recovery_s: float = 300.0,
    seed: int = 0,
) -> tuple[dict[str, float], dict[str, Band]]:
    """Return the person's session outputs and their bands among matching people.

    The person runs as one more column of the band's integration; their outputs equal
    :meth:`SessionResult.summary_dict` of
    :func:`~occlusion.physiology.session.simulate_session` at the same pressure. Results are
    kept in a bounded cache keyed on the arguments.
    """
    outputs, bands = _session_with_band(
        subject,
        cuff,
        protocol,
        check_cuff_pressure_mmhg(pressure_mmhg),
        load_pct_1rm,
        intermittent,
        recovery_s,
        seed,
        BAND_PEOPLE,
    )
    return dict(outputs), dict(bands)


@functools.lru_cache(maxsize=256)
def _session_with_band(
    subject: Subject,
    cuff: Cuff,
    protocol: str,
    pressure_mmhg: float,
    load_pct_1rm: float | None,
    intermittent: bool,
    recovery_s: float,
    seed: int,
    people: int,
) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, Band], ...]]:
    chosen = protocol_named(protocol)
    fat, depth_fraction = matching_anatomy(subject, people, seed)
    anatomy = (
        np.concatenate([[subject.effective_fat_thickness_cm], fat]),
        np.concatenate([[model_choices.ARTERY_DEPTH_FRACTION], depth_fraction]),
    )
    limb = _limb_for(subject, cuff, anatomy, chosen.limbs_exercised)
    schedule = exercise_schedule(
        chosen,
        load_pct_1rm=chosen.default_load_pct_1rm if load_pct_1rm is None else load_pct_1rm,
        intermittent=intermittent,
        restricted=pressure_mmhg > 0,
        recovery_s=recovery_s,
    )
    summary = integrate_summary(limb, schedule, np.full(limb.size, pressure_mmhg))
    names = SessionSummary.__slots__
    outputs = tuple((name, float(getattr(summary, name)[0])) for name in names)
    bands = tuple((name, Band.of(getattr(summary, name)[1:])) for name in names)
    return outputs, bands


def session_series_band(
    subject: Subject,
    cuff: Cuff,
    schedule: Schedule,
    pressure_mmhg: float,
    *,
    limbs_exercised: int = 1,
    seed: int = 0,
) -> dict[str, tuple[FloatArray, FloatArray]]:
    """Return the 5th and 95th percentile of each session time series among matching people.

    Series on the native grid of ``schedule`` (as :meth:`SessionResult.time_series` with the
    native step): pooled blood [ml], reported tissue saturation [%], blood and working-muscle
    lactate [mmol/l].
    """
    limb = _limb_for(subject, cuff, matching_anatomy(subject, seed=seed), limbs_exercised)
    cuff_mmhg = np.full(limb.size, check_cuff_pressure_mmhg(pressure_mmhg))
    states = integrate_fixed(limb, schedule, cuff_mmhg).states
    series = {
        "pooled_volume_ml": states[:, :, 0],
        "tissue_saturation_pct": 100.0 * reported_tissue_saturation(states[:, :, 2]),
        "blood_lactate_mmol_l": states[:, :, 4],
        "muscle_lactate_mmol_l": states[:, :, 3],
    }
    low, high = BAND_PERCENTILES[0], BAND_PERCENTILES[-1]
    return {
        name: (np.percentile(values, low, axis=1), np.percentile(values, high, axis=1))
        for name, values in series.items()
    }


__all__ = [
    "BAND_PEOPLE",
    "SETTLED_CACHE_SIZE",
    "Band",
    "FlowBand",
    "SettledFlow",
    "flow_curve_band",
    "matching_anatomy",
    "matching_people",
    "occlusion_pressure_band",
    "session_band",
    "session_series_band",
    "session_with_band",
    "settled_flows",
]
