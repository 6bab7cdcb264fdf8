"""``tpscore diff OLD [NEW] [--since REV]``: what changed between two audit versions, and did it get better?"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..outputs import output_path
from ..revisions import LOAD_ERRORS, from_revision, load_report
from .output import EXIT_ERROR, EXIT_FAILED, EXIT_OK, Printer, profile_sources, refused, warn, write_output


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


def run_diff(old: str, new: str | None, options: DiffOptions) -> int:
    from ..diff import diff_reports, regressions
    from ..render.formats import DIFF

    printer = Printer()
    pair = plan(old, new, options)
    if isinstance(pair, str):
        printer.error(pair)
        return EXIT_ERROR
    try:
        before, after = (load() for _, load in pair)
    except LOAD_ERRORS as exc:
        return printer.load_error(exc)
    diff = diff_reports(before, after)
    if diff["journey_mismatch"]:
        message = (f"{pair[0][0]} is journey '{diff['old']['id']}' but {pair[1][0]} is journey "
                   f"'{diff['new']['id']}': these are different journeys")
        if not options.force:
            printer.error(message + " (use --force to compare them anyway)")
            return EXIT_ERROR
        warn(message)
    output = output_path(options.output)
    if refused(output, [old, new, options.config, *profile_sources([before, after])], printer):
        return EXIT_ERROR
    color = printer.color and output is None and options.fmt == "rich"
    status = write_output(DIFF.chunks(options.fmt, diff, color=color), output, printer, options.fmt, color)
    if status or not options.fail_on_regression:
        return status
    found = regressions(diff, options.tolerance)
    for line in found:
        warn(line, "regression")
    return EXIT_FAILED if found else EXIT_OK
