"""The pre-participation screening questionnaire, as data.

Each question says what it asks, how it is answered and, for yes/no questions, what a "yes" means
for the decision and why, in words a person understands. The risk factors come from the published
BFR risk stratification of Nascimento et al. 2022 (its Table 1 of conditions, Table 3 of
deep-vein-thrombosis risk points and Table 5 of cardiovascular risk factors) and from the
rhabdomyolysis case reports; what a "yes" leads to (caution, refer or exclude) is this project's
policy unless a source is named for it. :mod:`occlusion.science.screening.decision` evaluates
the answers.

References
----------
.. [1] Nascimento DDC, Rolnick N, Neto IVS, Severin R, Beal FLR. A useful blood flow restriction
   training risk stratification for exercise and rehabilitation. Front Physiol. 2022;13:808622.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from occlusion import evidence
from occlusion.evidence import Reference
from occlusion.vocabulary import Decision

#: Decisions from least to most severe.
QuestionKind = Literal["yes-no", "number", "choice"]

NASCIMENTO_2022 = evidence.register(
    Reference(
        key="nascimento_2022_bfr_risk_stratification",
        citation=(
            "Nascimento DDC, Rolnick N, Neto IVS, Severin R, Beal FLR. A useful blood flow "
            "restriction training risk stratification for exercise and rehabilitation. Front "
            "Physiol. 2022;13:808622."
        ),
        status="verified",
        doi="10.3389/fphys.2022.808622",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC8963452/",
        note=(
            "Table 1: hypertension, post-COVID-19, pregnancy/post-partum (and oestrogen "
            "contraceptives), diabetes, rheumatoid arthritis and chronic kidney disease raise DVT "
            "concern. Table 3 DVT risk points: previous VTE 3, known thrombophilia 2, current "
            "lower-leg paralysis or paresis 2, cancer in the last 5 years 2, ICU/CCU stay 1, "
            "complete immobilisation for at least 1 day 1, age 60 or over 1. Table 5: "
            "cardiovascular risk factors incl. acute systemic illness, peripheral artery disease, "
            "postural hypotension and blood pressure of 180/110 mmHg or more. How the score is "
            "cut into tiers was not read; the tiers used here are policy."
        ),
    )
)
RHABDOMYOLYSIS_CASES = evidence.register(
    Reference(
        key="bfr_rhabdomyolysis_case_reports",
        citation=(
            "Tabata S, et al. Rhabdomyolysis after performing blood flow restriction training: a "
            "case report. J Strength Cond Res. 2016;30(7):2064-2068; Clark BC, Manini TM. Can "
            "KAATSU exercise cause rhabdomyolysis? Clin J Sport Med. 2017;27(1):e1-e2."
        ),
        status="verified",
        url="https://www.ncbi.nlm.nih.gov/pubmed/26882107",
        note=(
            "A 30-year-old man after his first BFR session (CK 56,475 U/L) and a 20-year-old man "
            "after 6 sets (peak CK 36,000 IU/L), both hospitalised (read for the project's "
            "evidence notes)."
        ),
    )
)
KAATSU_AGE_GUIDANCE = evidence.register(
    Reference(
        key="kaatsu_global_minimum_age",
        citation="KAATSU Global. User manual and Specialist guidance on age (manufacturer).",
        status="verified-secondary",
        url="https://www.kaatsublog.com/search/label/KAATSU%20Specialist",
        note="'If you are under the age of 14, we recommend you do not use KAATSU.'",
    )
)
SCREENING_POLICY_REFERENCE = evidence.register(
    Reference(
        key="occlusion_policy_screening",
        citation=(
            "Occlusion project policy: what each screening answer leads to (caution, refer, "
            "exclude), the blood-pressure, age, surgery and DVT-score cut-offs."
        ),
        status="policy",
        note=(
            "Chosen by this project as conservative defaults and configurable; they are not BFR "
            "evidence. No peer-reviewed BFR-specific blood-pressure cut-off was found."
        ),
    )
)


@dataclass(frozen=True, slots=True)
class Question:
    """One screening question.

    Parameters
    ----------
    id
        Stable key used in answer files (``previous_vte``).
    text
        The question as a person reads it.
    kind
        ``yes-no``, ``number`` or ``choice``.
    unit
        Unit of a number answer (``years``, ``mmHg``, ``days``).
    help
        Extra explanation shown under the question.
    choices
        Allowed answers of a choice question.
    choice_words
        Each choice with the words a person reads for it (``postpartum`` → "I gave birth in
        the last 6 weeks").
    required
        Whether the question must be answered; an optional number may be left out.
    minimum, maximum
        Plausible range of a number answer; values outside are refused as typing mistakes.
    if_yes
        For yes/no questions: the decision a "yes" leads to, or ``None`` when a "yes" only adds
        points to the DVT risk score.
    reason
        What a "yes" (or a flagged choice) means, in plain words.
    dvt_points
        Points a "yes" adds to the DVT risk score (Nascimento 2022, Table 3).
    choice_decisions
        For choice questions: the decision for each flagged choice.
    reference_keys
        Citation keys behind the question and its outcome.
    """

    id: str
    text: str
    kind: QuestionKind
    unit: str = ""
    help: str = ""
    choices: tuple[str, ...] = ()
    choice_words: tuple[tuple[str, str], ...] = ()
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    if_yes: Decision | None = None
    reason: str = ""
    dvt_points: int = 0
    choice_decisions: tuple[tuple[str, Decision], ...] = ()
    reference_keys: tuple[str, ...] = ()

    def words_for(self, choice: str) -> str:
        """Return the words of ``choice`` (the choice itself when it has none)."""
        return dict(self.choice_words).get(choice, choice)

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready mapping."""
        return {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "unit": self.unit or None,
            "help": self.help or None,
            "choices": list(self.choices) or None,
            "choice_words": dict(self.choice_words) or None,
            "required": self.required,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "if_yes": self.if_yes,
            "dvt_points": self.dvt_points or None,
            "references": list(self.reference_keys),
        }


_N = NASCIMENTO_2022.key
_P = SCREENING_POLICY_REFERENCE.key


def _yes_no(
    question_id: str,
    text: str,
    if_yes: Decision | None,
    reason: str,
    *references: str,
    help: str = "",
    dvt_points: int = 0,
) -> Question:
    return Question(
        id=question_id,
        text=text,
        kind="yes-no",
        help=help,
        if_yes=if_yes,
        reason=reason,
        dvt_points=dvt_points,
        reference_keys=references,
    )


QUESTIONNAIRE: tuple[Question, ...] = (
    Question(
        id="age_years",
        text="How old are you?",
        kind="number",
        unit="years",
        minimum=5.0,
        maximum=110.0,
        reference_keys=(_N, KAATSU_AGE_GUIDANCE.key, _P),
        help="Age 60 or over adds a point to the clot-risk score.",
    ),
    Question(
        id="resting_sbp_mmhg",
        text="Resting blood pressure, upper (systolic) number",
        kind="number",
        unit="mmHg",
        required=False,
        minimum=70.0,
        maximum=250.0,
        help="Seated, after 5 minutes of rest. Leave empty if you have not measured it.",
        reference_keys=(_N, _P),
    ),
    Question(
        id="resting_dbp_mmhg",
        text="Resting blood pressure, lower (diastolic) number",
        kind="number",
        unit="mmHg",
        required=False,
        minimum=30.0,
        maximum=150.0,
        help="Leave empty if you have not measured it.",
        reference_keys=(_N, _P),
    ),
    Question(
        id="days_since_surgery",
        text="If you had an operation in the last 12 weeks, how many days ago was it?",
        kind="number",
        unit="days",
        required=False,
        minimum=0.0,
        maximum=365.0,
        help="Leave empty if you have had no operation in the last 12 weeks.",
        reference_keys=(_N, _P),
    ),
    _yes_no(
        "current_clot_signs",
        "Right now, does one calf, thigh or arm have unexplained swelling, pain, warmth or "
        "redness?",
        Decision.EXCLUDE,
        "These can be signs of a blood clot. Do not restrict blood flow; see a doctor today.",
        _N,
        _P,
    ),
    _yes_no(
        "previous_vte",
        "Have you ever had a blood clot in a vein (DVT) or in the lungs (pulmonary embolism)?",
        Decision.REFER,
        "A previous clot is the strongest clot-risk factor (3 points).",
        _N,
        dvt_points=3,
    ),
    _yes_no(
        "thrombophilia",
        "Have you been told you have a condition that makes your blood clot too easily?",
        Decision.REFER,
        "A known clotting disorder raises the risk of a clot (2 points).",
        _N,
        help="For example factor V Leiden, lupus anticoagulant, protein C or S deficiency.",
        dvt_points=2,
    ),
    _yes_no(
        "anticoagulants_or_bleeding_disorder",
        "Do you take blood-thinning medicine, or have a bleeding disorder?",
        Decision.REFER,
        "Blood that clots abnormally (or is being thinned) needs a clinician's view before a cuff.",
        _N,
        help="For example warfarin, apixaban, rivaroxaban, dabigatran, heparin; haemophilia.",
    ),
    _yes_no(
        "leg_paralysis",
        "Do you have paralysis or marked weakness of a leg (after a stroke or spinal injury)?",
        None,
        "Current leg paralysis or paresis (2 clot-risk points).",
        _N,
        dvt_points=2,
    ),
    _yes_no(
        "cancer_last_5_years",
        "Have you had cancer in the last 5 years (not counting non-melanoma skin cancer)?",
        None,
        "Cancer in the last 5 years (2 clot-risk points).",
        _N,
        dvt_points=2,
    ),
    _yes_no(
        "intensive_care_stay",
        "Are you in, or just out of, an intensive or cardiac care unit (ICU/CCU)?",
        None,
        "A stay in intensive or cardiac care (1 clot-risk point).",
        _N,
        dvt_points=1,
    ),
    _yes_no(
        "immobilised",
        "Have you recently been confined to a bed or chair for a day or more, or is a limb in a "
        "cast?",
        None,
        "Recent complete immobilisation for a day or more (1 clot-risk point).",
        _N,
        dvt_points=1,
    ),
    _yes_no(
        "acute_illness",
        "Are you ill today with a fever or an infection?",
        Decision.EXCLUDE,
        "Acute illness or fever: no restriction training until you have recovered.",
        _N,
        _P,
    ),
    _yes_no(
        "covid_19",
        "Do you have COVID-19 now, or are you still recovering from it?",
        Decision.REFER,
        "COVID-19 can make blood clot more easily, in veins and arteries.",
        _N,
    ),
    _yes_no(
        "heart_disease",
        "Do you have a heart condition?",
        Decision.REFER,
        "Heart disease needs a clinician's clearance: restriction raises blood pressure and "
        "heart work.",
        _N,
        help=(
            "For example a heart attack, angina, heart failure, an irregular heartbeat, a heart "
            "operation or stent, or heart valve disease."
        ),
    ),
    _yes_no(
        "chest_pain_or_fainting",
        "Do you get chest pain, fainting or severe breathlessness at rest or with light effort?",
        Decision.EXCLUDE,
        "Symptoms like these need a medical assessment before any hard or restricted exercise.",
        _N,
        _P,
    ),
    _yes_no(
        "dizzy_on_standing",
        "Do you often feel dizzy or light-headed when you stand up?",
        Decision.REFER,
        "Blood pressure that drops on standing is a listed cardiovascular risk factor.",
        _N,
    ),
    _yes_no(
        "peripheral_artery_disease",
        "Do you have narrowed leg arteries, an aneurysm, or calf pain when walking that rest "
        "eases?",
        Decision.REFER,
        "Diseased arteries in the limb must not be squeezed without a clinician's advice.",
        _N,
    ),
    _yes_no(
        "hypertension_diagnosed",
        "Has a doctor told you that you have high blood pressure?",
        Decision.CAUTION,
        "High blood pressure: BFR raises blood pressure more than the same light exercise "
        "without it; keep pressures at the low end and check your blood pressure.",
        _N,
    ),
    _yes_no(
        "diabetes",
        "Do you have diabetes (type 1 or type 2)?",
        Decision.CAUTION,
        "Diabetes damages vessel walls and raises clot risk; start gently.",
        _N,
    ),
    _yes_no(
        "kidney_disease",
        "Do you have chronic kidney disease, or a dialysis fistula or graft in an arm?",
        Decision.REFER,
        "Chronic kidney disease raises clot and cardiovascular risk; never put a cuff over a "
        "dialysis access.",
        _N,
        _P,
    ),
    _yes_no(
        "rheumatoid_arthritis",
        "Do you have rheumatoid arthritis?",
        Decision.CAUTION,
        "Rheumatoid arthritis raises the risk of clots.",
        _N,
    ),
    _yes_no(
        "anabolic_steroids",
        "Do you use anabolic steroids or other performance-enhancing drugs?",
        Decision.CAUTION,
        "Anabolic steroids and similar drugs raise clot risk.",
        _N,
    ),
    _yes_no(
        "oestrogen_medication",
        "Do you take medicine containing oestrogen (combined contraceptive pill, HRT)?",
        Decision.CAUTION,
        "Oestrogen-containing medicine makes blood clot more easily.",
        _N,
    ),
    Question(
        id="pregnancy",
        text="Are you pregnant, or did you give birth in the last 6 weeks?",
        kind="choice",
        choices=("no", "pregnant", "postpartum", "not-applicable"),
        choice_words=(
            ("no", "No"),
            ("pregnant", "I am pregnant"),
            ("postpartum", "I gave birth in the last 6 weeks"),
            ("not-applicable", "Does not apply to me"),
        ),
        choice_decisions=(("pregnant", Decision.REFER), ("postpartum", Decision.REFER)),
        reason="Pregnancy and the weeks after birth raise clot risk markedly.",
        reference_keys=(_N, _P),
    ),
    _yes_no(
        "rhabdomyolysis_history",
        "Have you ever had rhabdomyolysis (severe muscle breakdown, dark 'cola' urine)?",
        Decision.REFER,
        "Rhabdomyolysis has been reported after first BFR sessions; a previous episode needs a "
        "clinician's view.",
        RHABDOMYOLYSIS_CASES.key,
        _P,
    ),
    _yes_no(
        "varicose_veins",
        "Do you have varicose veins in the limb you want to train?",
        Decision.CAUTION,
        "Varicose veins are commonly listed as a clot-risk factor.",
        _P,
    ),
    _yes_no(
        "lymphoedema",
        "Do you have lymphoedema, or have you had lymph nodes removed from an armpit or groin?",
        Decision.REFER,
        "A cuff on a limb with lymphoedema or removed lymph nodes can worsen the swelling.",
        _P,
    ),
    _yes_no(
        "sickle_cell",
        "Do you have sickle cell disease?",
        Decision.EXCLUDE,
        "Stopping blood flow can trigger sickling; tourniquets are avoided in sickle cell disease.",
        _P,
    ),
    _yes_no(
        "skin_problem_at_cuff_site",
        "Is there an open wound, skin infection or recent skin graft where the cuff would go?",
        Decision.EXCLUDE,
        "A cuff or band must not go over broken, infected or grafted skin.",
        _P,
    ),
    _yes_no(
        "recent_fracture",
        "Have you broken a bone in that limb in the last 3 months?",
        Decision.REFER,
        "A recent fracture needs the treating clinician's agreement before restriction.",
        _P,
    ),
)

QUESTIONS_BY_ID: dict[str, Question] = {question.id: question for question in QUESTIONNAIRE}
