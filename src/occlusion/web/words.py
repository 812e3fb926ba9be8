"""The web app's words for the codes the layers below return (alerts, refusals, errors).

Services and science say *what* happened with a code and its fields; this module says it to a
person on a phone or at a clinic desk, with a next step they can take on a page (never a
command to run). A code without an entry here falls back to the message that came with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

_ALERTS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "not-screened": lambda fields: "not screened",
    "screening": lambda fields: f"screening: {fields.get('decision', '?')}",
    "no-lop": lambda fields: "no LOP on record",
    "lop-old": lambda fields: f"LOP {fields.get('days', '?')} days old",
    "symptoms": lambda fields: "symptoms reported",
    "high-discomfort": lambda fields: (
        f"{fields.get('sets', '?')} set(s) with discomfort above {fields.get('above', 7):g}/10"
    ),
}


def alert_text(alert: Mapping[str, Any]) -> str:
    """Return the roster's words for an alert (a mapping with ``code`` and its fields)."""
    code = str(alert.get("code", ""))
    render = _ALERTS.get(code)
    return render(alert) if render is not None else code.replace("-", " ")
