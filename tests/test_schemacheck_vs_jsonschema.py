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
        "weight": st.one_of(st.integers(1, 1000), st.floats(0.001, 1000)),
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
WRONG_TYPES = [None, "text", "", 3, 2.5, True, False, [], {}, ["x"], {"x": 1}]
UNKNOWN_KEYS = ["wieght", "stagez", "Id", "x-custom", ""]


def resolve(schema: dict) -> dict:
    while "$ref" in schema:
        target = SCHEMA
        for part in schema["$ref"][2:].split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def walk(value: Any, schema: dict, path: tuple = ()):
    """Every node of a document with the (resolved) subschema that governs it."""
    schema = resolve(schema)
    yield path, schema
    if isinstance(value, dict):
        for key, item in value.items():
            if key in schema.get("properties", {}):
                yield from walk(item, schema["properties"][key], path + (key,))
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from walk(item, schema["items"], path + (index,))


def edits(value: Any, schema: dict) -> list[tuple]:
    """Single edits that probe each keyword of ``schema`` at and around its limits."""
    return [edit for group in edit_groups(value, schema) for edit in group]


def edit_groups(value: Any, schema: dict) -> list[list[tuple]]:
    """``edits`` grouped by the keyword they probe (so a random choice probes each keyword as often)."""
    groups: list[list[tuple]] = [[("set", wrong) for wrong in WRONG_TYPES]]
    for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if keyword in schema:
            bound = schema[keyword]
            groups.append([("set", bound + delta) for delta in (-1, -0.5, 0, 0.5, 1)] + [("set", float(bound))])
    if "minLength" in schema or "maxLength" in schema:
        longest = schema.get("maxLength", 50)
        groups.append([("set", ""), ("set", "a" * longest), ("set", "a" * (longest + 1)), ("set", "𝒜" * longest)])
    if "pattern" in schema:
        groups.append([("set", text) for text in ("Abc", "-abc", "a b", "a_b", "abc", "TP12", "TP123", "tp123",
                                                   "TP1234")])
    if "enum" in schema:
        groups.append([("set", choice) for choice in schema["enum"]]
                      + [("set", choice + "x") for choice in schema["enum"]] + [("set", schema["enum"][0].upper())])
    if "const" in schema:
        groups.append([("set", other) for other in (schema["const"], 1.0, 2, 0, True, "1")])
    if isinstance(value, dict):
        groups.append([("drop", key) for key in value])
        groups.append([("add", key, "x") for key in schema.get("properties", {}) if key not in value])
        groups.append([("add", key, 1) for key in UNKNOWN_KEYS])
    if isinstance(value, list):
        groups.append([("set", []), ("append", None), ("append", "first"), ("append", 1)]
                      + [("append", copy.deepcopy(item)) for item in value[:1] + value[-1:]])
    return [group for group in groups if group]


def apply(doc: dict, path: tuple, edit: tuple) -> dict:
    doc = copy.deepcopy(doc)
    if not path and edit[0] == "set":
        return edit[1]
    parent = at(doc, path[:-1]) if path else None
    node = at(doc, path)
    if edit[0] == "set":
        parent[path[-1]] = copy.deepcopy(edit[1])
    elif edit[0] == "drop":
        del node[edit[1]]
    elif edit[0] == "add":
        node[edit[1]] = edit[2]
    else:
        node.append(copy.deepcopy(edit[1]))
    return doc


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


@st.composite
def directed_mutation(draw, doc: dict) -> dict:
    """One schema-aware edit: a node of the document, and an edit chosen for the keywords governing it."""
    nodes = list(walk(doc, SCHEMA))
    path, schema = draw(st.sampled_from(nodes), label="node")
    group = draw(st.sampled_from(edit_groups(at(doc, path), schema)), label="keyword")
    return apply(doc, path, draw(st.sampled_from(group), label="edit"))


@st.composite
def random_mutation(draw, doc: dict) -> dict:
    """One blind edit anywhere: drop, add or replace a key or item with arbitrary JSON."""
    doc = copy.deepcopy(doc)
    target = at(doc, draw(st.sampled_from(containers(doc)), label="container"))
    keys = list(target) if isinstance(target, dict) else list(range(len(target)))
    action = draw(st.sampled_from(["drop", "add", "replace"] if keys else ["add"]), label="action")
    if action == "add":
        if isinstance(target, dict):
            target[draw(st.text(max_size=6), label="key")] = draw(json_values, label="value")
        else:
            target.append(draw(json_values, label="item"))
        return doc
    key = draw(st.sampled_from(keys), label="key")
    if action == "drop":
        del target[key]
    else:
        target[key] = draw(json_values, label="replacement")
    return doc


def checker_paths(issues) -> set[tuple]:
    """Where the checker saw a problem, as jsonschema locates it (unknown keys and repeats at their container)."""
    return {issue.path[:-1] if issue.kind in ("unknown-key", "duplicate") else issue.path for issue in issues}


def disagreement(doc: Any) -> str | None:
    """None when the checker and jsonschema agree on the verdict and on every place with a problem."""
    issues = CHECKER.check(doc)
    errors = list(REFERENCE.iter_errors(doc))
    if (issues == []) == (not errors) and checker_paths(issues) == {tuple(e.absolute_path) for e in errors}:
        return None
    described = [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    return f"document: {doc!r}\nchecker: {issues}\njsonschema: {described}"


def assert_agree(doc: Any) -> None:
    problem = disagreement(doc)
    assert problem is None, problem


# -- properties ---------------------------------------------------------------------------------------


@SETTINGS
@given(doc=journeys)
def test_generated_journeys_are_valid_for_both(doc):
    assert REFERENCE.is_valid(doc), [e.message for e in REFERENCE.iter_errors(doc)]
    assert CHECKER.check(doc) == []


@SETTINGS
@given(doc=journeys, data=st.data())
def test_checker_agrees_with_jsonschema_on_directed_mutations(doc, data):
    # Several edits per document: problems are compared place by place, so each edit is checked.
    for _ in range(data.draw(st.integers(1, 8), label="edits")):
        doc = data.draw(directed_mutation(doc))
        if not isinstance(doc, dict):
            break
    assert_agree(doc)


@SETTINGS
@given(doc=journeys, data=st.data())
def test_checker_agrees_with_jsonschema_on_random_mutations(doc, data):
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        doc = data.draw(random_mutation(doc))
    assert_agree(doc)


FULL = {
    "$schema": "journey.schema.json", "version": 1,
    "journey": {"id": "demo", "name": "Demo", "audit": "2026-Q3", "persona": "P", "description": "D",
                "stages": ["aware", "buy"], "channels": ["web"], "sale": "buy"},
    "touchpoints": [{
        "id": "ad", "name": "Ad", "stage": "aware", "channel": "web", "owner": "sales", "description": "D",
        "weight": 2, "moments": ["first", "emotional"], "emotion": 1, "effort": 2, "path": "happy",
        "next": ["ad"], "bridge": False, "frictions": [{"kind": "wait", "severity": 3, "note": "N"}],
        "metrics": {"csat": 4.5, "ces": 2, "nps": 10, "volume": 100, "drop_off": 0.5}, "ignore": ["TP001"],
    }],
    "feedback": [{"text": "T", "stage": "buy", "sentiment": -1, "count": 2, "source": "S"},
                 {"text": "T", "touchpoint": "ad"}],
}


def test_every_single_edit_of_a_full_document_agrees():
    """Deterministic sweep: every node of a document using every field, every edit its keywords suggest."""
    assert disagreement(FULL) is None and CHECKER.check(FULL) == []
    failures, count = [], 0
    for path, schema in walk(FULL, SCHEMA):
        for edit in edits(at(FULL, path), schema):
            count += 1
            problem = disagreement(apply(FULL, path, edit))
            if problem is not None:
                failures.append(f"{path} {edit}: {problem}")
    assert count > 1000
    assert not failures, "\n\n".join(failures[:5])


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
