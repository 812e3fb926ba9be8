"""Fixed text of the validation report: where each number was read, and why targets fail.

Kept apart from :mod:`.validation_report` (which evaluates and renders) so that the record of
sources can be read and reviewed on its own.
"""

from __future__ import annotations

#: The published pressure-flow and NIRS data found for issue 13, one row per source: what was
#: read, where, and how the model uses it (``calibration``, ``validation``, ``parameter`` for a
#: number taken into the model, or ``not used`` with the reason).
LITERATURE: tuple[tuple[str, str, str, str], ...] = (
    (
        "Tafuna'i et al. 2021, Medicina 57:863 (PMC8471356); BYU thesis etd/9003",
        "superficial femoral artery, n = 35, 0-100 % AOP: flow (% of unoccluded) linear in % AOP, "
        "at rest and during plantar flexion (abstracts; slope, cuff width and reading time not "
        "given there)",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC8471356, abstract 'Results'; "
        "https://scholarsarchive.byu.edu/etd/9003/, abstract 'RESULTS'",
        "validation F1, F1b, E2 (its linear fall during exercise and Crossley's 'no difference "
        "30-80 %' are both met only as: inflow falls, by less than 20 % from 40 to 80 % LOP)",
    ),
    (
        "Mouser et al. 2018, Clin Physiol Funct Imaging 38:425",
        "brachial artery, 5 cm cuff, n = 45, 10-90 % AOP: down at 10 %, flat to 40 %, down at "
        "40 %, flat to 90 %",
        "http://www.ncbi.nlm.nih.gov/pubmed/28402045, abstract 'Results'",
        "validation F2 (the two drops; the 40-90 % plateau contradicts Tafuna'i and is not tested)",
    ),
    (
        "Crossley et al. 2020, Med Sci Sports Exerc 52:746; BYU thesis etd/8259",
        "superficial femoral artery, seated, n = 23: rest flow-pressure relation nonlinear; no "
        "difference in exercise flow, conductance or MAP between 30 and 80 % AOP; venous outflow "
        "at 40 % AOP",
        "https://scholarsarchive.byu.edu/etd/8259/, abstract 'Results'",
        "validation C4, C5 (its unchanged MAP from 30 to 80 % AOP disagrees with the pressor "
        "slopes below; the model follows the study that gives numbers)",
    ),
    (
        "Citherlet et al. 2022, Front Physiol 13:931270",
        "brachial and femoral Doppler, n = 11: nylon cuff at 40 and 60 % AOP below resting flow",
        "https://frontiersin.org/articles/10.3389/fphys.2022.931270/full, abstract 'Results'",
        "validation F3",
    ),
    (
        "Hunt, Stodart & Ferguson 2016, Eur J Appl Physiol (s00421-016-3399-6)",
        "60 % flow reduction at 111 (12) mmHg popliteal and 101 (12) mmHg brachial",
        "https://www.springermedizin.de/the-influence-of-participant-characteristics-on-the-"
        "relationship/10208036, abstract 'Results'",
        "not used: cuff widths and the participants' AOP were not in the text read",
    ),
    (
        "Machek et al. 2023, Oxygen 3:190",
        "no venous outflow at 80 % AOP in any of 20 people",
        "https://www2.mdpi.com/2673-9801/3/2/14 (abstract)",
        "validation C6",
    ),
    (
        "Reuland et al., eScholarship (time-resolved NIRS)",
        "StO2 7.5-11.2 points lower between sets with a 100 mmHg thigh cuff, 3 sets at 50 % 1RM, "
        "90 s rests, n = 6 (cuff width not given)",
        "https://escholarship.org./search/?q=author%3AReuland%2C+Warren, abstract 'Results'",
        "validation D12",
    ),
    (
        "Reis et al. 2019, Front Physiol 10:407",
        "vastus lateralis NIRS at 0/40/60/80 % AOP, 30-15-15-15 at 20 % 1RM: deoxygenation similar "
        "at 60 and 80 %, larger than at 0 and 40 %",
        "https://www.frontiersin.org/articles/10.3389/fphys.2019.00407/full, abstract",
        "not used: only comparisons, no values, were in the text read",
    ),
    (
        "Int J Exerc Sci 2023;16(2):676 (BFR cycling at 0/40/60/80 % LOP)",
        "peak SBP 160.7/173.6/182.5/193.5 and DBP 74.9/83.0/90.4/97.7 mmHg",
        "https://digitalcommons.wku.edu/ijes/vol16/iss2/12/, abstract",
        "parameter: exercise pressor response (0.41 and 0.285 mmHg per % LOP)",
    ),
    (
        "OpenSIUC gs_rp/96 (calf venous compliance, 10 men)",
        "quadratic fit b1 = 0.0781 ml/100 ml/mmHg, b2 = -0.0005 ml/100 ml/mmHg2",
        "http://opensiuc.lib.siu.edu/gs_rp/96/, abstract 'RESULTS' (fasted)",
        "parameter: venous pressure-volume curve",
    ),
    (
        "Bickler, Feiner & Rollins 2013, Anesth Analg",
        "oximeter weightings: INVOS 25 % arterial / 75 % venous; others 30/70",
        "abstract 'METHODS'",
        "parameter: NIRS arterial weight 0.25",
    ),
    (
        "Clinical Gate; Quain's anatomy (iMedecin); USRA mid-humeral block",
        "brachial artery covered only by skin, fat and fascia; imaging depth 1-2 cm",
        "https://clinicalgate.com/arterial-line-anatomy; "
        "http://usra.ca/regional-anesthesia/specific-blocks/upper-limb/midhumeralblock.php",
        "parameter: arm artery 0.7 cm below the fascia (our choice in the 1-2 cm range)",
    ),
    (
        "Okazaki et al. 2005, Am J Physiol (venous congestion)",
        "with a 40 mmHg congesting cuff, the fall in skin flow came from the lower perfusion "
        "pressure, not from vasoconstriction",
        "https://utsouthwestern.pure.elsevier.com/en/publications/"
        "vasoconstriction-during-venous-congestion-effects-of-venoarteriol",
        "not added: supports keeping no venoarteriolar reflex under a cuff",
    ),
)

#: Why each target that fails does, in words (rendered under "What fails, and why").
FAILURE_EXPLANATIONS: dict[str, str] = {
    "F1b": "In the first minute the veins are still filling, and the higher the cuff pressure "
    "the longer they take to reach it: from 50 % LOP upwards the artery, open for part of each "
    "beat, still drives blood against a low venous pressure, so inflow read at 60 s rises "
    "again between 50 and 80 % LOP before it falls. Read once venous pressure has settled "
    "(F1) the fall is near-linear, as published. The studies' reading times were not in the "
    "text read, so which reading they match is open. A collapsible-tube (tube-law) "
    "conductance would lower flow through a barely open artery, but no published tube law of "
    "a compressed limb artery was found whose numbers could be read, and tuning one to this "
    "target would leave it without validation.",
    "D12": "The cuff's width is not given in the abstract, so 100 mmHg is anywhere from about "
    "40 % (5 cm) to 70 % (13.5 cm) of the reference thigh's LOP. With the 13.5 cm cuff "
    "assumed, the model's desaturation is about 1.4 times the published 7.5-11.2 points (it was "
    "twice before the NIRS mixing); with a cuff of 10 cm or narrower it falls inside the "
    "range (tested). The "
    "oxygen demand of exercise (12 times resting use per 1RM fraction) is still our own "
    "choice, not a published number.",
}
