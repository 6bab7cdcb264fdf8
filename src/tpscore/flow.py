"""The journey as a graph: successors, entries, reachability, path ends and loops. All linear."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Touchpoint


@dataclass(frozen=True)
class Flow:
    """Indices refer to the touchpoints' order in the file."""

    successors: tuple[tuple[int, ...], ...]
    entries: tuple[int, ...]
    reachable: frozenset[int]
    ends: frozenset[int]
    dead_ends: frozenset[int]
    loop_edges: tuple[tuple[int, int], ...]
    first: int
    final: int
    happy_end: int

    @property
    def unreachable(self) -> list[int]:
        return [i for i in range(len(self.successors)) if i not in self.reachable]


def analyse_flow(touchpoints: Sequence[Touchpoint]) -> Flow:
    """Build the flow graph.

    A touchpoint goes to its ``next`` ids, or by default to the next touchpoint listed on the same
    path. The customer enters at the first happy touchpoint and may branch into any unhappy or
    recovery path that nothing points to (things can go wrong at any time). A path *end* is a
    touchpoint with no later successor on its own path; a *dead end* is an end with no successor
    at all while later touchpoints on its path exist.
    """
    count = len(touchpoints)
    index_of = {tp.id: i for i, tp in enumerate(touchpoints)}
    next_on_path: list[int | None] = [None] * count
    later: dict[str, int] = {}
    for i in range(count - 1, -1, -1):
        path = touchpoints[i].path
        next_on_path[i] = later.get(path)
        later[path] = i

    successors: list[tuple[int, ...]] = []
    has_predecessor = [False] * count
    loops: list[tuple[int, int]] = []
    for i, tp in enumerate(touchpoints):
        if tp.next is not None:
            targets = tuple(index_of[t] for t in tp.next if t in index_of)
        else:
            default = next_on_path[i]
            targets = () if default is None else (default,)
        successors.append(targets)
        for j in targets:
            if j != i:
                has_predecessor[j] = True
            if j <= i:
                loops.append((i, j))

    first = next((i for i, tp in enumerate(touchpoints) if tp.path == "happy"), 0)
    entries = [first] + [i for i, tp in enumerate(touchpoints)
                         if tp.path != "happy" and not has_predecessor[i] and i != first]
    reachable = reachable_from(entries, successors)

    ends, dead_ends = set(), set()
    for i, tp in enumerate(touchpoints):
        if not any(j > i and touchpoints[j].path == tp.path for j in successors[i]):
            ends.add(i)
            if not successors[i] and next_on_path[i] is not None:
                dead_ends.add(i)
    happy = [i for i, tp in enumerate(touchpoints) if tp.path == "happy"]
    return Flow(
        successors=tuple(successors), entries=tuple(entries), reachable=frozenset(reachable),
        ends=frozenset(ends), dead_ends=frozenset(dead_ends), loop_edges=tuple(loops), first=first,
        final=count - 1, happy_end=happy[-1] if happy else count - 1,
    )


def reachable_from(entries: Sequence[int], successors: Sequence[Sequence[int]]) -> set[int]:
    """Every touchpoint reachable from ``entries`` along ``successors`` (the entries included)."""
    seen = set(entries)
    stack = list(entries)
    while stack:
        for j in successors[stack.pop()]:
            if j not in seen:
                seen.add(j)
                stack.append(j)
    return seen
