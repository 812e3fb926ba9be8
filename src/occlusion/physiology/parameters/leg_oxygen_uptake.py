"""Oxygen demand of the leg during submaximal quadriceps contractions.

Femoral arterial and venous blood sampling with Doppler femoral flow, six people, two-legged
intermittent isometric quadriceps contractions at 30 % of maximal voluntary contraction (6 s on,
4 s off): "Leg VO2 increased sixfold within the 1st min of exercise", then doubled again towards
exhaustion after about an hour. The first-minute rise is the one a set of a few minutes sees.

The model's demand during a set is ``D_rest (1 + e L)`` with ``D_rest`` the resting oxygen use of
the whole tissue below the cuff (what femoral sampling measures) and ``L`` the load as a fraction
of maximum, so six times resting at ``L = 0.30`` gives ``e = (6 - 1) / 0.30``. Reading a share of
isometric maximal force as the same share of a dynamic 1RM, and using the first minute's rise
for every set, are assumptions.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="leg_vo2_repeated_submaximal_contractions",
        citation=(
            "Gradual increase in leg oxygen uptake during repeated submaximal contractions in "
            "humans (abstract; six subjects, femoral arterial and venous sampling)."
        ),
        status="verified",
        url="https://scilit.net/publications/0d4154e4fbba17a1a02658094eb4e04e",
        note=(
            "Abstract read: two-legged isometric quadriceps contractions at 30 % MVC, 6 s on / "
            "4 s off, to exhaustion (58 +/- 8 min); 'Leg VO2 increased sixfold within the 1st "
            "min of exercise', reaching 307 +/- 22 ml/min at exhaustion. Journal and authors "
            "were not on the page read."
        ),
    )
)

#: Leg oxygen uptake in the first minute of contractions, as a multiple of resting [1].
FIRST_MINUTE_MULTIPLE_OF_REST = 6.0
#: Relative force of those contractions [fraction of maximal voluntary contraction].
RELATIVE_FORCE = 0.30
#: Extra oxygen demand per fraction of maximal load, as a multiple of resting use [1]:
#: (6 - 1) / 0.30 = 16.67.
DEMAND_PER_LOAD = (FIRST_MINUTE_MULTIPLE_OF_REST - 1.0) / RELATIVE_FORCE
