"""Mermaid journey diagrams in and out.

The importer is tested on diagrams written the way Mermaid's documentation (docs/syntax/userJourney.md)
and its parser tests (packages/mermaid/src/diagrams/user-journey/parser/journey.spec.ts) write them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tpscore.mermaid_export import mermaid_text, to_mermaid
from tpscore.mermaid_import import MermaidError, emotion_of, parse_diagram, to_journey
from tpscore.model import build_journey
from tpscore.validate import validate_file

ROOT = Path(__file__).resolve().parents[1]

# Mermaid's documentation example, indented as the docs indent it.
DOCS_EXAMPLE = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""

# Mermaid's parser test "should handle a task definition": no indentation, optional space after ':',
# a task without actors and tasks with an empty actor list.
SPEC_TASKS = ("journey\n"
              "title Adding journey diagram functionality to mermaid\n"
              "section Documentation\n"
              "A task: 5: Alice, Bob, Charlie\n"
              "B task: 3:Bob, Charlie\n"
              "C task: 5\n"
              "D task: 5: Charlie, Alice\n"
              "E task: 5:\n"
              "section Another section\n"
              "P task: 5:\n"
              "Q task: 5:\n"
              "R task: 5:")

# Mermaid's parser test for a multi-line accDescr followed by a title on the closing line.
SPEC_ACC = ("journey\n"
            "accDescr {\n"
            "        A user journey for\n"
            "        family shopping\n"
            "      }"
            "title Adding journey diagram functionality to mermaid\n"
            "accTitle: Adding acc journey diagram functionality to mermaid\n"
            "section Order from website\n"
            "Add to cart: 4: Shopper\n")


def journey_of(text: str, hint: str = "journey") -> dict:
    return to_journey(parse_diagram(text), hint)


def errors_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(MermaidError) as caught:
        journey_of(text)
    return caught.value.problems


def test_docs_example():
    document = journey_of(DOCS_EXAMPLE)
    assert document["journey"] == {"id": "my-working-day", "name": "My working day",
                                   "stages": ["go-to-work", "go-home"]}
    rows = [(tp["id"], tp["stage"], tp.get("owner"), tp.get("actors"), tp["emotion"]) for tp in document["touchpoints"]]
    assert rows == [
        ("make-tea", "go-to-work", "me", ["Me"], 2),
        ("go-upstairs", "go-to-work", "me", ["Me"], 0),
        ("do-work", "go-to-work", "me", ["Me", "Cat"], -2),
        ("go-downstairs", "go-home", "me", ["Me"], 2),
        ("sit-down", "go-home", "me", ["Me"], 2),
    ]


def test_parser_spec_tasks():
    document = journey_of(SPEC_TASKS)
    assert document["journey"]["stages"] == ["documentation", "another-section"]
    touchpoints = document["touchpoints"]
    assert [tp["name"] for tp in touchpoints] == [f"{c} task" for c in "ABCDEPQR"]
    assert touchpoints[0]["actors"] == ["Alice", "Bob", "Charlie"] and touchpoints[0]["owner"] == "alice"
    assert touchpoints[1]["actors"] == ["Bob", "Charlie"]
    assert "owner" not in touchpoints[2] and "actors" not in touchpoints[2]  # "C task: 5"
    assert "owner" not in touchpoints[4] and "actors" not in touchpoints[4]  # "E task: 5:"
    assert {tp["emotion"] for tp in touchpoints} == {2, 0}


def test_parser_spec_accessibility():
    diagram = parse_diagram(SPEC_ACC)
    assert diagram.acc_descr == "A user journey for family shopping"
    assert diagram.title == "Adding journey diagram functionality to mermaid"
    assert diagram.acc_title == "Adding acc journey diagram functionality to mermaid"
    document = to_journey(diagram)
    assert document["journey"]["description"] == "A user journey for family shopping"


def test_acc_title_names_a_journey_without_title_and_single_line_acc_descr():
    document = journey_of("journey\n  accTitle: The title\n  accDescr: Shopping\n  section Order\n  Pay: 2: Me\n")
    assert (document["journey"]["name"], document["journey"]["description"]) == ("The title", "Shopping")


def test_break_variants_in_section_names_from_the_parser_spec():
    text = "journey\ntitle T\nsection Line1<br>Line2<br/>Line3</br />Line4<br\t/>Line5\nTask<BR>two: 3: Me\n"
    document = journey_of(text)
    assert document["journey"]["stages"] == ["line1-line2-line3-line4-line5"]
    assert document["touchpoints"][0]["name"] == "Task two"


def test_crlf_comments_directives_and_front_matter():
    text = ("---\r\ntitle: From front matter\r\nconfig:\r\n  journey: {useMaxWidth: true}\r\n---\r\n"
            "%%{init: {'theme': 'forest'}}%%\r\n"
            "%% a whole-line comment\r\n"
            "journey\r\n"
            "  section Order   %% trailing comment\r\n"
            "    Pick items: 4: Shopper # another comment style Mermaid skips\r\n")
    document = journey_of(text)
    assert document["journey"]["name"] == "From front matter"
    assert document["journey"]["stages"] == ["order"]
    assert document["touchpoints"][0] == {"id": "pick-items", "name": "Pick items", "stage": "order",
                                          "owner": "shopper", "actors": ["Shopper"], "emotion": 1}


def test_keywords_are_case_insensitive_and_title_keeps_colons():
    document = journey_of("Journey\nTITLE Boiler: repair\nSection Quote\nCall: 2: Sales\n")
    assert document["journey"]["name"] == "Boiler: repair"
    assert document["journey"]["stages"] == ["quote"]


def test_same_names_stay_distinct():
    text = "journey\ntitle T\nsection Visit\nCall: 3: A\nCall: 4: B\nsection Visit\nCall: 5: C\n"
    document = journey_of(text)
    assert document["journey"]["stages"] == ["visit", "visit-2"]
    assert [(tp["id"], tp["stage"]) for tp in document["touchpoints"]] == \
        [("call", "visit"), ("call-2", "visit"), ("call-3", "visit-2")]


def test_tasks_before_any_section_get_a_stage():
    document = journey_of("journey\nStart: 3: Me\n", "fallback-name")
    assert document["journey"] == {"id": "fallback-name", "name": "fallback-name", "stages": ["tasks"]}


def test_entities_decode():
    document = journey_of("journey\ntitle Plan #35;1\nsection S\nCall #58; the #quot;desk#quot;: 3: R#amp;D, Ops\n")
    assert document["journey"]["name"] == "Plan #1"
    assert document["touchpoints"][0]["name"] == 'Call : the "desk"'
    assert document["touchpoints"][0]["actors"] == ["R&D", "Ops"]
    assert document["touchpoints"][0]["owner"] == "r-d"


def test_a_diagram_without_tasks_says_so():
    problems = errors_of("journey\n  title Empty\n  section Nothing yet\n")
    assert len(problems) == 1 and "has no tasks" in problems[0][1]


@pytest.mark.parametrize(("text", "line", "words"), [
    ("journey\n  title T\n  section S\n    Make tea 5 Me\n", 4, "cannot read 'Make tea 5 Me'"),
    ("journey\nsection S\nTea: five: Me\n", 3, "score 'five'"),
    ("journey\nsection S\nTea: 7: Me\n", 3, "from 1 to 5"),
    ("journey\nsection S\nTea: 0\n", 3, "from 1 to 5"),
    ("journey\nsection S\nTea; coffee: 3: Me\n", 3, "';' is not allowed"),
    ("journey\nsection S: x\nTea: 3\n", 2, "cannot contain ':'"),
    ("\n%% comment\nflowchart LR\n  A --> B\n", 3, "Mermaid journey diagrams only"),
    ("title T\n", 1, "start with 'journey'"),
    ("", 1, "no 'journey' line"),
    ("---\ntitle: [unclosed\n---\njourney\n", 2, "front matter is not valid YAML"),
    ("---\ntitle: x\njourney\n", 1, "no closing '---'"),
    ("journey\naccDescr {\n  never closed\n", 2, "no closing '}'"),
    ("journey\nsection S\n: 3: Me\n", 3, "needs a name"),
])
def test_unreadable_lines_are_reported_with_their_line(text, line, words):
    problems = errors_of(text)
    assert problems[0][0] == line
    assert words in problems[0][1]


def test_every_bad_line_is_reported_not_only_the_first():
    problems = errors_of("journey\nsection S\nA\nB: 3\nC: 9\n")
    assert [line for line, _ in problems] == [3, 5]


@pytest.mark.parametrize(("score", "emotion"), [(1, -2), (1.4, -2), (1.5, -1), (2, -1), (2.5, 0), (3, 0),
                                                (3.4, 0), (3.5, 1), (4, 1), (4.5, 2), (5, 2)])
def test_score_to_emotion(score, emotion):
    assert emotion_of(score) == emotion


@pytest.mark.parametrize("name", ["Pay: now", "Ticket #4", "a; b", "50%% off", "journey planning", "Title deed",
                                  "section 2 review", "accTitle: x", "x <br> y", "{braces}", "tab\tand  spaces"])
def test_export_escapes_what_mermaid_reads_specially(name):
    line = mermaid_text(name)
    assert not any(char in re.sub(r"#\d+;", "", line) for char in ":;#%<>{}")
    parsed = parse_diagram(f"journey\nsection S\n{line}: 3: {mermaid_text('R, D: #1', actor=True)}\n")
    task = parsed.tasks()[0]
    assert task.name == " ".join(name.split())
    assert task.actors == ["R, D: #1"]


@pytest.mark.parametrize("example", sorted(p.name for p in (ROOT / "examples").glob("*.yaml")))
def test_examples_round_trip(example):
    journey = validate_file(str(ROOT / "examples" / example)).journey
    text, notes = to_mermaid(journey)
    assert notes == []
    back = build_journey(journey_of(text))
    assert back.name == journey.name
    assert back.stages == journey.stages
    assert [(tp.name, tp.stage, tp.emotion, tp.owner) for tp in back.touchpoints] == \
        [(tp.name, tp.stage, tp.emotion, tp.owner) for tp in journey.touchpoints]


names = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")), min_size=1, max_size=30) \
    .map(lambda s: " ".join(s.split())).filter(bool)
stage_ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)


@st.composite
def journeys(draw):
    stages = draw(st.lists(stage_ids, min_size=1, max_size=4, unique=True))
    touchpoints = []
    for number, stage in enumerate(stages):
        for k in range(draw(st.integers(0 if number else 1, 3))):
            touchpoint = {"id": f"t{number}-{k}", "name": draw(names), "stage": stage,
                          "emotion": draw(st.integers(-2, 2))}
            actors = draw(st.lists(names, max_size=3, unique=True))
            if actors:
                touchpoint["actors"] = actors
            touchpoints.append(touchpoint)
    return build_journey({"version": 1, "journey": {"id": "j", "name": draw(names), "stages": stages},
                          "touchpoints": touchpoints})


@given(journeys())
@settings(max_examples=150, deadline=None)
def test_export_then_import_keeps_stages_touchpoints_order_names_and_emotion(journey):
    back = build_journey(journey_of(to_mermaid(journey)[0]))
    assert back.name == journey.name
    assert back.stages == journey.stages
    assert [(tp.name, tp.stage, tp.emotion) for tp in back.touchpoints] == \
        [(tp.name, tp.stage, tp.emotion) for tp in journey.touchpoints]
    # A single actor that is already an id comes back as the owner alone.
    assert [tp.actors or (tp.owner,) for tp in back.touchpoints] == \
        [tp.actors or (tp.owner,) for tp in journey.touchpoints]


def test_export_notes_what_it_cannot_show():
    journey = build_journey({"version": 1, "journey": {"id": "j", "name": "J", "stages": ["a", "b"]},
                             "touchpoints": [{"id": "x", "name": "X", "stage": "b"},
                                             {"id": "y", "name": "Y", "stage": "a", "emotion": 1}]})
    text, notes = to_mermaid(journey)
    assert text == "journey\n    title J\n    section a\n      Y: 4\n    section b\n      X: 3\n"
    assert len(notes) == 2 and "out of stage order" in notes[0] and "drawn as neutral (3): x" in notes[1]


# -- the commands ---------------------------------------------------------------------------------------


def test_import_command_writes_a_valid_journey(tpscore, tmp_path):
    (tmp_path / "day.mmd").write_bytes(DOCS_EXAMPLE.replace("\n", "\r\n").encode())
    result = tpscore("import", "mermaid", "day.mmd", "-o", "day.yaml")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "day.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    assert validate_file(str(tmp_path / "day.yaml")).journey.name == "My working day"
    exported = tpscore("export", "mermaid", "day.yaml")
    assert exported.exit_code == 0
    assert exported.output.startswith(
        "journey\n    title My working day\n    section go-to-work\n      Make tea: 5: Me\n")


def test_import_command_reports_lines_and_writes_nothing(tpscore, tmp_path):
    (tmp_path / "bad.mmd").write_text("journey\nsection S\nTea: 9: Me\n", encoding="utf-8")
    result = tpscore("import", "mermaid", "bad.mmd", "-o", "bad.yaml")
    assert result.exit_code == 1
    assert "bad.mmd:3: task 'Tea' has score '9'" in result.output
    assert not (tmp_path / "bad.yaml").exists()


def test_import_command_refuses_names_the_format_refuses(tpscore, tmp_path):
    (tmp_path / "long.mmd").write_text(f"journey\nsection S\n{'x' * 2500}: 3\n", encoding="utf-8")
    result = tpscore("import", "mermaid", "long.mmd")
    assert result.exit_code == 1 and "does not make a valid journey" in result.output


def test_export_command_on_an_invalid_journey_shows_its_problems(tpscore):
    result = tpscore("export", "mermaid", str(ROOT / "examples" / "invalid" / "typo-key.yaml"))
    assert result.exit_code == 1 and "typo-key.yaml:14:9" in result.output


def test_missing_file_is_exit_2(tpscore):
    assert tpscore("import", "mermaid", "nope.mmd").exit_code == 2
    assert tpscore("export", "mermaid", "nope.yaml").exit_code == 2
