"""``occlusion export --format ...`` and bounded imports, as a person would run them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.services.cuff_log import cuff_data_dir, cuff_log_file

__all__ = ["cuff_data_dir", "cuff_log_file"]


def only_file(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("export_format", ["fit", "strong", "hevy"])
def test_exports_write_their_file(cli, cuff_data_dir, tmp_path, export_format) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out" / f"export.{export_format}"
    out.parent.mkdir()
    result = cli("export", "--format", export_format, "--person", cuff_data_dir,
                 "--from", "2026-05-01", "--to", "2026-05-31", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size > 100
    assert only_file(out.parent) == [out.name]
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask, "an ordinary file, not a private one"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--format", "strong", "--person", "ffffffff"), "no person with an id"),
        (("--format", "fit", "--session", "ffffffff"), "no session with an id"),
        (("--format", "hevy", "--person", "PERSON", "--from", "2027-01-01"),
         "has no sessions from 2027-01-01 to today"),
        (("--format", "strong", "--person", "PERSON", "--from", "2026-06-01", "--to",
          "2026-05-01"), "starts (2026-06-01) after it ends"),
        (("--format", "strong", "--person", "PERSON", "--from", "May 1"), "not a date"),
        (("--format", "json", "--from", "2026-05-01"), "holds whole records"),
        (("--format", "fit", "--person", "PERSON"), "binary file: give --output"),
        (("--format", "xml",), "unknown export format"),
        (("--format", "strong"), "say whose"),
    ],
)
def test_bad_exports_say_one_line_and_write_nothing(  # type: ignore[no-untyped-def]
    cli, cuff_data_dir, tmp_path, arguments, message
) -> None:
    resolved = [cuff_data_dir if item == "PERSON" else item for item in arguments]
    result = cli("export", *resolved)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


@pytest.mark.parametrize("where", ["missing-folder", "a-file-in-the-way", "a-folder"])
def test_unwritable_output_leaves_nothing(cli, cuff_data_dir, tmp_path, where) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "target"
    folder.mkdir()
    (folder / "blocker").write_text("x")
    (folder / "existing").mkdir()
    output = {
        "missing-folder": folder / "nowhere" / "report.zip",
        "a-file-in-the-way": folder / "blocker" / "report.zip",
        "a-folder": folder / "existing",
    }[where]
    result = cli("export", "--format", "fit", "--person", cuff_data_dir, "--output", str(output))
    assert result.exit_code == 2
    assert result.stderr.startswith("error:") and "cannot write" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert only_file(folder) == ["blocker", "existing"]
    assert not any((folder / "existing").iterdir())


def test_json_round_trip_keeps_negative_sensor_readings(  # type: ignore[no-untyped-def]
    cli, cuff_data_dir, tmp_path, monkeypatch
) -> None:
    first = tmp_path / "first.json"
    assert cli("export", "--output", str(first)).exit_code == 0
    tables = json.loads(first.read_text())["tables"]
    readings = [row["pressure_mmhg"] for row in tables["device_sample"]]
    assert any(-1.0 < value < 0 for value in readings), "a deflated cuff's offset"
    assert min(readings) < -20, "a disconnected sensor's reading, next to its alarm"
    assert [row["code"] for row in tables["device_alarm"]] == ["sensor-out-of-range"]
    monkeypatch.setenv("OCCLUSION_DATA_DIR", str(tmp_path / "fresh"))
    imported = cli("import", str(first), "--json")
    assert imported.exit_code == 0, imported.stderr
    second = tmp_path / "second.json"
    assert cli("export", "--output", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("table", "value", "message"),
    [
        ("training_set", -25.0, "pressure_mmhg -25 is outside -20 to 450"),
        ("device_sample", -800.0, "pressure_mmhg -800 is outside -760 to inf"),
    ],
)
def test_impossible_pressures_are_still_refused(  # type: ignore[no-untyped-def]
    cli, cuff_data_dir, tmp_path, monkeypatch, table, value, message
) -> None:
    document = json.loads(cli("export").stdout)
    document["tables"][table][0]["pressure_mmhg"] = value
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document))
    monkeypatch.setenv("OCCLUSION_DATA_DIR", str(tmp_path / "fresh"))
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    ("content", "arguments", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, (), "nested too deeply"),
        ('{"a":' * 100_000 + "1" + "}" * 100_000, (), "nested too deeply"),
        ("Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n2026-04-01 07:30:00,Push,"
         + "x" * (5 * 1024 * 1024) + ",1,100,8\n", ("--format", "strong", "--person", "PERSON"),
         "Strong CSV line 2: a cell is longer than"),
        ("Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
         "2026-04-01 07:30:00,Push,Bench,1,100,8\n"
         '2026-04-01 07:30:00,"Push,Bench,2,100,8\n'
         "2026-04-01 07:30:00,Push,Bench,3,100,8\n",
         ("--format", "strong", "--person", "PERSON"), "Strong CSV line 3: a quote opens"),
        ("title,start_time\n", ("--format", "hevy", "--person", "PERSON"), "not a Hevy CSV"),
        ("x", ("--format", "hevy"), "needs --person"),
    ],
)
def test_hostile_imports_end_in_one_line(  # type: ignore[no-untyped-def]
    cli, cuff_data_dir, tmp_path, content, arguments, message
) -> None:
    before = cli("export").stdout
    path = tmp_path / "in.txt"
    path.write_text(content)
    resolved = [cuff_data_dir if item == "PERSON" else item for item in arguments]
    result = cli("import", str(path), *resolved)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert cli("export").stdout == before


def test_plan_as_a_fit_workout(cli, cuff_data_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import io

    import fitdecode

    out = tmp_path / "plan.fit"
    result = cli("plan", "--person", cuff_data_dir, "--format", "fit", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    with fitdecode.FitReader(io.BytesIO(out.read_bytes())) as reader:
        names = [frame.name for frame in reader if isinstance(frame, fitdecode.FitDataMessage)]
    assert names[:2] == ["file_id", "workout"] and names.count("workout_step") >= 8
    refused = cli("plan", "--person", cuff_data_dir, "--format", "fit")
    assert refused.exit_code == 2 and "give --output" in refused.stderr


def test_the_commands_in_docs_export_run(cli, cuff_data_dir, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import re
    import shlex

    root = Path(__file__).resolve().parents[2]
    text = (root / "docs" / "export.md").read_text(encoding="utf-8")
    lines = [line for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
             for line in block.splitlines() if line.strip()]
    assert len(lines) >= 7
    history = cli("history", "--person", cuff_data_dir, "--json").json()
    session = history["sessions"][0]["session_id"]
    monkeypatch.chdir(tmp_path)
    for line in lines:
        words = shlex.split(line.replace("$PERSON", cuff_data_dir).replace("$SESSION", session))
        assert words[0] == "occlusion", line
        result = cli(*words[1:])
        assert result.exit_code == 0, f"{line}: {result.stderr}"
        written = Path(words[words.index("--output") + 1])
        assert written.stat().st_size > 100, line


def test_history_shows_fidelity_and_adherence(cli, cuff_data_dir) -> None:  # type: ignore[no-untyped-def]
    result = cli("history", "--person", cuff_data_dir)
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert "held" in flat and "100 %" in flat and "within ±10 % of target" in flat
    assert "days trained per month: 2026-05 2 (under 16)" in flat
    page = cli("history", "--person", cuff_data_dir, "--json").json()
    held = [item["fidelity"] for session in page["sessions"] for exercise in session["exercises"]
            for item in exercise["sets"]]
    assert held and all(entry["within_band_pct"] == 100.0 for entry in held)
    assert page["adherence"] == [{"month": "2026-05", "days": 2, "threshold_days": 16,
                                  "below_threshold": True}]
