"""Ostchega et al. 2013 (NHANES 2007-2010): mean mid-upper-arm circumference of US adults.

Used as the default mean arm circumference of virtual cohorts. The standard deviation was not
read; cohorts use an assumed spread (see :mod:`occlusion.physiology.cohort`).
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="ostchega_2013_arm_circumference",
        citation=(
            "Ostchega Y, Hughes JP, Zhang G, Nwankwo T, Chiappa MM. Mean mid-arm circumference "
            "and blood pressure cuff sizes for US adults: NHANES 1999-2010. Blood Press Monit "
            "2013;18(3):138-143."
        ),
        status="verified",
        doi="10.1097/MBP.0b013e3283617606",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC9681024",
        note="NHANES 2007-2010 mean mid-arm circumference: men 34.2 cm, women 31.9 cm.",
    )
)

MEAN_ARM_CIRCUMFERENCE_CM = {"male": 34.2, "female": 31.9}
