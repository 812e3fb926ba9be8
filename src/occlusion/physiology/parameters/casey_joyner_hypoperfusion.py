"""What happens to an exercising forearm when its perfusion pressure is lowered.

Casey and Joyner lowered the perfusion pressure of rhythmically contracting forearm muscles
(handgrip, 10 and 20 % of maximum, 1 s contraction in every 3 s) by inflating a balloon in the
brachial artery above the elbow, and measured forearm blood flow (Doppler) and the pressure
below the balloon (brachial catheter). Three of their studies' abstracts were read:

* **2009 (PubMed 19520838), ten people**: inflation during exercise lowered the distal pressure
  and flow fell 37-41 %; vascular resistance rose at once (the authors suggest loss of pulsatile
  flow and elastic recoil); then the distal pressure recovered, "likely as a result of increased
  collateral flow around the elbow", and forearm vasodilation followed, restoring about 75 % of
  the flow.
* **NOS inhibition (eleven people)**: with saline, flow recovered 81 (5) % at 10 % and 88 (8) %
  at 20 % of maximum, conductance 76 (7) % and 90 (9) %, where recovery is ``(inflation -
  nadir) / (exercise - nadir)``; the dilation reached its steady state in 61 (6) and 41 (4) s.
* **alpha-adrenergic blockade, Front Physiol 2012;3:271 (nine men, 20 % of maximum)**: in the
  control trial vascular resistance rose 31 (2) % at the onset of inflation and conductance
  then recovered 91 (5) % (flow 81 (6) %); with phentolamine conductance recovered 126 (9) %.

What the model takes from them: nothing as a parameter. They are the **check** of the lead
that a compensatory, exercise-conditioned dilation would keep inflow at 80 % LOP close to that
at 40 % LOP (validation target C4). From the 2012 control trial (``derived``): conductance at the
nadir is ``1 / 1.31`` of the exercise value, and recovering 91 % of the fall brings it to
``1 - (1 - 1/1.31) (1 - 0.91) = 0.979`` of the exercise value: the compensatory dilation undoes
the constriction at the onset and stops near the conductance the exercise had before; the rest
of the restored flow came with the restored distal pressure (a path round the elbow; a limb
cuff leaves none). Means are combined as if they were one person's values (an approximation).
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

BALLOON_2009_REFERENCE = register(
    Reference(
        key="casey_joyner_2009_hypoperfusion",
        citation=(
            "Casey DP, Joyner MJ. Contribution of changes in systemic arterial pressure and "
            "local vasodilation to blood flow restoration in contracting human muscles during "
            "acute hypoperfusion (PubMed 19520838; abstract read, journal not on the page read)."
        ),
        status="verified",
        url="https://pubmed.ncbi.nlm.nih.gov/19520838",
        note=(
            "Abstract read: n = 10, rhythmic forearm exercise at 10 and 20 % of maximum, balloon "
            "in the brachial artery above the elbow; flow fell 37-41 % with an acute rise of "
            "vascular resistance, then distal pressure recovered (collateral flow round the "
            "elbow, likely) and vasodilation restored about 75 % of the flow; systemic pressure "
            "did not change significantly."
        ),
    )
)

NOS_REFERENCE = register(
    Reference(
        key="casey_joyner_nos_hypoperfusion",
        citation=(
            "Casey DP, Joyner MJ. NOS inhibition blunts and delays the compensatory dilation in "
            "hypoperfused contracting human muscles (abstract; journal not on the page read)."
        ),
        status="verified",
        url=(
            "https://mayoclinic.pure.elsevier.com/en/publications/nos-inhibition-blunts-and-"
            "delays-the-compensatory-dilation-in-hyp"
        ),
        note=(
            "Abstract read: n = 11 (25 (1) years), 10 and 20 % of maximum, 3 min each of "
            "baseline, exercise, exercise with inflation, exercise after deflation. Control "
            "recovery (inflation - nadir)/(exercise - nadir): flow 81 (5) and 88 (8) %, "
            "conductance 76 (7) and 90 (9) % at 10 and 20 %; time to steady dilation 61 (6) and "
            "41 (4) s. With L-NMMA: flow 83 (4) and 77 (7) %, conductance 75 (10) and 71 (8) %, "
            "74 (4) and 53 (4) s."
        ),
    )
)

ALPHA_BLOCKADE_REFERENCE = register(
    Reference(
        key="casey_joyner_2012_alpha_blockade",
        citation=(
            "Casey DP, Joyner MJ. Alpha-adrenergic blockade unmasks a greater compensatory "
            "vasodilation in hypoperfused contracting muscle. Front Physiol 2012;3:271."
        ),
        status="verified",
        doi="10.3389/fphys.2012.00271",
        url="https://www.frontiersin.org/journals/physiology/articles/10.3389/fphys.2012.00271",
        note=(
            "Abstract read: nine men (29 (2) years), forearm exercise at 20 % of maximum with "
            "balloon hypoperfusion, 3 min per phase. Control: resistance rose 31 (2) % at the "
            "onset of inflation; recovery of flow 81 (6) %, of conductance 91 (5) %. With "
            "phentolamine: 35 (5) %, 97 (5) % and 126 (9) %."
        ),
    )
)

#: Rise of forearm vascular resistance at the onset of inflation, control trial [fraction].
RESISTANCE_RISE_AT_ONSET = 0.31
#: Recovery of conductance during inflation, ``(inflation - nadir) / (exercise - nadir)``,
#: control trial, and its standard error [fraction].
CONDUCTANCE_RECOVERY = 0.91
CONDUCTANCE_RECOVERY_SE = 0.05
#: Recovery of flow in the same trial [fraction].
FLOW_RECOVERY = 0.81
#: Load of the handgrip exercise [fraction of maximum].
LOAD_FRACTION = 0.20
#: Contraction and relaxation of one duty cycle [s] (20 contractions a minute).
CONTRACTION_S = 1.0
RELAXATION_S = 2.0
#: Length of each phase: exercise before inflation, exercise with inflation [s].
PHASE_S = 180.0
#: Fall of forearm flow at the onset of inflation, 2009 study [fraction].
FLOW_FALL_AT_ONSET = (0.37, 0.41)


def steady_conductance_ratio(recovery: float = CONDUCTANCE_RECOVERY) -> float:
    """Conductance during inflation over conductance in exercise before it [1] (``derived``).

    ``1 - (1 - 1 / (1 + r)) (1 - recovery)`` with ``r`` the resistance rise at the onset; 0.979
    for the 2012 control trial's means.
    """
    nadir = 1.0 / (1.0 + RESISTANCE_RISE_AT_ONSET)
    return 1.0 - (1.0 - nadir) * (1.0 - recovery)


__all__ = [
    "ALPHA_BLOCKADE_REFERENCE",
    "BALLOON_2009_REFERENCE",
    "CONDUCTANCE_RECOVERY",
    "CONDUCTANCE_RECOVERY_SE",
    "CONTRACTION_S",
    "FLOW_FALL_AT_ONSET",
    "FLOW_RECOVERY",
    "LOAD_FRACTION",
    "NOS_REFERENCE",
    "PHASE_S",
    "RELAXATION_S",
    "RESISTANCE_RISE_AT_ONSET",
    "steady_conductance_ratio",
]
