"""Time-ordered record identifiers (UUID version 7).

UUIDv7 keys sort by creation time and need no central counter, so records written offline by
the command line on one machine merge into a clinic's PostgreSQL database without collisions
(the practice of wger's training log). Python 3.11 has no ``uuid.uuid7``, so the layout of
RFC 9562 §5.7 is built here: 48 bits of Unix milliseconds, the version, 12 bits of
sub-millisecond time, the variant and 62 random bits.

References
----------
RFC 9562, Universally Unique IDentifiers (UUIDs), §5.7 and §6.2 method 3, 2024.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_timestamp_ns = 0


def new_id(now_ns: int | None = None) -> uuid.UUID:
    """Return a new UUIDv7; successive calls in one process are strictly increasing.

    Parameters
    ----------
    now_ns
        Unix time in nanoseconds to encode [ns]; the system clock when omitted.
    """
    global _last_timestamp_ns
    with _lock:
        timestamp_ns = time.time_ns() if now_ns is None else now_ns
        # A clock that stands still or steps back must not reorder keys made by this process.
        if now_ns is None and timestamp_ns <= _last_timestamp_ns:
            timestamp_ns = _last_timestamp_ns + 245  # one step of the 12-bit fraction
        _last_timestamp_ns = max(_last_timestamp_ns, timestamp_ns)
    unix_ms, remainder_ns = divmod(timestamp_ns, 1_000_000)
    fraction = (remainder_ns * 4096) // 1_000_000
    random_bits = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (unix_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= fraction << 64
    value |= 0b10 << 62
    value |= random_bits
    return uuid.UUID(int=value)


def id_time_ms(identifier: uuid.UUID) -> int:
    """Return the Unix time in milliseconds [ms] encoded in a UUIDv7."""
    return identifier.int >> 80
