"""One audit over many files: :func:`audit` runs it, :class:`AuditRun` is what every renderer receives.

Renderers work from report dictionaries (the JSON contract), so a report read back from JSON
renders exactly like a fresh one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Union

from . import __version__
from .gates import Gates, evaluate
from .repopath import RepoPaths

if TYPE_CHECKING:
    from .profile import Profile
    from .validate import ValidationResult

#: A profile for every file, a profile file to load, a function choosing one per file, or None: each
#: journey's nearest .tpscore.yaml / [tool.tpscore], else the built-in defaults (as the CLI does).
ProfileChoice = Union["Profile", str, Callable[[str], "Profile"], None]


@dataclass
class AuditRun:
    reports: list[dict[str, Any]] = field(default_factory=list)
    invalid: list[dict[str, Any]] = field(default_factory=list)  # {"file": ..., "problems": [...]}
    gates: list[dict[str, Any]] = field(default_factory=list)  # {"gate": ..., "passed": ..., "detail": ...}
    errors: list[str] = field(default_factory=list)  # files that could not be read (not part of the report)
    #: Where the run's paths are relative to, and the repository root CI products resolve paths against.
    paths: RepoPaths = field(default_factory=RepoPaths.here)
    #: The --fail-on severity: findings below it do not fail the run (JUnit shows them as skipped).
    fail_on: str = "error"
    #: Files the same run also wrote (the full report, for formats that must leave things out).
    elsewhere: tuple[str, ...] = ()
    #: Baseline entries (--baseline) that no finding of the audited files matched any more.
    stale_baseline: list[dict[str, Any]] = field(default_factory=list)
    #: How many ranked opportunities the human formats show per journey (JSON always has them all).
    top: int = 3

    def apply_gates(self, gates: Gates) -> None:
        """Evaluate the CI gates on this run (invalid files always fail it) and remember --fail-on."""
        self.gates = evaluate(gates, self.reports, [item["file"] for item in self.invalid])
        self.fail_on = gates.fail_on

    def repo_path(self, file: str) -> str:
        """``file`` relative to the repository root, else as given (standard input, outside the root)."""
        return self.paths.relative(file) or file

    def totals(self) -> dict[str, int]:
        sums = {key: sum(r["summary"][key] for r in self.reports) for key in ("errors", "warnings", "infos", "ignored")}
        return {"journeys": len(self.reports), "invalid": len(self.invalid), **sums}

    def findings(self) -> list[dict[str, Any]]:
        return [f for r in self.reports for f in r["findings"]]

    def statistics(self) -> list[tuple[str, str, str, int]]:
        """(code, name, severity, count) per rule with findings, most frequent first (like ruff)."""
        counts: dict[str, list] = {}
        for f in self.findings():
            entry = counts.setdefault(f["code"], [f["code"], f["name"], f["severity"], 0])
            entry[3] += 1
        return sorted((tuple(v) for v in counts.values()), key=lambda row: (-row[3], row[0]))

    def failed_gates(self) -> list[dict[str, Any]]:
        return [g for g in self.gates if not g["passed"]]

    def to_dict(self) -> dict[str, Any]:
        """One report object for a single valid journey, else the multi-journey wrapper."""
        if len(self.reports) == 1 and not self.invalid:
            single = dict(self.reports[0])
            if self.gates:
                single["gates"] = self.gates
            return single
        from .report import REPORT_FORMAT_VERSION

        out: dict[str, Any] = {
            "format": "tpscore-reports", "format_version": REPORT_FORMAT_VERSION, "tpscore_version": __version__,
            "reports": self.reports, "invalid": self.invalid, "totals": self.totals(),
        }
        if self.gates:
            out["gates"] = self.gates
        return out


def audit(paths: Iterable[str], profile: ProfileChoice = None, exclude: Iterable[str] = (),
          inline_ignore: bool = True) -> AuditRun:
    """Validate and score every journey file that ``paths`` name (files, folders searched for *.yaml, *.yml
    and *.json, globs, ``-`` for stdin), as ``tpscore audit`` does.

    Invalid journeys land in ``run.invalid`` with their problems, missing or unreadable files in
    ``run.errors``; raises :class:`~tpscore.profile.ProfileError` for an invalid profile.
    """
    from .validate import Validation

    validation = Validation(paths, exclude)
    run = audit_results(validation, profile, inline_ignore)
    run.errors = validation.errors
    return run


def audit_results(results: Iterable[ValidationResult], profile: ProfileChoice = None,
                  inline_ignore: bool = True) -> AuditRun:
    """Score each valid result and keep each invalid one with its problems."""
    profile_for = _profile_chooser(profile)
    run = AuditRun()
    for result in results:
        if result.journey is None:
            run.invalid.append(invalid_entry(result))
        else:
            run.reports.append(report_of(result, profile_for(result.file), inline_ignore))
    return run


def invalid_entry(result: ValidationResult) -> dict[str, Any]:
    """How an invalid file appears in the run: its name and every problem."""
    return {"file": result.file, "problems": [p.to_dict() for p in result.problems]}


def report_of(result: ValidationResult, profile: Profile, inline_ignore: bool = True) -> dict[str, Any]:
    """The report dictionary of a valid result (``inline_ignore``: honour its ``ignore:`` entries)."""
    from .report import build_report

    report = build_report(result.journey, profile, inline_ignore)
    if result.source_map is not None:
        result.source_map.forget()  # every position is located now; free the node tree before the dict
    return report.to_dict()


def _profile_chooser(profile: ProfileChoice) -> Callable[[str], Profile]:
    from .profile import Profile, resolve_profile

    if isinstance(profile, Profile):
        return lambda file: profile
    if callable(profile):
        return profile
    return lambda file: resolve_profile(profile, file)


def slim_report(report: dict[str, Any]) -> dict[str, Any]:
    """What the run-level parts (summary table, totals, gates, statistics) read of a report: kept for
    every journey of a directory run while the full report is written and dropped, so memory grows
    by a few kilobytes per journey. Findings keep only their rule and severity, shared between
    journeys; the top fix only what its line reads."""
    journey = report["journey"]
    from .ordering import costliest

    # The costliest touchpoint is the overview's fallback when nothing was ranked; a full touchpoint
    # is the largest thing a slim report would hold, so it is kept only then, with what the line reads.
    top = [{key: o.get(key) for key in ("title", "gain", "rank", "fix", "reach", "owned")}
           for o in report.get("opportunities", [])[:1]]
    costly = [] if top else [{key: t[key] for key in ("id", "name", "stage", "friction", "cost", "frictions")}
                             for t in costliest(report.get("touchpoints", []), 1)]
    endings = (report.get("experience") or {}).get("endings", [])  # read only by reports without routes
    slim = {"journey": {key: journey.get(key) for key in ("id", "name", "file", "persona", "audit")},
            "scores": report["scores"], "summary": report["summary"], "status": report["status"],
            "profile": {"source": (report.get("profile") or {}).get("source")},
            "findings": [_finding_rule(f["code"], f["name"], f["severity"]) for f in report["findings"]],
            # What the multi-journey overview shows: the worst ending and the top fix.
            "experience": {"endings": [] if "routes" in report else endings},
            "opportunities": top,
            "touchpoints": costly}
    if "routes" in report:
        slim["routes"] = report["routes"]
    return slim


@cache
def _finding_rule(code: str, name: str, severity: str) -> dict[str, str]:
    return {"code": code, "name": name, "severity": severity}
