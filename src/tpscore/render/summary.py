"""Pieces shared by the text renderers: statistics, totals, and per-journey rows and labels."""

from __future__ import annotations

from ..auditrun import AuditRun
from ..console import strip_controls
from ..ordering import costliest
from .text import FRICTION_HURT, fmt_emotion, fmt_score, moment_marks, plural


def statistics_table(run: AuditRun) -> list[str]:
    rows = run.statistics()
    return [f"{count:>5}  {code}  {name} [{severity}]" for code, name, severity, count in rows]


# -- per-journey pieces shared by the markdown, HTML, SARIF, JUnit and GitHub renderers --------------------
# Each returns plain text; every format escapes it its own way.

SCORE_HEADERS = ["friction (% of customers hurt, lower is better)", "coverage (% of checks passed)",
                 "experience (remembered, of 100)", "status"]
STAGE_HEADERS = ["stage", "touchpoints", FRICTION_HURT, "emotion", "csat"]
COSTLIEST_HEADERS = ["touchpoint", "stage", "moments", "friction", "weight", "cost"]
COSTLIEST_TITLE = "Costliest touchpoints (each one's part of the journey friction)"
PROBLEM_HEADERS = ["location", "kind", "message"]
OPPORTUNITY_HEADERS = ["#", "fix", "gain", "reach", "priority"]


def gain_text(gain: dict) -> str:
    """``friction -25.2, experience +25.0`` (the scores that move, in a fixed order); ``no change``."""
    parts = [f"{name} {gain[name]:+.1f}" for name in ("friction", "experience", "coverage") if gain.get(name)]
    return ", ".join(parts) or "no change"


def top_opportunities(report: dict, top: int) -> list[dict]:
    """The ``top`` best-ranked opportunities ([] for reports written before opportunities existed)."""
    return report.get("opportunities", [])[:max(0, top)]


def opportunity_rows(report: dict, top: int) -> list[list[str]]:
    rows = []
    for o in top_opportunities(report, top):
        title = o["title"] + (f" [team: {o['owned']}]" if o["owned"] else "")
        reach = "–" if o["reach"] is None else f"{o['reach']:,}"
        rows.append([str(o["rank"]), f"{title} ({o['id']})", gain_text(o["gain"]), reach, f"{o['priority']:,.2f}"])
    return rows


def voice_groups(report: dict) -> list[tuple[str, list[dict]]]:
    """Feedback grouped under its touchpoint, else its stage; groups most-mentioned first."""
    uncovered = {st["id"] for st in report["stages"] if not st["covered"]}
    groups: dict[str, list[dict]] = {}
    for item in report.get("voice", []):
        if item["touchpoint"]:
            where = f"{item['touchpoint']} (stage {item['stage']})"
        else:
            where = f"stage {item['stage']}" + (" (no touchpoint)" if item["stage"] in uncovered else "")
        groups.setdefault(where, []).append(item)
    return sorted(groups.items(), key=lambda g: (-sum(i["count"] for i in g[1]), g[0]))


def voice_line(item: dict) -> str:
    status = f" [{item['status']}]" if item["status"] else ""
    return f"{item['count']}× ({fmt_emotion(item['sentiment'])}) \"{one_line(item['text'])}\"{status}"


def one_line(text: str) -> str:
    """Printable text on a single line: every run of whitespace (newlines included) becomes one space."""
    return " ".join(strip_controls(text).split())


def location(item: dict) -> str:
    """``file:line:col`` of a finding or a problem."""
    return f"{item['file']}:{item['line']}:{item['column']}"


def journey_meta(report: dict) -> list[str]:
    """id, audit label, persona, file and profile of a journey, for the line under its heading."""
    j = report["journey"]
    parts = [j["id"]]
    if j["audit"]:
        parts.append(f"audit {j['audit']}")
    if j["persona"]:
        parts.append(f"persona: {j['persona']}")
    return parts + [j["file"], f"profile: {profile_source(report)}"]


def profile_source(report: dict) -> str:
    """The profile file a journey was scored with (every format names it: a profile can turn findings off)."""
    return (report.get("profile") or {}).get("source") or "built-in defaults"


def profile_files(run) -> list[str]:
    """The profile files (not the built-in defaults) used in a run, in first-use order."""
    sources = (profile_source(report) for report in run.reports)
    return list(dict.fromkeys(s for s in sources if s != "built-in defaults"))


def score_row(report: dict) -> list[str]:
    s = report["scores"]
    return [fmt_score(s["friction"]), fmt_score(s["coverage"]), fmt_score(s["experience"]), report["status"]]


def stage_rows(report: dict) -> list[list[str]]:
    return [[st["id"], str(st["touchpoints"]) if st["covered"] else "0 (gap)", fmt_score(st["friction"]),
             fmt_emotion(st["emotion"]), fmt_score(st["csat"])] for st in report["stages"]]


def costliest_rows(report: dict) -> list[list[str]]:
    return [[f"{t['name']} ({t['id']})", t["stage"], moment_marks(t["moments"]), fmt_score(t["friction"]),
             f"{t['effective_weight']:g}", fmt_score(t["cost"])] for t in costliest(report["touchpoints"], 5)]


def frictions_text(t: dict) -> str:
    return "; ".join(f"{f['kind']} {f['severity']}" + (f": {f['note']}" if f["note"] else "") for f in t["frictions"])


def problem_rows(run: AuditRun) -> list[list[str]]:
    return [[location(p), p["kind"], p["message"]] for item in run.invalid for p in item["problems"]]


def coverage_checklist(report: dict, shown: int = 3) -> list[tuple[bool, str]]:
    """(ok, text) per applicable coverage check, with its first few failures."""
    items = []
    for c in report["coverage"]:
        if not c["applicable"]:
            continue
        text = f"{c['name']} ({c['passed']}/{c['total']})"
        if c["failures"]:
            rest = len(c["failures"]) - shown
            text += ": " + "; ".join(c["failures"][:shown]) + (f"; and {rest} more" if rest > 0 else "")
        items.append((c["ok"], text))
    return items


def totals_line(run: AuditRun) -> str:
    t = run.totals()
    return ", ".join([plural(t["journeys"], "journey"), f"{t['invalid']} invalid", plural(t["errors"], "error"),
                      plural(t["warnings"], "warning"), plural(t["infos"], "info"), f"{t['ignored']} ignored"])


def silenced_lines(report: dict) -> list[str]:
    """One line per silenced finding: where, the rule, and why (the ``ignore:`` reason, or the baseline)."""
    lines = []
    for f in report["ignored"]:
        how = "known from the baseline" if f.get("suppressed_by") == "baseline" else "ignored"
        why = f": {f['reason']}" if f.get("reason") else " (no reason given)"
        lines.append(f"{location(f)} {f['code']} {f['name']} {how}{why}")
    return lines
