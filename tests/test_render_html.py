"""The HTML report: one self-contained page (no script, no network), all user text escaped, checked with
html.parser and in a real headless browser (Debian's chromium) when one is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import HOSTILE, audit_run, example_files, hostile_copy, invalid_file

from tpscore.gates import Gates
from tpscore.render import html as html_report
from tpscore.render.formats import render

CHROMIUM = "/usr/bin/chromium"
CSP = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
       'img-src data:">')
VOID = {"meta", "br", "hr", "img", "input", "link"}


class Page(HTMLParser):
    """Tags, attributes and text of a page; fails on unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.stack: list[str] = []
        self.text = ""
        self.titles: list[str] = []
        self._title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        if tag not in VOID:
            self.stack.append(tag)
        self._title = tag == "title"

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()
        self._title = False

    def handle_data(self, data):
        self.text += data
        if self._title:
            self.titles.append(data)


def page(text: str) -> Page:
    parser = Page()
    parser.feed(text)
    parser.close()
    assert parser.stack == [], f"unclosed tags: {parser.stack}"
    return parser


@pytest.fixture
def hostile_html(tmp_path, monkeypatch) -> str:
    monkeypatch.chdir(tmp_path)
    return render("html", audit_run(hostile_copy(tmp_path), HOSTILE, invalid_file(tmp_path),
                                    gates=Gates(max_friction=10)))


def test_page_is_self_contained_with_a_strict_csp_and_no_script_or_url(hostile_html):
    assert hostile_html.startswith("<!DOCTYPE html>\n")
    assert CSP in hostile_html
    parsed = page(hostile_html)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "iframe" not in parsed.tags
    names = {name for name, _ in parsed.attrs}
    assert not {n for n in names if n.startswith("on")}, "event handler attribute"
    assert not names & {"href", "src", "xlink:href", "action", "srcset", "xmlns"}
    assert not re.search(r"<script|https?:|url\(|@import", hostile_html, re.IGNORECASE)


def test_user_text_is_shown_as_text(hostile_html):
    parsed = page(hostile_html)
    assert "<script>alert(1)</script>" in parsed.text
    assert "<img src=x onerror=alert(1)>" in parsed.text
    assert "]]><!-- --> <![CDATA[x]]>" in parsed.text
    assert "&amp;" in parsed.text and '"quotes"' in parsed.text
    assert "\a" not in hostile_html


def test_charts_and_sections_for_each_journey():
    run = audit_run(HOSTILE)
    text = render("html", run)
    parsed = page(text)
    report = run.reports[0]
    assert parsed.tags.count("svg") == 2
    assert parsed.tags.count("circle") >= len(report["touchpoints"])
    assert parsed.tags.count("rect") == len(report["stages"])
    for index, t in enumerate(report["touchpoints"], 1):  # a tooltip per point
        assert any(title.startswith(f"{index}. {t['id']}: ") for title in parsed.titles), t["id"]
    for heading in ("Emotion curve across touchpoints", "Friction per stage", "Coverage checks", "Findings (",
                    "Costliest touchpoints", "Stages", "Touchpoints"):
        assert heading in parsed.text, heading
    assert "✓ an unhappy or recovery path exists (1/1)" in parsed.text
    assert "✗ every stage has a touchpoint (4/5): orphan" in parsed.text
    assert "All journeys" not in parsed.text


def test_several_journeys_get_a_summary_table_on_top(tmp_path):
    run = audit_run(HOSTILE, *example_files(), invalid_file(tmp_path), gates=Gates(fail_under=(("coverage", 99),)))
    parsed = page(render("html", run))
    assert parsed.text.index("All journeys") < parsed.text.index("Failed gates") < parsed.text.index("Invalid files")
    assert parsed.tags.count("section") == len(run.reports)
    assert parsed.tags.count("svg") == 2 * len(run.reports)


def test_svg_escapes_titles_and_attributes():
    touchpoint = {"id": "a", "name": '"><script>x</script>', "stage": "s<", "path": "happy", "moments": ["first"],
                  "emotion": None, "friction": 0.0}
    svg = html_report.emotion_svg([touchpoint])
    assert "<script" not in svg and "&lt;script&gt;" in svg and "&quot;&gt;" in svg
    stage = {"id": "x", "touchpoints": 0, "covered": False, "friction": None, "emotion": None, "csat": None}
    assert "gap" in html_report.friction_svg([stage], limit=60)


def test_chromium_renders_the_page_and_never_runs_the_injected_script(hostile_html, tmp_path):
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("chromium is not installed (apt-get install -y chromium); the browser check is skipped")
    target = tmp_path / "report.html"
    target.write_text(hostile_html, encoding="utf-8")
    command = [CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), "--headless", "--no-sandbox",
               "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
               "--dump-dom", target.resolve().as_uri()]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    dom = result.stdout
    assert result.returncode == 0 and "<body" in dom, result.stderr[-2000:]
    assert "<script" not in dom.lower()
    assert "&lt;script&gt;document.body.setAttribute('data-pwned','1')&lt;/script&gt;" in dom
    assert 'data-pwned="1"' not in dom  # the injected script would have set it on <body>
    assert "<img" not in dom.lower()
    assert dom.count("<svg") == 4  # two charts for each of the two journeys
