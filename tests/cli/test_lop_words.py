"""The command line's words for LOP codes."""

from __future__ import annotations

from occlusion.cli.lop_words import estimated_share_lines
from occlusion.cli.messages import error_text
from occlusion.errors import OutOfRangeError
from occlusion.science.prescription.estimated_lop import estimated_lop_share


def test_a_capped_estimate_says_the_share_and_the_policy() -> None:
    share = estimated_lop_share(lop_mmhg=200.0, interval_95_mmhg=(169.0, 231.0), target_pct_lop=80)
    first, second = estimated_share_lines(share.as_dict())
    assert "169 to 231 mmHg, 135 mmHg is 58-80 % of it" in first
    assert "Lowered from 160 mmHg (80 % of the estimate) by policy" in second


def test_an_uncapped_estimate_has_one_line() -> None:
    share = estimated_lop_share(lop_mmhg=200.0, interval_95_mmhg=(169.0, 231.0), target_pct_lop=40)
    assert len(estimated_share_lines(share.as_dict())) == 1


def test_the_beyond_studied_pressures_refusal_gets_a_wider_cuff_step() -> None:
    beyond = OutOfRangeError(
        "too high", code="physiology.lop-beyond-studied-pressures", lop_mmhg=1069.0,
        limit_mmhg=907.0,
    )
    assert error_text(beyond) == "too high: try a wider cuff (--cuff-width-cm)"


def test_a_step_prompt_names_the_keys_that_answer_it() -> None:
    from occlusion.cli.lop_words import step_prompt
    from occlusion.science.lop import start_measurement
    from occlusion.science.lop.walkthrough_steps import inflation_step

    first = start_measurement(limb="thigh").step
    assert step_prompt(first) == f"{first.question} (Enter to go on, or type stop)"
    pulse = inflation_step(120.0, "ascending")
    assert step_prompt(pulse) == "Is the pulse still there at 120 mmHg? (y/n/stop)"
