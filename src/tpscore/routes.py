"""Customer routes through the ``next`` graph: where routes end, who takes them, what they meet.

Customers enter the journey (at the first happy touchpoint, and at any unhappy or recovery path
nothing leads to) and follow ``next``. A route *ends* where a customer leaves the journey: at a
touchpoint with nothing after it, or where they loop back (to the start, or to a touchpoint already
on their route: a renewal, a repeat purchase) - those customers' pass through the journey is over.
An unhappy touchpoint that leads into a recovery is not an end: the recovery continues the route.

Customers divide at a branch by the successors' ``metrics.volume`` when every one is given, equally
otherwise. Everything is computed from the graph, never from list positions, so listing touchpoints
in another order with the same graph changes nothing. One pass over the graph, plus one per ending.

How many customers end where (:func:`route_customers`) is read from the measured volumes where they
say it, and never exceeds what they allow; only the rest is estimated from how customers divide.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .flow import Flow
from .flow import reachable_from as walk
from .model import Touchpoint


@dataclass(frozen=True)
class Route:
    """The customers who end at ``ending``: how many (None without volumes), whether that count is
    ``estimated`` (False: a measured volume says it) and their share of the customers whose routes
    end; ``members`` the touchpoints they can meet on the way."""

    ending: int
    members: frozenset[int]
    customers: int | None
    share: float
    estimated: bool | None = None


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
    #: Per touchpoint, the customers still fine after meeting it (what a re-walk starts from).
    fine: tuple[float, ...] = ()


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


@dataclass(frozen=True)
class Paths:
    """Where customers go, which depends on the graph and the volumes only, never on what they meet
    at a touchpoint: so a what-if that changes only frictions, effort or emotions reuses it whole.

    ``order`` lists the reachable touchpoints, each after all that lead to it; ``incoming[j]`` the
    (touchpoint, share of its customers) pairs feeding ``j``, in the order the walk adds them (the
    order floating-point sums must keep to stay exact); ``start`` the customers entering at each entry."""

    routes: tuple[Route, ...]
    forward: list[tuple[int, ...]]
    order: tuple[int, ...]
    incoming: tuple[tuple[tuple[int, float], ...], ...]
    start: dict[int, float]
    mass: tuple[float, ...]
    reach: dict[int, tuple[float, ...]]


def paths(touchpoints: Sequence[Touchpoint], flow: Flow, loops: set[tuple[int, int]]) -> Paths:
    """The routes (in ending id order), the forward edges (``next`` without the loops) and how many
    customers reach each touchpoint. ``loops`` are :func:`loop_edges`. Each entry starts with its
    volume (1 each when any entry has none); a touchpoint is an ending for the customers who leave it
    along a loop or have nowhere to go; shares follow how many end where."""
    ids = [tp.id for tp in touchpoints]
    forward = [tuple(j for j in succ if (i, j) not in loops) for i, succ in enumerate(flow.successors)]
    reachable = walk(flow.entries, forward)
    volumes = [_volume(touchpoints[e]) for e in flow.entries]
    counted = all(v is not None and v > 0 for v in volumes)
    count = len(touchpoints)
    mass = [0.0] * count
    start: dict[int, float] = {}
    for e, v in zip(flow.entries, volumes if counted else [1] * len(volumes)):
        mass[e] += float(v or 1)
        start[e] = start.get(e, 0.0) + float(v or 1)
    order = _order(forward, reachable)
    splits = {i: _splits(i, flow.successors, touchpoints) for i in order}
    incoming: list[list[tuple[int, float]]] = [[] for _ in range(count)]
    leaving = [0.0] * count  # customers whose route ends at each touchpoint
    for i in order:
        if not flow.successors[i]:
            leaving[i] = mass[i]
        for j, part in splits[i]:
            if (i, j) in loops:
                leaving[i] += mass[i] * part
                continue
            mass[j] += mass[i] * part
            incoming[j].append((i, part))
    endings = sorted((i for i in reachable if not forward[i] or any((i, j) in loops for j in flow.successors[i])),
                     key=lambda i: ids[i])
    backward: list[list[int]] = [[] for _ in touchpoints]
    for i, succ in enumerate(forward):
        for j in succ:
            backward[j].append(i)
    counts = (route_customers(touchpoints, flow, forward, backward, order, endings, leaving) if counted
              else {e: (leaving[e], None) for e in endings})
    total = math.fsum(amount for amount, _ in counts.values())
    whole = _whole([counts[e][0] for e in endings])
    routes, reach_of = [], {}
    for e, people in zip(endings, whole):
        members = frozenset(walk([e], backward) & reachable)
        amount, estimated = counts[e]
        share = amount / total if total > 0 else 1.0 / len(endings)
        routes.append(Route(e, members, people if counted else None, share, estimated))
        reach_of[e] = _reach(e, order, splits, mass, loops)
    return Paths(tuple(routes), forward, tuple(order), tuple(tuple(pairs) for pairs in incoming), start,
                 tuple(mass), reach_of)


def travel(way: Paths, chances: Sequence[float], felt: Felt, before: Travel | None = None,
           risked: Iterable[int] = (), feeling: Iterable[int] = ()) -> Travel:
    """Send the customers along ``way``: each touchpoint gives a bad outcome to a share ``chances[i]``
    of the customers still fine; ``felt(peaks, i)`` updates how the customers divide by their peak
    after meeting ``i``.

    With ``before`` (the travel of the same paths where only the touchpoints ``risked`` had another
    chance and only those in ``feeling`` another emotion) just the touchpoints downstream of a change
    are walked again, the customers still fine downstream of ``risked`` and the peaks downstream of
    ``feeling`` (neither depends on the other): the others meet exactly what they met before. Every
    touchpoint sums what reaches it in the same order either way, so the result is the same to the
    last bit as a walk from scratch."""
    if before is None:
        count = len(way.mass)
        fine = _walk_fine(way, chances, [0.0] * count, way.order)
        peaks = _walk_peaks(way, felt, [{} for _ in range(count)], way.order)
    else:
        fine = _walk_fine(way, chances, list(before.fine), _downstream(way, risked))
        peaks = _walk_peaks(way, felt, list(before.peaks), _downstream(way, feeling))
    survived = {r.ending: fine[r.ending] / way.mass[r.ending] if way.mass[r.ending] > 0 else 1.0 for r in way.routes}
    return Travel(way.mass, tuple(peaks), survived, way.reach, tuple(fine))


def _downstream(way: Paths, changed: Iterable[int]) -> list[int]:
    """The reachable touchpoints at or after ``changed``, in walking order."""
    changed = list(changed)
    if not changed:
        return []
    dirty = walk(changed, way.forward)
    return [i for i in way.order if i in dirty]


def _walk_fine(way: Paths, chances: Sequence[float], fine: list[float], todo: Iterable[int]) -> list[float]:
    for i in todo:
        arrived = way.start.get(i)
        here = 0.0 if arrived is None else 0.0 + arrived
        for k, part in way.incoming[i]:
            here += fine[k] * part
        fine[i] = here * (1.0 - chances[i])
    return fine


def _walk_peaks(way: Paths, felt: Felt, peaks: list[dict[int, float]], todo: Iterable[int]) -> list[dict[int, float]]:
    for i in todo:
        arrived = way.start.get(i)
        met: dict[int, float] = {} if arrived is None else {-1: 0.0 + arrived}
        for k, part in way.incoming[i]:
            for peak, amount in peaks[k].items():
                met[peak] = met.get(peak, 0.0) + amount * part
        peaks[i] = felt(met, i)
    return peaks


def route_customers(touchpoints: Sequence[Touchpoint], flow: Flow, forward: Sequence[Sequence[int]],
                    backward: Sequence[Sequence[int]], order: Sequence[int], endings: Sequence[int],
                    leaving: Sequence[float]) -> dict[int, tuple[float, bool]]:
    """Per ending, how many customers end there and whether that is an estimate (every entry has a volume).

    * The journey's customers are those entering at its start: an unhappy or recovery path nothing
      leads to is entered by some of them (things go wrong at any time), so the customers sent in there
      are not added to them: how customers divide (``leaving``) is scaled to the start's volume.
    * Measured volumes cap it: no more customers reach a touchpoint than its volume, nor than the
      touchpoints leading to it let through (``cap``).
    * Where every customer who reaches an ending ends there, and a volume says how many reach it (its
      own, or the one before it on a stretch with no branch and no merge), that volume is the count:
      measured, not estimated. The estimates share what those leave of the journey's customers, so
      the routes never hold more customers than enter unless the measured endings alone say so.
    """
    volume = [_volume(tp) for tp in touchpoints]
    cap: dict[int, int] = {}
    known: dict[int, int | None] = {}  # customers at a touchpoint a volume says, along unbranched stretches
    for i in order:
        before = [p for p in backward[i] if p in cap]
        through = sum(cap[p] for p in before) if before else None
        cap[i] = min((v for v in (volume[i], through) if v is not None), default=0)
        single = len(before) == 1 and len(forward[before[0]]) == 1
        known[i] = volume[i] if volume[i] is not None else (known[before[0]] if single else None)
    journey = float(volume[flow.first] or 0)
    entered = math.fsum(float(volume[e] or 0) for e in flow.entries)
    scale = journey / entered if entered > 0 else 1.0
    counts = {}
    for e in endings:
        measured = known[e] if not forward[e] else None
        if measured is not None and measured <= cap[e]:
            counts[e] = (float(measured), False)
        else:
            counts[e] = (min(leaving[e] * scale, float(cap[e])), True)
    # the estimates share what the measured endings leave of the journey's customers
    room = max(0.0, journey - math.fsum(c for c, guess in counts.values() if not guess))
    guessed = math.fsum(c for c, guess in counts.values() if guess)
    if guessed > room:
        counts = {e: (c * room / guessed, True) if guess else (c, False) for e, (c, guess) in counts.items()}
    return counts


def _whole(counts: Sequence[float]) -> list[int]:
    """Whole customers that add up to the rounded total (largest remainders first, then list order),
    so the routes' customers add up to the journey's."""
    floors = [math.floor(c) for c in counts]
    short = round(math.fsum(counts)) - sum(floors)
    extra = sorted(range(len(counts)), key=lambda k: (-(counts[k] - floors[k]), k))[:max(0, short)]
    return [f + (k in extra) for k, f in enumerate(floors)]


def _reach(ending: int, order: Sequence[int], splits: dict[int, list[tuple[int, float]]], mass: Sequence[float],
           loops: set[tuple[int, int]]) -> tuple[float, ...]:
    """Per touchpoint, the share of the customers arriving at ``ending`` who passed it: its customers
    times the share of them who go on to arrive there, over the ending's customers."""
    onward = [0.0] * len(mass)
    onward[ending] = 1.0
    for i in reversed(order):
        if i != ending:
            onward[i] = math.fsum(onward[j] * part for j, part in splits[i] if (i, j) not in loops)
    arrived = mass[ending]
    return tuple(min(1.0, mass[i] * onward[i] / arrived) if arrived > 0 else 0.0 for i in range(len(mass)))


def share_to(i: int, j: int, successors: Sequence[Sequence[int]], touchpoints: Sequence[Touchpoint]) -> float:
    """The share of the customers leaving ``i`` who go on to ``j`` (0 when ``j`` does not follow ``i``),
    as the routes divide them."""
    return math.fsum(part for k, part in _splits(i, successors, touchpoints) if k == j)
