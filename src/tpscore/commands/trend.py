"""``tpscore trend FILE...`` and ``tpscore trend --git PATH``: each score across audit versions."""

from __future__ import annotations

from ..outputs import output_path
from ..revisions import LOAD_ERRORS
from .output import EXIT_ERROR, EXIT_FAILED, Printer, profile_sources, refused, warn, write_output


def run_trend(files: list[str], git_path: str | None, fmt: str, output: str | None,
              config: str | None = None, force: bool = False) -> int:
    from ..render.formats import TREND
    from ..revisions import history, load_version
    from ..trend import build_trend, order_versions

    printer = Printer()
    if bool(files) == bool(git_path):
        printer.error("give journey versions (FILE...) or --git PATH, not both" if files
                      else "give journey versions (FILE...) or one file's history with --git PATH")
        return EXIT_ERROR
    try:
        if git_path:
            versions, skipped = history(git_path, config)  # commit order, oldest first
        else:
            versions, skipped = order_versions([load_version(name, config) for name in files]), []
    except LOAD_ERRORS as exc:
        return printer.load_error(exc)
    for line in skipped:
        warn(f"skipped {line}")
    if not versions:
        printer.error(f"{git_path}: no commit has a valid journey")
        return EXIT_FAILED
    trend = build_trend(versions)
    if trend["journey_mismatch"]:
        message = f"the versions are of different journeys: {', '.join(trend['journeys'])}"
        if not force:
            printer.error(message + " (use --force to follow them anyway)")
            return EXIT_ERROR
        warn(message)
    output = output_path(output)
    if refused(output, [*files, git_path, config, *profile_sources(v.report for v in versions)], printer):
        return EXIT_ERROR
    color = printer.color and output is None and fmt == "rich"
    return write_output(TREND.chunks(fmt, trend, color=color), output, printer, fmt, color)
