"""Terminal output shared by the commands: rich with colour on a TTY, plain text otherwise."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from ..console import printable, rich_console, wants_color
from ..problems import Problem


class Printer:
    """Writes confirmations and problems to stdout and errors to stderr, in colour when it may."""

    def __init__(self) -> None:
        self.color = wants_color(sys.stdout)
        self._console = rich_console() if self.color else None

    def _write(self, text: str, style: str | None = None) -> None:
        if self._console is not None:
            from rich.text import Text

            self._console.print(Text(text, style=style or ""))
        else:
            sys.stdout.write(printable(text) + "\n")

    def ok(self, text: str) -> None:
        self._write(text, "green")

    def summary(self, text: str) -> None:
        self._write(text, "bold")

    def problems(self, problems: Iterable[Problem]) -> None:
        from ..render.problems import problem_line, rich_text

        for problem in problems:
            if self._console is not None:
                self._console.print(rich_text(problem))
            else:
                sys.stdout.write(printable(problem_line(problem)) + "\n")

    def error(self, text: str) -> None:
        sys.stderr.write(f"tpscore: error: {printable(text)}\n")
