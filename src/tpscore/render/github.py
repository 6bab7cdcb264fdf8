"""GitHub Actions workflow commands, escaped so user text can never forge another annotation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..auditrun import AuditRun
from ..console import strip_controls
from ..problems import Problem

if TYPE_CHECKING:
    from ..validate import ValidationSummary
from .summary import profile_files

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}  # finding severity → workflow command


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, file: str, line: int, column: int, title: str, message: str) -> str:
    """``::error file=F,line=L,col=C,title=T::message`` with the escaping the format requires."""
    props = f"file={escape_property(file)},line={line},col={column},title={escape_property(title)}"
    return f"::{level} {props}::{escape_data(message)}"


def problem_annotation(problem: Problem) -> str:
    return annotation("error", problem.file, problem.line, problem.column, f"tpscore: {problem.kind}",
                      problem.full_message())


def command(level: str, message: str, **properties: str) -> str:
    """Any workflow command (``::notice title=T::message``), every property and the message escaped."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


def problem_annotations(summary: ValidationSummary, color: bool = False) -> str:
    """One error annotation per validation problem (``tpscore validate -f github``), its file named from the
    repository root as GitHub reads it, wherever tpscore ran."""
    from dataclasses import replace

    from ..repopath import RepoPaths

    paths = RepoPaths.here()
    located = (replace(p, file=strip_controls(paths.relative(p.file) or p.file)) for p in summary.problems)
    return "".join(problem_annotation(problem) + "\n" for problem in located)


# GitHub shows at most this many annotations of each level per step (actions/toolkit, "problem matchers:
# limitations"); more are dropped silently, so tpscore stops there and says how many it left out.
PER_LEVEL = 10
LEVEL_ORDER = ("error", "warning", "notice")


def annotations(run: AuditRun) -> list[tuple[str, str]]:
    """(level, command) for everything worth annotating, most urgent first: failed gates and problems of
    invalid files (they decide the exit code and would be hidden behind ordinary findings), the profile files
    used (notices), then findings by severity (errors, warnings, notices). File paths are relative to the
    repository root, as GitHub reads them whatever folder tpscore ran in. Control characters other than CR
    and LF (escaped) are dropped."""
    out = [("error", command("error", strip_controls(f"gate failed: {g['gate']}: {g['detail']}"),
                             title=strip_controls(f"tpscore gate {g['gate']}"))) for g in run.failed_gates()]
    out += [("error", problem_annotation(Problem(strip_controls(run.repo_path(p["file"])), p["line"], p["column"],
                                                 p["kind"], strip_controls(p["message"]))))
            for item in run.invalid for p in item["problems"]]
    out += [("notice", command("notice", strip_controls(f"journeys scored with the profile {source}"),
                               title="tpscore profile")) for source in profile_files(run)]
    findings = sorted(run.findings(), key=lambda f: LEVEL_ORDER.index(LEVELS[f["severity"]]))  # stable
    out += [(LEVELS[f["severity"]],
             annotation(LEVELS[f["severity"]], strip_controls(run.repo_path(f["file"])), f["line"], f["column"],
                        f"tpscore {f['code']} {f['name']}", strip_controls(f["message"]))) for f in findings]
    return out


def render(run: AuditRun, color: bool = False, per_level: int = PER_LEVEL) -> str:
    """The annotations, at most ``per_level`` of each level, and then one notice counting what was left out
    (it takes the last notice place) and saying where the full report is."""
    items = annotations(run)
    counts = {level: sum(1 for lv, _ in items if lv == level) for level in LEVEL_ORDER}
    limits = dict.fromkeys(LEVEL_ORDER, per_level)
    if any(count > per_level for count in counts.values()):
        limits["notice"] = per_level - 1  # keep a place for the notice that counts what was left out
    shown: list[str] = []
    used = dict.fromkeys(LEVEL_ORDER, 0)
    for level, line in items:
        if used[level] < limits[level]:
            shown.append(line)
        used[level] += 1
    left_out = {level: max(0, used[level] - limits[level]) for level in LEVEL_ORDER}
    total = sum(left_out.values())
    if total:
        shown.append(command("notice", _left_out_message(run, left_out, per_level),
                             title=f"tpscore: {total} more not annotated"))
    return "\n".join(shown) + "\n" if shown else ""


def _left_out_message(run: AuditRun, left_out: dict[str, int], per_level: int) -> str:
    counts = ", ".join(f"{n} {level}{'s' * (n != 1)}" for level, n in left_out.items() if n)
    where = (f"the full report is in {', '.join(strip_controls(p) for p in run.elsewhere)}" if run.elsewhere else
             'write the full report with -f markdown -o "$GITHUB_STEP_SUMMARY" or -f sarif -o FILE')
    return (f"{counts} not shown: GitHub shows {per_level} annotations of each level per step; {where}.")
