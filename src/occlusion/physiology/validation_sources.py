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

CUFF_DISTAL_FLOW = register(
    Reference(
        key="cuff_distal_pressure_flow_arm",
        citation=(
            "Changes in arterial and venous blood pressure and flow distal to a cuff inflated "
            "on the human arm (Hamilton manometers and plethysmography; abstract)."
        ),
        status="verified",
        url="https://scilit.net/publications/b3bb928a3e39be390111a6088f66da30",
        note=(
            "Abstract read: below diastolic, a prompt, steady rise of distal venous pressure to "
            "about cuff pressure; above diastolic, changes in distal forward flow 'are "
            "maintained only briefly until venous pressure and resistance rise high enough to "
            "impede the flow'. Journal, year and authors were not on the page read."
        ),
    )
)

TAFUNAI_2021 = register(
    Reference(
        key="tafunai_2021_femoral_flow_pct_aop",
        citation=(
            "Tafuna'i ND, Hunter I, Johnson AW, Fellingham GW, Vehrs PR. Differences in Femoral "
            "Artery Occlusion Pressure between Sexes and Dominant and Non-Dominant Legs. "
            "Medicina (Kaunas) 2021;57(9):863; and the BYU thesis etd/9003 (rest and exercise)."
        ),
        status="verified",
        doi="10.3390/medicina57090863",
        url="https://scholarsarchive.byu.edu/etd/9003/",
        note=(
            "Superficial femoral artery, 35 young adults, 0-100 % AOP: 'a linear relationship "
            "between blood flow (% of unoccluded) and occlusion pressure (% of AOP)' at rest and "
            "during plantar-flexion exercise (abstracts read; slope and cuff width not read)."
        ),
    )
)
MOUSER_2017 = register(
    Reference(
        key="mouser_2017_brachial_flow_pct_aop",
        citation=(
            "Mouser JG, Ade CJ, Black CD, Bemben DA, Bemben MG. Brachial blood flow under "
            "relative levels of blood flow restriction is decreased in a nonlinear fashion. "
            "Clin Physiol Funct Imaging 2018;38(3):425-430."
        ),
        status="verified",
        doi="10.1111/cpf.12432",
        url="http://www.ncbi.nlm.nih.gov/pubmed/28402045",
        note=(
            "45 people, 5 cm arm cuff, brachial ultrasound at 10-90 % AOP: flow decreased at "
            "10 %, stayed until 40 %, decreased again at 40 % and stayed until 90 % (abstract)."
        ),
    )
)
CITHERLET_2022 = register(
    Reference(
        key="citherlet_2022_cuff_types_flow",
        citation=(
            "Citherlet T et al. Differences in the limb blood flow between two types of blood "
            "flow restriction cuffs: a pilot study. Front Physiol 2022;13:931270."
        ),
        status="verified",
        doi="10.3389/fphys.2022.931270",
        note=(
            "11 people, brachial and femoral Doppler at rest: with the nylon (Hokanson) cuff, "
            "flow at 40 % and 60 % AOP significantly below resting (abstract read)."
        ),
    )
)
# MACHEK_2023, SUGA_2012 and WILSON_2013 belong to the science core; they are listed here
# because targets cite them.
__all__ = [
    "CITHERLET_2022",
    "CROSSLEY_2020",
    "MACHEK_2023",
    "MOUSER_2017",
    "REULAND_NIRS",
    "SUGA_2012",
    "TAFUNAI_2021",
    "WILSON_2013",
]
IMMS_1988_HYPERAEMIA = register(
    Reference(
        key="imms_1988_forearm_reactive_hyperaemia",
        citation=(
            "Imms FJ, Lee WS, Ludlow PG. Reactive hyperaemia in the human forearm. Quarterly "
            "Journal of Experimental Physiology 1988, pages 203-215."
        ),
        status="verified",
        url="https://tmu.pure.elsevier.com/en/publications/reactive-hyperaemia-in-the-human-forearm",
        note=(
            "Abstract read: mercury-in-rubber strain gauges, 5, 10 and 15 min occlusion; after "
            "5 min the initial high flows declined exponentially with a half-life of 14 to 45 s; "
            "after longer occlusions a plateau came first and a second, slower exponential "
            "(half-lives 50-560 s) followed, which the authors relate to tissue warming. The "
            "peak flows were not in the abstract."
        ),
    )
)
