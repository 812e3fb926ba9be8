"""A fresh training log per CLI test, and a person ready to train in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.services.flow import EXAMPLES


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at an empty SQLite log in a temporary data directory."""
    monkeypatch.delenv("OCCLUSION_DATABASE_URL", raising=False)
    monkeypatch.setenv("OCCLUSION_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


PARTIAL_PROFILE = """
[equipment]
kind = "wrap"
width_cm = 7.5
length_cm = 200

[training]
goal = "hypertrophy"
protocol = "resistance-30-15-15-15"
posture = "seated"

[[exercises]]
name = "Leg press"
limb = "thigh"
rep_max = { load_kg = 160, reps = 8 }
load_equipment = { kind = "stack", minimum_kg = 10, increment_kg = 5 }
"""


def ready(cli: Callable[..., Any], tmp_path: Path, units: str = "metric") -> str:
    """Add a person with measurements, screening and a wrap plan through the CLI; return id."""
    added = cli("person", "add", "--name", "Sam Rivera", "--sex", "male", "--birth-year",
                "1999", "--units", units, "--json")
    assert added.exit_code == 0, added.stderr
    person = added.json()["short_id"]
    assert cli("measure", "bp", "--person", person, "--systolic", "124", "--diastolic",
               "78").exit_code == 0
    for side in ("left", "right"):
        assert cli("measure", "limb", "--person", person, "--limb", "thigh", "--side", side,
                   "--circumference", "58").exit_code == 0
    import tomllib

    answers = tomllib.loads((EXAMPLES / "athlete-wraps.toml").read_text())["screening"]
    answers_file = tmp_path / "answers.toml"
    answers_file.write_text(
        "\n".join(f"{key} = {_toml(value)}" for key, value in answers.items()) + "\n"
    )
    screened = cli("screen", "--person", person, "--answers", str(answers_file), "--json")
    assert screened.exit_code == 0, screened.stderr
    assert screened.json()["decision"] == "cleared"
    profile_file = tmp_path / "partial.toml"
    profile_file.write_text(PARTIAL_PROFILE)
    planned = cli("plan", "--person", person, "--profile", str(profile_file), "--json")
    assert planned.exit_code == 0, planned.stderr
    assert planned.json()["exercises"][0]["name"] == "Leg press"
    return person


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)
