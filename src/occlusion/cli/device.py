"""``occlusion device``: the simulated cuff controller, its benchmarks and its fault matrix."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from occlusion import NOT_A_MEDICAL_DEVICE
from occlusion.cli.output import JSON_OPTION_HELP, console, print_json
from occlusion.errors import InputError

app = typer.Typer(
    name="device",
    help=(
        "Cuff controller: run the simulated cuff on a pseudo-terminal, measure pressure "
        "holding, automatic LOP and the safety layer's fault matrix."
    ),
    no_args_is_help=True,
)


def _limb_list(limbs: str) -> list[str]:
    kinds = [kind.strip() for kind in limbs.split("+") if kind.strip()]
    if not kinds or any(kind not in ("arm", "thigh") for kind in kinds):
        raise InputError(f"--limbs must be arm, thigh or a '+' list of them, got {limbs!r}")
    if len(kinds) > 2:
        raise InputError("the simulated controller has at most two channels")
    return kinds


@app.command("sim")
def sim(
    limbs: Annotated[
        str, typer.Option(help="Cuffs on channels 0 and 1: arm, thigh, thigh+arm.")
    ] = ("thigh+arm"),
    lop_mmhg: Annotated[
        list[float] | None,
        typer.Option("--lop-mmhg", help="True occlusion pressure per channel [mmHg]."),
    ] = None,
    duration_s: Annotated[
        float | None, typer.Option(help="Stop after this many seconds (default: run until Ctrl-C).")
    ] = None,
    port_file: Annotated[
        Path | None, typer.Option(help="Also write the pseudo-terminal path to this file.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the simulated noise.")] = 0,
) -> None:
    """Run the simulated cuff controller on a pseudo-terminal and print where to connect."""
    from occlusion.device.simulated.device import build_device
    from occlusion.device.simulated.limb import PulsatileLimb
    from occlusion.device.simulated.serve import serve_pty
    from occlusion.device.transports.sim import DEFAULT_LOP_MMHG

    kinds = _limb_list(limbs)
    pressures = list(lop_mmhg) if lop_mmhg else [DEFAULT_LOP_MMHG[kind] for kind in kinds]
    if len(pressures) != len(kinds):
        raise InputError(f"give one --lop-mmhg per channel ({len(kinds)}), got {len(pressures)}")
    if duration_s is not None and duration_s <= 0:
        raise InputError("--duration-s must be positive")
    device = build_device(
        [
            (kind, PulsatileLimb(pressure, seed=seed + index))
            for index, (kind, pressure) in enumerate(zip(kinds, pressures, strict=True))
        ],
        seed=seed,
    )

    def announce(path: str) -> None:
        typer.echo(f"simulated cuff controller on {path}")
        typer.echo(f"connect with the transport URL serial:{path}")
        typer.echo(NOT_A_MEDICAL_DEVICE)

    try:
        serve_pty(device, duration_s=duration_s, port_file=port_file, announce=announce)
    except KeyboardInterrupt:
        typer.echo("stopped")


__all__ = ["JSON_OPTION_HELP", "app", "console", "print_json"]
