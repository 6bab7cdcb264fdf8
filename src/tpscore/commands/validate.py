"""``tpscore validate``: validate many files, print problems, return the exit code."""

from __future__ import annotations

import sys

from ..discover import discover
from ..source import InputError
from ..validate import ValidationResult, validate_file
from .output import Printer


def validate_paths(paths: list[str], exclude: list[str], printer: Printer) -> tuple[list[ValidationResult], int]:
    """Validate every discovered file; I/O failures are reported on stderr and give exit code 2."""
    found = discover(paths, exclude)
    status = 0
    for missing in found.missing:
        printer.error(f"{missing}: no such file or directory")
        status = 2
    if not found.files and not found.missing:
        printer.error("no journey files found (looked for *.yaml, *.yml, *.json)")
        status = 2
    results = []
    for name in found.files:
        try:
            results.append(validate_file(name))
        except InputError as exc:
            printer.error(str(exc))
            status = 2
    return results, status


def run_validate(paths: list[str], fmt: str, quiet: bool, exclude: list[str]) -> int:
    printer = Printer()
    results, status = validate_paths(paths, exclude, printer)
    problems = [p for r in results for p in r.problems]
    if fmt == "json":
        from ..render.problems import problems_json

        sys.stdout.write(problems_json(problems) + "\n")
    elif fmt == "github":
        from ..render.github import problem_annotation

        for problem in problems:
            sys.stdout.write(problem_annotation(problem) + "\n")
    else:
        for result in results:
            if result.ok:
                if not quiet:
                    journey = result.journey
                    name = " ".join(journey.name.split())  # one line per file, whatever the name holds
                    count = len(journey.touchpoints)
                    printer.ok(f"{result.file}: valid ({name}, {count} touchpoint{'s' if count != 1 else ''})")
            else:
                printer.problems(result.problems)
        invalid = sum(1 for r in results if not r.ok)
        if invalid:
            printer.summary(f"Found {len(problems)} problem{'s' * (len(problems) != 1)} "
                            f"in {invalid} of {len(results)} file{'s' * (len(results) != 1)}.")
    if any(not r.ok for r in results):
        status = max(status, 1)
    return status
