"""The output formats of every command, one table per command family.

Each row names a format, its renderer, its ``--help`` text, the file extensions that imply it, whether
it streams, and how user text is made safe in it. The CLI generates the ``--format`` choices, their help
and ``--output`` extension inference from these tables, so adding a format is one renderer module plus
one row here. Renderers are named, not imported: this module stays cheap for ``tpscore --help``.
"""

from __future__ import annotations

import dataclasses
import enum
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from ..console import one_line_safe, replace_controls  # light (no third-party imports): imported once


class Safety(enum.Enum):
    """How journey text is kept from doing harm in a format."""

    #: The format's own encoder escapes user text (JSON strings, XML and HTML entities).
    ENCODER = "encoder"
    #: Terminal control characters in user text are replaced with U+FFFD before rendering
    #: (:func:`tpscore.console.replace_controls`), so styling added later is the only escape sequence; the
    #: format escapes line breaks itself (GitHub's ``%0A``).
    REPLACE_CONTROLS = "replace-controls"
    #: The human formats: as REPLACE_CONTROLS, and a line break in user text becomes a space
    #: (:func:`tpscore.console.one_line_safe`), so every line break in the output is the renderer's own.
    ONE_LINE = "one-line"


@dataclass(frozen=True)
class OutputFormat:
    name: str
    help: str
    #: ``module:function`` under ``tpscore.render``, called as ``function(data, color=False)``; it returns the
    #: text, or (``streams``) an iterable of pieces. None: the command writes this format itself as it goes.
    renderer: str | None
    safety: Safety = Safety.ONE_LINE
    extensions: tuple[str, ...] = ()
    #: The renderer yields the text in pieces, so a large report is written without one big string.
    streams: bool = False
    #: The renderer's module also writes a run journey by journey (``journey_text``, ``separator`` and
    #: ``tail_text``; see render/stream.py): ``tpscore audit`` streams it and renders journeys in its workers.
    by_journey: bool = False

    @property
    def module(self) -> str:
        return (self.renderer or "").partition(":")[0]

    def load(self) -> Callable[..., Any]:
        if self.renderer is None:
            raise ValueError(f"format {self.name!r} is written by its command, not rendered")
        module, _, function = self.renderer.partition(":")
        return getattr(import_module(f"{__package__}.{module}"), function)


class FormatTable:
    """The formats of one command family, in the order ``--help`` lists them."""

    def __init__(self, *formats: OutputFormat) -> None:
        self.formats = {f.name: f for f in formats}

    def __getitem__(self, name: str) -> OutputFormat:
        return self.formats[name]

    def __contains__(self, name: object) -> bool:
        return name in self.formats

    def __iter__(self) -> Iterator[str]:
        return iter(self.formats)

    def help(self) -> str:
        """``name: what it is; ...`` for the ``--format`` option."""
        return "; ".join(f"{f.name}: {f.help}" for f in self.formats.values())

    def extensions(self) -> list[str]:
        return [ext for f in self.formats.values() for ext in f.extensions]

    def for_path(self, path: str) -> str | None:
        """The format a file name implies by its extension (``report.sarif`` → ``sarif``), if any."""
        ext = os.path.splitext(path)[1].lower()
        return next((f.name for f in self.formats.values() if ext in f.extensions), None)

    def choices(self) -> type[enum.Enum]:
        """The names as a str enum, for typer to list and check as ``--format`` choices."""
        return enum.Enum("Format", [(name, name) for name in self.formats], type=str)  # type: ignore[return-value]

    def chunks(self, name: str, data: Any, color: bool = False) -> Iterable[str]:
        """``data`` in format ``name`` as pieces of text; text ends with a newline (nothing stays nothing)."""
        fmt = self.formats[name]
        data = made_safe(data, fmt.safety)
        out = fmt.load()(data, color=color)
        if fmt.streams:
            return out
        return [out if not out or out.endswith("\n") else out + "\n"]

    def render(self, name: str, data: Any, color: bool = False) -> str:
        """``data`` in format ``name`` as one string ending with a newline."""
        return "".join(self.chunks(name, data, color))


def made_safe(data: Any, safety: Safety) -> Any:
    """``data`` as a format with this ``safety`` may show it (its encoder does the rest)."""
    if safety is Safety.ENCODER:
        return data
    return replaced_controls(data, clean=one_line_safe if safety is Safety.ONE_LINE else replace_controls)


def replaced_controls(value: Any, _copies: dict[int, Any] | None = None,
                      clean: Callable[[str], str] = replace_controls) -> Any:
    """A copy of ``value`` (strings, lists, dicts, dataclasses of them) with each string ``clean``-ed
    (control characters replaced). What ``value`` shares stays shared in the copy (the findings a directory
    run keeps for its summary are a few dictionaries shared by thousands of journeys)."""
    if isinstance(value, str):
        return clean(value)
    if not isinstance(value, (list, tuple, dict)) and not (dataclasses.is_dataclass(value)
                                                          and not isinstance(value, type)):
        return value
    copies = {} if _copies is None else _copies
    done = copies.get(id(value))
    if done is not None:
        return done
    if isinstance(value, (list, tuple)):
        copy = type(value)(replaced_controls(item, copies, clean) for item in value)
    elif isinstance(value, dict):
        copy = {replaced_controls(key, copies, clean): replaced_controls(item, copies, clean)
                for key, item in value.items()}
    else:
        copy = dataclasses.replace(value, **{f.name: replaced_controls(getattr(value, f.name), copies, clean)
                                             for f in dataclasses.fields(value) if f.init})
    copies[id(value)] = copy
    return copy


#: ``tpscore audit``: renderers take an :class:`~tpscore.auditrun.AuditRun`.
AUDIT = FormatTable(
    OutputFormat("rich", "the terminal report (default; colour only on a terminal; inside GitHub Actions also "
                 "annotations)", "terminal:render", by_journey=True),
    OutputFormat("table", "plain tables for logs (tabulate)", "table:render", extensions=(".txt",), by_journey=True),
    OutputFormat("json", "the report contract (schemas/report.schema.json)", "json_report:chunks",
                 Safety.ENCODER, (".json",), streams=True, by_journey=True),
    OutputFormat("markdown", "GitHub-flavoured Markdown for pull-request comments and $GITHUB_STEP_SUMMARY",
                 "markdown:render", extensions=(".md", ".markdown")),
    OutputFormat("html", "one self-contained HTML page with inline SVG charts (no scripts, no network)",
                 "html:render", Safety.ENCODER, (".html", ".htm")),
    OutputFormat("sarif", "SARIF 2.1.0 for code-scanning UIs", "sarif:render", Safety.ENCODER, (".sarif",)),
    OutputFormat("junit", "JUnit XML for GitLab, Jenkins and other CI test reports", "junit:render",
                 Safety.ENCODER, (".xml",)),
    OutputFormat("codeclimate", "GitLab Code Quality (Code Climate JSON) for merge-request widgets",
                 "codeclimate:render", Safety.ENCODER),
    OutputFormat("github", "GitHub Actions workflow commands (annotations on the journey files)", "github:render",
                 Safety.REPLACE_CONTROLS),
)

#: ``tpscore validate``: renderers take the :class:`~tpscore.validate.ValidationSummary` of every file.
VALIDATE = FormatTable(
    OutputFormat("text", "one line per problem (colour on a terminal)", None),
    OutputFormat("json", "one object for tools (schemas/validate.schema.json)", "problems:validation_json",
                 Safety.ENCODER),
    OutputFormat("github", "GitHub Actions annotations", "github:problem_annotations", Safety.REPLACE_CONTROLS),
)

#: ``tpscore diff``: renderers take the diff dictionary (schemas/diff.schema.json).
DIFF = FormatTable(
    OutputFormat("rich", "terminal view (colour only on a terminal)", "diff_views:rich_diff"),
    OutputFormat("table", "plain, for logs", "diff_views:table_diff"),
    OutputFormat("json", "the diff contract (schemas/diff.schema.json)", "diff_views:json_diff", Safety.ENCODER),
    OutputFormat("markdown", "for a pull-request comment", "diff_views:markdown_diff"),
    OutputFormat("html", "one self-contained page in the audit report's look", "diff_views:html_page",
                 Safety.ENCODER),
)

#: ``tpscore trend``: renderers take the trend dictionary (schemas/trend.schema.json).
TREND = FormatTable(
    OutputFormat("rich", "table with sparklines (colour only on a terminal)", "trend_views:rich_trend"),
    OutputFormat("csv", "one row per version", "trend_views:csv_text"),
    OutputFormat("json", "the trend contract (schemas/trend.schema.json)", "trend_views:json_trend",
                 Safety.ENCODER),
    OutputFormat("markdown", "for a pull-request comment", "trend_views:markdown_trend"),
    OutputFormat("html", "one self-contained page with a chart per score", "trend_views:html_page",
                 Safety.ENCODER),
)


def render(fmt: str, run: Any, color: bool = False) -> str:
    """An audit run in format ``fmt``; the text ends with a newline."""
    return AUDIT.render(fmt, run, color)
