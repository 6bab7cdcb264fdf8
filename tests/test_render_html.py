"""The HTML report: one self-contained page (no script, no network), all user text escaped, checked with
html.parser and in a real headless browser (Debian's chromium) when one is installed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from helpers import EXAMPLES, HOSTILE, audit_run, example_files, hostile_copy, invalid_file

from tpscore.auditrun import AuditRun
from tpscore.gates import Gates
from tpscore.render import charts
from tpscore.render import html as html_report
from tpscore.render.formats import render

CSP = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
       'img-src data:">')
VOID = {"meta", "br", "hr", "img", "input", "link", "col"}


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
    assert parsed.tags.count("main") == 1
    names = {name for name, _ in parsed.attrs}
    assert not {n for n in names if n.startswith("on")}, "event handler attribute"
    assert not names & {"src", "xlink:href", "action", "srcset", "xmlns"}
    links = [value for name, value in parsed.attrs if name == "href"]
    assert links and all(re.fullmatch(r"#journey-\d+", value) for value in links)  # only links within the page
    ids = {value for name, value in parsed.attrs if name == "id"}
    assert {link[1:] for link in links} <= ids
    assert not re.search(r"<script|https?:|url\(|@import", hostile_html, re.IGNORECASE)


def test_user_text_is_shown_as_text(hostile_html):
    parsed = page(hostile_html)
    assert "<script>alert(1)</script>" in parsed.text
    assert "<img src=x onerror=alert(1)>" in parsed.text
    assert "]]><!-- --> <![CDATA[x]]>" in parsed.text
    assert "&amp;" in parsed.text and '"quotes"' in parsed.text
    assert "\a" not in hostile_html


def _in_order(text: str, *parts: str) -> None:
    positions = [text.find(part) for part in parts]
    assert -1 not in positions, [p for p, at in zip(parts, positions) if at == -1]
    assert positions == sorted(positions), sorted(zip(positions, parts))


def test_one_journey_reads_in_the_order_its_owners_need():
    example = EXAMPLES / "auction-absentee-bidder.yaml"
    run = audit_run(example)
    parsed = page(render("html", run))
    report = run.reports[0]
    assert parsed.titles[0] == report["journey"]["name"]  # the others are the charts' tooltips
    _in_order(parsed.text, report["journey"]["name"], "Winning a lot as an absentee bidder fails: customers are "
              "likely to remember it badly", "Friction", "Coverage", "Remembered experience", "Top fixes",
              "How customers leave", "Emotion curve", "Friction per stage", "Voice of the customer",
              f"Findings ({report['summary']['errors']} errors, {report['summary']['warnings']} warnings)",
              "Coverage checks", "Every touchpoint", "CI gates")
    assert "I found out I'd won only when the bill turned up" in parsed.text
    assert "happy path (100% of customers, 380 customers) ends at 'Post-sale survey and next catalogue'" \
        in parsed.text  # the survey's volume: 8,600 enter at the catalogue, 380 end there
    assert "380 of the 8,600 customers who enter end on these routes" in parsed.text
    assert "1 errors" not in parsed.text and "finding(s)" not in parsed.text


def test_findings_are_grouped_by_touchpoint_name_with_the_rule_in_words():
    run = audit_run(EXAMPLES / "auction-absentee-bidder.yaml")
    text = page(render("html", run)).text
    findings = text[text.index("Findings ("):text.index("Coverage checks")]
    _in_order(findings, "Stage win", "stage 'win' has no touchpoint", "A stage has no touchpoint",
              "auction-absentee-bidder.yaml:12", "Damage-in-transit claim (stage collect)")
    assert "An owner change lands on friction with no bridge" in findings  # TP002's summary
    assert findings.count("Damage-in-transit claim (stage collect)") == 1


def _with(report: dict, **keys) -> AuditRun:
    return AuditRun([{**report, **keys}])


OPPORTUNITY = {"id": "o1", "kind": "friction", "title": "Tell bidders they won", "target": "win",
               "fix": "Add a 'you won' email on auction day", "gain": {"friction": -6.5, "experience": 25.0,
                                                                        "coverage": 4.0},
               "reach": 41, "effort": 1, "priority": 9.0, "rank": 1, "owned": None}
ROUTE = {"ending": "damage-claim", "ending_name": "Damage <claim>", "kind": "unhappy", "share": 0.12,
         "customers": 11, "experience": 0.0, "end_emotion": -2, "peak": None}
VOICE = {"text": "Nobody told me <b>I won</b>", "count": 41, "sentiment": -2, "touchpoint": None, "stage": "win",
         "status": "open"}


def test_opportunities_routes_and_voice_are_rendered_when_the_report_has_them():
    report = audit_run(EXAMPLES / "auction-absentee-bidder.yaml").reports[0]
    text = page(render("html", _with(report, opportunities=[OPPORTUNITY], routes=[ROUTE], voice=[VOICE]))).text
    _in_order(text[text.index("Top fixes"):], "Top fixes", "Tell bidders they won",
              "friction -6.5, experience +25.0, coverage +4.0",
              "How customers leave", "unhappy path (12% of customers, 11 customers) ends at 'Damage <claim>'",
              "Voice of the customer", "“Nobody told me <b>I won</b>”", "41 customers · about stage win")
    assert "Fix first: Tell bidders they won" in text
    assert "Where the friction is" not in text and "Unanswered feedback" not in text


SUGGESTION = {"kind": "feedback", "after": "sale-livestream", "before": "invoice", "stage": "win",
              "why": "41 customers <say> nobody told them they won"}


def test_evidence_suggestions_and_felt_emotions_of_report_format_2_are_shown():
    report = audit_run(EXAMPLES / "auction-absentee-bidder.yaml").reports[0]
    touchpoints = [dict(t, emotion=0.5 if t["emotion"] == 0 else t["emotion"]) for t in report["touchpoints"]]
    run = _with(report, evidence={"touchpoints": 0.583, "customers": 0.4}, suggestions=[SUGGESTION],
                touchpoints=touchpoints)
    text = page(render("html", run)).text
    assert "58% of touchpoints are backed by measured evidence, covering 40% of customers" in text
    _in_order(text, "Missing touchpoints", "feedback gap in stage win, after 'sale-livestream', "
              "before 'invoice': 41 customers <say> nobody told them they won", "Findings (")
    markdown = render("markdown", run)
    assert "**Missing touchpoints**" in markdown and "41 customers &lt;say> nobody told them" in markdown
    assert "Missing touchpoints" in render("rich", run)


def test_several_journeys_start_with_an_overview_riskiest_first(tmp_path):
    run = audit_run(HOSTILE, *example_files(), invalid_file(tmp_path), gates=Gates(fail_under=(("coverage", 99),)))
    text = render("html", run)
    parsed = page(text)
    _in_order(parsed.text, "Journeys, riskiest first", "Journeys with the same stages", "Invalid files", "CI gates")
    assert parsed.text.index("Invalid files") < parsed.text.rindex(run.reports[-1]["journey"]["name"])
    assert parsed.tags.count("section") >= len(run.reports)
    table = text[text.index("Journeys, riskiest first"):text.index("</table>")]
    order = [int(n) for n in re.findall(r'href="#journey-(\d+)"', table)]
    assert sorted(order) == list(range(1, len(run.reports) + 1))
    experiences = [run.reports[n - 1]["scores"]["experience"] for n in order
                   if run.reports[n - 1]["status"] == "fail"]
    assert experiences == sorted(experiences)
    assert "Boiler repair (2026-Q2)" in parsed.text and "Boiler repair (2026-Q3)" in parsed.text  # told apart


def test_every_chart_scales_and_has_a_text_alternative(tmp_path):
    run = audit_run(HOSTILE, *example_files())
    for text in (render("html", run), render("html", audit_run(EXAMPLES / "bank-account-closure.yaml"))):
        svgs = re.findall(r"<svg[^>]*>", text)
        assert svgs
        for svg in svgs:
            assert re.search(r'viewBox="0 0 \d+ \d+"', svg) and 'role="img"' in svg and 'aria-label="' in svg, svg
            assert not re.search(r'\s(width|height)="', svg), "a fixed size would clip on a phone or in print"


def test_svg_escapes_titles_and_attributes():
    touchpoint = {"id": "a", "name": '"><script>x</script>', "stage": "s<", "path": "happy", "moments": ["first"],
                  "emotion": None, "friction": 0.0}
    for chart in (html_report.emotion_svg([touchpoint]), charts.emotion_narrow([touchpoint])):
        assert "<script" not in chart and "&lt;script&gt;" in chart and "&quot;&gt;" in chart
    stage = {"id": "x", "touchpoints": 0, "covered": False, "friction": None, "emotion": None, "csat": None}
    assert "gap" in html_report.friction_svg([stage], limit=60)


# -- contrast (WCAG 2.1), computed from the stylesheet's own colours ---------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    css = re.sub(r"@media[^{]*\{((?:[^{}]*\{[^{}]*\})*)[^{}]*\}", r"\1", css)  # media blocks flattened
    css = re.sub(r"@page\{[^}]*\}", "", css)
    return [(selector.strip(), dict(decl.split(":", 1) for decl in body.split(";") if ":" in decl))
            for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)]


def test_text_and_chart_marks_meet_wcag_aa_contrast():
    from tpscore.render.html_page import CSS

    rules = _rules(CSS)
    palette = {f"var(--{name})": value for name, value in rules[0][1].items() for name in [name.lstrip("-")]}
    assert palette["var(--bg)"] == "#ffffff"

    def colour(value: str) -> str:
        value = value.replace("!important", "").strip()
        return palette.get(value, value)

    # Surfaces text may sit on: the page, and every background a rule sets without its own text colour
    # (except the legend's colour swatches, which hold no text).
    surfaces = {"#ffffff"} | {colour(d["background"]) for selector, d in rules[1:]
                              if "background" in d and "color" not in d and ".key" not in selector}
    checked = 0
    for selector, decls in rules[1:]:
        fg = decls.get("color") or (decls.get("fill") if "text" in selector else None)
        if fg and colour(fg).startswith("#"):
            grounds = {colour(decls["background"])} if "background" in decls else surfaces
            for ground in grounds:
                assert contrast(colour(fg), ground) >= 4.5, (selector, fg, ground, contrast(colour(fg), ground))
                checked += 1
        elif selector.startswith("svg .") and "text" not in selector:  # chart marks: 3:1 against the page
            for prop in ("fill", "stroke"):
                value = colour(decls.get(prop, "none"))
                if value.startswith("#") and value != "#ffffff" and prop == "fill" or (
                        prop == "stroke" and value.startswith("#") and selector.split()[-1] not in (".grid", ".zero")):
                    if selector.endswith((".band", ".unknown")):
                        continue  # a background band and the hollow "unknown" dot, not a data mark by colour
                    assert contrast(value, "#ffffff") >= 3, (selector, prop, value)
                    checked += 1
    assert checked > 40


# -- trend and diff pages share the look -------------------------------------------------------------------


def test_trend_and_diff_pages_are_self_contained_in_the_same_look():
    from tpscore.diff import diff_reports
    from tpscore.render.formats import DIFF, TREND
    from tpscore.render.html_page import CSS
    from tpscore.revisions import Version
    from tpscore.trend import build_trend

    old, new = (audit_run(EXAMPLES / f"home-services-2026-{q}.yaml").reports[0] for q in ("Q2", "Q3"))
    pages = {"diff": DIFF.render("html", diff_reports(old, new)),
             "trend": TREND.render("html", build_trend([Version(old, "q2.yaml"), Version(new, "q3.yaml")]))}
    for name, text in pages.items():
        parsed = page(text)
        assert CSP in text and CSS in text, name
        assert parsed.tags.count("main") == 1 and "script" not in parsed.tags, name
        assert parsed.titles and parsed.titles[0].startswith("Boiler repair"), name
    assert "Better: friction. Worse: coverage, experience." in page(pages["diff"]).text
