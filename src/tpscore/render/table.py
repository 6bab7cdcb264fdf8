"""Plain tables for CI logs (tabulate): no colour, no box drawing beyond ASCII, fitted to ``COLUMNS``
(80 when unset): long messages wrap inside their cell, under their rule code, never past the edge."""

from __future__ import annotations

import textwrap

from tabulate import tabulate

from ..auditrun import AuditRun
from ..ordering import costliest
from .fit import column_limits, hanging, tail_path, title_lines, wrap_cells, wrap_lines
from .fit import width as fit_width
from .story import (
    by_risk,
    counts_text,
    ending_text,
    endings,
    evidence_text,
    journey_labels,
    leaving_text,
    suggestion_lines,
    touchpoint_friction_note,
)
from .summary import (
    OPPORTUNITY_HEADERS,
    STAGE_HEADERS,
    location,
    opportunity_rows,
    profile_source,
    silenced_lines,
    stage_rows,
    voice_groups,
    voice_line,
)
from .text import SCORE_UNIT, emotion_curve, fmt_score, moment_marks, plural


def _grid(rows: list[list[str]], headers: list[str], right: tuple[int, ...] = ()) -> str:
    """A plain table; the ``right`` columns (numbers) right-aligned so their decimal points line up."""
    align = ["right" if i in right else "left" for i in range(len(headers))]
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True, colalign=align)


def _wrapped(text: str, room: int) -> str:
    return "\n".join(textwrap.wrap(text, max(room, 10), break_long_words=False, break_on_hyphens=False)) or text


def _one(report: dict, room: int, top: int) -> list[str]:
    j = report["journey"]
    s = report["scores"]
    lines = title_lines(f"{j['name']} ({j['id']}{', audit ' + j['audit'] if j['audit'] else ''})", j["file"],
                        room) + wrap_lines([f"profile: {profile_source(report)}"], room) + [""]
    lines.append(_grid([[fmt_score(s["friction"]), fmt_score(s["coverage"]), fmt_score(s["experience"])]],
                       [f"friction ({SCORE_UNIT['friction']})", "coverage", "experience"], (0, 1, 2)))
    fixes = opportunity_rows(report, top)
    if fixes:
        limits = column_limits(OPPORTUNITY_HEADERS, fixes, room)
        lines += ["", "Top fixes (ranked by re-scored gain ÷ effort)",
                  _grid(wrap_cells(fixes, limits), OPPORTUNITY_HEADERS, (3, 4))]
    lines += ["", _grid(stage_rows(report), STAGE_HEADERS, (1, 2, 3, 4))]
    lines += ["", "emotion curve: " + emotion_curve([t["emotion"] for t in report["touchpoints"]])]
    routes = endings(report)
    if routes:
        texts = [ending_text(r) for r in routes] + [t for t in (leaving_text(report),) if t]
        lines += ["", "How customers leave"] + [line for t in texts for line in hanging("  ", t, room, 4)]
    evidence = evidence_text(report)
    if evidence:
        lines += [""] + wrap_lines([evidence], room)
    costly = costliest(report["touchpoints"], 5)
    if costly:
        lines += ["", _grid([[t["id"], t["stage"], moment_marks(t["moments"]), fmt_score(t["friction"]),
                              f"{t['effective_weight']:g}", fmt_score(t["cost"])] for t in costly],
                            ["costliest", "stage", "moments", "friction", "weight", "cost"], (3, 4, 5))]
        lines += wrap_lines([touchpoint_friction_note() + "; moments: F first, L last, E emotional"], room)
    groups = voice_groups(report)
    if groups:
        lines += ["", "Voice of the customer (most mentioned first)"]
        for where, items in groups:
            lines += [f"  {where}"] + [line for item in items for line in hanging("    ", voice_line(item), room, 6)]
    suggestions = suggestion_lines(report)
    if suggestions:
        lines += ["", "Missing touchpoints suggested"]
        for line in suggestions:
            lines += hanging("  + ", line, room, 4)
    if report["findings"]:
        message_room = room - 20  # code, severity and the gaps between columns
        lines += ["", _grid([[f["code"], f["severity"], _wrapped(f["message"], message_room) + "\n"
                              + tail_path(location(f), message_room)] for f in report["findings"]],
                            ["code", "severity", "message and location"])]
    if report["ignored"]:
        lines += ["", f"Silenced ({len(report['ignored'])})"]
        lines += [line for text in silenced_lines(report) for line in hanging("  ", text, room, 4)]
    lines += [""] + wrap_lines([report["verdict"]], room)
    return lines


def _overview(run: AuditRun, room: int) -> str:
    """One row per journey file, riskiest first; invalid files last."""
    labels = journey_labels(run.reports)
    cell_room = max(20, room - 53)  # what the five other columns and their gaps take
    rows = []
    for index, r in by_risk(run.reports):
        s = r["scores"]
        cell = "\n".join([_wrapped(labels[index - 1], cell_room), tail_path(r["journey"]["file"], cell_room),
                          _wrapped(counts_text(r["summary"]), cell_room)])
        rows.append([str(index), cell, fmt_score(s["friction"]), fmt_score(s["coverage"]),
                     fmt_score(s["experience"]), r["status"]])
    rows += [["–", tail_path(item["file"], cell_room), "–", "–", "–", "invalid"] for item in run.invalid]
    t = run.totals()
    files = plural(t["journeys"] + t["invalid"], "journey file")
    return (_grid(rows, ["#", "journey", "friction", "coverage", "experience", "status"], (0, 2, 3, 4)) + "\n"
            + "\n".join(wrap_lines([f"{files}: {t['invalid']} invalid; {counts_text(t)}"], room)))


def journey_text(report: dict, color: bool = False, width: int | None = None, top: int = 3) -> str:
    """One journey's tables (``audit`` writes a run journey by journey; see render/stream.py)."""
    return "\n".join(_one(report, width or fit_width(), top))


SEPARATE_TAIL = True


def separator(color: bool = False, width: int | None = None) -> str:
    return "\n\n"


def tail_text(run: AuditRun, color: bool = False, width: int | None = None) -> str:
    """Invalid files, the overview (when there is more than one file) and failed gates."""
    room = width or fit_width()
    blocks = []
    if run.invalid:
        blocks.append("\n".join(line for item in run.invalid for p in item["problems"]
                                for line in hanging("", f"{location(p)}: {p['message']}", room, 2)))
    if len(run.reports) + len(run.invalid) > 1:
        blocks.append(_overview(run, room))
    tail = [line for g in run.failed_gates() for line in hanging("gate failed: ", f"{g['gate']}: {g['detail']}", room)]
    if tail:
        blocks.append("\n".join(tail))
    return "\n\n".join(blocks)


def render(run: AuditRun, color: bool = False) -> str:
    from .stream import render_pieces

    return "".join(render_pieces("table", run, color=color))
