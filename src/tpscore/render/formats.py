"""Registry of report formats: name → module with ``render(run, color=False) -> str``."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

from ..auditrun import AuditRun
from ..console import printable

FORMATS = {
    "rich": "terminal",
    "table": "table",
    "json": "json_report",
    "markdown": "markdown",
    "html": "html",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
}

FORMAT_HELP = {
    "rich": "the terminal report (default; colour only on a terminal; inside GitHub Actions also annotations)",
    "table": "plain tables for logs (tabulate)",
    "json": "the report contract (schemas/report.schema.json)",
    "markdown": "GitHub-flavoured Markdown for pull-request comments and $GITHUB_STEP_SUMMARY",
    "html": "one self-contained HTML page with inline SVG charts (no scripts, no network)",
    "sarif": "SARIF 2.1.0 for code-scanning UIs",
    "junit": "JUnit XML for GitLab, Jenkins and other CI test reports",
    "github": "GitHub Actions workflow commands (annotations on the journey files)",
}


def render(fmt: str, run: AuditRun, color: bool = False) -> str:
    """Render ``run`` in format ``fmt``; the text always ends with a newline."""
    module = import_module(f"{__package__}.{FORMATS[fmt]}")
    if fmt not in _STRUCTURED:
        # User text must not carry terminal control sequences; clean it before any styling is added.
        run = AuditRun(_clean(run.reports), _clean(run.invalid), _clean(run.gates))
    text = module.render(run, color=color)
    return text if text.endswith("\n") else text + "\n"


def _clean(value):
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


# Formats whose own encoder escapes control characters (JSON, XML builders, SARIF).
_STRUCTURED = {"json", "sarif", "junit", "html"}


def render_chunks(fmt: str, run: AuditRun, color: bool = False) -> Iterable[str]:
    """Like :func:`render`, but JSON comes in pieces (large reports are written without one big string)."""
    if fmt == "json":
        from .json_report import chunks

        return chunks(run)
    return [render(fmt, run, color=color)]
