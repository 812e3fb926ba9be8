"""The runner's restriction through a pneumatic cuff controller (:mod:`occlusion.device`).

Each restricted limb gets one channel of the device, in the order of the plan's limbs. The
adapter inflates to the target, reports the cuff as applied once the channel regulates within
:data:`AT_TARGET_TOLERANCE_MMHG` of it, lowers the target for a stop rule, and deflates on
release. :meth:`CuffRestriction.service` must be called often (the runner's ``tick`` does): it
reads the device's status and keeps the heartbeat going; if the host process dies the
heartbeats stop and the firmware deflates the cuffs by itself.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from occlusion.device.firmware.limits import alarm_name, limit
from occlusion.errors import DeviceError, InputError

#: A channel counts as holding its target within this band [mmHg] (project policy).
AT_TARGET_TOLERANCE_MMHG = 5.0
#: Longest stretch the adapter pumps the device in one service call [s].
MAX_SERVICE_STEP_S = 0.5
#: Longest wait for the device's status after a reconnection or an acknowledgement [s].
STATUS_WAIT_S = 2.0
#: Pressure trace kept in the log: one sample per channel at most this often [s].
SAMPLE_INTERVAL_S = 1.0


class CuffRestriction:
    """Drive a cuff controller for the runner.

    Parameters
    ----------
    client
        A connected :class:`occlusion.device.client.CuffClient`.
    limbs
        Every limb the session restricts; the n-th gets channel n.
    monotonic
        Source of elapsed time for pumping the device in step with the session [s].
    """

    kind = "cuff"
    requires_confirmation = False

    def __init__(self, client: Any, limbs: Sequence[str], monotonic: Any = time.monotonic) -> None:
        channels = client.capabilities.channels if client.capabilities else 0
        if len(limbs) > channels:
            raise InputError(
                f"the plan restricts {len(limbs)} limbs but the device has {channels} channel(s)",
                code="session.too-few-cuff-channels", limbs=len(limbs), channels=channels
            )
        self.client = client
        self.channels = {limb: index for index, limb in enumerate(sorted(limbs))}
        self.targets: dict[str, float] = {}
        self._monotonic = monotonic
        self._last_service = monotonic()
        self._last_sample = float("-inf")
        self._samples: list[dict[str, Any]] = []
        self._alarms: list[dict[str, Any]] = []
        self._limb_of = {channel: limb for limb, channel in self.channels.items()}
        client.on_alarm(self._on_alarm)

    def _on_alarm(self, alarm: Any) -> None:
        self._alarms.append(
            {
                "channel": self._limb_of.get(alarm.channel),
                "code": alarm.name,
                "severity": str(alarm.as_dict().get("severity", alarm.severity)),
                "event": alarm.event,
                "message": f"device alarm {alarm.name} {alarm.event}",
            }
        )

    def drain_device_records(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Return and forget the pressure samples and alarms gathered since the last call."""
        samples, alarms = self._samples, self._alarms
        self._samples, self._alarms = [], []
        return samples, alarms

    def safety_released(self) -> list[str]:
        """Return the limbs whose channel the device deflated for safety (state ``safe``)."""
        status = self.client.latest
        if status is None:
            return []
        return [
            limb for limb, channel in self.channels.items()
            if status.channels[channel].state == "safe"
        ]

    def latched_alarms(self) -> dict[str, tuple[str, ...]]:
        """Return each limb whose channel the device holds safe, with its alarms' names.

        After a reconnection (a resumed session) the first status may not have arrived yet,
        so this reads the device for up to :data:`STATUS_WAIT_S` first.
        """
        if self.client.latest is None:
            self.client.wait_until(lambda status: True, STATUS_WAIT_S)
        status = self.client.latest
        latched: dict[str, tuple[str, ...]] = {}
        for limb, channel in self.channels.items():
            line = status.channels[channel]
            if line.state == "safe":
                latched[limb] = tuple(alarm_name(code) for code in line.alarm_codes)
        return latched

    def acknowledge_alarms(self) -> None:
        """Acknowledge every latched alarm on the session's channels and wait for release.

        Raises
        ------
        DeviceError
            ``device.alarm-latched`` when an alarm's condition is still present (the device
            keeps it latched).
        """
        for channel in sorted(set(self.channels.values())):
            self.client.acknowledge(channel)
        try:
            self.client.wait_until(
                lambda status: all(
                    status.channels[channel].state != "safe"
                    for channel in self.channels.values()
                ),
                STATUS_WAIT_S,
            )
        except DeviceError:
            raise DeviceError(
                "the cuff keeps its alarm latched: its cause is still present",
                code="device.alarm-latched",
                alarms=self.latched_alarms(),
            ) from None

    def _channel(self, limb: str) -> int:
        if limb not in self.channels:
            raise InputError(
                f"no cuff channel for the {limb}",
                code="session.no-cuff-channel", limb=limb,
            )
        return self.channels[limb]

    def service(self) -> None:
        """Read the device and keep its heartbeat, for the time passed since the last call."""
        now = self._monotonic()
        step = min(MAX_SERVICE_STEP_S, max(0.0, now - self._last_service))
        self._last_service = now
        if step > 0:
            self.client.wait(step)
        status = self.client.latest
        if status is not None and now - self._last_sample >= SAMPLE_INTERVAL_S:
            self._last_sample = now
            for limb, channel in self.channels.items():
                line = status.channels[channel]
                self._samples.append(
                    {
                        "channel": limb,
                        "pressure_mmhg": line.pressure_mmhg,
                        "target_mmhg": self.targets.get(limb),
                    }
                )

    def apply(self, limbs: Sequence[str], target_mmhg: float | None) -> list[str]:
        """Inflate each limb's cuff to ``target_mmhg``."""
        if target_mmhg is None:
            raise InputError(
                "a cuff session needs a target pressure in the plan",
                code="session.cuff-plan-without-pressure",
            )
        for limb in limbs:
            self.client.inflate(self._channel(limb), pressure_mmhg=target_mmhg)
            self.targets[limb] = target_mmhg
        names = ", ".join(limb.replace("-", " ") for limb in limbs)
        return [f"inflating the cuff on the {names} to {target_mmhg:.0f} mmHg: keep still"]

    def is_applied(self, limbs: Sequence[str]) -> bool:
        """Return whether every cuff regulates within tolerance of its target."""
        status = self.client.latest
        if status is None:
            return False
        for limb in limbs:
            line = status.channels[self._channel(limb)]
            if line.state == "safe":
                raise DeviceError(
                    f"the device deflated the {limb} cuff for safety "
                    f"({', '.join(str(code) for code in line.alarm_codes)})",
                    code="device.deflated-for-safety",
                    limb=limb,
                    alarms=[str(code) for code in line.alarm_codes],
                )
            target = self.targets.get(limb)
            if target is None or line.state != "regulating":
                return False
            if abs(line.pressure_mmhg - target) > AT_TARGET_TOLERANCE_MMHG:
                return False
        return True

    def release(self, limbs: Sequence[str]) -> list[str]:
        """Deflate each limb's cuff."""
        for limb in limbs:
            self.client.deflate(self._channel(limb))
            self.targets.pop(limb, None)
        names = ", ".join(limb.replace("-", " ") for limb in limbs)
        return [f"deflating the cuff on the {names}"]

    def lower(self, limbs: Sequence[str], step_mmhg: float) -> list[str]:
        """Lower each limb's target by ``step_mmhg``; at the inflation floor, deflate instead.

        The device refuses a set point at or below its safe pressure while regulating, and
        such a cuff no longer restricts: the cuff is let go.
        """
        let_go = []
        for limb in limbs:
            if limb in self.targets:
                lowered = self.targets[limb] - step_mmhg
                if lowered <= limit("safe_pressure_mmhg"):
                    let_go.append(limb)
                    continue
                self.targets[limb] = lowered
                self.client.set_target(self._channel(limb), lowered)
        if let_go:
            return [f"cuff pressure lowered by {step_mmhg:g} mmHg", *self.release(let_go)]
        return [f"cuff pressure lowered by {step_mmhg:g} mmHg"]

    def pressures_mmhg(self) -> dict[str, float | None]:
        """Return each limb's measured cuff pressure [mmHg]."""
        status = self.client.latest
        if status is None:
            return dict.fromkeys(self.channels)
        return {
            limb: status.channels[channel].pressure_mmhg for limb, channel in self.channels.items()
        }

    def close(self) -> None:
        """Deflate every channel and release the device."""
        self.client.close()
