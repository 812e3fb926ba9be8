"""The Markdown report: counts only out-of-sample targets, explains failures, lists gaps."""

from __future__ import annotations

from occlusion.physiology.validation import TARGETS, Outcome
from occlusion.physiology.validation_report import NOT_EVALUATED, TargetResult, render_markdown
from occlusion.physiology.validation_text import FAILURE_EXPLANATIONS, RESTATED


def _results(failing: set[str]) -> list[TargetResult]:
    return [
        TargetResult(target, Outcome(1.0, "model text", target.identifier not in failing))
        for target in TARGETS
    ]


def test_counts_exclude_calibration_and_checks() -> None:
    results = _results({"C4"})
    validation = [t for t in TARGETS if t.role == "validation"]
    calibration = [t for t in TARGETS if t.role == "calibration"]
    text = render_markdown(results, {"swelling_pct": 1e-6}, {"Figure": "validation/a.png"})
    assert f"{len(validation) - 1} of {len(validation)} targets pass" in text
    assert f"{len(calibration)} further targets were used to calibrate" in text
    assert "| C4 | validation |" in text and "**FAIL**" in text
    assert "- **C4** —" in text
    assert "| `swelling_pct` | 1.00e-06 |" in text
    assert "![Figure](validation/a.png)" in text
    assert "not a medical device" in text


def test_lists_targets_not_evaluated() -> None:
    text = render_markdown(_results(set()), {}, {})
    assert "Nothing fails." in text
    for identifier, _ in NOT_EVALUATED:
        assert identifier in text


def test_says_which_rules_were_restated_and_why() -> None:
    text = render_markdown(_results(set()), {}, {})
    assert "## Targets whose rule was restated, and why" in text
    identifiers = {target.identifier for target in TARGETS}
    for identifier, reason in RESTATED.items():
        assert identifier in identifiers
        assert f"- **{identifier}** — {reason}" in text
        # A restated target is explained once: not also as a failure.
        assert identifier not in FAILURE_EXPLANATIONS


def test_narrow_passes_are_listed_with_what_they_rest_on() -> None:
    from occlusion.physiology.validation_text import NARROW_PASSES

    text = render_markdown(_results(set()), {}, {})
    assert "## Narrow passes, and what they rest on" in text
    identifiers = {target.identifier for target in TARGETS}
    for identifier, reason in NARROW_PASSES.items():
        assert identifier in identifiers
        assert f"- **{identifier}** — {reason}" in text
        # A narrow pass is not also explained as a failure.
        assert identifier not in FAILURE_EXPLANATIONS
