"""Views of a trend (``tpscore trend``): rich with sparklines, csv, json, markdown, and html with an
inline SVG line chart per score (self-contained: no JavaScript, no network; all user text escaped)."""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Any

from ..diff import SCORES
from .diff_views import Cell, Section, View, change_cell, markdown, move_cell, rich_text, score_rows, tone
from .json_report import dumps
from .text import fmt_score, sparkline

CSV_COLUMNS = ("label", "label_from", "source", "commit", "date", "journey", "file", "status", *SCORES,
               "errors", "warnings", "infos")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# -- rich and markdown: one layout -----------------------------------------------------------------------


def _source(version: dict) -> str:
    return version["commit"][:7] if version["commit"] else version["source"]


def trend_view(trend: dict) -> View:
    versions = trend["versions"]
    heading: list[Cell] = [(f"{trend['journey']['name']}: {len(versions)} version{'s' * (len(versions) != 1)}, "
                            f"{versions[0]['label']} → {versions[-1]['label']}", "bold")]
    if trend["journey_mismatch"]:
        heading.append((f"warning: the versions are of different journeys: {', '.join(trend['journeys'])}", "warn"))
    table = Section("Scores per version", ["version", "source", *SCORES, "errors", "warnings"],
                    [[v["label"], _source(v), *(fmt_score(v["scores"][n]) for n in SCORES),
                      str(v["summary"]["errors"]), str(v["summary"]["warnings"])] for v in versions],
                    (2, 3, 4, 5, 6))
    rows = score_rows(trend["change"])
    for row, name in zip(rows, SCORES):
        row.insert(1, (sparkline(trend["series"][name]), "bold"))
    sections = [table, Section("Trend, first → last", ["score", "per version", "first", "last", "change", ""], rows,
                               (2, 3, 4))]
    if trend["movers"]:
        sections.append(Section("Biggest movers (touchpoint friction, first → last)",
                                ["touchpoint", "stage", "friction"],
                                [[f"{m['name']} ({m['id']})", m["stage"], move_cell(m["friction"])]
                                 for m in trend["movers"]]))
    return View(heading, sections, [("sparklines: ▁ 0 … █ 100 on every score", "dim")])


# -- csv -------------------------------------------------------------------------------------------------


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading quote; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def csv_text(trend: dict, color: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for v in trend["versions"]:
        flat = {**v, **v["scores"], **v["summary"]}
        writer.writerow([safe_cell(flat[column]) for column in CSV_COLUMNS])
    return out.getvalue()


# -- html ------------------------------------------------------------------------------------------------

_W, _H, _PAD_X, _PAD_TOP, _PAD_BOTTOM = 320, 180, 36, 14, 34
_CSS = """body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328;max-width:72rem}
h1{margin-bottom:.2rem}.meta{color:#656d76}.charts{display:flex;flex-wrap:wrap;gap:1rem}
figure{margin:0;border:1px solid #d0d7de;border-radius:8px;padding:.6rem}figcaption{font-weight:600}
.better{color:#1a7f37}.worse{color:#cf222e}.same{color:#656d76}.hint{color:#656d76;font-weight:400}
table{border-collapse:collapse;margin:1rem 0}th,td{border-bottom:1px solid #d0d7de;padding:.3rem .6rem;text-align:left}
td.n,th.n{text-align:right}svg text{font-size:11px;fill:#656d76}.warn{color:#9a6700;font-weight:600}"""


def _x(index: int, count: int) -> float:
    inner = _W - 2 * _PAD_X
    return _PAD_X + (inner / 2 if count == 1 else inner * index / (count - 1))


def _y(value: float) -> float:
    return _PAD_TOP + (100 - value) / 100 * (_H - _PAD_TOP - _PAD_BOTTOM)


def svg_chart(name: str, values: list[float], labels: list[str]) -> str:
    """A line chart of one score on a fixed 0–100 scale, one point (with a tooltip) per version."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" viewBox="0 0 {_W} {_H}" '
             f'role="img" aria-label="{escape(name)} per version">']
    for level in (0, 25, 50, 75, 100):
        y = _y(level)
        parts.append(f'<line x1="{_PAD_X}" x2="{_W - _PAD_X}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eaeef2"/>'
                     f'<text x="{_PAD_X - 6}" y="{y + 4:.1f}" text-anchor="end">{level}</text>')
    points = [(_x(i, len(values)), _y(v)) for i, v in enumerate(values)]
    parts.append('<polyline fill="none" stroke="#0969da" stroke-width="2" points="'
                 + " ".join(f"{x:.1f},{y:.1f}" for x, y in points) + '"/>')
    for (x, y), value, label in zip(points, values, labels):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#0969da"><title>{escape(label)}: '
                     f'{value:.1f}</title></circle><text x="{x:.1f}" y="{_H - 12}" text-anchor="middle">'
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _figure(trend: dict, name: str) -> str:
    change = trend["change"][name]
    text, mood = change_cell(change)
    hint = "lower is better" if not SCORES[name] else "higher is better"
    labels = [v["label"] for v in trend["versions"]]
    return (f'<figure><figcaption>{escape(name.capitalize())} <span class="{mood or "same"}">{escape(text)}</span> '
            f'<span class="hint">({hint})</span></figcaption>{svg_chart(name, trend["series"][name], labels)}'
            "</figure>")


def _html_table(headers: list[str], rows: list[list[str]], numeric: tuple[int, ...] = ()) -> str:
    def cells(tag: str, items: list[str]) -> str:
        return "".join(f'<{tag}{" class=n" if i in numeric else ""}>{item}</{tag}>' for i, item in enumerate(items))

    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return f"<table><thead><tr>{cells('th', [escape(h) for h in headers])}</tr></thead><tbody>{body}</tbody></table>"


def _versions_table(trend: dict) -> str:
    rows = [[escape(v["label"]), escape(_source(v)), *(fmt_score(v["scores"][n]) for n in SCORES),
             str(v["summary"]["errors"]), str(v["summary"]["warnings"])] for v in trend["versions"]]
    return _html_table(["version", "source", *SCORES, "errors", "warnings"], rows, (2, 3, 4, 5, 6))


def _movers_table(trend: dict) -> str:
    if not trend["movers"]:
        return ""
    rows = []
    for m in trend["movers"]:
        text, mood = move_cell(m["friction"])
        rows.append([escape(f"{m['name']} ({m['id']})"), escape(m["stage"]),
                     f'<span class="{tone(m["friction"]["better"]) or "same"}">{escape(text)}</span>'])
    return "<h2>Biggest movers</h2>" + _html_table(["touchpoint", "stage", "friction (first → last)"], rows)


def html_page(trend: dict, color: bool = False) -> str:
    name = trend["journey"]["name"]
    versions = trend["versions"]
    warn = (f'<p class="warn">The versions are of different journeys: {escape(", ".join(trend["journeys"]))}</p>'
            if trend["journey_mismatch"] else "")
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>tpscore trend: {escape(name)}</title><style>{_CSS}</style></head><body>"
            f"<h1>{escape(name)}</h1><p class=\"meta\">{escape(trend['journey']['id'])} · {len(versions)} versions · "
            f"{escape(versions[0]['label'])} → {escape(versions[-1]['label'])}</p>{warn}"
            f'<div class="charts">{"".join(_figure(trend, n) for n in SCORES)}</div>'
            f"<h2>Scores per version</h2>{_versions_table(trend)}{_movers_table(trend)}"
            f"<p class=\"meta\">tpscore {escape(trend['tpscore_version'])}</p></body></html>\n")


def rich_trend(trend: dict, color: bool = False) -> str:
    return rich_text(trend_view(trend), color)


def markdown_trend(trend: dict, color: bool = False) -> str:
    return markdown(trend_view(trend))


def json_trend(trend: dict, color: bool = False) -> str:
    return dumps(trend)
