"""A control character in an HTML form keeps the form: the page draws it again with every
answer (the control characters taken out) and a message in words beside the field. Forms whose
handler does not draw itself again, query strings and the JSON API are still refused whole."""

from __future__ import annotations

import html
import re
from typing import Any

from tests.web.conftest import PASSWORD, Browser
from tests.web.test_pages import onboard

BESIDE = re.compile(r'<p class="field-error" id="([\w-]+)-error">([^<]*)</p>')


def errors_beside(page: str) -> dict[str, str]:
    return {name: html.unescape(text) for name, text in BESIDE.findall(page)}


def test_a_control_character_in_the_sign_up_name_keeps_the_form(new_browser: Any) -> None:
    browser: Browser = new_browser()
    response = browser.form(
        "/sign-up",
        {
            "display_name": "Ada\x1b[31m",
            "email": "ada@example.org",
            "password": PASSWORD,
            "role": "coach",
        },
    )
    assert response.status_code == 400
    page = response.text
    assert "<h1>Create an account</h1>" in page
    errors = errors_beside(page)
    assert list(errors) == ["display_name"]
    assert errors["display_name"].startswith("Remove the invisible control characters")
    assert 'value="Ada[31m"' in page and 'value="ada@example.org"' in page
    assert re.search(r'value="coach" checked', page)
    assert PASSWORD not in page
    assert "\x1b" not in page


def test_sign_up_refusals_sit_beside_their_field(new_browser: Any) -> None:
    browser: Browser = new_browser()
    short = browser.form(
        "/sign-up",
        {"display_name": "Ada", "email": "ada@example.org", "password": "short", "role": "athlete"},
    )
    assert short.status_code == 400
    errors = errors_beside(short.text)
    assert list(errors) == ["password"] and "10 to 1024 characters" in errors["password"]
    assert 'aria-describedby="password-hint password-error"' in short.text
    bad_email = browser.form(
        "/sign-up",
        {"display_name": "Ada", "email": "not-an-address", "password": PASSWORD, "role": "athlete"},
    )
    assert list(errors_beside(bad_email.text)) == ["email"]
    assert 'value="Ada"' in bad_email.text


def test_a_control_character_in_a_record_form_is_shown_beside_that_field(
    new_browser: Any,
) -> None:
    browser: Browser = new_browser()
    person = onboard(browser)
    response = browser.form(
        f"/people/{person}/measurements/blood-pressure", {"systolic": "12\x000", "diastolic": "78"}
    )
    assert response.status_code == 400
    errors = errors_beside(response.text)
    assert list(errors) == ["systolic"]
    assert errors["systolic"].startswith("Remove the invisible control characters")
    assert 'value="120"' in response.text and 'value="78"' in response.text
    # Nothing was saved from the refused form.
    measured = browser.get(f"/api/people/{person}/measurements").json()
    assert measured["blood_pressure"] == []


def test_a_form_that_does_not_draw_itself_again_is_still_refused_whole(
    new_browser: Any,
) -> None:
    browser: Browser = new_browser()
    response = browser.form("/sign-in", {"email": "a\x00@example.org", "password": "x"})
    assert response.status_code == 400 and "control character" in response.text
    api = browser.post(
        "/api/sign-up",
        json={"email": "nul@example.org", "password": PASSWORD, "display_name": "A\x00"},
    )
    assert api.status_code == 400 and "control character" in api.json()["detail"]
    # A posted form is drawn again for its own fields only; its address is still checked whole.
    posted = browser.request(
        "POST",
        "/sign-up?x=%07",
        data={"display_name": "Ada", "email": "ada@example.org", "password": PASSWORD,
              "role": "coach", "_csrf_token": browser.csrf},
        follow_redirects=False,
    )
    assert posted.status_code == 400 and "control character" in posted.text
    assert "<h1>Create an account</h1>" not in posted.text


def test_a_control_character_in_a_searching_form_is_shown_beside_that_field(
    new_browser: Any,
) -> None:
    browser: Browser = new_browser()
    person = onboard(browser)
    choice = browser.get(
        f"/people/{person}/lop",
        params={"limb": "arm", "side": "left", "equipment": "cuff", "cuff_width": "1\x002"},
    )
    assert choice.status_code == 400
    width = re.search(r'<input id="([\w-]+)" name="cuff_width"[^>]*>', choice.text)
    assert width is not None and 'value="12"' in width.group(0)
    assert 'aria-invalid="true"' in width.group(0)
    assert errors_beside(choice.text)[width.group(1)].startswith("Remove the invisible control")
    assert "\x00" not in choice.text
    guided = browser.get(
        f"/people/{person}/lop/guided",
        params={"start": "1", "limb": "arm", "side": "left", "cuff_width": "1\x1b2"},
    )
    assert guided.status_code == 400
    assert list(errors_beside(guided.text)) == ["g-width"]
    assert 'value="12"' in guided.text and "\x1b" not in guided.text
    # Before the walk starts too, and in a part of the address the page shows no field for.
    setup = browser.get(
        f"/people/{person}/lop/guided", params={"limb": "arm\x00", "answers": "p\x07"}
    )
    assert setup.status_code == 400 and "\x00" not in setup.text and "\x07" not in setup.text
    assert "Part of this page&#39;s address held invisible control characters" in setup.text
    download = browser.get(
        f"/people/{person}/export", params={"format": "pdf", "from": "2026-01-01\x00"}
    )
    assert download.status_code == 400
    assert 'id="download-error">Remove the invisible control characters' in download.text
    assert 'value="2026-01-01"' in download.text and "\x00" not in download.text
