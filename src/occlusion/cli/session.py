"""``occlusion session start|resume|abandon``: a guided session in the terminal.

On a terminal, ``start`` shows a live view (current step, a large countdown, the rep cadence,
cuff pressure and each limb's restriction budget), rings the bell on every transition and
takes typed commands (see :mod:`occlusion.cli.session_input`). With input piped in, it prints
one line per step and reads one command per line — the same state machine, scriptable. Every
event is committed to the training log as it happens; if the process is killed, ``resume``
carries on from the last event.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from occlusion.cli.messages import alarm_words, error_text
from occlusion.cli.output import json_option, print_json
from occlusion.cli.person import PERSON_OPTION_HELP
from occlusion.cli.units_display import mass_text
from occlusion.cli.words import device_option
from occlusion.device.address import DeviceAddress
from occlusion.errors import DeviceError, InputError

app = click.Group(
    "session",
    help="Run a guided session from the person's plan.",
    no_args_is_help=True,
)

#: How often the loop looks at the clock and the keyboard [s].
TICK_S = 0.2
DEVICE_HELP = (
    "Drive a cuff: sim (simulated controller), serial:PORT or ble:ADDRESS. Without it: wraps."
)


def _apply(handle: Any, command: Any) -> str:
    from occlusion.services.sessions import log_set

    runner = handle.runner
    if command.action == "applied":
        runner.confirm_applied()
        return "restriction on"
    if command.action == "next":
        runner.skip_countdown()
        return "rest ended"
    if command.action == "stop":
        runner.stop("stopped by the person")
        return "stopped"
    if command.action == "discomfort":
        runner.report(discomfort=command.discomfort)
        return f"discomfort {command.discomfort}/10 noted"
    if command.action == "symptom":
        runner.report(symptom=command.symptoms[0])
        return f"symptom {command.symptoms[0]} noted"
    view = runner.view()
    log_set(
        handle, reps=command.reps, load=command.load, load_unit=command.load_unit,
        rpe=command.rpe, discomfort=command.discomfort, symptoms=command.symptoms,
    )
    return f"logged set {view.set_number} of {view.exercise}: {command.reps} reps"


def _drive(handle: Any, *, interactive: bool, narrate: Any) -> bool:
    """Run the loop until the session ends (True) or the input ends (False)."""
    from occlusion.cli.session_input import KeySource, LineSource, parse_command

    runner = handle.runner
    source: Any = KeySource() if interactive else LineSource(sys.stdin)
    live: Any = None
    if interactive:
        from rich.live import Live

        from occlusion.cli.output import console

        live = Live(console=console(), refresh_per_second=5, transient=False)
        live.start()
    last: tuple[Any, ...] | None = None
    message = ""
    try:
        while not runner.finished:
            try:
                runner.tick()
            except DeviceError as exc:
                if exc.code != "device.alarm-latched":
                    raise
                # The cuff deflated for safety and holds its alarm: pause (resumable).
                narrate(f"paused: {error_text(exc)}")
                return False
            view = runner.view().as_dict()
            key = (view["step"], view["exercise_number"], view["set_number"],
                   tuple(view["prompts"]))
            if key != last:
                last = key
                if interactive:
                    live.console.bell()
                else:
                    from occlusion.cli.session_screen import describe

                    narrate(describe(view, handle.units))
            if interactive:
                from occlusion.cli.session_screen import render

                live.update(
                    render(view, handle.person_name, source.buffer, message, handle.units)
                )
            try:
                line = source.read(TICK_S)
            except EOFError:
                return False
            if line is None or not line.strip():
                continue
            try:
                message = _apply(handle, parse_command(line))
                if not interactive:
                    narrate(message)
            except InputError as exc:
                message = f"error: {exc}"
                if not interactive:
                    click.echo(message, err=True)
        view = runner.view().as_dict()
        if interactive:
            from occlusion.cli.session_screen import render

            live.update(render(view, handle.person_name, "", message, handle.units))
            live.console.bell()
        else:
            from occlusion.cli.session_screen import describe

            narrate(describe(view, handle.units))
        return True
    finally:
        if live is not None:
            live.stop()
        if interactive:
            source.close()


def _finish(handle: Any, finished: bool, json_output: bool, narrate: Any) -> None:
    from occlusion import NOT_A_MEDICAL_DEVICE

    view = handle.runner.view().as_dict()
    restriction = handle.runner.restriction
    if not finished and view["budgets"] and any(item["applied"] for item in view["budgets"]):
        narrate("input ended with restriction on: release the wraps now")
    close = getattr(restriction, "close", None)
    if close is not None:
        close()
    document = {
        **handle.as_dict(),
        "finished": finished,
        "resume_with": None if finished else "occlusion session resume --person ID",
    }
    if json_output:
        print_json(document)
        return
    if finished:
        narrate(f"session {view['step']}: {view['outcome']}")
    else:
        narrate(
            "session paused (input ended); carry on with 'occlusion session resume --person ID'"
        )
    narrate(NOT_A_MEDICAL_DEVICE)


def _narrator(json_output: bool) -> Any:
    def narrate(line: str) -> None:
        click.echo(line, err=json_output)
        if not json_output:
            sys.stdout.flush()

    return narrate


@app.command("start")
@click.option("--person", required=True, help=PERSON_OPTION_HELP)
@device_option(DEVICE_HELP)
@json_option
def start_command(person: str, device: DeviceAddress | None, json_output: bool) -> None:
    """Start a guided session from the person's active plan."""
    from occlusion.services import open_log
    from occlusion.services.sessions import start_session

    database = open_log()
    narrate = _narrator(json_output)
    try:
        handle = start_session(database, person, device=device)
        for check in handle.checks:
            narrate(f"ok: {check}")
        for decision in handle.progression:
            load = mass_text(decision.target_load_kg, handle.units)
            narrate(f"load {decision.exercise}: {load} ({decision.reason})")
        interactive = sys.stdin.isatty() and sys.stdout.isatty() and not json_output
        finished = _drive(handle, interactive=interactive, narrate=narrate)
        _finish(handle, finished, json_output, narrate)
    finally:
        database.close()


@app.command("resume")
@click.option("--person", required=True, help=PERSON_OPTION_HELP)
@device_option(DEVICE_HELP)
@json_option
def resume_command(person: str, device: DeviceAddress | None, json_output: bool) -> None:
    """Carry on with a session that was interrupted (closed terminal, crash, killed process)."""
    from occlusion.services import open_log
    from occlusion.services.sessions import resume_session

    database = open_log()
    narrate = _narrator(json_output)

    def confirm(alarms: dict[str, tuple[str, ...]]) -> bool:
        narrate(f"the cuff deflated by itself and holds an alarm: {alarm_words(alarms)}")
        narrate("check the cuff, the tube and how the limb feels before going on")
        return bool(click.confirm("acknowledge the alarm and continue?", err=json_output))

    try:
        handle = resume_session(database, person, device=device, confirm_alarms=confirm)
        narrate("resumed: time while interrupted counts towards the restriction budget")
        interactive = sys.stdin.isatty() and sys.stdout.isatty() and not json_output
        finished = _drive(handle, interactive=interactive, narrate=narrate)
        _finish(handle, finished, json_output, narrate)
    finally:
        database.close()


@app.command("abandon")
@click.option("--person", required=True, help=PERSON_OPTION_HELP)
def abandon_command(person: str) -> None:
    """Close an interrupted session without resuming it (its logged sets are kept)."""
    from occlusion.services import open_log
    from occlusion.services.sessions import abandon_session

    database = open_log()
    try:
        session_id = abandon_session(database, person)
    finally:
        database.close()
    click.echo(f"session {session_id} closed; its logged sets are kept")
