"""The cuff over Bluetooth LE against the serial baseline, side by side in one run.

Opens the simulated cuff three ways -- serial over a pseudo-terminal (``occlusion device sim``
in a subprocess, the baseline), and the virtual Bluetooth LE link (``ble:virtual``) at the MTU
the host asks for (247) and at the default MTU (23, every frame fragmented) -- and measures for
each: the time to connect and shake hands, the round trip of a command (SET_TARGET until its
ACK), and the status rate over a window. Prints each and the Bluetooth/serial ratios. (The
pty simulator is started before its clock runs, the virtual peripheral inside it, so "connect"
compares link set-up, not process start.)

Usage::

    .venv/bin/python benchmarks/ble_link.py [--commands N] [--window-s S]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.device.contract.conftest import start_simulator, stop_simulator  # noqa: E402

import occlusion.device.simulated.ble  # noqa: E402, F401 -- import cost outside the timings
from occlusion.device.client import CuffClient  # noqa: E402


def measure(address: str, commands: int, window_s: float) -> dict[str, float]:
    """Return connect time [s], median command round trip [ms] and status rate [Hz]."""
    started = time.perf_counter()
    client = CuffClient.connect(address)
    connect_s = time.perf_counter() - started
    try:
        trips = []
        for index in range(commands):
            began = time.perf_counter()
            client.set_target(0, 100.0 + index % 10)
            trips.append((time.perf_counter() - began) * 1000.0)
        counters: list[int] = []
        unsubscribe = client.subscribe(lambda status: counters.append(status.sample_counter))
        client.wait(window_s)
        unsubscribe()
    finally:
        client.close()
    span_s = (counters[-1] - counters[0]) / 100.0 if len(counters) > 1 else 0.0
    return {
        "connect_s": connect_s,
        "round_trip_ms": statistics.median(trips),
        "status_hz": (len(counters) - 1) / span_s if span_s else 0.0,
    }


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=40)
    parser.add_argument("--window-s", type=float, default=5.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        process, path = start_simulator(Path(folder))
        try:
            serial = measure(f"serial:{path}", options.commands, options.window_s)
            results = {"serial (pty)": serial}
        finally:
            stop_simulator(process)
    results["ble:virtual mtu 247"] = measure("ble:virtual", options.commands, options.window_s)
    results["ble:virtual mtu 23"] = measure(
        "ble:virtual?mtu=23", options.commands, options.window_s
    )
    baseline = results["serial (pty)"]
    print(f"{'link':<22}{'connect s':>11}{'round trip ms':>15}{'status Hz':>11}{'trip ratio':>12}")
    for name, row in results.items():
        print(
            f"{name:<22}{row['connect_s']:>11.2f}{row['round_trip_ms']:>15.1f}"
            f"{row['status_hz']:>11.1f}{row['round_trip_ms'] / baseline['round_trip_ms']:>12.2f}"
        )


if __name__ == "__main__":
    main()
