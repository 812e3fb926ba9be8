"""The HTML forms fuzzed with hypothesis: any field values, never a server error.

The JSON API is fuzzed from its schema (test_api_fuzz); the pages' form handlers parse their
own fields, so they get their own fuzzing. Every POST page route receives generated forms —
the field names the templates use, with text, numbers, blanks, control characters and other
scripts as values — from a signed-in athlete on their own record. Every answer is below 500.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from litestar.routes import HTTPRoute

import occlusion.web
from tests.web.conftest import athlete_ready

WEB = Path(occlusion.web.__file__).parent
# Field names: literal ones in the templates, and those the form helpers are called with
# (``Number("systolic", ...)``) in the page handlers.
FIELD_NAMES = sorted(
    {
        name
        for template in (WEB / "templates").glob("*.html")
        for name in re.findall(r'name="([a-z_]+)"', template.read_text())
        if name != "_csrf_token"
    }
    | {
        name
        for module in (WEB / "routes").glob("*.py")
        for name in re.findall(r'\b[A-Z][a-z]+\(\s*"([a-z][a-z_]+)"', module.read_text())
    }
)
# Left out: routes that end the fuzzing browser's own session or account.
SKIPPED = {"/sign-out", "/account/delete"}
AWKWARD = [
    "",
    " ",
    "0",
    "-1",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "1,5",
    "９０",
    "70",
    "thigh",
    "arm",
    "left",
    "right",
    "metric",
    "imperial",
    "wrap",
    "cuff",
    "yes",
    "no",
    "athlete",
    "admin",
    "a\x00b",
    "<script>alert(1)</script>",
    "x" * 5000,
]
VALUES = st.one_of(
    st.sampled_from(AWKWARD),
    st.integers(-(10**9), 10**9).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
)
FORMS = st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=10)


def form_routes(app: Any) -> list[str]:
    """Every POST route of the pages (not the JSON API, not static files)."""
    return sorted(
        route.path
        for route in app.routes
        if isinstance(route, HTTPRoute)
        and "POST" in route.methods
        and not route.path.startswith(("/api", "/static"))
        and route.path not in SKIPPED
    )


def test_form_fields_come_from_the_templates() -> None:
    assert {"email", "password", "systolic", "circumference", "reps"} <= set(FIELD_NAMES)


def fuzz_route(
    browser: Any, owner: dict[str, Any], pattern: str, statuses: list[int], failures: list[str]
) -> None:
    """Post generated forms to one route; record the statuses and any 5xx."""

    @settings(
        max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(form=FORMS, own_record=st.booleans())
    @example(form={name: "a\x00" for name in FIELD_NAMES}, own_record=True)
    @example(form={}, own_record=True)
    def check(form: dict[str, str], own_record: bool) -> None:
        person = owner["person_id"] if own_record else str(uuid.uuid4())
        path = re.sub(
            r"\{(\w+):(\w+)\}",
            lambda m: person if m.group(1) == "person_id" else str(uuid.uuid4()),
            pattern,
        )
        response = browser.form(path, form)
        statuses.append(response.status_code)
        if response.status_code >= 500:
            failures.append(f"POST {path} {sorted(form)} -> {response.status_code}")
        assert "Traceback" not in response.text

    check()


def test_no_form_answers_with_a_server_error(app: Any, new_browser: Any) -> None:
    browser = new_browser()
    owner = athlete_ready(browser)
    routes = form_routes(app)
    assert len(routes) > 15
    statuses: list[int] = []
    failures: list[str] = []
    for pattern in routes:
        fuzz_route(browser, owner, pattern, statuses, failures)
    assert failures == []
    assert any(status < 400 for status in statuses) and any(status == 400 for status in statuses)
