"""``tpscore validate``: validate many files, print problems, return the exit code."""

from __future__ import annotations

from ..validate import Validation, ValidationSummary
from .output import EXIT_ERROR, EXIT_FAILED, EXIT_OK, Printer, fenced, write_stdout


def run_validate(paths: list[str], fmt: str, quiet: bool, exclude: list[str]) -> int:
    from ..render.formats import VALIDATE

    printer = Printer()
    validation = Validation(paths, exclude, printer.error, printer.note)
    printed_as_checked = VALIDATE[fmt].renderer is None
    summary = ValidationSummary()
    with fenced(printed_as_checked):
        for result in validation:
            summary.add(result)
            if printed_as_checked:
                if not result.ok:
                    printer.problems(result.problems)
                elif not quiet:
                    journey = result.journey
                    name = " ".join(journey.name.split())  # one line per file, whatever the name holds
                    count = len(journey.touchpoints)
                    printer.ok(f"{result.file}: valid ({name}, {count} touchpoint{'s' if count != 1 else ''})")
        problems, invalid, checked = len(summary.problems), summary.invalid, summary.checked
        if printed_as_checked and invalid:
            printer.summary(f"Found {problems} problem{'s' * (problems != 1)} "
                            f"in {invalid} of {checked} file{'s' * (checked != 1)}.")
    summary.errors = list(validation.errors)
    if not printed_as_checked:
        write_stdout(VALIDATE.chunks(fmt, summary), fmt)
    status = EXIT_ERROR if validation.errors else EXIT_OK
    return max(status, EXIT_FAILED if invalid else EXIT_OK)
