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
