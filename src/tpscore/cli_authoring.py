"""Commands that create or convert journey files: init, import, export, metrics.

Registered on the main typer app by :func:`register`, which cli.py calls with its shared error
handling (passed in: ``python -m tpscore.cli`` runs cli.py as ``__main__``, so importing it back here
would load a second copy). Thin: options and prompts here, the work in ``tpscore.commands`` and the core.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import List, Optional  # typer on Python 3.10 cannot read list[str] or X | None here

import typer

_shell: dict[str, Callable] = {}


def fail_usage(message: str) -> None:
    _shell["fail_usage"](message)


def can_prompt() -> bool:
    """Ask questions only when a person is at a terminal (scripts and CI pass flags or --yes)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def init_command(
    path: Optional[str] = typer.Argument(
        None, metavar="[PATH]", show_default=False,
        help="Journey file to write, or a folder for <journey id>.yaml in it. Default: <journey id>.yaml here."),
    name: Optional[str] = typer.Option(None, "--name", help="Journey name, e.g. 'Boiler repair'.", show_default=False),
    journey_id: Optional[str] = typer.Option(None, "--id", metavar="ID", show_default=False,
                                          help="Journey id (default: made from the name)."),
    persona: Optional[str] = typer.Option(None, "--persona", show_default=False,
                                       help="Who travels the journey, e.g. 'Homeowner with a broken boiler'."),
    stages: Optional[str] = typer.Option(None, "--stages", metavar="A,B,C", show_default=False,
                                      help="Ordered stages, comma-separated (default: discover,buy,use,support,"
                                           "follow-up)."),
    channels: Optional[str] = typer.Option(None, "--channels", metavar="A,B", show_default=False,
                                        help="Channels the journey uses, comma-separated (default: none listed)."),
    touchpoint: Optional[str] = typer.Option(None, "--touchpoint", metavar="NAME", show_default=False,
                                          help="Name of the first touchpoint (default: First contact)."),
    stage: Optional[str] = typer.Option(None, "--stage", show_default=False,
                                     help="The first touchpoint's stage (default: the first stage)."),
    channel: Optional[str] = typer.Option(None, "--channel", show_default=False,
                                       help="The first touchpoint's channel (default: the first channel)."),
    owner: Optional[str] = typer.Option(None, "--owner", show_default=False,
                                     help="The team that owns the first touchpoint."),
    audit: Optional[str] = typer.Option(None, "--audit", metavar="LABEL", show_default=False,
                                     help="Audit label, e.g. 2026-Q3 (diff and trend sort versions by it)."),
    profile: bool = typer.Option(False, "--profile",
                                 help="Also write a starter .tpscore.yaml (the built-in defaults) beside the journey."),
    schema: str = typer.Option(
        "installed", "--schema", metavar="REF",
        help="What the editor modeline on line 1 points at: installed (this tpscore's schema file, so your "
             "editor completes and checks the file), none (no modeline), or any path relative to the file or "
             "URL, e.g. a copy committed for the team with `tpscore schema journey > journey.schema.json`."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Ask nothing: take the flags given and defaults for the rest."),
) -> None:
    """Write a first journey file that validates, asking for its name, stages and first touchpoint
    on a terminal (flags answer instead; --yes asks nothing)."""
    from .commands.init import run_init
    from .scaffold import DEFAULT_STAGES, JourneyPlan, split_list

    interactive = not yes and can_prompt()
    if not interactive and not yes and name is None:
        fail_usage("no terminal to ask on: give --name (and other flags), or --yes for the defaults")
    if interactive:
        name = name or typer.prompt("Journey name", default="Customer journey")
        persona = persona if persona is not None else typer.prompt("Persona (who travels it)", default="",
                                                                   show_default=False)
        stages = stages or typer.prompt("Stages, in order", default=",".join(DEFAULT_STAGES))
        channels = channels if channels is not None else typer.prompt("Channels (optional)", default="",
                                                                      show_default=False)
        touchpoint = touchpoint or typer.prompt("First touchpoint", default="First contact")
        owner = owner if owner is not None else typer.prompt("Team that owns it (optional)", default="",
                                                             show_default=False)
    plan = JourneyPlan(name=name or "Customer journey", persona=persona or None,
                       stages=split_list(stages) if stages else list(DEFAULT_STAGES),
                       channels=split_list(channels or ""), touchpoint=touchpoint or "First contact",
                       stage=stage, channel=channel, owner=owner or None, audit=audit, journey_id=journey_id)
    raise typer.Exit(run_init(path, plan, _schema_ref(schema), profile, force))


import_app = typer.Typer(help="Convert other journey formats into tpscore journey files.", no_args_is_help=True)
export_app = typer.Typer(help="Convert a tpscore journey file into another format.", no_args_is_help=True)


def import_mermaid(
    path: str = typer.Argument(..., metavar="FILE.mmd", help="A Mermaid journey diagram (or - for stdin)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE",
                                      help="Write the journey to FILE (atomically) instead of standard output."),
    schema: str = typer.Option("installed", "--schema", metavar="REF",
                               help="What the editor modeline points at: installed (this tpscore's schema "
                                    "file), none, or any path relative to the file or URL."),
) -> None:
    """Convert a Mermaid journey diagram into a journey file: sections become stages, tasks
    touchpoints, the score 1..5 emotion -2..+2, the first actor the owner (all actors are kept)."""
    from .commands.mermaid import run_import

    raise typer.Exit(run_import(path, output, _schema_ref(schema)))


def export_mermaid(
    path: str = typer.Argument(..., metavar="FILE", help="A journey file (or - for stdin)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE",
                                      help="Write the diagram to FILE (atomically) instead of standard output."),
) -> None:
    """Write a journey as a Mermaid journey diagram: stages as sections, touchpoints as tasks scored
    emotion + 3 (1..5), the actors (else the owner) as actors."""
    from .commands.mermaid import run_export

    raise typer.Exit(run_export(path, output))


metrics_app = typer.Typer(help="Bring measured data (survey exports) into journey files.", no_args_is_help=True)


def metrics_merge(
    journey: str = typer.Argument(..., metavar="JOURNEY", help="The journey file to update."),
    data: str = typer.Argument(..., metavar="DATA.csv",
                               help="A CSV export (comma, semicolon or tab separated; - for stdin) with a header "
                                    "row: a touchpoint column (id or name) and any of csat, ces, nps, volume, "
                                    "drop_off, feedback (text), sentiment, count, source."),
    maps: List[str] = typer.Option(
        [], "--map", metavar="COLUMN=FIELD", show_default=False,
        help="Map a column whose header is not a field name, e.g. --map 'Satisfaction (0-5)=csat'; "
             "COLUMN=- skips it (repeatable). Every column must be mapped or skipped."),
    source: Optional[str] = typer.Option(None, "--source", metavar="TEXT",
                                      help="Where added feedback came from (e.g. 'Q3 survey'), unless a source "
                                           "column says."),
    write: bool = typer.Option(False, "--write", help="Write the merged journey (atomically) instead of showing "
                                                       "the diff. Comments, key order and layout are kept."),
) -> None:
    """Merge survey data (CSAT, CES, NPS, volumes, drop-off, verbatims) from a CSV into a journey:
    shows the change as a diff, writes it with --write. Unknown touchpoints, out-of-range values and
    unmapped columns are reported with their CSV line, and then nothing is written."""
    from .commands.metrics import run_merge

    raise typer.Exit(run_merge(journey, data, maps, source, write))


def _schema_ref(schema: str) -> Optional[str]:
    """--schema's value as the modeline target: installed, none, or taken as written. (tpscore's schemas
    are not published at a URL of their own; the installed copy is the one that matches this version.)"""
    if schema == "installed":
        from .schemas import schema_path

        return schema_path("journey").resolve().as_uri()
    return None if schema == "none" else schema


def register(app: typer.Typer, guarded: Callable, fail_usage: Callable) -> None:
    """Add the commands to ``app``; ``guarded`` wraps each (errors to exit codes), ``fail_usage``
    reports a usage error (exit 2)."""
    _shell["fail_usage"] = fail_usage
    app.command("init")(guarded(init_command))
    import_app.command("mermaid")(guarded(import_mermaid))
    export_app.command("mermaid")(guarded(export_mermaid))
    metrics_app.command("merge")(guarded(metrics_merge))
    app.add_typer(import_app, name="import")
    app.add_typer(metrics_app, name="metrics")
    app.add_typer(export_app, name="export")
    _add_examples(app)


def _add_examples(app: typer.Typer, prefix: str = "") -> None:
    """End every command's --help with its example (tpscore.cli_examples)."""
    from .cli_examples import epilog

    app.info.epilog = app.info.epilog or epilog(prefix)
    for info in app.registered_commands:
        name = info.name or info.callback.__name__.replace("_", "-")
        info.epilog = info.epilog or epilog(f"{prefix} {name}".strip())
    for group in app.registered_groups:
        path = f"{prefix} {group.name}".strip()
        group.epilog = group.epilog or epilog(path)
        _add_examples(group.typer_instance, path)
