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
        "validation C4, C5, F1b (the nonlinear resting relation; its unchanged MAP from 30 to "
        "80 % AOP disagrees with the pressor slopes below; the model follows the study that "
        "gives numbers)",
    ),
    (
        "Casey, Ranadive & Joyner 2015, J Appl Physiol 119:232 (PMC4526703)",
        "rhythmic forearm exercise (1 s contraction / 2 s relaxation), 4 min each at 10, 20 and "
        "30 % MVC: duty cycles for conductance to change 63 %, young (n = 10) 6 (1), 9 (1), "
        "11 (1); older 10 (1), 13 (1), 15 (1); NOS inhibition (young) 10 (2), 12 (1), 16 (2)",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC4526703, abstract",
        "validation E-tau (the young, control): how fast exercise hyperaemia builds, a weaker "
        "validation since the exercise hyperaemia's make-up was chosen with it in view (see "
        "the narrow passes); the FVC amplitude is not used (no resting conductance was in the "
        "text read)",
    ),
    (
        "J Appl Physiol 2005;99:683 (knee extension, University of Western Ontario; authors not "
        "on the page read)",
        "heavy single-leg knee extension, five people: phase-2 time constants 29.0 s (VO2) and "
        "24.5 s (flow); phase-2 rise of pulmonary VO2 0.317 l/min with 2.35 l/min more femoral "
        "flow (7.4 to 1), slow component 0.098 with 0.72 l/min (7.3); the steady-state "
        "relation of leg flow to VO2, 4.9 to 1",
        "http://jap.physiology.org/cgi/content/full/99/2/683, abstract",
        "calibration E-VO2: the leg's exercise gain (0.96 per unit load, was an unsourced 10) so "
        "that the free-flow leg at 30 % of maximum adds 4.9 ml of inflow per ml of oxygen; "
        "parameters: the slow exercise dilation's time constant (24.5 s) and the oxygen "
        "demand's (29.0 s), in both limbs (a leg's heavy-exercise kinetics read as the "
        "forearm's at light loads, pulmonary uptake as the muscle's: interpretations)",
    ),
    (
        "Acta Physiol Scand 1994 (one- and two-legged knee extension, Karolinska; "
        "doi 10.1111/j.1748-1716.1994.tb09699.x; authors not on the page read)",
        "eight active men aged 44-69: leg blood flow linear in work rate to 5.1 (0.4) l/min, "
        "leg VO2 at most 0.72 l/min; at submaximal work the leg's rise of oxygen uptake was "
        "70-100 % of the pulmonary rise",
        "http://onlinelibrary.wiley.com/doi/10.1111/j.1748-1716.1994.tb09699.x/abstract, abstract",
        "check of E-VO2's reading: the leg's own flow per oxygen lies between 4.9 and 4.9 / 0.7 "
        "= 7.0; at 7.0 the exercise gain is 5.0 and C4 0.77 (C4's pass rests on the low end)",
    ),
    (
        "J Physiol 2014;592:4775 (PMID 25194040, PMC4253476; graded handgrip, ageing, "
        "alpha-adrenergic tone; authors not on the pages read)",
        "4 min each at 5, 15 and 25 % MVC, steady state over the last 30 s; young (n = 11) "
        "control: FBF 29 (3.3) and 46.0 (4.9) ml/min/100 g FFM, FVC 33.6 (4.0) and 49.0 (5.7) "
        "ml/min/100 g FFM/100 mmHg at 15 and 25 %",
        "https://pubmed.ncbi.nlm.nih.gov/25194040/, abstract; PMC4253476, figure 1 (timeline)",
        "validation E-ss: conductance at 25 % over 15 %, 1.46 (no resting value was read)",
    ),
    (
        "Nyberg SK, Berg OK, Helgerud J, Wang E. Physiol Rep 2018;6:e13696 (PMC5974736)",
        "incremental handgrip, ten young men, brachial Doppler and deep forearm venous blood: "
        "at 1.0, 1.5, 2.0, 2.5 and 3.0 W forearm VO2 43.8, 53.8, 63.4, 72.2 and 79.2 ml/min, "
        "flow 359, 431, 490, 556 and 622 ml/min, a-vO2 difference constant at 123-130 ml/l",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC5974736, abstract",
        "calibration E-VO2a: the arm's own slow exercise gain (4.88 per unit load, with its "
        "fast dilation; the leg's 0.96 would give the arm 5.7) so that the free-flow arm adds "
        "7.43 ml of inflow per ml of oxygen from 10 to 30 % of maximum, 1 and 3 W read as "
        "those loads (a modelling choice: the study's maximal work rate and force were not "
        "read); the constant extraction is not met (the model's rises from 68 to 94 ml/l)",
    ),
    (
        "Saunders, Pyke & Tschakovsky 2005, J Appl Physiol 98:1286 (forearm flow dynamics)",
        "time delays, time constants and gains of the forearm's phase-1 (fast) and phase-2 "
        "(slow) flow response at different work-rate steps: the numbers were not on the page "
        "stored (introduction only, abstract empty)",
        "http://jap.physiology.org/cgi/content/full/98/4/1286, introduction",
        "not used: its numbers would calibrate the fast and slow exercise dilations directly; "
        "the model takes them from the studies below instead",
    ),
    (
        "Characterizing rapid-onset vasodilation to single muscle contractions in the human "
        "leg, J Appl Physiol (authors and year not on the page read)",
        "sixteen men, single isometric contractions at 5-60 % MVC: peak conductance after one "
        "contraction at 20 % MVC +89 (17) % in the forearm, +138 (28) % in the leg (above "
        "heart level); intensity dependent",
        "https://discovery.researcher.life (abstract)",
        "calibration E-ROV: the fast dilation's drive (6.01, derived in closed form so that one "
        "1-s contraction at 20 % lifts it 89 %; the contraction's length was not read and 1 s "
        "is assumed); the arm only (the leg's +138 % finds no room in its E-VO2)",
    ),
    (
        "Single contractions in young and older adults, sympathetic tone (J Appl Physiol, "
        "PMC3472494; authors and year not on the page read)",
        "young (n = 13) control peak change of forearm conductance after single contractions at "
        "10, 20 and 40 % of maximum: 98 (17), 144 (12), 209 (20) ml/min/100 mmHg; older 71, 107, "
        "161",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC3472494, abstract",
        "parameter: the fast dilation grows as force to the power 0.546 (least squares on the "
        "logarithms of the young means); the model's arm gives ratios 1.48 and 1.48 (E-ROV)",
    ),
    (
        "van der Touw & Cook 2008 (University of New England, hdl 1959.11/10059)",
        "eight men, single 1-s forearm contractions and 2 min of 1 s in every 3 s at 20 and 40 "
        "% of maximum: a single contraction's hyperaemia lasted 6.8 (2.0) and 7.4 (2.5) s; the "
        "rhythmic peak matched single responses summed every 3 s (11.9 cm/s at 20 %)",
        "https://hdl.handle.net/1959.11/10059, abstract",
        "parameter: the fast dilation's time constant, 6.8 / 3 = 2.27 s (the 6.8 s read as "
        "three time constants of a first-order decay: an interpretation); the summing is what "
        "a linear fast dilation driven by each contraction does",
    ),
    (
        "Radegran 1997, J Appl Physiol 83:1383 (knee-extensor Doppler)",
        "femoral Doppler flow rises linearly with knee-extensor load, 0.080 l/min per W + 1.446 "
        "l/min (r = 0.997), agreeing with thermodilution",
        "http://jap.physiology.org/content/83/4/1383.long, abstract",
        "not used: watts do not map to the model's fraction of 1RM, and no resting flow is given",
    ),
    (
        "Casey & Joyner, brachial balloon during rhythmic handgrip (PubMed 19520838, n = 10)",
        "10 and 20 % of maximum: flow fell 37-41 % with an acute rise of resistance, then distal "
        "pressure recovered (collateral flow round the elbow, likely) and dilation restored about "
        "75 % of the flow; systemic pressure unchanged",
        "https://pubmed.ncbi.nlm.nih.gov/19520838, abstract",
        "check of C4's compensatory-dilation lead: the protocol run in the model "
        "(occlusion.physiology.handgrip)",
    ),
    (
        "Casey & Joyner, NOS inhibition in hypoperfused contracting muscle (n = 11)",
        "control recovery (inflation - nadir)/(exercise - nadir): flow 81 (5) and 88 (8) %, "
        "conductance 76 (7) and 90 (9) % at 10 and 20 % of maximum; steady dilation after 61 (6) "
        "and 41 (4) s",
        "https://mayoclinic.pure.elsevier.com/en/publications/nos-inhibition-blunts-and-delays-"
        "the-compensatory-dilation-in-hyp, abstract",
        "check of C4's lead: conductance recovers towards, not beyond, its exercise value",
    ),
    (
        "Casey & Joyner 2012, Front Physiol 3:271 (alpha-adrenergic blockade, nine men)",
        "20 % of maximum, control trial: resistance +31 (2) % at the onset of inflation, "
        "conductance recovery 91 (5) %, flow recovery 81 (6) %; with phentolamine 126 (9) % and "
        "97 (5) %",
        "https://www.frontiersin.org/journals/physiology/articles/10.3389/fphys.2012.00271, "
        "abstract",
        "check of C4's lead: steady conductance 1 - (1 - 1/1.31)(1 - 0.91) = 0.98 of the exercise "
        "value (derived); the model settles at 1.07 with a 20 % fall of drive",
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
    (
        "Changes in arterial and venous blood pressure and flow distal to a cuff inflated on "
        "the human arm (Hamilton manometers)",
        "below diastolic: distal venous pressure rises promptly to about cuff pressure; above "
        "diastolic: changes in forward flow last only until venous pressure and resistance "
        "rise",
        "https://scilit.net/publications/b3bb928a3e39be390111a6088f66da30, abstract",
        "validation F4 (and the reason F1b's reading time matters)",
    ),
    (
        "Gradual increase in leg oxygen uptake during repeated submaximal contractions in "
        "humans (six subjects)",
        "two-legged isometric quadriceps contractions at 30 % MVC, 6 s on / 4 s off: leg VO2 "
        "sixfold within the first minute, doubling again towards exhaustion",
        "https://scilit.net/publications/0d4154e4fbba17a1a02658094eb4e04e, abstract",
        "parameter: oxygen demand per load fraction (6 - 1) / 0.30 = 16.7 times resting use",
    ),
    (
        "Radegran, Blomstrand & Saltin 1999, J Appl Physiol 87:2375",
        "one-legged knee-extensor exercise to peak: muscle O2 uptake 35.2 (3.7) ml/min/100 g, "
        "quadriceps 2.48 kg",
        "http://jap.physiology.org/content/87/6/2375.full, abstract",
        "not used: a peak value, none at the loads simulated",
    ),
    (
        "Loenneke et al. 2012, Eur J Appl Physiol 112:2903 (PMC4133131)",
        "thigh AOP 235 (42) mmHg with a 5 cm and 144 (17) mmHg with a 13.5 cm cuff, n = 116 "
        "(53 men, 63 women), supine",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC4133131, abstract",
        "calibration P-5cm (the between-person SD of the artery's place), validation P-13.5cm",
    ),
    (
        "Wedig et al. 2025, Front Physiol 16:1658744",
        "n = 116, seated, 11/13/18 cm cuffs: TC, SBP, DBP, age and sex explain 60-70 % of AOP "
        "variance, more with narrower cuffs; TC uniquely 36/26/11 %, SBP 2/6/12 %; a cuff "
        "width x TC interaction, SBP's relation to AOP stable across widths",
        "https://www.frontiersin.org/articles/10.3389/fphys.2025.1658744, abstract (the "
        "full text was not in the store)",
        "validation P-R2, P-R2w, P-TC, P-TCxW",
    ),
    (
        "Int J Exerc Sci Conf Proc 14(2):105 (BYU; full paper Vehrs et al. 2023, Appl Sci 13:1438)",
        "difference between two AOP measurements, continuous protocol, both sexes: 0.4 +/- "
        "8.9 mmHg (n = 40)",
        "https://digitalcommons.wku.edu/ijesab/vol14/iss2/105/, abstract 'RESULTS'",
        "parameter: measurement error of one AOP reading, 8.9 / sqrt(2) = 6.3 mmHg, added to "
        "the model before comparing spreads",
    ),
    (
        "Muntner et al. 2012, J Clin Hypertens 14:165 (NHANES III)",
        "within-visit SD of three SBP readings by physicians, n = 15,317, in quintiles: < 2.0, "
        "2.00-2.99, 3.00-3.99, 4.00-5.29, >= 5.30 mmHg",
        "http://scholars.uab.edu/display/pub192426, abstract",
        "parameter: error of one recorded SBP, 3.5 / sqrt(ln 2) = 4.2 mmHg (the middle "
        "quintile's middle as the median SD of three normal readings), added to the SBP "
        "predictor of P-R2, P-R2w and P-TC",
    ),
    (
        "Wedig et al. 2024, Eur J Appl Physiol 124:1281",
        "n = 143, 18 cm thigh sphygmomanometer, seated, posterior tibial Doppler: equation on "
        "thigh circumference, brachial SBP and age, R2 = 0.54, RMSE = 7.18 mmHg",
        "http://www.ncbi.nlm.nih.gov/pubmed/38001245, abstract 'Results'",
        "check of P-R2w's cause: the model's 18 cm residual SD (9.5 mmHg) is above this RMSE "
        "(not a target: its sample's spreads were not read)",
    ),
    (
        "Minguez-Esteban et al. 2024, J Clin Med 13:7851 (sciatic nerve depth, 50 adults)",
        "ultrasound depth of the sciatic nerve under the gluteal fold: proximal thigh "
        "circumference explains 44.5 % of its variance (49.7 % with sex)",
        "https://ouci.dntb.gov.ua/en/works/4M1rrMPj, abstract 'Results'",
        "check of P-R2w's cause (an analogue): the cohort's circumference explains 19 % of "
        "the femoral artery's depth",
    ),
    (
        "Femoral vessels by ultrasound in 114 renal failure patients (Nephrol Dial Transplant, "
        "Istanbul)",
        "depth of the femoral artery below the inguinal ligament correlates with BMI, r = 0.54; "
        "20.7 (6.5) mm with BMI > 25 against 14.6 (5.1) mm with normal weight",
        "https://dmice.ohsu.edu/trec-gen/data/2006/documents/nephrodiatransp.zip, abstract",
        "check of P-R2w's cause: a what-if cohort whose circumference explains 0.54^2 = 29 % of "
        "the artery's depth still explains most under the widest cuff (BMI read as thigh size, "
        "the groin as the cuff's level, patients as healthy people: interpretations)",
    ),
    (
        "Reassessing the normal toe-brachial index in young healthy adults, J Vasc Surg 2016; "
        "63:652",
        "73 medical students aged 24.3 (2.0): brachial SBP 116 (10) mmHg left, 120 (11) mmHg "
        "right; ankle-brachial index 1.10 (0.07)",
        "https://pubmed.ncbi.nlm.nih.gov/26916582/, abstract 'Results'",
        "check of P-R2w's cause: a young adult SBP SD (10.5 mmHg) and the ankle's spread about "
        "the brachial pressure (8.4 mmHg at 120 mmHg, an upper bound for the thigh) leave the "
        "order unchanged; the cohort keeps MONICA's 13 mmHg",
    ),
    (
        "Loenneke et al. 2015, Eur J Appl Physiol 115:397 (10.1007/s00421-014-3030-7)",
        "171 people, supine, thigh AOP (Doppler): thigh circumference and SBP explain 49 % of "
        "its variance; part correlations 0.570 (circumference) and 0.231 (SBP)",
        "https://searchworks.jioinstitute.edu.in/articles/asx__100352475, abstract 'Results'",
        "context for P-TC and P-R2w: circumference alone explains 0.570^2 = 32 % of thigh AOP "
        "variance, SBP 5 %, in a second, larger sample, against the model's 3-7 % and 11-14 % "
        "(not a target: the thigh cuff's width is not in the abstract)",
    ),
    (
        "Brown et al. 2018, Eur J Sport Sci (10.1080/17461391.2017.1421712)",
        "20 athletes, lower-limb AOP (Doppler), 13 and 18 cm cuffs: sex and SBP explain 61 "
        "and 63 % of the variance, with anthropometry 78 and 79 %, with DXA 79 and 87 %",
        "github.com/Artinis-Medical-Systems-B-V/publication-site, "
        "content/publication/brown-factors-2018/index.md (abstract copy)",
        "context for P-R2w: a second study that found no fall of the explained share with "
        "width (not a target: 20 people, other predictors)",
    ),
    (
        "WHO MONICA data book, Table 6.1.2 (Australia-Newcastle)",
        "SBP SD of men 25-34 years: 12.6, 13.9, 12.6 mmHg (three surveys)",
        "http://www.ktl.fi/publications/monica/surveydb/bp/table612.htm",
        "parameter: cohort SBP SD 13.0 mmHg (was an assumed 12)",
    ),
    (
        "Phys Med Biol 1977;22(6):1146 (external pressure on the calf, 11 people)",
        "effective calf venous compliance 1.1 (0.3) %/kPa, outflow resistance 3.8 (1.3) "
        "s kPa/%, flow into the veins from the microcirculation 0.054 (0.020) %/s",
        "https://pubmed.ncbi.nlm.nih.gov/594144, abstract",
        "check of F1b's cause: with this inflow (3.2 ml/min/100 ml, the model uses 3.0) and "
        "this compliance (0.15 ml/100 ml/mmHg, above the model's 0.078 at rest) the veins "
        "would fill no faster than in the model",
    ),
    (
        "Burggraaf et al. 2000, Br J Clin Pharmacol 50:621 (forearm venous occlusion, 8 people)",
        "forearm volume after 12 min of venous occlusion 0.5 (95 % CI 0.3-0.7) % higher than "
        "after 3 min: equilibrium is not reached in 3 min",
        "https://acnpsearch.tweb-dev.unibo.it/singlejournalindex/78625085, abstract 'Results', "
        "'Conclusions'",
        "check of F1b's cause: limb volume under a cuff keeps changing for minutes, so when a "
        "flow is read after inflation matters (occlusion pressure not in the abstract: no number "
        "taken)",
    ),
    (
        "Junejo, Ray & Marshall 2019, Eur J Appl Physiol (s00421-018-04056-8)",
        "arterial inflow gradually falls after venous occlusion as the veins fill, which is why "
        "plethysmographic flow is read over the first few cardiac cycles (their introduction, "
        "citing Greenfield 1963); forearm flow after contraction 54.6, 40.5 and 32.6 ml/dl/min "
        "over the 1st, 2nd and 3rd cardiac cycle after a rapid inflation",
        "https://link.springer.com/doi/10.1007/s00421-018-04056-8, 'Introduction'; "
        "https://www.springermedizin.de/de/cuff-inflation-time-significantly-affects-blood-flow"
        "-recorded-wi/16384714, abstract 'Result'",
        "check of F1b's cause: inflow under a cuff depends on when after inflation it is read; "
        "not a target (the numbers are after contraction, not at rest)",
    ),
    (
        "Vascular occlusion test: probe spacing and measurement site, healthy volunteers "
        "(doi 10.1186/cc8002)",
        "InSpectra StO2, 3-minute occlusions, n = 8: downslope -6.4 (1.7) forearm 15 mm, "
        "-10.0 (3.2) forearm 25 mm, -12.5 (3.0) thenar 15 mm, -36.7 (4.6) %/min thenar 25 mm",
        "http://dx.crossref.org/10.1186%2Fcc8002, abstract 'Results'",
        "calibration VOT1 (forearm, 25 mm: the deeper probe, reading more muscle): the "
        "tissue's oxygen store",
    ),
    (
        "Gomez H, Torres A, Polanco P, et al., vascular occlusion test with NIRS",
        "thenar StO2, InSpectra, 15 normal volunteers: linear fall -0.18 (0.04) %/s after a "
        "3-28 s latency",
        "https://utsouthwestern.elsevierpure.com/en/publications/use-of-non-invasive-nirs-"
        "during-a-vascular-occlusion-test-to-asse, abstract 'Results'",
        "check of VOT1's calibration, not a target: the model has one tissue per limb, so its "
        "thenar value would be its forearm value (-10.0 %/min); another study and site agree "
        "with the calibration within one SD",
    ),
    (
        "Imms, Lee & Ludlow 1988, Q J Exp Physiol (forearm reactive hyperaemia)",
        "after 5 min of occlusion the high initial flows fell exponentially, half-life 14-45 s; "
        "after 10-15 min a plateau, then a second, slower exponential (50-560 s) the authors "
        "relate to tissue warming; peak flows not in the abstract",
        "https://tmu.pure.elsevier.com/en/publications/reactive-hyperaemia-in-the-human-forearm, "
        "abstract",
        "validation R-decay (the dilation's time course, out of sample since the femoral study "
        "below calibrates it)",
    ),
    (
        "Ultrasonographically monitored postocclusive reactive hyperemia in the diagnosis of "
        "peripheral arterial occlusive disease (femoral Doppler; authors and year not on the page)",
        "femoral artery, transcutaneous Doppler, 25 volunteers: mean percentage (velocity) "
        "increase 225.8 %, mean recovery half time 25.2 s; 22 patients with occlusive disease "
        "55.9 % and 47.1 s",
        "https://scilit.net/publications/d4418f2c3c44cd1105252ac346d40932, abstract",
        "calibration R-peak and R-half: the ischaemic dilation's gain (2.59 per unit saturation "
        "deficit, was 6) and the dilation's time constant (9.3 s, was 20); read as peak = 3.258 x "
        "resting after a 5-minute occlusion (the equation and the occlusion's length were not in "
        "the abstract)",
    ),
    (
        "Effect of local warming on forearm reactive hyperaemia, Clin Physiol 1986;6(4):337",
        "peak forearm blood flow after 10 min of ischaemia, plethysmography, 6 healthy people: "
        "50.2 ml/100 ml/min at 33 degrees C, 79.6 with local warming to 42 degrees C (resting "
        "flow not in the abstract)",
        "https://www.ncbi.nlm.nih.gov/pubmed/3527533, abstract",
        "not used, and a caution: on its chosen resting flow (3 ml/min/100 ml) the model peaks "
        "at 10.8 ml/100 ml/min after 10 minutes (3.59 x resting), a fifth of this forearm "
        "value; the calibrated gain follows the leg's conduit-artery Doppler (R-peak), and "
        "forearm plethysmography may see a larger peak than femoral velocity shows",
    ),
    (
        "Schmitter, King & Pyke 2015, FASEB J 29(1 suppl):LB592",
        "superficial femoral artery, 19 people aged 24 (2), 5-minute occlusion with the cuff "
        "above the knee, seated: flow-mediated dilation 5.2 (2.6) % at the peak 3-s diameter",
        "https://zendy.io/title/10.1096/fasebj.29.1_supplement.lb592, abstract",
        "check of R-peak's reading: the femoral diameter rises by about 5 % after release, so "
        "the velocity's multiple stands for the flow's within about 10 %",
    ),
    (
        "Model of canine muscle O2 transport fitted to Sun et al. 2016 (Med Sci Sports Exerc "
        "48:2013) venous and NIRS data",
        "myoglobin's share of the NIRS signal 20-30 % with adequate O2 delivery and up to 50 % "
        "with reduced delivery (a model estimate, not a measurement)",
        "https://www.biocloudy.com/literatureDetail/ODQ4ODkzMg==, abstract",
        "not used: an estimate from a model of another species' muscle; it would lower the "
        "model's reported desaturation (D12) and is named there as open",
    ),
)

#: Why each target that fails does, in words (rendered under "What fails, and why").
FAILURE_EXPLANATIONS: dict[str, str] = {
    "P-R2w": "The model explains most with the widest cuff (70 % at 18 cm against 60 % at 11 cm), "
    "Wedig 2025 most with the narrowest. Under a wide cuff the transmitted fraction is "
    "close to 1 whatever the artery's depth, so the model's AOP varies mostly with SBP, "
    "which the predictors see even through a reading's error (the recorded SBP carries "
    "NHANES III's within-visit spread, 4.2 mmHg, which brought the 18 cm share from 75.5 % "
    "into the published range, P-R2). What the model lacks at 18 cm is not unexplained "
    "variance: its residual SD on circumference, SBP and age, 9.5 mmHg, is already above "
    "the 7.18 mmHg RMSE Wedig 2024 found for an 18 cm cuff (n = 143, R2 0.54; tested). It "
    "has too much explained variance: its seated 18 cm SD is 17.1 mmHg against about 10.6 "
    "implied by that RMSE and R2 (7.18 / sqrt(1 - 0.54)), and the cohort's SBP SD (13 mmHg, "
    "MONICA men 25-34) alone nearly fills it. Split by source (physiology notes), the "
    "unseen anatomy that makes the 5 cm spread as large as measured (the artery's place, "
    "calibrated on P-5cm) fades with width; no published-size measurement error reverses "
    "the order without pushing the 11 cm share below 55 %, nor does a 9 cm circumference SD "
    "(both tested). Circumference's unique share is 7/6/3 % in the model against the "
    "published 36/26/11 % (and 32 % in Loenneke 2015's 171 supine thighs, cuff width not "
    "read): under narrow cuffs, thigh size would have to shape transmission more than the "
    "model's depth rule lets it. In the cohort circumference explains 19 % of "
    "the artery's depth, while proximal thigh circumference explains 44.5 % of a deep thigh "
    "nerve's depth (Minguez-Esteban 2024, an analogue) and BMI 29 % of the femoral artery's "
    "depth at the groin (r = 0.54, 114 renal failure patients). A what-if cohort with the "
    "place tied to thigh size (correlation 0.8), a 9 mmHg SBP SD and the thigh's systolic "
    "pressure spreading 6 mmHg about the brachial one reproduces the published pattern "
    "(tested; physiology notes), but the numbers that were found fall short of it: tying "
    "the place to thigh size until circumference explains 29 % of the depth gives 63/66/71 "
    "% at 11/13/18 cm; the SBP SD of 73 young medical students (10.5 mmHg) gives 44/48/57 "
    "%, below P-R2's range; the ankle's spread about the brachial pressure in those "
    "students (index SD 0.07, 8.4 mmHg, an upper bound for the thigh) gives 54/55/56 %; the "
    "order never reverses (all tested). Fitting the cohort to this target would leave it "
    "without validation. The published direction is one study's: in 20 athletes (Brown "
    "2018) sex, SBP and anthropometry explained 78 % of thigh AOP variance with a 13 cm and "
    "79 % with an 18 cm cuff; which study to follow was decided by sampling the model's "
    "cohort (tested): in 1000 studies of Wedig's 116 people the 11 cm share minus the 18 cm "
    "share is -0.10 (SD 0.04) and positive in under 2 % of them, so the model disagrees "
    "with Wedig beyond what the study's size explains; in studies of Brown's 20 people, 13 "
    "cm minus 18 cm is -0.05 (SD 0.10) with Wedig's predictors, so Brown's -0.01 is within "
    "the noise of either direction and cannot settle it. The predictors themselves act "
    "across widths as Wedig's mixed models found (P-TCxW passes): the model's AOP slope on "
    "thigh circumference falls from 1.23 to 0.57 mmHg/cm between 11 and 18 cm, a width x TC "
    "interaction significant in 86 % of simulated studies of 116, while its slope on SBP "
    "changes little (0.95 to 0.80, significant in 21 %); what separates the model from "
    "Wedig is how much variance no predictor sees under a narrow cuff, not how the "
    "predictors act. Reading AOP in steps does not change the order: to the nearest 10 mmHg "
    "(a published thigh protocol's step) the shares are 59/62/69 %, to the nearest 20 mmHg "
    "56/59/63 % (tested). The study's own descriptive statistics (SDs of AOP, circumference "
    "and SBP, its sex split, its reading step) would let the comparison use the cohort it "
    "had, but "
    "they are in its full text, which could not be read: the stored copies (publisher page "
    "and a mirror of PMC12549662) end within the abstract. The rule is kept as the larger "
    "study, with the model's predictors and widths, states it, and P-R2w is reported as "
    "failing.",
}

#: Passes that rest on a reading close to the rule's edge: what they rest on, in words.
NARROW_PASSES: dict[str, str] = {
    "E-tau": "Forearm conductance rises at handgrip onset in 7.5, 8.8 and 9.1 duty cycles at 10, "
    "20 and 30 % of maximum, against 6, 9 and 11 in the young adults of Casey, Ranadive & "
    "Joyner 2015 (each within one SD, 3.2, with at least 1.2 cycles to spare). Not narrow in "
    "numbers but in how it came about. With one dilation and one time constant the model's "
    "onset shortened with load where the forearm's lengthens (6.5, 5.8, 5.4 with the arm's "
    "own gain; 15.6, 13.3, 11.0 with the leg's). The study that measured the forearm's fast "
    "and slow phases (Saunders, Pyke & Tschakovsky 2005) could not be read beyond its "
    "introduction, so what was read elsewhere was tried against this target: a fast "
    "(rapid-onset) dilation sized on single contractions (+89 % at 20 %), growing as force "
    "to the power 0.546 (98, 144, 209 ml/min/100 mmHg at 10, 20, 40 %) and decaying with "
    "2.27 s (a single contraction's hyperaemia lasting 6.8 s, read as three time "
    "constants); a slow exercise dilation with femoral flow's phase-2 time constant (24.5 "
    "s) and an oxygen demand rising with uptake's (29 s), both from heavy knee extension. "
    "Each part alone fails (tested, each with the arm's gain re-fitted to E-VO2a): without "
    "the fast dilation 15.2, 13.8, 13.0; with it growing in proportion to force 11.6, 9.9, "
    "8.9; with the ischaemic dilation's 9.3 s for the slow one 3.9, 5.1, 5.5; with a "
    "stepping demand 5.4, 6.0, 6.2. No parameter was fitted to Casey's numbers, but the "
    "make-up was chosen with them in view, so E-tau validates less than an untried target "
    "would. What turns the trend is the fast dilation growing less than in proportion to "
    "force: it carries a smaller share of the rise at heavier loads, where the slow dilation "
    "and the demand take more. The leg's kinetics are read as the forearm's at light loads, "
    "and the contraction of the size study is assumed to last 1 s.",
    "E-ss": "Steady forearm conductance at 25 % of maximum is 1.261 times that at 15 % in the "
    "model; the young adults of the graded handgrip study (J Physiol 2014, n = 11) had 1.46, "
    "with a standard error of 0.24 taken from the two group errors as if independent, so "
    "the model is 0.045 inside the rule's lower edge (1.216). It had failed at 1.215, "
    "0.0003 below that edge, while the arm used the leg's exercise gain and one dilation. "
    "What moved it is the arm's own gain, calibrated on a different study's forearm flow per "
    "oxygen (E-VO2a: 7.43 ml per ml from 1 to 3 W, Nyberg 2018), and the fast dilation of "
    "single contractions; nothing was tuned to E-ss, but the pass rests on reading 1 and 3 W "
    "as 10 and 30 % of maximum (the study's maximal work rate was not read). Conductance "
    "still grows less than in proportion to load: the fast dilation grows as force to the "
    "power 0.546, the intramuscular pressure of each contraction (2 mmHg per % of 1RM, a "
    "modelling choice) takes more of the inflow at heavier loads, and a larger slow gain "
    "raises both loads (2, 10 and 20 give 1.23, 1.30 and 1.31; tested), so no gain reaches "
    "1.46. The duty cycle of the graded study (1 s in every 3 s) is assumed.",
    "C4": "Inflow in sets at 80 % LOP is 0.807 of that at 40 % LOP (rule >= 0.8); it had "
    "failed at 0.74 with our own exercise gain, and passed at 0.801 before the leg's "
    "exercise dilation and oxygen demand took their phase-2 time constants (24.5 and 29 s, "
    "see E-tau). What moved it is the exercise dilation's gain, calibrated on the "
    "steady-state rise of leg flow per rise of oxygen uptake in knee extension, 4.9 (E-VO2: "
    "gain 0.96 per unit load; the unsourced 10 before). With a small exercise dilation the "
    "inflow at 40 % LOP falls more (145 % of resting in sets) than at 80 % LOP (117 %), "
    "where the saturation deficit keeps the ischaemic dilation up. Nothing was tuned to C4, "
    "but the pass is narrow and rests on a reading: the 4.9 relates leg flow to pulmonary "
    "uptake, and in one-legged knee extension the leg's own uptake made up 70-100 % of the "
    "pulmonary rise (Acta Physiol Scand 1994, eight men), so the leg's ratio lies between "
    "4.9 and 7.0; at 7.0 the gain is 5.0 and C4 0.78 (tested). C4 passes only at the end of "
    "that range the calibration takes; gains of 2, 5 and 10 give 0.80 (0.797), 0.78 and "
    "0.75. The earlier leads are kept in the physiology notes: a larger ischaemic gain (7.5) "
    "would pass but contradicts the measured femoral hyperaemia; the compensatory dilation "
    "Casey & Joyner measured restores the exercise conductance, not more; without the "
    "cycling pressor rise the ratio falls (0.46 with the old gain).",
}

#: Targets whose pass rule was changed from an earlier form that asserted more than any source
#: states: the old rule, what the model gave under it, and why the rule is now what it is.
RESTATED: dict[str, str] = {
    "F1b": "The earlier rule asked for Tafuna'i's straight line (r2 >= 0.9, falling at every "
    "step) in inflow read 60 s after inflation. Neither half of that is published: the 60 s is "
    "this project's assumed reading time, and the same laboratory's other femoral study (Crossley "
    "2020) found the resting flow-pressure relation nonlinear. The rule now asks for what both "
    "report, a fall below resting that deepens with pressure; the model's first-minute curve "
    "still fails the old rule. Why, traced in the model: at 40 and 50 % LOP the veins have "
    "filled by 60 s (venous pressure 52 and 62 mmHg, against 53 and 64 mmHg at 300 s); at 70, 80 "
    "and 90 % they are still filling (50, 42 and 33 mmHg at 60 s against 86, 97 and 102 mmHg at "
    "300 s), so the artery, open for part of each beat, drives against a low venous pressure and "
    "inflow at 60 s rises from 44-46 % (50-60 % LOP) to 48-49 % (70-80 %). The filling rate rests "
    "on sourced parts (the calf pressure-volume curve, resting inflow; Phys Med Biol 1977's larger "
    "compliance would fill the veins more slowly still), and plethysmography agrees that limb "
    "volume keeps changing for minutes under a cuff (Burggraaf 2000) and that inflow falls as the "
    "veins fill (Junejo 2019). The tissue's oxygen store, which sets how fast saturation falls "
    "and so how fast ischaemic dilation builds, is calibrated to a measured resting desaturation "
    "rate (VOT1), and the dilation itself to a measured femoral reactive hyperaemia (R-peak, "
    "R-half: peak 3.26 times resting, half time 25.2 s; gain 2.59 per unit saturation deficit "
    "and time constant 9.3 s, where our choice had been 6 and 20 s); its time course passes the "
    "forearm check out of sample (R-decay). By 300 s the dilation multiplies arterial "
    "conductance by 1.8 at 60 % and 2.4 at 80 % LOP (2.4 and 3.7 with the old gain), so F1's "
    "settled fall is now steeper and straighter (r2 0.99 against 0.95; 20 % of resting at 80 % "
    "LOP against 30 %). Still open: when the duplex studies read their flows.",
    "D12": "The earlier rule assumed a 13.5 cm cuff and the default 30-15-15-15 schedule with 30 "
    "s rests (model 19.7 points); neither is the study's. The model now runs the study's schedule "
    "as far as its abstract gives it: three sets of knee extension on a dynamometer at 50 % 1RM "
    "with 90 s rests under 100 mmHg (one leg modelled), the control doing the same repetitions "
    "without the cuff. The cuff's width and the repetitions reached at fatigue were not read, so "
    "the rule asks whether the published 7.5-11.2 points lie within what the model gives across "
    "those unknowns (5-18 cm, 10-30 repetitions). That can still fail (a model desaturating by 25 "
    "points under every cuff would) but it validates no single value: with the exercise dilation "
    "calibrated (E-VO2) an 8 cm cuff meets it (7.2-8.0 points), a 5 cm cuff desaturates too little "
    "(1.1-3.8) and a 13.5 cm cuff gives 12.7-16.7 points (16-22 with the earlier gain of 10), so "
    "the study's width would decide. Two sourced "
    "changes bear on it. The tissue's oxygen store is now calibrated to the measured fall of StO2 "
    "under a full occlusion at rest (VOT1: the model fell at 18 %/min, twice the forearm's 10.0 "
    "%/min; another study's thenar value, 10.8 %/min, agrees with the calibration); that slows "
    "desaturation but not the level it settles at under a partial restriction, which is what the "
    "90 s rests approach, so it lowered the 13.5 cm values by 1 to 4 points. The device: "
    "time-resolved NIRS reports HbO2 / (HbO2 + HbR) over the whole lit volume, while the model's "
    "25/75 arterial/venous weighting is a cerebral oximeter's (INVOS, Bickler 2013). Venous blood "
    "pooled under the cuff adds desaturated haemoglobin to that volume (the study's HbR rose from "
    "35.0 to 57.8 uM), so weighting by volume would deepen the model's desaturation, not lessen "
    "it; myoglobin, which NIRS cannot tell from haemoglobin and which stays saturated at these "
    "oxygen pressures, would lessen it, but its share of the muscle signal was found only as a "
    "model estimate (see the sources table) and is not used. The oxygen demand of exercise (the "
    "sixfold leg VO2 rise at 30 % of maximal force) is unchanged.",
}
