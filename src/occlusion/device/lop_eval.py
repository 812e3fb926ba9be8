"""Evaluate automatic LOP on a virtual cohort against the physiology simulator's true LOP.

Each virtual limb gets its true occlusion pressure from :mod:`occlusion.physiology` (the limb
simulator's model for that circumference, blood pressure and cuff width), a pulse, sensor noise
and -- for some limbs -- motion during the measurement. The full stack runs: firmware ramp,
status stream, host analysis. Reported: bias and SD of measured minus true LOP, the time each
measurement took and the failures, overall and per limb, next to the cuff-embedded method in
the literature (Masri et al. 2016: 1 +/- 8 mmHg arms, 0 +/- 15 mmHg legs; 30-45 s per Delfi's
published workflow).
"""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass

from occlusion.device.client import CuffClient
from occlusion.device.lop_auto import MASRI_2016, LopMeasurement, measure_lop
from occlusion.device.simulated.device import build_device
from occlusion.device.simulated.limb import (
    PulsatileLimb,
    physiology_occlusion_pressure_mmhg,
    random_motion,
)
from occlusion.device.simulated.sensor import SensorParameters
from occlusion.device.transports.sim import SimTransport
from occlusion.errors import InputError, OcclusionError

# [est] cohort ranges for healthy adults; cuff widths like the Delfi cuffs in Weatherholt 2019.
CUFF_WIDTH_CM = {"arm": 10.0, "thigh": 11.5}
CIRCUMFERENCE_CM = {"arm": (24.0, 40.0), "thigh": (45.0, 70.0)}
PULSATILE_VOLUME_ML = {"arm": (1.5, 3.0), "thigh": (2.0, 4.0)}
MOTION_SHARE = 0.3
MOTION_RATE_PER_MIN = 3.0


@dataclass(frozen=True, slots=True)
class VirtualLimb:
    """One member of the virtual cohort."""

    limb: str
    circumference_cm: float
    sbp_mmhg: float
    dbp_mmhg: float
    heart_rate_bpm: float
    true_lop_mmhg: float
    pulsatile_volume_ml: float
    moves: bool
    seed: int


def sample_cohort(size: int, seed: int = 0) -> list[VirtualLimb]:
    """Return ``size`` virtual limbs, half arms and half thighs, true LOP from physiology."""
    rng = random.Random(seed)
    cohort: list[VirtualLimb] = []
    while len(cohort) < size:
        limb = "arm" if len(cohort) % 2 == 0 else "thigh"
        sbp = min(max(rng.gauss(122.0, 12.0), 95.0), 160.0)
        dbp = min(max(sbp * rng.uniform(0.55, 0.7), 55.0), sbp - 25.0)
        circumference = rng.uniform(*CIRCUMFERENCE_CM[limb])
        try:
            lop = physiology_occlusion_pressure_mmhg(
                limb, circumference, sbp, dbp, CUFF_WIDTH_CM[limb]
            )
        except OcclusionError:
            continue
        cohort.append(
            VirtualLimb(
                limb=limb,
                circumference_cm=circumference,
                sbp_mmhg=sbp,
                dbp_mmhg=dbp,
                heart_rate_bpm=rng.uniform(55.0, 95.0),
                true_lop_mmhg=lop,
                pulsatile_volume_ml=rng.uniform(*PULSATILE_VOLUME_ML[limb]),
                moves=rng.random() < MOTION_SHARE,
                seed=seed * 100_003 + len(cohort),
            )
        )
    return cohort


def measure_virtual_limb(member: VirtualLimb) -> LopMeasurement:
    """Run one automatic LOP measurement on ``member`` through the whole simulated stack."""
    rng = random.Random(member.seed)
    limb = PulsatileLimb(
        member.true_lop_mmhg,
        sbp_mmhg=member.sbp_mmhg,
        dbp_mmhg=member.dbp_mmhg,
        heart_rate_bpm=member.heart_rate_bpm,
        pulsatile_volume_ml=member.pulsatile_volume_ml,
        seed=member.seed,
    )
    sensor = SensorParameters(
        noise_mmhg=rng.uniform(0.05, 0.3),
        offset_mmhg=rng.uniform(-1.0, 1.0),
        gain_error=rng.uniform(-0.01, 0.01),
    )
    device = build_device([(member.limb, limb)], sensor=sensor, seed=member.seed)
    if member.moves:
        compliance = device.hardware.channels[0].pneumatics.limb_ml_per_mmhg(
            0.6 * member.true_lop_mmhg
        )
        limb.motion = random_motion(rng, 2.0, 60.0, MOTION_RATE_PER_MIN, compliance)
    client = CuffClient(SimTransport(device))
    client.handshake()
    return measure_lop(client, 0)


def _stats(errors: list[float]) -> tuple[float | None, float | None]:
    if not errors:
        return None, None
    bias = statistics.fmean(errors)
    sd = statistics.stdev(errors) if len(errors) > 1 else 0.0
    return round(bias, 2), round(sd, 2)


def evaluate(size: int = 200, seed: int = 0) -> dict[str, object]:
    """Measure a virtual cohort and return bias, SD, median time and failures.

    Returns
    -------
    dict
        ``bias_mmhg``, ``sd_mmhg``, ``median_time_s``, ``failures`` overall, the same per limb,
        the share of "poor" quality results and the aims and published figures.
    """
    if not 2 <= size <= 5000:
        raise InputError(
            "the cohort size must be between 2 and 5000",
            code="device.lop-eval.cohort-size-out-of-range",
            value=size,
            minimum=2,
            maximum=5000,
        )
    cohort = sample_cohort(size, seed)
    rows = []
    for member in cohort:
        measurement = measure_virtual_limb(member)
        rows.append((member, measurement))
    summary: dict[str, object] = {}
    per_limb: dict[str, object] = {}
    for name, selected in (
        ("all", rows),
        ("arm", [r for r in rows if r[0].limb == "arm"]),
        ("thigh", [r for r in rows if r[0].limb == "thigh"]),
    ):
        errors = [
            m.lop_mmhg - member.true_lop_mmhg for member, m in selected if m.lop_mmhg is not None
        ]
        bias, sd = _stats(errors)
        block: dict[str, object] = {
            "bias_mmhg": bias,
            "sd_mmhg": sd,
            "median_time_s": round(statistics.median(m.duration_s for _, m in selected), 1),
            "failures": sum(1 for _, m in selected if m.lop_mmhg is None),
            "poor_quality": sum(1 for _, m in selected if m.estimate.quality == "poor"),
            "limbs": len(selected),
        }
        if name == "all":
            summary = block
        else:
            per_limb[name] = block
    movers = [m for member, m in rows if member.moves]
    return {
        **summary,
        "per_limb": per_limb,
        "limbs_with_motion": len(movers),
        "true_lop_range_mmhg": [
            round(min(m.true_lop_mmhg for m in cohort), 1),
            round(max(m.true_lop_mmhg for m in cohort), 1),
        ],
        "aims": {"abs_bias_mmhg": 3.0, "sd_mmhg": 8.0, "median_time_s": 40.0},
        "published": {
            "masri_2016": {"arm": "1 +/- 8 mmHg", "leg": "0 +/- 15 mmHg"},
            "delfi_workflow_time_s": "30-45",
        },
        "references": [MASRI_2016.as_dict()],
    }
