"""Run-level pieces shared by the text renderers: summary rows, totals, gates, statistics."""

from __future__ import annotations

from ..auditrun import AuditRun
from ..render.problems import problem_line
from ..problems import Problem
from .text import fmt_score

SUMMARY_HEADERS = ["journey", "file", "friction", "coverage", "experience", "errors", "warnings", "status"]


def summary_rows(run: AuditRun) -> list[list[str]]:
    rows = [[r["journey"]["id"], r["journey"]["file"], fmt_score(r["scores"]["friction"]),
             fmt_score(r["scores"]["coverage"]), fmt_score(r["scores"]["experience"]), str(r["summary"]["errors"]),
             str(r["summary"]["warnings"]), r["status"]] for r in run.reports]
    rows += [["–", item["file"], "–", "–", "–", "–", "–", "invalid"] for item in run.invalid]
    t = run.totals()
    rows.append([f"total: {t['journeys']} journeys", f"{t['invalid']} invalid", "", "", "", str(t["errors"]),
                 str(t["warnings"]), ""])
    return rows


def invalid_lines(run: AuditRun) -> list[str]:
    lines = []
    for item in run.invalid:
        for p in item["problems"]:
            lines.append(problem_line(Problem(p["file"], p["line"], p["column"], p["kind"], p["message"])))
    return lines


def gate_lines(run: AuditRun) -> list[str]:
    return [f"gate failed: {g['gate']}: {g['detail']}" for g in run.failed_gates()]


def statistics_table(run: AuditRun) -> list[str]:
    rows = run.statistics()
    return [f"{count:>5}  {code}  {name} [{severity}]" for code, name, severity, count in rows]
