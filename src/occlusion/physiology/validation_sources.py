"""Sources of the out-of-sample validation targets (no parameter is taken from them)."""

from __future__ import annotations

from occlusion.evidence import Reference, register
from occlusion.science.protocols import MACHEK_2023, SUGA_2012, WILSON_2013

CROSSLEY_2020 = register(
    Reference(
        key="crossley_2020_flow_pct_aop",
        citation=(
            "Crossley KW et al. Effect of Cuff Pressure on Blood Flow during Blood "
            "Flow-Restricted Rest and Exercise. Med Sci Sports Exerc 2020;52(3):746-753; and "
            "the BYU thesis etd/8259."
        ),
        status="verified-secondary",
        doi="10.1249/MSS.0000000000002156",
        note=(
            "Qualitative: venous outflow still present at 40 % AOP at rest and in exercise; "
            "exercise flow similar at 40 % and 80 % AOP (exact % values not read)."
        ),
    )
)
REULAND_NIRS = register(
    Reference(
        key="reuland_tr_nirs_bfr",
        citation=(
            "Reuland W et al. eScholarship record (title not captured): time-resolved NIRS of "
            "the vastus medialis, knee extension at 50 % 1RM with and without BFR at 100 mmHg."
        ),
        status="verified",
        url="https://escholarship.org./search/?q=author%3AReuland%2C+Warren",
        note="StO2 7.5-11.2 percentage points lower in recovery with BFR (n = 6).",
    )
)

# The science core owns these sources; they are listed here because targets cite them.
__all__ = ["CROSSLEY_2020", "MACHEK_2023", "REULAND_NIRS", "SUGA_2012", "WILSON_2013"]
