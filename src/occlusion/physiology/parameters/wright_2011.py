"""Wright et al. 2011 (NHANES 2001-2008): mean blood pressure of US adults.

Used as the default mean systolic and diastolic pressure of virtual cohorts (mean pulse
pressure 122 - 71 = 51 mmHg, derived). The standard deviations were not read; cohorts use an
assumed spread.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="wright_2011_nhanes_blood_pressure",
        citation=(
            "Wright JD, Hughes JP, Ostchega Y, Yoon SS, Nwankwo T. Mean systolic and diastolic "
            "blood pressure in adults aged 18 and over in the United States, 2001-2008. "
            "National Health Statistics Reports 2011;(35):1-22."
        ),
        status="verified",
        url="https://pubmed.ncbi.nlm.nih.gov/21485611",
        note=(
            "Mean SBP 122 mmHg and DBP 71 mmHg for all adults 18 and over (normotensive "
            "116/69) (abstract read)."
        ),
    )
)

MEAN_SBP_MMHG = 122.0
MEAN_DBP_MMHG = 71.0
