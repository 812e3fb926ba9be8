"""``occlusion device``: the simulated cuff controller, its benchmarks and its fault matrix."""

from __future__ import annotations

from pathlib import Path

import click

from occlusion import NOT_A_MEDICAL_DEVICE
from occlusion.cli.output import console, json_option, print_json
from occlusion.errors import InputError

app = click.Group(
    "device",
    help="Cuff controller: run the simulated cuff on a pseudo-terminal, measure pressure "
        "holding, automatic LOP and the safety layer's fault matrix.",
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
@click.option(
    "--limbs", default="thigh+arm", help="Cuffs on channels 0 and 1: arm, thigh, thigh+arm."
)
@click.option(
    "--lop-mmhg",
    type=float,
    multiple=True,
    help="True occlusion pressure per channel, in mmHg.",
)
@click.option(
    "--duration-s", type=float, help="Stop after this many seconds (default: run until Ctrl-C)."
)
@click.option(
    "--port-file",
    type=click.Path(path_type=Path),
    help="Also write the pseudo-terminal path to this file.",
)
@click.option("--seed", type=int, default=0, help="Seed of the simulated noise.")
def sim(
    limbs: str,
    lop_mmhg: tuple[float, ...],
    duration_s: float | None,
    port_file: Path | None,
    seed: int,
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
        click.echo(f"simulated cuff controller on {path}")
        click.echo(f"connect with the transport URL serial:{path}")
        click.echo(NOT_A_MEDICAL_DEVICE)

    try:
        serve_pty(device, duration_s=duration_s, port_file=port_file, announce=announce)
    except KeyboardInterrupt:
        click.echo("stopped")


@app.command("bench")
@click.option(
    "--participants", type=int, default=15, help="Virtual participants (Swain 2025 had 15)."
)
@click.option(
    "--pump-l-min", type=float, help="Pump free flow in L/min (default: the simulated 5.4)."
)
@click.option("--seed", type=int, default=0, help="Seed of the virtual participants.")
@json_option
def bench(participants: int, pump_l_min: float | None, seed: int, json_output: bool) -> None:
    """Pressure holding during a 30-15-15-15 leg press at 80 % LOP, regulated and unregulated."""
    from occlusion.device.bench import holding_benchmark

    if pump_l_min is not None and not 0.5 <= pump_l_min <= 30.0:
        raise InputError("--pump-l-min must be between 0.5 and 30 L/min")
    flow = None if pump_l_min is None else pump_l_min * 1000.0 / 60.0
    result = holding_benchmark(participants, seed, flow)
    if json_output:
        print_json(result)
        return
    out = console()
    out.print("[bold]Pressure holding, leg press 30-15-15-15 at 80 % LOP[/bold]")
    out.print(f"virtual participants: {participants} (medians, as Swain et al. 2025)")
    unregulated = result["unregulated"]
    assert isinstance(unregulated, dict)
    for label, block in (("this controller", result), ("valves shut", unregulated)):
        out.print(
            f"  {label:16} exercise within +/-10 %: {block['exercise_within_10pct']:.1%}   "
            f"rest within +/-5 %: {block['rest_within_5pct']:.1%}   peaks/valleys "
            f"{block['peak_percent_lop']}/{block['valley_percent_lop']} % LOP"
        )
    lowest = result["lowest"]
    assert isinstance(lowest, dict)
    out.print(
        f"  lowest participant: exercise {lowest['exercise_within_10pct']:.1%}, rest "
        f"{lowest['rest_within_5pct']:.1%}; runs that raised a cuff alarm: "
        f"{result['runs_with_alarms']} of {participants}"
    )
    out.print("  published: Delfi 95 % / 99 %; Saga, SmartCuffs, Suji 25-34 % / 0 %")
    out.print("  aims: 98 % / 99.5 %")
    out.print(NOT_A_MEDICAL_DEVICE)


@app.command("lop-eval")
@click.option(
    "--n", type=int, default=200, help="Number of virtual limbs (half arms, half thighs)."
)
@click.option("--seed", type=int, default=0, help="Seed of the virtual cohort.")
@json_option
def lop_eval(n: int, seed: int, json_output: bool) -> None:
    """Automatic LOP on a virtual cohort: bias and SD against the simulator's true LOP."""
    from occlusion.device.lop_eval import evaluate

    result = evaluate(n, seed)
    if json_output:
        print_json(result)
        return
    out = console()
    out.print(f"[bold]Automatic LOP on {n} virtual limbs[/bold]")
    out.print(
        f"  bias {result['bias_mmhg']} mmHg, SD {result['sd_mmhg']} mmHg, median time "
        f"{result['median_time_s']} s, failures {result['failures']}"
    )
    per_limb = result["per_limb"]
    assert isinstance(per_limb, dict)
    for limb, block in per_limb.items():
        out.print(
            f"  {limb:6} bias {block['bias_mmhg']} SD {block['sd_mmhg']} "
            f"time {block['median_time_s']} s failures {block['failures']}"
        )
    out.print("  literature (Masri 2016): arms 1 +/- 8 mmHg, legs 0 +/- 15 mmHg; 30-45 s")
    out.print("  aims: |bias| <= 3 mmHg, SD <= 8 mmHg, median <= 40 s")
    out.print(NOT_A_MEDICAL_DEVICE)


@app.command("faults")
@click.option(
    "--skip-kill/--no-skip-kill",
    default=False,
    help="Leave out the real kill -9 of a host process (saves ~10 s).",
)
@json_option
def faults(skip_kill: bool, json_output: bool) -> None:
    """Inject every fault the safety layer handles and time the way to a deflated cuff."""
    from occlusion.device.faults import fault_matrix

    result = fault_matrix(include_kill=not skip_kill)
    if json_output:
        print_json(result)
        return
    out = console()
    out.print(
        "[bold]Fault matrix[/bold] (safe: true cuff pressure < 15 mmHg within 30 s; "
        "'without the host': the host stays connected but never deflates)"
    )
    rows = result["faults"]
    assert isinstance(rows, list)
    for row in rows:
        seconds = row["time_to_safe_s"]
        shown = "never" if seconds is None else f"{seconds:.1f} s"
        alone = row["time_to_safe_without_host_s"]
        alone_shown = "never" if alone is None else f"{alone:.1f} s"
        out.print(
            f"  {'ok ' if row['safe'] else 'FAIL'} {row['fault']:20} {shown:>8}  "
            f"detected by {row['detected_by']:24} without the host: "
            f"{'ok ' if row['safe_without_host'] else 'NO '} {alone_shown}"
        )
    out.print(NOT_A_MEDICAL_DEVICE)


@app.command("conformance")
@click.option(
    "--port",
    required=True,
    help="Transport URL of the device: sim, serial:/dev/ttyUSB0, serial:/dev/pts/3.",
)
@click.option(
    "--channel",
    type=int,
    default=0,
    help="Channel carrying the test cuff (on a rigid cylinder or an arm).",
)
@json_option
def conformance(port: str, channel: int, json_output: bool) -> None:
    """Check a cuff controller against the protocol: every check, its measurement, a verdict."""
    from occlusion.device.address import DeviceAddress
    from occlusion.device.client import CuffClient
    from occlusion.device.conformance import run_conformance

    if channel < 0:
        raise InputError("--channel must be 0 or more")
    address = DeviceAddress.parse(port)
    with CuffClient.connect(address) as probe:  # a bad URL or a silent port: one line, exit 2
        channels = probe.capabilities.channels if probe.capabilities else 0
    if channel >= channels:
        raise InputError(f"--channel {channel} does not exist: the device has {channels}")
    result = run_conformance(address, channel)
    if json_output:
        print_json({"passed": result["passed"], "checks": result["checks"]})
    else:
        out = console()
        out.print(f"[bold]Conformance of {port}[/bold] (protocol.md, channel {channel})")
        for check in result["checks"]:
            verdict = "pass" if check["passed"] else "FAIL"
            out.print(f"  {verdict} {check['name']}")
            out.print(f"       measured {check['measured']}")
            out.print(f"       limit    {check['limit']}")
            if check["detail"]:
                out.print(f"       {check['detail']}")
        out.print("conforms" if result["passed"] else "does not conform")
        out.print(NOT_A_MEDICAL_DEVICE)
    if not result["passed"]:
        raise click.exceptions.Exit(1)
