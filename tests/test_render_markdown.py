"""The Markdown report: tables stay intact and user text stays text, checked with a GFM table splitter and a
real CommonMark parser (markdown-it-py, which rich already brings in) with GFM tables enabled."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from helpers import EXAMPLES, HOSTILE, audit_run, example_files, hostile_copy, invalid_file

from tpscore.gates import Gates
from tpscore.render import markdown
from tpscore.render.formats import render

# Tags our own Markdown produces; anything else in the parsed HTML came from user text.
ALLOWED_TAGS = {"h2", "h3", "p", "strong", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "code",
                "blockquote", "br"}


def gfm_cells(row: str) -> list[str]:
    """Split a table row the way GFM (cmark-gfm) does: a backslash escapes the next character, so only an
    unescaped pipe separates cells."""
    cells, current, index = [], "", 0
    body = row.strip()
    body = body[1:] if body.startswith("|") else body
    while index < len(body):
        ch = body[index]
        if ch == "\\" and index + 1 < len(body):
            current += body[index:index + 2]
            index += 2
            continue
        if ch == "|":
            cells.append(current)
            current = ""
        else:
            current += ch
        index += 1
    if current.strip():
        cells.append(current)
    return cells


def tables(text: str) -> list[list[str]]:
    """Every table as its lines (header, delimiter row, body rows)."""
    found, block = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            block.append(line)
        elif block:
            found.append(block)
            block = []
    return found + ([block] if block else [])


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.cells_per_row: list[int] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "tr":
            self.cells_per_row.append(0)
        elif tag in ("td", "th"):
            self.cells_per_row[-1] += 1

    def handle_data(self, data):
        self.text += data


def parsed(text: str) -> _Tags:
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py (a dependency of rich) is needed")
    parser = _Tags()
    parser.feed(markdown_it.MarkdownIt("commonmark").enable("table").render(text))
    return parser


@pytest.fixture
def hostile_md(tmp_path, monkeypatch) -> str:
    monkeypatch.chdir(tmp_path)
    run = audit_run(hostile_copy(tmp_path), HOSTILE, invalid_file(tmp_path), gates=Gates(max_friction=10))
    return render("markdown", run)


def test_every_table_row_has_as_many_cells_as_its_header(hostile_md):
    found = tables(hostile_md)
    assert len(found) >= 10
    for block in found:
        width = len(gfm_cells(block[0]))
        assert set(gfm_cells(block[1])) <= {"---", "---:"}
        for row in block:
            assert len(gfm_cells(row)) == width, row


def test_a_commonmark_parser_sees_intact_tables_and_no_html_from_user_text(hostile_md):
    result = parsed(hostile_md)
    assert set(result.tags) <= ALLOWED_TAGS, set(result.tags) - ALLOWED_TAGS
    assert result.tags.count("table") == len(tables(hostile_md))
    header_widths = []
    for block in tables(hostile_md):
        header_widths += [len(gfm_cells(block[0]))] * (len(block) - 1)
    assert result.cells_per_row == header_widths
    # The user's text survives as text.
    assert "<script>alert(1)</script>" in result.text
    assert "[link](javascript:alert(1)) @octocat" in result.text
    assert "::error file=x::forged" in result.text and "%0A" in result.text


def test_md_escapes_everything_markdown_or_html_would_interpret():
    assert markdown.md("a|b") == "a\\|b"
    assert markdown.md("\\|") == "\\\\\\|"
    assert markdown.md("`x` *y* _z_ ~w~ [l](u) #h $m$") == "\\`x\\` \\*y\\* \\_z\\_ \\~w\\~ \\[l\\](u) \\#h \\$m\\$"
    assert markdown.md("<script>&amp;") == "&lt;script>&amp;amp;"  # no tag can open without a literal <
    assert markdown.md("a (x) -> b") == "a (x) -> b"  # an arrow stays an arrow, not -&gt;
    assert markdown.md("> quote?") == "\\> quote?"  # cannot open a block quote
    assert markdown.md("line\nbreak\r\n\ttab\a") == "line break tab"
    assert markdown.md("@someone") == "&#64;someone"


def test_one_journey_reads_verdict_fixes_endings_quotes_then_findings():
    text = render("markdown", audit_run(HOSTILE))
    assert text.startswith("## Pipes \\| \\`ticks\\` &lt;script>alert(1)&lt;/script>")
    order = ["**Verdict:** ❌ Pipes",
             "| friction (% of customers hurt, lower is better) | coverage (% of checks passed) | "
             "experience (remembered, of 100) | status |",
             "**Top fixes**", "1. **", "**How customers leave**", "path (50% of customers) ends at",
             "**Voice of the customer**", "> “I never heard back", "— 1 customer · about stage orphan",
             "**Findings** (", ", by touchpoint",
             "| about | severity | code | what | where |", "| Stage orphan | error | TP009 |", "**Silenced** (1)",
             "TP011 high-friction ignored (no reason given)",
             "**Stages**",
             "| orphan | 0 (gap) |", "**Costliest touchpoints", "**Coverage**",
             "- [ ] every stage has a touchpoint (4/5): orphan", "**Failed gates**"]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [part for part, at in zip(order, positions) if at == -1]
    assert positions == sorted(positions)
    assert "finding(s)" not in text and "-&gt;" not in text


def test_a_list_cut_short_says_how_many_were_left_out():
    text = render("markdown", audit_run(EXAMPLES / "auction-absentee-bidder.yaml"))
    line = next(line for line in text.splitlines() if "every change of owner is bridged" in line)
    assert line.rsplit("; and ", 1)[1].endswith(" more") and "…" not in line
    assert "sale-catalogue (marketing) -> bidder-registration (client-services)" in line


def test_several_journeys_start_with_an_overview_riskiest_first_then_totals_invalid_files_and_gates(tmp_path):
    run = audit_run(HOSTILE, *example_files(), invalid_file(tmp_path), gates=Gates(fail_under=(("coverage", 99),)))
    text = render("markdown", run)
    assert text.startswith("## tpscore audit\n\n**Journeys, riskiest first**\n")
    assert "| journey | persona | friction | coverage | experience | status | worst ending | top fix |" in text
    assert "| Boiler repair (2026-Q2) |" in text and "| Boiler repair (2026-Q3) |" in text
    assert f"**Totals:** {len(run.reports)} journeys, 1 invalid" in text
    assert "**Failed gates**" in text and "- ❌ fail-under coverage=99:" in text
    assert "**Invalid files** (1)" in text and "broken &lt;x>.yaml" in text
    assert text.count("\n### ") == len(run.reports)
    assert text.index("**Journeys, riskiest first**") < text.index("\n### ") < text.index("**Failed gates**")
