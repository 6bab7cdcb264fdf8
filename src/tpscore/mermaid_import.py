"""Read a Mermaid ``journey`` diagram and turn it into a format-v1 journey document.

The reading follows Mermaid's own grammar (packages/mermaid/src/diagrams/user-journey/parser/journey.jison):
keywords are case-insensitive; ``%%`` starts a comment (``%%{...}%%`` is a directive) and so does ``#``,
except in an entity such as ``#35;`` or ``#quot;``; ``title`` runs to the end of the line; a section name
stops at ``:``; a task is ``Name: score: actor, actor`` where only the first two ``:``-fields count; ``;``
is not allowed. Names may hold ``<br>`` line breaks. Optional YAML front matter (``---`` lines) may
give the title.

Mapping (documented in docs/guide.md): sections become stages, tasks touchpoints in order; the score
1..5 becomes emotion ``score - 3`` (-2..+2); the first actor becomes the owner and all actors are kept
in ``actors``; ``accTitle`` names the journey when there is no title, ``accDescr`` becomes its description.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

from .slugs import SlugMaker, slugify

_ENTITY = re.compile(r"#(\w+);")
_PLACEHOLDER = "\x00{}\x01"  # keeps an entity's '#' and ';' away from the comment and separator rules
_BREAK = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.IGNORECASE)
_KEYWORD = re.compile(r"(?i)^(title|section)(?:\s+(.*))?$")
_ACC = re.compile(r"(?i)^acc(title|descr)\s*(:|\{)\s*(.*)$")
_SCORE = re.compile(r"^[-+]?\d+(\.\d+)?$")
UNSECTIONED = "Tasks"  # Mermaid accepts tasks before the first section; they get a stage of this name


class MermaidError(ValueError):
    """Why a diagram could not be read: one message per problem, each with its 1-based line."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"line {line}: {message}" for line, message in problems))


@dataclass
class Task:
    name: str
    score: float
    actors: list[str]
    line: int


@dataclass
class Section:
    name: str
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Diagram:
    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    sections: list[Section] = field(default_factory=list)

    def tasks(self) -> list[Task]:
        return [task for section in self.sections for task in section.tasks]


def _protect(line: str) -> tuple[str, list[str]]:
    found: list[str] = []

    def keep(match: re.Match) -> str:
        found.append(match.group(1))
        return _PLACEHOLDER.format(len(found) - 1)

    return _ENTITY.sub(keep, line), found


def _restore(text: str, entities: list[str]) -> str:
    """Put entities back decoded (``#35;`` -> ``#``, ``#quot;`` -> ``"``) and ``<br>`` as a space."""
    def decode(match: re.Match) -> str:
        name = entities[int(match.group(1))]
        if name.isdigit():
            code = int(name)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else f"#{name};"
        decoded = html.unescape(f"&{name};")
        return f"#{name};" if decoded == f"&{name};" else decoded

    # Breaks first: an entity-encoded "#60;br#62;" is text the author wanted shown, not a break.
    return " ".join(re.sub("\x00(\\d+)\x01", decode, _BREAK.sub(" ", text)).split())


def _strip_comment(line: str) -> str:
    """Drop a ``%%`` or ``#`` comment (entities are already placeholders, so their ``#`` is safe)."""
    for marker in ("%%", "#"):
        at = line.find(marker)
        if at >= 0:
            line = line[:at]
    return line


def _front_matter(lines: list[str]) -> tuple[int, str | None, list[tuple[int, str]]]:
    """Skip YAML front matter; return the index of the first line after it, its title, its problems."""
    if not lines or lines[0].strip() != "---":
        return 0, None, []
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        return len(lines), None, [(1, "front matter starts with '---' but has no closing '---' line")]
    import yaml

    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        return end + 1, None, [(line, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}")]
    title = data.get("title") if isinstance(data, dict) else None
    return end + 1, (" ".join(str(title).split()) or None) if title is not None else None, []


def parse_diagram(text: str) -> Diagram:
    """Read a Mermaid journey diagram; raises :class:`MermaidError` listing every unreadable line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start, front_title, problems = _front_matter(lines)
    diagram = Diagram(title=front_title)
    seen_header = False
    number = start
    while number < len(lines):
        raw, line_no = lines[number], number + 1
        number += 1
        protected, entities = _protect(raw.lstrip("\ufeff"))
        stripped = protected.strip()
        if stripped.startswith("%%"):
            continue  # a comment or a %%{init: ...}%% directive
        content = _strip_comment(protected).strip()
        if not content:
            continue
        if not seen_header:
            if content.lower() != "journey":
                word = content.split()[0]
                problems.append((line_no, f"expected the diagram to start with 'journey', found {word!r}"
                                          + (" (tpscore reads Mermaid journey diagrams only)" if word.lower()
                                             in _OTHER_DIAGRAMS else "")))
                break
            seen_header = True
            continue
        acc = _ACC.match(content)
        if acc:
            kind, opener, rest = acc.groups()
            if opener == "{":
                # accDescr { ... } may span lines; it ends at the first '}', and what follows it on
                # that line is read as the next statement (Mermaid's own tests write it so).
                body = [raw.split("{", 1)[1]]
                while "}" not in body[-1] and number < len(lines):
                    body.append(lines[number])
                    number += 1
                if "}" not in body[-1]:
                    problems.append((line_no, "accDescr { has no closing '}'"))
                    break
                body[-1], after = body[-1].split("}", 1)
                if after.strip():
                    lines[number - 1] = after
                    number -= 1
                value, value_entities = _protect(" ".join(body))
                diagram.acc_descr = _restore(value, value_entities) or None
            elif kind.lower() == "title":
                diagram.acc_title = _restore(rest, entities) or None
            else:
                diagram.acc_descr = _restore(rest, entities) or None
            continue
        if ";" in content:
            problems.append((line_no, "';' is not allowed in a Mermaid journey (write #59; for a semicolon)"))
            continue
        keyword = _KEYWORD.match(content)
        if keyword and keyword.group(2) is not None:
            if keyword.group(1).lower() == "section" and ":" in keyword.group(2):
                problems.append((line_no, "a section name cannot contain ':' (write #58; for a colon)"))
                continue
            value = _restore(keyword.group(2), entities)
            if keyword.group(1).lower() == "title":
                diagram.title = value or diagram.title
            elif value:
                diagram.sections.append(Section(value))
            else:
                problems.append((line_no, "a section needs a name"))
            continue
        task = _task(content, entities, line_no, problems)
        if task is not None:
            if not diagram.sections:
                diagram.sections.append(Section(UNSECTIONED))
            diagram.sections[-1].tasks.append(task)
    if not seen_header and not problems:
        problems.append((max(len(lines), 1), "no 'journey' line: this is not a Mermaid journey diagram"))
    if problems:
        raise MermaidError(problems)
    return diagram


_OTHER_DIAGRAMS = {"graph", "flowchart", "sequencediagram", "classdiagram", "statediagram", "statediagram-v2",
                   "erdiagram", "gantt", "pie", "gitgraph", "mindmap", "timeline", "quadrantchart", "kanban"}


def _task(content: str, entities: list[str], line_no: int, problems: list[tuple[int, str]]) -> Task | None:
    if ":" not in content:
        problems.append((line_no, f"cannot read {_restore(content, entities)!r}: expected 'Task name: score: actors', "
                                  "'section Name' or 'title Text'"))
        return None
    name, data = content.split(":", 1)
    pieces = data.split(":")
    score_text = pieces[0].strip()
    name = _restore(name, entities)
    if not name:
        problems.append((line_no, "a task needs a name before ':'"))
        return None
    if not _SCORE.match(score_text) or not 1 <= float(score_text) <= 5:
        problems.append((line_no, f"task {name!r} has score {score_text!r}: expected a number from 1 to 5 "
                                  "(1 very negative .. 5 very positive)"))
        return None
    actors = [_restore(actor, entities) for actor in pieces[1].split(",")] if len(pieces) > 1 else []
    return Task(name, float(score_text), [actor for actor in actors if actor], line_no)


def emotion_of(score: float) -> int:
    """Mermaid's 1..5 score as tpscore's emotion -2..+2: 3 is neutral, halves round up (4.5 is +2)."""
    return math.floor(score - 3 + 0.5)


def to_journey(diagram: Diagram, name_hint: str = "journey") -> dict:
    """The format-v1 journey document for ``diagram``; ``name_hint`` names it when the diagram has
    neither a title nor an accTitle (the file name, say)."""
    tasks = diagram.tasks()
    if not tasks:
        raise MermaidError([(1, "the diagram has no tasks ('Task name: score: actors' lines); a journey needs "
                                "at least one touchpoint")])
    name = diagram.title or diagram.acc_title or name_hint
    journey: dict = {"id": slugify(name, "journey"), "name": name}
    if diagram.acc_descr:
        journey["description"] = diagram.acc_descr
    stage_ids, touchpoint_ids = SlugMaker("stage"), SlugMaker("touchpoint")
    stages: list[str] = []
    touchpoints: list[dict] = []
    for section in diagram.sections:
        stage = stage_ids(section.name)
        stages.append(stage)
        for task in section.tasks:
            touchpoint: dict = {"id": touchpoint_ids(task.name), "name": task.name, "stage": stage}
            if task.actors:
                owner = slugify(task.actors[0], "")
                if owner:
                    touchpoint["owner"] = owner
                if len(task.actors) > 1 or task.actors[0] != owner:
                    touchpoint["actors"] = list(dict.fromkeys(task.actors))
            touchpoint["emotion"] = emotion_of(task.score)
            touchpoints.append(touchpoint)
    journey["stages"] = stages
    return {"version": 1, "journey": journey, "touchpoints": touchpoints}
