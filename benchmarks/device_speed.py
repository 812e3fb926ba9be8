"""Speed of ``occlusion device bench`` and ``lop-eval``: today's code against the old hot paths.

Run: ``.venv/bin/python benchmarks/device_speed.py [--participants 2] [--lop-limbs 6]``

Runs the same work twice in this process and prints CPU seconds and their ratio:

* **baseline** -- the hot paths as they were before this change, put back for the run: the
  bit-by-bit CRC-16 in Python, a fresh ``random.Random`` seeded in the simulated limb on every
  physics sub-step, and the peak/valley scoring that rescanned every sample for each
  repetition;
* **today** -- the table/C CRC (``binascii.crc_hqx``), beats generated only when needed and a
  bisection per repetition.

Everything else (firmware, pneumatics, client) is the same code in both runs, and the results
(time in band, LOP estimates) must be identical, which the script checks. CPU time
(``time.process_time``) is used because the machine is shared.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import random
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

from occlusion.device import bench
from occlusion.device.firmware import wire
from occlusion.device.lop_eval import evaluate
from occlusion.device.simulated import limb


def _bitwise_crc(data: bytes, crc: int = 0xFFFF) -> int:
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = (crc << 1 ^ 4129) & 65535 if crc & 32768 else crc << 1 & 65535
    return crc


def _extend_beats_seeding_every_call(self: Any, time_s: float) -> None:
    rng = random.Random(self.seed * 7919 + len(self._beat_starts))
    period = 60.0 / self.heart_rate_bpm
    while self._beat_starts[-1] <= time_s + period:
        interval = period * (1.0 + 0.04 * rng.gauss(0.0, 1.0))
        start = self._beat_starts[-1] + max(interval, 0.5 * period)
        self._beat_starts.append(start)
        self._beat_scale.append(1.0 + 0.08 * math.sin(2.0 * math.pi * 0.25 * start))


def _rescanning_peaks(
    samples: list[tuple[float, float]], periods: list[Any], repetition_s: float
) -> tuple[float, float]:
    peaks: list[float] = []
    valleys: list[float] = []
    for period in periods:
        if period.kind != "exercise":
            continue
        start = period.start_s
        while start + repetition_s <= period.end_s + 1e-9:
            window = [p for t, p in samples if start <= t < start + repetition_s]
            if window:
                peaks.append(max(window))
                valleys.append(min(window))
            start += repetition_s
    return statistics.fmean(peaks), statistics.fmean(valleys)


@contextlib.contextmanager
def baseline() -> Iterator[None]:
    """Put the old hot paths back for the duration of the block."""
    saved = (wire._crc_hqx, limb.PulsatileLimb._extend_beats, bench._peaks_and_valleys)
    wire._crc_hqx = None
    table_crc = wire.crc16_ccitt_table
    wire.crc16_ccitt_table = _bitwise_crc
    limb.PulsatileLimb._extend_beats = _extend_beats_seeding_every_call  # type: ignore[method-assign]
    bench._peaks_and_valleys = _rescanning_peaks
    try:
        yield
    finally:
        wire._crc_hqx, limb.PulsatileLimb._extend_beats, bench._peaks_and_valleys = saved
        wire.crc16_ccitt_table = table_crc


def _cpu(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.process_time()
    result = work()
    return time.process_time() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=2)
    parser.add_argument("--lop-limbs", type=int, default=6)
    arguments = parser.parse_args()

    def holding() -> Any:
        result = bench.holding_benchmark(arguments.participants)
        return (result["exercise_within_10pct"], result["rest_within_5pct"])

    def lop() -> Any:
        result = evaluate(arguments.lop_limbs)
        return (result["bias_mmhg"], result["sd_mmhg"], result["failures"])

    for name, work in (("device bench", holding), ("device lop-eval", lop)):
        with baseline():
            before_s, before = _cpu(work)
        after_s, after = _cpu(work)
        if before != after:
            raise SystemExit(f"{name}: results differ: {before} != {after}")
        print(
            f"{name:16} baseline {before_s:6.1f} s CPU   today {after_s:6.1f} s CPU   "
            f"{before_s / after_s:.2f}x faster   (same results: {after})"
        )


if __name__ == "__main__":
    main()
