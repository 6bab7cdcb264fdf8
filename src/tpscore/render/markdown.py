"""GitHub-flavoured Markdown for pull-request comments and ``$GITHUB_STEP_SUMMARY``.

All user text (journey and touchpoint names, notes, messages, file paths) goes through :func:`md`, so it
can neither break a table nor become HTML, a link, emphasis or an @mention.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from ..auditrun import AuditRun
from .summary import (
    COSTLIEST_HEADERS,
    FINDING_HEADERS,
    PROBLEM_HEADERS,
    SCORE_HEADERS,
    STAGE_HEADERS,
    SUMMARY_HEADERS,
    costliest_rows,
    coverage_checklist,
    finding_rows,
    journey_meta,
    one_line,
    problem_rows,
    score_row,
    silenced_lines,
    stage_rows,
    summary_rows,
    totals_line,
)
from .text import emotion_curve

# Characters Markdown gives a meaning to inline; `<`, `>` and `&` become HTML entities instead.
_SPECIAL = re.compile(r"([\\`*_\[\]|~#!$])")
STATUS_MARK = {"fail": "❌ fail", "warn": "⚠️ warn", "pass": "✅ pass", "invalid": "❌ invalid"}


# GitHub turns bare `https://…` and `www.…` into links (the autolink extension); a backslash-escaped `:` or
# `.` breaks the pattern while still showing the same character, so journey text never becomes a link.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<![a-z0-9.])(www)(\.)")


def md(text: str) -> str:
    """User text as literal GFM inline text on one line: safe in a table cell, a heading or a list item,
    and never a link, an image, HTML, emphasis or an @mention."""
    escaped = _SPECIAL.sub(r"\\\1", one_line(text))
    escaped = _AUTOLINK.sub(lambda m: "\\:" if m.group(1) else m.group(2) + "\\.", escaped)
    return html.escape(escaped, quote=False).replace("@", "&#64;")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """A GFM table; every cell escaped, so each row has exactly as many cells as the header."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(md(cell) for cell in cells) + " |"

    rule = "|" + "|".join("---:" if index in right else "---" for index in range(len(headers))) + "|"
    return [line(headers), rule, *(line(row) for row in rows), ""]


def _status(row: list[str]) -> list[str]:
    return [*row[:-1], STATUS_MARK.get(row[-1], row[-1])]


def _journey(report: dict, level: str) -> list[str]:
    lines = [f"{level} {md(report['journey']['name'])}", "", " · ".join(md(part) for part in journey_meta(report)), ""]
    lines += table(SCORE_HEADERS, [_status(score_row(report))], right=(0, 1, 2))
    lines += ["**Stages**", ""] + table(STAGE_HEADERS, stage_rows(report), right=(1, 2, 3, 4))
    curve = emotion_curve([t["emotion"] for t in report["touchpoints"]])
    lines += [f"**Emotion curve** {md(curve)} (one glyph per touchpoint, ▁ very negative … █ very positive, "
              "· unknown)", ""]
    costly = costliest_rows(report)
    if costly:
        lines += ["**Costliest touchpoints** (friction × weight; moments: F first, L last, E emotional)", ""]
        lines += table(COSTLIEST_HEADERS, costly, right=(3, 4, 5))
    checks = coverage_checklist(report)
    if checks:
        lines += ["**Coverage**", ""] + [f"- [{'x' if ok else ' '}] {md(text)}" for ok, text in checks] + [""]
    if report["findings"]:
        lines += [f"**Findings** ({len(report['findings'])})", ""] + table(FINDING_HEADERS,
                                                                          finding_rows(report["findings"]))
    if report["ignored"]:
        lines += [f"**Silenced** ({len(report['ignored'])})", ""] + [f"- {md(text)}" for text in silenced_lines(report)]
        lines += [""]
    lines += [f"**Verdict:** {md(report['verdict'])}", ""]
    return lines


def _overview(run: AuditRun, several: bool) -> list[str]:
    lines = []
    if several:
        lines += table(SUMMARY_HEADERS, [_status(row) for row in summary_rows(run)], right=(2, 3, 4, 5, 6))
        lines += [f"**Totals:** {md(totals_line(run))}", ""]
    failed = run.failed_gates()
    if failed:
        lines += ["**Failed gates**", ""] + [f"- ❌ {md(g['gate'])}: {md(g['detail'])}" for g in failed] + [""]
    if run.invalid:
        lines += [f"**Invalid files** ({len(run.invalid)})", ""] + table(PROBLEM_HEADERS, problem_rows(run))
    return lines


def render(run: AuditRun, color: bool = False) -> str:
    if len(run.reports) == 1 and not run.invalid:  # one journey: its report, then any failed gate
        lines = _journey(run.reports[0], "##") + _overview(run, several=False)
    else:
        several = len(run.reports) + len(run.invalid) > 1
        lines = ["## tpscore audit", "", *_overview(run, several)]
        for report in run.reports:
            lines += _journey(report, "###")
        if not run.reports and not run.invalid:
            lines += ["No journeys were audited.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
