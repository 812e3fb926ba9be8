"""The admin page searches, disables and enables accounts (issue 10, item 12)."""

from __future__ import annotations

import re
from typing import Any

from litestar.testing import TestClient

from occlusion.services import accounts
from occlusion.services.passwords import TEST_POLICY
from tests.web.conftest import PASSWORD, START, Browser, sign_up


def _admin(app: Any, client: TestClient[Any]) -> tuple[Browser, str]:
    made = accounts.sign_up(app.state["occlusion"].database, email="root@example.org",
                            password=PASSWORD, display_name="Root", role="admin",
                            policy=TEST_POLICY, now=START, allow_admin=True)
    admin = Browser(client)
    signed_in = admin.post("/api/sign-in", json={"email": "root@example.org", "password": PASSWORD})
    assert signed_in.status_code == 200
    return admin, str(made.id)


def _sign_in_form(client: TestClient[Any], email: str, password: str = PASSWORD) -> Any:
    return Browser(client).form("/sign-in", {"email": email, "password": password})


def _submission(page: str, user_id: str) -> str:
    form = re.search(rf'action="/admin/accounts/{user_id}/(?:dis|en)able".*?</form>', page, re.S)
    assert form is not None
    found = re.search(r'name="submission" value="([^"]+)"', form.group(0))
    assert found is not None
    return found.group(1)


def test_search_by_name_or_email_ignoring_case_and_pages(app: Any, client: Any) -> None:
    admin, _root = _admin(app, client)
    robin = sign_up(Browser(client), "coach", "Robin Hood")
    sign_up(Browser(client), "athlete", "Ada Lovelace")
    found = admin.get("/admin", params={"q": "rOBIN"})
    assert found.status_code == 200
    assert "Robin Hood" in found.text and "Ada Lovelace" not in found.text
    assert "1 account match “rOBIN”" in found.text
    by_email = admin.get("/admin", params={"q": robin["email"].upper()})
    assert "Robin Hood" in by_email.text and "Ada Lovelace" not in by_email.text
    nothing = admin.get("/admin", params={"q": "nobody"})
    assert "No account matches “nobody”" in nothing.text
    for number in range(accounts.ACCOUNTS_PER_PAGE + 1):
        sign_up(Browser(client), "athlete", f"Many {number:02d}")
    first = admin.get("/admin", params={"q": "many"})
    assert "page 1 of 2" in first.text and "Next page" in first.text
    second = admin.get("/admin", params={"q": "many", "page": "2"})
    assert "Many 25" in second.text and "Many 00" not in second.text
    assert "Previous page" in second.text
    # A nonsense page number shows the first page, not an error.
    assert admin.get("/admin", params={"page": "x"}).status_code == 200


def test_only_an_admin_disables(app: Any, client: Any) -> None:
    _admin(app, client)
    coach_browser = Browser(client)
    sign_up(coach_browser, "coach")
    victim = sign_up(Browser(client), "athlete")
    assert coach_browser.get("/admin").status_code == 403
    refused = coach_browser.form(f"/admin/accounts/{victim['id']}/disable", {})
    assert refused.status_code == 403
    assert _sign_in_form(client, victim["email"]).status_code == 303


def test_disable_ends_sessions_refuses_sign_in_and_enable_restores(
    app: Any, client: Any
) -> None:
    admin, _root = _admin(app, client)
    person = Browser(client)
    account = sign_up(person, "athlete", "Dana Disabled")
    assert person.get("/api/me").status_code == 200
    page = admin.get("/admin").text
    done = admin.form(f"/admin/accounts/{account['id']}/disable",
                      {"submission": _submission(page, account["id"]), "q": "dana", "page": "1"})
    assert done.status_code == 303 and done.headers["location"] == "/admin?q=dana&page=1"
    # The open session is refused at once, on the API and on pages.
    assert person.get("/api/me").status_code == 401
    assert person.get("/account", follow_redirects=False).status_code in (302, 303)
    # Signing in says exactly what a wrong password says.
    disabled = _sign_in_form(client, account["email"])
    wrong = _sign_in_form(client, account["email"], "not the password at all")
    assert disabled.status_code == wrong.status_code == 401
    words = re.compile(r'<p class="error"[^>]*>(.*?)</p>', re.S)
    assert words.findall(disabled.text) == words.findall(wrong.text) != []
    api = Browser(client).post("/api/sign-in",
                               json={"email": account["email"], "password": PASSWORD})
    assert api.status_code == 401
    listed = admin.get("/admin", params={"q": "dana"}).text
    assert 'badge refer">disabled</span>' in listed and "Enable again" in listed
    restored = admin.form(f"/admin/accounts/{account['id']}/enable",
                          {"submission": _submission(listed, account["id"])})
    assert restored.status_code == 303
    assert _sign_in_form(client, account["email"]).status_code == 303
    audit = admin.get("/admin").text
    assert "disabled the account" in audit and "enabled the account again" in audit
    assert audit.count("Dana Disabled") >= 3 and account["id"] not in audit.split("Audit log")[1]


def test_an_admin_cannot_disable_themselves_or_the_last_admin(app: Any, client: Any) -> None:
    admin, root = _admin(app, client)
    page = admin.get("/admin").text
    assert f"/admin/accounts/{root}/disable" not in page
    own = admin.form(f"/admin/accounts/{root}/disable", {})
    assert own.status_code == 400
    assert "An admin cannot disable their own account" in own.text
    assert 'class="field-error"' in own.text
    assert admin.get("/api/me").status_code == 200



def test_an_admin_demoting_themselves_is_refused_beside_their_row(
    app: Any, client: Any
) -> None:
    admin, root = _admin(app, client)
    own = admin.form(f"/admin/accounts/{root}", {"role": "athlete"})
    assert own.status_code == 400
    # The accounts page again, the reason under the admin's own row, not an error page.
    assert "<h1>Accounts</h1>" in own.text
    assert (
        f'<p class="field-error" id="access-{root}-error" role="alert">'
        "An admin cannot remove their own admin role.</p>"
    ) in own.text
    assert admin.get("/api/me").json()["role"] == "admin"


def test_a_search_that_cannot_be_read_is_refused_in_words(app: Any, client: Any) -> None:
    admin, _root = _admin(app, client)
    refused = admin.get("/admin", params={"q": "ro\x00ot"})
    assert refused.status_code == 400
    assert "invisible control character" in refused.text and "\x00" not in refused.text
    # Beside the search field, on the accounts page, what was typed kept (without the character).
    assert '<h1>Accounts</h1>' in refused.text
    assert re.search(r'<p class="field-error" id="q-error">Remove the invisible', refused.text)
    assert 'name="q" type="search" value="root"' in refused.text
    assert "1 account." in refused.text
