"""``tpscore metrics merge JOURNEY DATA.csv``: survey data into a journey, shown as a diff or written."""

from __future__ import annotations

import difflib

from ..source import Source
from ..validate import validate_source
from .inputs import read_text
from .output import EXIT_ERROR, EXIT_FAILED, EXIT_OK, Printer, warn


def run_merge(journey_path: str, csv_path: str, maps: list[str], source: str | None, write: bool) -> int:
    from ..metrics_merge import parse_mapping, plan_merge, read_rows

    printer = Printer()
    try:
        overrides = parse_mapping(maps)
    except ValueError as exc:
        printer.error(str(exc))
        return EXIT_ERROR
    if write and journey_path == "-":
        printer.error("--write needs a journey file, not standard input")
        return EXIT_ERROR
    journey_source = read_text(journey_path, printer)
    if isinstance(journey_source, int):
        return journey_source
    table = read_text(csv_path, printer)
    if isinstance(table, int):
        return table
    result = validate_source(journey_source)
    if not result.ok:
        printer.problems(result.problems)
        printer.error(f"{result.file} must be valid before data is merged into it")
        return EXIT_FAILED
    rows, problems = read_rows(table.text, overrides)
    plan = plan_merge(result.journey, rows, source)
    problems += plan.problems
    if problems:
        for line, message in sorted(problems, key=lambda p: p[0]):
            printer.error(f"{table.name}:{line}: {message}")
        printer.error(f"nothing merged: {len(problems)} problem{'s' * (len(problems) != 1)} in {table.name}")
        return EXIT_FAILED
    from ..metrics_write import apply_plan

    merged = apply_plan(journey_source.text, plan)
    after = validate_source(Source(journey_source.name, merged.text))
    if not after.ok:  # e.g. a feedback text longer than the format allows
        printer.problems(after.problems)
        printer.error("nothing merged: the merged journey would not be valid")
        return EXIT_FAILED
    if merged.reformatted:
        warn(f"{journey_source.name}: the YAML library also re-formats a few lines it cannot keep exactly as "
             "written; they show in the diff", "note")
    summary = _summary(merged)
    if write:
        if merged.text != journey_source.text:
            from ..atomic import write_atomic

            write_atomic(journey_path, merged.text)
        printer.ok(f"{journey_source.name}: {summary}" + (" (written)" if merged.text != journey_source.text else ""))
        return EXIT_OK
    diff = difflib.unified_diff(journey_source.text.splitlines(keepends=True), merged.text.splitlines(keepends=True),
                                journey_source.name, f"{journey_source.name} (merged)")
    for line in diff:
        printer.line(line.rstrip("\n"), _DIFF_STYLES.get(line[:1]) if not line.startswith(("---", "+++")) else "bold")
    printer.summary(f"{summary}" + (" — run again with --write to save" if merged.text != journey_source.text
                                    else ""))
    return EXIT_OK


_DIFF_STYLES = {"+": "green", "-": "red", "@": "cyan"}


def _summary(merged) -> str:
    touchpoints = len({change[0] for change in merged.changes})
    parts = [f"{len(merged.changes)} value{'s' * (len(merged.changes) != 1)} on {touchpoints} "
             f"touchpoint{'s' * (touchpoints != 1)}"]
    if merged.added_feedback:
        parts.append(f"{merged.added_feedback} feedback item{'s' * (merged.added_feedback != 1)} added")
    if merged.updated_feedback:
        parts.append(f"{merged.updated_feedback} updated")
    if not (merged.changes or merged.added_feedback or merged.updated_feedback):
        return "already up to date: nothing to change"
    return ", ".join(parts)
