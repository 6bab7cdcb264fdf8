"""JSON report: the public contract described by schemas/report.schema.json."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..auditrun import AuditRun


def dumps(data: object) -> str:
    """Deterministic JSON: fixed key order from the builders, UTF-8 text, two-space indent."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render(run: AuditRun, color: bool = False) -> str:
    return dumps(run.to_dict())


def chunks(run: AuditRun, color: bool = False) -> Iterator[str]:
    """The same text as :func:`render`, in pieces, so a large report is never one string in memory."""
    yield from json.JSONEncoder(indent=2, ensure_ascii=False, allow_nan=False).iterencode(run.to_dict())
    yield "\n"
