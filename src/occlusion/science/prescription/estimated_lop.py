"""A cuff pressure set from an *estimated* LOP: what it means across the estimate's interval.

An estimate is not a measurement. At 80 % of an estimated 200 mmHg whose 95 % prediction
interval is 169–231 mmHg, the pressure is 160 mmHg, which is 95 % of the LOP of a person at the
interval's lower bound: near full occlusion. So a plan from an estimate reports the share of LOP
its pressure means at both ends of the interval, and a project policy caps the pressure so that
it stays within :data:`MAX_SHARE_AT_LOWER_BOUND_PCT` of the lower bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from occlusion.science.protocols import PLAUSIBLE_LOP_MMHG, pressure_from_pct_lop

#: **Project policy** (not from a study): a pressure set from an estimated LOP may be at most
#: this share of the 95 % interval's lower bound. 80 % is the top of the 40-80 % LOP range the
#: protocol library recommends for resistance and aerobic exercise, so a person whose true LOP is
#: as low as the interval allows is still inside the recommended range.
MAX_SHARE_AT_LOWER_BOUND_PCT = 80.0

#: Codes interfaces render in their own words.
CODE_SHARE = "plan.pressure.estimated-lop-share"
CODE_CAPPED = "plan.pressure.estimated-lop-capped"


@dataclass(frozen=True, slots=True)
class EstimatedLopShare:
    """What a pressure set from an estimated LOP means for the true LOP anywhere in its interval.

    Parameters
    ----------
    code
        :data:`CODE_CAPPED` when the policy lowered the pressure, else :data:`CODE_SHARE`.
    requested_pct_lop
        The target asked for, as % of the estimated LOP [%].
    requested_pressure_mmhg
        That target in mmHg, before the cap [mmHg].
    pressure_mmhg
        The pressure of the plan, after the cap [mmHg].
    lop_mmhg
        The estimated LOP [mmHg].
    lop_interval_95_mmhg
        Its 95 % prediction interval (low, high) [mmHg]; the low end is never below the
        plausible minimum LOP.
    share_of_lop_pct
        The plan's pressure as % of a true LOP at the interval's upper and lower bound
        (smallest first) [%].
    cap_share_pct
        The policy's largest share at the lower bound [%].
    capped
        Whether the policy lowered the pressure.
    """

    code: str
    requested_pct_lop: float
    requested_pressure_mmhg: float
    pressure_mmhg: float
    lop_mmhg: float
    lop_interval_95_mmhg: tuple[float, float]
    share_of_lop_pct: tuple[float, float]
    cap_share_pct: float
    capped: bool

    @property
    def pct_of_estimate(self) -> float:
        """The plan's pressure as % of the estimated LOP [%]."""
        return 100.0 * self.pressure_mmhg / self.lop_mmhg

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping (the cap is labelled as policy)."""
        return {
            "code": self.code,
            "requested_pct_lop": self.requested_pct_lop,
            "requested_pressure_mmhg": round(self.requested_pressure_mmhg, 1),
            "pressure_mmhg": round(self.pressure_mmhg, 1),
            "pct_of_estimate": round(self.pct_of_estimate, 1),
            "lop_interval_95_mmhg": [round(bound, 1) for bound in self.lop_interval_95_mmhg],
            "share_of_lop_pct": [round(share, 1) for share in self.share_of_lop_pct],
            "cap": {
                "basis": "policy",
                "max_share_at_lower_bound_pct": self.cap_share_pct,
                "applied": self.capped,
            },
        }


def estimated_lop_share(
    *, lop_mmhg: float, interval_95_mmhg: tuple[float, float], target_pct_lop: float
) -> EstimatedLopShare:
    """Return the pressure for ``target_pct_lop`` of an estimate, capped by policy, and its share.

    Parameters
    ----------
    lop_mmhg
        Estimated LOP [mmHg].
    interval_95_mmhg
        Its 95 % prediction interval (low, high) [mmHg].
    target_pct_lop
        Requested pressure as % of the estimate [%].

    Returns
    -------
    EstimatedLopShare
        With ``pressure_mmhg = min(target % x LOP, 80 % x lower bound)``.
    """
    low_mmhg = max(interval_95_mmhg[0], PLAUSIBLE_LOP_MMHG[0])
    high_mmhg = interval_95_mmhg[1]
    requested = pressure_from_pct_lop(lop_mmhg, target_pct_lop)
    ceiling = low_mmhg * MAX_SHARE_AT_LOWER_BOUND_PCT / 100.0
    capped = requested > ceiling
    pressure = ceiling if capped else requested
    return EstimatedLopShare(
        code=CODE_CAPPED if capped else CODE_SHARE,
        requested_pct_lop=target_pct_lop,
        requested_pressure_mmhg=requested,
        pressure_mmhg=pressure,
        lop_mmhg=lop_mmhg,
        lop_interval_95_mmhg=(low_mmhg, high_mmhg),
        share_of_lop_pct=(100.0 * pressure / high_mmhg, 100.0 * pressure / low_mmhg),
        cap_share_pct=MAX_SHARE_AT_LOWER_BOUND_PCT,
        capped=capped,
    )
