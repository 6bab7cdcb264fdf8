"""The report object: what ``audit`` found for one journey, and its JSON contract.

``Report.to_dict()`` is the public JSON format described by ``schemas/report.schema.json``; keys
keep a fixed order and numbers are rounded so the same input gives byte-identical output.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from . import __version__
from .analysis import Analysis, analyse
from .model import Journey
from .ordering import costliest
from .profile import Profile
from .rules import SEVERITY_RANK, Hit, Rule, all_rules
from .scoring import compound, customer_mean
from .voice import voice

if TYPE_CHECKING:
    from .opportunities import Ranking

REPORT_FORMAT = "tpscore-report"
#: 2: evidence-blended touchpoints, ``routes``, ``evidence`` and ``suggestions`` (``diff`` still reads 1).
REPORT_FORMAT_VERSION = 2


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str
    message: str
    file: str
    line: int
    column: int
    path: str
    touchpoint: str | None = None
    stage: str | None = None
    end_line: int | None = None
    end_column: int | None = None  # just after the last character, like SARIF's endColumn
    #: For a silenced finding: "ignore" (an ``ignore:`` entry in the journey) and the reason it gives.
    suppressed_by: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict:
        out = {
            "code": self.code, "name": self.name, "severity": self.severity, "message": self.message,
            "touchpoint": self.touchpoint, "stage": self.stage, "file": self.file, "line": self.line,
            "column": self.column, "end_line": self.end_line, "end_column": self.end_column, "path": self.path,
        }
        if self.suppressed_by is not None:
            out.update(suppressed_by=self.suppressed_by, reason=self.reason)
        return out


@dataclass
class Report:
    analysis: Analysis
    findings: list[Finding] = field(default_factory=list)
    ignored: list[Finding] = field(default_factory=list)
    #: Line of each touchpoint, located while building so the source positions can be released.
    touchpoint_lines: list[int] = field(default_factory=list)
    ranking: Ranking | None = None

    @property
    def journey(self) -> Journey:
        return self.analysis.journey

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def status(self) -> str:
        if self.count("error"):
            return "fail"
        return "warn" if self.count("warning") else "pass"

    def verdict(self) -> str:
        a = self.analysis
        counts = ", ".join(f"{self.count(s)} {s}{'s' if self.count(s) != 1 else ''}"
                           for s in ("error", "warning") if self.count(s))
        head = {"fail": "Fails", "warn": "Needs attention", "pass": "Healthy"}[self.status]
        top = costliest(a.figures, 1, cost=lambda f: f.cost)
        worst = f"; costliest touchpoint: '{top[0].touchpoint.name}'" if top else ""
        return (f"{head}: friction {a.friction:.0f}, coverage {a.coverage:.0f}, remembered experience "
                f"{a.experience:.0f}" + (f" ({counts})" if counts else " (no findings)") + worst)

    def to_dict(self) -> dict:
        return report_dict(self)


def rule_hits(analysis: Analysis) -> Iterator[tuple[Rule, str, Hit]]:
    """(rule, severity, hit) for every hit of the rules the profile enables, in code order."""
    profile = analysis.profile
    for rule in all_rules().values():
        if profile.rule_enabled(rule.code):
            severity = profile.severity.get(rule.code, rule.severity)
            for hit in rule.check(analysis):
                yield rule, severity, hit


def build_report(journey: Journey, profile: Profile, inline_ignore: bool = True) -> Report:
    """Analyse the journey, run the enabled rules, locate every finding and rank the opportunities.
    Findings the journey's ``ignore:`` entries silence go to ``ignored`` with their reason, unless
    ``inline_ignore`` is off (``--no-inline-ignore``)."""
    from .opportunities import hit_key, rank
    from .problems import json_path

    analysis = analyse(journey, profile)
    report = Report(analysis)
    keys: Counter = Counter()  # what the what-if re-scores compare their findings with
    for rule, severity, hit in rule_hits(analysis):
        tp = journey.touchpoints[hit.touchpoint] if hit.touchpoint is not None else None
        line, column, end_line, end_column = journey.span(hit.path)
        stage = hit.stage or (tp.stage if tp else None)
        finding = Finding(rule.code, rule.name, severity, hit.message, journey.file, line, column,
                          json_path(hit.path), tp.id if tp else None, stage, end_line, end_column)
        suppressed = journey.suppression(rule.code, tp, stage)
        if suppressed is None:
            keys[hit_key(rule.code, tp, hit)] += 1
        silenced = suppressed if inline_ignore else None
        if silenced is None:
            report.findings.append(finding)
        else:
            report.ignored.append(replace(finding, suppressed_by="ignore", reason=silenced.reason))
    report.touchpoint_lines = [journey.touchpoint_line(tp)[0] for tp in journey.touchpoints]
    report.findings.sort(key=lambda f: (SEVERITY_RANK[f.severity], f.line, f.column, f.code))
    report.ignored.sort(key=lambda f: (f.line, f.code))
    report.ranking = rank(analysis, keys)
    return report


def _r(value: float, places: int = 1) -> float:
    rounded = round(value, places)
    return rounded + 0.0  # normalise -0.0


def _mean(values: list[float]) -> float | None:
    return _r(sum(values) / len(values), 2) if values else None


def _customer_csat(items: list) -> float | None:
    rated = [f.touchpoint.metrics for f in items if f.touchpoint.metrics and f.touchpoint.metrics.csat is not None]
    return _r(customer_mean([m.csat for m in rated], [m.volume for m in rated]), 2) if rated else None


def report_dict(report: Report) -> dict[str, Any]:
    a = report.analysis
    j = a.journey
    tps = j.touchpoints
    by_stage: dict[str, list] = {s: [] for s in j.stages}
    for figures in a.figures:
        by_stage[figures.touchpoint.stage].append(figures)
    stages = []
    for stage, items in by_stage.items():
        emotions = [f.emotion for f in items if f.emotion is not None]
        stages.append({
            "id": stage,
            "touchpoints": len(items),
            "covered": bool(items),
            "friction": _r(compound([f.friction for f in items], [f.touchpoint.weight for f in items],
                                    a.profile.friction)) if items else None,
            "emotion": _mean(emotions),
            "csat": _customer_csat(items),
        })
    return {
        "format": REPORT_FORMAT,
        "format_version": REPORT_FORMAT_VERSION,
        "tpscore_version": __version__,
        "journey": {"id": j.id, "name": j.name, "audit": j.audit, "persona": j.persona, "file": j.file},
        "status": report.status,
        "verdict": report.verdict(),
        "scores": {"friction": _r(a.friction), "coverage": _r(a.coverage), "experience": _r(a.experience)},
        "experience": {
            "peak": _moment(a, a.peak),
            "end": _moment(a, a.end),
            "endings": [dict(_moment(a, r.ending), path=tps[r.ending].path, experience=_r(r.experience))
                        for r in a.routes],
        },
        "customers": None if a.customers is None else dict(zip(("entered", "on_routes"), a.customers)),
        "routes": [_route_dict(a, r) for r in a.routes],
        "evidence": {"touchpoints": _r(a.evidence_touchpoints, 3),
                     "customers": None if a.evidence_customers is None else _r(a.evidence_customers, 3)},
        "suggestions": [
            {"kind": s.kind, "after": tps[s.after].id if s.after is not None else None,
             "before": tps[s.before].id if s.before is not None else None, "stage": s.stage, "why": s.why}
            for s in a.suggestions
        ],
        "stages": stages,
        "touchpoints": [_touchpoint_dict(a, f, line) for f, line in zip(a.figures, report.touchpoint_lines)],
        "coverage": [
            {"id": c.id, "name": c.name, "weight": c.weight, "passed": c.passed, "total": c.total,
             "ok": c.ok, "applicable": c.applicable, "failures": list(c.failures)}
            for c in a.coverage_checks
        ],
        "opportunities": [o.to_dict() for o in report.ranking.opportunities] if report.ranking else [],
        "team_opportunities": [t.to_dict() for t in report.ranking.team] if report.ranking else [],
        "voice": voice(a),
        "findings": [f.to_dict() for f in report.findings],
        "ignored": [f.to_dict() for f in report.ignored],
        "summary": {
            "errors": report.count("error"), "warnings": report.count("warning"), "infos": report.count("info"),
            "ignored": len(report.ignored),
        },
        "profile": a.profile.to_dict(),
    }


def _emotion(value: float | None) -> float | None:
    return None if value is None else _r(value, 2)


def _moment(a: Analysis, index: int | None) -> dict | None:
    if index is None:
        return None
    f = a.figures[index]
    return {"touchpoint": f.touchpoint.id, "name": f.touchpoint.name, "emotion": _emotion(f.emotion)}


def _route_dict(a: Analysis, r) -> dict:
    tp = a.journey.touchpoints[r.ending]
    return {
        "ending": tp.id, "ending_name": tp.name, "kind": tp.path, "share": _r(r.route.share, 3),
        "customers": r.route.customers, "estimated": r.route.estimated, "experience": _r(r.experience),
        "end_emotion": _emotion(a.figures[r.ending].emotion),
        "end_measured": a.figures[r.ending].evidence.emotion_measured,
        "peak": a.journey.touchpoints[r.peak].id if r.peak is not None else None, "friction": _r(r.friction),
        "touchpoints": len(r.route.members),
    }


def _touchpoint_dict(a: Analysis, f, line: int) -> dict:
    tp = f.touchpoint
    e = f.evidence
    return {
        "id": tp.id, "name": tp.name, "stage": tp.stage, "path": tp.path, "owner": tp.owner, "channel": tp.channel,
        "line": line, "weight": _r(tp.weight, 3), "moments": list(f.moments),
        "effective_weight": _r(f.effective_weight, 3), "friction": _r(f.friction), "band": f.band,
        "cost": _r(f.cost, 2), "reach": _r(f.reach, 3),
        "effort": f.breakdown.effort, "emotion": _emotion(f.emotion),
        "design": {"friction": _r(e.design_friction), "emotion": e.design_emotion},
        "evidence": {
            "friction": None if e.evidence_friction is None else _r(e.evidence_friction),
            "metric_share": _r(e.metric_share, 3), "mentions": _r(e.mentions, 2), "pull": _r(e.pull, 3),
        },
        "frictions": [{"kind": x.kind, "severity": x.severity, "note": x.note} for x in tp.frictions],
        "metrics": tp.metrics.present() if tp.metrics else {},
        "reachable": tp.index in a.flow.reachable,
        "bridge": tp.bridge,
    }
