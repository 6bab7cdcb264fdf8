"""Audit one file as a worker process does: validate, score, and render the journey's part of every
streamed output, returning only what the parent writes and keeps (``--jobs 1`` runs the same code
in-process, so both paths give the same bytes)."""

from __future__ import annotations

import gc
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
class BaselineSource:
    """Where known findings come from: a baseline file's counts, or the journeys as they were in a git
    revision (``--baseline git:REV``), each audited there."""

    label: str
    counts: Any = None  # Counter of baseline keys (tpscore.baseline.Key)
    rev: str | None = None


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
    #: Known findings to report as such (--baseline), and whether to count every finding (--write-baseline).
    baseline: BaselineSource | None = None
    count_findings: bool = False


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
    #: Baseline entries of this file that no finding matched (--baseline), and every finding's baseline key
    #: with its message (--write-baseline).
    stale: list[dict[str, Any]] = field(default_factory=list)
    keys: list[tuple[tuple, str]] = field(default_factory=list)


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
    # The loaded journey lives until this file is done, so the cycle collector need not rescan it (or
    # anything else alive now) while the file is scored and written: a tenth of a large journey's run.
    # Reference counting still frees these objects; unfreezing hands them back to the collector.
    gc.freeze()
    try:
        report = report_of(result, profile, job.options.inline_ignore)
        stale, keys = _baseline(job, result.file, report) if job.baseline or job.count_findings else ([], [])
        del result
        texts = tuple(journey_text(fmt, report, color, width, job.level, job.top)
                      for fmt, color, width in job.streams)
    finally:
        gc.unfreeze()
    return Outcome(file, report=report if job.full else slim_report(report), texts=texts, stale=stale, keys=keys)


def _baseline(job: Job, file: str, report: dict) -> tuple[list[dict[str, Any]], list[tuple[tuple, str]]]:
    """Apply the baseline to ``report``; (stale entries of this file, every finding's key and message)."""
    from ..baseline import apply_baseline, key_of
    from ..repopath import RepoPaths

    repo_path = RepoPaths.here().relative(file) or file
    stale: list[dict[str, Any]] = []
    if job.baseline is not None:
        known = job.baseline.counts if job.baseline.rev is None else _known_at(job, file, repo_path)
        stale = apply_baseline(report, repo_path, known, job.baseline.label)
    keys = []
    if job.count_findings:
        current = report["findings"] + [f for f in report["ignored"] if f.get("suppressed_by") == "baseline"]
        keys = [(key_of(repo_path, f), f["message"]) for f in current]
    return stale, keys


def _known_at(job: Job, file: str, repo_path: str):
    """The findings of ``file`` as it was in revision ``job.baseline.rev`` (none when it did not exist or was
    not a valid journey then: everything is new)."""
    from ..baseline import count_findings
    from ..revisions import LOAD_ERRORS, GitFailed, from_revision

    try:
        report = from_revision(job.baseline.rev, file, job.options.config).report
    except (*LOAD_ERRORS, GitFailed):
        return count_findings([])
    return count_findings((repo_path, f) for f in report["findings"])


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
