"""The cuff's own limb occlusion pressure measurement, recorded when it measured the person.

The firmware ramps the cuff up while the host reads the arterial oscillations in the cuff
pressure (:func:`occlusion.device.lop_auto.measure_lop`); the cuff is deflated at the end, on a
failure, and by the device itself if the host goes silent. With a real cuff the result is stored
as a ``device`` LOP. With the simulated cuff the limb measured is the simulator's, not the
person's, so the result is returned and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from occlusion.device.address import DeviceAddress
from occlusion.services.measurements import check_cuff, record_measured_lop
from occlusion.services.people import find_person
from occlusion.store.engine import Database

DEVICE_LOP_METHOD = "device-oscillometric"


@dataclass(frozen=True, slots=True)
class DeviceLopResult:
    """What one automatic measurement found, and the stored record if it was stored."""

    simulated: bool
    lop_mmhg: float | None
    quality: str
    reason: str
    duration_s: float
    saved: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "simulated": self.simulated,
            "lop_mmhg": None if self.lop_mmhg is None else round(self.lop_mmhg, 1),
            "quality": self.quality,
            "reason": self.reason,
            "duration_s": round(self.duration_s, 1),
            "saved": self.saved,
        }


def measure_lop_with_device(
    database: Database,
    person: str,
    *,
    device: DeviceAddress,
    limb: str,
    side: str,
    posture: str,
    cuff_width_cm: float,
    cuff_material: str,
    now: datetime | None = None,
) -> DeviceLopResult:
    """Measure LOP with the cuff at ``device`` and store it unless the cuff is simulated.

    Every value and the person are checked before the cuff inflates.

    Raises
    ------
    InputError
        For an invalid value, an unknown person or a limb the cuff has no channel for.
    DeviceError
        The cuff failed; it is deflated.
    """
    from occlusion.device.client import CuffClient
    from occlusion.device.lop_auto import measure_lop

    check_cuff(limb, side, posture, cuff_width_cm, cuff_material)
    with database.session() as session:
        find_person(session, person)
    channel = device.channel_of(limb)
    simulated = device.simulated
    with CuffClient.connect(device) as client:
        result = measure_lop(client, channel)
    saved = None
    if result.lop_mmhg is not None and not simulated:
        saved = record_measured_lop(
            database,
            person,
            limb=limb,
            side=side,
            posture=posture,
            cuff_width_cm=cuff_width_cm,
            cuff_material=cuff_material,
            lop_mmhg=float(result.lop_mmhg),
            source="device",
            method=DEVICE_LOP_METHOD,
            details={"measurement": result.as_dict()},
            now=now,
        ).as_dict()
    return DeviceLopResult(
        simulated=simulated,
        lop_mmhg=None if result.lop_mmhg is None else float(result.lop_mmhg),
        quality=str(result.estimate.quality),
        reason=str(result.estimate.reason),
        duration_s=float(result.duration_s),
        saved=saved,
    )
