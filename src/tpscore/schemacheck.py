"""A fast checker compiled from our JSON Schemas, with messages a person can act on.

The schemas in ``schemas/`` are the single source of truth. This module compiles the subset of JSON
Schema 2020-12 they use (type, const, enum, string/number/array bounds, pattern, required,
properties, additionalProperties: false, items, uniqueItems, oneOf, local ``$ref``) into plain
closures: one linear pass, no jsonschema import on the hot path, and every error collected with a
"did you mean" where a near miss is likely. The test suite cross-checks it against ``jsonschema``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .problems import closest, describe, did_you_mean, type_name

Path = tuple  # tuple[str | int, ...]


@dataclass(frozen=True)
class Issue:
    """A schema violation at a JSON path; ``at_key`` points the position at the key, not the value."""

    path: Path
    kind: str
    message: str
    found: str | None = None
    expected: str | None = None
    hint: str | None = None
    at_key: bool = False


Check = Callable[[Any, Path, list], None]

_SUPPORTED = {
    "$schema", "$id", "$defs", "$ref", "$comment", "title", "description", "default", "examples",
    "type", "const", "enum", "minLength", "maxLength", "pattern", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "required", "properties", "additionalProperties",
    "items", "minItems", "maxItems", "uniqueItems", "oneOf",
}

_TYPE_WORDS = {
    "object": "a mapping", "array": "a list", "string": "text", "integer": "a whole number",
    "number": "a number", "boolean": "true or false", "null": "null",
}


def _is_integer(value: Any) -> bool:
    kind = type(value)
    return kind is int or (kind is float and value.is_integer()) or (
        isinstance(value, int) and not isinstance(value, bool))


def _is_number(value: Any) -> bool:
    kind = type(value)
    return kind is int or kind is float or (isinstance(value, (int, float)) and not isinstance(value, bool))


# One fast predicate per JSON type (bool is not a number in JSON Schema).
_TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": _is_integer,
    "number": _is_number,
}


class SchemaChecker:
    """Compile a schema once, then ``check(data)`` returns every Issue in document order."""

    def __init__(self, schema: dict) -> None:
        self._root = schema
        self._compiled: dict[str, Check] = {}
        self._check = self._compile(schema, "#")

    def check(self, data: Any) -> list[Issue]:
        out: list[Issue] = []
        self._check(data, (), out)
        return out

    # -- compilation -------------------------------------------------------------------------

    def _resolve(self, ref: str) -> dict:
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref is supported, got {ref}")
        node: Any = self._root
        for part in ref[2:].split("/"):
            node = node[part]
        return node

    def _compile(self, schema: dict, where: str) -> Check:
        unknown = set(schema) - _SUPPORTED
        if unknown:
            raise ValueError(f"{where}: unsupported schema keywords {sorted(unknown)}")
        checks: list[Check] = []
        if "$ref" in schema:
            checks.append(self._ref(schema["$ref"]))
        type_check = self._type(schema)
        if "const" in schema:
            checks.append(_const(schema["const"]))
        if "enum" in schema:
            checks.append(_enum(schema["enum"]))
        checks.extend(_string_checks(schema))
        checks.extend(_number_checks(schema))
        if "properties" in schema or "required" in schema or "additionalProperties" in schema:
            checks.append(self._object(schema, where))
        if "oneOf" in schema:
            checks.append(self._one_of(schema["oneOf"], where))
        if "items" in schema or "minItems" in schema or "maxItems" in schema or "uniqueItems" in schema:
            checks.append(self._array(schema, where))
        return _sequence(type_check, checks)

    def _ref(self, ref: str) -> Check:
        def check(value: Any, path: Path, out: list) -> None:
            compiled = self._compiled.get(ref)
            if compiled is None:
                compiled = self._compiled[ref] = self._compile(self._resolve(ref), ref)
            compiled(value, path, out)

        return check

    def _type(self, schema: dict) -> Callable[[Any], bool] | None:
        declared = schema.get("type")
        if declared is None:
            return None
        names = [declared] if isinstance(declared, str) else list(declared)
        words = " or ".join(_TYPE_WORDS[name] for name in names)
        tests = [_TYPE_TESTS[name] for name in names]
        test = tests[0] if len(tests) == 1 else (lambda v: any(t(v) for t in tests))

        def check(value: Any, path: Path, out: list) -> bool:
            if test(value):
                if isinstance(value, float) and not math.isfinite(value):
                    out.append(Issue(path, "type", "not a finite number", describe(value), words))
                    return False
                return True
            out.append(Issue(path, "type", "wrong type", f"{type_name(value)} {describe(value)}"
                             if not isinstance(value, (dict, list)) else type_name(value), words))
            return False

        return check

    def _object(self, schema: dict, where: str) -> Check:
        properties = {
            name: self._compile(sub, f"{where}/properties/{name}")
            for name, sub in schema.get("properties", {}).items()
        }
        required = list(schema.get("required", ()))
        closed = schema.get("additionalProperties", True) is False
        allowed = ", ".join(properties)

        def check(value: Any, path: Path, out: list) -> None:
            if not isinstance(value, dict):
                return
            for name in required:
                if name not in value:
                    strays = [key for key in value if key not in properties] if closed else []
                    near = closest(name, strays)
                    hint = f"is '{near}' a misspelling of it?" if near else None
                    out.append(Issue(path, "missing-key", f"missing required key '{name}'",
                                     expected=f"'{name}' in this mapping", hint=hint))
            for name, item in value.items():
                sub = properties.get(name)
                if sub is not None:
                    sub(item, path + (name,), out)
                elif closed:
                    hint = did_you_mean(name, properties)
                    out.append(Issue(path + (name,), "unknown-key", f"unknown key {describe(name, 60)}",
                                     expected=f"one of: {allowed}", hint=hint, at_key=True))

        return check

    def _array(self, schema: dict, where: str) -> Check:
        items = self._compile(schema["items"], f"{where}/items") if "items" in schema else None
        min_items = schema.get("minItems")
        max_items = schema.get("maxItems")
        unique = schema.get("uniqueItems", False)

        def check(value: Any, path: Path, out: list) -> None:
            if not isinstance(value, list):
                return
            if min_items is not None and len(value) < min_items:
                out.append(Issue(path, "value", "too few items", f"{len(value)}", f"at least {min_items}"))
            if max_items is not None and len(value) > max_items:
                out.append(Issue(path, "value", "too many items", f"{len(value)}", f"at most {max_items}"))
            if unique:
                seen: dict[Any, int] = {}
                for index, item in enumerate(value):
                    marker = _hashable(item)
                    if marker in seen:
                        out.append(Issue(path + (index,), "duplicate", f"duplicate item {describe(item)}",
                                         hint=f"already listed at position {seen[marker] + 1}"))
                    else:
                        seen[marker] = index
            if items is not None:
                for index, item in enumerate(value):
                    items(item, path + (index,), out)

        return check

    def _one_of(self, branches: list[dict], where: str) -> Check:
        keys = [b["required"][0] for b in branches if set(b) == {"required"} and len(b["required"]) == 1]
        if len(keys) != len(branches):
            raise ValueError(f"{where}: oneOf is supported only as a choice of one required key")
        listed = " or ".join(f"'{key}'" for key in keys)

        def check(value: Any, path: Path, out: list) -> None:
            if not isinstance(value, dict):
                return
            present = [key for key in keys if key in value]
            if len(present) != 1:
                found = "neither" if not present else "both " + " and ".join(f"'{key}'" for key in present)
                out.append(Issue(path, "one-of", f"give exactly one of {listed}", found=found))

        return check


def _sequence(type_check: Callable | None, checks: list[Check]) -> Check:
    if type_check is None and len(checks) == 1:
        return checks[0]

    def check(value: Any, path: Path, out: list) -> None:
        if type_check is not None and not type_check(value, path, out):
            return  # further checks on a wrong type would only repeat the same mistake
        for sub in checks:
            sub(value, path, out)

    return check


def _const(expected: Any) -> Check:
    def check(value: Any, path: Path, out: list) -> None:
        if value != expected or isinstance(value, bool) != isinstance(expected, bool):
            out.append(Issue(path, "value", "unexpected value", describe(value), describe(expected)))

    return check


def _enum(choices: list) -> Check:
    words = ", ".join(str(c) for c in choices)
    text_choices = [c for c in choices if isinstance(c, str)]

    def check(value: Any, path: Path, out: list) -> None:
        if isinstance(value, (dict, list)) or value not in choices or isinstance(value, bool):
            out.append(Issue(path, "value", "not an allowed value", describe(value), f"one of: {words}",
                             hint=did_you_mean(value, text_choices)))

    return check


def _string_checks(schema: dict) -> list[Check]:
    checks: list[Check] = []
    min_length, max_length, pattern = schema.get("minLength"), schema.get("maxLength"), schema.get("pattern")
    if min_length is not None or max_length is not None:
        def lengths(value: Any, path: Path, out: list) -> None:
            if not isinstance(value, str):
                return
            if min_length is not None and len(value) < min_length:
                out.append(Issue(path, "value", "text too short" if value else "empty text",
                                 expected=f"at least {min_length} character{'s' * (min_length != 1)}"))
            if max_length is not None and len(value) > max_length:
                out.append(Issue(path, "value", "text too long", f"{len(value)} characters",
                                 f"at most {max_length}"))
        checks.append(lengths)
    if pattern is not None:
        # JSON Schema's `$` is the end of the text; Python's also matches before a final newline.
        regex = re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith("\\$") else pattern)
        expected = schema.get("description") or f"text matching {pattern}"

        def matches(value: Any, path: Path, out: list) -> None:
            if isinstance(value, str) and regex.search(value) is None:
                out.append(Issue(path, "value", "invalid format", describe(value), expected.rstrip(".")))
        checks.append(matches)
    return checks


def _number_checks(schema: dict) -> list[Check]:
    bounds = [
        (schema.get("minimum"), lambda v, b: v >= b, "at least {}"),
        (schema.get("maximum"), lambda v, b: v <= b, "at most {}"),
        (schema.get("exclusiveMinimum"), lambda v, b: v > b, "more than {}"),
        (schema.get("exclusiveMaximum"), lambda v, b: v < b, "less than {}"),
    ]
    bounds = [(bound, test, words) for bound, test, words in bounds if bound is not None]
    if not bounds:
        return []
    low = [b for b, _, w in bounds if w in ("at least {}", "more than {}")]
    high = [b for b, _, w in bounds if w in ("at most {}", "less than {}")]
    if len(low) == 1 and len(high) == 1 and schema.get("type") == "integer":
        range_words = f"{low[0]}..{high[0]}"
    else:
        range_words = None

    def check(value: Any, path: Path, out: list) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return
        for bound, test, words in bounds:
            if not test(value, bound):
                out.append(Issue(path, "value", "out of range", describe(value), range_words or words.format(bound)))
                return

    return [check]


def _hashable(value: Any) -> Any:
    """Identity of an array item for uniqueItems (JSON equality: 1 == 1.0, true != 1)."""
    if isinstance(value, (str, int, float)) or value is None:
        return (type(value) is bool, value)
    try:
        return ("json", json.dumps(value, sort_keys=True, default=repr))
    except (RecursionError, TypeError, ValueError):
        return ("object", id(value))  # too deep or odd to compare: reported as a type error anyway
