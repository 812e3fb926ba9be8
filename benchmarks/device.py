"""Cuff controller benchmarks: pressure holding against an unregulated baseline, side by side.

Run: ``.venv/bin/python benchmarks/device.py [--participants 15] [--lop-limbs 200]``

Prints, for the Swain et al. (2025) leg-press protocol, our controller's time in band and the
same run with the tube clamped after the first inflation (the baseline, measured in the same
run), their ratio, the fault matrix summary and the automatic-LOP evaluation. It also prints how
much faster than real time the simulation runs (virtual seconds per wall-clock second).
"""

from __future__ import annotations

import argparse
import time

from occlusion.device.bench import holding_benchmark
from occlusion.device.faults import fault_matrix
from occlusion.device.lop_eval import evaluate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=15)
    parser.add_argument("--lop-limbs", type=int, default=200)
    arguments = parser.parse_args()

    started = time.perf_counter()
    holding = holding_benchmark(arguments.participants)
    wall = time.perf_counter() - started
    unregulated = holding["unregulated"]
    assert isinstance(unregulated, dict)
    print(f"holding ({arguments.participants} virtual thighs, medians):")
    for key in ("exercise_within_10pct", "rest_within_5pct"):
        ours, base = float(str(holding[key])), float(str(unregulated[key]))
        ratio = ours / base if base > 0 else float("inf")
        print(f"  {key:24} controller {ours:.3f}  clamped {base:.3f}  ratio {ratio:.2f}")
    # Each participant runs twice for about 190 s of virtual time.
    virtual_s = 2 * arguments.participants * 190.0
    print(f"  simulation speed: {virtual_s / wall:.0f}x real time")

    faults = fault_matrix(include_kill=True)
    rows = faults["faults"]
    assert isinstance(rows, list)
    worst = max(row["time_to_safe_s"] or float("inf") for row in rows)
    print(f"faults: {len(rows)} injected, all safe: {faults['all_safe']}, slowest {worst:.1f} s")

    lop = evaluate(arguments.lop_limbs)
    print(
        f"automatic LOP ({arguments.lop_limbs} limbs): bias {lop['bias_mmhg']} mmHg, "
        f"SD {lop['sd_mmhg']} mmHg, median {lop['median_time_s']} s, failures {lop['failures']}"
    )


if __name__ == "__main__":
    main()
