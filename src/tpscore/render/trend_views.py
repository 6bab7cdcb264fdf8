"""Views of a trend (``tpscore trend``): rich with sparklines, csv, json, markdown, and html with an
inline SVG line chart per score (self-contained: no JavaScript, no network; all user text escaped)."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..diff import SCORES
from .diff_views import (
    SCORE_HINT,
    Cell,
    Section,
    View,
    expected_measured,
    markdown,
    move_cell,
    rich_text,
    score_rows,
)
from .fit import tail_path
from .json_report import dumps
from .text import fmt_score, plural, sparkline

CSV_COLUMNS = ("label", "label_from", "source", "commit", "date", "journey", "file", "status", *SCORES,
               "errors", "warnings", "infos")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# -- rich and markdown: one layout -----------------------------------------------------------------------


def _source(version: dict) -> str:
    return version["commit"][:7] if version["commit"] else version["source"]


#: Columns the versions table needs besides its source column, padding included (rich's simple-head box).
_OTHER_COLUMNS = 69


def trend_view(trend: dict, room: int | None = None) -> View:
    """The trend's layout; given a terminal width ``room`` too narrow for the sources in the versions table,
    the sources go on lines of their own under it, each shortened from the left to keep its distinct end."""
    versions = trend["versions"]
    heading: list[Cell] = [(f"{trend['journey']['name']}: {len(versions)} version{'s' * (len(versions) != 1)}, "
                            f"{versions[0]['label']} → {versions[-1]['label']}", "bold")]
    if trend["journey_mismatch"]:
        heading.append((f"warning: the versions are of different journeys: {', '.join(trend['journeys'])}", "warn"))
    inline = room is None or _OTHER_COLUMNS + max(len(_source(v)) for v in versions) <= room
    table = Section("Scores per version", ["version", *(["source"] if inline else []), *SCORES, "errors", "warnings"],
                    [[v["label"], *([_source(v)] if inline else []), *(fmt_score(v["scores"][n]) for n in SCORES),
                      str(v["summary"]["errors"]), str(v["summary"]["warnings"])] for v in versions],
                    (2, 3, 4, 5, 6) if inline else (1, 2, 3, 4, 5))
    if not inline:
        table.notes = ["sources:"] + [f"  {v['label']}: {tail_path(_source(v), room - len(v['label']) - 4)}"
                                      for v in versions]
    rows = score_rows(trend["change"])
    for row, name in zip(rows, SCORES):
        row.insert(1, (sparkline(trend["series"][name]), "bold"))
    sections = [table, Section("Trend, first → last", ["score", "versions", "first", "last", "change", ""], rows,
                               (2, 3, 4))]
    if trend["movers"]:
        sections.append(Section("Biggest movers (touchpoint friction, first → last)",
                                ["touchpoint", "stage", "friction"],
                                [[f"{m['name']} ({m['id']})", m["stage"], move_cell(m["friction"])]
                                 for m in trend["movers"]]))
    if trend.get("opportunities"):
        sections.append(Section("Team opportunities", ["opportunity", "owner", "status per version", "closed"],
                                [[f"{o['title']} ({o['id']})", o["owner"] or "–",
                                  " → ".join(status or "–" for status in o["statuses"]),
                                  f"in {o['closed']['in']}: {expected_measured(o['closed'])}" if o["closed"] else ""]
                                 for o in trend["opportunities"]]))
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


def html_page(trend: dict, color: bool = False) -> str:
    """The trend as one self-contained page in the audit report's look: a card and a chart per score."""
    from .charts import line_chart
    from .diff_views import html_sections, score_cards
    from .html_page import esc, page

    name = trend["journey"]["name"]
    versions = trend["versions"]
    labels = [v["label"] for v in versions]
    warn = (f'<p class="verdict warn">The versions are of different journeys: {esc(", ".join(trend["journeys"]))}</p>'
            if trend["journey_mismatch"] else "")
    figures = "".join(
        f"<figure><figcaption>{esc(name_.capitalize())} ({esc(SCORE_HINT[name_])})</figcaption>"
        + line_chart([(name_, trend["series"][name_])], labels,
                     f"{name_} per version: " + ", ".join(f"{label} {fmt_score(value)}" for label, value in
                                                          zip(labels, trend["series"][name_])))
        + "</figure>" for name_ in SCORES)
    body = (f"<h1>{esc(name)}</h1><p class=\"sub\">{plural(len(versions), 'version')}, {esc(labels[0])} → "
            f"{esc(labels[-1])}</p><p class=\"small\">journey id {esc(trend['journey']['id'])}</p>{warn}"
            f"{score_cards(trend['change'], 'first')}<section><h2>Scores per version</h2>"
            f'<div class="columns">{figures}</div></section>'
            f"{html_sections(trend_view(trend), skip=('Trend, first → last',))}")
    return page(f"{name}: trend", body, "trend")


def rich_trend(trend: dict, color: bool = False) -> str:
    from .fit import width

    return rich_text(trend_view(trend, width()), color)


def markdown_trend(trend: dict, color: bool = False) -> str:
    return markdown(trend_view(trend))


def json_trend(trend: dict, color: bool = False) -> str:
    return dumps(trend)
