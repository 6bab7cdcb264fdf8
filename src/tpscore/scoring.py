"""Pure scoring functions: data in, numbers out, deterministic. Formulas are documented in
docs/scoring.md; every function here is small enough to be read next to that page."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .flow import Flow
from .model import MOMENTS, Journey, Touchpoint


@dataclass(frozen=True)
class FrictionBreakdown:
    """How a touchpoint's friction was computed (``tpscore explain`` prints these values)."""

    severity_sum: int
    effort: int
    negative_emotion: int
    severity_points: float
    effort_points: float
    emotion_points: float
    points: float
    friction: float


def effective_effort(tp: Touchpoint, fill_missing: bool = False) -> int:
    """The touchpoint's effort; with ``fill_missing`` an effort not written comes from its CES (1..7 → 1..5)."""
    if fill_missing and "effort" not in tp.declared and tp.metrics is not None and tp.metrics.ces is not None:
        return max(1, min(5, round(1 + (tp.metrics.ces - 1) * 4 / 6)))
    return tp.effort


def effective_emotion(tp: Touchpoint, fill_missing: bool = False) -> int | None:
    """The touchpoint's emotion; with ``fill_missing`` an undeclared one comes from CSAT (csat − 3)."""
    if tp.emotion is None and fill_missing and tp.metrics is not None and tp.metrics.csat is not None:
        return max(-2, min(2, round(tp.metrics.csat - 3)))
    return tp.emotion


def touchpoint_friction(
    severities: Iterable[int], effort: int, emotion: int | None, weights: Mapping[str, float]
) -> FrictionBreakdown:
    """friction = 100 × (1 − e^(−points / scale)), points from severities, effort above 1 and
    negative emotion. Strictly increasing in each input, 0 exactly when there is nothing to count."""
    severity_sum = sum(severities)
    negative = max(0, -(emotion or 0))
    severity_points = weights["severity"] * severity_sum
    effort_points = weights["effort"] * (effort - 1)
    emotion_points = weights["emotion"] * negative
    points = severity_points + effort_points + emotion_points
    friction = 100.0 * (1.0 - math.exp(-points / weights["scale"])) if points > 0 else 0.0
    return FrictionBreakdown(severity_sum, effort, negative, severity_points, effort_points, emotion_points,
                             points, friction)


def derived_moments(journey: Journey, flow: Flow) -> list[tuple[str, ...]]:
    """Moments per touchpoint: declared ones plus first (start of the happy path) and last (the
    final touchpoint, the end of the happy path and the end of every unhappy or recovery path)."""
    last = {flow.final, flow.happy_end}
    last.update(i for i in flow.ends if journey.touchpoints[i].path != "happy" and i not in flow.dead_ends)
    result = []
    for i, tp in enumerate(journey.touchpoints):
        moments = set(tp.moments)
        if i == flow.first:
            moments.add("first")
        if i in last:
            moments.add("last")
        result.append(tuple(m for m in MOMENTS if m in moments))
    return result


def effective_weight(weight: float, moments: Sequence[str], multipliers: Mapping[str, float]) -> float:
    """The touchpoint's weight times the multiplier of each moment it is (each counted once)."""
    for moment in moments:
        weight *= multipliers[moment]
    return weight


def relative_weights(weights: Sequence[float]) -> list[float]:
    """``weights`` with the same proportions where products cannot underflow: tiny ones (5e-324) are divided
    by the largest, so every weighted score of the same proportions is the same. Ordinary weights are kept
    as they are (dividing would change the last bit of results)."""
    weights = list(weights)
    largest = max(weights, default=0.0)
    if 0 < largest < _TINY_WEIGHT:
        return [w / largest for w in weights]
    return weights


# Below this a weight times a score (at most 100) can lose precision or vanish in floating point.
_TINY_WEIGHT = 1e-100


def weighted_mean(values: Sequence[float], weights: Sequence[float]) -> float:
    weights = relative_weights(weights)
    total = math.fsum(weights)
    if total <= 0:
        return 0.0
    return math.fsum(v * w for v, w in zip(values, weights)) / total


def emotion_to_score(emotion: float) -> float:
    """Map emotion −2..+2 onto 0..100 (neutral is 50)."""
    return (emotion + 2.0) * 25.0


def peak_index(emotions: Sequence[int | None], weights: Sequence[float]) -> int | None:
    """The most intense emotional moment: highest |emotion| × weight; negative wins ties, then the earliest."""
    best, best_key = None, None
    for i, (emotion, weight) in enumerate(zip(emotions, weights)):
        if emotion is None or emotion == 0:
            continue
        key = (round(abs(emotion) * weight, 9), emotion < 0)  # rounding: 0.1 × 1.5 × 2 must tie with 0.3
        if best_key is None or key > best_key:
            best, best_key = i, key
    return best


def remembered_experience(peak_emotion: int | None, end_emotion: int | None) -> float:
    """Peak-end estimate: the mean of the peak and the end emotion, mapped onto 0..100. Unknown is neutral."""
    return emotion_to_score(((peak_emotion or 0) + (end_emotion or 0)) / 2.0)


# -- coverage ---------------------------------------------------------------------------------

_SALE_WORDS = ("buy", "purchase", "checkout", "order", "sale", "sign", "book", "win", "open", "onboard",
               "contract", "subscribe", "enrol", "enroll", "payment", "pay")
_PRE_SALE_WORDS = ("discover", "aware", "research", "consider", "compare", "evaluat", "browse", "search",
                   "interest", "advert", "marketing", "lead", "enquir", "inquir", "quote", "trial", "shop")
_FOLLOW_UP_WORDS = ("follow", "survey", "review", "feedback", "loyal", "renew", "aftercare", "check-in",
                    "thank", "retain", "referral", "advocacy", "nps")


def _pattern(words: Sequence[str]) -> re.Pattern[str]:
    """Words that start a word of the text: `sign` in `sign-up`, not in `design`."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(word) for word in words) + ")")


_SALE = _pattern(_SALE_WORDS)
_PRE_SALE = _pattern(_PRE_SALE_WORDS)
_FOLLOW_UP = _pattern(_FOLLOW_UP_WORDS)


def sale_stage(journey: Journey) -> str | None:
    """The declared ``journey.sale``, else the first stage named like a sale."""
    if journey.sale:
        return journey.sale
    return next((s for s in journey.stages if _SALE.search(s)), None)


def post_sale_touchpoints(journey: Journey) -> list[Touchpoint]:
    """Touchpoints after the sale stage; with no sale stage, touchpoints in stages that are not pre-sale."""
    sale = sale_stage(journey)
    if sale is not None and sale in journey.stages:
        position = {s: i for i, s in enumerate(journey.stages)}
        cut = position[sale]
        return [tp for tp in journey.touchpoints if position[tp.stage] > cut]
    return [tp for tp in journey.touchpoints if not _PRE_SALE.search(tp.stage)]


def is_follow_up(tp: Touchpoint) -> bool:
    return _FOLLOW_UP.search(f"{tp.stage} {tp.id} {tp.name.lower()}") is not None


def owner_changes(journey: Journey, flow: Flow) -> list[tuple[int, int]]:
    """Hand-offs: from each owned touchpoint to the next owned ones along the flow, passing through
    touchpoints without an owner, where the owner changes. File order, each pair once."""
    tps = journey.touchpoints
    changes = []
    for i, tp in enumerate(tps):
        if not tp.owner:
            continue
        for j in _next_owned(i, flow.successors, tps):
            if tps[j].owner != tp.owner:
                changes.append((i, j))
    return changes


def _next_owned(start: int, successors: Sequence[Sequence[int]], tps: Sequence[Touchpoint]) -> list[int]:
    found, seen, stack = [], {start}, list(successors[start])
    while stack:
        j = stack.pop()
        if j in seen:
            continue
        seen.add(j)
        if tps[j].owner:
            found.append(j)
        else:
            stack.extend(successors[j])
    return sorted(found)


def is_bridged(source: Touchpoint, target: Touchpoint) -> bool:
    """A hand-off is bridged by a ``bridge: true`` touchpoint on either side, or when the receiving
    touchpoint has no friction (the customer does not feel the silo boundary)."""
    return source.bridge or target.bridge or not target.frictions


def coverage_score(parts: Sequence[tuple[float, float]]) -> float:
    """Weighted share of passing checks: parts are (weight, fraction passed) for applicable checks."""
    weights = relative_weights([weight for weight, _ in parts])
    total = math.fsum(weights)
    if total <= 0:
        return 100.0
    return 100.0 * math.fsum(weight * fraction for weight, (_, fraction) in zip(weights, parts)) / total

