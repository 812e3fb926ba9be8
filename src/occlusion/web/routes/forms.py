"""Helpers for HTML form handlers: typed fields, a form that keeps its answers, one submission.

A page draws each of its forms from a :class:`FormState`: a fresh one holds a new submission
token; after a refusal the handler draws the same page again with the failed form's state, so
every answer stays where it was typed and each error sits beside its field. :func:`submit` runs
a form's work once per token (a double tap or a resend shows the result without doing it twice).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from litestar import Request, Response
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from occlusion.errors import InputError, NotEstimableError, ScreeningBlockError
from occlusion.services import submissions
from occlusion.text import without_control_characters
from occlusion.web.context import app_state, current_account, require_account
from occlusion.web.display import reader_units, unit_symbols
from occlusion.web.fields import FormInvalid, Number, read_form
from occlusion.web.guard import control_fields
from occlusion.web.words import error_text

#: A URL-encoded form, parsed before a synchronous handler runs in a worker thread.
Form = URLEncodedBody[dict[str, str]]

#: The message beside a field that held invisible control characters (they are taken out of it).
CONTROL_MESSAGE = (
    "Remove the invisible control characters: they were taken out of what you typed here; "
    "check it and send it again."
)

#: Refusals that a form shows above itself, keeping every answer (the rest go to the error page).
REFUSALS = (InputError, NotEstimableError, ScreeningBlockError)


class FormState:
    """What one form shows: the values typed, the error per field, its submission token."""

    def __init__(
        self,
        values: Mapping[str, Any] | None = None,
        errors: Mapping[str, str] | None = None,
        general: str | None = None,
        missing: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        self.values = dict(values or {})
        self.errors = dict(errors or {})
        self.general = general
        #: What the record still lacks for this form's work (codes and fields), each shown
        #: with a link to the page that records it.
        self.missing = [dict(item) for item in missing]
        self.token = submissions.new_token()

    @property
    def failed(self) -> bool:
        """Whether this form was refused (and is drawn again)."""
        return bool(self.errors or self.general or self.missing)

    def value(self, name: str, default: Any = "") -> Any:
        """Return what was typed in ``name``, or ``default`` on a fresh form."""
        value = self.values.get(name)
        return default if value is None else value

    def error(self, name: str) -> str | None:
        """Return the message for field ``name``, if it was refused."""
        return self.errors.get(name)


class Forms:
    """The forms of one page by name; the refused one keeps its state, the others are fresh."""

    def __init__(self, failed: str | None = None, state: FormState | None = None) -> None:
        self._states: dict[str, FormState] = {}
        if failed is not None and state is not None:
            self._states[failed] = state

    def __getattr__(self, name: str) -> FormState:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._states.setdefault(name, FormState())

    def __getitem__(self, name: str) -> FormState:
        return self.__getattr__(name)


def number(fields: Mapping[str, str], name: str, *, required: bool = True) -> float | None:
    """Return the form field ``name`` as any finite number (for forms without bounds yet)."""
    value = read_form(
        fields, (Number(name, name.replace("_", " ").capitalize(), -1e9, 1e9, required=required),)
    )[name]
    return None if value is None else float(value)


def whole(fields: Mapping[str, str], name: str, *, required: bool = True) -> int | None:
    """Return the form field ``name`` as a whole number."""
    value = read_form(
        fields,
        (
            Number(
                name, name.replace("_", " ").capitalize(), -1e9, 1e9, whole=True, required=required
            ),
        ),
    )[name]
    return None if value is None else int(value)


def page(
    request: Request[Any, Any, Any], name: str, status_code: int = 200, **context: Any
) -> Template:
    """Render the template ``name`` with the signed-in account and its units in its context."""
    context.setdefault("forms", Forms())
    system = reader_units(request)
    return Template(
        name,
        context={
            "account": current_account(request),
            "units": system,
            "symbols": unit_symbols(system),
            **context,
        },
        status_code=status_code,
    )


def see_other(path: str) -> Redirect:
    """Redirect after a successful form post (303, so a reload does not post again)."""
    return Redirect(path, status_code=303)


def refused(
    form: str, fields: Mapping[str, str], problem: FormInvalid | InputError | Exception
) -> Forms:
    """Return the page's forms with ``form`` refused for ``problem``, its answers kept."""
    values = {
        key: without_control_characters(value)
        for key, value in fields.items()
        if "password" not in key
    }
    if isinstance(problem, FormInvalid):
        state = FormState(values, problem.errors, problem.general)
    else:
        missing = (getattr(problem, "fields", None) or {}).get("missing")
        if isinstance(missing, list) and missing:
            state = FormState(values, missing=missing)
        else:
            state = FormState(values, general=error_text(problem))
    return Forms(form, state)


#: Above a form sent by address whose hidden part (not a field the person sees) held them.
CONTROL_IN_ADDRESS = (
    "Part of this page's address held invisible control characters; they were taken out. "
    "Check your choices and send them again."
)


def control_problem(
    request: Request[Any, Any, Any], shown: Collection[str] | None = None
) -> FormInvalid | None:
    """Return the refusal for form fields that held control characters, if any did.

    Only for handlers marked with :func:`occlusion.web.guard.keeps_form` (the guard refuses
    them on any other request before the handler runs). ``shown`` names the fields the page
    draws (for a form sent by address, whose query may carry more); a message about any other
    goes above the form.
    """
    names = control_fields(request)
    if not names:
        return None
    if shown is None:
        return FormInvalid(dict.fromkeys(sorted(names), CONTROL_MESSAGE))
    beside = sorted(names & set(shown))
    general = None if names <= set(shown) else CONTROL_IN_ADDRESS
    return FormInvalid(dict.fromkeys(beside, CONTROL_MESSAGE), general)


def submit(
    request: Request[Any, Any, Any],
    fields: Mapping[str, str],
    *,
    form: str,
    done: str,
    work: Callable[[], Response[Any]],
    redraw: Callable[[Forms], Response[Any]],
) -> Response[Any]:
    """Do a form's ``work`` once per submission token; draw the page again if it is refused.

    Parameters
    ----------
    form
        The form's name on its page (which form the errors belong to).
    done
        Where a repeat of an already accepted submission is sent (the result page).
    work
        Reads the fields, calls the use case, returns the response (usually a redirect).
    redraw
        Draws the page with the given forms (status 400 is set here).
    """
    state = app_state(request)
    account = require_account(request)
    control = control_problem(request)
    if control is not None:
        response = redraw(refused(form, fields, control))
        response.status_code = 400
        return response
    token = submissions.parse_token(fields.get("submission"))
    if token is not None and not submissions.claim(
        state.database, token, actor_id=account.id, action=form, now=state.now()
    ):
        return see_other(done)
    try:
        return work()
    except (FormInvalid, *REFUSALS) as problem:
        if token is not None:
            submissions.release(state.database, token)
        response = redraw(refused(form, fields, problem))
        # A refusal of the layers below keeps its meaning: nothing to estimate, screening first.
        blocked = isinstance(problem, (NotEstimableError, ScreeningBlockError))
        response.status_code = 409 if blocked else 400
        return response
    except Exception:
        if token is not None:
            submissions.release(state.database, token)
        raise
