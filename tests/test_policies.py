"""One policy each: the plausible-LOP range and the discomfort that releases the cuff."""

from __future__ import annotations

import re
from pathlib import Path

from occlusion.device.supervisor import SESSION_RULES
from occlusion.science.protocols import DISCOMFORT_RELEASE_ABOVE, PLAUSIBLE_LOP_MMHG, STOP_RULES
from occlusion.services import measurements, roster

SOURCE = Path(__file__).resolve().parents[1] / "src" / "occlusion"


def _definitions(name: str) -> list[Path]:
    pattern = re.compile(rf"^{name}\s*(:[^=]*)?=", re.MULTILINE)
    return [path for path in SOURCE.rglob("*.py") if pattern.search(path.read_text("utf-8"))]


def test_the_plausible_lop_range_is_defined_once_and_used_by_the_services() -> None:
    assert [path.name for path in _definitions("PLAUSIBLE_LOP_MMHG")] == ["pressure_targets.py"]
    assert measurements.PLAUSIBLE_LOP_MMHG is PLAUSIBLE_LOP_MMHG


def test_one_discomfort_policy_for_runner_supervisor_and_roster() -> None:
    released = [rule.discomfort_above for rule in STOP_RULES if rule.discomfort_above is not None]
    assert released == [DISCOMFORT_RELEASE_ABOVE]
    assert SESSION_RULES["discomfort_release_above"][0] == DISCOMFORT_RELEASE_ABOVE
    assert roster._discomfort_limit() == DISCOMFORT_RELEASE_ABOVE
    assert not re.search(r"discomfort\w*\s*>\s*[1-9]", "".join(
        path.read_text("utf-8") for path in SOURCE.rglob("*.py")
    ))
