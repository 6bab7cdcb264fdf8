"""``tpscore diff OLD [NEW] [--since REV]``: what changed between two audit versions, and did it get better?"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from ..console import printable
from ..profile import ProfileError
from ..revisions import InvalidJourney, LoadError, from_revision, load_report
from ..source import InputError
from .output import Printer

#: What loading a version may raise; :func:`failure_code` turns each into a message and an exit code.
LOAD_ERRORS = (InputError, LoadError, InvalidJourney, ProfileError)


@dataclass(frozen=True)
class DiffOptions:
    since: str | None = None
    fmt: str = "rich"
    output: str | None = None
    fail_on_regression: bool = False
    tolerance: float = 0.0
    force: bool = False
    config: str | None = None


def warn(text: str, kind: str = "warning") -> None:
    sys.stderr.write(f"tpscore: {kind}: {printable(text)}\n")


def failure_code(exc: Exception, printer: Printer) -> int:
    """Report a loading failure: an invalid journey lists its problems (exit 1); the rest exit 2."""
    if isinstance(exc, InvalidJourney):
        printer.problems(exc.problems)
        printer.error(str(exc))
        return 1
    if isinstance(exc, ProfileError):
        for problem in exc.problems:
            printer.error(f"{problem.location}: {problem.full_message()}")
        return 2
    printer.error(str(exc))
    return 2


def emit(text: str, output: str | None, printer: Printer) -> int:
    """Write to ``output`` atomically, or to stdout; 2 when the file cannot be written."""
    from ..atomic import write_atomic

    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(output, text)
    except OSError as exc:
        printer.error(f"cannot write {output}: {exc.strerror or exc}")
        return 2
    return 0


Loader = Callable[[], dict]


def plan(old: str, new: str | None, options: DiffOptions) -> str | list[tuple[str, Loader]]:
    """The two versions to load, each with its display name; or what is wrong with the arguments."""
    config = options.config
    if options.since and new:
        return "give NEW or --since REV, not both"
    if options.since:
        return [(f"{options.since}:{old}", lambda: from_revision(options.since, old, config).report),
                (old, lambda: load_report(old, config))]
    if new is None:
        return "give two versions to compare (OLD NEW), or one file with --since REV"
    return [(old, lambda: load_report(old, config)), (new, lambda: load_report(new, config))]


def run_diff(old: str, new: str | None, options: DiffOptions) -> int:
    from ..diff import diff_reports, regressions
    from ..render.diff_views import render_diff

    printer = Printer()
    pair = plan(old, new, options)
    if isinstance(pair, str):
        printer.error(pair)
        return 2
    try:
        before, after = (load() for _, load in pair)
    except LOAD_ERRORS as exc:
        return failure_code(exc, printer)
    diff = diff_reports(before, after)
    if diff["journey_mismatch"]:
        message = (f"{pair[0][0]} is journey '{diff['old']['id']}' but {pair[1][0]} is journey "
                   f"'{diff['new']['id']}': these are different journeys")
        if not options.force:
            printer.error(message + " (use --force to compare them anyway)")
            return 2
        warn(message)
    color = printer.color and options.output is None and options.fmt == "rich"
    status = emit(render_diff(diff, options.fmt, color=color), options.output, printer)
    if status or not options.fail_on_regression:
        return status
    found = regressions(diff, options.tolerance)
    for line in found:
        warn(line, "regression")
    return 1 if found else 0
