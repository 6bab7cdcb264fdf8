"""``tpscore trend FILE...`` and ``tpscore trend --git PATH``: each score across audit versions."""

from __future__ import annotations

from .diff import LOAD_ERRORS, emit, failure_code, warn
from .output import Printer


def run_trend(files: list[str], git_path: str | None, fmt: str, output: str | None,
              config: str | None = None, force: bool = False) -> int:
    from ..render.trend_views import render_trend
    from ..revisions import history, load_version
    from ..trend import build_trend, order_versions

    printer = Printer()
    if bool(files) == bool(git_path):
        printer.error("give journey versions (FILE...) or --git PATH, not both" if files
                      else "give journey versions (FILE...) or one file's history with --git PATH")
        return 2
    try:
        if git_path:
            versions, skipped = history(git_path, config)  # commit order, oldest first
        else:
            versions, skipped = order_versions([load_version(name, config) for name in files]), []
    except LOAD_ERRORS as exc:
        return failure_code(exc, printer)
    for line in skipped:
        warn(f"skipped {line}")
    if not versions:
        printer.error(f"{git_path}: no commit has a valid journey")
        return 1
    trend = build_trend(versions)
    if trend["journey_mismatch"]:
        message = f"the versions are of different journeys: {', '.join(trend['journeys'])}"
        if not force:
            printer.error(message + " (use --force to follow them anyway)")
            return 2
        warn(message)
    color = printer.color and output is None and fmt == "rich"
    return emit(render_trend(trend, fmt, color=color), output, printer)
