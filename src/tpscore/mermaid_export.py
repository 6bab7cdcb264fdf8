"""Write a journey as a Mermaid ``journey`` diagram (the inverse of :mod:`tpscore.mermaid_import`).

Each stage becomes a section (in ``journey.stages`` order, so a stage with no touchpoint is an empty
section), each touchpoint a task scored ``emotion + 3`` (1..5; an unknown emotion is drawn neutral, 3)
with its actors, else its owner, as the actors. Mermaid reads ``#`` and ``%%`` as comments, ``:`` and
``;`` as separators and ``,`` between actors, so those characters are written as Mermaid entity codes
(``#35;``), which Mermaid shows as the character itself.
"""

from __future__ import annotations

import re

from .model import Journey

_SPECIAL = {"#": "#35;", ":": "#58;", ";": "#59;", "%": "#37;", "<": "#60;", ">": "#62;", "{": "#123;",
            "}": "#125;"}
# Text that Mermaid's lexer would read as a keyword when it starts a line.
_KEYWORD_START = re.compile(r"(?i)^(journey|title\s|section\s|acctitle|accdescr)")


def mermaid_text(text: str, actor: bool = False) -> str:
    """``text`` safe to place in a title, section, task or (``actor=True``) actor list."""
    escaped = "".join(_SPECIAL.get(char, char) for char in " ".join(text.split()))
    if actor:
        escaped = escaped.replace(",", "#44;")
    if _KEYWORD_START.match(escaped):
        escaped = f"#{ord(escaped[0])};{escaped[1:]}"
    return escaped


def score_of(emotion: int | None) -> int:
    """tpscore's emotion -2..+2 as Mermaid's 1..5 score; unknown is neutral (3)."""
    return 3 + (emotion or 0)


def to_mermaid(journey: Journey) -> tuple[str, list[str]]:
    """The diagram text, and notes on what the diagram cannot show exactly (for standard error)."""
    notes: list[str] = []
    lines = ["journey", f"    title {mermaid_text(journey.name)}"]
    if journey.description:
        lines.append(f"    accDescr: {mermaid_text(journey.description)}")
    by_stage: dict[str, list] = {stage: [] for stage in journey.stages}
    for touchpoint in journey.touchpoints:
        by_stage[touchpoint.stage].append(touchpoint)
    grouped = [tp for stage in journey.stages for tp in by_stage[stage]]
    if [tp.id for tp in grouped] != [tp.id for tp in journey.touchpoints]:
        notes.append("touchpoints are listed out of stage order; the diagram groups them by stage")
    unknown = [tp.id for tp in journey.touchpoints if tp.emotion is None]
    if unknown:
        notes.append(f"{len(unknown)} touchpoint{'s' * (len(unknown) != 1)} with no emotion drawn as neutral (3): "
                     + ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else ""))
    for stage in journey.stages:
        lines.append(f"    section {mermaid_text(stage)}")
        for touchpoint in by_stage[stage]:
            actors = touchpoint.actors or ((touchpoint.owner,) if touchpoint.owner else ())
            name = mermaid_text(touchpoint.name) or touchpoint.id  # a name of blanks would vanish
            task = f"      {name}: {score_of(touchpoint.emotion)}"
            if actors:
                task += ": " + ", ".join(mermaid_text(actor, actor=True) for actor in actors)
            lines.append(task)
    return "\n".join(lines) + "\n", notes
