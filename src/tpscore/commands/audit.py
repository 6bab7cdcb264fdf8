"""``tpscore audit``: validate, score and report many journeys; evaluate CI gates."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from ..auditrun import AuditRun
from ..gates import Gates
from ..outputs import clobbered
from ..profile import Profile, ProfileError, resolve_profile
from ..source import InputError
from .output import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_OK,
    Printer,
    is_step_summary,
    profile_sources,
    room_in,
    write_output,
    write_stdout,
)


class UsageError(Exception):
    """Bad combination of options (exit code 2)."""


@dataclass(frozen=True)
class AuditOptions:
    config: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


def plan_outputs(formats: list[str], outputs: list[str]) -> list[tuple[str, str | None]]:
    """Pair formats with output files by position; an output with no format takes it from its
    extension; formats left over go to stdout (only one may). ``-o -`` is standard output too."""
    from ..outputs import output_path
    from ..render.formats import AUDIT

    plan: list[tuple[str, str | None]] = []
    for index, path in enumerate(outputs):
        if index < len(formats):
            plan.append((formats[index], output_path(path)))
            continue
        fmt = "rich" if output_path(path) is None else AUDIT.for_path(path)
        if fmt is None:
            raise UsageError(f"cannot tell the format of --output {path}; give a --format for it")
        plan.append((fmt, output_path(path)))
    to_stdout = formats[len(outputs):]
    if len(to_stdout) + sum(path is None for _, path in plan) > 1:
        raise UsageError("only one --format can go to standard output; pair the others with --output FILE")
    if to_stdout or not outputs:
        plan.append((to_stdout[0] if to_stdout else "rich", None))
    twice = clobbered([path for _, path in plan], [])
    if twice:
        raise UsageError(twice)
    if not formats and not outputs and os.environ.get("GITHUB_ACTIONS") == "true":
        plan.append(("github", None))  # the runner turns these into annotations and hides the lines
    return plan


def _profile_for(file: str, options: AuditOptions) -> Profile:
    profile = resolve_profile(options.config, file)
    changes = {}
    if options.select:
        changes["select"] = options.select
    if options.ignore:
        changes["ignore"] = tuple(profile.ignore) + options.ignore
    return profile.with_overrides(**changes) if changes else profile


def collect(paths: list[str], options: AuditOptions, printer: Printer, progress: bool = False) -> AuditRun:
    """Validate and score every discovered file, reporting unreadable files as they come."""
    from ..auditrun import audit_results
    from ..validate import Validation

    validation = Validation(paths, options.exclude, printer.error, printer.note)
    run = audit_results(_progress(validation, progress, len(validation.files)),
                        lambda file: _profile_for(file, options))
    run.errors = validation.errors
    return run


def _inputs(run: AuditRun, options: AuditOptions) -> list[str | None]:
    """Every file the run read: journeys (valid or not) and profiles."""
    journeys = [report["journey"]["file"] for report in run.reports] + [item["file"] for item in run.invalid]
    return [*journeys, *profile_sources(run.reports), options.config]


def _progress(items: Iterable, enabled: bool, total: int) -> Iterable:
    if not enabled or total < 5 or not sys.stderr.isatty():
        return items
    from rich.progress import track

    return track(items, total=total, description="Auditing", transient=True, console=_stderr_console())


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@dataclass(frozen=True)
class Delivery:
    """How reports are written: the Markdown size budget (None: as much as the step summary holds, 0: no
    limit) and whether files are appended to."""

    max_bytes: int | None = None
    append: bool = False


def markdown_budget(max_bytes: int | None, path: str | None) -> int | None:
    """The byte budget of a Markdown report: ``--max-bytes`` when given (0: none), else what fits in GitHub's
    job summary: the room left in it when appending there, the whole of it otherwise."""
    from ..render.budget import STEP_SUMMARY_LIMIT

    if max_bytes is not None:
        return max_bytes or None
    return room_in(path, STEP_SUMMARY_LIMIT) if is_step_summary(path) else STEP_SUMMARY_LIMIT


def report_chunks(fmt: str, run: AuditRun, path: str | None, delivery: Delivery, color: bool = False):
    """The report in format ``fmt`` for ``path``; Markdown kept under its budget, naming the run's other
    files as the full report."""
    from ..render.formats import AUDIT

    chunks = AUDIT.chunks(fmt, run, color=color)
    if fmt != "markdown":
        return chunks
    from ..render.budget import fit_markdown
    from ..render.markdown import md

    elsewhere = [md(other) for other in run.elsewhere if other != path]
    return [fit_markdown("".join(chunks), markdown_budget(delivery.max_bytes, path), elsewhere)]


def run_audit(paths: list[str], formats: list[str], outputs: list[str], options: AuditOptions, gates: Gates,
              statistics: bool, top: int = 3, delivery: Delivery = Delivery()) -> int:
    printer = Printer()
    plan = plan_outputs(formats, outputs)
    try:
        run = collect(paths, options, printer, progress=True)
    except ProfileError as exc:
        return printer.profile_error(exc)
    except InputError as exc:
        printer.error(str(exc))
        return EXIT_ERROR
    clash = clobbered([path for _, path in plan], _inputs(run, options))
    if clash:
        printer.error(clash)
        return EXIT_ERROR
    status = EXIT_ERROR if run.errors else EXIT_OK
    run.apply_gates(gates)
    run.top = top
    run.elsewhere = tuple(path for fmt, path in plan if path is not None and fmt != "github")
    for fmt, path in plan:
        color = printer.color and fmt == "rich" and path is None
        chunks = report_chunks(fmt, run, path, delivery, color)
        status = max(status, write_output(chunks, path, printer, fmt, color, delivery.append and fmt == "markdown"))
    if not any(fmt in ("rich", "table") and path is None for fmt, path in plan):
        for gate in run.failed_gates():  # machine output went to stdout or files: name the gate on stderr
            printer.error(f"gate failed: {gate['gate']}: {gate['detail']}")
    if statistics:
        from ..render.summary import statistics_table

        rows = statistics_table(run)
        write_stdout(["\n".join(["Findings per rule:", *rows] if rows else ["no findings"]) + "\n"], "table")
    failed = bool(run.invalid) or bool(run.failed_gates())
    return max(status, EXIT_FAILED if failed else EXIT_OK)
