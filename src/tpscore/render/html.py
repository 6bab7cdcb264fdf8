"""The HTML audit: a page the people who own a journey read, saved as one self-contained file.

First screen: the journey's name, the verdict in a sentence, the three scores with what they mean, the
top fixes and how each kind of customer leaves. Then the emotion curve (touchpoint names) and friction
per stage, the voice of the customer, findings grouped by touchpoint with the rule in words (file:line
kept, small), coverage checks and every touchpoint; CI gates come last. Several journeys start with an
overview, riskiest first, and overlaid emotion curves for journeys that share their stages.
"""

from __future__ import annotations

from ..auditrun import AuditRun
from . import charts
from .html_page import esc, page, quote, table, table_html
from .story import (
    SCORE_MEANING,
    by_risk,
    comparable_groups,
    counts_text,
    ending_text,
    endings,
    evidence_text,
    findings_by_touchpoint,
    fixes_heading,
    journey_labels,
    leaving_text,
    mood,
    quote_meta,
    rule_words,
    suggestion_lines,
    top_fix_text,
    top_fixes,
    touchpoint_friction_note,
    verdict_sentence,
    voice,
    worst_ending_text,
)
from .summary import (
    PROBLEM_HEADERS,
    coverage_checklist,
    frictions_text,
    problem_rows,
    profile_source,
    silenced_lines,
)
from .text import SCORE_UNIT, fmt_emotion, fmt_score, moment_marks, plural

# Kept importable under their old names: the charts moved to charts.py.
emotion_svg = charts.emotion_wide
friction_svg = charts.stage_friction


def _h(level: int, text: str, extra: str = "") -> str:
    return f"<h{level}{extra}>{esc(text)}</h{level}>"


def _scores(report: dict, level: int) -> str:
    cards = []
    for key, (label, meaning, higher) in SCORE_MEANING.items():
        value = report["scores"][key]
        cards.append(f'<div class="score {mood(value, higher)}">{_h(level, label)}<div class="value">'
                     f"{fmt_score(value)} <small>{esc(SCORE_UNIT[key])}</small></div><p>{esc(meaning)}</p></div>")
    return f'<div class="scores">{"".join(cards)}</div>'


def _fixes(report: dict, level: int, top: int) -> str:
    fixes = top_fixes(report, top)
    if not fixes:
        return ""
    items = "".join(f'<li><strong>{esc(f.title)}</strong> <span class="{"gain" if f.computed else "cost"}">'
                    f"{esc(f.gain)}</span>" + (f'<br><span class="why">{esc(f.detail)}</span>' if f.detail else "")
                    + "</li>" for f in fixes)
    note = ("" if report.get("opportunities") else
            '<p class="small">Ranked by what each touchpoint adds to the journey\'s friction.</p>')
    return f'<section>{_h(level, fixes_heading(report))}{note}<ol class="fixes">{items}</ol></section>'


def _endings(report: dict, level: int) -> str:
    routes = endings(report)
    if not routes:
        return ""
    items = "".join(f'<li class={quote(r["kind"])}>{esc(ending_text(r))}</li>' for r in routes)
    gone = leaving_text(report)
    items += f'<li class="left">{esc(gone)}</li>' if gone else ""
    return f'<section>{_h(level, "How customers leave")}<ul class="plain routes">{items}</ul></section>'


def _legend() -> str:
    return ('<p class="legend"><span><i class="key happy"></i>happy path</span><span><i class="key unhappy"></i>'
            'unhappy path</span><span><i class="key recovery"></i>recovery</span><span>ringed: moments '
            "(F first, L last, E emotional)</span></p>")


def _charts(report: dict, level: int) -> str:
    tps = report["touchpoints"]
    # No touchpoint threshold line over the stages: a stage's bar is a share of customers, the threshold an index.
    return (f'<section class="newpage">{_h(level, "Emotion curve")}<figure>'
            f'<figcaption>How customers feel at each touchpoint, in the order they meet them</figcaption>'
            f'<div class="wide">{charts.emotion_wide(tps)}</div><div class="narrow">{charts.emotion_narrow(tps)}'
            f"</div>{_legend()}</figure>"
            f'{_h(level, "Friction per stage")}<figure><figcaption>The share of the customers reaching each stage '
            f"who are hurt there (%); lower is better</figcaption>{charts.stage_friction(report['stages'])}"
            "</figure></section>")


def _voice(report: dict, level: int) -> str:
    quotes, more = voice(report)
    if not quotes:
        return ""
    heading = "Voice of the customer" if report.get("voice") is not None else "Unanswered feedback"
    items = "".join(f'<blockquote><p>“{esc(q["text"])}”</p><p class="small">{esc(quote_meta(q))}</p></blockquote>'
                    for q in quotes)
    rest = f'<p class="small">and {plural(more, "more quote")}</p>' if more else ""
    return f"<section>{_h(level, heading)}{items}{rest}</section>"


def _evidence(report: dict) -> str:
    text = evidence_text(report)
    return f'<p class="small">{esc(text)}</p>' if text else ""


def _suggestions(report: dict, level: int) -> str:
    items = "".join(f"<li>{esc(line)}</li>" for line in suggestion_lines(report))
    return f"<section>{_h(level, 'Missing touchpoints')}<ul>{items}</ul></section>" if items else ""


def _findings(report: dict, level: int) -> str:
    findings = report["findings"]
    heading = _h(level, f"Findings ({counts_text(report['summary'])})")
    groups = [] if findings else ["<p>No findings.</p>"]
    for title, items in findings_by_touchpoint(report):
        lines = "".join(f'<li><span class={quote("sev " + f["severity"])}>{esc(f["severity"])}</span>'
                        f'{esc(f["message"])}<div class="why">{esc(rule_words(f["code"]))} '
                        f'<span class="where">{esc(f["code"])} {esc(f["name"])} · '
                        f'{esc(f["file"])}:{f["line"]}</span></div></li>' for f in items)
        groups.append(f'{_h(level + 1, title)}<ul class="findings">{lines}</ul>')
    silenced = "".join(f"<li>{esc(text)}</li>" for text in silenced_lines(report))
    ignored = (f'<p class="small">{plural(len(report["ignored"]), "finding")} silenced:</p>'
               f'<ul class="small">{silenced}</ul>' if report["ignored"] else "")
    return f'<section class="newpage">{heading}{"".join(groups)}{ignored}</section>'


def _checklist(report: dict, level: int) -> str:
    items = "".join(f'<li class="{"ok" if ok else "no"}">{"✓" if ok else "✗"} {esc(text)}</li>'
                    for ok, text in coverage_checklist(report, shown=10))
    return f'<section>{_h(level, "Coverage checks")}<ul class="plain">{items}</ul></section>' if items else ""


TOUCHPOINT_COLUMNS = ("#", "touchpoint", "stage", "path", "owner", "moments", "emotion", "friction", "cost",
                      "frictions")
TOUCHPOINT_WIDTHS = (4, 19, 10, 8, 11, 6, 6, 7, 6, 23)


def _touchpoints(report: dict, level: int) -> str:
    rows = [[str(index), f'{esc(t["name"])}<br><code>{esc(t["id"])}</code>', esc(t["stage"]), esc(t["path"]),
             esc(t["owner"] or "–"), moment_marks(t["moments"]), fmt_emotion(t["emotion"]), fmt_score(t["friction"]),
             fmt_score(t["cost"]), esc(frictions_text(t))] for index, t in enumerate(report["touchpoints"], 1)]
    return (f"<section>{_h(level, 'Every touchpoint')}<p class=\"small\">{esc(touchpoint_friction_note())}</p>"
            f"{table_html(TOUCHPOINT_COLUMNS, rows, (0, 6, 7, 8), widths=TOUCHPOINT_WIDTHS)}</section>")


def _gates(run: AuditRun, level: int) -> str:
    if not run.gates:
        return ""
    items = "".join(f'<li><span class={quote("sev " + ("pass" if g["passed"] else "fail"))}>'
                    f'{"pass" if g["passed"] else "fail"}</span>{esc(g["gate"])}'
                    + ("" if g["passed"] else f": {esc(g['detail'])}") + "</li>" for g in run.gates)
    return f'<section>{_h(level, "CI gates")}<ul class="findings">{items}</ul></section>'


def _meta(report: dict) -> str:
    j = report["journey"]
    people = [f"persona: {j['persona']}"] if j["persona"] else []
    people += [f"audit {j['audit']}"] if j["audit"] else []
    sub = f'<p class="sub">{esc(" · ".join(people))}</p>' if people else ""
    return (f'{sub}<p class="small">{esc(j["file"])} · journey id {esc(j["id"])} · '
            f"profile: {esc(profile_source(report))}</p>")


def journey_body(report: dict, level: int, top: int = 3) -> str:
    """One journey, its name at heading ``level`` and its sections one level below."""
    inner = level + 1
    first = f"{_fixes(report, inner, top)}{_endings(report, inner)}"
    return (f'{_h(level, report["journey"]["name"])}{_meta(report)}'
            f'<p class={quote("verdict " + report["status"])}>{esc(verdict_sentence(report))}</p>'
            f"{_scores(report, inner + 1)}{_evidence(report)}"
            + (f'<div class="columns">{first}</div>' if first else "")
            + f"{_charts(report, inner)}{_voice(report, inner)}{_suggestions(report, inner)}{_findings(report, inner)}"
            f"{_checklist(report, inner)}{_touchpoints(report, inner)}")


OVERVIEW_COLUMNS = ("journey", "status", "friction", "coverage", "experience", "worst ending", "top fix")
OVERVIEW_WIDTHS = (22, 10, 9, 10, 12, 17, 20)


def _overview(run: AuditRun) -> str:
    rows = []
    labels = journey_labels(run.reports)
    for index, r in by_risk(run.reports):
        s = r["scores"]
        persona = f'<br><span class="small">{esc(r["journey"]["persona"])}</span>' if r["journey"]["persona"] else ""
        rows.append([f'<a href="#journey-{index}">{esc(labels[index - 1])}</a>{persona}',
                     f'<span class={quote("sev " + r["status"])}>{esc(r["status"])}</span>',
                     *(fmt_score(s[k]) for k in ("friction", "coverage", "experience")),
                     esc(worst_ending_text(r)), esc(top_fix_text(r))])
    return (f"<section><h2>Journeys, riskiest first</h2>"
            f"{table_html(OVERVIEW_COLUMNS, rows, (2, 3, 4), widths=OVERVIEW_WIDTHS)}</section>")


def _overlays(run: AuditRun) -> str:
    figures = []
    labels = journey_labels(run.reports)
    for group in comparable_groups(run.reports):
        shown = group[:4]
        reports = [run.reports[i] for i in shown]
        stages = [st["id"] for st in reports[0]["stages"]]
        series = [(labels[i], [st["emotion"] for st in run.reports[i]["stages"]]) for i in shown]
        title = "Mean emotion per stage. " + "; ".join(
            f"{label}: " + ", ".join(f"{st['id']} {fmt_emotion(st['emotion'])}" for st in r["stages"])
            for (label, _), r in zip(series, reports))
        chart = charts.line_chart(series, stages, title, -2, 2, (-2, -1, 0, 1, 2), charts.EMOTION_WORDS)
        legend = "".join(f'<span><i class="key s{n}"></i>{esc(label)}</span>' for n, (label, _) in enumerate(series, 1))
        more = f'<p class="small">and {plural(len(group) - 4, "more journey")} with these stages</p>' \
            if len(group) > 4 else ""
        figures.append(f"<figure><figcaption>Mean emotion per stage (line styles differ as well as colours)"
                       f'</figcaption>{chart}<p class="legend">{legend}</p>{more}</figure>')
    return f"<section><h2>Journeys with the same stages</h2>{''.join(figures)}</section>" if figures else ""


def render(run: AuditRun, color: bool = False) -> str:
    if len(run.reports) == 1 and not run.invalid:
        report = run.reports[0]
        return page(report["journey"]["name"], journey_body(report, 1, run.top) + _gates(run, 2), "audit")
    total = len(run.reports) + len(run.invalid)
    body = [f"<h1>Journey audit: {plural(total, 'journey file')}</h1>",
            f'<p class="sub">{esc(_totals(run))}</p>']
    if run.reports:
        body.append(_overview(run) + _overlays(run))
    if run.invalid:
        body.append(f"<section><h2>Invalid files ({len(run.invalid)})</h2>"
                    f"{table(PROBLEM_HEADERS, problem_rows(run))}</section>")
    body += [f'<section id="journey-{i}" class="newpage">{journey_body(r, 2, run.top)}</section>'
             for i, r in enumerate(run.reports, 1)]
    if not run.reports and not run.invalid:
        body.append("<p>No journeys were audited.</p>")
    body.append(_gates(run, 2))
    return page(f"Journey audit: {plural(total, 'journey file')}", "".join(body), "audit")


def _totals(run: AuditRun) -> str:
    t = run.totals()
    parts = [plural(t["journeys"], "valid journey")]
    if t["invalid"]:
        parts.append(f"{t['invalid']} invalid")
    return ", ".join(parts) + "; " + counts_text({"errors": t["errors"], "warnings": t["warnings"],
                                                 "infos": t["infos"]})
