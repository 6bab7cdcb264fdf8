"""The compiled SchemaChecker must agree with jsonschema (the reference implementation) on validity.

Documents are drawn as plain Python data: valid journeys, then mutated ones (a required key
dropped, an unknown key added, a value replaced by one of another type, a number pushed to or past
a bound). Non-finite numbers are never drawn: the checker refuses them on purpose, JSON has none.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tpscore.schemacheck import SchemaChecker
from tpscore.schemas import load_schema

SCHEMA = load_schema("journey")
CHECKER = SchemaChecker(SCHEMA)
REFERENCE = jsonschema.Draft202012Validator(SCHEMA)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- valid documents ----------------------------------------------------------------------------------

slugs = st.builds(str.__add__, st.sampled_from("abz09"), st.text("abyz09-", max_size=8))
texts = st.text(min_size=1, max_size=20)
finite = st.floats(allow_nan=False, allow_infinity=False)


def unique_lists(elements, **kwargs):
    return st.lists(elements, unique=True, **kwargs)


friction = st.fixed_dictionaries(
    {"kind": slugs, "severity": st.integers(1, 5)},
    optional={"note": texts},
)
metrics = st.fixed_dictionaries({}, optional={
    "csat": st.one_of(st.integers(0, 5), st.floats(0, 5)),
    "ces": st.one_of(st.integers(1, 7), st.floats(1, 7)),
    "nps": st.one_of(st.integers(-100, 100), st.floats(-100, 100)),
    "volume": st.integers(0, 10**12),
    "drop_off": st.floats(0, 1),
})
touchpoint = st.fixed_dictionaries(
    {"id": slugs, "name": texts, "stage": slugs},
    optional={
        "channel": slugs,
        "owner": slugs,
        "description": texts,
        "weight": st.one_of(st.integers(1, 1000), st.floats(0, 1000, exclude_min=True)),
        "moments": unique_lists(st.sampled_from(["first", "last", "emotional"])),
        "emotion": st.integers(-2, 2),
        "effort": st.integers(1, 5),
        "path": st.sampled_from(["happy", "unhappy", "recovery"]),
        "next": unique_lists(slugs, max_size=3),
        "bridge": st.booleans(),
        "frictions": st.lists(friction, max_size=2),
        "metrics": metrics,
        "ignore": unique_lists(st.integers(0, 999).map("TP{:03d}".format), max_size=2),
    },
)
feedback = st.builds(
    lambda base, target: {**base, **target},
    st.fixed_dictionaries({"text": texts}, optional={
        "sentiment": st.integers(-2, 2), "count": st.integers(1, 10**6), "source": texts}),
    st.one_of(st.fixed_dictionaries({"stage": slugs}), st.fixed_dictionaries({"touchpoint": slugs})),
)
head = st.fixed_dictionaries(
    {"id": slugs, "name": texts, "stages": st.lists(slugs, min_size=1, max_size=4)},
    optional={"audit": st.text(min_size=1, max_size=12), "persona": texts, "description": texts,
              "channels": st.lists(slugs, max_size=3), "sale": slugs},
)
journeys = st.fixed_dictionaries(
    {"version": st.just(1), "journey": head, "touchpoints": st.lists(touchpoint, min_size=1, max_size=3)},
    optional={"feedback": st.lists(feedback, max_size=2), "$schema": st.text(max_size=10)},
)

# -- mutations ----------------------------------------------------------------------------------------

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), finite, st.text(max_size=8), slugs)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6,
)
# Values at and around every bound in the format, integral and fractional, with bool look-alikes.
boundary_numbers = st.sampled_from([
    -101, -100, -100.5, -3, -2, -2.5, -1, -0.5, -0.1, 0, 0.0, -0.0, 0.5, 1, 1.0, 1.5, 2, 2.0, 2.5, 3, 5, 5.0,
    5.1, 6, 7, 7.5, 8, 100, 100.5, 101, 999.9, 1000, 1000.0, 1000.5, 1001, 10**20, 1e20, True, False,
])
unknown_keys = st.one_of(st.sampled_from(["wieght", "stagez", "extra", "Id", "notes", "touchpoint", "stage",
                                          "text", "csat", "x-custom", ""]), st.text(max_size=6))


def containers(value: Any, path: tuple = ()) -> list[tuple]:
    """Paths of every mapping and list inside ``value`` (the root included)."""
    found = []
    if isinstance(value, dict):
        found.append(path)
        for key, item in value.items():
            found += containers(item, path + (key,))
    elif isinstance(value, list):
        found.append(path)
        for index, item in enumerate(value):
            found += containers(item, path + (index,))
    return found


def at(value: Any, path: tuple) -> Any:
    for part in path:
        value = value[part]
    return value


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def mutate(doc: dict, data) -> None:
    target = at(doc, data.draw(st.sampled_from(containers(doc)), label="container"))
    if isinstance(target, dict):
        action = data.draw(st.sampled_from(["drop", "add", "replace", "number"]), label="dict action")
        keys = list(target)
        if action == "add" or not keys:
            target[data.draw(unknown_keys, label="new key")] = data.draw(json_values, label="new value")
            return
        if action == "number":  # prefer a key that already holds a number: push it to or past a bound
            keys = [key for key in keys if is_number(target[key])] or keys
        key = data.draw(st.sampled_from(keys), label="key")
        if action == "drop":
            del target[key]
        elif action == "replace":
            target[key] = data.draw(json_values, label="replacement")
        else:
            target[key] = data.draw(boundary_numbers, label="number")
    else:
        action = data.draw(st.sampled_from(["drop", "append", "replace", "duplicate", "number"]), label="list action")
        if action == "append" or not target:
            target.append(data.draw(json_values, label="item"))
            return
        index = data.draw(st.integers(0, len(target) - 1), label="index")
        if action == "drop":
            del target[index]
        elif action == "replace":
            target[index] = data.draw(json_values, label="replacement")
        elif action == "duplicate":
            target.append(copy.deepcopy(target[index]))
        else:
            target[index] = data.draw(boundary_numbers, label="number")


def checker_paths(issues) -> set[tuple]:
    """Where the checker saw a problem, as jsonschema locates it (unknown keys and repeats at their container)."""
    return {issue.path[:-1] if issue.kind in ("unknown-key", "duplicate") else issue.path for issue in issues}


def assert_agree(doc: Any) -> None:
    """Same verdict as jsonschema, and a problem reported at every place jsonschema reports one (and nowhere else)."""
    issues = CHECKER.check(doc)
    errors = list(REFERENCE.iter_errors(doc))
    described = [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    assert (issues == []) == (not errors), f"checker: {issues}\njsonschema: {described}"
    assert (issues == []) == REFERENCE.is_valid(doc)
    assert checker_paths(issues) == {tuple(e.absolute_path) for e in errors}, f"checker: {issues}\njsonschema: {described}"


# -- properties ---------------------------------------------------------------------------------------


@SETTINGS
@given(doc=journeys)
def test_generated_journeys_are_valid_for_both(doc):
    assert REFERENCE.is_valid(doc), [e.message for e in REFERENCE.iter_errors(doc)]
    assert CHECKER.check(doc) == []


@SETTINGS
@given(doc=journeys, data=st.data())
def test_checker_agrees_with_jsonschema_on_mutated_journeys(doc, data):
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        mutate(doc, data)
    assert_agree(doc)


@SETTINGS
@given(value=json_values)
def test_checker_agrees_with_jsonschema_on_arbitrary_data(value):
    assert_agree(value)


@pytest.mark.parametrize("doc", [
    {"version": 1, "journey": {"id": "a", "name": "A", "stages": ["s"]},
     "touchpoints": [{"id": "t", "name": "T", "stage": "s", "moments": ["first", "first"]}]},
    {"version": 1, "journey": {"id": "a", "name": "A", "stages": ["s"]},
     "touchpoints": [{"id": "t", "name": "T", "stage": "s", "next": ["a", "b"], "emotion": 2.0, "effort": 1.0}]},
    {"version": 1.0, "journey": {"id": "a", "name": "A", "stages": ["s"]},
     "touchpoints": [{"id": "t", "name": "T", "stage": "s"}]},
    {"version": True, "journey": {"id": "a", "name": "A", "stages": ["s"]},
     "touchpoints": [{"id": "t", "name": "T", "stage": "s"}]},
    {"version": 1, "journey": {"id": "a", "name": "A", "stages": ["s"]},
     "touchpoints": [{"id": "t", "name": "T", "stage": "s", "weight": True, "bridge": 0}]},
    {"version": 1, "journey": {"id": "a", "name": "A", "stages": ["s"]},
     "touchpoints": [{"id": "t", "name": "T", "stage": "s", "metrics": {"volume": 10**30, "nps": -100.0}}]},
    {"version": 1, "journey": {"id": "a", "name": "A", "stages": ["s"]},
     "touchpoints": [{"id": "t", "name": "T", "stage": "s"}], "feedback": [{"text": "x", "stage": "s",
                                                                            "touchpoint": "t"}]},
    {"version": 1, "journey": {"id": "a" * 100, "name": "𝒜" * 2000, "stages": ["s"]},
     "touchpoints": [{"id": "t", "name": "T", "stage": "s"}]},
    {"version": 1, "journey": {"id": "a" * 101, "name": "𝒜" * 2001, "stages": ["s"]},
     "touchpoints": [{"id": "t", "name": "T", "stage": "s"}]},
])
def test_checker_agrees_on_edge_cases(doc):
    assert_agree(doc)


def test_non_finite_numbers_are_refused_on_purpose():
    doc = {"version": 1, "journey": {"id": "a", "name": "A", "stages": ["s"]},
           "touchpoints": [{"id": "t", "name": "T", "stage": "s", "weight": float("inf")}]}
    [issue] = CHECKER.check(doc)
    assert (issue.path, issue.kind, issue.message) == (("touchpoints", 0, "weight"), "type", "not a finite number")


# -- the compiler refuses what it does not implement -------------------------------------------------------


@pytest.mark.parametrize("schema", [
    {"type": "string", "format": "email"},
    {"anyOf": [{"type": "string"}, {"type": "integer"}]},
    {"type": "object", "patternProperties": {"^x-": {}}},
    {"type": "object", "properties": {"a": {"not": {"type": "string"}}}},
    {"type": "array", "items": {"type": "object", "dependentRequired": {"a": ["b"]}}},
    {"type": "array", "contains": {"type": "string"}},
    {"type": "number", "multipleOf": 2},
    {"type": "object", "additionalProperties": {"type": "string"}, "propertyNames": {"pattern": "^a"}},
    {"if": {"type": "string"}, "then": {"minLength": 1}},
    {"type": "object", "properties": {"a": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}},
])
def test_unsupported_keywords_are_refused_at_compile_time(schema):
    with pytest.raises(ValueError, match="unsupported|oneOf is supported only"):
        SchemaChecker(schema)


def test_unsupported_keyword_behind_a_ref_is_never_silently_ignored():
    schema = {"type": "object", "properties": {"a": {"$ref": "#/$defs/odd"}},
              "$defs": {"odd": {"not": {"type": "string"}}}}
    try:
        checker = SchemaChecker(schema)
    except ValueError:
        return  # refused up front: fine
    with pytest.raises(ValueError, match="unsupported"):
        checker.check({"a": "text"})


def test_only_local_refs_are_supported():
    schema = {"type": "object", "properties": {"a": {"$ref": "https://example.com/other.json"}}}
    with pytest.raises(ValueError, match="only local"):
        SchemaChecker(schema).check({"a": 1})


@pytest.mark.parametrize("name", ["journey", "config"])
def test_shipped_schemas_are_valid_2020_12_and_compile(name):
    schema = load_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    SchemaChecker(schema)
    # $refs compile lazily: compile every definition as a root of its own (refs still resolve) too.
    for definition in schema.get("$defs", {}).values():
        SchemaChecker({**definition, "$defs": schema["$defs"]})


def test_report_definition_compiles():
    schema = load_schema("report")
    SchemaChecker({"$defs": schema["$defs"], **schema["$defs"]["report"]})
