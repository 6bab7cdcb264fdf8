"""One pass over a journey that computes everything scores, rules and reports need.

The model (docs/scoring.md): each touchpoint's design estimate (frictions, effort, emotion) is
blended with the evidence about it (evidence.py); customers follow routes through the ``next``
graph (routes.py); journey friction accumulates along each route and is weighted by the customers
who take it; remembered experience is the peak and end of each route, weighted the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

from .evidence import Evidence, feedback_about, readings, stage_targets, weigh
from .flow import Flow, analyse_flow
from .model import Journey, Touchpoint
from .profile import Profile
from .routes import Paths, Route, Travel, loop_edges, paths, travel, walk
from .scoring import (
    FrictionBreakdown,
    band,
    before_sale,
    bridge_kind,
    compound,
    coverage_score,
    customer_mean,
    derived_moments,
    does_after_sale_work,
    effective_weight,
    felt,
    is_bridged,
    is_follow_up,
    owner_changes,
    post_sale_touchpoints,
    remembered_experience,
    sale_stage,
    touchpoint_friction,
)
from .suggestions import Suggestion, emotional_suggestions, feedback_suggestions, silo_suggestions


@dataclass(frozen=True)
class CoverageCheck:
    """One coverage check: ``passed`` of ``total`` items pass; ``failures`` name what is missing."""

    id: str
    name: str
    weight: float
    passed: int
    total: int
    failures: tuple[str, ...] = ()

    @property
    def applicable(self) -> bool:
        return self.total > 0 and self.weight > 0

    @property
    def fraction(self) -> float:
        return self.passed / self.total if self.total else 1.0

    @property
    def ok(self) -> bool:
        return self.passed == self.total


@dataclass(frozen=True)
class TouchpointFigures:
    touchpoint: Touchpoint
    moments: tuple[str, ...]
    effective_weight: float
    breakdown: FrictionBreakdown
    evidence: Evidence
    #: Share of customers whose route can pass through this touchpoint.
    reach: float = 0.0
    #: Points of journey friction that would go if this touchpoint had none.
    cost: float = 0.0

    @property
    def friction(self) -> float:
        return self.evidence.friction

    @property
    def emotion(self) -> float | None:
        return self.evidence.emotion

    @property
    def band(self) -> str:
        return band(self.friction)


@dataclass(frozen=True)
class RouteFigures:
    """One route ending: its customers, accumulated friction and remembered experience."""

    route: Route
    friction: float
    peak: int | None
    experience: float
    #: How the route's customers divide by the peak they met (None: every moment neutral), as
    #: (peak, share of the route's customers), most customers first: customers who reach the ending
    #: by different branches remember different peaks, and the experience averages over them.
    peaks: tuple[tuple[int | None, float], ...] = ()

    @property
    def ending(self) -> int:
        return self.route.ending


@dataclass(frozen=True)
class Analysis:
    journey: Journey
    profile: Profile
    flow: Flow
    figures: tuple[TouchpointFigures, ...]
    routes: tuple[RouteFigures, ...]
    friction: float
    coverage: float
    coverage_checks: tuple[CoverageCheck, ...]
    experience: float
    peak: int | None
    end: int
    uncovered_stages: tuple[str, ...]
    unbridged: tuple[tuple[int, int], ...]
    unexplained_bridges: tuple[int, ...]
    ownerless: tuple[int, ...]
    unanswered_feedback: tuple[int, ...]
    #: per feedback item, the recovery or follow-up touchpoint that answers it (None: unanswered, marked
    #: answered, or praise)
    feedback_answered_by: tuple[int | None, ...]
    sale_stage: str | None
    suggestions: tuple[Suggestion, ...]
    evidence_touchpoints: float
    evidence_customers: float | None
    #: What :func:`reanalyse` reuses for a what-if of this journey (not part of the results).
    basis: Basis | None = field(default=None, compare=False, repr=False)

    @property
    def main_route(self) -> RouteFigures | None:
        return next((r for r in self.routes if r.ending == self.end), None)

    @property
    def customers(self) -> tuple[int, int] | None:
        """(customers entering at the start, customers the routes account for), when both are counted."""
        counts = [r.route.customers for r in self.routes]
        first = self.journey.touchpoints[self.flow.first].metrics if self.journey.touchpoints else None
        if not counts or None in counts or first is None or first.volume is None:
            return None
        return first.volume, sum(c for c in counts if c is not None)


def _route_figures(route: Route, moved: Travel, emotions: list[float | None], ids: list[str]) -> RouteFigures:
    """A route's friction (share of its customers with at least one bad outcome), its remembered
    experience (each customer's own peak with the route's end, averaged over its customers) and the
    peak most of its customers share."""
    e = route.ending
    mass = moved.mass[e]
    if mass <= 0:
        return RouteFigures(route, 0.0, None, remembered_experience(None, emotions[e]))
    friction = 100.0 * max(0.0, 1.0 - moved.survived[e])
    peaks = moved.peaks[e]
    experience = math.fsum(amount / mass * remembered_experience(emotions[p] if p >= 0 else None, emotions[e])
                           for p, amount in peaks.items())
    felt = [p for p in peaks if p >= 0]
    peak = min(felt, key=lambda p: (-round(peaks[p], 9), ids[p])) if felt else None
    divided = tuple((p if p >= 0 else None, amount / mass) for p, amount in
                    sorted(peaks.items(), key=lambda item: (-round(item[1], 9), ids[item[0]] if item[0] >= 0 else "")))
    return RouteFigures(route, friction, peak, experience, divided)


def _costs(routes: tuple[RouteFigures, ...], moved: Travel, chances: list[float],
           multipliers: list[float]) -> list[float]:
    """Each touchpoint's part of the journey friction: every route's friction divided among the
    touchpoints on it in proportion to the hazard each adds, −ln(1 − chance), times its moment
    multipliers (a bad outcome at a first, last or emotional moment is the one to fix first) and the
    share of the route's customers who meet it. The parts add up to the journey friction."""
    hazard = [math.inf if c >= 1.0 else -math.log1p(-c) for c in chances]
    infinite = [i for i, h in enumerate(hazard) if h == math.inf]
    costs = [0.0] * len(chances)
    for r in routes:
        met = moved.reach[r.ending]
        certain = {i for i in infinite if met[i] > 0}
        parts = ([m * k if i in certain else 0.0 for i, (m, k) in enumerate(zip(met, multipliers))] if certain
                 else [m * h * k for m, h, k in zip(met, hazard, multipliers)])
        total = math.fsum(parts)
        if total > 0:
            scale = r.route.share * r.friction  # the same products, in the same order, as scale × part / total
            costs = [cost + scale * part / total for cost, part in zip(costs, parts)]
    return costs


@dataclass(frozen=True)
class Shape:
    """What the analysis reads from the journey's structure only (ids, stages, paths, ``next``, owners,
    bridges, names, moments, weights, volumes, feedback), never from a touchpoint's frictions, effort,
    emotion or measured metrics: the graph, the customers' routes and how many take each, moments,
    and every coverage check but the hand-offs (whether a hand-off is bridged depends on friction).
    A what-if that changes only those per-touchpoint values (a touchpoint fix) reuses it whole."""

    flow: Flow
    pre_sale: set[str]
    voiced: list[list]
    loops: set[tuple[int, int]]
    way: Paths
    moments: list[tuple[str, ...]]
    multipliers: list[float]
    reaches: list[float]
    #: Position in ``way.routes`` of the main route (most customers, then happy, then id), or None.
    main: int | None
    covered: set[str]
    stages: list[str]
    uncovered: tuple[str, ...]
    kinds: list[str]
    changes: list[tuple[int, int]]
    ownerless: tuple[int, ...]
    unexplained: tuple[int, ...]
    unanswered: tuple[int, ...]
    answered_by: tuple[int | None, ...]
    #: The coverage checks before and after "handoffs", which the shape decides alone.
    checks_before: tuple[CoverageCheck, ...]
    checks_after: tuple[CoverageCheck, ...]


@dataclass(frozen=True)
class Basis:
    """What a re-score of a what-if can start from: the shape, the chances of a bad outcome and
    the customers' travel (see :func:`reanalyse`)."""

    shape: Shape
    chances: list[float]
    moved: Travel


#: Touchpoint fields a fix may change without changing the journey's :class:`Shape` (``metrics``
#: only when ``volume`` stays the same: volumes divide customers between routes).
VALUE_FIELDS = frozenset({"frictions", "effort", "emotion", "metrics", "declared"})
_SHAPE_FIELDS = tuple(f.name for f in fields(Touchpoint) if f.name not in VALUE_FIELDS)
_JOURNEY_FIELDS = tuple(f.name for f in fields(Journey) if f.compare and f.name != "touchpoints")


def analyse(journey: Journey, profile: Profile) -> Analysis:
    """Compute figures, scores and coverage for ``journey`` under ``profile`` (pure, deterministic)."""
    return _scored(journey, profile, shape_of(journey, profile))


def reanalyse(before: Analysis, journey: Journey) -> Analysis:
    """``analyse(journey, before.profile)`` for a what-if of ``before.journey``, the same to the last
    bit: when only some touchpoints' :data:`VALUE_FIELDS` differ, the shape is reused, the other
    touchpoints keep their estimates and chances, and customers are walked again only downstream of
    the changed ones. Any other difference (a touchpoint added) gets a new shape and a full walk;
    touchpoints whose estimate inputs are unchanged still keep their estimates."""
    changed = value_changes(before.journey, journey)
    if before.basis is None:
        return analyse(journey, before.profile)
    if changed is None:
        return _scored(journey, before.profile, shape_of(journey, before.profile), before)
    return _scored(journey, before.profile, before.basis.shape, before, changed)


def value_changes(old: Journey, new: Journey) -> list[int] | None:
    """Positions of the touchpoints that differ only in :data:`VALUE_FIELDS`; None when anything else
    differs (the shape would change)."""
    if old is new:
        return []
    if len(old.touchpoints) != len(new.touchpoints) or any(
            getattr(old, name) != getattr(new, name) for name in _JOURNEY_FIELDS):
        return None
    changed = []
    for i, (a, b) in enumerate(zip(old.touchpoints, new.touchpoints)):
        if a is b:
            continue
        if any(getattr(a, name) != getattr(b, name) for name in _SHAPE_FIELDS) or _volume(a) != _volume(b):
            return None
        changed.append(i)
    return changed


def _volume(tp: Touchpoint) -> int | None:
    return tp.metrics.volume if tp.metrics is not None else None


def shape_of(journey: Journey, profile: Profile) -> Shape:
    tps = journey.touchpoints
    ids = [tp.id for tp in tps]
    flow = analyse_flow(tps)
    loops = loop_edges(tps, flow)
    way = paths(tps, flow, loops)
    moments = derived_moments(journey, flow, (r.ending for r in way.routes))
    multipliers = [effective_weight(1.0, tp_moments, profile.moments) for tp_moments in moments]
    reaches = [math.fsum(r.share * way.reach[r.ending][i] for r in way.routes) for i in range(len(tps))]
    main = min(range(len(way.routes)), default=None,
               key=lambda k: (-way.routes[k].share, tps[way.routes[k].ending].path != "happy",
                              ids[way.routes[k].ending]))
    covered = {tp.stage for tp in tps}
    stages = list(journey.stages) + [s for s in profile.required_stages if s not in journey.stages]
    uncovered = tuple(s for s in stages if s not in covered)
    kinds = [bridge_kind(tp, ids) for tp in tps]
    ownerless = tuple(i for i, tp in enumerate(tps) if not tp.owner and i in flow.reachable)
    unanswered, answered_by = _answers(journey, covered, way.forward)
    post_sale = [tp for tp in post_sale_touchpoints(journey) if does_after_sale_work(tp)]
    follow_up = any(is_follow_up(tp) for tp in post_sale)
    weights = profile.coverage
    return Shape(
        flow=flow, pre_sale=before_sale(journey), voiced=feedback_about(journey, stage_targets(journey)),
        loops=loops, way=way, moments=moments, multipliers=multipliers, reaches=reaches, main=main,
        covered=covered, stages=stages, uncovered=uncovered, kinds=kinds, changes=owner_changes(journey, flow),
        ownerless=ownerless, unexplained=tuple(i for i, kind in enumerate(kinds) if kind == "unexplained"),
        unanswered=unanswered, answered_by=answered_by,
        checks_before=(
            CoverageCheck("stages", "every stage has a touchpoint", weights["stages"],
                          len(stages) - len(uncovered), len(stages), uncovered),
            CoverageCheck("feedback", "no negative feedback is left unanswered", weights["feedback"],
                          0 if unanswered else 1, 1, tuple(journey.feedback[i].text for i in unanswered)),
        ),
        checks_after=(
            _single("unhappy_path", "an unhappy or recovery path exists", weights["unhappy_path"],
                    any(tp.path != "happy" for tp in tps), "no unhappy or recovery touchpoint"),
            _single("post_sale", "someone serves the customer after the sale", weights["post_sale"],
                    bool(post_sale), "nothing after the sale but marketing and sales"),
            _single("circular", "the journey loops back or re-engages after the sale", weights["circular"],
                    bool(loops) or follow_up, "no loop back and no follow-up after the sale"),
        ),
    )


def _estimate(tp: Touchpoint, feedback: list, shape: Shape, profile: Profile) -> tuple[FrictionBreakdown, Evidence]:
    """A touchpoint's design estimate and its blend with the evidence about it."""
    design = touchpoint_friction((f.severity for f in tp.frictions), tp.effort, tp.emotion, profile.friction)
    return design, weigh(design.friction, tp.emotion, readings(tp, tp.stage not in shape.pre_sale), feedback,
                         profile.evidence)


def _estimate_inputs(tp: Touchpoint, feedback: list, shape: Shape) -> tuple:
    """Everything :func:`_estimate` reads besides the profile: equal inputs, equal estimate."""
    return tp.frictions, tp.effort, tp.emotion, tp.metrics, tp.stage not in shape.pre_sale, feedback


def _estimates(journey: Journey, profile: Profile, shape: Shape,
               before: Analysis | None) -> tuple[list[tuple[FrictionBreakdown, Evidence]], list[float]]:
    """Each touchpoint's estimate and chance of a bad outcome. With ``before`` (an analysis under the
    same profile), a touchpoint of the same id whose estimate inputs are the same keeps its estimate
    (and its chance, at the same weight): a what-if recomputes only what it touched."""
    tps = journey.touchpoints
    if before is None or before.basis is None:
        estimates = [_estimate(tp, feedback, shape, profile) for tp, feedback in zip(tps, shape.voiced)]
        return estimates, [_chance(tp, evidence, profile) for tp, (_, evidence) in zip(tps, estimates)]
    old_tps, old_shape, old_chances = before.journey.touchpoints, before.basis.shape, before.basis.chances
    same = old_shape is shape  # then positions match and an untouched touchpoint is the very same object
    where = None if same else {tp.id: k for k, tp in enumerate(old_tps)}
    estimates, chances = [], []
    for i, tp in enumerate(tps):
        k = i if same else where.get(tp.id)
        old = old_tps[k] if k is not None else None
        # The same object is enough on the same shape; on another, what it is told (feedback) may differ.
        if old is not None and (old is tp if same else _estimate_inputs(old, old_shape.voiced[k], old_shape)
                                == _estimate_inputs(tp, shape.voiced[i], shape)):
            figures = before.figures[k]
            estimates.append((figures.breakdown, figures.evidence))
            chances.append(old_chances[k] if old.weight == tp.weight else _chance(tp, figures.evidence, profile))
        else:
            estimates.append(_estimate(tp, shape.voiced[i], shape, profile))
            chances.append(_chance(tp, estimates[-1][1], profile))
    return estimates, chances


def _scored(journey: Journey, profile: Profile, shape: Shape, before: Analysis | None = None,
            changed: list[int] | None = None) -> Analysis:
    """The analysis of ``journey`` on its ``shape``, reusing the estimates of ``before`` where their
    inputs are the same; when ``before`` has the same shape, only the ``changed`` touchpoints differ
    and customers are walked again only downstream of them (see :func:`reanalyse`)."""
    tps = journey.touchpoints
    ids = [tp.id for tp in tps]
    negativity = profile.experience["negativity"]
    estimates, chances = _estimates(journey, profile, shape, before)
    emotions = [e.emotion for _, e in estimates]
    feel = lambda peaks, i: felt(peaks, i, emotions, negativity)  # noqa: E731
    if before is None or before.basis is None or before.basis.shape is not shape:
        moved = travel(shape.way, chances, feel)
    else:
        moved = travel(shape.way, chances, feel, before.basis.moved,
                       [i for i in changed if chances[i] != before.basis.chances[i]],
                       [i for i in changed if emotions[i] != before.figures[i].emotion])
    routes = tuple(_route_figures(r, moved, emotions, ids) for r in shape.way.routes)
    costs = _costs(routes, moved, chances, shape.multipliers)
    figures = [TouchpointFigures(tp, shape.moments[i], tp.weight * shape.multipliers[i], design, evidence,
                                 shape.reaches[i], costs[i])
               for i, (tp, (design, evidence)) in enumerate(zip(tps, estimates))]
    friction = math.fsum(r.route.share * r.friction for r in routes)
    experience = math.fsum(r.route.share * r.experience for r in routes) if routes else 50.0
    main = routes[shape.main] if shape.main is not None else None
    end = main.ending if main is not None else shape.flow.final
    peak = main.peak if main is not None else None

    changes, ownerless = shape.changes, shape.ownerless
    unbridged = tuple((i, j) for i, j in changes
                      if not is_bridged(shape.kinds[i], shape.kinds[j], figures[j].friction))
    checks = (*shape.checks_before,
              CoverageCheck("handoffs", "every change of owner is bridged and every touchpoint has an owner",
                            profile.coverage["handoffs"], len(changes) - len(unbridged),
                            len(changes) + len(ownerless),
                            tuple(f"{tps[i].id} ({tps[i].owner}) -> {tps[j].id} ({tps[j].owner})"
                                  for i, j in unbridged)
                            + tuple(f"{tps[i].id} (ownership unknown)" for i in ownerless)),
              *shape.checks_after)
    coverage = coverage_score([(c.weight, c.fraction) for c in checks if c.applicable])
    suggestions = _suggestions(journey, figures, unbridged, shape.way.forward, shape.uncovered)
    backed = [f.evidence.backed for f in figures]
    volumes = [(f.touchpoint.metrics.volume if f.touchpoint.metrics else None) for f in figures]
    known = [(v, b) for v, b in zip(volumes, backed) if v is not None]
    total_volume = sum(v for v, _ in known)
    return Analysis(
        journey=journey, profile=profile, flow=shape.flow, figures=tuple(figures), routes=routes,
        friction=friction, coverage=coverage, coverage_checks=checks, experience=experience, peak=peak, end=end,
        uncovered_stages=shape.uncovered, unbridged=unbridged, unexplained_bridges=shape.unexplained,
        ownerless=ownerless, unanswered_feedback=shape.unanswered, feedback_answered_by=shape.answered_by,
        sale_stage=sale_stage(journey),
        suggestions=tuple(suggestions), evidence_touchpoints=sum(backed) / len(backed),
        evidence_customers=(sum(v for v, b in known if b) / total_volume) if total_volume > 0 else None,
        basis=Basis(shape, chances, moved),
    )


def _chance(tp: Touchpoint, evidence: Evidence, profile: Profile) -> float:
    """The chance that a customer meets a bad outcome at ``tp`` (its friction met ``weight`` times)."""
    return compound([evidence.friction], [tp.weight], profile.friction) / 100.0


def _answers(journey: Journey, covered: set[str],
             forward: list[tuple[int, ...]]) -> tuple[tuple[int, ...], tuple[int | None, ...]]:
    """(the feedback nobody answers, and for each feedback item the touchpoint that answers it).

    Negative feedback is unanswered when marked open, about a stage with no touchpoint, or with no
    recovery or follow-up touchpoint after what it is about on the customer's route; the answer is
    the first such touchpoint in the file (None when the item is marked answered or needs none)."""
    tps = journey.touchpoints
    index_of = {tp.id: i for i, tp in enumerate(tps)}
    out: list[int] = []
    answered_by: list[int | None] = []
    for item in journey.feedback:
        answered_by.append(None)
        if item.status == "answered" or (item.sentiment >= 0 and item.status != "open"):
            continue
        if item.status == "open" or (item.stage is not None and item.stage not in covered):
            out.append(item.index)
            continue
        about = ([index_of[item.touchpoint]] if item.touchpoint in index_of
                 else [i for i, tp in enumerate(tps) if tp.stage == item.stage])
        after = walk([j for i in about for j in forward[i]], forward)
        answers = [j for j in after if tps[j].path == "recovery" or is_follow_up(tps[j])]
        if answers:
            answered_by[-1] = min(answers)
        else:
            out.append(item.index)
    return tuple(out), tuple(answered_by)


def _suggestions(journey: Journey, figures: list[TouchpointFigures], unbridged: tuple[tuple[int, int], ...],
                 forward: list[tuple[int, ...]], uncovered: tuple[str, ...]) -> list[Suggestion]:
    voices: dict[str, int] = {}
    for item in journey.feedback:
        if item.sentiment < 0 and item.stage in uncovered:
            voices[item.stage] = voices.get(item.stage, 0) + item.count
    values: dict[str, dict[str, list[tuple[float, float | None]]]] = {}
    for f in figures:
        volume = f.touchpoint.metrics.volume if f.touchpoint.metrics else None
        for r in f.evidence.readings:
            values.setdefault(f.touchpoint.stage, {}).setdefault(r.name, []).append((r.value, volume))
    means = {stage: {name: round(customer_mean(*zip(*found)), 2) for name, found in metrics.items()}
             for stage, metrics in values.items()}
    return (silo_suggestions(journey, unbridged, [f.friction for f in figures])
            + emotional_suggestions(journey, [f.emotion for f in figures], forward)
            + feedback_suggestions(journey, voices, means))


def _single(check_id: str, name: str, weight: float, passed: bool, failure: str) -> CoverageCheck:
    return CoverageCheck(check_id, name, weight, int(passed), 1, () if passed else (failure,))
