"""``occlusion db``: the training log's schema revision, and upgrading it on purpose."""

from __future__ import annotations

import click

from occlusion.cli.output import JSON_OPTION_HELP, print_json

app = click.Group(
    "db",
    help="The training log's schema: its revision, and bringing it up to date.",
    no_args_is_help=True,
)

_STATE_WORDS = {
    "current": "up to date",
    "behind": "needs upgrading",
    "empty": "empty (no tables yet)",
    "newer": "written by a newer version of Occlusion",
}


@app.command("status")
@click.option("--json", "as_json", is_flag=True, help=JSON_OPTION_HELP)
def status_command(as_json: bool) -> None:
    """Show the schema revision of $OCCLUSION_DATABASE_URL's log; exit 1 unless up to date."""
    from occlusion.services.schema import schema_status

    status = schema_status()
    if as_json:
        print_json(status.as_dict())
    else:
        click.echo(f"database: {status.url}")
        click.echo(f"schema: {status.revision or 'none'} (newest known: {status.head})")
        click.echo(f"state: {_STATE_WORDS[status.state]}")
        if status.pending:
            click.echo(f"to apply: {', '.join(status.pending)}  (run: occlusion db upgrade)")
    if status.state != "current":
        raise click.exceptions.Exit(1)


@app.command("upgrade")
@click.option("--json", "as_json", is_flag=True, help=JSON_OPTION_HELP)
def upgrade_command(as_json: bool) -> None:
    """Apply the schema migrations this version ships (safe to run from many workers at once)."""
    from occlusion.services.schema import upgrade_schema

    before, after = upgrade_schema()
    if as_json:
        print_json({"before": before.as_dict(), "after": after.as_dict()})
    elif before.revision == after.revision:
        click.echo(f"schema already at {after.revision}; nothing to do")
    else:
        click.echo(f"schema upgraded from {before.revision or 'none'} to {after.revision}")
