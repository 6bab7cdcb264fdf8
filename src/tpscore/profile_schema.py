"""The parts of the profile schema (schemas/config.schema.json) that the rules own, generated from them.

Each rule module declares its profile options beside its code (``OPTIONS``: profile key → JSON Schema
with a default and a description) and every rule may have its severity overridden under
``rules.severity``. ``python -m tpscore.docgen`` rewrites just those ``properties`` objects of the
committed schema (every key in them belongs to a rule; ``thresholds`` is one), so adding a rule is one new
module plus one registry line; a test fails when the schema is stale.
"""

from __future__ import annotations

import json
from typing import Any

#: Schema objects (paths of keys from the root) whose ``properties`` the registry generates.
SEVERITY_PATH = ("properties", "rules", "properties", "severity", "properties")


def rule_owned_properties() -> dict[tuple[str, ...], dict[str, Any]]:
    """``{path of a properties object: {key: schema}}`` for every rule option and severity override."""
    from .rules import all_rules

    owned: dict[tuple[str, ...], dict[str, Any]] = {SEVERITY_PATH: {}}
    for rule in all_rules().values():
        owned[SEVERITY_PATH][rule.code] = {"$ref": "#/$defs/severity"}
        for key, spec in rule.options.items():
            *sections, name = key.split(".")
            path = tuple(part for section in sections for part in ("properties", section)) + ("properties",)
            described = {**spec, "description": f"{rule.code}: {spec['description']}"}
            owned.setdefault(path, {})[name] = described
    return owned


def refreshed(text: str) -> str:
    """The schema ``text`` with every rule-owned ``properties`` object rewritten from the registry (one
    key a line); the rest of the file keeps its hand-written layout."""
    for path, properties in rule_owned_properties().items():
        start, end, indent = _span(text, path)
        lines = [f'{indent}  {json.dumps(key)}: {json.dumps(spec, ensure_ascii=False)}'
                 for key, spec in properties.items()]
        text = text[:start] + "{\n" + ",\n".join(lines) + f"\n{indent}}}" + text[end:]
    return text


def _span(text: str, path: tuple[str, ...]) -> tuple[int, int, str]:
    """Where the object at ``path`` starts and ends in the JSON ``text``, and the indent of its key line."""
    position = text.index("{")
    for key in path:
        position = _key_value(text, position, key)
    end = _closing(text, position)
    line = text[text.rfind("\n", 0, position) + 1:position]
    return position, end, line[:len(line) - len(line.lstrip())]


def _key_value(text: str, start: int, key: str) -> int:
    """Index of the ``{`` that opens the value of ``key`` in the object that opens at ``start``."""
    level, i, wanted = 0, start, json.dumps(key)
    while i < len(text):
        char = text[i]
        if char == '"':
            end = _string_end(text, i)
            if level == 1 and text[i:end] == wanted and text[end:].lstrip().startswith(":"):
                return text.index("{", end)
            i = end
            continue
        if char in "{[":
            level += 1
        elif char in "}]":
            level -= 1
            if level == 0:
                break
        i += 1
    raise KeyError(f"config schema has no object at key {key!r}")


def _closing(text: str, opening: int) -> int:
    """Index just after the brace that closes the object opened at ``opening``."""
    level, i = 0, opening
    while True:
        char = text[i]
        if char == '"':
            i = _string_end(text, i)
            continue
        level += char in "{["
        level -= char in "}]"
        i += 1
        if level == 0:
            return i


def _string_end(text: str, quote: int) -> int:
    i = quote + 1
    while text[i] != '"':
        i += 2 if text[i] == "\\" else 1
    return i + 1
