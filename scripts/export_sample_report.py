"""Refresh docs/export-report-page1.png: page 1 of a sample PDF report.

Run: ``.venv/bin/python scripts/export_sample_report.py`` (needs the dev extras and Debian's
poppler-utils for ``pdftoppm``). It builds a throw-away training log with two guided sessions on
the simulated cuff (the same log the export tests use), exports the person's report and renders
its first page.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.services.cuff_log import build_cuff_log_file  # noqa: E402
from tests.services.flow import WHEN  # noqa: E402

from occlusion.services.exports import export  # noqa: E402
from occlusion.store.engine import open_database  # noqa: E402

OUT = ROOT / "docs" / "export-report-page1.png"


def main() -> None:
    """Build the sample log, export its report and render page 1."""
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "occlusion.db"
        person = build_cuff_log_file(log)
        database = open_database(f"sqlite:///{log}")
        try:
            report = export(database, "pdf", person=person, now=WHEN)
        finally:
            database.close()
        pdf = Path(folder) / "report.pdf"
        pdf.write_bytes(report.data)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(OUT.with_suffix(""))],
            check=True,
        )
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
