"""Decide how to write to the terminal: colour via rich only on a TTY without NO_COLOR."""

from __future__ import annotations

import os
import sys
from typing import IO


def wants_color(stream: IO | None = None) -> bool:
    """Colour when writing to a terminal, unless NO_COLOR is set or TERM=dumb; FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


def rich_console(stderr: bool = False):
    """A rich Console for terminal output (imported lazily: rich costs start-up time)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True, force_terminal=True)


# Two policies for control characters in user text. REPLACE (terminal and plain-text formats): C0 controls
# except tab and newline, DEL and the C1 block become U+FFFD, so the reader sees that something was there; a
# YAML "\e[31m" escape decodes to a real ESC, which must never reach a terminal as a control sequence.
_CONTROL = {code: "\ufffd" for code in (*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))}


def replace_controls(text: str) -> str:
    """``text`` with terminal control characters replaced by U+FFFD."""
    return text.translate(_CONTROL)


# STRIP (markup, XML, annotations, one-line cells): the format cannot show them, so they are dropped:
# control characters except tab, LF and CR, and what XML 1.0 cannot hold (lone surrogates, U+FFFE, U+FFFF).
_UNPRINTABLE = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
                              *range(0xD800, 0xE000), 0xFFFE, 0xFFFF])


def strip_controls(text: str) -> str:
    """``text`` without control characters (tab, LF and CR stay) or anything XML 1.0 cannot hold."""
    return text.translate(_UNPRINTABLE)
