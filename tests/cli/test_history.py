from __future__ import annotations

import io
import sys

import pytest

from tests.cli.log_fixtures import log_dir, ready

__all__ = ["log_dir"]


def _train(cli, person, monkeypatch, last_reps: int) -> None:  # type: ignore[no-untyped-def]
    script = f"a\n30 d 3\nn\n15 d 4\nn\n15 d 5\nn\n{last_reps} d 6\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))
    assert cli("session", "start", "--person", person).exit_code == 0


def test_history_and_progress(cli, log_dir, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    person = ready(cli, tmp_path)
    empty = cli("progress", "--person", person)
    assert empty.exit_code == 0 and "no sets logged" in empty.stdout
    _train(cli, person, monkeypatch, last_reps=18)
    _train(cli, person, monkeypatch, last_reps=16)
    page = cli("history", "--person", person, "--limit", "1", "--json").json()
    assert len(page["sessions"]) == 1 and page["next_before"]
    older = cli("history", "--person", person, "--limit", "1", "--before", page["next_before"],
                "--json").json()
    assert older["sessions"][0]["exercises"][0]["sets"][3]["reps"] == 18
    newest = page["sessions"][0]["exercises"][0]["sets"]
    assert newest[0]["target_load_kg"] == 65.0, "progression: set 4 had 18 > 15 reps"
    document = cli("progress", "--person", person, "--json").json()
    points = document["points"]
    assert [point["last_set_reps"] for point in points] == [18, 16]
    assert points[0]["volume_load_kg"] == 60.0 * (30 + 15 + 15 + 18)
    assert points[1]["volume_load_kg"] == 65.0 * (30 + 15 + 15 + 16)
    assert points[0]["mean_discomfort"] == 4.5
    assert document["references"][0]["key"] == "brzycki_1993_one_rep_max"
    weekly = cli("progress", "--person", person, "--by", "week", "--since", "all", "--json")
    assert weekly.exit_code == 0 and weekly.json()["points"][0]["sets"] == 8
    plot = tmp_path / "progress.png"
    readable = cli("progress", "--person", person, "--plot", str(plot))
    assert readable.exit_code == 0, readable.stderr
    assert plot.stat().st_size > 1000 and "Leg" in readable.stdout


def test_bad_history_requests(cli, log_dir) -> None:  # type: ignore[no-untyped-def]
    person = cli("person", "add", "--name", "A", "--json").json()["short_id"]
    for arguments, message in (
        (("history", "--person", person, "--limit", "0"), "1 to 200"),
        (("history", "--person", person, "--before", "yesterday"), "ISO 8601"),
        (("progress", "--person", person, "--plot", "out.gif"), ".png"),
        (("progress", "--person", person, "--plot", "/no/such/folder/out.png"), "does not exist"),
        (("progress", "--person", person, "--plot", "out.png"), "nothing to plot"),
        (("history", "--person", "nobody"), "not a person id"),
    ):
        result = cli(*arguments)
        assert result.exit_code == 2, arguments
        assert message in result.stderr
        assert result.stderr.count("\n") == 1, result.stderr


def test_an_imperial_person_reads_pounds(cli, log_dir, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    person = ready(cli, tmp_path, units="imperial")
    # The plan's leg press: 60 kg on a stack from 10 kg in 5 kg steps (the profile's own steps).
    monkeypatch.setattr(sys, "stdin", io.StringIO("a\n30 lb 135\nq\n"))
    assert cli("session", "start", "--person", person).exit_code == 0
    readable = cli("history", "--person", person)
    assert readable.exit_code == 0, readable.stderr
    # 60 kg is 132.28 lb; the set typed as 135 lb reads 135 again.
    words = " ".join(readable.stdout.replace("│", " ").replace("┃", " ").split())
    assert "load lb" in words and "135" in words and "(132.28)" in words and "kg" not in words
    progress = cli("progress", "--person", person, "--since", "all")
    assert progress.exit_code == 0, progress.stderr
    assert "4,050" in progress.stdout and "(lb)" in progress.stdout  # 30 × 135 lb
    stored = cli("history", "--person", person, "--json").json()
    first = stored["sessions"][0]["exercises"][0]["sets"][0]
    assert abs(first["load_kg"] - 135 * 0.45359237) < 1e-9 and stored["units"] == "imperial"
    shown = cli("person", "show", person)
    assert "thigh 22.8 in" in shown.stdout  # 58 cm


@pytest.mark.parametrize(
    ("stored", "said"),
    [
        ("stopped by the person", "stopped with the stop button"),
        ("stop rule discomfort: discomfort 8/10 is above 7", "stopped for discomfort"),
        ("device fault: no answer from the cuff for 2.0 s",
         "stopped by a cuff fault (no answer from the cuff for 2.0 s)"),
        ("completed", "completed"),
    ],
)
def test_stop_reason_is_said_in_the_pages_words(stored: str, said: str) -> None:
    from occlusion.cli.history import stop_reason_line

    assert stop_reason_line(stored).startswith(said)
