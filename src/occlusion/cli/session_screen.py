"""The live terminal view of a session: step, a large countdown, reps, pressure and budgets."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from occlusion import NOT_A_MEDICAL_DEVICE
from occlusion.cli.session_input import HELP_LINE
from occlusion.cli.units_display import mass_text

# Five-row block digits for the countdown, readable from across a gym.
_DIGITS = {
    "0": ["███", "█ █", "█ █", "█ █", "███"],
    "1": ["  █", "  █", "  █", "  █", "  █"],
    "2": ["███", "  █", "███", "█  ", "███"],
    "3": ["███", "  █", "███", "  █", "███"],
    "4": ["█ █", "█ █", "███", "  █", "  █"],
    "5": ["███", "█  ", "███", "  █", "███"],
    "6": ["███", "█  ", "███", "█ █", "███"],
    "7": ["███", "  █", "  █", "  █", "  █"],
    "8": ["███", "█ █", "███", "█ █", "███"],
    "9": ["███", "█ █", "███", "  █", "███"],
    ":": ["   ", " █ ", "   ", " █ ", "   "],
}

_STEP_TITLES = {
    "apply": "APPLY RESTRICTION",
    "set": "SET",
    "rest": "REST",
    "between-exercises": "RELEASE · REST BEFORE THE NEXT EXERCISE",
    "reperfusion": "RELEASED · REPERFUSION",
    "completed": "SESSION COMPLETE",
    "stopped": "SESSION STOPPED",
}


def clock_text(seconds: float) -> str:
    """Return ``m:ss`` for a number of seconds (rounded up, so 0:00 means done)."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


def big(text: str) -> Text:
    """Return ``text`` (digits and colons) in five-row block letters."""
    rows = ["  ".join(_DIGITS[character][row] for character in text) for row in range(5)]
    return Text("\n".join(rows), style="bold")


def render(
    view: dict[str, Any], person: str, typed: str = "", message: str = "", units: str = "metric"
) -> Panel:
    """Return the panel for one refresh of the live view (loads in the person's ``units``)."""
    step = view["step"]
    title = _STEP_TITLES.get(step, step.upper())
    lines: list[Any] = []
    lines.append(
        Text(
            f"{view['exercise']}  ·  exercise {view['exercise_number']}/{view['exercise_count']}"
            f"  ·  set {min(view['set_number'], view['set_count'])}/{view['set_count']}",
            style="bold",
        )
    )
    target = "to failure" if view["to_failure"] else f"{view['target_reps'] or '-'} reps"
    load = f" at {mass_text(view['target_load_kg'], units)}" if view["target_load_kg"] else ""
    lines.append(Text(f"target: {target}{load}"))
    if view["seconds_remaining"] is not None:
        lines.append(big(clock_text(view["seconds_remaining"])))
    elif step == "set":
        lines.append(big(clock_text(view["elapsed_s"] % 3600)))
    cadence = view["cadence"]
    if cadence:
        lines.append(
            Text(
                f"rep {cadence['repetition']}: {cadence['phase'].upper()} "
                f"({cadence['phase_remaining_s']:.1f} s)",
                style="bold cyan",
            )
        )
    if view["target_pressure_mmhg"] is not None:
        measured = ", ".join(
            f"{limb} {value:.0f}" if value is not None else f"{limb} -"
            for limb, value in view["pressures_mmhg"].items()
        )
        lines.append(
            Text(f"pressure target {view['target_pressure_mmhg']:.0f} mmHg  ·  now {measured}")
        )
    budgets = Table.grid(padding=(0, 1))
    for budget in view["budgets"]:
        bar = ProgressBar(total=budget["cap_s"], completed=min(budget["used_s"], budget["cap_s"]),
                          width=30)
        state = "ON " if budget["applied"] else "off"
        budgets.add_row(
            Text(f"{budget['limb']:<12} {state}"), bar,
            Text(f"{clock_text(budget['used_s'])} of {clock_text(budget['cap_s'])}"),
        )
    lines.append(budgets)
    for prompt in view["prompts"]:
        lines.append(Text(f"» {prompt}", style="yellow"))
    if message:
        lines.append(Text(message, style="red"))
    lines.append(Text(f"> {typed}", style="bold"))
    lines.append(Text(HELP_LINE, style="dim"))
    lines.append(Text(NOT_A_MEDICAL_DEVICE, style="dim"))
    return Panel(Group(*lines), title=f"{person} · {title}", border_style="cyan")


def describe(view: dict[str, Any], units: str = "metric") -> str:
    """Return one plain line about the current step (for piped, non-terminal use)."""
    step = view["step"]
    number = min(view["set_number"], view["set_count"])
    where = f"{view['exercise']} set {number}/{view['set_count']}"
    if step == "apply":
        return f"[apply] {where}: " + " | ".join(view["prompts"])
    if step == "set":
        target = "to failure" if view["to_failure"] else f"{view['target_reps']} reps"
        load = f" at {mass_text(view['target_load_kg'], units)}" if view["target_load_kg"] else ""
        return f"[set] {where}: {target}{load}"
    if view["seconds_remaining"] is not None:
        return f"[{step}] {clock_text(view['seconds_remaining'])} " + " | ".join(view["prompts"])
    return " | ".join([f"[{step}] {view['outcome'] or ''}".rstrip(), *view["prompts"]])
