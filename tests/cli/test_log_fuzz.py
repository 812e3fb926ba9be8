"""No typed value makes the training-log commands crash: exit 0 or one error line with 2."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.log_fixtures import log_dir

__all__ = ["log_dir"]

VALUES = st.one_of(
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-10**6, max_value=10**6).map(str),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=VALUES, birth=VALUES, mass=VALUES, systolic=VALUES, girth=VALUES)
def test_typed_values_never_crash(cli, log_dir, name, birth, mass, systolic, girth) -> None:  # type: ignore[no-untyped-def]
    added = cli("person", "add", "--name", name, "--birth-year", birth, "--body-mass", mass)
    assert added.exit_code in (0, 2)
    if added.exit_code == 2:
        assert added.stderr.startswith("error: ") and added.stderr.count("\n") == 1
    person = cli("person", "add", "--name", "Fixed", "--json").json()["short_id"]
    for arguments in (
        ("measure", "bp", "--person", person, "--systolic", systolic),
        ("measure", "limb", "--person", person, "--limb", "arm", "--side", "left",
         "--circumference", girth),
        ("history", "--person", name or "x"),
        ("progress", "--person", person, "--since", name or "x"),
    ):
        result = cli(*arguments)
        assert result.exit_code in (0, 2), (arguments, result.stderr)
        if result.exit_code == 2:
            assert result.stderr.startswith("error: "), result.stderr
