"""Markdown under a byte budget: GitHub aborts a step whose job summary passes 1 MiB and caps comments at
65,536 characters. The budget works on the renderer's text: cut at block boundaries, tables keep their
header, a note says what was left out and where the full report is; $GITHUB_STEP_SUMMARY is appended to."""

from __future__ import annotations

import copy

import pytest
from helpers import HOSTILE, audit_run
from markdown_it import MarkdownIt

from tpscore.auditrun import AuditRun
from tpscore.render.budget import LINE_LIMIT, STEP_SUMMARY_LIMIT, cap_lines, fit_markdown, size
from tpscore.render.formats import render


def huge_journey(touchpoints: int = 20_000) -> AuditRun:
    """The hostile fixture's report grown to ``touchpoints`` touchpoints, each with a finding."""
    run = audit_run(HOSTILE)
    report = run.reports[0]
    tp, finding = report["touchpoints"][1], report["findings"][-1]
    report["touchpoints"] = [dict(tp, id=f"tp-{i}", emotion=(i % 5) - 2, line=7 + 9 * i) for i in range(touchpoints)]
    report["findings"] = [dict(finding, touchpoint=f"tp-{i}", line=7 + 9 * i, message=f"touchpoint tp-{i} is bad")
                          for i in range(touchpoints)]
    return run


def many_journeys(count: int = 500) -> AuditRun:
    run = audit_run(HOSTILE)
    template = run.reports[0]
    run.reports = [copy.deepcopy(template) for _ in range(count)]
    for i, report in enumerate(run.reports):
        report["journey"]["file"] = f"journeys/j{i:03}.yaml"
        report["journey"]["name"] = f"Journey {i:03}"
    return run


def blocks_of(text: str) -> list[str]:
    return text.rstrip("\n").split("\n\n")


@pytest.fixture(scope="module")
def huge_markdown() -> str:
    return render("markdown", huge_journey(20_000))


@pytest.mark.parametrize("make", ["20000-touchpoints", "500-journeys"])
def test_big_reports_fit_the_step_summary_and_say_what_was_left_out(make, huge_markdown):
    full = huge_markdown if make == "20000-touchpoints" else render("markdown", many_journeys(500))
    assert size(full) > STEP_SUMMARY_LIMIT  # the problem is real
    fitted = fit_markdown(full, STEP_SUMMARY_LIMIT, ["tpscore.sarif"])
    assert size(fitted) <= STEP_SUMMARY_LIMIT
    note = blocks_of(fitted)[-1]
    assert note.startswith("> **Report shortened to fit 1,048,576 bytes**") and "tpscore.sarif" in note
    # Everything before the cut is the renderer's text as it was (with long lines capped).
    kept = "\n\n".join(blocks_of(fitted)[:-1])
    assert cap_lines(full).startswith(kept.rsplit("\n", 1)[0])


def test_a_pull_request_comment_budget_keeps_table_headers_and_counts_rows():
    full = render("markdown", huge_journey(2_000))
    fitted = fit_markdown(full, 65_000)
    assert size(fitted) <= 65_000
    tokens = MarkdownIt("commonmark").enable("table").parse(fitted)
    assert [t.type for t in tokens].count("table_open") == fitted.count("\n| ---") + fitted.count("\n|---")
    last_table = [block for block in blocks_of(fitted) if block.startswith("|")][-1].split("\n")
    assert last_table[0].startswith("| about |") and set(last_table[1]) <= set("|-:")  # the findings table
    note = blocks_of(fitted)[-1]
    rows = int(note.split("Left out: ")[1].split(" table row")[0].replace(",", "").split()[-1])
    def table_rows(text: str) -> int:
        return sum(len(block.split("\n")) - 2 for block in blocks_of(text) if block.startswith("|"))

    assert table_rows(fitted) + rows == table_rows(full)  # every row (2,000 findings among them) shown or counted
    assert "-f markdown -o FILE --max-bytes 0" in note  # no other file holds the full report


def test_sections_left_out_are_named():
    run = many_journeys(40)
    fitted = fit_markdown(render("markdown", run), 60_000)
    note = blocks_of(fitted)[-1]
    assert "sections (Journey" in note and " …)" in note


def test_one_glyph_per_touchpoint_is_capped_whatever_the_budget(huge_markdown):
    text = huge_markdown
    curve = next(line for line in fit_markdown(text, None).split("\n") if line.startswith("**Emotion curve**"))
    assert len(curve) < LINE_LIMIT + 100 and "more characters left out" in curve


def test_text_under_the_budget_is_unchanged():
    text = render("markdown", audit_run(HOSTILE))
    assert fit_markdown(text, size(text)) == text
    assert fit_markdown(text, None) == text


def test_a_tiny_budget_still_gives_the_note_alone():
    fitted = fit_markdown(render("markdown", audit_run(HOSTILE)), 600)
    assert size(fitted) <= 600 and fitted.startswith("> **Report shortened")


# -- through the command line --------------------------------------------------------------------------------


def test_step_summary_is_appended_to_within_what_is_left_of_it(tpscore, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("## Earlier step\n\nkept\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = tpscore("audit", HOSTILE, "--fail-on", "never", "-f", "markdown", "-o", summary)
    assert result.exit_code == 0, result.output
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Earlier step\n\nkept\n\n## ") and text.count("## ") == 2
    again = tpscore("audit", HOSTILE, "--fail-on", "never", "-f", "markdown", "-o", summary)
    assert again.exit_code == 0 and summary.read_text(encoding="utf-8").count("**Verdict:**") == 2


def test_append_option_and_max_bytes(tpscore, tmp_path):
    (tmp_path / "r.md").write_text("first\n", encoding="utf-8")
    result = tpscore("audit", HOSTILE, "--fail-on", "never", "-f", "markdown", "-o", "r.md", "--append",
                     "--max-bytes", "900", "-f", "sarif", "-o", "r.sarif")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert text.startswith("first\n\n") and size(text) <= 900 + len("first\n\n")
    assert "The full report: r.sarif." in text
    replaced = tpscore("audit", HOSTILE, "--fail-on", "never", "-o", "r.md")
    assert replaced.exit_code == 0 and not (tmp_path / "r.md").read_text(encoding="utf-8").startswith("first")
