"""Fault matrix: inject every fault the safety layer handles and time the way to a safe cuff.

For each hardware fault a simulated thigh cuff is inflated to 160 mmHg and left to settle; the
fault starts; the host carries on as normal (heartbeats) and asks for deflation 10 s later, as
at the end of a set. "Safe" means the *true* cuff pressure is below 15 mmHg, and the
requirement (IEC 60601-2-30, single fault) is to get there within 30 s. Host faults: a host
that falls silent, a line that carries only garbage, and -- with ``include_kill`` -- a real host
process killed with SIGKILL while the cuff is inflated (simulator on a pseudo-terminal).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from occlusion.device.client import CuffClient
from occlusion.device.firmware import limits as table
from occlusion.device.references import DEVICE_REFERENCES
from occlusion.device.simulated.device import SimulatedDevice, build_device
from occlusion.device.simulated.faults import HARDWARE_FAULTS, FaultEvent
from occlusion.device.simulated.limb import PulsatileLimb
from occlusion.device.transports.sim import SimTransport
from occlusion.errors import DeviceError

TARGET_MMHG = 160.0
HOST_DEFLATES_AFTER_S = 10.0
OBSERVE_S = 40.0
REQUIRED_S = 30.0


@dataclass(frozen=True, slots=True)
class FaultResult:
    """How one fault ended."""

    fault: str
    description: str
    safe: bool
    time_to_safe_s: float | None
    detected_by: str
    alarms: tuple[str, ...]
    peak_after_fault_mmhg: float
    safe_without_host: bool | None = None
    time_to_safe_without_host_s: float | None = None
    alarms_without_host: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """Return JSON-ready data."""
        return {
            "fault": self.fault,
            "description": self.description,
            "safe": self.safe,
            "time_to_safe_s": None
            if self.time_to_safe_s is None
            else round(self.time_to_safe_s, 2),
            "safe_without_host": self.safe_without_host,
            "time_to_safe_without_host_s": None
            if self.time_to_safe_without_host_s is None
            else round(self.time_to_safe_without_host_s, 2),
            "alarms_without_host": list(self.alarms_without_host),
            "detected_by": self.detected_by,
            "alarms": list(self.alarms),
            "peak_after_fault_mmhg": round(self.peak_after_fault_mmhg, 1),
        }


def _inflated_client(seed: int) -> tuple[CuffClient, SimulatedDevice]:
    device = build_device(
        [("thigh", PulsatileLimb(200.0, seed=seed)), ("arm", PulsatileLimb(150.0, seed=seed + 1))],
        seed=seed,
    )
    client = CuffClient(SimTransport(device))
    client.handshake()
    client.inflate(0, TARGET_MMHG)
    client.wait_until(lambda status: status.channels[0].state == "regulating", timeout_s=30.0)
    client.wait(5.0)
    return client, device


def _observe(
    client: CuffClient, device: SimulatedDevice, fault: str, description: str, deflate: bool
) -> FaultResult:
    start = device.time_s
    safe_at: list[float] = []
    peak = [0.0]

    def watch(dev: SimulatedDevice) -> None:
        pressure = dev.hardware.channels[0].true_pressure_mmhg
        peak[0] = max(peak[0], pressure)
        if not safe_at and pressure < table.limit("safe_pressure_mmhg"):
            safe_at.append(dev.time_s - start)

    device.observers.append(watch)
    alarms_before = len(client.alarm_log)
    client.wait(HOST_DEFLATES_AFTER_S)
    alarms_by_then = [e.name for e in client.alarm_log[alarms_before:] if e.event == "raised"]
    if deflate and not safe_at:
        # A refused deflate is part of what we measure, not an error of the benchmark.
        with contextlib.suppress(DeviceError):
            client.deflate(0)
    client.wait(OBSERVE_S - HOST_DEFLATES_AFTER_S)
    device.observers.remove(watch)
    raised = tuple(
        dict.fromkeys(e.name for e in client.alarm_log[alarms_before:] if e.event == "raised")
    )
    detected_by = alarms_by_then[0] if alarms_by_then else ("host deflate" if deflate else "none")
    time_to_safe = safe_at[0] if safe_at else None
    return FaultResult(
        fault=fault,
        description=description,
        safe=time_to_safe is not None and time_to_safe <= REQUIRED_S,
        time_to_safe_s=time_to_safe,
        detected_by=detected_by,
        alarms=raised,
        peak_after_fault_mmhg=peak[0],
    )


def hardware_fault(name: str, seed: int = 0) -> FaultResult:
    """Inject hardware fault ``name`` into an inflated cuff and time the way to safety.

    Twice: once with the host deflating at the end of the set (``safe``), once with a host
    that stays connected but never acts (``safe_without_host``: the device alone must end it).
    """
    client, device = _inflated_client(seed)
    device.hardware.inject(FaultEvent(name, device.time_s))
    with_host = _observe(client, device, name, HARDWARE_FAULTS[name], deflate=True)
    client, device = _inflated_client(seed)
    device.hardware.inject(FaultEvent(name, device.time_s))
    alone = _observe(client, device, name, HARDWARE_FAULTS[name], deflate=False)
    return replace(
        with_host,
        safe_without_host=alone.safe,
        time_to_safe_without_host_s=alone.time_to_safe_s,
        alarms_without_host=alone.alarms,
    )


def silent_host(seed: int = 0) -> FaultResult:
    """Silence the host while the cuff is inflated (a hung or crashed host)."""
    client, device = _inflated_client(seed)
    client.heartbeat_interval_s = float("inf")
    result = _observe(client, device, "host-silent", "the host stops sending frames", deflate=False)
    return replace(
        result, safe_without_host=result.safe, time_to_safe_without_host_s=result.time_to_safe_s
    )


def garbage_line(seed: int = 0) -> FaultResult:
    """Every byte from the host is garbage: nothing is acted on; the heartbeat times out."""
    client, device = _inflated_client(seed)
    client.heartbeat_interval_s = float("inf")
    rng = random.Random(seed)
    applied_before = device.firmware.commands_applied

    def noise(dev: SimulatedDevice) -> None:
        dev.feed(bytes(rng.randrange(256) for _ in range(12)))

    device.observers.append(noise)
    result = _observe(
        client, device, "garbage-on-line", "random bytes instead of frames", deflate=False
    )
    device.observers.remove(noise)
    if device.firmware.commands_applied != applied_before:
        return FaultResult(
            result.fault,
            result.description + " (a garbage frame was acted on!)",
            False,
            result.time_to_safe_s,
            result.detected_by,
            result.alarms,
            result.peak_after_fault_mmhg,
        )
    # The garbage run is itself host-less: nothing the host sends gets through.
    return replace(
        result, safe_without_host=result.safe, time_to_safe_without_host_s=result.time_to_safe_s
    )


HOST_SCRIPT = """
import sys
from occlusion.device.client import CuffClient
client = CuffClient.connect(sys.argv[1])
client.inflate(0, pressure_mmhg=float(sys.argv[2]))
client.wait_until(lambda s: s.channels[0].pressure_mmhg > float(sys.argv[2]) - 10, timeout_s=30.0)
print("inflated", flush=True)
while True:
    client.wait(1.0)
"""
SIM_COMMAND = "from occlusion.cli.main import main; main()"


def killed_host() -> FaultResult:
    """Kill a real host process (SIGKILL) while it holds the cuff inflated over a pty."""
    from occlusion.device.firmware import wire
    from occlusion.device.protocol import AlarmEvent, Status, decode_device_message
    from occlusion.device.transports import open_transport

    with tempfile.TemporaryDirectory() as folder:
        port_file = Path(folder) / "port"
        simulator = subprocess.Popen(
            [sys.executable, "-c", SIM_COMMAND, "device", "sim", "--port-file", str(port_file)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        host: subprocess.Popen[str] | None = None
        try:
            deadline = time.monotonic() + 20.0
            while not (port_file.exists() and port_file.read_text().strip()):
                if time.monotonic() > deadline or simulator.poll() is not None:
                    raise RuntimeError("the simulator did not start")
                time.sleep(0.05)
            path = port_file.read_text().strip()
            host = subprocess.Popen(
                [sys.executable, "-c", HOST_SCRIPT, f"serial:{path}", str(TARGET_MMHG)],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            assert host.stdout is not None
            if host.stdout.readline().strip() != "inflated":
                raise RuntimeError("the host did not inflate the cuff")
            os.kill(host.pid, signal.SIGKILL)
            killed = time.monotonic()
            host.wait(timeout=5)
            monitor = open_transport(f"serial:{path}")
            reader = wire.FrameReader()
            safe_after: float | None = None
            peak = 0.0
            alarms: list[str] = []
            try:
                while time.monotonic() - killed < OBSERVE_S and safe_after is None:
                    for message_type, _sequence, payload in reader.feed(monitor.read(0.05)):
                        message = decode_device_message(message_type, payload)
                        if isinstance(message, AlarmEvent) and message.event == "raised":
                            alarms.append(message.name)
                        if isinstance(message, Status):
                            pressure = message.channels[0].pressure_mmhg
                            peak = max(peak, pressure)
                            if pressure < table.limit("safe_pressure_mmhg"):
                                safe_after = time.monotonic() - killed
            finally:
                monitor.close()
        finally:
            if host is not None:
                if host.poll() is None:
                    host.kill()
                    host.wait()
                if host.stdout is not None:
                    host.stdout.close()
            simulator.terminate()
            simulator.wait(timeout=10)
    return FaultResult(
        fault="host-killed",
        description="the host process is killed with SIGKILL while the cuff is inflated "
        "(real processes, simulator on a pty, wall-clock time)",
        safe=safe_after is not None and safe_after <= REQUIRED_S,
        time_to_safe_s=safe_after,
        detected_by="heartbeat-lost",
        alarms=tuple(dict.fromkeys(alarms)),
        peak_after_fault_mmhg=peak,
        safe_without_host=safe_after is not None and safe_after <= REQUIRED_S,
        time_to_safe_without_host_s=safe_after,
    )


def fault_matrix(include_kill: bool = True, seed: int = 0) -> dict[str, object]:
    """Run every fault and return ``{"faults": [...], "all_safe": bool, ...}``."""
    results = [hardware_fault(name, seed) for name in HARDWARE_FAULTS]
    results.append(silent_host(seed))
    results.append(garbage_line(seed))
    if include_kill:
        results.append(killed_host())
    return {
        "faults": [result.as_dict() for result in results],
        "all_safe": all(result.safe for result in results),
        "all_safe_without_host": all(result.safe_without_host is not False for result in results),
        "unsafe_without_host": [r.fault for r in results if r.safe_without_host is False],
        "requirement": "true cuff pressure below 15 mmHg within 30 s of the fault "
        "(IEC 60601-2-30 single-fault rule); silent host deflated within 5 s",
        "target_mmhg": TARGET_MMHG,
        "references": [reference.as_dict() for reference in DEVICE_REFERENCES[:2]],
    }
