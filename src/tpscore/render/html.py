"""One self-contained HTML5 page: score cards, the emotion curve and per-stage friction as inline SVG,
the coverage checklist, findings and touchpoints.

No JavaScript, no network (a strict Content-Security-Policy forbids both), inline CSS only. Every piece of
user text, in HTML, SVG text, titles and attributes alike, goes through :func:`esc`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from .. import __version__
from ..auditrun import AuditRun
from ..console import strip_controls
from .summary import (
    COSTLIEST_HEADERS,
    FINDING_HEADERS,
    PROBLEM_HEADERS,
    STAGE_HEADERS,
    SUMMARY_HEADERS,
    TOUCHPOINT_HEADERS,
    costliest_rows,
    coverage_checklist,
    finding_rows,
    journey_meta,
    problem_rows,
    stage_rows,
    summary_rows,
    totals_line,
    touchpoint_rows,
)
from .text import MOMENT_MARKS, fmt_emotion, fmt_score

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
AXIS_LABEL = 16  # characters of a touchpoint or stage id under a chart; the tooltip has all of it
EMOTION_WORDS = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:0 auto;padding:24px;
max-width:1200px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 4px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{font-size:15px;margin:20px 0 6px}.meta{color:#656d76;margin:0 0 12px;overflow-wrap:anywhere}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{border:1px solid #d0d7de;border-radius:8px;padding:10px 16px;min-width:160px}
.card .label{color:#656d76;font-size:12px}.card .value{font-size:28px;font-weight:600}
.card .hint{color:#656d76;font-size:11px}
.good .value{color:#1a7f37}.mid .value{color:#9a6700}.bad .value{color:#cf222e}
.verdict{font-weight:600;padding:8px 12px;border-radius:6px;overflow-wrap:anywhere}
.verdict.pass{background:#dafbe1}.verdict.warn{background:#fff8c5}.verdict.fail{background:#ffebe9}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}.scroll{overflow-x:auto}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:#f6f8fa;white-space:nowrap}td.n,th.n{text-align:right;white-space:nowrap}
tr.sev-error td:nth-child(-n+3){color:#cf222e;font-weight:600}
tr.sev-warning td:nth-child(-n+3){color:#9a6700;font-weight:600}tr.sev-info td:nth-child(-n+3){color:#0969da}
ul.checks{list-style:none;padding-left:0}ul.checks li{margin:2px 0;overflow-wrap:anywhere}
.ok{color:#1a7f37}.no{color:#cf222e}.gates li{color:#cf222e}
figure{margin:8px 0 16px;overflow-x:auto}figcaption{font-weight:600;margin-bottom:4px}
svg text{font-size:11px;fill:#656d76}svg .axis{stroke:#d0d7de}svg .zero{stroke:#8c959f}
svg .curve{fill:none;stroke:#8250df;stroke-width:2}svg .happy{fill:#0969da}svg .unhappy{fill:#cf222e}
svg .recovery{fill:#1a7f37}svg .unknown{fill:#fff;stroke:#8c959f;stroke-width:1.5}
svg .moment{fill:none;stroke:#bf8700;stroke-width:2}svg text.mark{fill:#bf8700;font-weight:700}
svg .bar-good{fill:#4ac26b}svg .bar-mid{fill:#d4a72c}svg .bar-bad{fill:#e5534b}
svg .gap{fill:none;stroke:#cf222e;stroke-dasharray:4 3}svg .limit{stroke:#cf222e;stroke-dasharray:6 4}
.legend span{margin-right:12px}.legend .dot{display:inline-block;width:10px;height:10px;border-radius:50%;
margin-right:4px;vertical-align:middle}.legend .happy{background:#0969da}.legend .unhappy{background:#cf222e}
.legend .recovery{background:#1a7f37}
footer{color:#656d76;font-size:12px;margin-top:32px}
"""


def esc(text: object) -> str:
    """Any value as HTML text or attribute content: control characters dropped, markup characters escaped."""
    return html.escape(strip_controls(str(text)), quote=True)


NUMERIC = ' class="n"'


def quoted(value: str) -> str:
    """An attribute value, escaped and in double quotes."""
    return f'"{esc(value)}"'


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (),
           classes: Sequence[str] | None = None) -> str:
    def cells(tag: str, items: Sequence[str]) -> str:
        return "".join(f"<{tag}{NUMERIC if i in numeric else ''}>{esc(item)}</{tag}>" for i, item in enumerate(items))

    body = "".join(f"<tr{f' class={quoted(classes[index])}' if classes else ''}>{cells('td', row)}</tr>"
                   for index, row in enumerate(rows))
    table = f"<table><thead><tr>{cells('th', headers)}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def _mood(value: float, higher_is_better: bool) -> str:
    good = value >= 70 if higher_is_better else value <= 30
    bad = value < 40 if higher_is_better else value > 60
    return "good" if good else "bad" if bad else "mid"


def _cards(report: dict) -> str:
    s = report["scores"]
    cards = [("Friction", s["friction"], False), ("Coverage", s["coverage"], True),
             ("Experience (peak-end)", s["experience"], True)]
    summary = report["summary"]
    return '<div class="cards">' + "".join(
        f'<div class="card {_mood(value, high)}"><div class="label">{label}</div><div class="value">'
        f'{fmt_score(value)}</div><div class="hint">{"higher" if high else "lower"} is better</div></div>'
        for label, value, high in cards) + (
        f'<div class="card"><div class="label">Findings</div><div class="value">{len(report["findings"])}</div>'
        f'<div class="hint">{summary["errors"]} errors, {summary["warnings"]} warnings, {summary["infos"]} infos, '
        f'{summary["ignored"]} ignored</div></div></div>')


# -- inline SVG charts (no xmlns: inline SVG in HTML5 needs none, and the page names no URL at all) --------


def _axis_label(cx: float, y: int, text: str) -> str:
    short = text if len(text) <= AXIS_LABEL else text[: AXIS_LABEL - 1] + "…"
    return f'<text x="{cx:.1f}" y="{y}" text-anchor="end" transform="rotate(-45 {cx:.1f} {y})">{esc(short)}</text>'


def _tooltip(index: int, t: dict) -> str:
    emotion = t["emotion"]
    feeling = "unknown (treated as neutral)" if emotion is None else f"{fmt_emotion(emotion)} {EMOTION_WORDS[emotion]}"
    moments = f"; moments: {', '.join(t['moments'])}" if t["moments"] else ""
    return (f"{index}. {t['id']}: {t['name']}\nemotion {feeling}\nstage {t['stage']}, {t['path']} path, "
            f"friction {fmt_score(t['friction'])}{moments}")


def emotion_svg(touchpoints: list[dict]) -> str:
    """The emotion curve across touchpoints on a fixed −2..+2 scale; moments ringed and lettered."""
    count = len(touchpoints)
    step = max(8.0, min(48.0, 1400.0 / max(count, 1)))
    labels = count <= 60
    left, right, top, plot = 120, 24, 28, 160
    bottom = 90 if labels else 16
    width, height = int(left + right + step * max(count, 1)), top + plot + bottom

    def x(i: int) -> float:
        return left + step * (i + 0.5)

    def y(emotion: int | None) -> float:
        return top + (2 - (emotion or 0)) / 4 * plot

    parts = [f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Emotion per touchpoint, from very negative (-2) to very positive (+2)">']
    for level in range(2, -3, -1):
        parts.append(f'<line class="{"zero" if level == 0 else "axis"}" x1="{left}" x2="{width - right}" '
                     f'y1="{y(level):.1f}" y2="{y(level):.1f}"/><text x="{left - 8}" y="{y(level) + 4:.1f}" '
                     f'text-anchor="end">{fmt_emotion(level)} {EMOTION_WORDS[level]}</text>')
    points = " ".join(f"{x(i):.1f},{y(t['emotion']):.1f}" for i, t in enumerate(touchpoints))
    parts.append(f'<polyline class="curve" points="{points}"/>')
    for i, t in enumerate(touchpoints):
        cx, cy = x(i), y(t["emotion"])
        shape = "unknown" if t["emotion"] is None else esc(t["path"])
        marks = "".join(MOMENT_MARKS[m] for m in t["moments"])
        ring = f'<circle class="moment" cx="{cx:.1f}" cy="{cy:.1f}" r="9"/>' if marks else ""
        letters = (f'<text class="mark" x="{cx:.1f}" y="{cy - 13:.1f}" text-anchor="middle">{esc(marks)}</text>'
                   if marks else "")
        parts.append(f'<g><title>{esc(_tooltip(i + 1, t))}</title>{ring}<circle class="{shape}" cx="{cx:.1f}" '
                     f'cy="{cy:.1f}" r="5"/>{letters}</g>')
        if labels:
            parts.append(_axis_label(cx, top + plot + 14, t["id"]))
    parts.append("</svg>")
    return "".join(parts)


def friction_svg(stages: list[dict], limit: float | None = None) -> str:
    """Friction per stage on a fixed 0..100 scale; a stage with no touchpoint is drawn as a dashed gap."""
    count = len(stages)
    step = max(14.0, min(72.0, 1400.0 / max(count, 1)))
    left, right, top, plot, bottom = 40, 24, 20, 160, 90
    width, height = int(left + right + step * max(count, 1)), top + plot + bottom

    def y(value: float) -> float:
        return top + (100 - value) / 100 * plot

    parts = [f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             'aria-label="Friction per stage, 0 to 100, lower is better">']
    for level in (0, 25, 50, 75, 100):
        parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{y(level):.1f}" y2="{y(level):.1f}"/>'
                     f'<text x="{left - 6}" y="{y(level) + 4:.1f}" text-anchor="end">{level}</text>')
    bar = step * 0.6
    for i, st in enumerate(stages):
        bx = left + step * i + (step - bar) / 2
        cx = bx + bar / 2
        if st["friction"] is None:
            tip = f"{st['id']}: no touchpoint (a gap)"
            shape = (f'<rect class="gap" x="{bx:.1f}" y="{y(100):.1f}" width="{bar:.1f}" height="{plot}"/>'
                     f'<text x="{cx:.1f}" y="{y(0) - 4:.1f}" text-anchor="middle">gap</text>')
        else:
            value = st["friction"]
            tip = (f"{st['id']}: friction {fmt_score(value)}, {st['touchpoints']} touchpoint"
                   f"{'s' * (st['touchpoints'] != 1)}, emotion {fmt_emotion(st['emotion'])}")
            shape = (f'<rect class="bar-{_mood(value, False)}" x="{bx:.1f}" y="{y(value):.1f}" width="{bar:.1f}" '
                     f'height="{y(0) - y(value):.1f}"/><text x="{cx:.1f}" y="{y(value) - 4:.1f}" '
                     f'text-anchor="middle">{fmt_score(value)}</text>')
        parts.append(f"<g><title>{esc(tip)}</title>{shape}</g>{_axis_label(cx, top + plot + 14, st['id'])}")
    if limit is not None:
        parts.append(f'<g><title>{esc(f"touchpoint friction threshold {limit:g}")}</title><line class="limit" '
                     f'x1="{left}" x2="{width - right}" y1="{y(limit):.1f}" y2="{y(limit):.1f}"/></g>')
    parts.append("</svg>")
    return "".join(parts)


# -- sections ----------------------------------------------------------------------------------------------


def _threshold(report: dict) -> float | None:
    value = report.get("profile", {}).get("thresholds", {}).get("touchpoint")
    return float(value) if isinstance(value, (int, float)) and 0 <= value <= 100 else None


def _checklist(report: dict) -> str:
    items = "".join(f'<li class="{"ok" if ok else "no"}">{"✓" if ok else "✗"} {esc(text)}</li>'
                    for ok, text in coverage_checklist(report, shown=10))
    return f'<h3>Coverage checks</h3><ul class="checks">{items}</ul>' if items else ""


def _findings(report: dict) -> str:
    findings = report["findings"]
    if not findings:
        return "<h3>Findings</h3><p>No findings.</p>"
    rows = finding_rows(findings)
    table = _table(FINDING_HEADERS, rows, classes=[f"sev-{f['severity']}" for f in findings])
    ignored = (f'<p class="meta">{len(report["ignored"])} finding(s) ignored by <code>ignore:</code> in the file</p>'
               if report["ignored"] else "")
    return f"<h3>Findings ({len(findings)})</h3>{table}{ignored}"


def _journey(index: int, report: dict) -> str:
    j = report["journey"]
    costly = costliest_rows(report)
    costly_html = (f"<h3>Costliest touchpoints (friction × weight)</h3>{_table(COSTLIEST_HEADERS, costly, (3, 4, 5))}"
                   if costly else "")
    legend = ('<p class="legend"><span><i class="dot happy"></i>happy path</span><span><i class="dot unhappy"></i>'
              'unhappy path</span><span><i class="dot recovery"></i>recovery</span><span>ringed: moments '
              '(F first, L last, E emotional); hover a point for the touchpoint</span></p>')
    return (f'<section id="journey-{index}"><h2>{esc(j["name"])}</h2>'
            f'<p class="meta">{" · ".join(esc(part) for part in journey_meta(report))}</p>'
            f"{_cards(report)}"
            f'<p class="verdict {esc(report["status"])}">{esc(report["verdict"])}</p>'
            f"<figure><figcaption>Emotion curve across touchpoints</figcaption>"
            f'{emotion_svg(report["touchpoints"])}{legend}</figure>'
            f"<figure><figcaption>Friction per stage (lower is better)</figcaption>"
            f'{friction_svg(report["stages"], _threshold(report))}</figure>'
            f"{_checklist(report)}{_findings(report)}{costly_html}"
            f"<h3>Stages</h3>{_table(STAGE_HEADERS, stage_rows(report), (1, 2, 3, 4))}"
            f"<h3>Touchpoints</h3>{_table(TOUCHPOINT_HEADERS, touchpoint_rows(report), (0, 8, 9, 10, 11, 12))}"
            "</section>")


def _overview(run: AuditRun) -> str:
    parts = []
    if len(run.reports) + len(run.invalid) > 1:
        parts.append(f"<h2>All journeys</h2>{_table(SUMMARY_HEADERS, summary_rows(run), (2, 3, 4, 5, 6))}")
    failed = run.failed_gates()
    if failed:
        items = "".join(f"<li>✗ {esc(g['gate'])}: {esc(g['detail'])}</li>" for g in failed)
        parts.append(f'<h2>Failed gates</h2><ul class="checks gates">{items}</ul>')
    if run.invalid:
        parts.append(f"<h2>Invalid files ({len(run.invalid)})</h2>{_table(PROBLEM_HEADERS, problem_rows(run))}")
    return "".join(parts)


def render(run: AuditRun, color: bool = False) -> str:
    if len(run.reports) == 1 and not run.invalid:
        title = f"tpscore audit: {run.reports[0]['journey']['name']}"
    else:
        title = f"tpscore audit: {totals_line(run)}"
    body = _overview(run) + "".join(_journey(i, r) for i, r in enumerate(run.reports, 1))
    if not run.reports and not run.invalid:
        body = "<p>No journeys were audited.</p>"
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(' '.join(title.split()))}</title><style>{_CSS}</style></head><body>"
            f"<header><h1>tpscore audit</h1><p class=\"meta\">{esc(totals_line(run))}</p></header>"
            f"{body}<footer>tpscore {esc(__version__)}</footer></body></html>\n")
