"""The rich terminal report: score cards, stage table, emotion curve, costliest touchpoints,
findings by severity and a verdict. User text is always added as plain Text, never as markup."""

from __future__ import annotations

import io

from rich import box
from rich.columns import Columns
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..auditrun import AuditRun
from ..ordering import costliest
from ..rules import SEVERITIES
from .story import mood
from .summary import (
    OPPORTUNITY_HEADERS,
    SUMMARY_HEADERS,
    gate_lines,
    invalid_lines,
    opportunity_rows,
    profile_source,
    silenced_lines,
    summary_rows,
    voice_groups,
    voice_line,
)
from .text import emotion_curve, fmt_emotion, fmt_score, moment_marks

MOOD_STYLE = {"good": "green", "mid": "yellow", "bad": "red"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {"fail": "bold red", "warn": "bold yellow", "pass": "bold green"}


def _card(title: str, value: float, better: str) -> Panel:
    style = MOOD_STYLE[mood(value, better == "high")]
    body = Text(f"{value:.1f}", style=f"bold {style}", justify="center")
    hint = Text("higher is better" if better == "high" else "lower is better", style="dim", justify="center")
    return Panel(Group(body, hint), title=title, width=26, box=box.ROUNDED)


def _stage_table(report: dict) -> Table:
    table = Table(title="Stages", box=box.SIMPLE_HEAD, title_justify="left")
    for name, justify in (("stage", "left"), ("touchpoints", "right"), ("friction", "right"), ("emotion", "right"),
                          ("csat", "right")):
        table.add_column(name, justify=justify)
    for st in report["stages"]:
        style = "" if st["covered"] else "red"
        table.add_row(Text(st["id"], style=style), str(st["touchpoints"]) if st["covered"] else Text("0 (gap)", "red"),
                      fmt_score(st["friction"]), fmt_emotion(st["emotion"]), fmt_score(st["csat"]) if st["csat"]
                      is not None else "–")
    return table


def _costliest(report: dict) -> Table | None:
    costly = costliest(report["touchpoints"], 5)
    if not costly:
        return None
    table = Table(title="Costliest touchpoints (friction × weight)", box=box.SIMPLE_HEAD, title_justify="left")
    for name, justify in (("touchpoint", "left"), ("stage", "left"), ("moments", "left"), ("friction", "right"),
                          ("weight", "right"), ("cost", "right"), ("metrics", "left")):
        table.add_column(name, justify=justify, no_wrap=name in ("touchpoint", "stage"))
    for t in costly:
        metrics = " ".join(f"{k}={v:g}" for k, v in t["metrics"].items())
        table.add_row(Text(t["id"]), Text(t["stage"]), Text(moment_marks(t["moments"]), "magenta"),
                      fmt_score(t["friction"]), f"{t['effective_weight']:g}", fmt_score(t["cost"]),
                      Text(metrics, "dim"))
    return table


def _top_fixes(report: dict, top: int) -> Table | None:
    rows = opportunity_rows(report, top)
    if not rows:
        return None
    table = Table(title="Top fixes (computed gain × customers reached)", box=box.SIMPLE_HEAD, title_justify="left")
    for name in OPPORTUNITY_HEADERS:
        table.add_column(name, justify="right" if name in ("#", "reach", "priority") else "left")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _voice(report: dict) -> list:
    groups = voice_groups(report)
    if not groups:
        return []
    parts: list = [Text("Voice of the customer (most mentioned first)", style="bold")]
    for where, items in groups:
        parts.append(Text(f"  {where}", style="cyan"))
        for item in items:
            style = "red" if item["sentiment"] < 0 else "green" if item["sentiment"] > 0 else ""
            parts.append(Text(f"    {voice_line(item)}", style=style))
    return parts


def _findings(report: dict) -> list:
    parts: list = []
    for severity in SEVERITIES:
        items = [f for f in report["findings"] if f["severity"] == severity]
        if not items:
            continue
        parts.append(Text(f"{severity.capitalize()}s ({len(items)})", style=SEVERITY_STYLE[severity]))
        for f in items:
            line = Text("  ")
            line.append(f"{f['file']}:{f['line']}:{f['column']}", style="bold")
            line.append(" ")
            line.append(f["code"], style=SEVERITY_STYLE[severity])
            line.append(f" {f['message']}")
            parts.append(line)
    if report["ignored"]:
        parts.append(Text(f"Silenced ({len(report['ignored'])})", style="bold"))
        parts += [Text(f"  {text}", style="dim") for text in silenced_lines(report)]
    return parts


def report_renderables(report: dict, top: int = 3) -> list:
    j = report["journey"]
    s = report["scores"]
    title = Text(j["name"], style="bold")
    if j["audit"]:
        title.append(f"  audit {j['audit']}", style="cyan")
    title.append(f"  {j['file']}", style="dim")
    out: list = [title]
    if j["persona"]:
        out.append(Text(f"persona: {j['persona']}", style="dim"))
    out.append(Text(f"profile: {profile_source(report)}", style="dim"))
    out.append(Columns([_card("Friction", s["friction"], "low"), _card("Coverage", s["coverage"], "high"),
                        _card("Experience (peak-end)", s["experience"], "high")]))
    fixes = _top_fixes(report, top)
    if fixes is not None:
        out.append(fixes)
    out.append(_stage_table(report))
    curve = Text("Emotion curve  ")
    curve.append(emotion_curve([t["emotion"] for t in report["touchpoints"]]), style="magenta")
    curve.append("  (one glyph per touchpoint, ▁ very negative … █ very positive, · unknown)", style="dim")
    out.append(curve)
    costly = _costliest(report)
    if costly is not None:
        out.append(costly)
    out.append(Text("moments: F first, L last, E emotional", style="dim"))
    out.append(Text("Coverage checks", style="bold"))
    for c in report["coverage"]:
        if not c["applicable"]:
            continue
        line = Text("  ")
        line.append("✓ " if c["ok"] else "✗ ", style="green" if c["ok"] else "red")
        line.append(f"{c['name']} ({c['passed']}/{c['total']})")
        if c["failures"]:
            line.append(": " + "; ".join(c["failures"][:3]) + (" …" if len(c["failures"]) > 3 else ""), style="dim")
        out.append(line)
    out.extend(_voice(report))
    out.extend(_findings(report))
    out.append(Text(report["verdict"], style=STATUS_STYLE[report["status"]]))
    return out


def _width() -> int:
    import shutil

    return max(60, min(160, shutil.get_terminal_size((100, 24)).columns))


def _console(buffer: io.StringIO, color: bool, width: int | None) -> Console:
    return Console(file=buffer, width=width or _width(), force_terminal=color, no_color=not color,
                   color_system="truecolor" if color else None, highlight=False, emoji=False)


def journey_text(report: dict, color: bool = False, width: int | None = None, top: int = 3) -> str:
    buffer = io.StringIO()
    console = _console(buffer, color, width)
    for renderable in report_renderables(report, top):
        # Lines of text keep file:line:col intact for copy and paste; tables and cards fit the width.
        console.print(renderable, soft_wrap=isinstance(renderable, Text))
    return buffer.getvalue()


SEPARATE_TAIL = False  # the invalid files and the summary table bring their own headings


def separator(color: bool = False, width: int | None = None) -> str:
    buffer = io.StringIO()
    _console(buffer, color, width).rule()
    return buffer.getvalue()


def tail_text(run: AuditRun, color: bool = False, width: int | None = None) -> str:
    """Invalid files, the table of all journeys (when there is more than one) and failed gates."""
    buffer = io.StringIO()
    console = _console(buffer, color, width)
    if run.invalid:
        console.rule("Invalid files")
        for line in invalid_lines(run):
            console.print(Text(line, style="red"), soft_wrap=True)
    if len(run.reports) + len(run.invalid) > 1:
        table = Table(title="All journeys", box=box.SIMPLE_HEAD, title_justify="left")
        for header in SUMMARY_HEADERS:
            table.add_column(header, justify="right" if header in ("friction", "coverage", "experience", "errors",
                                                                   "warnings") else "left")
        for row in summary_rows(run):
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
    for line in gate_lines(run):
        console.print(Text(line, style="bold red"), soft_wrap=True)
    return buffer.getvalue()


def render(run: AuditRun, color: bool = False, width: int | None = None) -> str:
    from .stream import render_pieces

    return "".join(render_pieces("rich", run, color=color, width=width))
