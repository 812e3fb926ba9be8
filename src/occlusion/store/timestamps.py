"""Timestamps kept in UTC together with the local offset of the person who recorded them.

The log stores every instant as naive UTC in the database (so SQLite and PostgreSQL compare the
same way) plus the offset from UTC, in minutes, that the person's clock showed. Exports write the
local wall time with that offset (ISO 8601), which parses back to the same two values.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta, timezone

from occlusion.errors import InputError


def now_local() -> datetime:
    """Return the current time as an aware datetime in the machine's local time zone."""
    return datetime.now(UTC).astimezone()


def split(moment: datetime) -> tuple[datetime, int]:
    """Return ``(naive UTC datetime, offset in minutes)`` for an aware ``moment``."""
    offset = moment.utcoffset()
    if offset is None:
        raise InputError(
            f"time {moment.isoformat()} has no UTC offset",
            code="input.time-without-offset", what="time", value=moment.isoformat(),
        )
    offset_min = int(offset.total_seconds() // 60)
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    return utc, offset_min


def join(utc_naive: datetime, offset_min: int) -> datetime:
    """Return the aware local datetime for a stored naive UTC value and its offset [min]."""
    zone = timezone(timedelta(minutes=offset_min))
    return utc_naive.replace(tzinfo=UTC).astimezone(zone)


def to_iso(utc_naive: datetime | None, offset_min: int | None) -> str | None:
    """Return the ISO 8601 local time with offset for stored values (``None`` stays ``None``)."""
    if utc_naive is None:
        return None
    # Plain arithmetic instead of time-zone conversion, the shift and suffix built once per
    # offset: progress over ten years formats thousands of these.
    shift, suffix = _offset(offset_min or 0)
    return (utc_naive + shift).isoformat() + suffix


def local_date(utc_naive: datetime, offset_min: int | None) -> date:
    """Return the local calendar day of a stored naive UTC value and its offset [min]."""
    return (utc_naive + _offset(offset_min or 0)[0]).date()


@functools.lru_cache(maxsize=512)
def _offset(minutes: int) -> tuple[timedelta, str]:
    """Return the shift to local time and its ISO 8601 suffix (``+01:00``) for an offset."""
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return timedelta(minutes=minutes), f"{sign}{hours:02d}:{rest:02d}"


def parse_iso(text: str, what: str = "time") -> datetime:
    """Parse an ISO 8601 time with offset; a time without offset is refused."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(
            f"{what} {text!r} is not an ISO 8601 time", code="input.bad-time", what=what, value=text
        ) from None
    if moment.utcoffset() is None:
        raise InputError(
            f"{what} {text!r} has no UTC offset (write e.g. 2026-05-01T18:30+02:00)",
            code="input.time-without-offset",
            what=what,
            value=text,
        )
    return moment
