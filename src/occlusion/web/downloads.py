"""The download formats the history page offers, with the words a person chooses from."""

from __future__ import annotations

#: What the download form offers, in the order shown, with the words people see.
DOWNLOADS = {
    "pdf": "Clinical report (PDF)",
    "fhir": "FHIR bundle for clinic records (JSON)",
    "fit": "Garmin activities (FIT files in a zip)",
    "strong": "Strong app (CSV)",
    "hevy": "Hevy app (CSV)",
    "csv": "Spreadsheet, one row per set (CSV)",
    "json": "Complete backup (JSON)",
}
