"""Automatic limb occlusion pressure from the cuff's own pressure oscillations (no extra sensor).

The cuff is both actuator and sensor, as in the "embedded LOP" method (Masri et al. 2016). The
firmware ramps the cuff up at a steady rate; the host band-passes the streamed pressure, cuts it
into windows of one heartbeat, takes each window's peak-to-peak oscillation and so builds the
oscillation envelope against cuff pressure. Above the pressure of maximum oscillation the
envelope falls towards a floor (noise plus the pulse still knocking at the proximal edge of the
cuff); LOP is where a straight line through the falling flank (15-60 % of the way from floor to
maximum) meets that floor. Windows whose baseline leaves the ramp line or whose oscillation
jumps far above its neighbours are motion and are rejected; too many rejections, too few beats
on the flank or a flank that never reaches the floor give a "poor" or "failed" quality.

The algorithms of commercial devices are proprietary; this reconstruction follows device.md
section 1.3 (inflate-then-deflate, 30-45 s, fails on motion).
"""

from __future__ import annotations

import contextlib
import statistics
from dataclasses import dataclass
from typing import Literal

from occlusion import evidence
from occlusion.device.client import CuffClient
from occlusion.device.protocol import Status
from occlusion.errors import DeviceError, InputError

MASRI_2016 = evidence.register(
    evidence.Reference(
        key="masri_2016_embedded_lop",
        citation=(
            "Masri BA, Day B, Younger ASE, Jeyasurya J (2016). Technique for measuring limb "
            "occlusion pressure that facilitates personalized tourniquet systems: a randomized "
            "trial. Journal of Medical and Biological Engineering 36(5):644-650."
        ),
        status="verified",
        doi="10.1007/s40846-016-0173-5",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC5083760",
        note=(
            "Abstract read: cuff-embedded LOP vs Doppler, 252 pairs; 1 +/- 8 mmHg upper limbs, "
            "0 +/- 15 mmHg lower limbs, 1 +/- 12 mmHg overall."
        ),
    )
)

Quality = Literal["good", "poor", "failed"]
SAMPLE_RATE_HZ = 50.0
DEFAULT_START_MMHG = 60.0
DEFAULT_RATE_MMHG_S = 3.5
FLANK_LOW = 0.15
FLANK_HIGH = 0.60
STOP_FRACTION = 0.15
OVERRUN_MMHG = 20.0
STOP_WINDOWS = 6
MOTION_BASELINE_MMHG = 2.5
RAMP_SETTLE_MMHG = 4.0
NOISE_PEAK_TO_PEAK_SIGMAS = 4.0
EXTRAPOLATION_LIMIT_MMHG = 10.0
MOTION_JUMP_RATIO = 2.5


@dataclass(frozen=True, slots=True)
class Envelope:
    """Oscillation amplitude per heartbeat window against cuff pressure."""

    pressures_mmhg: tuple[float, ...]
    amplitudes_mmhg: tuple[float, ...]
    rejected: tuple[bool, ...]
    beat_period_s: float
    noise_floor_mmhg: float = 0.0


@dataclass(frozen=True, slots=True)
class LopEstimate:
    """Result of analysing one ramp."""

    lop_mmhg: float | None
    quality: Quality
    reason: str
    max_oscillation_mmhg: float
    pressure_at_max_mmhg: float
    floor_mmhg: float
    windows_used: int
    windows_rejected: int

    def as_dict(self) -> dict[str, object]:
        """Return JSON-ready data."""
        return {
            "lop_mmhg": None if self.lop_mmhg is None else round(self.lop_mmhg, 1),
            "quality": self.quality,
            "reason": self.reason,
            "max_oscillation_mmhg": round(self.max_oscillation_mmhg, 2),
            "pressure_at_max_mmhg": round(self.pressure_at_max_mmhg, 1),
            "floor_mmhg": round(self.floor_mmhg, 2),
            "windows_used": self.windows_used,
            "windows_rejected": self.windows_rejected,
        }


def _failed(reason: str) -> LopEstimate:
    return LopEstimate(None, "failed", reason, 0.0, 0.0, 0.0, 0, 0)


def oscillation_envelope(
    times_s: list[float], pressures_mmhg: list[float], rate_mmhg_s: float
) -> Envelope | None:
    """Return the per-beat oscillation envelope of a ramp, or None if it is too short."""
    import numpy as np
    from scipy import signal

    time = np.asarray(times_s, dtype=float)
    pressure = np.asarray(pressures_mmhg, dtype=float)
    if time.size < int(6 * SAMPLE_RATE_HZ):
        return None
    band_b, band_a = signal.butter(2, [0.5, 5.0], btype="bandpass", fs=SAMPLE_RATE_HZ)
    oscillation = signal.filtfilt(band_b, band_a, pressure)
    low_b, low_a = signal.butter(2, 0.4, btype="lowpass", fs=SAMPLE_RATE_HZ)
    baseline = signal.filtfilt(low_b, low_a, pressure)
    # Heart period from the autocorrelation of the oscillation (lags 0.33-1.5 s: 40-180 bpm).
    centred = oscillation - oscillation.mean()
    correlation = np.correlate(centred, centred, mode="full")[centred.size - 1 :]
    low_lag, high_lag = int(0.33 * SAMPLE_RATE_HZ), int(1.5 * SAMPLE_RATE_HZ)
    if correlation.size <= high_lag:
        return None
    lag = low_lag + int(np.argmax(correlation[low_lag:high_lag]))
    period_s = lag / SAMPLE_RATE_HZ
    window = lag
    pressures: list[float] = []
    amplitudes: list[float] = []
    motion: list[bool] = []
    # Windows of one heartbeat, overlapping by half: twice the points on the falling flank.
    for start in range(0, time.size - window + 1, max(window // 2, 1)):
        stop = start + window
        segment = oscillation[start:stop]
        amplitudes.append(float(segment.max() - segment.min()))
        pressures.append(float(baseline[start:stop].mean()))
        # Baseline should follow the ramp: a straight line of the commanded slope.
        seconds = time[start:stop] - time[start]
        expected = baseline[start] + rate_mmhg_s * seconds
        motion.append(bool(np.max(np.abs(baseline[start:stop] - expected)) > MOTION_BASELINE_MMHG))
    rejected = list(motion)
    for index, amplitude in enumerate(amplitudes):
        neighbours = [
            amplitudes[j]
            for j in range(max(0, index - 3), min(len(amplitudes), index + 4))
            if j != index
        ]
        if neighbours and amplitude > MOTION_JUMP_RATIO * statistics.median(neighbours) + 0.3:
            rejected[index] = True
    # Expected peak-to-peak of pure noise in one window: white noise measured in the 6-20 Hz
    # band (above the pulse's harmonics), scaled to the 0.5-5 Hz band's width.
    high_b, high_a = signal.butter(2, [6.0, 20.0], btype="bandpass", fs=SAMPLE_RATE_HZ)
    high = signal.filtfilt(high_b, high_a, pressure)
    noise_sigma = float(np.std(high)) * (4.5 / 14.0) ** 0.5
    noise_floor = NOISE_PEAK_TO_PEAK_SIGMAS * noise_sigma
    return Envelope(tuple(pressures), tuple(amplitudes), tuple(rejected), period_s, noise_floor)


def estimate_lop(envelope: Envelope) -> LopEstimate:
    """Return the LOP where the falling flank of the envelope meets its floor."""
    points = [
        (p, a)
        for p, a, bad in zip(
            envelope.pressures_mmhg, envelope.amplitudes_mmhg, envelope.rejected, strict=True
        )
        if not bad
    ]
    rejected = sum(envelope.rejected)
    if len(points) < 8:
        return _failed("too few usable heartbeats (motion or a short ramp)")
    amplitudes = [a for _, a in points]
    # Smooth with a running median of three before looking for the maximum.
    medians = [statistics.median(amplitudes[max(0, i - 1) : i + 2]) for i in range(len(amplitudes))]
    smooth = [statistics.fmean(medians[max(0, i - 1) : i + 2]) for i in range(len(medians))]
    peak_index = max(range(len(smooth)), key=smooth.__getitem__)
    maximum = smooth[peak_index]
    peak_pressure = points[peak_index][0]
    tail = smooth[peak_index + 1 :]
    level = envelope.noise_floor_mmhg
    below = [i for i, a in enumerate(tail) if a < level + STOP_FRACTION * (maximum - level)]
    if not below:
        return LopEstimate(
            None,
            "failed",
            "the oscillations never fell to their floor: ramp ended too low",
            maximum,
            peak_pressure,
            0.0,
            len(points),
            rejected,
        )
    floor_points = tail[below[0] :]
    # The lower quartile after the crossing: the end of the flank still lifts the median.
    floor = (
        statistics.quantiles(floor_points, n=4)[0]
        if len(floor_points) >= 2
        else (floor_points[0] if floor_points else level)
    )
    span = maximum - floor
    flank = [
        (points[peak_index + 1 + i][0], a)
        for i, a in enumerate(tail[: below[0] + 1])
        if floor + FLANK_LOW * span <= a <= floor + FLANK_HIGH * span
    ]
    if len(flank) < 3:
        # A steep fall: take the first pressure where the floor is reached instead.
        lop = points[peak_index + 1 + below[0]][0]
        return LopEstimate(
            lop,
            "poor",
            "flank too steep for a line fit; first floor beat used",
            maximum,
            peak_pressure,
            floor,
            len(points),
            rejected,
        )
    from scipy import stats

    slope, intercept, _low, _high = stats.theilslopes([a for _, a in flank], [p for p, _ in flank])
    if not slope < 0:
        return LopEstimate(
            None,
            "failed",
            "the falling flank does not fall",
            maximum,
            peak_pressure,
            floor,
            len(points),
            rejected,
        )
    lop = (floor - intercept) / slope
    highest = max(envelope.pressures_mmhg)
    if not peak_pressure < lop <= highest + EXTRAPOLATION_LIMIT_MMHG:
        return LopEstimate(
            None,
            "failed",
            "the flank line meets the floor outside the measured ramp",
            maximum,
            peak_pressure,
            floor,
            len(points),
            rejected,
        )
    quality: Quality = "good"
    reason = "flank line meets the floor"
    if rejected > 0.3 * len(envelope.rejected):
        quality, reason = "poor", "more than 30 % of heartbeats rejected as motion"
    elif len(below) < STOP_WINDOWS - 1:
        quality, reason = "poor", "few beats confirm the floor"
    return LopEstimate(lop, quality, reason, maximum, peak_pressure, floor, len(points), rejected)


def ramp_has_passed_occlusion(envelope: Envelope | None) -> bool:
    """Return True once the envelope has peaked, fallen to its floor and stayed there.

    The ramp goes on for :data:`OVERRUN_MMHG` past the first window at the floor, so the floor
    is measured beyond the end of the falling flank and not on it.
    """
    if envelope is None:
        return False
    usable = [
        (p, a)
        for p, a, bad in zip(
            envelope.pressures_mmhg, envelope.amplitudes_mmhg, envelope.rejected, strict=True
        )
        if not bad
    ]
    if len(usable) < 8:
        return False
    peak_index = max(range(len(usable)), key=lambda i: usable[i][1])
    level = envelope.noise_floor_mmhg
    threshold = level + STOP_FRACTION * (usable[peak_index][1] - level)
    tail = usable[peak_index + 1 :]
    crossing = next((p for p, a in tail if a < threshold), None)
    if crossing is None:
        return False
    beyond = [a for p, a in tail if p >= crossing]
    mostly_low = sum(1 for a in beyond if a < threshold) >= 0.8 * len(beyond)
    return mostly_low and tail[-1][0] >= crossing + OVERRUN_MMHG


@dataclass(frozen=True, slots=True)
class LopMeasurement:
    """One automatic LOP measurement and its context."""

    estimate: LopEstimate
    duration_s: float
    highest_pressure_mmhg: float
    channel: int

    @property
    def lop_mmhg(self) -> float | None:
        """Return the measured LOP [mmHg] (None when the measurement failed)."""
        return self.estimate.lop_mmhg

    def as_dict(self) -> dict[str, object]:
        """Return JSON-ready data."""
        return {
            **self.estimate.as_dict(),
            "duration_s": round(self.duration_s, 2),
            "highest_pressure_mmhg": round(self.highest_pressure_mmhg, 1),
            "channel": self.channel,
            "references": [MASRI_2016.as_dict()],
        }


def measure_lop(
    client: CuffClient,
    channel: int,
    start_mmhg: float = DEFAULT_START_MMHG,
    rate_mmhg_s: float = DEFAULT_RATE_MMHG_S,
    stop_mmhg: float = 320.0,
    attempts: int = 2,
    pause_s: float = 15.0,
) -> LopMeasurement:
    """Measure LOP on ``channel`` with the firmware's ramp and return the result.

    The cuff inflates to ``start_mmhg``, rises at ``rate_mmhg_s`` and is deflated as soon as
    the oscillations have fallen to their floor (or at ``stop_mmhg``; the firmware also stops
    at 180 s). The limb must be still; the person supine is the reliable case. A failed ramp
    is repeated after ``pause_s`` deflated, up to ``attempts`` ramps in all; the duration
    counts every ramp and pause.

    Raises
    ------
    InputError
        For a start above the stop pressure, a rate outside 1-20 mmHg/s or no attempt.
    """
    if not 0 < start_mmhg < stop_mmhg:
        raise InputError(
            "start pressure must be positive and below the stop pressure",
            code="device.lop.bad-ramp-range",
            start_mmhg=start_mmhg,
            stop_mmhg=stop_mmhg,
        )
    if not 1.0 <= rate_mmhg_s <= 20.0:
        raise InputError(
            "ramp rate must be between 1 and 20 mmHg/s",
            code="device.lop.ramp-rate-out-of-range",
            rate_mmhg_s=rate_mmhg_s,
            minimum_mmhg_s=1.0,
            maximum_mmhg_s=20.0,
        )
    if not 1 <= attempts <= 5 or pause_s < 0:
        raise InputError(
            "attempts must be 1-5 and the pause not negative",
            code="device.lop.bad-attempts",
            attempts=attempts,
            pause_s=pause_s,
        )
    started = client.transport.now_s()
    result = _one_ramp(client, channel, start_mmhg, rate_mmhg_s, stop_mmhg)
    for _ in range(attempts - 1):
        if result.lop_mmhg is not None:
            break
        client.wait(pause_s)
        result = _one_ramp(client, channel, start_mmhg, rate_mmhg_s, stop_mmhg)
    return LopMeasurement(
        result.estimate,
        client.transport.now_s() - started,
        result.highest_pressure_mmhg,
        channel,
    )


def _one_ramp(
    client: CuffClient, channel: int, start_mmhg: float, rate_mmhg_s: float, stop_mmhg: float
) -> LopMeasurement:
    times: list[float] = []
    pressures: list[float] = []
    begun: list[float] = []

    # The analysis runs at SAMPLE_RATE_HZ: keep every n-th status of a faster stream, chosen by
    # the device's sample counter so the kept samples are evenly spaced in device time.
    rate_hz = client.capabilities.status_rate_hz if client.capabilities else SAMPLE_RATE_HZ
    keep_every = max(1, round(rate_hz / SAMPLE_RATE_HZ))

    def collect(status: Status) -> None:
        if status.sample_counter % keep_every:
            return
        line = status.channels[channel]
        # Skip the fast inflation to the start pressure and its settling: analyse the ramp only.
        if line.state == "lop-ramp" and line.pressure_mmhg >= start_mmhg + RAMP_SETTLE_MMHG:
            if not begun:
                begun.append(status.device_time_s)
            times.append(status.device_time_s)
            pressures.append(line.pressure_mmhg)

    unsubscribe = client.subscribe(collect)
    started = client.transport.now_s()
    try:
        client.start_lop_ramp(channel, start_mmhg, stop_mmhg, rate_mmhg_s)
        last_check = 0
        while True:
            client.wait(0.5)
            latest = client.latest
            if latest is None:
                continue
            state = latest.channels[channel].state
            if state not in ("lop-ramp", "inflating"):
                break
            if len(times) - last_check >= int(1.0 * SAMPLE_RATE_HZ):
                last_check = len(times)
                if ramp_has_passed_occlusion(oscillation_envelope(times, pressures, rate_mmhg_s)):
                    break
            if client.transport.now_s() - started > 200.0:
                break
    finally:
        unsubscribe()
        with contextlib.suppress(DeviceError):
            client.deflate(channel)
    duration = client.transport.now_s() - started
    envelope = oscillation_envelope(times, pressures, rate_mmhg_s)
    estimate = (
        _failed("the ramp was too short to analyse") if envelope is None else estimate_lop(envelope)
    )
    return LopMeasurement(estimate, duration, max(pressures, default=0.0), channel)
