"""``kill -9`` of the host while the cuff is inflated must end with a deflated cuff."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from occlusion.device.firmware import limits as table
from occlusion.device.firmware import wire
from occlusion.device.protocol import Status, decode_device_message
from occlusion.device.transports import open_transport
from tests.device.contract.conftest import start_simulator, stop_simulator

HOST_SCRIPT = """
import sys
from occlusion.device.client import CuffClient
client = CuffClient.connect(sys.argv[1])
client.inflate(0, pressure_mmhg=150.0)
client.wait_until(lambda s: s.channels[0].pressure_mmhg > 140.0, timeout_s=30.0)
print("inflated", flush=True)
while True:
    client.wait(1.0)
"""


def test_kill_9_of_the_host_while_inflated_ends_deflated(tmp_path: Path) -> None:
    simulator, path = start_simulator(tmp_path)
    host = subprocess.Popen(
        [sys.executable, "-c", HOST_SCRIPT, f"serial:{path}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert host.stdout is not None
        assert host.stdout.readline().strip() == "inflated"
        os.kill(host.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        host.wait(timeout=5)
        monitor = open_transport(f"serial:{path}")
        reader = wire.FrameReader()
        latest: Status | None = None
        deflated_after: float | None = None
        try:
            while time.monotonic() - killed_at < 8.0 and deflated_after is None:
                for message_type, _sequence, payload in reader.feed(monitor.read(0.1)):
                    message = decode_device_message(message_type, payload)
                    if isinstance(message, Status):
                        latest = message
                if (
                    latest is not None
                    and deflated_after is None
                    and latest.channels[0].pressure_mmhg < table.limit("safe_pressure_mmhg")
                ):
                    deflated_after = time.monotonic() - killed_at
        finally:
            monitor.close()
        assert latest is not None
        assert deflated_after is not None and deflated_after < 5.0
        assert latest.channels[0].state == "safe"
        assert table.HEARTBEAT_LOST in latest.channels[0].alarm_codes
    finally:
        if host.poll() is None:
            host.kill()
            host.wait()
        for stream in (host.stdout, host.stderr):
            if stream is not None:
                stream.close()
        stop_simulator(simulator)
