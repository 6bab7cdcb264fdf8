"""``tpscore trend FILE...`` and ``tpscore trend --git PATH``: each score across audit versions."""

from __future__ import annotations

from ..outputs import output_path
from ..revisions import LOAD_ERRORS
from .output import (
    EXIT_ERROR,
    EXIT_FAILED,
    Failure,
    Printer,
    profile_sources,
    refused,
    report_failure,
    warn,
    write_output,
)


def run_trend(files: list[str], git_path: str | None, fmt: str, output: str | None,
              config: str | None = None, force: bool = False) -> int:
    from ..render.formats import TREND

    printer = Printer()
    output = output_path(output)
    inputs = [*files, git_path, config]
    try:
        trend, versions = _follow(files, git_path, config, force)
    except Failure as failure:
        return report_failure(failure, "trend", fmt, output, inputs, printer)
    if refused(output, [*inputs, *profile_sources(v.report for v in versions)], printer):
        return EXIT_ERROR
    color = printer.color and output is None and fmt == "rich"
    return write_output(TREND.chunks(fmt, trend, color=color), output, printer, fmt, color)


def _follow(files: list[str], git_path: str | None, config: str | None, force: bool) -> tuple[dict, list]:
    """The trend over the versions, and the versions; :class:`Failure` when the arguments or the versions do
    not allow one."""
    from ..revisions import history, load_version, shallow_warning
    from ..trend import build_trend, order_versions, repeated_labels

    if bool(files) == bool(git_path):
        raise Failure(EXIT_ERROR, "give journey versions (FILE...) or --git PATH, not both" if files
                      else "give journey versions (FILE...) or one file's history with --git PATH")
    try:
        if git_path:
            versions, skipped = history(git_path, config)  # commit order, oldest first
        else:
            versions, skipped = order_versions([load_version(name, config) for name in files]), []
    except LOAD_ERRORS as exc:
        raise Failure.from_load_error(exc) from None
    for line in skipped:
        warn(f"skipped {line}")
    shallow = shallow_warning(git_path) if git_path else None
    if shallow:
        warn(shallow)
    if not versions:
        raise Failure(EXIT_FAILED, f"{git_path}: no commit has a valid journey")
    for label in repeated_labels(versions):
        warn(f"several versions are labelled {label!r}: told apart by their commit (or file) in brackets")
    trend = build_trend(versions)
    if trend["journey_mismatch"]:
        message = f"the versions are of different journeys: {', '.join(trend['journeys'])}"
        if not force:
            raise Failure(EXIT_ERROR, message + " (use --force to follow them anyway)")
        warn(message)
    return trend, versions
