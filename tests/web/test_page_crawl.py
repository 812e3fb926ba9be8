"""Every page each role can reach, crawled in Debian's Chromium on a 360 px phone: no raw id from
the catalogues, no ISO timestamp, no command-line text, and no horizontal scroll.

The crawl starts from the menu (each menu entry is clicked, so htmx boosts the visit) and follows
every link of every page it finds, clicking it on the page that shows it. The record it crawls has
data on every page: measurements with LOP, screening, a plan, a completed and a stopped session,
a share with a coach and a clinician, and audit entries for the admin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

import occlusion.vocabulary as vocabulary
from occlusion import evidence
from occlusion.cli.main import SUBCOMMANDS
from occlusion.science.lop.equations import EQUATIONS, UNVERIFIED_EQUATIONS
from occlusion.science.protocols.library import PROTOCOLS
from occlusion.science.protocols.stop_rules import STOP_RULES
from occlusion.science.screening.questions import QUESTIONS_BY_ID
from occlusion.services import accounts
from occlusion.services.passwords import TEST_POLICY
from tests.web.browser_support import (
    chromium,
    live_server,
    require_chromium,
    screenshot_path,
)
from tests.web.conftest import CLEAR_ANSWERS, PASSWORD, START, StepClock

pytestmark = pytest.mark.slow

NARROW = {"width": 360, "height": 740}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: Addresses that are not pages: files, the API, downloads and signing out.
NOT_PAGES = re.compile(
    r"^/(static/|api/|sw\.js|sign-out|metrics|healthz|readyz)|/export$|^/account/export|^/me/export"
)
MAX_PAGES = 80
PEOPLE = {
    "athlete": ("ada@example.org", "Ada Athlete"),
    "coach": ("cora@example.org", "Cora Coach"),
    "clinician": ("cleo@example.org", "Cleo Clinician"),
    "admin": ("root@example.org", "Root Admin"),
}
WRAP_PLAN = {
    "equipment": {"kind": "wrap", "width_cm": 7.5, "length_cm": 200},
    "training": {"goal": "hypertrophy", "protocol": "resistance-30-15-15-15", "posture": "seated"},
    "exercises": [{"name": "Leg press", "limb": "thigh", "one_rep_max_kg": 120}],
}


def catalogue_ids() -> set[str]:
    """Every id of the catalogues that a person must never read raw (those with - or _)."""
    found: set[str] = set()
    for item in vars(vocabulary).values():
        if isinstance(item, type) and issubclass(item, StrEnum) and item is not StrEnum:
            found |= {member.value for member in item}
    found |= {protocol.name for protocol in PROTOCOLS}
    found |= {equation.name for equation in (*EQUATIONS, *UNVERIFIED_EQUATIONS)}
    found |= {reference.key for reference in evidence.all_references()}
    found |= {rule.code for rule in STOP_RULES}
    found |= set(QUESTIONS_BY_ID)
    found |= {f"{side}-{limb}" for side in vocabulary.Side for limb in vocabulary.Limb}
    return {value for value in found if re.search(r"[a-z][-_][a-z0-9]", value)}


def rules() -> list[tuple[str, re.Pattern[str]]]:
    commands = "|".join(sorted(re.escape(command.name) for command in SUBCOMMANDS))
    ids = "|".join(sorted((re.escape(value) for value in catalogue_ids()), key=len, reverse=True))
    return [
        ("an ISO timestamp", re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")),
        ("an ISO date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
        ("a raw id", re.compile(rf"(?<![\w./-])(?:{ids})(?![\w-])")),
        ("a command", re.compile(rf"\bocclusion (?:{commands})\b")),
        ("a command-line flag", re.compile(r"(?<![\w-])--[a-z][a-z-]+")),
        ("a profile key", re.compile(r"\[[a-z_]+(?:\.[a-z_]+)+\]")),
    ]


GATHER = """() => {
  const parts = [document.title, document.body.innerText];
  for (const element of document.querySelectorAll('[title],[aria-label],[alt],[placeholder]')) {
    for (const name of ['title', 'aria-label', 'alt', 'placeholder']) {
      if (element.getAttribute(name)) { parts.push(element.getAttribute(name)); }
    }
  }
  for (const option of document.querySelectorAll('option')) { parts.push(option.textContent); }
  for (const text of document.querySelectorAll('svg text, svg title')) {
    parts.push(text.textContent);
  }
  return parts.join('\\n');
}"""


def findings(page: Any, checks: list[tuple[str, re.Pattern[str]]]) -> list[str]:
    """Return what the page shows that it should not, and whether it scrolls sideways."""
    text = page.evaluate(GATHER)
    found = []
    for what, pattern in checks:
        for match in pattern.finditer(text):
            start = max(0, match.start() - 40)
            context = " ".join(text[start : match.end() + 40].split())
            found.append(f"{urlsplit(page.url).path}: {what} {match.group()!r} in “{context}”")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > NARROW["width"]:
        found.append(f"{urlsplit(page.url).path}: {width} px wide on a 360 px screen")
    for word in page.evaluate(BROKEN_WORDS):
        found.append(f"{urlsplit(page.url).path}: the word {word!r} breaks across lines in a table")
    return found


#: Words in table cells laid out on more than one line ("athle te", "Scre enin g").
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('th, td, caption')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[A-Za-z]{2,}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
          .map(r => Math.round(r.top)));
        if (tops.size > 1) { broken.push(match[0]); }
      }
    }
  }
  return broken;
}"""


#: Elements with a light background on a dark page (a colour written in, not the theme's).
LIGHT_SURFACES = """() => {
  const light = [];
  for (const element of document.querySelectorAll('body, body *')) {
    const style = getComputedStyle(element);
    const colour = /rgba?\\(([0-9.]+), ([0-9.]+), ([0-9.]+)(?:, ([0-9.]+))?\\)/;
    const match = style.backgroundColor.match(colour);
    if (!match || style.display === 'none' || style.visibility === 'hidden') { continue; }
    if (match[4] !== undefined && Number(match[4]) < 0.5) { continue; }
    const [r, g, b] = [match[1], match[2], match[3]].map(Number);
    if (0.2126 * r + 0.7152 * g + 0.0722 * b > 200) {
      const classes = typeof element.className === 'string' ? element.className : '';
      light.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
        + (classes ? '.' + classes.split(' ').join('.') : ''));
    }
  }
  return light.slice(0, 5);
}"""


def kind(address: str) -> str:
    """The page an address shows, without ids (one visit per kind of page)."""
    parts = urlsplit(address)
    query = ",".join(sorted(key.split("=")[0] for key in parts.query.split("&") if key))
    return UUID.sub("{id}", parts.path) + ("?" + query if query else "")


class Crawler:
    """Visit every page reachable from the menu, clicking links as a person would."""

    def __init__(self, page: Any, site: str, *, dark: bool = False) -> None:
        self.page = page
        self.site = site
        self.dark = dark
        self.checks = rules()
        self.seen: set[str] = set()
        self.visited: list[str] = []
        self.found: list[str] = []

    def settle(self) -> None:
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_function("() => !document.querySelector('.htmx-request')")

    def click(self, link: Any) -> None:
        """Click ``link``; wait until the page it opens (boosted or not) replaced this one."""
        self.page.evaluate("() => { document.getElementById('main').dataset.crawlOld = 'yes'; }")
        link.click()
        self.page.wait_for_function("() => !document.querySelector('[data-crawl-old]')")

    def links(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(link => link.getAttribute('href'))"
        )
        result = []
        for href in hrefs:
            address = urljoin(self.page.url, href).split("#")[0]
            parts = urlsplit(address)
            if not address.startswith(self.site) or NOT_PAGES.search(parts.path):
                continue
            result.append(address)
        return result

    def check(self) -> None:
        self.visited.append(kind(self.page.url))
        self.found += findings(self.page, self.checks)
        if self.dark:
            path = urlsplit(self.page.url).path
            self.found += [f"{path}: light {item} in dark mode" for item in
                           self.page.evaluate(LIGHT_SURFACES)]

    def visit_from(self, parent: str) -> None:
        """Check every new kind of page linked from ``parent``, clicking through to it."""
        for address in self.links():
            if kind(address) in self.seen or len(self.seen) >= MAX_PAGES:
                continue
            self.seen.add(kind(address))
            if self.page.url != parent:
                self.page.goto(parent)
                self.settle()
            href = address.removeprefix(self.site)
            link = self.page.locator(f'a[href="{href}"]').first
            if link.count() and link.is_visible():
                self.click(link)
            else:
                self.page.goto(address)
            self.settle()
            self.check()
            here = self.page.url
            self.visit_from(here)
            self.forms_from(here)

    def forms_from(self, parent: str) -> None:
        """Submit each new kind of search or step form (GET) of ``parent`` as it stands."""
        if self.page.url != parent:
            self.page.goto(parent)
            self.settle()
        count = self.page.locator("main form[method=get]").count()
        for index in range(count):
            if self.page.url != parent:
                self.page.goto(parent)
                self.settle()
            form = self.page.locator("main form[method=get]").nth(index)
            action = urljoin(parent, form.get_attribute("action") or parent)
            names = form.evaluate(
                "form => [...form.elements].map(field => field.name).filter(Boolean)"
            )
            target = kind(action + "?" + "&".join(f"{name}=" for name in names))
            if target in self.seen or NOT_PAGES.search(urlsplit(action).path):
                continue
            self.seen.add(target)
            if not form.evaluate("form => form.checkValidity()"):
                continue  # a search that needs words typed first
            self.click(form.locator("[type=submit]").first)
            self.settle()
            self.check()
            here = self.page.url
            self.visit_from(here)
            self.forms_from(here)

    def crawl(self) -> None:
        self.page.goto(f"{self.site}/")
        self.settle()
        home = self.page.url
        self.seen.add(kind(home))
        self.check()
        menu = self.page.get_by_role("navigation", name="Main").get_by_role("link")
        names = [name for name in menu.all_inner_texts() if name.strip()]
        for name in names:
            self.page.goto(home)
            self.settle()
            self.click(
                self.page.get_by_role("navigation", name="Main").get_by_role(
                    "link", name=name, exact=True
                )
            )
            self.settle()
            self.seen.add(kind(self.page.url))
            self.check()
        self.visit_from(home)
        self.forms_from(home)

    def submit(self, address: str, button: str, answer_no: bool = False) -> None:
        """Open ``address``, press ``button`` and check the page it gives.

        ``answer_no`` answers "no" to every yes/no question first (the screening).
        """
        self.page.goto(f"{self.site}{address}")
        self.settle()
        if answer_no:
            for radio in self.page.locator("input[type=radio][value=no]").all():
                radio.check()
        pressed = self.page.get_by_role("button", name=button)
        if not pressed.count():
            self.found.append(f"{address}: no button {button!r} to press")
            return
        self.click(pressed.first)
        self.settle()
        self.check()


@pytest.fixture
def site(app: Any, clock: StepClock) -> Iterator[str]:
    require_chromium()
    database = app.state["occlusion"].database
    for role, (email, name) in PEOPLE.items():
        accounts.sign_up(
            database,
            email=email,
            password=PASSWORD,
            display_name=name,
            role=role,
            policy=TEST_POLICY,
            now=START,
            allow_admin=True,
        )
    with live_server(app) as base:
        yield base


def sign_in(page: Any, site: str, role: str) -> None:
    page.goto(f"{site}/sign-in")
    page.get_by_label("E-mail address").fill(PEOPLE[role][0])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)


def fill_record(page: Any, site: str, clock: StepClock) -> str:
    """Give the athlete's record data for every page, through the JSON API."""
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    headers = {"x-csrftoken": csrf}

    def post(path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = page.request.post(f"{site}/api{path}", data=body or {}, headers=headers)
        assert response.ok, f"{path}: {response.text()}"
        return dict(response.json())

    person = post("/me/profile", {"sex": "female", "birth_year": 1995, "body_mass": 64})[
        "person_id"
    ]
    base = f"/people/{person}"
    post(f"{base}/measurements/blood-pressure", {"systolic": 118, "diastolic": 76})
    for side in ("left", "right"):
        post(f"{base}/measurements/limb", {"limb": "thigh", "side": side, "circumference": 55})
        post(f"{base}/lop/measured", {"limb": "thigh", "side": side, "cuff_width_cm": 18,
                                      "lop_mmhg": 180})
    answers: dict[str, Any] = dict.fromkeys(CLEAR_ANSWERS, False)
    answers["pregnancy"] = "no"
    post(f"{base}/screening", answers)
    post(f"{base}/plan", WRAP_PLAN)
    # A completed session, then one stopped by a symptom.
    post(f"{base}/session/start")
    post(f"{base}/session/confirm")
    for number, reps in enumerate((30, 15, 15, 15)):
        post(f"{base}/session/log", {"reps": reps, "rpe": 7, "discomfort": 4})
        if number < 3:
            post(f"{base}/session/skip")
    clock.advance(86400 * 2)
    post(f"{base}/session/start")
    post(f"{base}/session/confirm")
    post(f"{base}/session/log", {"reps": 28, "discomfort": 6, "symptoms": ["tingling"]})
    post(f"{base}/session/report", {"symptom": "dizziness"})
    clock.advance(3600)
    for role in ("coach", "clinician"):
        post("/me/grants", {"email": PEOPLE[role][0]})
    return str(person)


@pytest.mark.parametrize("role", ["athlete", "coach", "clinician", "admin"])
def test_no_raw_ids_dates_or_commands_on_any_page(
    site: str, clock: StepClock, role: str
) -> None:
    with chromium() as browser:
        athlete = browser.new_context(viewport=NARROW).new_page()
        sign_in(athlete, site, "athlete")
        person = fill_record(athlete, site, clock)
        if role != "athlete":
            # Someone else's reads and writes, for the athlete's audit log and the admin's.
            other = browser.new_context(viewport=NARROW).new_page()
            sign_in(other, site, "coach")
            other.goto(f"{site}/roster")
            other.get_by_role("link", name="Ada Athlete").first.click()
            other.wait_for_load_state("networkidle")
            other.context.close()
        page = athlete if role == "athlete" else browser.new_context(
            viewport=NARROW, has_touch=True, is_mobile=True
        ).new_page()
        if role != "athlete":
            sign_in(page, site, role)
        crawler = Crawler(page, site)
        crawler.crawl()
        if role != "admin":
            # A page that answers a form: the screening result. (The LOP pages are reached by
            # their GET forms in the crawl itself.)
            crawler.submit(f"/people/{person}/screening", "See my screening result", answer_no=True)
    assert len(crawler.visited) >= {"athlete": 10, "coach": 6, "clinician": 6, "admin": 3}[role], (
        crawler.visited
    )
    assert crawler.found == [], "\n".join(crawler.found)


@pytest.mark.parametrize("role", ["athlete", "coach"])
def test_dark_mode_follows_the_system_on_every_page(
    site: str, clock: StepClock, role: str
) -> None:
    with chromium() as browser:
        athlete = browser.new_context(viewport=NARROW, color_scheme="dark").new_page()
        sign_in(athlete, site, "athlete")
        person = fill_record(athlete, site, clock)
        page = athlete
        if role != "athlete":
            page = browser.new_context(viewport=NARROW, color_scheme="dark").new_page()
            sign_in(page, site, role)
        assert page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
        assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == (
            "rgb(18, 20, 22)"
        )
        crawler = Crawler(page, site, dark=True)
        crawler.crawl()
        if role == "athlete":
            page.goto(f"{site}/people/{person}/history")
            page.locator("#progress-chart canvas").wait_for()
            page.screenshot(path=screenshot_path("history-dark-phone.png"), full_page=True)
        else:
            page.goto(f"{site}/roster")
            page.screenshot(path=screenshot_path("roster-dark-phone.png"), full_page=True)
        # The check finds a light surface when there is one.
        page.evaluate(
            "() => { const box = document.createElement('div'); box.id = 'planted';"
            " box.style.background = '#fff'; box.textContent = 'x';"
            " document.querySelector('main').append(box); }"
        )
        assert "div#planted" in page.evaluate(LIGHT_SURFACES)
    assert len(crawler.visited) >= 6, crawler.visited
    assert crawler.found == [], "\n".join(crawler.found)


def test_no_raw_ids_dates_or_commands_before_signing_in(site: str) -> None:
    with chromium() as browser:
        page = browser.new_context(viewport=NARROW).new_page()
        crawler = Crawler(page, site)
        for address in ("/sign-in", "/sign-up", "/offline", "/no-such-page", "/reset/not-a-token"):
            page.goto(f"{site}{address}")
            crawler.settle()
            crawler.check()
        # A refused sign-in and a refused sign-up, with their messages.
        page.goto(f"{site}/sign-in")
        page.get_by_label("E-mail address").fill(PEOPLE["athlete"][0])
        page.get_by_label("Password").fill("not the password at all")
        crawler.click(page.get_by_role("button", name="Sign in"))
        crawler.check()
        refusal = page.locator("main [role=alert]").first.inner_text().strip()
        assert refusal[:1].isupper(), refusal
        page.goto(f"{site}/sign-up")
        # The server's own refusal of an empty form (the browser's checks are switched off).
        page.evaluate("() => document.querySelectorAll('form').forEach(f => f.noValidate = true)")
        crawler.click(page.get_by_role("button", name="Create account"))
        crawler.check()
    assert crawler.found == [], "\n".join(crawler.found)


def test_the_rules_find_what_they_should() -> None:
    checks = rules()

    def hits(text: str) -> list[str]:
        return [what for what, pattern in checks if pattern.search(text)]

    assert hits("Protocol resistance-30-15-15-15") == ["a raw id"]
    assert hits("left-arm: 12 s") == ["a raw id"]
    assert hits("by rbme_2019_thigh_18cm") == ["a raw id"]
    assert hits("at 2026-11-24T09:00:00+01:00") == ["an ISO timestamp"]
    assert hits("on 2026-11-24.") == ["an ISO date"]
    assert hits("run 'occlusion lop measure'") == ["a command"]
    assert hits("or pass --cuff-width") == ["a command-line flag"]
    assert hits("as [limbs.measured_lop]") == ["a profile key"]
    assert hits("30-15-15-15 resistance, left arm, 24 Nov 2026, 09:00 — limb occlusion") == []
