"""Registry of report formats: name → module with ``render(run, color=False) -> str``."""

from __future__ import annotations

from importlib import import_module

from ..auditrun import AuditRun

FORMATS = {
    "rich": "terminal",
    "table": "table",
    "json": "json_report",
}

FORMAT_HELP = {
    "rich": "terminal report (default; colour only on a terminal)",
    "table": "plain tables for logs (tabulate)",
    "json": "the report contract (schemas/report.schema.json)",
}


def render(fmt: str, run: AuditRun, color: bool = False) -> str:
    """Render ``run`` in format ``fmt``; the text always ends with a newline."""
    module = import_module(f"{__package__}.{FORMATS[fmt]}")
    text = module.render(run, color=color)
    return text if text.endswith("\n") else text + "\n"
