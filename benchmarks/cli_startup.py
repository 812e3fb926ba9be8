"""Start-up time of a quick estimate, as a ratio to a bare interpreter, measured side by side.

Runs ``occlusion lop estimate ... --json`` and ``python -c pass`` alternately, several times
each, and prints the medians and their ratio. The estimate must stay well under 0.3 s here, so
command modules keep heavy imports (numpy, scipy, pydantic, matplotlib) inside the commands.

Usage::

    .venv/bin/python benchmarks/cli_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ESTIMATE_ARGS = [
    "lop",
    "estimate",
    "--limb",
    "thigh",
    "--cuff-width-cm",
    "18",
    "--circumference-cm",
    "55",
    "--sbp",
    "120",
    "--dbp",
    "75",
    "--age",
    "23",
    "--sex",
    "male",
    "--json",
]


def _time_once(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    arguments = parser.parse_args()
    executable = Path(sys.executable)
    occlusion = shutil.which("occlusion", path=str(executable.parent)) or "occlusion"
    baseline_command = [str(executable), "-c", "pass"]
    estimate_command = [occlusion, *ESTIMATE_ARGS]
    _time_once(baseline_command)
    _time_once(estimate_command)
    baseline_s: list[float] = []
    estimate_s: list[float] = []
    for _ in range(arguments.runs):
        baseline_s.append(_time_once(baseline_command))
        estimate_s.append(_time_once(estimate_command))
    baseline_median = statistics.median(baseline_s)
    estimate_median = statistics.median(estimate_s)
    print(f"runs each:                      {arguments.runs}")
    print(f"python -c pass (median):        {baseline_median * 1000:7.1f} ms")
    print(f"occlusion lop estimate (median): {estimate_median * 1000:7.1f} ms")
    print(f"ratio estimate / bare python:   {estimate_median / baseline_median:7.2f}x")
    print(f"target < 300 ms:                {'met' if estimate_median < 0.3 else 'NOT met'}")


if __name__ == "__main__":
    main()
