"""``tpscore audit``: validate, score and report many journeys; evaluate CI gates."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..auditrun import AuditRun
from ..gates import Gates
from ..outputs import clobbered
from ..parallel import WorkerCrashed
from ..profile import ProfileError
from ..source import InputError
from .audit_job import AuditOptions, BaselineSource, Job, audit_file, preload
from .output import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_OK,
    Printer,
    file_safe,
    is_step_summary,
    profile_sources,
    room_in,
    stdout_writer,
    warn,
    write_output,
    write_stdout,
)

if TYPE_CHECKING:
    from ..validate import Validation


class UsageError(Exception):
    """Bad combination of options (exit code 2)."""


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


def _validation(paths: list[str], options: AuditOptions, printer: Printer) -> Validation:
    """The files to audit; missing ones and folders left out are reported now."""
    from ..validate import Validation

    return Validation(paths, options.exclude, printer.error, printer.note)


def _audit_files(validation: Validation, job: Job, printer: Printer, run: AuditRun, streams: list, progress: bool,
                 jobs: int, keys: list | None = None) -> None:
    """Audit the files in order (on up to ``jobs`` processes), adding each to ``run`` and writing its
    texts to ``streams`` as it comes; each finding's baseline key goes to ``keys`` (--write-baseline)."""
    from contextlib import closing
    from functools import partial

    from ..parallel import ordered_map

    run.errors = validation.errors
    files = validation.files
    if "-" in files:
        jobs = 1  # standard input belongs to this process
    if jobs > 1 and len(files) > 1:
        preload(job)
    with closing(ordered_map(partial(audit_file, job), files, jobs)) as outcomes:
        for outcome in _progress(outcomes, progress, len(files)):
            if outcome.error is not None:
                printer.error(outcome.error)
                run.errors.append(outcome.error)
            elif outcome.skipped is not None:
                printer.note(outcome.skipped)
            elif outcome.profile_problems:
                raise ProfileError(outcome.profile_problems)
            elif outcome.invalid is not None:
                run.invalid.append(outcome.invalid)
            else:
                run.reports.append(outcome.report)
                run.stale_baseline += outcome.stale
                if keys is not None:
                    keys += outcome.keys
                for stream, text in zip(streams, outcome.texts):
                    stream.journey(text)


def _inputs(run: AuditRun, options: AuditOptions, files: list[str]) -> list[str | None]:
    """Every file the run reads: journeys (valid, invalid or unreadable) and profiles."""
    return [*files, *profile_sources(run.reports), options.config]


class _Clobbered(Exception):
    """An output would replace an input: nothing is written to files (exit code 2)."""


def _progress(items: Iterator, enabled: bool, total: int) -> Iterator:
    """``items`` with a progress bar on a terminal's standard error; what is written to standard
    output meanwhile appears above the bar when both are the terminal."""
    if not enabled or total < 5 or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True, redirect_stdout=sys.stdout.isatty()) as bar:
        task = bar.add_task("Auditing", total=total)
        for item in items:
            yield item
            bar.advance(task)


class _Output:
    """One output written journey by journey, to standard output or atomically to a file. A file that
    cannot be written is named once on standard error and left as it was; the run goes on."""

    def __init__(self, fmt: str, path: str | None, color: bool, width: int | None, files: int,
                 printer: Printer) -> None:
        from ..render.stream import open_stream

        self.fmt, self.path, self.color, self.printer, self.failed = fmt, path, color, printer, False
        self.stream = open_stream(fmt, self._write, color, width, files)
        self._context = self._put = None

    def __enter__(self) -> _Output:
        from ..atomic import atomic_writer

        self._context = stdout_writer(self.fmt, self.color) if self.path is None else atomic_writer(self.path)
        try:
            put = self._context.__enter__()
            clean = file_safe(self.fmt) if self.path is not None else None
            self._put = put if clean is None else (lambda text: put(clean(text)))
        except OSError as exc:
            self._fail(exc)
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self._put is None:
            return
        if error is None and not self.failed:
            try:
                self._context.__exit__(None, None, None)  # a new file replaces the old one
            except OSError as exc:
                self._fail(exc)
            return
        self._context.__exit__(kind or OSError, error or OSError(), trace)  # drops a temporary file

    def _fail(self, exc: OSError) -> None:
        self.printer.error(f"cannot write {self.path}: {exc.strerror or exc}")
        self.failed = True

    def _write(self, text: str) -> None:
        if self.failed:
            return
        try:
            self._put(text)
        except OSError as exc:
            if self.path is None:
                raise  # standard output: a closed pipe or a full disk is the command's error
            self._fail(exc)


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


@dataclass(frozen=True)
class Baselines:
    """``--baseline FILE|git:REV`` (known findings are reported as such and fail nothing) and
    ``--write-baseline FILE`` (record today's findings)."""

    read: str | None = None
    write: str | None = None


def baseline_source(spec: str) -> BaselineSource:
    """What ``--baseline`` names: a baseline file, or ``git:REV`` (the journeys as they were in REV).
    Raises UsageError when it cannot be read."""
    import json

    from ..baseline import BaselineError, read_baseline

    if spec.startswith("git:"):
        from ..revisions import GitFailed, LoadError, locate, resolve_commit

        rev = spec[4:]
        try:
            top, _ = locate(os.path.join(os.getcwd(), "any-file"))  # the repository of the working directory
            resolve_commit(top, rev)
        except (LoadError, GitFailed) as exc:
            raise UsageError(f"--baseline {spec}: {exc}") from None
        return BaselineSource(spec, rev=rev)
    try:
        with open(spec, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise UsageError(f"--baseline {spec}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise UsageError(f"--baseline {spec}: not JSON ({exc})") from None
    try:
        return BaselineSource(spec, counts=read_baseline(data, spec))
    except BaselineError as exc:
        raise UsageError(str(exc)) from None


def _write_baseline(path: str, keys: list, printer: Printer) -> int:
    from collections import Counter

    from ..atomic import write_atomic
    from ..baseline import baseline_document
    from ..render.json_report import dumps

    counts = Counter(key for key, _ in keys)
    messages: dict = {}
    for key, message in keys:
        messages.setdefault(key, message)
    try:
        write_atomic(path, dumps(baseline_document(counts, messages)))
    except OSError as exc:
        printer.error(f"cannot write {path}: {exc.strerror or exc}")
        return EXIT_ERROR
    printer.note(f"wrote the baseline {path}: {len(keys)} finding{'s' * (len(keys) != 1)}")
    return EXIT_OK


def _report_stale(run: AuditRun, label: str) -> None:
    for entry in run.stale_baseline:
        about = entry["touchpoint"] or entry["stage"] or entry["path"]
        times = f" ×{entry['count']}" if entry["count"] > 1 else ""
        warn(f"{entry['file']}: {entry['code']} on {about}{times} is in the baseline {label} but no longer found "
             "(fixed, or the journey changed): refresh the baseline with --write-baseline", "stale")


def run_audit(paths: list[str], formats: list[str], outputs: list[str], options: AuditOptions, gates: Gates,
              statistics: bool, top: int = 3, delivery: Delivery = Delivery(), jobs: int = 1,
              baselines: Baselines = Baselines()) -> int:
    from ..render.stream import by_journey

    printer = Printer()
    plan = plan_outputs(formats, outputs)
    known = baseline_source(baselines.read) if baselines.read else None
    # Written journey by journey where the format allows (each journey rendered by a worker); a second
    # output to stdout (GitHub annotations after the terminal report) waits and renders the whole run.
    first_stdout = next((output for output in plan if output[1] is None), None)
    streamed = [(fmt, path) for fmt, path in plan
                if by_journey(fmt) and (path is not None or (fmt, path) == first_stdout)]
    whole = [output for output in plan if output not in streamed]
    width = None
    if any(fmt == "rich" for fmt, _path in streamed):
        from ..render.terminal import _width

        width = _width()
    specs = [(fmt, path, printer.color and fmt == "rich" and path is None) for fmt, path in streamed]
    validation = _validation(paths, options, printer)
    files = len(validation.files)
    job = Job(options, tuple((fmt, color, width) for fmt, _path, color in specs), level=0 if files == 1 else 2,
              full=bool(whole), top=top, baseline=known, count_findings=bool(baselines.write))
    keys: list | None = [] if baselines.write else None
    sinks = [_Output(fmt, path, color, width, files, printer) for fmt, path, color in specs]
    run = AuditRun(top=top)
    run.elsewhere = tuple(path for fmt, path in plan if path is not None and fmt != "github")
    outputs = [path for _, path in plan]
    clash = clobbered(outputs, _inputs(run, options, validation.files))
    if clash:
        printer.error(clash)
        return EXIT_ERROR
    try:
        with ExitStack() as stack:
            for sink in sinks:
                stack.enter_context(sink)
            _audit_files(validation, job, printer, run, [sink.stream for sink in sinks], True, jobs, keys)
            clash = clobbered(outputs, _inputs(run, options, validation.files))  # profiles are known now
            if clash:
                raise _Clobbered(clash)
            run.apply_gates(gates)
            for sink in sinks:
                sink.stream.finish(run)
    except _Clobbered as exc:
        printer.error(str(exc))
        return EXIT_ERROR
    except ProfileError as exc:
        return printer.profile_error(exc)
    except InputError as exc:
        printer.error(str(exc))
        return EXIT_ERROR
    except WorkerCrashed as exc:
        printer.error(f"a worker process stopped unexpectedly while auditing {exc.item} or a file after it; "
                      "run with --jobs 1 to find the file")
        return EXIT_ERROR
    status = EXIT_ERROR if run.errors or any(sink.failed for sink in sinks) else EXIT_OK
    if known is not None:
        _report_stale(run, known.label)
    if baselines.write:
        status = max(status, _write_baseline(baselines.write, keys or [], printer))
    written = [sink.path for sink in sinks if sink.path is not None and not sink.failed]
    for fmt, path in whole:
        color = printer.color and fmt == "rich" and path is None
        chunks = report_chunks(fmt, run, path, delivery, color)
        wrote = write_output(chunks, path, printer, fmt, color, delivery.append and fmt == "markdown")
        status = max(status, wrote)
        if path is not None and wrote == EXIT_OK:
            written.append(path)
    if not any(fmt in ("rich", "table") and path is None for fmt, path in plan):
        for gate in run.failed_gates():  # machine output went to stdout or files: name the gate on stderr
            warn(f"{gate['gate']}: {gate['detail']}", "gate failed")
    if written and (run.failed_gates() or run.invalid):  # a failing exit must not read as "not written"
        printer.note(f"wrote {', '.join(written)}; the exit code is {EXIT_FAILED} because "
                     f"{'a gate failed' if run.failed_gates() else 'some files are invalid'}, not because of the "
                     f"report{'s' * (len(written) != 1)}")
    if statistics:
        from ..render.summary import statistics_table

        rows = statistics_table(run)
        write_stdout(["\n".join(["Findings per rule:", *rows] if rows else ["no findings"]) + "\n"], "table")
    failed = bool(run.invalid) or bool(run.failed_gates())
    return max(status, EXIT_FAILED if failed else EXIT_OK)
