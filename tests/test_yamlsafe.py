"""The safe YAML loader: duplicates, tags, alias bombs, depth, dates, syntax errors, positions."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest
from helpers import VALID

from tpscore.source import Source
from tpscore.validate import validate_source
from tpscore.yamlsafe import Limits, SourceMap, load_yaml


def load(text: str):
    return load_yaml(Source("f.yaml", text))


def summary(loaded):
    return [(p.line, p.column, p.kind) for p in loaded.problems]


# -- duplicate keys -----------------------------------------------------------------------------------


def test_duplicate_key_names_both_lines():
    loaded = load("a: 1\nb: 2\na: 3\n")
    [problem] = loaded.problems
    assert (problem.file, problem.line, problem.column, problem.kind) == ("f.yaml", 3, 1, "duplicate-key")
    assert problem.message == "duplicate key 'a' (first defined on line 1)"
    assert "silently keep the last" in problem.hint


def test_nested_duplicate_key_position():
    loaded = load("top:\n  inner:\n    x: 1\n    y: 2\n    x: 3\n")
    [problem] = loaded.problems
    assert (problem.line, problem.column) == (5, 5)
    assert "first defined on line 3" in problem.message


def test_every_duplicate_is_reported():
    loaded = load("a: 1\na: 2\na: 3\nb: 1\nb: 1\n")
    assert summary(loaded) == [(2, 1, "duplicate-key"), (3, 1, "duplicate-key"), (5, 1, "duplicate-key")]
    assert all("first defined on line" in p.message for p in loaded.problems)
    assert "line 1" in loaded.problems[1].message and "line 4" in loaded.problems[2].message


def test_duplicate_touchpoint_key_in_journey_file(check):
    text = VALID.replace("    stage: aware\n", "    stage: aware\n    name: Again\n")
    [problem] = check(text)
    assert (problem.line, problem.column, problem.kind) == (10, 5, "duplicate-key")
    assert problem.message == "duplicate key 'name' (first defined on line 8)"


def test_quoted_and_plain_spellings_of_a_key_are_duplicates():
    loaded = load("a: 1\n'a': 2\n")
    assert summary(loaded) == [(2, 1, "duplicate-key")]


# -- tags ---------------------------------------------------------------------------------------------


def test_python_tag_is_refused_and_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    loaded = load(f'x: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert loaded.data is None
    [problem] = loaded.problems
    assert (problem.line, problem.column, problem.kind) == (1, 4, "tag")
    assert problem.message == "tag !!python/object/apply:os.system is not allowed"
    assert not marker.exists()


@pytest.mark.parametrize("text", [
    "x: !!python/name:os.system\n",
    "x: !!python/object/new:os.system [echo]\n",
    "x: !!python/tuple [1, 2]\n",
    "x: !!python/object:collections.OrderedDict {}\n",
    "x: !custom 1\n",
    "x: !<tag:example.com,2000:thing> 1\n",
])
def test_language_and_custom_tags_are_refused(text):
    loaded = load(text)
    assert loaded.data is None
    assert summary(loaded) == [(1, 4, "tag")]
    assert "remove the tag" in loaded.problems[0].hint


def test_python_tag_in_journey_file(write):
    from tpscore.validate import validate_file

    marker = write("", "marker-dir/.keep").parent / "pwned"
    text = VALID.replace("name: Advert", f'name: !!python/object/apply:os.system ["touch {marker}"]')
    result = validate_file(str(write(text)))
    assert [(p.line, p.column, p.kind) for p in result.problems] == [(8, 11, "tag")]
    assert not marker.exists()


@pytest.mark.parametrize("field", ["next", "moments", "ignore"])
def test_set_tag_inside_unique_list_does_not_crash(check, field):
    text = VALID.replace("    stage: aware\n", f"    stage: aware\n    {field}: [!!set {{a}}]\n")
    problems = check(text)  # regression: this once raised TypeError: unhashable type: 'set'
    assert problems


# -- aliases ------------------------------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly():
    started = time.perf_counter()
    loaded = load(billion_laughs())
    elapsed = time.perf_counter() - started
    assert loaded.data is None
    [problem] = loaded.problems
    assert problem.kind == "limit"
    assert "aliases expand to more than 1,000,000 nodes" in problem.message
    assert problem.line == 6  # the first level whose expansion crosses the limit
    assert elapsed < 2


def test_alias_bomb_respects_custom_limit():
    text = "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b]\n"
    assert load_yaml(Source("f", text)).problems == []
    loaded = load_yaml(Source("f", text), Limits(max_expanded_nodes=20))
    assert summary(loaded)[0][2] == "limit"


@pytest.mark.parametrize("text, line, column", [
    ("a: &x [*x]\n", 1, 4),
    ("&x [*x]\n", 1, 1),
    ("a: &x\n  b: *x\n", 1, 4),
    ("a: &x\n  - [1, *x]\n", 1, 4),
])
def test_recursive_alias_is_refused(text, line, column):
    started = time.perf_counter()
    loaded = load(text)
    assert loaded.data is None
    [problem] = loaded.problems
    assert (problem.line, problem.column, problem.kind) == (line, column, "limit")
    assert problem.message == "recursive alias: a node contains itself"
    assert time.perf_counter() - started < 2


def test_plain_aliases_still_work():
    loaded = load("a: &x [1, 2]\nb: *x\nc: &s hello\nd: *s\n")
    assert loaded.problems == []
    assert loaded.data == {"a": [1, 2], "b": [1, 2], "c": "hello", "d": "hello"}


def test_undefined_alias_is_a_located_yaml_problem():
    loaded = load("a: &x 1\nb: *y\n")
    assert summary(loaded) == [(2, 4, "yaml")]
    assert "undefined alias" in loaded.problems[0].message


def test_ampersand_in_text_is_harmless():
    loaded = load("name: R&D & more\n")
    assert loaded.problems == [] and loaded.data == {"name": "R&D & more"}


# -- nesting depth ------------------------------------------------------------------------------------

DEPTH_SCRIPT = textwrap.dedent("""
    import sys
    from tpscore.source import Source
    from tpscore.validate import validate_source
    text = sys.stdin.read()
    result = validate_source(Source("deep.yaml", text))
    for p in result.problems:
        print(p.line, p.column, p.kind, p.message)
""")


@pytest.mark.parametrize("text", [
    pytest.param("[" * 100000 + "]" * 100000, id="flow-sequences"),
    pytest.param("{a: " * 100000 + "}" * 100000, id="flow-mappings"),
    pytest.param("touchpoints: " + "[" * 100000 + "]" * 100000 + "\n", id="under-a-key"),
    pytest.param("[" * 100000, id="unclosed"),
    pytest.param("- " * 100000 + "x\n", id="compact-block"),
])
def test_very_deep_nesting_does_not_crash_the_interpreter(text):
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", DEPTH_SCRIPT], input=text, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "limit" in run.stdout.split()
    assert "nesting deeper than 64 levels" in run.stdout
    assert time.perf_counter() - started < 30


def test_deep_nesting_position_points_at_level_65():
    loaded = load("[" * 6000 + "]" * 6000)
    assert summary(loaded) == [(1, 65, "limit")]


def test_nesting_just_below_scan_threshold_does_not_crash(check):
    depth = 1500  # 3 * depth + len(VALID) stays under the 5000-character 'safe' bound, so no depth scan
    text = VALID + "    moments: " + "[" * depth + "]" * depth + "\n"
    problems = check(text)  # regression: this once raised RecursionError in schemacheck._hashable
    assert problems


def test_moderate_nesting_is_fine():
    text = "a: " + "[" * 50 + "]" * 50 + "\n"
    loaded = load(text)
    assert loaded.problems == []


# -- scalars ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2026-07-01", "2026-07-01T10:00:00Z", "2026-07-01 10:00:00",
                                   "2001-12-14t21:59:43.10-05:00"])
def test_dates_stay_text(value):
    loaded = load(f"audit: {value}\n")
    assert loaded.problems == []
    assert loaded.data == {"audit": value}
    assert type(loaded.data["audit"]) is str


def test_date_audit_in_journey(check):
    text = VALID.replace("  stages:", "  audit: 2026-07-01\n  stages:")
    result = validate_source(Source("j.yaml", text))
    assert result.problems == []
    assert result.journey.audit == "2026-07-01"


def test_other_scalars_follow_yaml_1_1():
    loaded = load("a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\nf: 0x10\n")
    assert loaded.data == {"a": 1, "b": 1.5, "c": True, "d": None, "e": "1", "f": 16}


# -- whole-file problems ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n", "  \n# two\n# comments\n"])
def test_empty_file(text):
    loaded = load(text)
    assert loaded.data is None
    [problem] = loaded.problems
    assert (problem.line, problem.column, problem.kind) == (1, 1, "empty")
    assert problem.message == "the file is empty"


def test_empty_file_through_validation(check):
    assert [(p.line, p.column, p.kind) for p in check("")] == [(1, 1, "empty")]


@pytest.mark.parametrize("text, line", [("---\n", 2), ("---\n...\n", 2), ("null\n", 1), ("~\n", 1)])
def test_null_document_must_be_a_mapping(check, text, line):
    [problem] = check(text)
    assert (problem.line, problem.column, problem.kind) == (line, 1, "type")
    assert problem.message == "the document must be a mapping"
    assert problem.found == "null"


@pytest.mark.parametrize("text, found", [("- a\n", "a list"), ("plain\n", "text"), ("3\n", "a number")])
def test_non_mapping_document_says_what_it_is_without_quoting_it(check, text, found):
    [problem] = check(text)
    assert (problem.line, problem.column, problem.kind, problem.found) == (1, 1, "type", found)


def test_multiple_documents():
    loaded = load("a: 1\n---\nb: 2\n")
    [problem] = loaded.problems
    assert (problem.line, problem.column, problem.kind) == (2, 1, "yaml")
    assert problem.message == "more than one YAML document in the file"
    assert "'---'" in problem.hint


def test_single_document_with_markers_is_fine():
    loaded = load("---\na: 1\n...\n")
    assert loaded.problems == [] and loaded.data == {"a": 1}


@pytest.mark.parametrize("text, line, column, words", [
    ("a: b: c\n", 1, 5, "mapping values are not allowed"),
    ("a: 1\n b: 2\n", 2, 3, "mapping values are not allowed"),
    ("a:\n\tb: 1\n", 2, 1, "cannot start any token"),
    ("a: [1, 2\n", 2, 1, "did not find expected ',' or ']'"),
    ("a: 'open\nb: 1\n", 3, 1, "unexpected end of stream"),
    ("a: 1\n- b\n", 2, 1, "did not find expected key"),
])
def test_syntax_error_location(text, line, column, words):
    loaded = load(text)
    assert loaded.data is None
    [problem] = loaded.problems
    assert (problem.line, problem.column, problem.kind) == (line, column, "yaml")
    assert problem.message.startswith("invalid YAML: ")
    assert words in problem.message


def test_syntax_error_in_journey_file_stops_further_checks(check):
    text = VALID.replace("    name: Shop\n", "    name: Shop: now\n")
    assert [(p.line, p.column, p.kind) for p in check(text)] == [(11, 15, "yaml")]


@pytest.mark.parametrize("text, line, column", [
    ("a: 1\nb: \x01\n", 2, 4),
    ("a: 1\nb: \x7f\n", 2, 4),
    ("a: 1\nb: 'x\x00'\n", 2, 6),
    ("a: 1\nb: 'é€\x1b'\n", 2, 7),  # columns count characters, not UTF-8 bytes
    ("\x02", 1, 1),
])
def test_control_characters(text, line, column):
    loaded = load(text)
    assert loaded.data is None
    [problem] = loaded.problems
    assert (problem.line, problem.column, problem.kind) == (line, column, "yaml")
    assert "control characters are not allowed" in problem.message


def test_tab_and_newlines_are_not_control_characters():
    loaded = load("a: 'x\ty'\r\nb: 2\r\n")
    assert loaded.problems == [] and loaded.data == {"a": "x\ty", "b": 2}


# -- keys ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, line, column, found", [
    ("a: 1\n3: x\n", 2, 1, "3"),
    ("a: 1\n1.5: x\n", 2, 1, "1.5"),
    ("a: 1\ntrue: x\n", 2, 1, "true"),
    ("a: 1\n? [x]\n: 2\n", 2, 3, "a collection"),
    ("a: 1\n? {k: v}\n: 2\n", 2, 3, "a collection"),
    ("a: 1\nnull: x\n", 2, 1, "null"),
    ("a: 1\n~: x\n", 2, 1, "null"),
])
def test_non_text_keys(text, line, column, found):
    loaded = load(text)
    [problem] = loaded.problems
    assert (problem.line, problem.column, problem.kind) == (line, column, "key-type")
    assert problem.message == "keys must be text"
    assert problem.found == found
    assert problem.hint == "quote the key"


def test_quoted_number_key_is_text():
    loaded = load("'3': x\n")
    assert loaded.problems == [] and loaded.data == {"3": "x"}


def test_non_text_key_in_journey_is_reported_with_schema_problems(check):
    text = VALID.replace("    stage: aware\n", "    stage: aware\n    7: seven\n")
    kinds = [(p.line, p.column, p.kind) for p in check(text)]
    assert (10, 5, "key-type") in kinds


# -- merge keys ---------------------------------------------------------------------------------------


def test_merge_key_without_false_duplicates():
    loaded = load("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n  z: 4\n")
    assert loaded.problems == []
    assert loaded.data["c"] == {"x": 1, "y": 3, "z": 4}


def test_merge_list_without_false_duplicates():
    loaded = load("p: &p {x: 1, y: 1}\nq: &q {y: 2, z: 2}\nc:\n  <<: [*p, *q]\n  x: 9\n")
    assert loaded.problems == []
    assert loaded.data["c"] == {"x": 9, "y": 1, "z": 2}


def test_merge_key_does_not_hide_real_duplicates():
    loaded = load("base: &b {x: 1}\nc:\n  <<: *b\n  z: 4\n  z: 5\n")
    assert summary(loaded) == [(5, 3, "duplicate-key")]
    assert "first defined on line 4" in loaded.problems[0].message


def test_merge_chain_in_document_order():
    text = "b: &b {x: 1}\nm: &m\n  <<: *b\n  x: 5\nt:\n  <<: *m\n  z: 3\n"
    loaded = load(text)
    assert loaded.problems == []
    assert loaded.data["m"] == {"x": 5} and loaded.data["t"] == {"x": 5, "z": 3}


def test_merge_chain_through_a_nested_anchor():
    text = textwrap.dedent("""\
        defs:
          base: &b {x: 1}
          mid: &m
            <<: *b
            x: 5
        top:
          <<: *m
          z: 3
    """)
    loaded = load(text)
    assert loaded.problems == []  # regression: an override after a merge key was once a duplicate key
    assert loaded.data["top"] == {"x": 5, "z": 3}


def test_merged_touchpoint_validates(check):
    text = VALID.replace("  - id: shop\n", "  - &base\n    id: shop\n").replace(
        "  - id: app\n    name: App\n    stage: use\n", "  - <<: *base\n    id: app\n    stage: use\n")
    result = validate_source(Source("j.yaml", text))
    assert result.problems == []
    assert [tp.name for tp in result.journey.touchpoints] == ["Advert", "Shop", "Shop"]


# -- SourceMap ----------------------------------------------------------------------------------------


@pytest.fixture
def source_map():
    return load(VALID).source_map


@pytest.mark.parametrize("path, key, expected", [
    ((), False, (1, 1)),
    (("version",), False, (1, 10)),
    (("version",), True, (1, 1)),
    (("journey", "id"), False, (3, 7)),
    (("journey", "id"), True, (3, 3)),
    (("journey", "stages"), False, (5, 11)),
    (("journey", "stages", 1), False, (5, 19)),
    (("touchpoints",), False, (7, 3)),
    (("touchpoints",), True, (6, 1)),
    (("touchpoints", 0), False, (7, 5)),
    (("touchpoints", 1, "stage"), False, (12, 12)),
    (("touchpoints", 1, "stage"), True, (12, 5)),
    (("touchpoints", 2, "name"), False, (14, 11)),
])
def test_source_map_locates_keys_and_values(source_map, path, key, expected):
    assert source_map.locate(path, key=key) == expected


@pytest.mark.parametrize("path, expected", [
    (("journey", "nope"), (3, 3)),  # an absent key: its nearest ancestor (the 'journey' value)
    (("touchpoints", 9, "id"), (7, 3)),  # index out of range: the list
    (("touchpoints", "id"), (7, 3)),  # a key on a list
    (("journey", 0), (3, 3)),  # an index on a mapping
    (("version", "x"), (1, 10)),  # below a scalar
])
def test_source_map_falls_back_to_nearest_ancestor(source_map, path, expected):
    assert source_map.locate(path) == expected


def test_source_map_without_document():
    assert SourceMap(None).locate(("a", 1)) == (1, 1)


def test_span_ends_after_the_value_and_never_at_the_next_item():
    from tpscore.source import Source
    from tpscore.yamlsafe import load_yaml

    text = "a: [x, yy]\nb:\n  - k: 1\n    m: abc\n  - k: 2\nc: |\n  text\nd: {p: 1}\n"
    spans = load_yaml(Source("s.yaml", text)).source_map.span
    assert spans(("a", 1)) == (1, 8, 1, 10)
    assert spans(("b", 0)) == (3, 5, 4, 11)  # the block mapping ends after 'abc', not at '- k: 2'
    assert spans(("c",)) == (6, 4, 7, None)  # a block scalar ends with its line
    assert spans(("d",)) == (8, 4, 8, 10)
    assert spans(("missing",)) == (1, 1, None, None)  # an ancestor stands in: no end
