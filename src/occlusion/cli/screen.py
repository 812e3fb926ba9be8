"""``occlusion screen``: the pre-participation questionnaire, from a file or asked one by one.

With ``--answers FILE`` (TOML, or JSON when the name ends in ``.json``) the answers are read from
the file, and ``--policy FILE`` replaces the default cut-offs. Without ``--answers`` each question
is asked in turn on the terminal; prompts go to stderr so that ``--json`` output stays one clean
document on stdout, and typed answers can be piped in, one per line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from occlusion.cli.output import console, json_option, print_json
from occlusion.errors import InputError

_DECISION_STYLE = {
    "cleared": "bold green",
    "caution": "bold yellow",
    "refer": "bold magenta",
    "exclude": "bold red",
}


def load_table_file(path: Path, what: str = "answers") -> dict[str, Any]:
    """Read a TOML or JSON file (answers or a policy) into a mapping.

    Raises
    ------
    InputError
        If the file is missing, unreadable, malformed (the line and column are named) or not a
        table (:func:`occlusion.cli.files.read_table_file`).
    """
    from occlusion.cli.files import read_table_file

    return read_table_file(path, what)


def _read_line(prompt: str) -> str:
    # Prompt on stderr and read with input() so that stdout carries nothing but the result;
    # click's prompt echoes part of the prompt on stdout.
    click.echo(prompt, err=True, nl=False)
    try:
        return input()
    except EOFError:
        click.echo("", err=True)
        raise InputError("the input ended before every screening question was answered") from None


def _ask(question: Any) -> object:
    from occlusion.science.screening import parse_answer

    hint = {
        "yes-no": "yes/no",
        "number": question.unit,
        "choice": "/".join(question.choices),
    }[question.kind]
    if question.help:
        click.echo(f"  ({question.help})", err=True)
    suffix = "" if question.required else ", empty to skip"
    while True:
        raw = _read_line(f"{question.text} [{hint}{suffix}]: ")
        if not raw.strip():
            if not question.required:
                return None
            click.echo("error: this question needs an answer", err=True)
            continue
        try:
            return parse_answer(question, raw)
        except InputError as exc:
            click.echo(f"error: {exc}", err=True)


def ask_questionnaire() -> dict[str, object]:
    """Ask every question in turn and return the raw answers."""
    from occlusion.science.screening import QUESTIONNAIRE

    click.echo(
        "Pre-participation screening for blood-flow-restriction training. Answer each question; "
        "nothing is stored.",
        err=True,
    )
    answers: dict[str, object] = {}
    for question in QUESTIONNAIRE:
        answers[question.id] = _ask(question)
    return answers


@click.command("screen")
@click.option(
    "--answers",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML or JSON file of answers (question id = answer); omit to be asked.",
)
@click.option(
    "--policy",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML or JSON file of policy settings (cut-offs, decision_overrides).",
)
@click.option("--person", help="Keep the result in this person's training log.")
@json_option
def screen_command(
    answers: Path | None, policy: Path | None, person: str | None, json_output: bool
) -> None:
    """Screen for blood-flow-restriction training: cleared, caution, refer or exclude."""
    from occlusion.science.screening import (
        DEFAULT_POLICY,
        ScreeningAnswers,
        ScreeningPolicy,
        screen,
    )

    rules = (
        ScreeningPolicy.from_mapping(load_table_file(policy, "policy"))
        if policy is not None
        else DEFAULT_POLICY
    )
    raw = load_table_file(answers) if answers is not None else ask_questionnaire()
    if person is not None:
        from occlusion.services.screening import screen_logged_person

        result = screen_logged_person(person, raw, rules)
    else:
        result = screen(ScreeningAnswers.from_mapping(raw), rules)
    if json_output:
        print_json(result)
        return
    _print_result(result.as_dict())


def _print_result(document: dict[str, Any]) -> None:
    out = console()
    decision = document["decision"]
    out.print(f"[{_DECISION_STYLE[decision]}]{escape(document['summary'])}[/]")
    if document["reasons"]:
        out.print()
        out.print("[bold]Reasons[/bold]")
        for reason in document["reasons"]:
            out.print(f"  - {escape('[' + reason['decision'] + ']')} {escape(reason['text'])}")
    out.print()
    out.print("[bold]What to do next[/bold]")
    for step in document["next_steps"]:
        out.print(f"  - {escape(step)}")
    if decision == "cleared":
        out.print("  - See the protocols with 'occlusion protocols list'.")
    out.print()
    out.print(
        f"Clot-risk score {document['dvt_risk_score']} (Nascimento 2022 points). The cut-offs "
        "that turn answers into decisions are policy settings of this project, not BFR evidence."
    )
    out.print()
    out.print("[bold]Sources[/bold]")
    for reference in document["references"]:
        where = f"doi:{reference['doi']}" if reference["doi"] else reference["url"] or ""
        parts = [reference["citation"], where, f"[{reference['status']}]"]
        out.print("  - " + escape(" ".join(part for part in parts if part)))
    out.print()
    out.print(escape(document["not_a_medical_device"]))
