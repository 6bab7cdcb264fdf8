"""The HTML pages in a real browser (Debian's headless chromium): the audit, trend and diff pages at
1,280 px, on a 400 px phone and laid out for print; every chart lies inside the page, nothing is wider
than the page, the PDF prints, and an injected script never runs.

The pages forbid scripts (CSP), so geometry is measured on a copy of each page with the policy removed and
a measuring script appended; the copy is the page's own markup and stylesheet otherwise. For the print
layout the copy's ``@media print`` rules are applied on screen at the width of an A4 page's text block.
Set TPSCORE_SCREENSHOTS=DIR to keep PNG screenshots of every page and width (CI artefacts).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import EXAMPLES, HOSTILE, audit_run, example_files, hostile_copy

from tpscore.gates import Gates
from tpscore.render.formats import render

BROWSER = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="chromium is not installed (apt-get install -y chromium); "
                                                        "the browser checks are skipped")
PRINT_WIDTH = 688  # A4 (210 mm) less the stylesheet's 14 mm margins, at 96 px per inch
WIDTHS = {"desktop": 1280, "phone": 400, "print": PRINT_WIDTH}

MEASURE = """<script>
(function () {
  var width = document.documentElement.clientWidth, out = {width: width, charts: [], wide: []};
  out.scrollWidth = document.documentElement.scrollWidth;
  document.querySelectorAll('svg').forEach(function (svg) {
    var box = svg.getBoundingClientRect();
    if (!box.width) { return; }  // the chart for the other screen size is hidden
    var view = svg.viewBox.baseVal, inner = svg.getBBox();
    out.charts.push({label: svg.getAttribute('aria-label').slice(0, 60), left: box.left, right: box.right,
      inside: inner.x >= view.x - 0.5 && inner.y >= view.y - 0.5 && inner.x + inner.width <= view.x + view.width + 0.5
              && inner.y + inner.height <= view.y + view.height + 0.5,
      inner: [inner.x, inner.y, inner.width, inner.height], view: [view.width, view.height]});
  });
  document.querySelectorAll('body *').forEach(function (el) {
    var box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5)) { out.wide.push(el.tagName + '.' + el.className); }
  });
  document.body.setAttribute('data-geometry', JSON.stringify(out));
})();
</script>"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--hide-scrollbars", f"--user-data-dir={profile}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def measurable(text: str, layout: str) -> str:
    """The page without its CSP, with the measuring script, and for ``print`` its print rules on screen."""
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    if layout == "print":
        text = text.replace("@media print{", "@media all{")
    return text.replace("</body>", MEASURE + "</body>")


def geometry(tmp_path: Path, text: str, layout: str) -> dict:
    target = tmp_path / f"measure-{layout}.html"
    target.write_text(measurable(text, layout), encoding="utf-8")
    dom = chromium(tmp_path, f"--window-size={WIDTHS[layout]},1000", "--dump-dom", target.as_uri()).stdout
    found = re.search(r'data-geometry="([^"]*)"', dom)
    assert found, dom[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
                      .replace("&gt;", ">"))


def pages(tmp_path: Path) -> dict[str, str]:
    from tpscore.diff import diff_reports
    from tpscore.render.formats import DIFF, TREND
    from tpscore.revisions import Version
    from tpscore.trend import build_trend

    old, new = (audit_run(EXAMPLES / f"home-services-2026-{q}.yaml").reports[0] for q in ("Q2", "Q3"))
    return {
        "audit": render("html", audit_run(EXAMPLES / "auction-absentee-bidder.yaml")),
        "audit-many": render("html", audit_run(*example_files(), HOSTILE, gates=Gates(max_friction=40))),
        "trend": TREND.render("html", build_trend([Version(old, "examples/home-services-2026-Q2.yaml"),
                                                  Version(new, "examples/home-services-2026-Q3.yaml")])),
        "diff": DIFF.render("html", diff_reports(old, new)),
    }


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, str]:
    return pages(tmp_path_factory.mktemp("pages"))


@pytest.mark.parametrize("layout", list(WIDTHS))
@pytest.mark.parametrize("name", ["audit", "audit-many", "trend", "diff"])
def test_charts_lie_inside_the_page_and_nothing_is_wider_than_it(rendered, name, layout, tmp_path):
    found = geometry(tmp_path, rendered[name], layout)
    width = found["width"]
    assert found["scrollWidth"] <= width, f"{name} scrolls sideways at {layout}: {found['wide'][:5]}"
    assert not found["wide"], f"{name} at {layout}: wider than the page: {found['wide'][:5]}"
    assert found["charts"] or name == "diff", f"{name} shows no chart at {layout}"
    for chart in found["charts"]:
        assert 0 <= chart["left"] and chart["right"] <= width, (name, layout, chart)
        assert chart["inside"], f"{name} at {layout}: a chart draws outside its viewBox: {chart}"
    if name == "audit":
        assert any(chart["label"].startswith("Emotion across 12 touchpoints") for chart in found["charts"])
    keep = os.environ.get("TPSCORE_SCREENSHOTS")
    if keep:
        page = tmp_path / f"{name}.html"
        page.write_text(rendered[name], encoding="utf-8")
        Path(keep).mkdir(parents=True, exist_ok=True)
        shot = Path(keep).resolve() / f"{name}-{layout}.png"
        chromium(tmp_path, f"--window-size={WIDTHS[layout]},2400", f"--screenshot={shot}", page.as_uri())


@pytest.mark.parametrize("name", ["audit", "trend", "diff"])
def test_every_page_prints_to_pdf(rendered, name, tmp_path):
    page = tmp_path / f"{name}.html"
    page.write_text(rendered[name], encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages_printed = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages_printed >= (3 if name == "audit" else 1)  # the audit's sections start on new pages


def test_the_page_never_runs_the_injected_script(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = render("html", audit_run(hostile_copy(tmp_path), HOSTILE, gates=Gates(max_friction=10)))
    target = tmp_path / "report.html"
    target.write_text(text, encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", target.resolve().as_uri()).stdout
    assert "<body" in dom
    assert "<script" not in dom.lower()
    assert "&lt;script&gt;document.body.setAttribute('data-pwned','1')&lt;/script&gt;" in dom
    assert 'data-pwned="1"' not in dom  # the injected script would have set it on <body>
    assert "<img" not in dom.lower()
