"""The web app renders codes with a next step on a page, never a command."""

from __future__ import annotations

import pytest

from occlusion.errors import InputError, NotEstimableError
from occlusion.web.words import alert_text, error_text, rpe_text


def test_a_known_code_points_to_a_page() -> None:
    error = InputError("Ana has no plan yet", code="session.no-plan", person="Ana")
    assert error_text(error) == "Ana has no plan yet: write one on the Plan page"


def test_refused_estimates_point_to_the_guided_measurement() -> None:
    error = NotEstimableError("no equation.", code="lop.not-estimable.arm")
    assert "Measurements page" in error_text(error)
    assert "occlusion" not in error_text(error)


def test_unknown_codes_keep_the_default_wording() -> None:
    assert error_text(InputError("bad value")) == "bad value"
    assert alert_text({"code": "lop-old", "days": 40}) == "LOP 40 days old"


def test_warnings_are_said_from_their_code_whether_live_or_stored() -> None:
    from occlusion.messages import Message
    from occlusion.web.words import warning_text

    live = Message("The LOP is estimated.", code="plan.lop-estimated", limb="thigh")
    expected = (
        "This pressure rests on an estimated LOP; your own LOP, with this cuff and in the posture "
        "you train in, is better: measure it with the guided steps on the Measurements page"
    )
    assert warning_text(live) == expected
    assert warning_text(live.as_dict()) == expected
    # A warning stored as text before it had a code: shown as it is, without command advice.
    assert warning_text("The LOP is estimated; run 'occlusion lop measure'") == (
        "The LOP is estimated"
    )


def test_a_bad_e_mail_address_is_said_in_words_without_quoting_it() -> None:
    empty = InputError("'' is not an e-mail address", code="account.bad-email", value="")
    typo = InputError("'ana' is not an e-mail address", code="account.bad-email", value="ana")
    assert error_text(empty) == "Type your e-mail address, like name@example.com."
    assert "'" not in error_text(typo) and "@" in error_text(typo)


def test_rpe_is_written_without_a_trailing_zero() -> None:
    assert rpe_text(7.0) == "7"
    assert rpe_text(7.5) == "7.5"
    assert rpe_text(8.25) == "8.2"
    assert rpe_text(None) == "—"


def test_limits_missing_from_a_refusal_are_the_limits_in_force() -> None:
    from occlusion.services import lockout
    from occlusion.sessions.validation import LOAD_RANGE_KG

    paused = error_text(InputError("refused", code="account.sign-in-refused"))
    assert f"After {lockout.MAX_FAILED_SIGN_INS} wrong passwords" in paused
    assert f"pauses for {lockout.LOCKOUT_S // 60} minutes" in paused
    load = error_text(InputError("load must be 0 to 1000 kg", code="set.load-out-of-range"))
    assert load == f"Load must be a number from 0 to {LOAD_RANGE_KG[1]:,g} kg."
    typed = error_text(
        InputError("x", code="set.load-out-of-range", low=0.0, high=2204.6, unit="lb")
    )
    assert typed == "Load must be a number from 0 to 2,204.6 lb."


def test_too_many_attempts_says_the_wait_in_minutes_not_seconds() -> None:
    from occlusion.errors import TooManyAttempts
    from occlusion.web.words import wait_words

    hour = TooManyAttempts("too many; wait 3552 s", retry_after_s=3552.4, code="too-many-attempts")
    assert error_text(hour) == (
        "Too many attempts from this network connection in a short time; try again in an hour."
    )
    # Rounded up: whoever waits as told finds sign-in open again.
    assert wait_words(61) == "2 minutes"
    assert wait_words(1) == "a minute"
    assert wait_words(None) == "a few minutes"


def test_an_estimate_outside_the_studied_ages_is_said_without_the_evidence_notes() -> None:
    from occlusion.messages import Message
    from occlusion.web.words import warning_text

    outside = Message(
        "age 36 years is outside the range studied for the thigh equation of X (2019) "
        "(18-33.71 years; age: adults (18 years, the abstract says 'adults') up to mean + 2 SD "
        "of the published sample (derived)); the estimate is an extrapolation.",
        code="lop.outside-studied-range",
        equation="the thigh equation of X (2019)",
        quantity="age",
        value=36.0,
        unit="years",
        low=18.0,
        high=33.71,
    )
    expected = (
        "The thigh equation of X (2019) was worked out in people aged 18 to 33 years; your age "
        "(36 years) is outside that, so the estimate reaches beyond its evidence and measuring "
        "LOP is better."
    )
    assert warning_text(outside) == expected
    # Whole years inside the studied 18-33.71: a 34-year-old is not told 34 is inside.
    just_over = Message("age 34", code=outside.code, **{**outside.fields, "value": 34.0})
    assert "aged 18 to 33 years; your age (34 years) is outside" in warning_text(just_over)
    assert warning_text(outside.as_dict()) == expected
    # A warning stored without its fields is shown as it was written.
    assert warning_text({"code": "lop.outside-studied-range", "text": "age is outside."}) == (
        "age is outside."
    )


@pytest.mark.parametrize(
    ("field", "detail", "words"),
    [
        ("cuff_width_cm", "Expected `float` >= 4.0", "Cuff width must be at least 4 cm."),
        ("sbp_mmhg", "Expected `float` <= 250.0",
         "Systolic blood pressure must be at most 250 mmHg."),
        ("pressure_mmhg", "Expected `float`, got `str`", "Pressure must be a number."),
        ("reps", "Expected `int` >= 1", "Reps must be at least 1."),
        ("limb", "Invalid enum value 'leg'", "Choose the limb from the list."),
    ],
)
def test_a_validators_complaint_is_said_with_the_fields_name_bound_and_unit(
    field: str, detail: str, words: str
) -> None:
    from occlusion.web.app import validation_words

    assert validation_words(field, detail) == words


def test_an_age_beyond_the_policy_margin_is_refused_in_whole_years_with_the_next_step() -> None:
    from occlusion.errors import NotEstimableError
    from occlusion.web.words import error_text

    # As a plan raises it for a limb: the science layer's text names the equation's identifier.
    refused = NotEstimableError(
        "thigh: rbme_2019_thigh_18cm covers ages 18-33.71 years as this project reads ...",
        code="lop.not-estimable.outside-studied-population",
        what="age", value=70.0, studied=[18.0, 33.71], accepted=[18.0, 38.71], limb="thigh",
    )  # fmt: skip
    assert error_text(refused) == (
        "Thigh: the equation comes from young adults (we take 18 to 33 years as the ages it "
        "covers). At 70 years an estimate would be a guess beyond our policy margin (18 to 38 "
        "years; a margin we chose, not a finding), so none is given: measure LOP with the guided "
        "steps on the Measurements page."
    )


def test_a_capped_pressure_from_an_estimate_says_the_share_and_that_the_cap_is_our_policy() -> None:
    from occlusion.science.prescription.estimated_lop import estimated_lop_share
    from occlusion.web.words import estimated_share_lines

    # 80 % of an estimated 200 mmHg (169-231): 160 mmHg would be 95 % of a 169 mmHg LOP.
    interval = (169.0, 231.0)
    capped = estimated_lop_share(lop_mmhg=200.0, interval_95_mmhg=interval, target_pct_lop=80)
    share, cap = estimated_share_lines(capped.as_dict())
    assert share == (
        "This pressure comes from an estimate. If your true LOP is anywhere from 169 to 231 mmHg, "
        "135 mmHg is 58–80 % of it."
    )
    assert cap.startswith("Lowered from 160 mmHg (80 % of the estimate) by our policy")
    assert "within 80 % of the lowest LOP the estimate allows" in cap
    uncapped = estimated_lop_share(lop_mmhg=200.0, interval_95_mmhg=interval, target_pct_lop=40)
    assert len(estimated_share_lines(uncapped.as_dict())) == 1


def test_a_study_of_a_manual_method_names_its_cuff_where_it_gives_one() -> None:
    from occlusion.science.lop import agreement_studies
    from occlusion.web.words import agreement_text

    said = [agreement_text(study.as_dict()) for study in agreement_studies("pulse-oximeter")]
    assert said[0].startswith("Pulse oximeter on the thigh (20 cm cuff) agreed")
    assert "Pulse oximeter on the thigh (12 cm cuff) did not agree" in said[-1]


def test_a_minor_refused_an_estimate_is_also_sent_to_the_screening() -> None:
    from occlusion.web.words import outside_population_text

    fields = {"value": 14.0, "studied": [18.0, 33.71], "accepted": [18.0, 38.71]}
    said = outside_population_text(fields)
    assert "At 14 years an estimate would be a guess" in said
    assert said.endswith(
        "so none is given: measure instead. Under 18, the screening first decides whether "
        "blood-flow-restriction training is for you at all, and with whom: see the Screening page."
    )
    assert "Screening" not in outside_population_text({**fields, "value": 70.0})


def test_an_equations_published_error_is_said_in_words_not_as_statistics() -> None:
    from occlusion.science.lop import estimate
    from occlusion.vocabulary import Limb, Sex
    from occlusion.web.words import warning_text

    found = estimate(
        limb=Limb.THIGH, cuff_width_cm=18.0, circumference_cm=56.0, sbp_mmhg=118.0,
        age_years=30.0, sex=Sex.FEMALE,
    )
    (said,) = [warning_text(w) for w in found.warnings if w.code == "lop.population-and-error"]
    assert said == (
        "Worked out in 51 adults (32 men, 19 women), age 23.23 ± 5.24 years; not checked in "
        "older people or people with heart or blood-vessel disease. In that study its estimates "
        "were typically 15 mmHg off a person's measured LOP, and it accounted for 40 % of how "
        "LOP differed between people."
    )
    assert "SEE" not in said and "R²" not in said
