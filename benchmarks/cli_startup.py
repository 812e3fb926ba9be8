"""Start-up time of a quick estimate and of the help, as ratios to a bare interpreter.

Runs ``python -c pass``, ``occlusion lop estimate ... --json`` and ``occlusion --help`` in turn,
several times each, and prints the medians and their ratios to the bare interpreter measured in
the same run. The aim is 150 ms for both commands on an idle machine; only the invoked
sub-command's module is imported (click, :class:`occlusion.cli.lazy.LazyGroup`), and command
modules keep heavy imports (numpy, scipy, pydantic, matplotlib, rich) inside the commands.

Usage::

    .venv/bin/python benchmarks/cli_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
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


TYPER_ONE_OPTION = (
    "import typer\n"
    "app = typer.Typer()\n"
    "@app.command()\n"
    "def main(x: float = typer.Option(0.0, '--x')) -> None:\n"
    "    pass\n"
    "app(['--x', '1'], standalone_mode=False)"
)
CLICK_ONE_OPTION = (
    "import click\n"
    "@click.command()\n"
    "@click.option('--x', type=float, default=0.0)\n"
    "def main(x: float) -> None:\n"
    "    pass\n"
    "main(['--x', '1'], standalone_mode=False)"
)
#: The start-up aim of issue 9 on an idle machine [s].
AIM_S = 0.150


def _time_once(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--alternatives",
        action="store_true",
        help="Also time importing each candidate option parser (typer, click, argparse).",
    )
    arguments = parser.parse_args()
    executable = Path(sys.executable)
    occlusion = shutil.which("occlusion", path=str(executable.parent)) or "occlusion"
    commands = {
        "python -c pass": [str(executable), "-c", "pass"],
        "occlusion lop estimate --json": [occlusion, *ESTIMATE_ARGS],
        "occlusion --help": [occlusion, "--help"],
    }
    if arguments.alternatives:
        # typer is no longer a dependency: timed only where it is still installed.
        installed = [m for m in ("typer", "click", "argparse") if importlib.util.find_spec(m)]
        for module in installed:
            commands[f"python -c 'import {module}'"] = [str(executable), "-c", f"import {module}"]
        if "typer" in installed:
            # typer 0.29 validates option values with pydantic: what the first parse costs.
            commands["typer app parsing one option"] = [str(executable), "-c", TYPER_ONE_OPTION]
        commands["click app parsing one option"] = [str(executable), "-c", CLICK_ONE_OPTION]
    for command in commands.values():
        _time_once(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(arguments.runs):
        for name, command in commands.items():
            times[name].append(_time_once(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline = medians["python -c pass"]
    print(f"runs each: {arguments.runs}; load average (1, 5, 15 min): {os.getloadavg()}")
    for name, median in medians.items():
        ratio = median / baseline
        aim = "" if not name.startswith("occlusion") else (
            f"  aim 150 ms: {'met' if median <= AIM_S else 'not met'}"
        )
        print(f"{name:32s} {median * 1000:7.1f} ms  {ratio:5.2f}x bare python{aim}")


if __name__ == "__main__":
    main()
