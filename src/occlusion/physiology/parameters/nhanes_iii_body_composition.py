"""NHANES III (1988-1994) body-measurement summary: triceps skinfold of adults.

Half the triceps skinfold (a double fold of skin and fat) is used as the arm's subcutaneous fat
thickness in virtual cohorts [derived]. Standard deviations are the table's, computed as
SE x sqrt(n); with the survey's sampling weights they may overstate the spread.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="nhanes_iii_triceps_skinfold",
        citation=(
            "Institute of Medicine. Dietary Reference Intakes for Energy, Carbohydrate, Fiber, "
            "Fat, Fatty Acids, Cholesterol, Protein, and Amino Acids (2005), Appendix H, "
            "Table H-1: body measurements of men and women 19 years and older, NHANES III."
        ),
        status="verified-secondary",
        url="http://books.nap.edu/openbook.php?record_id=10490&page=1078",
        note=(
            "Triceps skinfold men 13.1 mm (SD 9.7), women 23.5 mm (SD 15.2), read in the IOM "
            "appendix that tabulates NHANES III."
        ),
    )
)

TRICEPS_SKINFOLD_MM = {"male": (13.1, 9.7), "female": (23.5, 15.2)}
