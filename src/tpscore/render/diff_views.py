"""Views of a diff (``tpscore diff``): rich (colour only on a terminal), table (tabulate), json, markdown.

A diff is first laid out once as a :class:`View` (heading lines, titled sections of rows, footer lines,
each cell with an optional tone); the rich, table and markdown renderers only draw that layout, and
``trend_views`` reuses them. Tones: ``better`` is green and ``worse`` red whatever the score's direction
(friction down is better). User text is drawn as plain text, escaped for Markdown.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, Union

from .json_report import dumps
from .text import FRICTION_HURT, SCORE_UNIT, fmt_score

Cell = Union[str, tuple[str, Union[str, None]]]  # noqa: UP007 - a runtime alias on Python 3.10  # text, or (text, tone)
TONE_STYLE = {"better": "green", "worse": "red", "dim": "dim", "bold": "bold", "warn": "bold yellow"}
TONE_MARK = {"better": "🟢 ", "worse": "🔴 "}  # Markdown has no colour: a coloured dot stands in


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    right: tuple[int, ...] = ()  # columns aligned right
    lines: bool = False  # on a terminal, rows wrap under their first two cells, the location on its own line
    notes: list[str] = field(default_factory=list)  # shown under the table


@dataclass
class View:
    heading: list[Cell] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    footer: list[Cell] = field(default_factory=list)


def split(cell: Cell) -> tuple[str, str | None]:
    return (cell, None) if isinstance(cell, str) else cell


# -- shared wording --------------------------------------------------------------------------------------


def tone(better: bool | None) -> str | None:
    return None if better is None else "better" if better else "worse"


def arrow(change: float | None) -> str:
    return "▲" if change and change > 0 else "▼" if change and change < 0 else "="


def change_cell(entry: dict) -> Cell:
    """``▼ -8.2`` coloured by whether the move is better."""
    change = entry["change"]
    text = "=" if not change else f"{arrow(change)} {change:+.1f}"
    return text, tone(entry["better"])


def verdict_cell(entry: dict) -> Cell:
    better = entry["better"]
    return ("same", "dim") if better is None else ("better", "better") if better else ("worse", "worse")


def move_cell(entry: dict) -> Cell:
    """``45.0 → 30.0 ▼ -15.0`` for a friction that moved."""
    text, mood = change_cell(entry)
    return f"{fmt_score(entry['old'])} → {fmt_score(entry['new'])} {text}", mood


SCORE_HINT = {"friction": "lower is better", "coverage": "higher is better", "experience": "higher is better"}


def score_rows(changes: dict) -> list[list[Cell]]:
    """A row per score, named with its unit as in the audit (the better/worse column says which way is good)."""
    return [[f"{name} ({SCORE_UNIT[name]})", fmt_score(c["old"]), fmt_score(c["new"]), change_cell(c),
             verdict_cell(c)] for name, c in changes.items()]


# -- the diff's layout -----------------------------------------------------------------------------------


def _label(side: dict) -> str:
    return side["audit"] or side["file"]


def _value(value: Any) -> str:
    if value is None or value == []:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(f"{v['kind']} {v['severity']}" if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def fields_text(fields: list[dict]) -> str:
    return "; ".join(f"{f['field'].removeprefix('metrics.')} {_value(f['old'])} → {_value(f['new'])}"
                     for f in fields)


def _heading(diff: dict) -> list[Cell]:
    old, new = diff["old"], diff["new"]
    lines: list[Cell] = [(f"{new['name']}: {_label(old)} → {_label(new)}", "bold"),
                         (f"old: {old['file']}", "dim"), (f"new: {new['file']}", "dim")]
    if diff["journey_mismatch"]:
        lines.append((f"warning: these are different journeys ('{old['id']}' and '{new['id']}')", "warn"))
    if diff["profile_changed"]:
        lines.append(("note: the versions were scored with different profiles", "warn"))
    status = diff["status"]
    lines.append(f"status: {status['old']} → {status['new']}" if status["old"] != status["new"]
                 else f"status now: {status['new']}")
    return lines


def _touchpoint_name(t: dict) -> str:
    ids = f"{t['old_id']} → {t['id']}" if t.get("renamed") else t["id"]
    return f"{t['name']} ({ids})"


def _touchpoint_section(tps: dict) -> Section | None:
    rows: list[list[Cell]] = []
    rows += [["+ added", _touchpoint_name(t), t["stage"], fmt_score(t["friction"]), ""] for t in tps["added"]]
    rows += [["- removed", _touchpoint_name(t), t["stage"], fmt_score(t["friction"]), ""] for t in tps["removed"]]
    for t in tps["changed"]:
        friction = move_cell(t["friction"]) if t["friction"]["change"] else fmt_score(t["friction"]["new"])
        rows.append(["~ renamed" if t["renamed"] else "~ changed", _touchpoint_name(t), t["stage"], friction,
                     fields_text(t["fields"])])
    renamed = sum(1 for t in tps["changed"] if t["renamed"])
    counts = [f"{n} {word}" for n, word in ((len(tps["added"]), "added"), (len(tps["removed"]), "removed"),
                                            (len(tps["changed"]) - renamed, "changed"), (renamed, "renamed")) if n]
    title = f"Touchpoints ({', '.join(counts)})"
    return Section(title, ["", "touchpoint", "stage", "friction", "what moved"], rows) if rows else None


def _labelled(label: str, cell: Cell) -> Cell:
    text, mood = split(cell)
    return label + text, mood


def _stage_section(stages: dict) -> Section | None:
    rows: list[list[Cell]] = [[s, ("now covered", "better")] for s in stages["covered"]]
    rows += [[s, ("now uncovered (a gap)", "worse")] for s in stages["uncovered"]]
    rows += [[s, "added to journey.stages"] for s in stages["added"]]
    rows += [[s, "removed from journey.stages"] for s in stages["removed"]]
    # A stage's friction is the share of its customers hurt there, not a touchpoint's index: say so.
    rows += [[s["id"], _labelled("% hurt ", move_cell(s["friction"]))] for s in stages["changed"]]
    return Section("Stages", ["stage", "change"], rows) if rows else None


def _route_cell(entry: dict) -> Cell:
    """``45.0 → 30.0 ▼ -15.0``, or where the route is new or gone."""
    if entry["old"] is None and entry["new"] is None:
        return "–"
    if entry["old"] is None:
        return f"new: {fmt_score(entry['new'])}"
    if entry["new"] is None:
        return f"gone (was {fmt_score(entry['old'])})"
    return move_cell(entry)


def _route_section(routes: list[dict] | None) -> Section | None:
    """Every route ending old → new (remembered experience and friction)."""
    rows: list[list[Cell]] = [[r["ending"], _route_cell(r["experience"]), _route_cell(r["friction"])]
                              for r in routes or []]
    return Section("Route endings (old → new)", ["route ends at", "experience", FRICTION_HURT], rows) if rows else None


def _finding_row(mark: Cell, f: dict) -> list[Cell]:
    about = f["touchpoint"] or f["stage"] or "journey"
    return [mark, f["code"], f["severity"], about, f"{f['file']}:{f['line']}:{f['column']}", f["message"]]


def _finding_section(findings: dict) -> Section | None:
    rows = [_finding_row(("+ new", "worse"), f) for f in findings["introduced"]]
    rows += [_finding_row(("✓ resolved", "better"), f) for f in findings["resolved"]]
    headers = ["", "code", "severity", "about", "at", "message"]
    return Section("Findings", headers, rows, lines=True) if rows else None


def _state(ok: bool | None) -> str:
    return "n/a" if ok is None else "pass" if ok else "fail"


def _coverage_section(coverage: dict) -> Section | None:
    rows: list[list[Cell]] = [[c["name"], _state(c["old"]), (_state(c["new"]), tone(c["better"]))]
                              for c in coverage["flipped"]]
    return Section("Coverage checks that flipped", ["check", "was", "now"], rows) if rows else None


def expected_measured(item: dict) -> str:
    """``expected -6.5 friction, measured -2.7 friction; ...`` for each score either side moved."""
    expected, measured = item["expected"] or {}, item["measured"]
    parts = []
    for name in ("friction", "experience", "coverage"):
        if expected.get(name) or measured.get(name):
            want = f"expected {expected[name]:+.1f}" if name in expected else "expected –"
            got = "measured –" if measured.get(name) is None else f"measured {measured[name]:+.1f}"
            parts.append(f"{name}: {want}, {got}")
    return "; ".join(parts) or "no change expected or measured"


def _opportunity_section(changes: dict | None) -> Section | None:
    if not changes:
        return None
    rows: list[list[Cell]] = []
    for item in changes["closed"]:
        touched = "; ".join(f"{t['id']} {fmt_score(t['friction']['old'])} → {fmt_score(t['friction']['new'])}"
                            for t in item["touchpoints"])
        what = expected_measured(item) + (f" (touchpoint friction {touched})" if touched else "")
        rows.append([("✓ closed", "better"), f"{item['title']} ({item['id']})", item["owner"] or "–", what])
    rows += [["+ opened", f"{t['title']} ({t['id']})", t["owner"] or "–", t["status"]] for t in changes["opened"]]
    rows += [["~ moved", f"{t['title']} ({t['id']})", t["owner"] or "–", f"{t['old_status']} → {t['status']}"]
             for t in changes["changed"]]
    rows += [["- dropped", f"{t['title']} ({t['id']})", t["owner"] or "–", f"was {t['status']}"]
             for t in changes["dropped"]]
    return Section("Team opportunities", ["", "opportunity", "owner", "expected vs measured / status"], rows) \
        if rows else None


def _footer(diff: dict) -> list[Cell]:
    if not diff["changed"]:
        return [("No change.", "dim")]
    scores = diff["scores"]
    better = [n for n, s in scores.items() if s["better"] is True]
    worse = [n for n, s in scores.items() if s["better"] is False]
    parts: list[Cell] = []
    if better:
        parts.append((f"Better: {', '.join(better)}.", "better"))
    if worse:
        parts.append((f"Worse: {', '.join(worse)}.", "worse"))
    if not better and not worse:
        parts.append("Scores unchanged.")
    findings = diff["findings"]
    if findings["introduced"] or findings["resolved"]:
        parts.append(f"Findings: {len(findings['introduced'])} new, {len(findings['resolved'])} resolved.")
    closed = diff.get("opportunities", {}).get("closed", [])
    if closed:
        parts.append((f"Closed: {', '.join(item['id'] for item in closed)}.", "better"))
    return parts


def diff_view(diff: dict) -> View:
    sections = [Section("Scores", ["score", "old", "new", "change", ""], score_rows(diff["scores"]), (1, 2, 3))]
    for section in (_opportunity_section(diff.get("opportunities")), _route_section(diff.get("routes")),
                    _touchpoint_section(diff["touchpoints"]), _stage_section(diff["stages"]),
                    _finding_section(diff["findings"]), _coverage_section(diff["coverage"])):
        if section is not None:
            sections.append(section)
    return View(_heading(diff), sections, _footer(diff))


# -- drawing a View --------------------------------------------------------------------------------------


def rich_text(view: View, color: bool = False, width: int | None = None) -> str:
    """The view for a terminal, fitted to its width: tables wrap (nothing is cut with an ellipsis) and
    row-per-line sections wrap under their first two cells, with the location on a line of its own."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .fit import width as fit_width

    def text(cell: Cell) -> Text:
        value, mood = split(cell)
        return Text(value, style=TONE_STYLE.get(mood or "", ""))

    buffer = io.StringIO()
    console = Console(file=buffer, width=width or fit_width(), force_terminal=color, no_color=not color,
                      color_system="truecolor" if color else None, highlight=False, emoji=False)
    for line in view.heading:
        console.print(text(line))
    for section in view.sections:
        widths = [max([len(header)] + [len(split(row[i])[0]) for row in section.rows])
                  for i, header in enumerate(section.headers)]
        # A table whose columns but the last fit whole stays a table (only the last column wraps); one that
        # does not becomes one entry per row, wrapped under its leading cells.
        fits = sum(widths[:-1]) + 2 * len(widths) + 2 + min(widths[-1], 20) <= console.width  # rich pads by 2
        if section.lines or (not fits and len(widths) > 2):
            console.print(Text(section.title, style="bold"))
            console.print(_entries(section, text))
            console.print()
        else:
            table = Table(title=section.title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")
            for index, header in enumerate(section.headers):
                table.add_column(header, justify="right" if index in section.right else "left", overflow="fold",
                                 no_wrap=index < len(widths) - 1 and widths[index] <= 20)
            for row in section.rows:
                table.add_row(*(text(cell) for cell in row))
            console.print(table)
        for note in section.notes:
            console.print(Text(note, style="dim"))
        if section.notes:
            console.print()
    for line in view.footer:
        console.print(text(line))
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())


#: A row's leading cells wider than this are a name, not a mark: the rest of the row goes under it.
_MARK_WIDTH = 14


def _entries(section: Section, text):
    """One entry per row: its leading cells (the mark, and the code of a finding), then the other cells
    joined and wrapped under them; the location (``at``), or else the last cell, on a line of its own.
    When the leading cell is a name rather than a mark, the rest goes under it, indented."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    lead = 2 if "code" in section.headers else 1
    at = "at" in section.headers
    below = section.headers.index("at") if at else len(section.headers) - 1
    entries = []
    for row in section.rows:
        body = Text(" · ").join(text(cell) for i, cell in enumerate(row[lead:], lead)
                                if i != below and split(cell)[0])
        last = Text(split(row[below])[0], style="dim") if at else text(row[below])
        if last.plain:
            body.append_text(Text("\n") + last if body.plain else last)
        entries.append((Text(" ").join(text(cell) for cell in row[:lead]), body))
    stacked = max((len(head.plain) for head, _ in entries), default=0) > _MARK_WIDTH
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=not stacked, overflow="fold")
    if not stacked:
        grid.add_column(overflow="fold")
    for head, body in entries:
        if stacked:
            grid.add_row(Padding(head, (0, 0, 0, 2)))
            grid.add_row(Padding(body, (0, 0, 0, 6)))
        else:
            grid.add_row(Text("  ") + head, body)
    return grid


def _plain_entries(section: Section, rows: list[list[str]], room: int) -> list[str]:
    """Rows as entries for a log, like :func:`_entries` on a terminal: the leading cells, the others wrapped
    under them, the location (or else the last cell) on lines of its own."""
    from .fit import hanging

    lead_cells = 2 if "code" in section.headers else 1
    below = section.headers.index("at") if "at" in section.headers else len(section.headers) - 1
    indent = max(len("  " + " ".join(row[:lead_cells]) + " ") for row in rows)
    stacked = indent > _MARK_WIDTH + 3
    lines = []
    for row in rows:
        body = " · ".join(cell for i, cell in enumerate(row[lead_cells:], lead_cells) if i != below and cell)
        lead = "  " + " ".join(row[:lead_cells])
        rest = [part for part in (body, row[below]) if part]
        if stacked:
            lines += hanging("  ", lead.strip(), room, 4)
            lines += [line for part in rest for line in hanging("      ", part, room, 6)]
        elif body:
            lines += hanging(lead, body, room, indent)
            lines += hanging(" " * indent, row[below], room, indent) if row[below] else []
        else:
            lines += hanging(lead, row[below], room, indent)
    return lines


def plain_text(view: View) -> str:
    """The view for logs: tabulate tables whose widest columns wrap to fit ``COLUMNS`` (80 when unset)."""
    from tabulate import tabulate

    from .fit import column_limits, width, wrap_cells, wrap_lines

    room = width()
    blocks = ["\n".join(wrap_lines([split(line)[0] for line in view.heading], room))]
    for s in view.sections:
        rows = [[split(cell)[0] for cell in row] for row in s.rows]
        limits = column_limits(s.headers, rows, room)
        if s.lines or (any(limits) and len(s.headers) > 2):  # as on the terminal: one entry per row
            blocks.append("\n".join([s.title, *_plain_entries(s, rows, room), *s.notes]))
            continue
        align = ["right" if i in s.right else "left" for i in range(len(s.headers))]
        blocks.append("\n".join([s.title, tabulate(wrap_cells(rows, limits), headers=s.headers, tablefmt="simple",
                                                   colalign=align, disable_numparse=True), *s.notes]))
    blocks.append("\n".join(wrap_lines([" ".join(split(line)[0] for line in view.footer)], room)))
    return "\n\n".join(blocks) + "\n"


def marked(cell: Cell) -> str:
    """The cell's text, led by a coloured dot when it is better or worse (Markdown has no colour)."""
    value, mood = split(cell)
    return TONE_MARK.get(mood or "", "") + value


def markdown(view: View) -> str:
    from .markdown import md, table

    lines = []
    for index, line in enumerate(view.heading):
        lines += [("### " if index == 0 else "") + md(marked(line)), ""]
    for s in view.sections:
        lines += [f"**{md(s.title)}**", ""]
        lines += table(s.headers, [[marked(cell) for cell in row] for row in s.rows], right=s.right)
    lines.append(" ".join(md(marked(line)) for line in view.footer))
    return "\n".join(lines) + "\n"


def rich_diff(diff: dict, color: bool = False) -> str:
    return rich_text(diff_view(diff), color)


def table_diff(diff: dict, color: bool = False) -> str:
    return plain_text(diff_view(diff))


def markdown_diff(diff: dict, color: bool = False) -> str:
    return markdown(diff_view(diff))


def json_diff(diff: dict, color: bool = False) -> str:
    return dumps(diff)


def html_sections(view: View, skip: tuple[str, ...] = ()) -> str:
    """The view's sections as HTML tables; a better or worse cell is coloured and says so in words too."""
    from .html_page import esc, table

    parts = []
    for s in view.sections:
        if s.title in skip:
            continue
        rows = [[split(cell)[0] for cell in row] for row in s.rows]
        tones = [[mood if (mood := split(cell)[1]) in TONE_MARK else "" for cell in row] for row in s.rows]
        parts.append(f"<section><h2>{esc(s.title)}</h2>{table(s.headers, rows, s.right, tones)}</section>")
    return "".join(parts)


def score_cards(changes: dict, old_word: str) -> str:
    """One card per score: the new value, the old one, and the change in words and colour."""
    from .html_page import esc
    from .story import SCORE_MEANING

    cards = []
    for name, c in changes.items():
        label, _, _ = SCORE_MEANING[name]
        text, mood = change_cell(c)
        klass = {"better": "good", "worse": "bad"}.get(mood or "", "mid")
        verdict = split(verdict_cell(c))[0]
        cards.append(f'<div class="score {klass}"><h2>{esc(label)}</h2><div class="value">{fmt_score(c["new"])} '
                     f"<small>{esc(old_word)} {fmt_score(c['old'])}</small></div>"
                     f"<p>{esc(text)} · {esc(verdict)} · {SCORE_UNIT[name]}, {SCORE_HINT[name]}</p></div>")
    return f'<div class="scores">{"".join(cards)}</div>'


def html_page(diff: dict, color: bool = False) -> str:
    """The diff as one self-contained page in the audit report's look."""
    from .html_page import esc, page, quote

    view = diff_view(diff)
    title, *sub = (split(line)[0] for line in view.heading)
    verdict = " ".join(split(line)[0] for line in view.footer)
    mood = "fail" if any(split(line)[1] == "worse" for line in view.footer) else "pass"
    subs = "".join(f'<p class="{"sub" if n == 0 else "small"}">{esc(text)}</p>' for n, text in enumerate(sub))
    body = (f"<h1>{esc(title)}</h1>{subs}<p class={quote('verdict ' + mood)}>{esc(verdict)}</p>"
            f"{score_cards(diff['scores'], 'was')}{html_sections(view, skip=('Scores',))}")
    return page(f"{diff['new']['name']}: what changed", body, "diff")
