from __future__ import annotations

import math
import random

import pytest

from occlusion.device.client import CuffClient
from occlusion.device.lop_auto import (
    LopMeasurement,
    estimate_lop,
    measure_lop,
    oscillation_envelope,
)
from occlusion.device.simulated.device import build_device
from occlusion.device.simulated.limb import MotionBump, PulsatileLimb
from occlusion.device.transports.sim import SimTransport
from occlusion.errors import InputError


def synthetic_ramp(lop: float, rate: float = 5.0, noise: float = 0.05, seed: int = 0):
    """Cuff pressure of a ramp with oscillations that fall linearly to zero at ``lop``."""
    rng = random.Random(seed)
    times, pressures = [], []
    start = 60.0
    peak_at = 0.6 * lop
    t = 0.0
    while start + rate * t < lop + 40.0:
        cuff = start + rate * t
        if cuff < peak_at:
            amplitude = 2.0 * (0.4 + 0.6 * (cuff - start) / max(peak_at - start, 1.0))
        else:
            amplitude = max(0.0, 2.0 * (lop - cuff) / (lop - peak_at))
        beat = amplitude / 2 * math.sin(2 * math.pi * 1.1 * t)
        times.append(t)
        pressures.append(cuff + beat + rng.gauss(0.0, noise))
        t += 0.02
    return times, pressures


@pytest.mark.parametrize("lop", [120.0, 180.0, 250.0])
def test_envelope_method_finds_where_oscillations_vanish(lop: float) -> None:
    times, pressures = synthetic_ramp(lop)
    envelope = oscillation_envelope(times, pressures, 5.0)
    assert envelope is not None
    assert envelope.beat_period_s == pytest.approx(1 / 1.1, abs=0.05)
    estimate = estimate_lop(envelope)
    assert estimate.lop_mmhg is not None
    assert estimate.lop_mmhg == pytest.approx(lop, abs=8.0)
    assert estimate.quality in ("good", "poor")


def test_a_ramp_that_stops_below_occlusion_fails_honestly() -> None:
    times, pressures = synthetic_ramp(250.0)
    cut = [i for i, p in enumerate(pressures) if p < 170.0][-1]
    envelope = oscillation_envelope(times[:cut], pressures[:cut], 5.0)
    assert envelope is not None
    estimate = estimate_lop(envelope)
    assert estimate.lop_mmhg is None and estimate.quality == "failed"


def test_too_short_a_ramp_has_no_envelope() -> None:
    assert oscillation_envelope([0.0, 0.02], [60.0, 60.1], 5.0) is None


def measure(limb: PulsatileLimb, kind: str = "arm", attempts: int = 1) -> LopMeasurement:
    device = build_device([(kind, limb)], seed=3)
    client = CuffClient(SimTransport(device))
    client.handshake()
    result = measure_lop(client, 0, attempts=attempts)
    client.wait(3.0)
    assert client.latest is not None
    assert client.latest.channels[0].pressure_mmhg < 15.0  # always deflated afterwards
    return result


def test_measures_still_simulated_arms_within_the_literature_spread() -> None:
    errors = []
    for seed, (lop, volume) in enumerate([(120.0, 2.0), (140.0, 2.5), (160.0, 3.0),
                                          (135.0, 1.8), (150.0, 2.2), (170.0, 2.8)]):
        result = measure(PulsatileLimb(lop, pulsatile_volume_ml=volume, seed=seed))
        assert result.duration_s < 45.0
        assert result.highest_pressure_mmhg < lop + 60.0
        if result.lop_mmhg is not None:
            errors.append(result.lop_mmhg - lop)
    assert len(errors) >= 5
    # Masri 2016, arms: 1 +/- 8 mmHg; allow two SD around zero for the median error.
    assert abs(sorted(errors)[len(errors) // 2]) < 16.0
    assert result.as_dict()["references"][0]["key"] == "masri_2016_embedded_lop"


def test_large_motion_is_rejected_or_flagged() -> None:
    bumps = [MotionBump(t, 0.6, 6.0) for t in (8.0, 12.0, 16.0, 20.0, 24.0)]
    result = measure(PulsatileLimb(150.0, seed=4, motion=bumps))
    assert result.estimate.windows_rejected > 0 or result.estimate.quality != "good"


def test_a_failed_ramp_is_repeated_once_the_limb_is_still() -> None:
    bumps = [MotionBump(t, 0.6, 6.0) for t in (8.0, 12.0, 16.0, 20.0, 24.0)]
    single = measure(PulsatileLimb(150.0, seed=4, motion=bumps))
    repeated = measure(PulsatileLimb(150.0, seed=4, motion=bumps), attempts=2)
    assert single.lop_mmhg is None
    assert repeated.lop_mmhg is not None
    assert abs(repeated.lop_mmhg - 150.0) < 16.0
    assert repeated.duration_s > single.duration_s + 15.0  # both ramps and the pause count


def test_bad_ramp_settings_are_refused() -> None:
    client = CuffClient.connect("sim")
    with pytest.raises(InputError) as caught:
        measure_lop(client, 0, start_mmhg=300.0, stop_mmhg=200.0)
    assert caught.value.code == "device.lop.bad-ramp-range"
    assert caught.value.fields == {"start_mmhg": 300.0, "stop_mmhg": 200.0}
    with pytest.raises(InputError) as caught:
        measure_lop(client, 0, rate_mmhg_s=50.0)
    assert caught.value.code == "device.lop.ramp-rate-out-of-range"
    assert caught.value.fields["rate_mmhg_s"] == 50.0
    with pytest.raises(InputError) as caught:
        measure_lop(client, 0, attempts=0)
    assert caught.value.code == "device.lop.bad-attempts"
    assert caught.value.fields["attempts"] == 0
    client.close()


