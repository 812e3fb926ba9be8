"""One contract suite, every transport: in-process sim, serial over a pty, BLE, real hardware.

Real hardware runs only when ``OCCLUSION_CUFF_PORT`` names its serial port (for example
``OCCLUSION_CUFF_PORT=/dev/ttyUSB0``); channel 1 of the board must carry a cuff on a rigid
cylinder or a volunteer's arm. The pty leg starts ``occlusion device sim`` in a subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from occlusion.device.client import CuffClient

HARDWARE_PORT_VARIABLE = "OCCLUSION_CUFF_PORT"
SIM_COMMAND = "from occlusion.cli.main import main; main()"


def start_simulator(tmp_path: Path, *arguments: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``occlusion device sim`` in a subprocess and return it with its pty path."""
    port_file = tmp_path / "port.txt"
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SIM_COMMAND,
            "device",
            "sim",
            "--port-file",
            str(port_file),
            *arguments,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20.0
    while not (port_file.exists() and port_file.read_text().strip()):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            message = process.stderr.read().decode() if process.stderr else ""
            stop_simulator(process)
            raise RuntimeError("simulator did not start: " + message)
        time.sleep(0.05)
    return process, port_file.read_text().strip()


def stop_simulator(process: subprocess.Popen[bytes]) -> None:
    """Stop a simulator started by :func:`start_simulator` and release its pipe."""
    process.terminate()
    process.wait(timeout=10)
    if process.stderr is not None:
        process.stderr.close()


@pytest.fixture
def pty_simulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # One simulator per test: a simulator shared across tests latches "heartbeat-lost" in the
    # gap between two tests whenever that gap exceeds the 2 s timeout (a loaded machine, or
    # pytest-xdist running other tests in between), and the next test then starts latched.
    process, path = start_simulator(tmp_path_factory.mktemp("pty"))
    yield f"serial:{path}"
    stop_simulator(process)


@pytest.fixture(params=["sim", "pty", "ble", "hardware"])
def connect(
    request: pytest.FixtureRequest,
) -> Iterator[Callable[[], CuffClient]]:
    """Return a function that opens a fresh client on the transport under test."""
    if request.param == "sim":
        url = "sim"
    elif request.param == "pty":
        url = request.getfixturevalue("pty_simulator")
    elif request.param == "ble":
        # The simulated cuff as a Bluetooth LE peripheral on a virtual link (bumble, no radio);
        # the default MTU, so every frame is cut into 20-byte writes and notifications.
        url = "ble:virtual?mtu=23"
    else:
        port = os.environ.get(HARDWARE_PORT_VARIABLE)
        if not port:
            pytest.skip(f"no cuff hardware: set {HARDWARE_PORT_VARIABLE}=/dev/ttyUSB0 to run")
        url = f"serial:{port}"
    opened: list[CuffClient] = []

    def factory() -> CuffClient:
        client = CuffClient.connect(url)
        opened.append(client)
        return client

    yield factory
    for client in opened:
        client.close()
