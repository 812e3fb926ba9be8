"""Pressure-holding benchmark: the leg-press protocol of Swain et al. (2025) on the simulator.

Swain, McEwen, Lai and Hughes measured four commercial BFR devices with the cuff on the
proximal thigh set to 80 % LOP during four sets of unilateral leg press (30-15-15-15
repetitions, 30 s rest), sampling cuff pressure at 100 Hz, and reported the median share of
exercise time within +/- 10 % of target and of rest time within +/- 5 %: Delfi PTS 95 % / 99 %;
Saga 25 %, SmartCuffs 26 %, Suji 34 % / 0 % for all three. This module runs the same protocol
with the same measure on virtual participants, once with our controller and once
"unregulated" (tube clamped after the first inflation) to show how hard the disturbance is.
"""

from __future__ import annotations

import bisect
import random
import statistics
from dataclasses import dataclass

from occlusion import evidence
from occlusion.device.client import CuffClient
from occlusion.device.firmware import limits as table
from occlusion.device.simulated.device import SimulatedDevice, build_device
from occlusion.device.simulated.exercise import (
    LEG_PRESS_SETS,
    ExerciseDisturbance,
    Period,
    leg_press_periods,
)
from occlusion.device.simulated.limb import PulsatileLimb
from occlusion.device.transports.sim import SimTransport
from occlusion.errors import InputError

SWAIN_2025 = evidence.register(
    evidence.Reference(
        key="swain_2025_cuff_pressure",
        citation=(
            "Swain P, McEwen J, Lai T, Hughes L (2025). Tourniquet cuff pressure during blood "
            "flow restriction exercise. Frontiers in Sports and Active Living 7:1582387."
        ),
        status="verified",
        doi="10.3389/fspor.2025.1582387",
        url="https://www.frontiersin.org/journals/sports-and-active-living/articles/10.3389/fspor.2025.1582387/full",
        note=(
            "Abstract read: 30-15-15-15 leg press, 80 % LOP, 100 Hz; within +/-10 % of target "
            "in exercise 95/25/26/34 %, within +/-5 % at rest 99/0/0/0 % (Delfi/Saga/"
            "SmartCuffs/Suji); peaks/valleys 89/72, 79/58, 79/61, 90/65 % LOP."
        ),
    )
)

PUBLISHED = {
    "delfi_pts": {"exercise_within_10pct": 0.95, "rest_within_5pct": 0.99},
    "saga": {"exercise_within_10pct": 0.25, "rest_within_5pct": 0.0},
    "smartcuffs": {"exercise_within_10pct": 0.26, "rest_within_5pct": 0.0},
    "suji": {"exercise_within_10pct": 0.34, "rest_within_5pct": 0.0},
}
TARGET_FRACTION_OF_LOP = 0.8
SETTLE_S = 15.0


@dataclass(frozen=True, slots=True)
class HoldingRun:
    """One participant's run: time shares inside the windows, peaks, valleys and alarms.

    ``alarms`` names every alarm the cuff's safety layer raised during the run (advisories
    included): a controller that holds the band by tripping the safety layer has failed.
    """

    lop_mmhg: float
    target_mmhg: float
    exercise_within_10pct: float
    rest_within_5pct: float
    peak_percent_lop: float
    valley_percent_lop: float
    alarms: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """Return JSON-ready data."""
        return {
            "lop_mmhg": round(self.lop_mmhg, 1),
            "target_mmhg": round(self.target_mmhg, 1),
            "exercise_within_10pct": round(self.exercise_within_10pct, 4),
            "rest_within_5pct": round(self.rest_within_5pct, 4),
            "peak_percent_lop": round(self.peak_percent_lop, 1),
            "valley_percent_lop": round(self.valley_percent_lop, 1),
            "alarms": list(self.alarms),
        }


def _shares(
    samples: list[tuple[float, float]], periods: list[Period], target_mmhg: float
) -> tuple[float, float]:
    inside = {"exercise": 0, "rest": 0}
    total = {"exercise": 0, "rest": 0}
    window = {"exercise": 0.10, "rest": 0.05}
    for time_s, pressure in samples:
        for period in periods:
            if period.start_s <= time_s < period.end_s:
                total[period.kind] += 1
                if abs(pressure - target_mmhg) <= window[period.kind] * target_mmhg:
                    inside[period.kind] += 1
                break
    return (
        inside["exercise"] / max(total["exercise"], 1),
        inside["rest"] / max(total["rest"], 1),
    )


def _peaks_and_valleys(
    samples: list[tuple[float, float]], periods: list[Period], repetition_s: float
) -> tuple[float, float]:
    times = [time_s for time_s, _ in samples]
    peaks: list[float] = []
    valleys: list[float] = []
    for period in periods:
        if period.kind != "exercise":
            continue
        start = period.start_s
        while start + repetition_s <= period.end_s + 1e-9:
            # Samples are in time order: find each repetition's window by bisection.
            first = bisect.bisect_left(times, start)
            last = bisect.bisect_left(times, start + repetition_s)
            window = [pressure for _, pressure in samples[first:last]]
            if window:
                peaks.append(max(window))
                valleys.append(min(window))
            start += repetition_s
    return statistics.fmean(peaks), statistics.fmean(valleys)


def run_leg_press(
    lop_mmhg: float,
    seed: int = 0,
    regulated: bool = True,
    pump_free_flow_ml_s: float | None = None,
    repetition_s: float = 2.0,
    ceiling_mmhg: float | None = None,
    sets: tuple[int, ...] = LEG_PRESS_SETS,
) -> HoldingRun:
    """Run the 30-15-15-15 leg press at 80 % LOP on one virtual thigh and score it.

    Parameters
    ----------
    lop_mmhg
        True limb occlusion pressure of the thigh with this cuff [mmHg].
    seed
        Seed of the participant's repetition spread, pulse and sensor noise.
    regulated
        False clamps the tube after the first inflation (no regulation at all).
    pump_free_flow_ml_s
        Pump size [mL/s of free air]; None uses the default simulated pump.
    repetition_s
        Duration of one repetition [s].
    ceiling_mmhg
        Lower the channel's pressure ceiling to this first [mmHg], as a host may; None keeps
        the firmware's.
    sets
        Repetitions of each set (30-15-15-15 by default).
    """
    if not 60.0 <= lop_mmhg <= 320.0:
        raise InputError(
            "lop_mmhg must be between 60 and 320 mmHg for this benchmark",
            code="device.bench.lop-out-of-range",
            lop_mmhg=lop_mmhg,
            minimum_mmhg=60.0,
            maximum_mmhg=320.0,
        )
    target = TARGET_FRACTION_OF_LOP * lop_mmhg
    rng = random.Random(seed)
    limb = PulsatileLimb(
        lop_mmhg,
        sbp_mmhg=rng.uniform(110.0, 135.0),
        dbp_mmhg=rng.uniform(65.0, 82.0),
        heart_rate_bpm=rng.uniform(60.0, 95.0),
        pulsatile_volume_ml=rng.uniform(2.0, 3.5),
        seed=seed,
    )
    device: SimulatedDevice = build_device(
        [("thigh", limb)], seed=seed, pump_free_flow_ml_s=pump_free_flow_ml_s
    )
    channel = device.hardware.channels[0]
    client = CuffClient(SimTransport(device))
    client.handshake()
    if ceiling_mmhg is not None:
        client.set_limits(0, ceiling_mmhg, table.limit("absolute_inflation_limit_s"))
    client.inflate(0, target)
    client.wait_until(lambda status: status.channels[0].state == "regulating", timeout_s=30.0)
    reached_s = device.time_s
    if not regulated:
        channel.clamped = True
    exercise_start = reached_s + SETTLE_S
    periods = leg_press_periods(exercise_start, sets, repetition_s=repetition_s)
    limb.exercise = ExerciseDisturbance(
        periods,
        channel.pneumatics.limb_ml_per_mmhg(target),
        target,
        seed=seed,
        creep_start_s=reached_s,
        repetition_s=repetition_s,
    )
    samples: list[tuple[float, float]] = []
    alarm_codes: set[int] = set()
    safety = device.firmware.safety.channels[0]

    def observe(dev: SimulatedDevice) -> None:
        samples.append((dev.time_s, dev.hardware.channels[0].true_pressure_mmhg))
        alarm_codes.update(safety.active, safety.latched)

    device.observers.append(observe)
    client.wait(periods[-1].end_s - device.time_s + 0.01)
    client.close()
    exercise_share, rest_share = _shares(samples, periods, target)
    peak, valley = _peaks_and_valleys(samples, periods, repetition_s)
    return HoldingRun(
        lop_mmhg=lop_mmhg,
        target_mmhg=target,
        exercise_within_10pct=exercise_share,
        rest_within_5pct=rest_share,
        peak_percent_lop=100.0 * peak / lop_mmhg,
        valley_percent_lop=100.0 * valley / lop_mmhg,
        alarms=tuple(table.alarm_name(code) for code in sorted(alarm_codes)),
    )


def participant_lops_mmhg(participants: int, seed: int = 0) -> list[float]:
    """Return thigh LOPs for virtual participants from the physiology simulator [mmHg].

    Thigh circumference 48-68 cm, systolic 110-135 mmHg, diastolic 65-82 mmHg, an 11.5 cm cuff
    (the Delfi thigh cuff width in Weatherholt 2019), supine: [est] ranges for healthy adults.
    """
    from occlusion.device.simulated.limb import physiology_occlusion_pressure_mmhg

    rng = random.Random(seed + 7)
    lops = []
    for _ in range(participants):
        lops.append(
            physiology_occlusion_pressure_mmhg(
                "thigh",
                rng.uniform(48.0, 68.0),
                rng.uniform(110.0, 135.0),
                rng.uniform(65.0, 82.0),
                11.5,
            )
        )
    return lops


def _median_summary(runs: list[HoldingRun]) -> dict[str, float]:
    return {
        "exercise_within_10pct": round(statistics.median(r.exercise_within_10pct for r in runs), 4),
        "rest_within_5pct": round(statistics.median(r.rest_within_5pct for r in runs), 4),
        "peak_percent_lop": round(statistics.median(r.peak_percent_lop for r in runs), 1),
        "valley_percent_lop": round(statistics.median(r.valley_percent_lop for r in runs), 1),
    }


def holding_benchmark(
    participants: int = 15, seed: int = 0, pump_free_flow_ml_s: float | None = None
) -> dict[str, object]:
    """Run the benchmark on ``participants`` virtual thighs; medians as in Swain et al. 2025.

    Returns
    -------
    dict
        ``exercise_within_10pct`` and ``rest_within_5pct`` (medians, regulated), the lowest of
        each (``lowest``), how many regulated runs raised any alarm (``runs_with_alarms``), the
        medians under ``unregulated``, the published device results, per-participant runs and
        references.
    """
    if not 1 <= participants <= 500:
        raise InputError(
            "participants must be between 1 and 500",
            code="device.bench.participants-out-of-range",
            value=participants,
            minimum=1,
            maximum=500,
        )
    lops = participant_lops_mmhg(participants, seed)
    regulated = [
        run_leg_press(lop, seed + index, True, pump_free_flow_ml_s)
        for index, lop in enumerate(lops)
    ]
    clamped = [
        run_leg_press(lop, seed + index, False, pump_free_flow_ml_s)
        for index, lop in enumerate(lops)
    ]
    summary = _median_summary(regulated)
    return {
        **summary,
        "lowest": {
            "exercise_within_10pct": round(min(r.exercise_within_10pct for r in regulated), 4),
            "rest_within_5pct": round(min(r.rest_within_5pct for r in regulated), 4),
        },
        "runs_with_alarms": sum(1 for run in regulated if run.alarms),
        "unregulated": _median_summary(clamped),
        "aims": {"exercise_within_10pct": 0.98, "rest_within_5pct": 0.995},
        "published": PUBLISHED,
        "participants": participants,
        "pump_free_flow_ml_s": pump_free_flow_ml_s,
        "protocol": "unilateral leg press 30-15-15-15, 30 s rest, 80 % LOP, 2 s repetitions",
        "runs": [run.as_dict() for run in regulated],
        "unregulated_runs": [run.as_dict() for run in clamped],
        "references": [SWAIN_2025.as_dict()],
    }
