"""The ``tpscore`` command line: a thin typer shell over the library.

Exit codes (like ruff): 0 clean, 1 findings / invalid input / gate failed, 2 usage or I/O error.
Heavy modules (yaml, rich, jsonschema, tabulate) are imported inside the commands that use them.
"""

from __future__ import annotations

import enum
import functools
import sys
from typing import Callable, List, Optional

import typer

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="tpscore",
    help="Validate, score, report and diff customer-journey files.",
    no_args_is_help=True,
    add_completion=False,
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
            sys.stderr.close()
            raise typer.Exit(EXIT_ERROR) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence before the user
            if _state["debug"]:
                raise
            typer.echo(f"tpscore: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                       err=True)
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper


def fail_usage(message: str) -> None:
    typer.echo(f"tpscore: error: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


class ProblemFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"


PATHS_HELP = "Journey files, directories (searched recursively for *.yaml, *.yml, *.json), globs, or - for stdin."
EXCLUDE_HELP = "Skip files whose path or any path component matches this glob (repeatable)."


@app.command()
@guarded
def validate(
    paths: List[str] = typer.Argument(..., help=PATHS_HELP, show_default=False, metavar="PATH..."),
    format: ProblemFormat = typer.Option(
        ProblemFormat.text, "--format", "-f",
        help="text: one line per problem (colour on a terminal); json: a list for tools; "
             "github: GitHub Actions annotations."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing for valid files."),
    exclude: List[str] = typer.Option([], "--exclude", help=EXCLUDE_HELP, show_default=False, metavar="GLOB"),
) -> None:
    """Check journey files against format v1 and report every problem as file:line:column."""
    from .commands.validate import run_validate

    raise typer.Exit(run_validate(paths, format.value, quiet, exclude))


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    run()
