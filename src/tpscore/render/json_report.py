"""JSON report: the public contract described by schemas/report.schema.json."""

from __future__ import annotations

import json

from ..auditrun import AuditRun


def dumps(data: object) -> str:
    """Deterministic JSON: fixed key order from the builders, UTF-8 text, two-space indent."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render(run: AuditRun, color: bool = False) -> str:
    return dumps(run.to_dict())
