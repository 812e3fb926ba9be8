"""Sources of the out-of-sample validation targets (no parameter is taken from them)."""

from __future__ import annotations

from occlusion.evidence import Reference, register

MACHEK_2023 = register(
    Reference(
        key="machek_2023_venous_80",
        citation=(
            "Machek SB et al. Oxygen 2023;3(2):190-202 (wide-rigid vs narrow-elastic cuffs; "
            "title not captured)."
        ),
        status="verified",
        doi="10.3390/oxygen3020014",
        url="https://digitalcommons.csumb.edu/kin_fac/34/",
        note="No venous outflow in any participant (n = 20) at 80 % AOP.",
    )
)
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
SUGA_2012 = register(
    Reference(
        key="suga_2012_continuous_intermittent",
        citation=(
            "Suga T et al. Eur J Appl Physiol 2012;112:3915-3920 (continuous vs intermittent "
            "blood flow restriction, 31P-MRS)."
        ),
        status="verified",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC3474903",
        note=(
            "Plantar flexion 3 x 30 at 20 % 1RM: continuous BFR gives metabolic stress like "
            "65 % 1RM; intermittent less, but more than free-flow low load (ordinal)."
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
WILSON_2013 = register(
    Reference(
        key="wilson_2013_practical_bfr",
        citation=(
            "Wilson JM et al. J Strength Cond Res 2013;27(11):3068-3075 (practical blood flow "
            "restriction with knee wraps)."
        ),
        status="verified",
        note=(
            "Knee wraps (venous, not arterial, occlusion), 30-15-15-15 at 30 % 1RM: muscle "
            "thickness up (ES 0.5) versus unchanged control."
        ),
    )
)
