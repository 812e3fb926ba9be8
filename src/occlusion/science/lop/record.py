"""The record of one limb occlusion pressure (LOP): measured by hand, by a device, or estimated.

Records are what the training log stores and what prescriptions read: limb, side, posture,
cuff, method, value, the interval for estimates, and the time in UTC with the local offset so
that "this morning" still means this morning when the record is read elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from occlusion.errors import InputError
from occlusion.science.checks import PLAUSIBLE_CUFF_WIDTH_CM, require_between, require_finite
from occlusion.vocabulary import CuffMaterial, Limb, LopMethod, Posture, Side, choose


@dataclass(frozen=True, slots=True)
class LopMeasurement:
    """One recorded limb occlusion pressure, measured or estimated.

    Parameters
    ----------
    limb
        ``"arm"`` or ``"thigh"``.
    side
        ``"left"`` or ``"right"``.
    posture
        Posture of the measurement.
    cuff_width_cm
        Width of the cuff's bladder [cm].
    cuff_material
        ``"nylon"`` or ``"elastic"``.
    method
        ``"doppler"``, ``"pulse-oximeter"``, ``"device"`` (automatic cuff) or ``"estimate"``.
    lop_mmhg
        Limb occlusion pressure [mmHg].
    interval_95_mmhg
        95 % prediction interval (low, high) [mmHg] for estimates; ``None`` for measurements.
    measured_at
        When it was measured, as a timezone-aware UTC datetime.
    utc_offset_minutes
        The local clock's offset from UTC at that moment [min].
    notes
        Free text.
    """

    limb: Limb
    side: Side
    posture: Posture
    cuff_width_cm: float
    cuff_material: CuffMaterial
    method: LopMethod
    lop_mmhg: float
    measured_at: datetime
    utc_offset_minutes: int
    interval_95_mmhg: tuple[float, float] | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        for name, kind, what in (
            ("limb", Limb, "limb"),
            ("side", Side, "side"),
            ("posture", Posture, "posture"),
            ("cuff_material", CuffMaterial, "cuff material"),
            ("method", LopMethod, "measurement method"),
        ):
            object.__setattr__(self, name, choose(getattr(self, name), kind, what))
        require_between(self.cuff_width_cm, *PLAUSIBLE_CUFF_WIDTH_CM, "cuff width", "cm")
        require_between(self.lop_mmhg, 20.0, 1000.0, "limb occlusion pressure", "mmHg")
        offset = self.measured_at.utcoffset()
        if offset is None or offset != timedelta(0):
            raise InputError(
                "measured_at must be a timezone-aware UTC datetime",
                code="lop.record.time-not-utc",
            )
        if not -16 * 60 <= self.utc_offset_minutes <= 16 * 60:
            raise InputError(
                f"UTC offset {self.utc_offset_minutes} min is not a real offset",
                code="input.utc-offset-out-of-range", offset_min=self.utc_offset_minutes,
            )
        if self.interval_95_mmhg is not None:
            low, high = (require_finite(bound, "interval bound") for bound in self.interval_95_mmhg)
            if not low <= self.lop_mmhg <= high:
                raise InputError(
                    "the 95 % interval must contain the LOP",
                    code="lop.record.interval-excludes-lop",
                    lop_mmhg=self.lop_mmhg,
                    interval_95_mmhg=list(self.interval_95_mmhg),
                )
        if not isinstance(self.notes, str):
            raise InputError(
                "notes must be text",
                code="lop.record.notes-not-text",
            )

    @classmethod
    def at_local_time(cls, local_time: datetime, **fields: Any) -> LopMeasurement:
        """Build a record from an aware local datetime, keeping UTC and the local offset."""
        offset = local_time.utcoffset()
        if offset is None:
            raise InputError(
                "the measurement time must carry its UTC offset",
                code="input.time-without-offset", what="measured_at",
            )
        return cls(
            measured_at=local_time.astimezone(UTC),
            utc_offset_minutes=round(offset.total_seconds() / 60),
            **fields,
        )

    @property
    def measured_at_local(self) -> datetime:
        """The measurement time on the local clock it was taken with."""
        return self.measured_at.astimezone(timezone(timedelta(minutes=self.utc_offset_minutes)))

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping (one line of the measurements file)."""
        return {
            "limb": self.limb,
            "side": self.side,
            "posture": self.posture,
            "cuff_width_cm": self.cuff_width_cm,
            "cuff_material": self.cuff_material,
            "method": self.method,
            "lop_mmhg": self.lop_mmhg,
            "interval_95_mmhg": (
                None if self.interval_95_mmhg is None else list(self.interval_95_mmhg)
            ),
            "measured_at": self.measured_at.isoformat(),
            "utc_offset_minutes": self.utc_offset_minutes,
            "measured_at_local": self.measured_at_local.isoformat(),
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LopMeasurement:
        """Rebuild a record from :meth:`as_dict` output, validating every field.

        Raises
        ------
        InputError
            If a field is missing or invalid.
        """
        if not isinstance(data, Mapping):
            raise InputError(
                "a LOP measurement record must be a JSON object",
                code="lop.record.not-an-object",
            )
        required = ("limb", "side", "posture", "cuff_width_cm", "cuff_material", "method")
        missing = [name for name in (*required, "lop_mmhg", "measured_at") if name not in data]
        if missing:
            raise InputError(
                f"LOP measurement record lacks {', '.join(missing)}",
                code="lop.record.missing-keys", missing=list(missing),
            )
        try:
            measured_at = datetime.fromisoformat(str(data["measured_at"]))
        except ValueError:
            raise InputError(
                f"measured_at {data['measured_at']!r} is not an ISO time",
                code="input.bad-time", what="measured_at", value=str(data["measured_at"]),
            ) from None
        if measured_at.utcoffset() is None:
            raise InputError(
                "measured_at must carry a UTC offset",
                code="input.time-without-offset", what="measured_at",
            )
        interval = data.get("interval_95_mmhg")
        if interval is not None and (not isinstance(interval, list | tuple) or len(interval) != 2):
            raise InputError(
                "interval_95_mmhg must be [low, high] or null",
                code="lop.record.bad-interval", value=str(data.get("interval_95_mmhg")),
            )
        offset_default = round((measured_at.utcoffset() or timedelta(0)).total_seconds() / 60)
        return cls(
            limb=data["limb"],
            side=data["side"],
            posture=data["posture"],
            cuff_width_cm=require_finite(data["cuff_width_cm"], "cuff width"),
            cuff_material=data["cuff_material"],
            method=data["method"],
            lop_mmhg=require_finite(data["lop_mmhg"], "limb occlusion pressure"),
            measured_at=measured_at.astimezone(UTC),
            utc_offset_minutes=int(
                require_finite(data.get("utc_offset_minutes", offset_default), "UTC offset")
            ),
            interval_95_mmhg=(
                None
                if interval is None
                else (
                    require_finite(interval[0], "interval bound"),
                    require_finite(interval[1], "interval bound"),
                )
            ),
            notes=str(data.get("notes", "") or ""),
        )
