"""Fitting human output to the terminal: the width to use, paths shortened from the left so the part
that tells files apart stays, and text that wraps under its label instead of running past the edge.

The width is ``COLUMNS`` when set, else the terminal's width, else 80 (output piped to a file or a CI log).
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Iterable

ELLIPSIS = "…"


def width() -> int:
    """Columns to fit: COLUMNS, else the terminal's, else 80; never below 40 nor above 160."""
    return max(40, min(160, shutil.get_terminal_size((80, 24)).columns))


def tail_path(path: str, room: int) -> str:
    """``path`` in at most ``room`` characters, shortened from the left (``…/returns-2026-Q3.yaml``) so the
    file name, which tells files apart, is kept whole when it fits."""
    if len(path) <= room:
        return path
    cut = path[len(path) - (room - 1):]
    slash = cut.find("/")
    if 0 <= slash < len(cut) - 1 and len(cut) - slash > room // 2:
        cut = cut[slash:]  # start at a folder boundary when that keeps most of the room
    return ELLIPSIS + cut


def title_lines(title: str, path: str, room: int) -> list[str]:
    """``title — path`` when it fits ``room``, else the path on a line of its own (no dash left dangling)."""
    line = f"{title} — {path}"
    return [line] if len(line) <= room else [*wrap_lines([title], room), path]


def hanging(lead: str, body: str, room: int, indent: int | None = None) -> list[str]:
    """``lead`` then ``body`` wrapped to ``room`` columns, continuation lines indented under the body."""
    indent = len(lead) if indent is None else indent
    first = lead.ljust(indent) if lead else ""  # no lead: the first line starts at the margin
    return textwrap.wrap(body, max(room, indent + 10), initial_indent=first, subsequent_indent=" " * indent,
                         break_long_words=False, break_on_hyphens=False) or [first.rstrip()]


_NUMBERED = re.compile(r"\d+\. ")


def wrap_lines(lines: Iterable[str], room: int) -> list[str]:
    """Every line that is too long wrapped with a hanging indent under its leading label: the first run of
    two or more spaces after text (``weight     1.5 × ...``), a heading's number (``2. Journey ...``), or
    its own leading spaces."""
    out: list[str] = []
    for line in lines:
        if len(line) <= room:
            out.append(line)
            continue
        stripped = line.lstrip(" ")
        lead = len(line) - len(stripped)
        gap = stripped.find("  ")
        numbered = _NUMBERED.match(stripped)
        if numbered and not 0 < gap < room // 2:
            lead += numbered.end()
            body = stripped[numbered.end():]
        elif 0 < gap < room // 2:
            body = stripped[gap:].lstrip(" ")
            lead += gap + (len(stripped) - gap - len(body))
        else:
            body = stripped
        out += hanging(line[:lead], body, room)
    return out


def column_limits(headers: list[str], rows: list[list[str]], room: int, gap: int = 2) -> list[int | None]:
    """Widths to wrap columns at (tabulate's ``maxcolwidths``) so the table fits ``room``: the widest text
    column gives way first, none below 12 characters or its longest word."""
    def longest(cells: list[str], words: bool = False) -> int:
        return max((len(part) for cell in cells for line in cell.splitlines()
                    for part in (_pieces(line) if words else [line])), default=0)

    columns = [[h, *(row[i] for row in rows)] for i, h in enumerate(headers)]
    widths = [max(longest(c), len(h) + 2) for c, h in zip(columns, headers)]  # tabulate pads headers by 2
    floors = [max(12, longest(c, words=True), len(h) + 2) for c, h in zip(columns, headers)]  # headers never wrap
    limits: list[int | None] = [None] * len(headers)
    while sum(widths) + gap * (len(widths) - 1) > room:
        shrinkable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
        limits[widest] = widths[widest]
    return limits


def wrap_cells(rows: list[list[str]], limits: list[int | None]) -> list[list[str]]:
    """Cells wrapped at their column's limit between words only: tabulate's own ``maxcolwidths`` breaks at
    hyphens and inside words, cutting an id (``fee-on-`` / ``quote``) or a number in two."""
    return [[cell if limit is None else "\n".join(
        piece for line in textwrap.wrap(cell, limit, break_long_words=False, break_on_hyphens=False)
        for piece in _at_slashes(line, limit)) or cell
        for cell, limit in zip(row, limits)] for row in rows]


def _pieces(text: str) -> list[str]:
    """The words of ``text``, a word too long to keep whole cut after each ``/``: a bridge's id
    (``bridge:goodwill-call/annual-service-renewal``) breaks between its two touchpoint ids, never
    inside one."""
    return [piece for word in text.split() for piece in re.findall(r"[^/]*/|[^/]+$", word)]


def _at_slashes(line: str, limit: int) -> list[str]:
    """``line`` as it is when it fits, else cut after a ``/`` so each part fits where it can."""
    out = []
    while len(line) > limit and "/" in line[1:limit]:
        cut = line.rindex("/", 0, limit) + 1
        out.append(line[:cut])
        line = line[cut:]
    return out + [line]
