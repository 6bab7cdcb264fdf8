"""Audit one file as a worker process does: validate, score, and render the journey's part of every
streamed output, returning only what the parent writes and keeps (``--jobs 1`` runs the same code
in-process, so both paths give the same bytes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..problems import Problem
from ..profile import Profile, resolve_profile


@dataclass(frozen=True)
class AuditOptions:
    config: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    inline_ignore: bool = True  # honour the journeys' own `ignore:` entries (--no-inline-ignore: show all)


@dataclass(frozen=True)
class Job:
    """What every file's audit needs to know, the same for all files of a run."""

    options: AuditOptions
    #: (format, colour, width) of each output written journey by journey.
    streams: tuple[tuple[str, bool, int | None], ...] = ()
    #: JSON nesting level of a journey's report (2 inside the multi-journey wrapper).
    level: int = 0
    #: Keep full reports: some output renders the whole run at once (markdown, html, sarif, junit).
    full: bool = True
    #: How many ranked fixes the human formats show (--top).
    top: int = 3


@dataclass
class Outcome:
    """One file's result: a report (full or slim) with its streamed texts, an invalid file's problems,
    a message for an unreadable file or for a file left out, or the problems of a broken profile."""

    file: str
    report: dict[str, Any] | None = None
    texts: tuple[str, ...] = ()
    invalid: dict[str, Any] | None = None
    error: str | None = None
    skipped: str | None = None
    profile_problems: list[Problem] = field(default_factory=list)


def profile_for(file: str, options: AuditOptions) -> Profile:
    profile = resolve_profile(options.config, file)
    changes = {}
    if options.select:
        changes["select"] = options.select
    if options.ignore:
        changes["ignore"] = tuple(profile.ignore) + options.ignore
    return profile.with_overrides(**changes) if changes else profile


def audit_file(job: Job, file: str) -> Outcome:
    from ..auditrun import invalid_entry, report_of, slim_report
    from ..profile import ProfileError
    from ..render.stream import journey_text
    from ..source import InputError
    from ..validate import skip_reason, validate_file

    skipped = skip_reason(file)
    if skipped:
        return Outcome(file, skipped=skipped)
    try:
        result = validate_file(file)
    except InputError as exc:
        return Outcome(file, error=str(exc))
    if result.journey is None:
        return Outcome(file, invalid=invalid_entry(result))
    try:
        profile = profile_for(result.file, job.options)
    except ProfileError as exc:
        return Outcome(file, profile_problems=exc.problems)
    report = report_of(result, profile, job.options.inline_ignore)
    del result
    texts = tuple(journey_text(fmt, report, color, width, job.level, job.top) for fmt, color, width in job.streams)
    return Outcome(file, report=report if job.full else slim_report(report), texts=texts)


def preload(job: Job) -> None:
    """Import in the parent what every worker needs, so forked workers start with it loaded."""
    from ..render.stream import renderer_module
    from ..report import build_report  # noqa: F401  (imported for the workers)
    from ..rules import all_rules
    from ..schemas import checker
    from ..validate import validate_file  # noqa: F401

    checker("journey")
    all_rules()
    for fmt, _color, _width in job.streams:
        renderer_module(fmt)
