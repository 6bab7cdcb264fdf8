"""One pass over a journey that computes everything scores, rules and reports need.

The model (docs/scoring.md): each touchpoint's design estimate (frictions, effort, emotion) is
blended with the evidence about it (evidence.py); customers follow routes through the ``next``
graph (routes.py); journey friction accumulates along each route and is weighted by the customers
who take it; remembered experience is the peak and end of each route, weighted the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .evidence import Evidence, feedback_about, readings, stage_targets, weigh
from .flow import Flow, analyse_flow
from .model import Journey, Touchpoint
from .profile import Profile
from .routes import Route, Travel, follow, loop_edges, walk
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

    @property
    def main_route(self) -> RouteFigures | None:
        return next((r for r in self.routes if r.ending == self.end), None)


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
    return RouteFigures(route, friction, peak, experience)


def _costs(routes: tuple[RouteFigures, ...], moved: Travel, chances: list[float],
           multipliers: list[float]) -> list[float]:
    """Each touchpoint's part of the journey friction: every route's friction divided among the
    touchpoints on it in proportion to the hazard each adds, −ln(1 − chance), times its moment
    multipliers (a bad outcome at a first, last or emotional moment is the one to fix first) and the
    share of the route's customers who meet it. The parts add up to the journey friction."""
    hazard = [math.inf if c >= 1.0 else -math.log1p(-c) for c in chances]
    costs = [0.0] * len(chances)
    for r in routes:
        met = moved.reach[r.ending]
        certain = [i for i, h in enumerate(hazard) if h == math.inf and met[i] > 0]
        parts = ([met[i] * multipliers[i] if i in certain else 0.0 for i in range(len(chances))] if certain
                 else [met[i] * hazard[i] * multipliers[i] for i in range(len(chances))])
        total = math.fsum(parts)
        if total > 0:
            for i, part in enumerate(parts):
                costs[i] += r.route.share * r.friction * part / total
    return costs


def analyse(journey: Journey, profile: Profile) -> Analysis:
    """Compute figures, scores and coverage for ``journey`` under ``profile`` (pure, deterministic)."""
    tps = journey.touchpoints
    ids = [tp.id for tp in tps]
    flow = analyse_flow(tps)
    # Design and evidence do not depend on routes; moments (route endings are "last") only weigh costs,
    # so they can come after the routes.
    pre_sale = before_sale(journey)
    loops = loop_edges(tps, flow)
    voiced = feedback_about(journey, stage_targets(journey))
    estimates = []
    for tp, feedback in zip(tps, voiced):
        design = touchpoint_friction((f.severity for f in tp.frictions), tp.effort, tp.emotion, profile.friction)
        estimates.append((design, weigh(design.friction, tp.emotion, readings(tp, tp.stage not in pre_sale),
                                        feedback, profile.evidence)))
    emotions = [e.emotion for _, e in estimates]
    chances = [compound([e.friction], [tp.weight], profile.friction) / 100.0 for tp, (_, e) in zip(tps, estimates)]
    negativity = profile.experience["negativity"]
    raw_routes, forward, moved = follow(tps, flow, loops, chances,
                                        lambda peaks, i: felt(peaks, i, emotions, negativity))
    moments = derived_moments(journey, flow, (r.ending for r in raw_routes))
    multipliers = [effective_weight(1.0, tp_moments, profile.moments) for tp_moments in moments]
    routes = tuple(_route_figures(r, moved, emotions, ids) for r in raw_routes)
    reaches = [math.fsum(r.route.share * moved.reach[r.ending][i] for r in routes) for i in range(len(tps))]
    costs = _costs(routes, moved, chances, multipliers)
    figures = [TouchpointFigures(tp, moments[i], tp.weight * multipliers[i], design, evidence, reaches[i], costs[i])
               for i, (tp, (design, evidence)) in enumerate(zip(tps, estimates))]
    friction = math.fsum(r.route.share * r.friction for r in routes)
    experience = math.fsum(r.route.share * r.experience for r in routes) if routes else 50.0
    main = min(routes, key=lambda r: (-r.route.share, tps[r.ending].path != "happy", ids[r.ending]), default=None)
    end = main.ending if main is not None else flow.final
    peak = main.peak if main is not None else None

    covered = {tp.stage for tp in tps}
    stages = list(journey.stages) + [s for s in profile.required_stages if s not in journey.stages]
    uncovered = tuple(s for s in stages if s not in covered)
    kinds = [bridge_kind(tp, ids) for tp in tps]
    changes = owner_changes(journey, flow)
    unbridged = tuple((i, j) for i, j in changes if not is_bridged(kinds[i], kinds[j], figures[j].friction))
    ownerless = tuple(i for i, tp in enumerate(tps) if not tp.owner and i in flow.reachable)
    unexplained = tuple(i for i, kind in enumerate(kinds) if kind == "unexplained")
    unanswered, answered_by = _answers(journey, covered, forward)
    post_sale = [tp for tp in post_sale_touchpoints(journey) if does_after_sale_work(tp)]
    has_loop = bool(loops)
    follow_up = any(is_follow_up(tp) for tp in post_sale)
    weights = profile.coverage
    checks = (
        CoverageCheck("stages", "every stage has a touchpoint", weights["stages"], len(stages) - len(uncovered),
                      len(stages), uncovered),
        CoverageCheck("feedback", "no negative feedback is left unanswered", weights["feedback"],
                      0 if unanswered else 1, 1, tuple(journey.feedback[i].text for i in unanswered)),
        CoverageCheck("handoffs", "every change of owner is bridged and every touchpoint has an owner",
                      weights["handoffs"], len(changes) - len(unbridged), len(changes) + len(ownerless),
                      tuple(f"{tps[i].id} ({tps[i].owner}) -> {tps[j].id} ({tps[j].owner})" for i, j in unbridged)
                      + tuple(f"{tps[i].id} (ownership unknown)" for i in ownerless)),
        _single("unhappy_path", "an unhappy or recovery path exists", weights["unhappy_path"],
                any(tp.path != "happy" for tp in tps), "no unhappy or recovery touchpoint"),
        _single("post_sale", "someone serves the customer after the sale", weights["post_sale"], bool(post_sale),
                "nothing after the sale but marketing and sales"),
        _single("circular", "the journey loops back or re-engages after the sale", weights["circular"],
                has_loop or follow_up, "no loop back and no follow-up after the sale"),
    )
    coverage = coverage_score([(c.weight, c.fraction) for c in checks if c.applicable])
    suggestions = _suggestions(journey, figures, unbridged, forward, uncovered)
    backed = [f.evidence.backed for f in figures]
    volumes = [(f.touchpoint.metrics.volume if f.touchpoint.metrics else None) for f in figures]
    known = [(v, b) for v, b in zip(volumes, backed) if v is not None]
    total_volume = sum(v for v, _ in known)
    return Analysis(
        journey=journey, profile=profile, flow=flow, figures=tuple(figures), routes=routes, friction=friction,
        coverage=coverage, coverage_checks=checks, experience=experience, peak=peak, end=end,
        uncovered_stages=uncovered, unbridged=unbridged, unexplained_bridges=unexplained, ownerless=ownerless,
        unanswered_feedback=unanswered, feedback_answered_by=answered_by, sale_stage=sale_stage(journey),
        suggestions=tuple(suggestions), evidence_touchpoints=sum(backed) / len(backed),
        evidence_customers=(sum(v for v, b in known if b) / total_volume) if total_volume > 0 else None,
    )


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
