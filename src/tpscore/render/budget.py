"""Keep a Markdown report under a size budget, saying what was left out.

GitHub aborts a step whose job summary (``$GITHUB_STEP_SUMMARY``) passes 1 MiB and caps a pull-request comment
at 65,536 characters, yet a journey of 20,000 touchpoints or a few hundred ordinary journeys render more.
This works on the renderer's finished text, so the layout stays the renderer's: it cuts at block boundaries
(a table keeps its header and as many rows as fit), keeps everything before the cut, and ends with a note
naming what was left out and where the full report is. Very long lines outside tables (one glyph per
touchpoint) are always shortened, whatever the budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

#: GitHub's limit for one step's job summary.
STEP_SUMMARY_LIMIT = 1024 * 1024
#: Longest line kept whole outside a table (characters): a journey of 20,000 touchpoints must not give one
#: line of 20,000 glyphs.
LINE_LIMIT = 2000
#: Room kept for the closing note.
NOTE_ROOM = 2048


def size(text: str) -> int:
    return len(text.encode("utf-8"))


def cap_lines(text: str, limit: int = LINE_LIMIT) -> str:
    """``text`` with every line outside a table cut to ``limit`` characters, saying how many were left out."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if len(line) > limit and not line.startswith("|"):
            lines[index] = f"{line[:limit]} … ({len(line) - limit:,} more characters left out)"
    return "\n".join(lines)


@dataclass
class _Cut:
    kept: list[str] = field(default_factory=list)
    rows: int = 0  # table rows left out
    blocks: int = 0  # other paragraphs, lists and tables left out
    sections: list[str] = field(default_factory=list)  # headings left out, as written


def fit_markdown(text: str, max_bytes: int | None = STEP_SUMMARY_LIMIT, full_report: Sequence[str] = ()) -> str:
    """``text`` (Markdown) at most ``max_bytes`` long in UTF-8 (None: no budget), with long lines capped.

    When it does not fit, it ends with a note saying what was left out and naming ``full_report`` (the files
    of the same run with everything), already safe to print.
    """
    text = cap_lines(text)
    if max_bytes is None or size(text) <= max_bytes:
        return text
    cut = _cut(text.rstrip("\n").split("\n\n"), max(0, max_bytes - NOTE_ROOM))
    note = _note(cut, max_bytes, full_report)
    body = "\n\n".join(cut.kept)
    out = (body + "\n\n" if body else "") + note + "\n"
    while size(out) > max_bytes and cut.kept:  # a budget smaller than the note's room: drop more
        cut.blocks += 1
        cut.kept.pop()
        body = "\n\n".join(cut.kept)
        out = (body + "\n\n" if body else "") + _note(cut, max_bytes, full_report) + "\n"
    return out


def _cut(blocks: list[str], room: int) -> _Cut:
    cut = _Cut()
    used = 0
    for position, block in enumerate(blocks):
        cost = size(block) + 2
        if used + cost <= room:
            cut.kept.append(block)
            used += cost
            continue
        partial = _part_of_table(block, room - used)
        if partial is not None:
            cut.kept.append(partial[0])
            cut.rows += partial[1]
        else:
            _count(cut, block)
        for rest in blocks[position + 1:]:
            _count(cut, rest)
        break
    return cut


def _part_of_table(block: str, room: int) -> tuple[str, int] | None:
    """The table's header, rule and the rows that fit in ``room``, and how many rows were left out; None
    when ``block`` is not a table or not even its header fits."""
    lines = block.split("\n")
    if len(lines) < 3 or not all(line.startswith("|") for line in lines):
        return None
    kept, used = lines[:2], size(lines[0]) + size(lines[1]) + 2
    if used > room:
        return None
    for line in lines[2:]:
        if used + size(line) + 1 > room:
            break
        kept.append(line)
        used += size(line) + 1
    return "\n".join(kept), len(lines) - len(kept)


def _count(cut: _Cut, block: str) -> None:
    lines = block.split("\n")
    if lines[0].startswith("#"):
        cut.sections.append(lines[0].lstrip("#").strip())
        return
    if all(line.startswith("|") for line in lines) and len(lines) >= 2:
        cut.rows += len(lines) - 2
        return
    cut.blocks += 1


def _note(cut: _Cut, max_bytes: int, full_report: Sequence[str]) -> str:
    parts = []
    if cut.sections:
        shown = ", ".join(cut.sections[:5]) + (" …" if len(cut.sections) > 5 else "")
        parts.append(f"{len(cut.sections):,} section{'s' * (len(cut.sections) != 1)} ({shown})")
    if cut.rows:
        parts.append(f"{cut.rows:,} table row{'s' * (cut.rows != 1)}")
    if cut.blocks:
        parts.append(f"{cut.blocks:,} other paragraph{'s' * (cut.blocks != 1)}")
    left = "; ".join(parts) or "the end of the report"
    where = (f"The full report: {', '.join(full_report)}." if full_report else
             "Write the full report to a file with `-f markdown -o FILE --max-bytes 0`, or use `-f html` or "
             "`-f json`.")
    return f"> **Report shortened to fit {max_bytes:,} bytes** (`--max-bytes`). Left out: {left}. {where}"
