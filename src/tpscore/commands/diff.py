"""``tpscore diff OLD [NEW] [--since REV]``: what changed between two audit versions, and did it get better?"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..outputs import output_path
from ..revisions import LOAD_ERRORS, from_revision, load_report
from .output import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_OK,
    Failure,
    Printer,
    profile_sources,
    refused,
    report_failure,
    warn,
    write_output,
)


@dataclass(frozen=True)
class DiffOptions:
    since: str | None = None
    fmt: str = "rich"
    output: str | None = None
    fail_on_regression: bool = False
    tolerance: float = 0.0
    force: bool = False
    config: str | None = None


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


def _compare(old: str, new: str | None, options: DiffOptions) -> tuple[dict, list[dict]]:
    """The diff of the two versions and their reports; :class:`Failure` when the arguments or the versions
    do not allow one."""
    from ..diff import diff_reports

    pair = plan(old, new, options)
    if isinstance(pair, str):
        raise Failure(EXIT_ERROR, pair)
    try:
        before, after = (load() for _, load in pair)
    except LOAD_ERRORS as exc:
        raise Failure.from_load_error(exc) from None
    diff = diff_reports(before, after)
    if diff["journey_mismatch"]:
        message = (f"{pair[0][0]} is journey '{diff['old']['id']}' but {pair[1][0]} is journey "
                   f"'{diff['new']['id']}': these are different journeys")
        if not options.force:
            raise Failure(EXIT_ERROR, message + " (use --force to compare them anyway)")
        warn(message)
    return diff, [before, after]


def run_diff(old: str, new: str | None, options: DiffOptions) -> int:
    from ..diff import regressions
    from ..render.formats import DIFF

    printer = Printer()
    output = output_path(options.output)
    inputs = [old, new, options.config]
    try:
        diff, reports = _compare(old, new, options)
    except Failure as failure:
        return report_failure(failure, "diff", options.fmt, output, inputs, printer)
    if refused(output, [*inputs, *profile_sources(reports)], printer):
        return EXIT_ERROR
    color = printer.color and output is None and options.fmt == "rich"
    status = write_output(DIFF.chunks(options.fmt, diff, color=color), output, printer, options.fmt, color)
    if status or not options.fail_on_regression:
        return status
    found = regressions(diff, options.tolerance)
    for line in found:
        warn(line, "regression")
    return EXIT_FAILED if found else EXIT_OK
