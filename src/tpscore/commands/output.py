"""What every command shares: exit codes, the printer, error reports and writing the result.

Exit codes (like ruff and sqlfluff): :data:`EXIT_OK` clean, :data:`EXIT_FAILED` findings, invalid input or a
failed gate, :data:`EXIT_ERROR` usage, configuration or I/O error.

The printer and :func:`write_output` are the one way text reaches standard output and standard error, so
every command gets the same protection: no terminal control sequences from user text, no line a CI runner
would execute, and inside GitHub Actions human reports fenced so nothing in them is read as a command.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from ..console import json_safe, no_workflow_commands, rich_console, terminal_safe, wants_color
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

            self._console.print(Text(terminal_safe(text), style=style or ""))
        else:
            sys.stdout.write(terminal_safe(text) + "\n")

    def line(self, text: str, style: str | None = None) -> None:
        """One line of output, in ``style`` (a rich style) when colour is on."""
        self._write(text, style)

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
                sys.stdout.write(terminal_safe(problem_line(problem)) + "\n")

    def error(self, text: str) -> None:
        warn(text, "error")

    def note(self, text: str) -> None:
        warn(text, "note")

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


def load_failure(exc: Exception) -> tuple[int, str, list[Problem]]:
    """(exit code, message, located problems) for a version that did not load (``revisions.LOAD_ERRORS``)."""
    from ..profile import ProfileError
    from ..revisions import InvalidJourney

    if isinstance(exc, InvalidJourney):
        return EXIT_FAILED, str(exc), list(exc.problems)
    if isinstance(exc, ProfileError):
        return EXIT_ERROR, "the profile is not valid", list(exc.problems)
    return EXIT_ERROR, str(exc), []


class Failure(Exception):
    """A command cannot produce its result: exit ``code`` with ``message`` (and the located ``problems``)."""

    def __init__(self, code: int, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.code, self.message, self.problems = code, message, list(problems)
        self.load_error: Exception | None = None

    @classmethod
    def from_load_error(cls, exc: Exception) -> Failure:
        failure = cls(*load_failure(exc))
        failure.load_error = exc  # printed as before in the human formats
        return failure


def report_failure(failure: Failure, command: str, fmt: str, output: str | None, inputs: Iterable[str | None],
                   printer: Printer) -> int:
    """Say why the command failed; machine formats (JSON) still write one document, the error object of
    :mod:`tpscore.errordoc`, where the result would have gone (never over one of ``inputs``), and the
    problems go to standard error."""
    if fmt != "json":
        if failure.load_error is not None:
            return printer.load_error(failure.load_error)
        printer.error(failure.message)
        return failure.code
    from ..errordoc import error_document
    from ..render.json_report import dumps

    document = dumps(error_document(command, failure.code, failure.message, failure.problems))
    if not refused(output, inputs, printer):
        write_output([document], output, printer, "json")
    for problem in failure.problems:
        warn(f"{problem.location}: {problem.full_message()}", "problem")
    printer.error(failure.message)
    return failure.code


def error(text: str) -> None:
    warn(text, "error")


def warn(text: str, kind: str = "warning") -> None:
    """``tpscore: KIND: text`` on standard error, made safe for a terminal or a CI log."""
    sys.stderr.write(f"tpscore: {kind}: {terminal_safe(text)}\n")


#: Formats whose text is for people reading a terminal or a CI log; inside GitHub Actions they are fenced.
HUMAN_FORMATS = frozenset({"rich", "table", "text"})
#: Formats that are JSON documents: their strings are escaped losslessly instead of replaced.
JSON_FORMATS = frozenset({"json", "sarif", "codeclimate"})
#: Output made of workflow commands on purpose (annotations): written as rendered.
COMMAND_FORMATS = frozenset({"github"})


def write_stdout(chunks: Iterable[str], fmt: str, colored: bool = False) -> None:
    """Write a rendered report (its chunks) in format ``fmt`` to standard output, made safe for it."""
    with stdout_writer(fmt, colored) as write:
        for chunk in chunks:
            write(chunk)


def file_safe(fmt: str) -> Callable[[str], str]:
    """What a piece of a report in format ``fmt`` goes through on its way into a file: JSON gets bidi and
    zero-width characters as \\uXXXX (the same data, visible in the file); other formats are safe as rendered."""
    return json_safe if fmt in JSON_FORMATS else _same


@contextmanager
def stdout_writer(fmt: str, colored: bool = False) -> Iterator[Callable[[str], object]]:
    """A function writing pieces of a report in format ``fmt`` to standard output as they are made, each
    made safe as :func:`write_stdout` does (pieces start at line starts)."""
    if fmt in COMMAND_FORMATS:
        clean = _same
    elif fmt in JSON_FORMATS:
        clean = json_safe
    elif colored:  # the renderer replaced control characters before adding its own colour sequences
        clean = no_workflow_commands
    else:
        clean = terminal_safe
    with fenced(fmt in HUMAN_FORMATS):
        yield lambda chunk: sys.stdout.write(clean(chunk))  # sys.stdout looked up late: a progress bar wraps it


@contextmanager
def fenced(human: bool = True) -> Iterator[None]:
    """Inside GitHub Actions, keep the runner from reading workflow commands in what is written within
    (``::stop-commands::TOKEN`` … ``::TOKEN::``; the token is random, so the text cannot end the fence)."""
    token = _fence_token() if human else None
    if token:
        sys.stdout.write(f"::stop-commands::{token}\n")
    try:
        yield
    finally:
        if token:
            sys.stdout.write(f"::{token}::\n")


def _same(text: str) -> str:
    return text


def _fence_token() -> str | None:
    """A fresh token when standard output goes to a GitHub Actions log (not when redirected to a file)."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return None
    try:
        if stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode):
            return None
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (a test runner's buffer): it is read like a log
    import secrets

    return secrets.token_hex(16)


def refused(output: str | None, inputs: Iterable[str | None], printer: Printer) -> bool:
    """Report (and say True) when writing ``output`` would replace one of ``inputs``."""
    from ..outputs import clobbered

    clash = clobbered([output], inputs)
    if clash:
        printer.error(clash)
    return bool(clash)


def profile_sources(reports: Iterable[dict]) -> list[str | None]:
    """The profile files the reports were scored with (the built-in defaults name no file)."""
    return [(report.get("profile") or {}).get("source") for report in reports]


def is_step_summary(path: str | None) -> bool:
    """Whether ``path`` is this GitHub Actions step's job summary file (``$GITHUB_STEP_SUMMARY``)."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary or path is None:
        return False
    return os.path.realpath(path) == os.path.realpath(summary)


def write_output(chunks: Iterable[str], path: str | None, printer: Printer, fmt: str = "text",
                 colored: bool = False, append: bool = False) -> int:
    """Write the text in format ``fmt`` to ``path`` atomically, or to stdout when ``path`` is None;
    EXIT_ERROR when the file cannot be written.

    The job summary (``$GITHUB_STEP_SUMMARY``) is appended to, never replaced: earlier commands of the same
    step wrote there too (GitHub's convention). ``append`` appends to any other file the same way.
    """
    if path is None:
        write_stdout(chunks, fmt, colored)
        return EXIT_OK
    chunks = map(file_safe(fmt), chunks)
    try:
        if append or is_step_summary(path):
            _append(path, chunks)
        else:
            from ..atomic import write_atomic

            write_atomic(path, chunks)
    except OSError as exc:
        printer.error(f"cannot write {path}: {exc.strerror or exc}")
        return EXIT_ERROR
    return EXIT_OK


def _append(path: str, chunks: Iterable[str]) -> None:
    """Add to the end of ``path`` (created if missing), a blank line apart from what is there."""
    with open(path, "a", encoding="utf-8", newline="") as handle:
        if handle.tell() > 0:
            handle.write("\n")  # Markdown blocks need a blank line between them; the file ends with one newline
        handle.writelines(chunks)


def room_in(path: str | None, limit: int) -> int:
    """What is left of ``limit`` bytes in the file ``path`` when appending to it (all of it for a new file)."""
    try:
        used = os.path.getsize(path) if path else 0
    except OSError:
        used = 0
    return max(0, limit - used)
