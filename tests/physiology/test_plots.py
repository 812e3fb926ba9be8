"""Figures are written as PNG or SVG; other names are refused before any work."""

from __future__ import annotations

from pathlib import Path

import pytest

from occlusion.errors import InputError
from occlusion.physiology import Cuff, Subject, simulate_session
from occlusion.physiology.cohort import Population, sample_cohort, simulate_cohort
from occlusion.physiology.plots import (
    check_plot_path,
    plot_cohort,
    plot_flow_curve,
    plot_session,
)
from occlusion.physiology.population_band import occlusion_pressure_band

THIGH = Subject("thigh", 55.0, 120.0, 70.0)


def test_flow_and_session_figures(tmp_path: Path) -> None:
    flow = plot_flow_curve(THIGH, Cuff(13.5), tmp_path / "flow.svg")
    session = plot_session(
        simulate_session(THIGH, Cuff(13.5), pct_lop=50.0, recovery_s=30.0), tmp_path / "s.png"
    )
    assert "<svg" in flow.read_text()
    # The flows carry the band of people with the same measurements, and so does the LOP.
    assert "people like you" in flow.read_text()
    band = occlusion_pressure_band(THIGH, Cuff(13.5))
    assert f"(people like you {band.p5:.0f}-{band.p95:.0f})" in flow.read_text()
    assert session.read_bytes()[:4] == b"\x89PNG"


def test_cohort_figure(tmp_path: Path) -> None:
    cohort = sample_cohort(Population("thigh"), 200, seed=1)
    result = simulate_cohort(cohort, Cuff(13.5), closing_pressure_mmhg=150.0)
    assert plot_cohort(result, tmp_path / "c.png").stat().st_size > 1000


@pytest.mark.parametrize("name", ["figure.pdf", "figure", "missing/folder/figure.png"])
def test_bad_plot_paths(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError):
        check_plot_path(tmp_path / name)
