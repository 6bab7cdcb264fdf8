"""What every command shares: exit codes, the printer, error reports and writing the result.

Exit codes (like ruff and sqlfluff): :data:`EXIT_OK` clean, :data:`EXIT_FAILED` findings, invalid input or a
failed gate, :data:`EXIT_ERROR` usage, configuration or I/O error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from ..console import replace_controls, rich_console, wants_color
from ..problems import Problem

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_ERROR = 2


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
            sys.stdout.write(replace_controls(text) + "\n")

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
                sys.stdout.write(replace_controls(problem_line(problem)) + "\n")

    def error(self, text: str) -> None:
        warn(text, "error")

    def profile_error(self, exc: Exception) -> int:
        """Each problem of a :class:`~tpscore.profile.ProfileError`, located; a bad profile is a usage error."""
        for problem in exc.problems:  # type: ignore[attr-defined]
            self.error(f"{problem.location}: {problem.full_message()}")
        return EXIT_ERROR

    def load_error(self, exc: Exception) -> int:
        """Report why a journey version did not load (``revisions.LOAD_ERRORS``): an invalid journey lists
        its problems (exit 1); a bad profile or an unreadable file is an error (exit 2)."""
        from ..profile import ProfileError
        from ..revisions import InvalidJourney

        if isinstance(exc, InvalidJourney):
            self.problems(exc.problems)
            self.error(str(exc))
            return EXIT_FAILED
        if isinstance(exc, ProfileError):
            return self.profile_error(exc)
        self.error(str(exc))
        return EXIT_ERROR


def error(text: str) -> None:
    warn(text, "error")


def warn(text: str, kind: str = "warning") -> None:
    """``tpscore: KIND: text`` on standard error, control characters replaced."""
    sys.stderr.write(f"tpscore: {kind}: {replace_controls(text)}\n")


def write_output(chunks: Iterable[str], path: str | None, printer: Printer) -> int:
    """Write the text to ``path`` atomically, or to stdout when ``path`` is None; EXIT_ERROR when the file
    cannot be written."""
    if path is None:
        sys.stdout.writelines(chunks)
        return EXIT_OK
    from ..atomic import write_atomic

    try:
        write_atomic(path, chunks)
    except OSError as exc:
        printer.error(f"cannot write {path}: {exc.strerror or exc}")
        return EXIT_ERROR
    return EXIT_OK
