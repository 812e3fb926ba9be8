"""``occlusion history`` and ``occlusion progress``: look back over a person's training."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from occlusion import units
from occlusion.cli.output import console, json_option, print_json
from occlusion.cli.person import PERSON_OPTION_HELP
from occlusion.cli.units_display import mass_symbol, mass_value
from occlusion.vocabulary import stop_reason_words


@click.command("history")
@click.option("--person", required=True, help=PERSON_OPTION_HELP)
@click.option("--limit", type=int, default=10, help="Sessions per page (1-200).")
@click.option("--before", help="Older page: sessions before this ISO time (next_before).")
@json_option
def history_command(person: str, limit: int, before: str | None, json_output: bool) -> None:
    """Show a person's sessions, newest first, each set with its target next to what was done."""
    from occlusion.services import open_log
    from occlusion.services.history import history

    database = open_log()
    try:
        page = history(database, person, limit=limit, before=before)
    finally:
        database.close()
    if json_output:
        print_json(page)
        return
    out = console()
    if not page["sessions"]:
        out.print(f"no sessions logged for {escape(page['person'])} yet")
        return
    system = page.get("units") or "metric"
    for training in page["sessions"]:
        out.print(
            f"[bold]{training['started_at']}[/bold]  {training['status']}  "
            f"{training['restriction']}  ({training['source']})"
        )
        if training["stop_reason"]:
            out.print(f"  {escape(stop_reason_line(training['stop_reason']))}")
        cuff = training["restriction"] == "cuff"
        for exercise in training["exercises"]:
            columns = [
                "set", "reps (target)", f"load {mass_symbol(system)} (target)",
                "pressure mmHg (target)",
            ]
            if cuff:
                # held: share of the set within ±10 % of target; range: lowest-highest mmHg.
                columns += ["held", "range"]
            table = Table(
                *columns, "RPE", "discomfort", "symptoms", title=escape(exercise["name"]),
                title_justify="left",
            )
            for item in exercise["sets"]:
                row = [
                    str(item["position"]),
                    _pair(item["reps"], item["target_reps"]),
                    _load_pair(item["load_kg"], item["target_load_kg"], system),
                    _pair(item["pressure_mmhg"], item["target_pressure_mmhg"]),
                ]
                if cuff:
                    held = item.get("fidelity")
                    row += [
                        f"{held['within_band_pct']:.0f} %" if held else "no trace",
                        f"{held['min_mmhg']:.0f}-{held['max_mmhg']:.0f}" if held else "-",
                    ]
                table.add_row(
                    *row,
                    _value(item["rpe"]),
                    _value(item["discomfort"]),
                    ", ".join(item["symptoms"]),
                )
            out.print(table)
    if page["adherence"]:
        out.print("days trained per month: " + "; ".join(
            f"{month['month']} {month['days']}" + (" (under 16)" if month["below_threshold"]
                                                  else "")
            for month in page["adherence"]
        ))
        out.print("held: share of a cuff set within ±10 % of target; range: its lowest and "
                  "highest pressure [mmHg]")
    if page["next_before"]:
        out.print(f"older sessions: --before {page['next_before']}")


def _value(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _pair(actual: Any, target: Any) -> str:
    return f"{_value(actual)} ({_value(target)})" if target is not None else _value(actual)


def _load_pair(actual_kg: float | None, target_kg: float | None, system: str) -> str:
    actual = mass_value(actual_kg, system)
    return actual if target_kg is None else f"{actual} ({mass_value(target_kg, system)})"


@click.command("progress")
@click.option("--person", required=True, help=PERSON_OPTION_HELP)
@click.option("--exercise", help="Only this exercise (exact name).")
@click.option("--since", help="'all', or an ISO date (default: the year up to the latest set).")
@click.option("--by", default="session", help="session (one point per session) or week.")
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw the trends into this image file (PNG, SVG, PDF).",
)
@json_option
def progress_command(
    person: str,
    exercise: str | None,
    since: str | None,
    by: str,
    plot: Path | None,
    json_output: bool,
) -> None:
    """Show progress per exercise: volume, estimated 1RM, last-set reps, pressure, discomfort."""
    from occlusion.services import open_log
    from occlusion.services.history import progress

    database = open_log()
    try:
        document = progress(database, person, exercise=exercise, since=since, by=by)
    finally:
        database.close()
    if plot is not None:
        _plot(document, plot)
    if json_output:
        print_json(document)
        return
    out = console()
    if not document["points"]:
        out.print(f"no sets logged for {escape(document['person'])} yet")
        return
    system = document.get("units") or "metric"
    symbol = mass_symbol(system)
    table = Table(
        "date" if document["by"] == "session" else "week of", "exercise", "sets", "volume",
        "e1RM", "last", "held %", "pain",
        caption=(
            f"volume = Σ load × reps ({symbol}); e1RM ({symbol}); last = reps in the last set; "
            "held % = "
            "cuff pressure held / target; pain = mean discomfort 0-10"
        ),
    )
    table.columns[0].no_wrap = True
    table.columns[1].overflow = "fold"
    for point in document["points"]:
        table.add_row(
            point["started_at"][:16].replace("T", " "), escape(point["exercise"]),
            str(point["sets"]), mass_value(point["volume_load_kg"], system, 1),
            mass_value(point["estimated_one_rep_max_kg"], system, 1),
            _value(point["last_set_reps"]),
            _value(point["pressure_held_pct_of_target"]), _value(point["mean_discomfort"]),
        )
    out.print(table)
    out.print("e1RM: Brzycki (1993), only from sets of 1 to 10 repetitions.")
    if plot is not None:
        out.print(f"plot written to {plot}")


def _plot(document: dict[str, Any], path: Path) -> None:
    from occlusion.errors import InputError

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("--plot needs matplotlib: pip install 'occlusion[plot]'") from None
    from datetime import datetime

    if path.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise InputError(f"plot file {str(path)!r} must end in .png, .svg or .pdf")
    if not path.parent.is_dir():
        raise InputError(f"cannot write {path}: the folder {path.parent} does not exist")
    if not document["points"]:
        raise InputError(f"nothing to plot: no sets logged for {document['person']} yet")
    system = document.get("units") or "metric"
    symbol = mass_symbol(system)
    series = [
        ("volume_load_kg", f"volume load [{symbol}]"),
        ("estimated_one_rep_max_kg", f"estimated 1RM [{symbol}]"),
        ("last_set_reps", "reps in the last set"),
        ("pressure_held_pct_of_target", "pressure held [% of target]"),
        ("mean_discomfort", "discomfort [0-10]"),
    ]
    figure, axes = plt.subplots(len(series), 1, figsize=(8, 12), sharex=True)
    names = sorted({point["exercise"] for point in document["points"]})
    for axis, (key, label) in zip(axes, series, strict=True):
        for name in names:
            points = [p for p in document["points"] if p["exercise"] == name and p[key] is not None]
            if points:
                # Loads are drawn in the person's unit; reps, % and ratings as they are.
                convert = key.endswith("_kg")
                axis.plot([datetime.fromisoformat(p["started_at"]) for p in points],
                          [units.kg_to_display(p[key], system) if convert else p[key]
                           for p in points], marker="o", label=name)
        axis.set_ylabel(label)
    axes[0].legend(loc="best")
    axes[0].set_title(f"Progress: {document['person']}")
    figure.autofmt_xdate()
    figure.tight_layout()
    try:
        figure.savefig(path)
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        plt.close(figure)


#: Stored reasons that carry an error's own text after a colon: a terminal reader gets it too.
_REASONS_WITH_DETAIL = ("device fault:", "server")


def stop_reason_line(reason: str) -> str:
    """Say why a session ended in the words the pages use, keeping a fault's own detail."""
    words = stop_reason_words(reason)
    if reason.startswith(_REASONS_WITH_DETAIL) and ":" in reason:
        detail = reason.split(":", 1)[1].strip()
        if detail:
            return f"{words} ({detail})"
    return words
