"""What a report tells the people who own a journey, as plain text shared by the HTML, Markdown and
terminal renderers: a verdict sentence, what each score means, the top fixes, how each kind of customer
leaves, what customers say, findings grouped by touchpoint, and the multi-journey overview.

Newer report keys (``routes``, ``opportunities``, ``voice``) are used when present; older reports fall
back to what they hold (``experience.endings``, the costliest touchpoints, unanswered feedback).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ordering import costliest
from ..scoring import BANDS, band
from .summary import gain_text, one_line
from .text import fmt_score, plural


def _friction_bands() -> str:
    """The published friction scale in words, from the one definition the scoring uses."""
    starts = [start for _, start in BANDS[1:]]
    spans = [f"below {starts[0]:g} {BANDS[0][0]}"]
    spans += [f"{lo:g}–{hi:g} {name}" for (name, lo), hi in zip(BANDS[1:-1], starts[1:])]
    spans.append(f"{BANDS[-1][1]:g}+ {BANDS[-1][0]}")
    return ", ".join(spans)


#: (label, what it means, higher is better) per score, in report order.
SCORE_MEANING = {
    "friction": ("Friction", "The share of customers hurt: those who meet at least one bad outcome on their "
                 "route, accumulated along the routes customers take and weighted by how many take each. Lower is "
                 "better.", False),
    "coverage": ("Coverage", "How much of the real journey the map covers: every stage, feedback, hand-offs "
                 "between teams, an unhappy path, after the sale, a follow-up. Higher is better.", True),
    "experience": ("Remembered experience", "How customers will remember it, from its strongest moment and "
                   "its end (the peak-end rule). Higher is better.", True),
}
STATUS_RANK = {"fail": 0, "warn": 1, "pass": 2}
STATUS_WORD = {"fail": "fails", "warn": "needs attention", "pass": "is healthy"}


def touchpoint_friction_note() -> str:
    """What a touchpoint's friction is (an index, unlike the journey's and a stage's share of customers)."""
    return f"friction: a touchpoint's own 0..100 index ({_friction_bands()})"


def mood(value: float | None, higher_is_better: bool) -> str:
    """``good``, ``mid`` or ``bad`` for a 0..100 score: the one set of score bands every output uses."""
    if value is None:
        return "mid"
    if not higher_is_better:  # friction: the scoring's own bands (smooth, noticeable | painful | broken)
        return {"smooth": "good", "noticeable": "good", "painful": "mid", "broken": "bad"}[band(value)]
    return "good" if value >= 70 else "bad" if value < 40 else "mid"


def memory(experience: float) -> str:
    return {"good": "remember it well", "mid": "have mixed memories of it",
            "bad": "remember it badly"}[mood(experience, True)]


def _touchpoint_names(report: dict) -> dict[str, str]:
    """Names on one line each (a name with a line break would break the wrapping of the text around it)."""
    return {t["id"]: one_line(t["name"]) for t in report["touchpoints"]}


# -- how customers leave -----------------------------------------------------------------------------------


def endings(report: dict) -> list[dict]:
    """One entry per way the journey ends, in the ``routes`` shape (share and customers may be None)."""
    routes = report.get("routes")
    if routes:
        return sorted(routes, key=lambda r: (-(r.get("share") or 0), r.get("experience", 0)))
    return [{"ending": e["touchpoint"], "ending_name": e["name"], "kind": e.get("path") or "happy", "share": None,
             "customers": None, "experience": e["experience"], "end_emotion": e["emotion"], "peak": None}
            for e in report.get("experience", {}).get("endings", [])]


def ending_text(route: dict) -> str:
    """``unhappy path, 12% of customers, ends at 'Damage claim': remembered experience 25``."""
    who = []
    if route.get("share") is not None:
        who.append(f"{route['share']:.0%} of customers")
    if route.get("customers") is not None:
        who.append(f"{'about ' * bool(route.get('estimated'))}{route['customers']:,} "
                   f"customer{'s' * (route['customers'] != 1)}{' (estimated)' * bool(route.get('estimated'))}")
    head = f"{route['kind']} path" + (f" ({', '.join(who)})" if who else "")
    # Said where an unmeasured end flatters the memory (a designed pleasant ending is the cheap way up);
    # older reports lack end_measured: say nothing rather than guess.
    flatters = route.get("end_measured") is False and (route.get("end_emotion") or 0) > 0
    estimate = " (end not measured: the team's estimate)" if flatters else ""
    return f"{head} ends at '{route['ending_name']}': remembered experience {fmt_score(route['experience'])}{estimate}"


def leaving_text(report: dict) -> str | None:
    """``2,400 of the 4,000 customers who enter end on these routes; ...`` when the measured volumes
    say some leave between touchpoints, where no route ends (docs/scoring.md §3)."""
    customers = report.get("customers")
    if not customers or customers["on_routes"] >= customers["entered"]:
        return None
    gone = customers["entered"] - customers["on_routes"]
    return (f"{customers['on_routes']:,} of the {customers['entered']:,} customers who enter end on these routes; "
            f"the measured volumes say the other {gone:,} leave between touchpoints, where no route ends")


def worst_ending(report: dict) -> dict | None:
    found = endings(report)
    return min(found, key=lambda r: r["experience"]) if found else None


# -- what to do next ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fix:
    title: str
    detail: str
    gain: str  # the expected gain in words, or what the touchpoint costs when no gain was computed
    computed: bool  # True when the gain comes from a what-if re-score (report["opportunities"])
    brief: str = ""  # the gain, or the touchpoint's friction: what the overview shows in parentheses


def _fix_detail(opportunity: dict) -> str:
    """What to do, whom it reaches and which team owns it."""
    parts = [opportunity.get("fix") or ""]
    if opportunity.get("reach") is not None:
        parts.append(f"reaches {plural(opportunity['reach'], 'customer')}")
    if opportunity.get("owned"):
        parts.append(f"team opportunity {opportunity['owned']}")
    return "; ".join(part for part in parts if part)


def top_fixes(report: dict, limit: int = 3) -> list[Fix]:
    """The ranked opportunities when the report has them, else the costliest touchpoints."""
    opportunities = report.get("opportunities")
    if opportunities:
        ranked = sorted(opportunities, key=lambda o: o.get("rank", 0))[:max(0, limit)]
        return [Fix(o["title"], _fix_detail(o), gain_text(o.get("gain") or {}), True,
                    gain_text(o.get("gain") or {})) for o in ranked]
    total = sum(t["cost"] for t in report["touchpoints"]) or 1.0
    fixes = []
    for t in costliest(report["touchpoints"], limit):
        worst = max(t["frictions"], key=lambda f: f["severity"], default=None)
        detail = f"friction {fmt_score(t['friction'])}" + (
            f"; worst: {worst['kind']} (severity {worst['severity']})" + (f": {worst['note']}" if worst["note"] else "")
            if worst else "")
        fixes.append(Fix(f"Ease '{t['name']}' in stage {t['stage']}", detail,
                         f"{t['cost'] / total:.0%} of the journey's friction", False,
                         f"friction {fmt_score(t['friction'])}"))
    return fixes


def fixes_heading(report: dict) -> str:
    return "Top fixes" if report.get("opportunities") else "Where the friction is"


# -- the verdict -------------------------------------------------------------------------------------------


def verdict_sentence(report: dict) -> str:
    """The verdict in plain words: how customers will remember it, its worst ending, what to fix first."""
    s = report["scores"]
    summary = report["summary"]
    sentences = [f"{report['journey']['name']} {STATUS_WORD[report['status']]}: customers are likely to "
                 f"{memory(s['experience'])} (remembered experience {s['experience']:.0f} of 100)."]
    found = endings(report)
    worst = worst_ending(report)
    if worst is not None and len(found) > 1:
        sentences.append(f"The worst way out is the {worst['kind']} path ending at '{worst['ending_name']}' "
                         f"(experience {worst['experience']:.0f}).")
    fixes = top_fixes(report, 1)
    if fixes:
        fix = fixes[0]
        sentences.append(f"Fix first: {fix.title} ({fix.gain})." if fix.computed
                         else f"Most friction comes from {fix.title.removeprefix('Ease ')} ({fix.gain}).")
    if summary["errors"]:
        sentences.append(f"{plural(summary['errors'], 'error')} to fix before it passes.")
    elif summary["warnings"]:
        sentences.append(f"No errors; {plural(summary['warnings'], 'warning')} to review.")
    return " ".join(sentences)


# -- voice of the customer ---------------------------------------------------------------------------------


def voice(report: dict, limit: int = 6) -> tuple[list[dict], int]:
    """(quotes, how many more) most-mentioned first: ``{text, count, sentiment, where, status, answered_by}``
    (``answered_by`` the answering touchpoint's name).

    ``report["voice"]`` when present; else the feedback no touchpoint answers (from the coverage check)."""
    names = _touchpoint_names(report)
    items = report.get("voice")
    if items is None:
        check = next((c for c in report.get("coverage", []) if c["id"] == "feedback"), None)
        items = [{"text": text, "count": None, "sentiment": None, "touchpoint": None, "stage": None,
                  "status": "open"} for text in (check["failures"] if check else [])]
    quotes = []
    for item in items:
        where = names.get(item.get("touchpoint") or "", "") or (f"stage {item['stage']}" if item.get("stage") else "")
        answer = item.get("answered_by")
        quotes.append({"text": item["text"], "count": item.get("count"), "sentiment": item.get("sentiment"),
                       "where": where, "status": item.get("status"),
                       "answered_by": names.get(answer, answer) if answer else None})
    return quotes[:limit], max(0, len(quotes) - limit)


def quote_meta(quote: dict) -> str:
    """``41 customers · about stage win · still open`` or ``… · answered by Follow-up call``."""
    parts = []
    if quote["count"] is not None:
        parts.append(f"{quote['count']:,} customer{'s' * (quote['count'] != 1)}")
    if quote["where"]:
        parts.append(f"about {quote['where']}")
    if quote["status"] == "open":
        parts.append("still open")
    elif quote["status"] == "answered":
        parts.append(f"answered by {quote['answered_by']}" if quote.get("answered_by") else "answered")
    return " · ".join(parts)


# -- findings for people -----------------------------------------------------------------------------------


def rule_words(code: str) -> str:
    """What the rule checks, in words (its one-line summary)."""
    from ..rules import all_rules

    rule = all_rules().get(code)
    return rule.summary if rule else code


def findings_by_touchpoint(report: dict) -> list[tuple[str, list[dict]]]:
    """(heading, findings) grouped by the touchpoint (or stage) they are about, in the customer's order,
    most severe group first."""
    order = {t["id"]: i for i, t in enumerate(report["touchpoints"])}
    names = _touchpoint_names(report)
    stages = {st["id"]: i for i, st in enumerate(report["stages"])}
    groups: dict[tuple, list[dict]] = {}
    for f in report["findings"]:
        if f["touchpoint"] in names:
            key = (0, order[f["touchpoint"]], f"{names[f['touchpoint']]} (stage {f['stage']})")
        elif f["stage"]:
            key = (0, stages.get(f["stage"], len(order)) - 0.5, f"Stage {f['stage']}")
        else:
            key = (1, 0, "The journey as a whole")
        groups.setdefault(key, []).append(f)
    rank = {"error": 0, "warning": 1, "info": 2}

    def worst(item: tuple[tuple, list[dict]]) -> tuple:
        key, items = item
        return (min(rank[f["severity"]] for f in items), key[0], key[1])

    return [(key[2], items) for key, items in sorted(groups.items(), key=worst)]


def counts_text(summary: dict) -> str:
    """``4 errors, 14 warnings`` (what is zero left out; ``no findings`` when all are)."""
    parts = [plural(summary[key], word) for key, word in (("errors", "error"), ("warnings", "warning"),
                                                          ("infos", "info")) if summary.get(key)]
    return ", ".join(parts) or "no findings"


# -- several journeys --------------------------------------------------------------------------------------


def risk_key(report: dict) -> tuple:
    """Riskiest first: failing before warning before healthy, then worst remembered experience, then friction."""
    s = report["scores"]
    return (STATUS_RANK[report["status"]], s["experience"], -s["friction"], report["journey"]["name"])


def by_risk(reports: list[dict]) -> list[tuple[int, dict]]:
    """(position in the run, report), riskiest first; the position names the report's section."""
    return sorted(enumerate(reports, 1), key=lambda item: risk_key(item[1]))


def worst_ending_text(report: dict) -> str:
    worst = worst_ending(report)
    return (f"{worst['ending_name']} ({worst['kind']} path, experience {worst['experience']:.0f})" if worst
            else "–")


def top_fix_text(report: dict) -> str:
    """The first fix and its gain (or its touchpoint's friction): needs only what ``slim_report`` keeps."""
    fixes = top_fixes(report, 1)
    return f"{fixes[0].title} ({fixes[0].brief})" if fixes else "–"


def journey_labels(reports: list[dict]) -> list[str]:
    """A name per report that tells it apart from the others: the journey name, then its audit label or file."""
    names = [r["journey"]["name"] for r in reports]
    labels = []
    for r in reports:
        j = r["journey"]
        label = j["name"]
        if names.count(j["name"]) > 1:
            same = [o["journey"]["audit"] for o in reports if o["journey"]["name"] == j["name"]]
            label += f" ({j['audit']})" if j["audit"] and same.count(j["audit"]) == 1 else f" ({j['file']})"
        labels.append(label)
    return labels


def comparable_groups(reports: list[dict]) -> list[list[int]]:
    """Indexes of journeys that share the same stages (two or more), for overlaid emotion curves."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for index, report in enumerate(reports):
        groups.setdefault(tuple(st["id"] for st in report["stages"]), []).append(index)
    return [items for items in groups.values() if len(items) > 1]


# -- evidence and missing touchpoints (report format 2) -----------------------------------------------------


def evidence_text(report: dict) -> str | None:
    """How much of the map is backed by measured evidence, when the report says."""
    evidence = report.get("evidence")
    if not evidence or evidence.get("touchpoints") is None:
        return None
    text = f"{evidence['touchpoints']:.0%} of touchpoints are backed by measured evidence"
    if evidence.get("customers") is not None:
        text += f", covering {evidence['customers']:.0%} of customers"
    return text + "; the rest is the team's design estimate."


SUGGESTIONS_SHOWN = 5


def suggestion_lines(report: dict) -> list[str]:
    """Each touchpoint the scoring model suggests adding: where, and why."""
    names = _touchpoint_names(report)
    lines = []
    for item in report.get("suggestions") or []:
        where = []
        if item.get("stage"):
            where.append(f"in stage {item['stage']}")
        # ids, not names: the why names touchpoints by id too, and an id never needs escaping
        if item.get("after") in names:
            where.append(f"after '{item['after']}'")
        if item.get("before") in names:
            where.append(f"before '{item['before']}'")
        lines.append(f"{item['kind']} gap{' ' + ', '.join(where) if where else ''}: {item['why']}")
    if len(lines) > SUGGESTIONS_SHOWN:  # a list cut short says how many were left out
        lines = lines[:SUGGESTIONS_SHOWN] + [f"and {plural(len(lines) - SUGGESTIONS_SHOWN, 'more suggestion')} "
                                             "(all in the JSON report)"]
    return lines
