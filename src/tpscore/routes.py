"""Customer routes through the ``next`` graph: where routes end, who takes them, what they meet.

Customers enter the journey (at the first happy touchpoint, and at any unhappy or recovery path
nothing leads to) and follow ``next``. A route *ends* where a customer leaves the journey: at a
touchpoint with nothing after it, or where they loop back (to the start, or to a touchpoint already
on their route: a renewal, a repeat purchase) - those customers' pass through the journey is over.
An unhappy touchpoint that leads into a recovery is not an end: the recovery continues the route.

Customers divide at a branch by the successors' ``metrics.volume`` when every one is given, equally
otherwise. Everything is computed from the graph, never from list positions, so listing touchpoints
in another order with the same graph changes nothing. One pass over the graph, plus one per ending.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .flow import Flow
from .flow import reachable_from as walk
from .model import Touchpoint


@dataclass(frozen=True)
class Route:
    """The customers who end at ``ending``: how many (None without volumes) and their share of all
    customers; ``members`` the touchpoints they can meet on the way."""

    ending: int
    members: frozenset[int]
    customers: int | None
    share: float


@dataclass(frozen=True)
class Travel:
    """Customers sent through the graph once. Per touchpoint: ``mass`` (customers reaching it) and
    ``peaks`` (how they divide by the most intense moment met so far; -1 is "none yet"). Per ending:
    ``survived`` (share of the ending's customers with no bad outcome) and ``reach`` (per touchpoint,
    the share of the ending's customers who passed it)."""

    mass: tuple[float, ...]
    peaks: tuple[dict[int, float], ...]
    survived: dict[int, float]
    reach: dict[int, tuple[float, ...]]


def back_edges(successors: Sequence[Sequence[int]], entries: Sequence[int], ids: Sequence[str]) -> set[tuple[int, int]]:
    """Edges that close a loop (to a touchpoint already on the current route), found by a depth-first
    walk from the entries taken in id order, then from any touchpoint not yet walked (a loop nobody
    can reach is still a loop), successors in their ``next`` order: graph data only."""
    state = [0] * len(successors)  # 0 unseen, 1 on the current route, 2 done
    loops: set[tuple[int, int]] = set()
    rest = sorted(set(range(len(successors))) - set(entries), key=lambda i: ids[i])
    for start in sorted(entries, key=lambda i: ids[i]) + rest:
        if state[start]:
            continue
        state[start] = 1
        stack = [(start, iter(successors[start]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state[child] == 1:
                loops.add((node, child))
            elif state[child] == 0:
                state[child] = 1
                stack.append((child, iter(successors[child])))
    return loops


def loop_edges(touchpoints: Sequence[Touchpoint], flow: Flow) -> set[tuple[int, int]]:
    """The edges customers loop back along: back edges, and any edge to where the journey starts."""
    ids = [tp.id for tp in touchpoints]
    return back_edges(flow.successors, flow.entries, ids) | {
        (i, j) for i, succ in enumerate(flow.successors) for j in succ if j == flow.first}


def _volume(tp: Touchpoint) -> int | None:
    return tp.metrics.volume if tp.metrics is not None else None


def _splits(i: int, successors: Sequence[Sequence[int]], touchpoints: Sequence[Touchpoint]) -> list[tuple[int, float]]:
    """How the customers leaving ``i`` divide between its successors: by their volumes when all are
    given (and not all zero), equally otherwise."""
    targets = successors[i]
    volumes = [_volume(touchpoints[j]) for j in targets]
    known = [v for v in volumes if v is not None]
    if len(known) == len(volumes) and sum(known) > 0:
        total = sum(known)
        return [(j, v / total) for j, v in zip(targets, known)]
    return [(j, 1.0 / len(targets)) for j in targets]


def _order(forward: Sequence[Sequence[int]], reachable: set[int]) -> list[int]:
    """Touchpoints in an order where each comes after all that lead to it (Kahn; ties by position)."""
    indegree = dict.fromkeys(reachable, 0)
    for i in reachable:
        for j in forward[i]:
            indegree[j] += 1
    ready = sorted((i for i, d in indegree.items() if d == 0), reverse=True)
    order = []
    while ready:
        i = ready.pop()
        order.append(i)
        for j in forward[i]:
            indegree[j] -= 1
            if indegree[j] == 0:
                ready.append(j)
    return order


Felt = Callable[[dict[int, float], int], dict[int, float]]


def follow(touchpoints: Sequence[Touchpoint], flow: Flow, loops: set[tuple[int, int]],
           chances: Sequence[float], felt: Felt) -> tuple[tuple[Route, ...], list[tuple[int, ...]], Travel]:
    """Send the customers through the journey: the routes (in ending id order), the forward edges
    (``next`` without the loops) and what the customers met on the way.

    ``loops`` are :func:`loop_edges`. Each entry starts with its volume (1 each when any entry has
    none); each touchpoint gives a bad outcome to a share ``chances[i]`` of the customers still
    fine; ``felt(peaks, i)`` updates how the customers divide by their peak after meeting ``i``. A
    touchpoint is an ending for the customers who leave it along a loop or have nowhere to go;
    shares follow how many end where.
    """
    ids = [tp.id for tp in touchpoints]
    forward = [tuple(j for j in succ if (i, j) not in loops) for i, succ in enumerate(flow.successors)]
    reachable = walk(flow.entries, forward)
    volumes = [_volume(touchpoints[e]) for e in flow.entries]
    counted = all(v is not None and v > 0 for v in volumes)
    count = len(touchpoints)
    mass, fine = [0.0] * count, [0.0] * count
    peaks: list[dict[int, float]] = [{} for _ in range(count)]
    for e, v in zip(flow.entries, volumes if counted else [1] * len(volumes)):
        mass[e] += float(v or 1)
        fine[e] += float(v or 1)
        peaks[e][-1] = peaks[e].get(-1, 0.0) + float(v or 1)
    order = _order(forward, reachable)
    leaving = [0.0] * count  # customers whose route ends at each touchpoint
    for i in order:
        fine[i] *= 1.0 - chances[i]
        peaks[i] = felt(peaks[i], i)
        if not flow.successors[i]:
            leaving[i] = mass[i]
        for j, part in _splits(i, flow.successors, touchpoints):
            if (i, j) in loops:
                leaving[i] += mass[i] * part
                continue
            mass[j] += mass[i] * part
            fine[j] += fine[i] * part
            for peak, amount in peaks[i].items():
                peaks[j][peak] = peaks[j].get(peak, 0.0) + amount * part
    endings = sorted((i for i in reachable if not forward[i] or any((i, j) in loops for j in flow.successors[i])),
                     key=lambda i: ids[i])
    total = math.fsum(leaving[e] for e in endings)
    backward: list[list[int]] = [[] for _ in touchpoints]
    for i, succ in enumerate(forward):
        for j in succ:
            backward[j].append(i)
    routes, reach_of = [], {}
    for e in endings:
        members = frozenset(walk([e], backward) & reachable)
        share = leaving[e] / total if total > 0 else 1.0 / len(endings)
        routes.append(Route(e, members, round(leaving[e]) if counted else None, share))
        reach_of[e] = _reach(e, order, flow.successors, touchpoints, mass, loops)
    survived = {e: fine[e] / mass[e] if mass[e] > 0 else 1.0 for e in endings}
    return tuple(routes), forward, Travel(tuple(mass), tuple(peaks), survived, reach_of)


def _reach(ending: int, order: Sequence[int], successors: Sequence[Sequence[int]],
           touchpoints: Sequence[Touchpoint], mass: Sequence[float], loops: set[tuple[int, int]]) -> tuple[float, ...]:
    """Per touchpoint, the share of the customers arriving at ``ending`` who passed it: its customers
    times the share of them who go on to arrive there, over the ending's customers."""
    onward = [0.0] * len(successors)
    onward[ending] = 1.0
    for i in reversed(order):
        if i != ending:
            onward[i] = math.fsum(onward[j] * part for j, part in _splits(i, successors, touchpoints)
                                  if (i, j) not in loops)
    arrived = mass[ending]
    return tuple(min(1.0, mass[i] * onward[i] / arrived) if arrived > 0 else 0.0 for i in range(len(successors)))
