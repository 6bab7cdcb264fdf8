"""Render validation problems: plain ``file:line:col: message``, rich, JSON, GitHub annotations."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import TYPE_CHECKING

from ..problems import Problem

if TYPE_CHECKING:
    from ..validate import ValidationSummary


def problem_line(problem: Problem) -> str:
    """``file:line:col: message [path]`` on exactly one line, whatever the file's text holds."""
    text = f"{problem.location}: {problem.full_message()}"
    if problem.path:
        text += f" [{problem.json_path}]"
    return text.replace("\r", "\\r").replace("\n", "\\n")


def rich_text(problem: Problem):
    """A rich Text for one problem; user text is appended as plain text, never parsed as markup."""
    from rich.text import Text

    from ..console import replace_controls

    problem = Problem(*(replace_controls(v) if isinstance(v, str) else v for v in astuple_shallow(problem)))
    text = Text()
    text.append(problem.location, style="bold")
    text.append(": ")
    text.append(problem.message, style="red")
    if problem.found is not None:
        text.append(": found ")
        text.append(problem.found, style="yellow")
    if problem.expected is not None:
        text.append(", expected " if problem.found is not None else ": expected ")
        text.append(problem.expected, style="green")
    if problem.hint:
        text.append(f" ({problem.hint})", style="cyan")
    if problem.path:
        text.append(f" [{problem.json_path}]", style="dim")
    return text


def astuple_shallow(problem: Problem) -> tuple:
    return tuple(getattr(problem, f.name) for f in fields(problem))


def validation_json(summary: ValidationSummary, color: bool = False) -> str:
    """``tpscore validate -f json``: the versioned object of schemas/validate.schema.json."""
    return json.dumps(summary.to_dict(), indent=2, ensure_ascii=False)
