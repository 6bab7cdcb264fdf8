"""Load and validate journey files: the library entry points behind ``tpscore validate``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .model import Journey, build_journey
from .problems import (
    HintBudget,
    Problem,
    describe,
    hint_budget,
    type_name,
)
from .schemacheck import Issue
from .source import DecodeError, InputError, Source, display_name, read_source
from .yamlsafe import DEFAULT_LIMITS, Limits, SourceMap, load_yaml

SUPPORTED_VERSION = 1
#: A mapping with none of these keys is some other file; its content is not quoted back.
JOURNEY_KEYS = frozenset({"version", "journey", "touchpoints"})
_KINDS = {"string": "text", "integer": "a number", "number": "a number", "boolean": "a boolean", "list": "a list"}


@dataclass
class ValidationResult:
    """Outcome for one file: the journey when valid, and every problem found (sorted by position)."""

    file: str
    journey: Journey | None = None
    problems: list[Problem] = field(default_factory=list)
    data: Any = field(default=None, repr=False)
    source_map: SourceMap | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems


def _located(file: str, source_map: SourceMap, issue: Issue) -> Problem:
    line, column = source_map.locate(issue.path, key=issue.at_key)
    return Problem(file, line, column, issue.kind, issue.message, tuple(issue.path),
                   issue.found, issue.expected, issue.hint)


def check_document(data: Any, file: str, source_map: SourceMap, schema: str = "journey") -> list[Problem]:
    """Schema and cross-reference problems of an already parsed document."""
    from .schemas import checker

    if not isinstance(data, dict):
        # Only the kind of value: a file that is not a journey (a linked credentials file) is never quoted.
        return [Problem(file, *source_map.locate(()), "type", "the document must be a mapping",
                        found=_KINDS.get(type_name(data), type_name(data)),
                        expected="a mapping with version, journey and touchpoints"
                        if schema == "journey" else "a mapping")]
    if schema == "journey" and not JOURNEY_KEYS & data.keys():
        return [Problem(file, *source_map.locate(()), "type", "not a journey file: it has none of the keys "
                        + ", ".join(sorted(JOURNEY_KEYS)), expected="a mapping with version, journey and touchpoints",
                        hint="pass journey files only, or --exclude this one")]
    if schema == "journey" and "version" in data and data["version"] != SUPPORTED_VERSION:
        return [Problem(file, *source_map.locate(("version",)), "version",
                        f"unsupported format version {describe(data['version'])}", ("version",),
                        expected=f"version: {SUPPORTED_VERSION}",
                        hint="this tpscore reads format version 1; upgrade tpscore for newer files")]
    issues = checker(schema).check(data)
    if schema == "journey":
        from .crossref import check_references

        issues += check_references(data)
    return [_located(file, source_map, issue) for issue in issues]


def validate_source(source: Source, limits: Limits = DEFAULT_LIMITS) -> ValidationResult:
    """Validate decoded text; the journey is built only when there are no problems."""
    loaded = load_yaml(source, limits)
    problems = list(loaded.problems)
    if loaded.data is not None or not problems:
        with hint_budget(HintBudget.per_file()):
            problems += check_document(loaded.data, source.name, loaded.source_map)
    problems.sort(key=lambda p: (p.line, p.column))
    # The raw document is kept only while it explains problems; a valid one lives on as the Journey.
    result = ValidationResult(source.name, problems=problems, data=loaded.data if problems else None,
                              source_map=loaded.source_map)
    if not problems:
        result.journey = build_journey(loaded.data, source.name, loaded.source_map.locate, loaded.source_map.span)
    return result


def validate_file(name: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> ValidationResult:
    """Read (``-`` is stdin), decode and validate one file.

    Raises :class:`tpscore.source.InputError` when the file cannot be read at all (exit code 2 in
    the CLI); every problem with the content is returned in the result instead.
    """
    try:
        source = read_source(name, limits.max_bytes)
    except DecodeError as exc:
        display = "<stdin>" if name == "-" else display_name(name)
        return ValidationResult(display, problems=[Problem(display, exc.line, exc.column, "encoding", exc.message)])
    return validate_source(source, limits)


VALIDATION_FORMAT = "tpscore-validation"
VALIDATION_FORMAT_VERSION = 1


@dataclass
class ValidationSummary:
    """What ``tpscore validate`` found over every file: the contract of ``schemas/validate.schema.json``."""

    checked: int = 0
    invalid: int = 0
    problems: list[Problem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # files that could not be read

    def add(self, result: ValidationResult) -> None:
        self.checked += 1
        self.invalid += not result.ok
        self.problems += result.problems

    def to_dict(self) -> dict[str, Any]:
        from . import __version__

        return {
            "format": VALIDATION_FORMAT, "format_version": VALIDATION_FORMAT_VERSION, "tpscore_version": __version__,
            "ok": not self.invalid and not self.errors,
            "files": {"checked": self.checked, "valid": self.checked - self.invalid, "invalid": self.invalid},
            "errors": list(self.errors),
            "problems": [problem.to_dict() for problem in self.problems],
        }


class Validation:
    """Validates the files that ``paths`` name (files, folders, globs, ``-``), one at a time, so memory holds
    one file's worth at most. A missing or unreadable file does not stop the others: its message goes to
    ``on_error`` as it happens and stays in ``errors`` (the CLI exits 2 when there are any). Files a folder
    walk leaves out on purpose (links out of the folder, FIFOs) go to ``on_note`` and stay in ``notes``."""

    def __init__(self, paths: Iterable[str], exclude: Iterable[str] = (),
                 on_error: Callable[[str], None] | None = None, on_note: Callable[[str], None] | None = None) -> None:
        from .discover import discover

        found = discover(list(paths), list(exclude))
        self.files, self.errors, self._on_error = found.files, [], on_error
        self.notes, self._on_note = found.skipped, on_note
        self._hints = HintBudget.per_run()
        for missing in found.missing:
            self._error(f"{missing}: no such file or directory")
        for folder in found.unreadable:
            self._error(folder)
        if not found.files and not found.missing and not found.unreadable:
            self._error("no journey files found (looked for *.yaml, *.yml, *.json)")
        for note in list(self.notes):
            self._note(note)

    def _error(self, message: str) -> None:
        self.errors.append(message)
        if self._on_error is not None:
            self._on_error(message)

    def _note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)
        if self._on_note is not None:
            self._on_note(message)

    def __iter__(self) -> Iterator[ValidationResult]:
        for name in self.files:
            skipped = skip_reason(name)
            if skipped:
                self._note(skipped)
                continue
            try:
                with hint_budget(self._hints):
                    result = validate_file(name)
            except InputError as exc:
                self._error(str(exc))
            else:
                yield result


def skip_reason(name: str) -> str | None:
    """Why a discovered file is not validated (a report tpscore wrote into the folder), if it is not."""
    from .outputs import is_own_report

    return f"{name}: a tpscore report, not a journey; skipped" if is_own_report(name) else None


def load_journey(name: str) -> Journey:
    """Load a valid journey or raise :class:`JourneyError` listing every problem."""
    result = validate_file(name)
    if result.journey is None:
        raise JourneyError(result.problems)
    return result.journey


class JourneyError(ValueError):
    """Raised by :func:`load_journey` for an invalid file; ``problems`` holds every located problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{p.location}: {p.full_message()}" for p in problems))
