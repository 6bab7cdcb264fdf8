"""JSON report: the public contract described by schemas/report.schema.json."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from json.encoder import encode_basestring

from ..auditrun import AuditRun


def dumps(data: object) -> str:
    """Deterministic JSON: fixed key order from the builders, UTF-8 text, two-space indent."""
    return encode(data) + "\n"


def encode(data: object, indent: str = "") -> str:
    """The text of ``json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)``, about twice as
    fast: the standard library's C encoder cannot indent, and its Python one yields millions of tiny
    pieces for a large report. ``indent`` is the indentation of the line ``data`` starts on."""
    if isinstance(data, str):
        return encode_basestring(data)  # the C escaper json.dumps uses for ensure_ascii=False
    if data is None:
        return "null"
    if data is True:
        return "true"
    if data is False:
        return "false"
    if isinstance(data, int):
        return int.__repr__(data)
    if isinstance(data, float):
        if not math.isfinite(data):
            raise ValueError(f"Out of range float values are not JSON compliant: {data!r}")
        return float.__repr__(data)
    inner = indent + "  "
    if isinstance(data, dict):
        if not data:
            return "{}"
        if not all(isinstance(key, str) for key in data):
            return _stdlib(data, indent)
        return ("{\n" + inner + (",\n" + inner).join([encode_basestring(key) + ": " + encode(value, inner)
                                                      for key, value in data.items()]) + "\n" + indent + "}")
    if isinstance(data, (list, tuple)):
        if not data:
            return "[]"
        return "[\n" + inner + (",\n" + inner).join([encode(item, inner) for item in data]) + "\n" + indent + "]"
    return _stdlib(data, indent)


def _stdlib(data: object, indent: str) -> str:
    # Anything unusual (non-string keys, unknown types) gets the standard library's exact behaviour.
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    return text.replace("\n", "\n" + indent) if indent else text


def render(run: AuditRun, color: bool = False) -> str:
    return dumps(run.to_dict())


def chunks(run: AuditRun, color: bool = False) -> Iterator[str]:
    """The same text as :func:`render`, one journey's report at a time, so a run of many journeys is
    never one string in memory."""
    from .stream import render_pieces

    return render_pieces("json", run)


def journey_json(report: dict, level: int) -> str:
    """One report's JSON text as it sits at nesting ``level`` (0 alone, 2 inside the multi-journey wrapper)."""
    return encode(report, "  " * level)
