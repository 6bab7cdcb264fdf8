"""Located problems: the one shape every error and finding message takes before it is rendered."""

from __future__ import annotations

import contextvars
import difflib
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass


def json_path(parts: Sequence[str | int]) -> str:
    """Render a path of keys and indices as a JSONPath (``$.touchpoints[2].stage``)."""
    out = ["$"]
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif part.replace("_", "a").replace("-", "a").isalnum() and not part[:1].isdigit():
            out.append(f".{part}")
        else:
            escaped = json.dumps(part, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'")
            out.append(f"['{escaped}']")
    return "".join(out)


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input file, located at ``file:line:column`` (1-based).

    ``kind`` is a stable machine key (``unknown-key``, ``type``, ``reference``...); ``message`` is the
    sentence a person reads; ``found``/``expected``/``hint`` carry the parts a renderer may style.
    """

    file: str
    line: int
    column: int
    kind: str
    message: str
    path: tuple[str | int, ...] = ()
    found: str | None = None
    expected: str | None = None
    hint: str | None = None

    @property
    def json_path(self) -> str:
        return json_path(self.path)

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def full_message(self) -> str:
        """The message with what was found, expected and any hint, as one line of plain text."""
        text = self.message
        if self.found is not None and self.expected is not None:
            text += f": found {self.found}, expected {self.expected}"
        elif self.expected is not None:
            text += f": expected {self.expected}"
        elif self.found is not None:
            text += f": found {self.found}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.json_path,
            "kind": self.kind,
            "message": self.full_message(),
            "found": self.found,
            "expected": self.expected,
            "hint": self.hint,
        }


#: "Did you mean" hints compare a word with every choice, so thousands of bad references to thousands of
#: ids would take minutes. Each file (and each run) gets this many word-to-choice comparisons; once they are
#: spent, problems come without a hint. Words longer than HINT_MAX_WORD (never a typo) get none.
HINT_COMPARISONS_PER_FILE = 20_000
HINT_COMPARISONS_PER_RUN = 100_000
HINT_MAX_WORD = 100


class HintBudget:
    """A number of comparisons "did you mean" hints may still spend."""

    def __init__(self, comparisons: int) -> None:
        self.left = comparisons

    @classmethod
    def per_file(cls) -> HintBudget:
        return cls(HINT_COMPARISONS_PER_FILE)

    @classmethod
    def per_run(cls) -> HintBudget:
        return cls(HINT_COMPARISONS_PER_RUN)

    @staticmethod
    def spend(budgets: Sequence[HintBudget], count: int) -> bool:
        """Take ``count`` from every budget if all of them still have it (a refusal costs nothing)."""
        if any(budget.left < count for budget in budgets):
            return False
        for budget in budgets:
            budget.left -= count
        return True


_BUDGETS: contextvars.ContextVar[tuple[HintBudget, ...]] = contextvars.ContextVar("hint_budgets", default=())


@contextmanager
def hint_budget(budget: HintBudget) -> Iterator[HintBudget]:
    """Hints computed inside spend ``budget`` (and every budget already active around it)."""
    token = _BUDGETS.set((*_BUDGETS.get(), budget))
    try:
        yield budget
    finally:
        _BUDGETS.reset(token)


def closest(word: object, choices: Iterable[str]) -> str | None:
    """The choice ``word`` is most likely a misspelling of, if any is close enough (and the hint budget
    allows the comparisons)."""
    if not isinstance(word, str) or len(word) > HINT_MAX_WORD:
        return None
    choices = list(choices)
    if not HintBudget.spend(_BUDGETS.get(), len(choices)):
        return None
    matches = difflib.get_close_matches(word, [c for c in choices if len(c) <= HINT_MAX_WORD], n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: object, choices: Iterable[str]) -> str | None:
    """A "did you mean `x`?" hint when ``word`` is a near miss of one of ``choices``."""
    match = closest(word, choices)
    return f"did you mean '{match}'?" if match else None


def describe(value: object, limit: int = 40) -> str:
    """Short, safe rendering of a found value for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return repr(text)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__
