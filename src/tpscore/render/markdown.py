"""GitHub-flavoured Markdown for pull-request comments and ``$GITHUB_STEP_SUMMARY``.

All user text (journey and touchpoint names, notes, messages, file paths) goes through :func:`md`, so it
can neither break a table nor become HTML, a link, emphasis or an @mention.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from ..auditrun import AuditRun
from .story import (
    by_risk,
    counts_text,
    ending_text,
    endings,
    evidence_text,
    findings_by_touchpoint,
    fixes_heading,
    journey_labels,
    leaving_text,
    quote_meta,
    suggestion_lines,
    top_fix_text,
    top_fixes,
    touchpoint_friction_note,
    verdict_sentence,
    voice,
    worst_ending_text,
)
from .summary import (
    COSTLIEST_HEADERS,
    COSTLIEST_TITLE,
    PROBLEM_HEADERS,
    SCORE_HEADERS,
    STAGE_HEADERS,
    costliest_rows,
    coverage_checklist,
    journey_meta,
    one_line,
    problem_rows,
    score_row,
    silenced_lines,
    stage_rows,
    totals_line,
)
from .text import emotion_curve, plural

# Characters Markdown gives a meaning to inline; `<`, `>` and `&` become HTML entities instead.
_SPECIAL = re.compile(r"([\\`*_\[\]|~#!$])")
STATUS_MARK = {"fail": "❌ fail", "warn": "⚠️ warn", "pass": "✅ pass", "invalid": "❌ invalid"}


# GitHub turns bare `https://…` and `www.…` into links (the autolink extension); a backslash-escaped `:` or
# `.` breaks the pattern while still showing the same character, so journey text never becomes a link.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<![a-z0-9.])(www)(\.)")


def md(text: str) -> str:
    """User text as literal GFM inline text on one line: safe in a table cell, a heading or a list item,
    and never a link, an image, HTML, emphasis or an @mention.

    ``<`` and ``&`` become entities, so no tag or autolink can start; ``>`` stays readable (``->`` is an
    arrow, not ``-&gt;``) and is escaped with a backslash only where it could open a block quote."""
    escaped = _SPECIAL.sub(r"\\\1", one_line(text))
    escaped = _AUTOLINK.sub(lambda m: "\\:" if m.group(1) else m.group(2) + "\\.", escaped)
    escaped = html.escape(escaped, quote=False).replace("&gt;", ">")
    return ("\\" if escaped.startswith(">") else "") + escaped.replace("@", "&#64;")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """A GFM table; every cell escaped, so each row has exactly as many cells as the header."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(md(cell) for cell in cells) + " |"

    rule = "|" + "|".join("---:" if index in right else "---" for index in range(len(headers))) + "|"
    return [line(headers), rule, *(line(row) for row in rows), ""]


def _status(row: list[str]) -> list[str]:
    return [*row[:-1], STATUS_MARK.get(row[-1], row[-1])]


FINDING_COLUMNS = ["about", "severity", "code", "what", "where"]


def _fixes(report: dict, top: int) -> list[str]:
    fixes = top_fixes(report, top)
    if not fixes:
        return []
    lines = [f"**{fixes_heading(report)}**" + ("" if report.get("opportunities") else
                                              " (what each touchpoint adds to the journey friction)"), ""]
    for n, fix in enumerate(fixes, 1):
        lines.append(f"{n}. **{md(fix.title)}**: {md(fix.gain)}" + (f"  \n   {md(fix.detail)}" if fix.detail else ""))
    return lines + [""]


def _endings(report: dict) -> list[str]:
    routes = endings(report)
    texts = [ending_text(r) for r in routes] + [t for t in (leaving_text(report),) if t]
    return ["**How customers leave**", "", *(f"- {md(t)}" for t in texts), ""] if routes else []


def _voice(report: dict) -> list[str]:
    quotes, more = voice(report)
    if not quotes:
        return []
    heading = "Voice of the customer" if report.get("voice") is not None else "Unanswered feedback"
    lines = [f"**{heading}**", ""]
    for q in quotes:
        meta = quote_meta(q)
        lines += [f"> “{md(q['text'])}”" + (f"  \n> — {md(meta)}" if meta else ""), ""]
    if more:
        lines += [f"and {plural(more, 'more quote')}", ""]
    return lines


def _findings(report: dict) -> list[str]:
    rows = [[title, f["severity"], f["code"], f["message"], f"{f['file']}:{f['line']}"]
            for title, items in findings_by_touchpoint(report) for f in items]
    lines = ([f"**Findings** ({counts_text(report['summary'])}), by touchpoint", ""] + table(FINDING_COLUMNS, rows)
             if rows else ["**Findings:** none", ""])
    if report["ignored"]:
        lines += [f"**Silenced** ({len(report['ignored'])})", ""] + [f"- {md(text)}" for text in silenced_lines(report)]
        lines += [""]
    return lines


def _journey(report: dict, level: str, top: int = 3) -> list[str]:
    mark = STATUS_MARK.get(report["status"], report["status"]).split()[0]  # the sentence says "fails" itself
    lines = [f"{level} {md(report['journey']['name'])}", "", " · ".join(md(part) for part in journey_meta(report)), ""]
    lines += [f"**Verdict:** {mark} {md(verdict_sentence(report))}", ""]
    lines += table(SCORE_HEADERS, [_status(score_row(report))], right=(0, 1, 2))
    evidence = evidence_text(report)
    lines += [md(evidence), ""] if evidence else []
    lines += _fixes(report, top) + _endings(report) + _voice(report)
    missing = suggestion_lines(report)
    lines += ["**Missing touchpoints**", "", *(f"- {md(line)}" for line in missing), ""] if missing else []
    lines += _findings(report)
    lines += ["**Stages**", ""] + table(STAGE_HEADERS, stage_rows(report), right=(1, 2, 3, 4))
    curve = emotion_curve([t["emotion"] for t in report["touchpoints"]])
    lines += [f"**Emotion curve** {md(curve)} (one glyph per touchpoint, ▁ very negative … █ very positive, "
              "· unknown)", ""]
    costly = costliest_rows(report)
    if costly:
        lines += [f"**{COSTLIEST_TITLE}**", ""] + table(COSTLIEST_HEADERS, costly, right=(3, 4, 5))
        lines += [f"{md(touchpoint_friction_note())}; moments: F first, L last, E emotional", ""]
    checks = coverage_checklist(report)
    if checks:
        lines += ["**Coverage**", ""] + [f"- [{'x' if ok else ' '}] {md(text)}" for ok, text in checks] + [""]
    return lines


OVERVIEW_COLUMNS = ["journey", "persona", "friction", "coverage", "experience", "status", "worst ending", "top fix"]


def _overview(run: AuditRun, several: bool) -> list[str]:
    lines = []
    if several and run.reports:
        labels = journey_labels(run.reports)
        rows = [[labels[i - 1], r["journey"]["persona"] or "–", *score_row(r)[:3],
                 STATUS_MARK.get(r["status"], r["status"]), worst_ending_text(r), top_fix_text(r)]
                for i, r in by_risk(run.reports)]
        lines += ["**Journeys, riskiest first**", ""] + table(OVERVIEW_COLUMNS, rows, right=(2, 3, 4))
    if several:
        lines += [f"**Totals:** {md(totals_line(run))}", ""]
    if run.invalid:
        lines += [f"**Invalid files** ({len(run.invalid)})", ""] + table(PROBLEM_HEADERS, problem_rows(run))
    return lines


def _gates(run: AuditRun) -> list[str]:
    failed = run.failed_gates()
    return (["**Failed gates**", ""] + [f"- ❌ {md(g['gate'])}: {md(g['detail'])}" for g in failed] + [""]
            if failed else [])


def render(run: AuditRun, color: bool = False) -> str:
    if len(run.reports) == 1 and not run.invalid:  # one journey: its report, then any failed gate
        lines = _journey(run.reports[0], "##", run.top) + _gates(run)
    else:
        several = len(run.reports) + len(run.invalid) > 1
        lines = ["## tpscore audit", "", *_overview(run, several)]
        for report in run.reports:
            lines += _journey(report, "###", run.top)
        if not run.reports and not run.invalid:
            lines += ["No journeys were audited.", ""]
        lines += _gates(run)
    return "\n".join(lines).rstrip("\n") + "\n"
