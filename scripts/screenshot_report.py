"""Regenerate the screenshots of the HTML report shown in the README (docs/report.png at 1,280 px and
docs/report-phone.png at 400 px) with headless Chromium. Run from the repository root:

    python scripts/screenshot_report.py [--chromium PATH]

The report is the auction example's (``tpscore audit examples/auction-absentee-bidder.yaml -f html``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/auction-absentee-bidder.yaml"
SHOTS = {"report.png": (1280, 1180), "report-phone.png": (400, 1500)}


def report_html() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from tpscore.auditrun import audit
    from tpscore.render.formats import render

    return render("html", audit([EXAMPLE]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    if not Path(args.chromium).exists():
        sys.stderr.write("chromium not found (apt-get install -y chromium, or --chromium PATH)\n")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(report_html(), encoding="utf-8")
        for name, (width, height) in SHOTS.items():
            target = ROOT / "docs" / name
            subprocess.run([args.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--hide-scrollbars", f"--user-data-dir={Path(folder) / 'profile'}",
                            f"--window-size={width},{height}", f"--screenshot={target}", page.as_uri()],
                           check=True, capture_output=True, timeout=120)
            print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
