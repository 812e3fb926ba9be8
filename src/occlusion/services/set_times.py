"""When a set sent from a phone was done: the phone's time, when it is believable.

A phone without a connection keeps the sets it logs and sends them when the connection is back,
each with the time it was done by the phone's clock. The server keeps that time rather than the
time the set arrived, whether the session has ended meanwhile (a late set,
:func:`occlusion.services.corrections.add_late_set`) or is still running (a set logged through
the live session), by one rule, :func:`believable`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

#: How far a phone's clock may differ from the server's before the time it gives a set is not
#: believed [s]. Phones set their clocks from the network, so they agree with the server within
#: seconds; two minutes covers a phone that has not synchronised for a while, yet keeps a set
#: from landing before its session began or after it arrived by more than a rest between sets.
CLOCK_SKEW_ALLOWANCE_S = 120.0


def believable(
    done_utc: datetime,
    *,
    arrived_utc: datetime,
    started_utc: datetime,
    before: Iterable[datetime] = (),
    after: Iterable[datetime] = (),
) -> bool:
    """Say whether a set may keep the time the phone gave it (all naive UTC).

    It may when it is neither after its arrival nor before its session began, each by more than
    :data:`CLOCK_SKEW_ALLOWANCE_S`, and falls between the times of the sets logged before it
    (``before``) and after it (``after``) in the session's order.
    """
    skew = timedelta(seconds=CLOCK_SKEW_ALLOWANCE_S)
    if done_utc > arrived_utc + skew or done_utc < started_utc - skew:
        return False
    return all(at <= done_utc for at in before) and all(done_utc <= at for at in after)


__all__ = ["CLOCK_SKEW_ALLOWANCE_S", "believable"]
