"""The ``tpscore`` command line: a thin typer shell over the library.

Exit codes: see :mod:`tpscore.commands.output`. The ``--format`` choices, their help and ``--output``
extension inference come from the format tables in :mod:`tpscore.render.formats`.
Heavy modules (yaml, rich, jsonschema, tabulate) are imported inside the commands that use them.
"""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Callable
from typing import List, Optional  # typer on Python 3.10 cannot read list[str] in a signature (test_layering)

if __name__ == "__main__":  # ``python -m tpscore.cli --version`` answers before typer loads, like the console script
    from .entry import answer_version

    if answer_version(sys.argv[1:]):
        raise SystemExit(0)

import typer

from . import __version__
from .commands.output import EXIT_ERROR, EXIT_OK
from .console import terminal_safe
from .render.formats import AUDIT, DIFF, TREND, VALIDATE  # light: renderers are named, loaded on use

app = typer.Typer(
    name="tpscore",
    help="Validate, score, report and diff customer-journey files.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (README: Shell completion)
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tpscore {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback for internal errors."),
) -> None:
    """tpscore scores customer journeys: friction, coverage and the remembered experience,
    weighting the first, last and emotional moments more heavily."""
    _state["debug"] = debug


def guarded(command: Callable) -> Callable:
    """Turn unexpected exceptions into a one-line message and exit 2 (a traceback only with --debug)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (`| head`): not an error of ours. Silence the final flush.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_OK) from None
        except OSError as exc:
            typer.echo(f"tpscore: error: {terminal_safe(str(exc.strerror or exc))}", err=True)
            raise typer.Exit(EXIT_ERROR) from None
        except Exception as exc:
            if _state["debug"]:
                raise
            typer.echo(f"tpscore: internal error: {type(exc).__name__}: {terminal_safe(str(exc))} "
                       "(run with --debug for details)", err=True)
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper


def finite(value: Optional[float]) -> Optional[float]:
    """Option callback for every float option: ``nan`` passes click's range check (every comparison with it
    is false) and would silently disable a gate, so only finite numbers are accepted."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"needs a finite number, got {value}")
    return value


def fail_usage(message: str) -> None:
    typer.echo(f"tpscore: error: {terminal_safe(message)}", err=True)
    raise typer.Exit(EXIT_ERROR)


ValidateFormat, DiffFormat, TrendFormat = VALIDATE.choices(), DIFF.choices(), TREND.choices()


PATHS_HELP = "Journey files, directories (searched recursively for *.yaml, *.yml, *.json), globs, or - for stdin."
EXCLUDE_HELP = "Skip files whose path or any path component matches this glob (repeatable)."


@app.command()
@guarded
def validate(
    paths: List[str] = typer.Argument(..., help=PATHS_HELP, show_default=False, metavar="PATH..."),
    format: ValidateFormat = typer.Option(ValidateFormat("text"), "--format", "-f", help=VALIDATE.help() + "."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing for valid files."),
    exclude: List[str] = typer.Option([], "--exclude", help=EXCLUDE_HELP, show_default=False, metavar="GLOB"),
) -> None:
    """Check journey files against format v1 and report every problem as file:line:column."""
    from .commands.validate import run_validate

    raise typer.Exit(run_validate(paths, format.value, quiet, exclude))


def _check_formats(values: List[str]) -> List[str]:
    for value in values:
        if value not in AUDIT:
            raise typer.BadParameter(f"{value!r} is not one of: {', '.join(AUDIT)}")
    return values


@app.command()
@guarded
def audit(
    paths: List[str] = typer.Argument(..., help=PATHS_HELP, show_default=False, metavar="PATH..."),
    format: List[str] = typer.Option(
        [], "--format", "-f", metavar="FORMAT", callback=_check_formats, show_default=False,
        help="Report format, repeatable: " + AUDIT.help()
             + ". The Nth --format goes to the Nth --output; one format left over goes to stdout (put it last)."),
    output: List[str] = typer.Option(
        [], "--output", "-o", metavar="FILE", show_default=False,
        help="Write the matching --format to FILE (atomically). With no matching --format the format comes "
             f"from the extension ({' '.join(AUDIT.extensions())})."),
    config: Optional[str] = typer.Option(
        None, "--config", "-c", metavar="FILE",
        help="Profile file (.tpscore.yaml or pyproject.toml). Default: the nearest .tpscore.yaml or "
             "[tool.tpscore] found from each journey's folder upwards, else built-in defaults."),
    fail_on: str = typer.Option("error", "--fail-on", metavar="SEVERITY",
                                help="Exit 1 when a finding at or above this severity exists: error, warning, "
                                     "info or never."),
    fail_under: List[str] = typer.Option(
        [], "--fail-under", metavar="SCORE=N", show_default=False,
        help="Exit 1 when a journey's score is below N, e.g. coverage=80 or experience=60 (repeatable)."),
    max_friction: Optional[float] = typer.Option(None, "--max-friction", metavar="N", min=0, max=100,
                                                 callback=finite, help="Exit 1 when a journey's friction is above N."),
    select: List[str] = typer.Option([], "--select", metavar="CODE", show_default=False,
                                     help="Run only these rule codes or prefixes (repeatable; overrides the profile)."),
    ignore: List[str] = typer.Option([], "--ignore", metavar="CODE", show_default=False,
                                     help="Do not run these rule codes or prefixes (repeatable; adds to the profile)."),
    exclude: List[str] = typer.Option([], "--exclude", help=EXCLUDE_HELP, show_default=False, metavar="GLOB"),
    statistics: bool = typer.Option(False, "--statistics", help="Also print the number of findings per rule."),
    top: int = typer.Option(3, "--top", metavar="N", min=0, max=1000,
                            help="How many ranked fixes (re-scored gain ÷ effort) the human formats "
                                 "show after the scores; 0 hides them. JSON always carries the full ranking."),
    max_bytes: Optional[int] = typer.Option(
        None, "--max-bytes", metavar="N", min=0,
        help="Keep Markdown reports under N bytes, ending with a note of what was left out and which files hold "
             "the full report (0: no limit). Default: what GitHub's job summary holds (1 MiB, or what is left of "
             "it when writing to $GITHUB_STEP_SUMMARY); use 65000 for a pull-request comment."),
    baseline: Optional[str] = typer.Option(
        None, "--baseline", metavar="FILE|git:REV",
        help="Report the findings this baseline knows as known (SARIF suppressions, JUnit skipped) and gate only on "
             "new ones; FILE from --write-baseline, or git:REV to compare with the journeys as they were in a "
             "revision (git:origin/main). Baseline entries no longer found are listed on standard error."),
    write_baseline: Optional[str] = typer.Option(
        None, "--write-baseline", metavar="FILE",
        help="Record today's findings in FILE (JSON, by repository-relative file and a line-independent key, with "
             "counts), for --baseline."),
    inline_ignore: bool = typer.Option(
        True, "--inline-ignore/--no-inline-ignore",
        help="Honour the journeys' own `ignore:` entries (default); --no-inline-ignore reports every finding, for "
             "reviewing what has been silenced."),
    append: bool = typer.Option(
        False, "--append",
        help="Append Markdown reports to their --output files instead of replacing them. $GITHUB_STEP_SUMMARY is "
             "always appended to, as GitHub expects."),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", metavar="N", min=1, show_default=False,
        help="Audit files on N processes (default: the number of CPUs this process may use; 1 audits them one "
             "after another in this process). The output is the same, in the same order."),
) -> None:
    """Score journeys and report friction, coverage, remembered experience, the fixes that would gain most,
    and findings."""
    from .commands.audit import AuditOptions, Baselines, Delivery, UsageError, run_audit
    from .gates import FAIL_ON, Gates, parse_fail_under
    from .parallel import usable_cpus
    from .rules import check_code_prefixes

    fail_on = fail_on.lower()
    if fail_on not in FAIL_ON:
        fail_usage(f"--fail-on must be one of {', '.join(FAIL_ON)}, got {fail_on!r}")
    if max_friction is not None and not math.isfinite(max_friction):
        fail_usage("--max-friction needs a number from 0 to 100")
    try:
        gates = Gates(parse_fail_under(fail_under), max_friction, fail_on)
        selected = check_code_prefixes([c.upper() for c in select], "--select")
        ignored = check_code_prefixes([c.upper() for c in ignore], "--ignore")
    except ValueError as exc:
        fail_usage(str(exc))
    options = AuditOptions(config, selected, ignored, tuple(exclude), inline_ignore)
    try:
        code = run_audit(paths, format, output, options, gates, statistics, top, Delivery(max_bytes, append),
                         jobs or usable_cpus(), Baselines(baseline, write_baseline))
    except UsageError as exc:
        fail_usage(str(exc))
    raise typer.Exit(code)


@app.command()
@guarded
def explain(
    path: str = typer.Argument(..., help="One journey file (or - for stdin).", metavar="FILE"),
    touchpoint: Optional[str] = typer.Option(None, "--touchpoint", "-t", metavar="ID",
                                             help="Explain only this touchpoint's friction and weight."),
    config: Optional[str] = typer.Option(None, "--config", "-c", metavar="FILE",
                                         help="Profile file (default: discovered as for audit)."),
    opportunity: Optional[str] = typer.Option(
        None, "--opportunity", "-O", metavar="ID",
        help="Derive one ranked opportunity's gain step by step: the fix, the re-score, the gain, the reach "
             "and the priority (ids as in the audit's top fixes, e.g. fix:invoice or add:win)."),
) -> None:
    """Show how every number was computed, step by step with the real values."""
    from .commands.explain import run_explain

    if touchpoint is not None and opportunity is not None:
        fail_usage("give --touchpoint or --opportunity, not both")
    raise typer.Exit(run_explain(path, touchpoint, config, opportunity))


@app.command("rules")
@guarded
def rules_command(
    format: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help="text or json."),
) -> None:
    """List every rule: code, name, default severity and what it finds."""
    from .commands.rules import run_rules

    raise typer.Exit(run_rules(format))


@app.command("rule")
@guarded
def rule_command(code: str = typer.Argument(..., help="Rule code (TP006) or name (last-touch-friction).",
                                            metavar="CODE")) -> None:
    """Print a rule's documentation: what it finds, why it matters, an example and the fix."""
    from .commands.rules import run_rule

    raise typer.Exit(run_rule(code))


@app.command("schema")
@guarded
def schema_command(
    name: str = typer.Argument("journey", metavar="NAME",
                               help="journey, config, report, diff, trend or validate."),
    path: bool = typer.Option(False, "--path", help="Print where the installed schema file is instead of its text."),
) -> None:
    """Print a JSON Schema tpscore uses (for editors and other tools), or its path."""
    from .schemas import SCHEMA_NAMES, schema_path

    if name not in SCHEMA_NAMES:
        fail_usage(f"no schema {name!r}; choose one of {', '.join(SCHEMA_NAMES)}")
    location = schema_path(name)
    typer.echo(str(location) if path else location.read_text(encoding="utf-8").rstrip("\n"))


VERSION_HELP = ("a journey file, a JSON report of one journey (tpscore audit --format json), or REV:path for the "
                "file in a git revision (HEAD~1:journeys/returns.yaml, v2026.2:journeys/returns.yaml).")
# Shared by diff and trend (typer reads these option declarations; it does not change them).
OUTPUT_OPTION = typer.Option([], "--output", "-o", metavar="FILE", show_default=False,
                             help="Write to FILE (atomically) instead of standard output (- is standard output). "
                                  "Give it once.")


def one_output(outputs: List[str]) -> Optional[str]:
    """The --output of diff and trend; given twice, a usage error (exit 2), as for audit."""
    from .outputs import single_output

    try:
        return single_output(outputs)
    except ValueError as exc:
        fail_usage(str(exc))
        raise  # fail_usage exits; this keeps type checkers from expecting a fall-through
VERSION_CONFIG_OPTION = typer.Option(None, "--config", "-c", metavar="FILE",
                                     help="Profile file for journey versions (default: discovered as for audit).")


@app.command("diff")
@guarded
def diff_command(
    old: str = typer.Argument(..., metavar="OLD", help="The earlier version: " + VERSION_HELP),
    new: Optional[str] = typer.Argument(None, metavar="[NEW]",
                                        help="The later version: " + VERSION_HELP + " Omit it with --since."),
    since: Optional[str] = typer.Option(
        None, "--since", metavar="REV",
        help="Compare the file OLD as it is now with the same file in git revision REV (a commit, tag or branch)."),
    format: DiffFormat = typer.Option(DiffFormat("rich"), "--format", "-f", help=DIFF.help() + "."),
    output: List[str] = OUTPUT_OPTION,
    fail_on_regression: bool = typer.Option(
        False, "--fail-on-regression",
        help="Exit 1 when friction rose, coverage or experience fell (by more than --tolerance), or a new error "
             "finding appeared; each regression is named on standard error."),
    tolerance: float = typer.Option(0.0, "--tolerance", metavar="N", min=0, max=100, callback=finite,
                                    help="Score points a score may move the wrong way before it is a regression."),
    force: bool = typer.Option(False, "--force",
                               help="Compare even when the two versions are different journeys (journey.id)."),
    config: Optional[str] = VERSION_CONFIG_OPTION,
) -> None:
    """Show what changed between two audit versions of a journey, and whether it got better."""
    from .commands.diff import DiffOptions, run_diff

    options = DiffOptions(since, format.value, one_output(output), fail_on_regression, tolerance, force, config)
    raise typer.Exit(run_diff(old, new, options))


@app.command("trend")
@guarded
def trend_command(
    files: Optional[List[str]] = typer.Argument(
        None, metavar="[FILE]...", show_default=False,
        help="Audit versions of one journey (files, JSON reports or REV:path), ordered by their journey.audit "
             "label, else the commit date of a REV:path, else the name given (never a file's modification time)."),
    git_path: Optional[str] = typer.Option(
        None, "--git", metavar="PATH",
        help="Instead of files: every commit that changed this journey file, oldest first."),
    format: TrendFormat = typer.Option(TrendFormat("rich"), "--format", "-f", help=TREND.help() + "."),
    output: List[str] = OUTPUT_OPTION,
    config: Optional[str] = VERSION_CONFIG_OPTION,
    force: bool = typer.Option(False, "--force", help="Follow versions even when their journey ids differ."),
) -> None:
    """Follow each score of one journey across its audit versions, with the biggest movers."""
    from .commands.trend import run_trend

    raise typer.Exit(run_trend(list(files or []), git_path, format.value, one_output(output), config, force))


# init, import, export and metrics live in their own module, with the error handling from here.
from .cli_authoring import register as _register_authoring  # noqa: E402

_register_authoring(app, guarded, fail_usage)


def run() -> None:
    """Run the command line (:func:`tpscore.entry.main` is the console script; ``python -m tpscore.cli`` too)."""
    import gc

    from .entry import install_signal_handlers

    install_signal_handlers()

    # A journey load allocates hundreds of thousands of acyclic objects; with the default gen-0
    # threshold (700) the cycle collector rescans the growing heap over and over and takes half the
    # load time. A short-lived CLI collects far less often at no cost in peak memory (bench/compare.sh).
    gc.set_threshold(100_000, 50, 100)
    app()


if __name__ == "__main__":  # pragma: no cover
    run()
