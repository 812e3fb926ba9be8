"""Cohorts at scale: people per second on 1 and 2 local workers, and peak memory against N.

Run: ``.venv/bin/python benchmarks/cohort_scale.py`` (``--quick`` for smaller cohorts). Each
measurement runs in a fresh child process so that its peak resident memory is its own. The
baseline printed next to the chunked run is the previous way (every person's trajectory of a
chunk kept, then reduced), measured in the same run. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

PROTOCOL = "30-15-15-15"


def _child(mode: str, n: int, workers: int) -> None:
    """Run one configuration and print its time and peak memory as JSON."""
    import numpy as np

    from occlusion.physiology import Cuff
    from occlusion.physiology.cohort import Population, sample_cohort
    from occlusion.physiology.cohort_scale import CohortJob, simulate_cohort_at_scale

    population, cuff = Population("thigh"), Cuff(13.5)
    started = time.perf_counter()
    if mode == "chunked":
        job = CohortJob(population, cuff, n, 1, protocol=PROTOCOL, pct_lop=50.0)
        simulate_cohort_at_scale(job, workers=workers)
    elif mode == "chunked-lop":
        simulate_cohort_at_scale(CohortJob(population, cuff, n, 1), workers=workers)
    elif mode == "kept-lop":
        cohort = sample_cohort(population, n, 1)
        lop = cohort.limb_arrays(cuff).occlusion_pressure_mmhg
        np.percentile(lop, (5, 50, 95))
    else:  # "kept": the previous way, a chunk's whole trajectory kept before it is reduced
        from occlusion.physiology.exercise import exercise_schedule, protocol_named
        from occlusion.physiology.session import summarise
        from occlusion.physiology.solver import integrate_fixed

        cohort = sample_cohort(population, n, 1)
        schedule = exercise_schedule(protocol_named(PROTOCOL))
        parts = []
        for start in range(0, n, 2000):
            limb = cohort.limb_arrays(cuff)
            limb = type(limb)(*(getattr(limb, name)[start : start + 2000]
                                for name in type(limb).__slots__))
            trajectory = integrate_fixed(limb, schedule, 0.5 * limb.occlusion_pressure_mmhg)
            parts.append(summarise(trajectory, limb).pooled_volume_ml)
        np.percentile(np.concatenate(parts), (5, 50, 95))
    elapsed = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"elapsed_s": elapsed, "peak_mb": max(own, children) / 1024.0}))


def _run(mode: str, n: int, workers: int = 1) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(n), str(workers)],
        check=True, capture_output=True, text=True,
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller cohorts")
    parser.add_argument(
        "--child", nargs=3, metavar=("MODE", "N", "WORKERS"), help=argparse.SUPPRESS
    )
    arguments = parser.parse_args()
    if arguments.child:
        mode, n, workers = arguments.child
        _child(mode, int(n), int(workers))
        return

    print(f"# Cohorts at scale ({PROTOCOL} at 50 % LOP, thigh, 13.5 cm cuff)")
    n = 20_000 if arguments.quick else 40_000
    one = _run("chunked", n, 1)
    two = _run("chunked", n, 2)
    print(f"{n:,} people, chunked: 1 worker {n / one['elapsed_s']:,.0f} people/s, 2 workers "
          f"{n / two['elapsed_s']:,.0f} people/s: {one['elapsed_s'] / two['elapsed_s']:.2f}x")

    print("\nPeak memory against N, with the session (chunked, summaries only, vs previous):")
    sizes = (10_000, 20_000) if arguments.quick else (10_000, 20_000, 40_000)
    for size in sizes:
        chunked = _run("chunked", size, 1)
        kept = _run("kept", size, 1)
        print(f"  {size:>9,} people: chunked {chunked['peak_mb']:7.0f} MB "
              f"({size / chunked['elapsed_s']:,.0f} people/s); previous "
              f"{kept['peak_mb']:7.0f} MB ({size / kept['elapsed_s']:,.0f} people/s)")

    print("\nPeak memory against N, occlusion pressures only (chunked vs everyone kept):")
    sizes = (100_000, 1_000_000) if arguments.quick else (100_000, 1_000_000, 10_000_000)
    for size in sizes:
        chunked = _run("chunked-lop", size, 1)
        kept = _run("kept-lop", size, 1) if size <= 1_000_000 else None
        kept_text = (f"everyone kept {kept['peak_mb']:7.0f} MB" if kept
                     else "everyone kept: refused above 1,000,000")
        print(f"  {size:>11,} people: chunked {chunked['peak_mb']:7.0f} MB "
              f"({size / chunked['elapsed_s']:,.0f} people/s); {kept_text}")


if __name__ == "__main__":
    main()
