"""Registry of report formats: name → module with ``render(run, color=False) -> str``."""

from __future__ import annotations

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
    "rich": "terminal report (default; colour only on a terminal)",
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
    text = module.render(run, color=color)
    if fmt not in _STRUCTURED and not color:
        text = printable(text)  # with colour, rich itself strips control codes from user text
    return text if text.endswith("\n") else text + "\n"


# Formats whose own encoder escapes control characters (JSON, XML builders, SARIF).
_STRUCTURED = {"json", "sarif", "junit", "html"}
