"""Render `tpscore export mermaid` output with the real Mermaid CLI and check what it draws.

Exports every example journey plus one with hostile names (Mermaid's comment, separator and markup
characters), renders them all in one mmdc run (one browser start) and checks that each SVG shows every
stage and touchpoint name as written, and that no name turned into markup.

Needs @mermaid-js/mermaid-cli and a Chromium. On Debian:

    apt-get install chromium
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix /tmp/mmdc @mermaid-js/mermaid-cli
    PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium MMDC=/tmp/mmdc/node_modules/.bin/mmdc \\
        python scripts/check_mermaid_render.py

Exit 0 when every diagram renders as expected; tests/test_mermaid_render.py runs it when MMDC is set.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tpscore.mermaid_export import to_mermaid  # noqa: E402
from tpscore.model import build_journey  # noqa: E402
from tpscore.validate import validate_file  # noqa: E402

HOSTILE = build_journey({
    "version": 1,
    "journey": {"id": "hostile", "name": "Plan #1: 50%% off; journey", "stages": ["journey", "title-deed"]},
    "touchpoints": [
        {"id": "a", "name": "Pay: now <b>bold</b>", "stage": "journey", "emotion": -2, "actors": ["R, D: x", "Ops"]},
        {"id": "b", "name": "Title deed #2; accTitle: no", "stage": "title-deed", "emotion": 2},
        {"id": "c", "name": "section 3 {braces}", "stage": "title-deed", "owner": "legal"},
    ],
})


def journeys() -> list:
    found = [validate_file(str(path)).journey for path in sorted((ROOT / "examples").glob("*.yaml"))]
    return [*found, HOSTILE]


def svg_text(svg: str) -> str:
    """What a reader sees: the SVG's text with tags as spaces, entities decoded, blanks collapsed."""
    return " " + " ".join(html.unescape(re.sub(r"<[^>]*>", " ", svg)).split()) + " "


def main() -> int:
    mmdc = os.environ.get("MMDC") or shutil.which("mmdc")
    if not mmdc:
        print("mmdc not found: set MMDC to the mermaid-cli binary", file=sys.stderr)
        return 2
    items = journeys()
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        page = "\n\n".join(f"```mermaid\n{to_mermaid(journey)[0]}```" for journey in items)
        (work / "diagrams.md").write_text(page, encoding="utf-8")
        (work / "puppeteer.json").write_text(json.dumps({"args": ["--no-sandbox"]}), encoding="utf-8")
        done = subprocess.run([mmdc, "-q", "-i", "diagrams.md", "-o", "out.md", "-p", "puppeteer.json"],
                              cwd=work, capture_output=True, text=True, timeout=300)
        if done.returncode:
            print(done.stdout + done.stderr, file=sys.stderr)
            return 1
        for number, journey in enumerate(items, 1):
            svg_path = work / f"out-{number}.svg"
            if not svg_path.is_file():
                failures.append(f"{journey.id}: no SVG rendered")
                continue
            svg = svg_path.read_text(encoding="utf-8")
            shown = svg_text(svg)
            expected = {" ".join(tp.name.split()) for tp in journey.touchpoints}
            expected |= {stage for stage in journey.stages if any(tp.stage == stage for tp in journey.touchpoints)}
            missing = sorted(text for text in expected if f" {text} " not in shown)
            if missing:
                failures.append(f"{journey.id}: not drawn as written: {missing}")
            if "<b>" in svg:
                failures.append(f"{journey.id}: a name became markup")
            print(f"{journey.id}: {len(journey.touchpoints)} tasks rendered ({svg_path.stat().st_size} bytes of SVG)")
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
