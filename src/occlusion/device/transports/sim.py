"""In-process transport to a simulated device, in virtual time."""

from __future__ import annotations

from occlusion.device.address import DeviceAddress
from occlusion.device.simulated.device import SimulatedDevice, build_device
from occlusion.device.simulated.limb import PulsatileLimb
from occlusion.errors import InputError

DEFAULT_LOP_MMHG = {"arm": 150.0, "thigh": 200.0}


class SimTransport:
    """Talk to a :class:`SimulatedDevice` living in this process.

    ``read(duration_s)`` runs the device for ``duration_s`` of virtual time and returns what it
    sent, so tests of control and safety take milliseconds.
    """

    def __init__(self, device: SimulatedDevice) -> None:
        self.device = device
        self._closed = False

    @classmethod
    def from_address(
        cls, address: DeviceAddress, device: SimulatedDevice | None = None
    ) -> SimTransport:
        """Build the device ``sim[:thigh+arm]`` names; ``device`` overrides it."""
        if device is None:
            device = build_device(
                [
                    (str(limb), PulsatileLimb(DEFAULT_LOP_MMHG[limb], seed=i))
                    for i, limb in enumerate(address.channel_limbs)
                ]
            )
        return cls(device)

    def write(self, data: bytes) -> None:
        """Deliver ``data`` to the firmware."""
        if self._closed:
            raise InputError(
                "the sim transport is closed", code="device.transport.closed", kind="sim"
            )
        self.device.feed(data)

    def read(self, duration_s: float) -> bytes:
        """Run the device for ``duration_s`` of virtual time and return its output."""
        self.device.run(duration_s)
        return self.device.take_output()

    def now_s(self) -> float:
        """Return the device's virtual time [s]."""
        return self.device.time_s

    def close(self) -> None:
        """Mark the link closed (the simulated device stays inspectable)."""
        self._closed = True
