"""``tpscore validate``: validate many files, print problems, return the exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator

from ..discover import discover
from ..source import InputError
from ..validate import ValidationResult, validate_file
from .output import Printer


class Validation:
    """Validates the discovered files one at a time, so memory holds one file's worth at most.
    ``status`` becomes 2 once a file is missing or unreadable (reported on stderr)."""

    def __init__(self, paths: list[str], exclude: list[str], printer: Printer) -> None:
        found = discover(paths, exclude)
        self.files, self.printer, self.status = found.files, printer, 0
        for missing in found.missing:
            printer.error(f"{missing}: no such file or directory")
            self.status = 2
        if not found.files and not found.missing:
            printer.error("no journey files found (looked for *.yaml, *.yml, *.json)")
            self.status = 2

    def __iter__(self) -> Iterator[ValidationResult]:
        for name in self.files:
            try:
                yield validate_file(name)
            except InputError as exc:
                self.printer.error(str(exc))
                self.status = 2


def run_validate(paths: list[str], fmt: str, quiet: bool, exclude: list[str]) -> int:
    printer = Printer()
    validation = Validation(paths, exclude, printer)
    problems: list = []
    checked = invalid = 0
    for result in validation:
        checked += 1
        invalid += not result.ok
        problems += result.problems
        if fmt == "text":
            if not result.ok:
                printer.problems(result.problems)
            elif not quiet:
                journey = result.journey
                name = " ".join(journey.name.split())  # one line per file, whatever the name holds
                count = len(journey.touchpoints)
                printer.ok(f"{result.file}: valid ({name}, {count} touchpoint{'s' if count != 1 else ''})")
    if fmt == "json":
        from ..render.problems import problems_json

        sys.stdout.write(problems_json(problems) + "\n")
    elif fmt == "github":
        from ..render.github import problem_annotation

        for problem in problems:
            sys.stdout.write(problem_annotation(problem) + "\n")
    elif invalid:
        printer.summary(f"Found {len(problems)} problem{'s' * (len(problems) != 1)} "
                        f"in {invalid} of {checked} file{'s' * (checked != 1)}.")
    return max(validation.status, 1 if invalid else 0)
