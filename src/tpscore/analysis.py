"""One pass over a journey that computes everything scores, rules and reports need."""

from __future__ import annotations

from dataclasses import dataclass

from .flow import Flow, analyse_flow
from .model import Journey, Touchpoint
from .profile import Profile
from .scoring import (
    FrictionBreakdown,
    coverage_score,
    derived_moments,
    effective_effort,
    effective_emotion,
    effective_weight,
    is_bridged,
    is_follow_up,
    owner_changes,
    peak_index,
    post_sale_touchpoints,
    remembered_experience,
    sale_stage,
    touchpoint_friction,
    weighted_mean,
)


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
    emotion: int | None

    @property
    def friction(self) -> float:
        return self.breakdown.friction

    @property
    def cost(self) -> float:
        """Friction × effective weight: what this touchpoint adds to the journey's friction."""
        return self.breakdown.friction * self.effective_weight


@dataclass(frozen=True)
class Analysis:
    journey: Journey
    profile: Profile
    flow: Flow
    figures: tuple[TouchpointFigures, ...]
    friction: float
    coverage: float
    coverage_checks: tuple[CoverageCheck, ...]
    experience: float
    peak: int | None
    end: int
    uncovered_stages: tuple[str, ...]
    unbridged: tuple[tuple[int, int], ...]
    unanswered_feedback: tuple[int, ...]
    sale_stage: str | None

    def ending_experience(self, index: int) -> float:
        peak = self.figures[self.peak].emotion if self.peak is not None else None
        return remembered_experience(peak, self.figures[index].emotion)


def analyse(journey: Journey, profile: Profile) -> Analysis:
    """Compute figures, scores and coverage for ``journey`` under ``profile`` (pure, linear)."""
    flow = analyse_flow(journey.touchpoints)
    moments = derived_moments(journey, flow)
    fill = profile.fill_missing_metrics
    figures = []
    for tp, tp_moments in zip(journey.touchpoints, moments):
        emotion = effective_emotion(tp, fill)
        breakdown = touchpoint_friction((f.severity for f in tp.frictions), effective_effort(tp, fill), emotion,
                                        profile.friction)
        figures.append(TouchpointFigures(tp, tp_moments, effective_weight(tp.weight, tp_moments, profile.moments),
                                         breakdown, emotion))
    friction = weighted_mean([f.friction for f in figures], [f.effective_weight for f in figures])

    covered = {tp.stage for tp in journey.touchpoints}
    stages = list(journey.stages) + [s for s in profile.required_stages if s not in journey.stages]
    uncovered = tuple(s for s in stages if s not in covered)
    changes = owner_changes(journey, flow)
    tps = journey.touchpoints
    unbridged = tuple((i, j) for i, j in changes if not is_bridged(tps[i], tps[j]))
    unanswered = tuple(item.index for item in journey.feedback if item.stage is not None and item.stage not in covered)
    post_sale = post_sale_touchpoints(journey)
    follow_up = any(is_follow_up(tp) for tp in post_sale) if post_sale else False
    weights = profile.coverage
    checks = (
        CoverageCheck("stages", "every stage has a touchpoint", weights["stages"], len(stages) - len(uncovered),
                      len(stages), uncovered),
        CoverageCheck("feedback", "every feedback item has a touchpoint to answer it", weights["feedback"],
                      len(journey.feedback) - len(unanswered), len(journey.feedback),
                      tuple(journey.feedback[i].text for i in unanswered)),
        CoverageCheck("handoffs", "every change of owner is bridged", weights["handoffs"],
                      len(changes) - len(unbridged), len(changes),
                      tuple(f"{tps[i].id} ({tps[i].owner}) -> {tps[j].id} ({tps[j].owner})" for i, j in unbridged)),
        _single("unhappy_path", "an unhappy or recovery path exists", weights["unhappy_path"],
                any(tp.path != "happy" for tp in tps), "no unhappy or recovery touchpoint"),
        _single("post_sale", "touchpoints exist after the sale", weights["post_sale"], bool(post_sale),
                "nothing after the sale"),
        _single("circular", "the journey loops back or has a follow-up", weights["circular"],
                bool(flow.loop_edges) or follow_up, "no loop back and no follow-up"),
    )
    coverage = coverage_score([(c.weight, c.fraction) for c in checks if c.applicable])
    emotions = [f.emotion for f in figures]
    peak = peak_index(emotions, [f.effective_weight for f in figures])
    end = flow.final  # touchpoints are listed in the order the customer meets them
    experience = remembered_experience(emotions[peak] if peak is not None else None, emotions[end])
    return Analysis(
        journey=journey, profile=profile, flow=flow, figures=tuple(figures), friction=friction, coverage=coverage,
        coverage_checks=checks, experience=experience, peak=peak, end=end, uncovered_stages=uncovered,
        unbridged=unbridged, unanswered_feedback=unanswered, sale_stage=sale_stage(journey),
    )


def _single(check_id: str, name: str, weight: float, passed: bool, failure: str) -> CoverageCheck:
    return CoverageCheck(check_id, name, weight, int(passed), 1, () if passed else (failure,))
