"""The rich terminal report, laid out to fit the terminal (80 columns when piped): score cards, the
verdict in a sentence, stages, emotion curve, top fixes or costliest touchpoints, how customers leave,
what they say, coverage checks, findings wrapped under their rule code, and the short verdict.

Several journeys end with an overview, riskiest first (one row per journey, its file shortened from the
left so the part that tells files apart stays), the totals and any failed gate: the run is written a
journey at a time (render/stream.py), and the overview is what stays on screen. Nothing is cut
with an ellipsis: long text wraps under its label. User text is always added as plain Text, never markup.
"""

from __future__ import annotations

import io

from rich import box
from rich.columns import Columns
from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..auditrun import AuditRun
from ..ordering import costliest
from ..rules import SEVERITIES
from .fit import tail_path
from .fit import width as _width
from .story import (
    by_risk,
    counts_text,
    ending_text,
    endings,
    evidence_text,
    fixes_heading,
    journey_labels,
    leaving_text,
    mood,
    quote_meta,
    suggestion_lines,
    top_fix_text,
    top_fixes,
    touchpoint_friction_note,
    verdict_sentence,
    voice,
    worst_ending_text,
)
from .summary import COSTLIEST_TITLE, STAGE_HEADERS, location, profile_source, silenced_lines
from .text import SCORE_UNIT, emotion_curve, fmt_emotion, fmt_score, metric_readings, moment_marks, plural

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {"fail": "bold red", "warn": "bold yellow", "pass": "bold green", "invalid": "bold red"}
MOOD_STYLE = {"good": "green", "mid": "yellow", "bad": "red"}
ROUTE_STYLE = {"happy": "blue", "unhappy": "red", "recovery": "green"}
CARD_WIDTH = 24  # three cards and their gaps fit 80 columns


def _card(title: str, key: str, value: float) -> Panel:
    higher_is_better = key != "friction"
    body = Text(f"{value:.1f}", style=f"bold {MOOD_STYLE[mood(value, higher_is_better)]}", justify="center")
    unit = Text(SCORE_UNIT[key], justify="center")
    hint = Text("higher is better" if higher_is_better else "lower is better", style="dim", justify="center")
    return Panel(Group(body, unit, hint), title=title, width=CARD_WIDTH, box=box.ROUNDED)


def _table(title: str) -> Table:
    return Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")


def _column(table: Table, name: str, right: bool = False, no_wrap: bool = False) -> None:
    table.add_column(name, justify="right" if right else "left", overflow="fold", no_wrap=no_wrap)


def _stage_table(report: dict) -> Table:
    table = _table("Stages")
    for name in STAGE_HEADERS:
        _column(table, name, right=name != "stage")
    for st in report["stages"]:
        style = "" if st["covered"] else "red"
        table.add_row(Text(st["id"], style=style), str(st["touchpoints"]) if st["covered"] else Text("0 (gap)", "red"),
                      fmt_score(st["friction"]), fmt_emotion(st["emotion"]), fmt_score(st["csat"]))
    return table


def _costliest(report: dict) -> Table | None:
    costly = costliest(report["touchpoints"], 5)
    if not costly:
        return None
    table = _table(COSTLIEST_TITLE)
    # The measured readings go under the touchpoint's id, a whole reading per line when they do not fit
    # side by side: a column of their own was squeezed until numbers were cut (drop_off=0.45 read 0.).
    _column(table, "touchpoint")
    for name in ("stage", "moments", "friction", "weight", "cost"):
        _column(table, name, right=name in ("friction", "weight", "cost"), no_wrap=True)
    for t in costly:
        readings = metric_readings(t["metrics"])
        cell = (Group(Text(t["id"]), Padding(Text("  ".join(readings), "dim"), (0, 0, 0, 2))) if readings
                else Text(t["id"]))
        table.add_row(cell, Text(t["stage"]), Text(moment_marks(t["moments"]), "magenta"),
                      fmt_score(t["friction"]), f"{t['effective_weight']:g}", fmt_score(t["cost"]))
    return table


def _hanging(rows: list[tuple[Text, Text]], indent: int = 2) -> Table:
    """Label and text side by side; the text wraps under itself, never under the label."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for lead, body in rows:
        grid.add_row(Text(" " * indent) + lead, body)
    return grid


def _heading(text: str) -> Text:
    return Text(text, style="bold")


def _fixes(report: dict, top: int) -> list:
    fixes = top_fixes(report, top)
    if not fixes or not report.get("opportunities"):
        return []  # without computed gains the costliest-touchpoints table says the same, with numbers
    rows = []
    for n, fix in enumerate(fixes, 1):
        body = Text(fix.title, style="bold")
        body.append(f"  {fix.gain}", style="green")
        if fix.detail:
            body.append(f"\n{fix.detail}", style="dim")
        rows.append((Text(f"{n}."), body))
    return [_heading(fixes_heading(report)), _hanging(rows)]


def _endings(report: dict) -> list:
    routes = endings(report)
    if not routes:
        return []
    rows = [(Text("■", style=ROUTE_STYLE.get(r["kind"], "")), Text(ending_text(r))) for r in routes]
    gone = leaving_text(report)
    if gone:
        rows.append((Text("·"), Text(gone, style="dim")))
    return [_heading("How customers leave"), _hanging(rows)]


def _voice(report: dict) -> list:
    quotes, more = voice(report)
    if not quotes:
        return []
    rows = []
    for q in quotes:
        body = Text(f"“{q['text']}”")
        meta = quote_meta(q)
        if meta:
            body.append(f"\n{meta}", style="dim")
        rows.append((Text("❝", style="magenta"), body))
    out = [_heading("Voice of the customer" if report.get("voice") is not None else "Unanswered feedback"),
           _hanging(rows)]
    if more:
        out.append(Text(f"  and {plural(more, 'more quote')}", style="dim"))
    return out


def _coverage(report: dict) -> list:
    rows = []
    for c in report["coverage"]:
        if not c["applicable"]:
            continue
        body = Text(f"{c['name']} ({c['passed']}/{c['total']})")
        if c["failures"]:
            shown = c["failures"][:3]
            rest = len(c["failures"]) - len(shown)
            body.append(": " + "; ".join(shown) + (f"; and {rest} more" if rest else ""), style="dim")
        rows.append((Text("✓" if c["ok"] else "✗", style="green" if c["ok"] else "red"), body))
    return [_heading("Coverage checks"), _hanging(rows)] if rows else []


def _findings(report: dict) -> list:
    parts: list = []
    for severity in SEVERITIES:
        items = [f for f in report["findings"] if f["severity"] == severity]
        if not items:
            continue
        parts.append(Text(plural(len(items), severity).capitalize(), style=SEVERITY_STYLE[severity]))
        rows = []
        for f in items:
            body = Text(f["message"])
            body.append(f"\n{f['file']}:{f['line']}:{f['column']}", style="dim")
            rows.append((Text(f["code"], style=SEVERITY_STYLE[severity]), body))
        parts.append(_hanging(rows))
    if report["ignored"]:
        parts.append(Text(f"Silenced ({len(report['ignored'])})", style="bold"))
        parts.append(_hanging([(Text("·", style="dim"), Text(text, style="dim")) for text in silenced_lines(report)]))
    return parts


def report_renderables(report: dict, top: int = 3) -> list:
    j = report["journey"]
    s = report["scores"]
    head: list = [Text(j["name"], style="bold")]
    about = ([f"audit {j['audit']}"] if j["audit"] else []) + ([f"persona: {j['persona']}"] if j["persona"] else [])
    if about:
        head.append(Text(" · ".join(about), style="cyan"))
    head.append(Text(j["file"], style="dim"))
    head.append(Text(f"profile: {profile_source(report)}", style="dim"))
    head.append(Columns([_card(title, key, s[key]) for key, title in (("friction", "Friction"),
                                                                     ("coverage", "Coverage"),
                                                                     ("experience", "Experience"))]))
    head.append(Text(verdict_sentence(report), style=STATUS_STYLE[report["status"]].replace("bold ", "")))
    evidence = evidence_text(report)
    if evidence:
        head.append(Text(evidence, style="dim"))
    curve = Text("Emotion curve  ")
    curve.append(emotion_curve([t["emotion"] for t in report["touchpoints"]]), style="magenta")
    costly = _costliest(report)
    missing = [(Text("+", style="cyan"), Text(line)) for line in suggestion_lines(report)]
    sections = [
        head,
        [_stage_table(report)],
        [curve, Text("one glyph per touchpoint: ▁ very negative … █ very positive, · unknown", style="dim")],
        _fixes(report, top),
        [costly, Text(f"{touchpoint_friction_note()}; moments: F first, L last, E emotional", style="dim")]
        if costly is not None else [],
        _endings(report), _voice(report),
        [_heading("Missing touchpoints"), _hanging(missing)] if missing else [],
        _coverage(report), _findings(report),
        [Text(report["verdict"], style=STATUS_STYLE[report["status"]])],
    ]
    out: list = []
    for section in filter(None, sections):  # a blank line before each section, so headings stand out
        boxed = out and isinstance(out[-1], Table) and out[-1].box is not None  # ends with a blank line already
        out += ([Text("")] if out and not boxed else []) + section
    return out


def overview(run: AuditRun, room: int) -> Table:
    """One row per journey, riskiest first: name, persona, file, scores, worst ending and top fix."""
    table = _table("Journeys, riskiest first")
    _column(table, "#", right=True)
    _column(table, "journey")
    for name in ("friction", "coverage", "experience"):
        _column(table, name, right=True)
    labels = journey_labels(run.reports)
    file_room = max(20, room - 42)
    for index, r in by_risk(run.reports):
        j, s = r["journey"], r["scores"]
        cell = Text(labels[index - 1], style="bold")
        cell.append(f"  {r['status']}", style=STATUS_STYLE[r["status"]])
        if j["persona"]:
            cell.append(f"\n{j['persona']}", style="cyan")
        cell.append(f"\n{tail_path(j['file'], file_room)}", style="dim")
        cell.append(f"\nworst ending: {worst_ending_text(r)}\ntop fix: {top_fix_text(r)}")
        table.add_row(str(index), cell, *(Text(fmt_score(s[k]), style=MOOD_STYLE[mood(s[k], k != "friction")])
                                          for k in ("friction", "coverage", "experience")))
    return table


def _totals(run: AuditRun) -> Text:
    t = run.totals()
    files = t["journeys"] + t["invalid"]
    text = f"{plural(files, 'journey file')}: {t['journeys']} valid"
    text += f", {t['invalid']} invalid" if t["invalid"] else ""
    return Text(text + "; " + counts_text(t), style="bold")


def _console(buffer: io.StringIO, color: bool, width: int) -> Console:
    return Console(file=buffer, width=width, force_terminal=color, no_color=not color,
                   color_system="truecolor" if color else None, highlight=False, emoji=False)


def _trimmed(buffer: io.StringIO) -> str:
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())


def journey_text(report: dict, color: bool = False, width: int | None = None, top: int = 3) -> str:
    """One journey's report (``audit`` writes a run journey by journey; see render/stream.py)."""
    buffer = io.StringIO()
    room = width or _width()
    console = _console(buffer, color, room)
    for renderable in report_renderables(report, top):
        # A path longer than the terminal is left whole for the terminal to wrap (copyable, not folded).
        long_token = isinstance(renderable, Text) and max(map(len, renderable.plain.split()), default=0) > room
        console.print(renderable, soft_wrap=long_token)
    return _trimmed(buffer)


SEPARATE_TAIL = False  # the tail starts with its own rule


def separator(color: bool = False, width: int | None = None) -> str:
    buffer = io.StringIO()
    _console(buffer, color, width or _width()).rule(style="dim")
    return buffer.getvalue()


def tail_text(run: AuditRun, color: bool = False, width: int | None = None) -> str:
    """After the journeys: invalid files, then for several files the overview, riskiest first (it is
    written last so a directory is reported a journey at a time, and it is what stays on screen), the
    totals, and any failed gate."""
    buffer = io.StringIO()
    room = width or _width()
    console = _console(buffer, color, room)
    several = len(run.reports) + len(run.invalid) > 1
    if run.invalid:
        console.rule("Invalid files")
        console.print(_hanging([(Text("✗", style="red"), Text(f"{location(p)}: ", style="bold") + Text(p["message"]))
                                for item in run.invalid for p in item["problems"]], indent=0))
    if several and run.reports:
        console.rule("Overview", style="dim")
        console.print(overview(run, room))
    if several:
        console.print(_totals(run))
    failed = run.failed_gates()
    if failed:
        console.print(_hanging([(Text("gate failed:", style="bold red"), Text(f"{g['gate']}: {g['detail']}"))
                                for g in failed], indent=0))
    return _trimmed(buffer)


def render(run: AuditRun, color: bool = False, width: int | None = None) -> str:
    from .stream import render_pieces

    return "".join(render_pieces("rich", run, color=color, width=width))
