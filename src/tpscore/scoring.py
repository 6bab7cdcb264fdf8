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


#: The published friction scale: a band starts at its value (docs/scoring.md §1). The default
#: thresholds of the rules are these edges, so the words and the findings agree.
BANDS = (("smooth", 0.0), ("noticeable", 20.0), ("painful", 45.0), ("broken", 70.0))


def band(friction: float) -> str:
    """The band a friction falls in: smooth, noticeable, painful or broken."""
    return next(name for name, start in reversed(BANDS) if friction >= start)


def derived_moments(journey: Journey, flow: Flow, endings: Iterable[int]) -> list[tuple[str, ...]]:
    """Moments per touchpoint: declared ones plus first (the start of the happy path) and last (every
    touchpoint a customer's route ends at)."""
    last = set(endings)
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


def customer_mean(values: Sequence[float], volumes: Sequence[float | None]) -> float:
    """The mean a customer of the group meets: weighted by each touchpoint's ``metrics.volume`` when
    every one of them gives it (a CSAT of 1.1 from 700 customers beside 2.5 from 7,000 is 2.37, not
    1.8); the plain mean when any volume is unknown, as nothing says who is more typical."""
    if volumes and all(v is not None and v > 0 for v in volumes):
        return weighted_mean(values, [float(v) for v in volumes if v is not None])
    return math.fsum(values) / len(values)


def failure_chance(friction: float, curve: Mapping[str, float]) -> float:
    """Friction read as the chance that a customer meets a bad outcome at the touchpoint:
    worst_chance × (f/100)^compounding. With the defaults (½, 3) friction 45 (painful) fails about one
    customer in twenty-two, 70 (broken) one in six, 100 one in two."""
    share = min(100.0, max(0.0, friction)) / 100.0
    return curve["worst_chance"] * share ** curve["compounding"]


def compound(frictions: Iterable[float], weights: Iterable[float], curve: Mapping[str, float]) -> float:
    """100 × (1 − Π (1 − pᵢ)^wᵢ): the chance of at least one bad outcome among touchpoints met wᵢ
    times each. A touchpoint without friction multiplies by 1 (padding cannot dilute), a worse one
    never lowers it, the order of the factors does not matter, and it stays within 0..100."""
    log_survival = 0.0
    for friction, weight in zip(frictions, weights):
        p = failure_chance(friction, curve)
        if p >= 1.0:
            return 100.0
        log_survival += weight * math.log1p(-p)
    return 100.0 * -math.expm1(log_survival)


def intensity(emotion: float, negativity: float) -> float:
    """How strongly a moment is felt: |emotion|, times ``negativity`` when it is negative (bad is
    stronger than good)."""
    return -emotion * negativity if emotion < 0 else emotion


def peak_index(emotions: Sequence[float | None], negativity: float = 2.0,
               members: Iterable[int] | None = None, keys: Sequence[str] | None = None) -> int | None:
    """The most intense felt moment among ``members`` (all by default): highest intensity, then the
    more negative, then the smallest key (the touchpoint id; the position when no keys are given).
    Weights and moment multipliers play no part: a peak is what the customer feels."""
    indices = range(len(emotions)) if members is None else members
    best, best_key = None, None
    for i in indices:
        emotion = emotions[i]
        if emotion is None or emotion == 0:
            continue
        key = (round(intensity(emotion, negativity), 9), -emotion)
        tie = keys[i] if keys is not None else i
        if best_key is None or key > best_key or (key == best_key and tie < (keys[best] if keys else best)):
            best, best_key = i, key
    return best


def felt(peaks: dict[int, float], i: int, emotions: Sequence[float | None], negativity: float) -> dict[int, float]:
    """How customers divide by their peak after meeting touchpoint ``i`` (``peaks``: peak → customers,
    -1 for "none yet"): ``i`` becomes the peak of those whose peak so far it outdoes, by intensity, then
    the more negative; an equal earlier moment stays the peak."""
    emotion = emotions[i]
    if emotion is None or emotion == 0:
        return peaks
    mine = (round(intensity(emotion, negativity), 9), -emotion)
    out: dict[int, float] = {}
    for peak, amount in peaks.items():
        other = emotions[peak] if peak >= 0 else None
        keep = other is not None and (round(intensity(other, negativity), 9), -other) >= mine
        target = peak if keep else i
        out[target] = out.get(target, 0.0) + amount
    return out


def emotion_to_score(emotion: float) -> float:
    """Map emotion −2..+2 onto 0..100 (neutral is 50)."""
    return (emotion + 2.0) * 25.0


def remembered_experience(peak_emotion: float | None, end_emotion: float | None) -> float:
    """Peak-end estimate: the mean of the peak and the end emotion, mapped onto 0..100. Unknown is neutral."""
    return emotion_to_score(((peak_emotion or 0) + (end_emotion or 0)) / 2.0)


# -- coverage ---------------------------------------------------------------------------------

_SALE_WORDS = ("buy", "purchase", "checkout", "order", "sale", "sign", "book", "win", "open", "onboard",
               "contract", "subscribe", "enrol", "enroll", "payment", "pay")
_PRE_SALE_WORDS = ("discover", "aware", "research", "consider", "compare", "evaluat", "browse", "search",
                   "interest", "advert", "marketing", "lead", "enquir", "inquir", "quote", "trial", "shop")
# Not "check-in" (a hotel's arrival desk) nor "retain" (a save attempt while the customer is leaving):
# neither reaches back to a customer after the service, and naming a touchpoint should not pass a check.
_FOLLOW_UP_WORDS = ("follow", "survey", "review", "feedback", "loyal", "renew", "aftercare", "thank",
                    "referral", "advocacy", "nps")


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


def before_sale(journey: Journey) -> set[str]:
    """Stages before the sale stage (a funnel's narrowing there is prospects choosing, not friction)."""
    sale = sale_stage(journey)
    if sale is None or sale not in journey.stages:
        return {s for s in journey.stages if _PRE_SALE.search(s)}
    return set(journey.stages[:journey.stages.index(sale)])


_MARKETING = _pattern(("marketing", "sales", "growth", "acquisition", "advertis", "brand", "demand", "lead-gen",
                       "campaign", "media", "social", "seo", "promotion"))
_SERVICE_WORK = _pattern(("deliver", "install", "onboard", "support", "service", "invoice", "bill", "pay", "return",
                          "refund", "repair", "warranty", "help", "care", "account", "ship", "collect", "setup",
                          "set-up", "training", "welcome", "confirm", "complain", "claim", "cancel", "close",
                          "follow", "survey", "renew", "visit", "appointment", "check-in", "checkout", "stay",
                          "treatment", "consult", "use", "usage"))


def does_after_sale_work(tp: Touchpoint) -> bool:
    """A touchpoint serves the customer after the sale unless marketing or sales owns it and what it
    does (its id, name, description) is not service (delivery, support, invoice, returns,
    follow-up): a marketing-owned "Thank you, here is 10 % off" is still marketing. Without an owner
    it counts (TP002 reports the unknown ownership)."""
    if tp.owner is None or _MARKETING.search(tp.owner) is None:
        return True
    return _SERVICE_WORK.search(f"{tp.id} {tp.name.lower()} {(tp.description or '').lower()}") is not None


def is_follow_up(tp: Touchpoint) -> bool:
    """Re-engagement judged by what the touchpoint is (id, name, description), never by its stage's name."""
    return _FOLLOW_UP.search(f"{tp.id} {tp.name.lower()} {(tp.description or '').lower()}") is not None


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


# Words that fill the field without saying what bridges anything ("tbd", "no bridge", "-", "?").
_PLACEHOLDER = re.compile(r"(?:tb[dac]|to ?do|n/?a|none(?: yet)?|no(?: bridge)?|not yet|yes|true|ok|x|pending|"
                          r"unknown|later|wip|-+|\?+|\.+)")


def bridge_kind(tp: Touchpoint, ids: Iterable[str]) -> str:
    """What a touchpoint's ``bridge`` says: "none", "unexplained" (``true`` or a placeholder such as
    "tbd"), "reference" (the id of the bridging touchpoint) or "described" (a sentence saying what
    bridges the hand-off)."""
    if tp.bridge is True:
        return "unexplained"
    if not tp.bridge:
        return "none"
    if tp.bridge in set(ids):
        return "reference"
    return "unexplained" if _PLACEHOLDER.fullmatch(tp.bridge.strip().lower()) else "described"


def is_bridged(source_kind: str, target_kind: str, target_friction: float) -> bool:
    """A hand-off is bridged when either side says what bridges it (a description or a reference), or
    when the receiving touchpoint is smooth after evidence (the customer does not feel the boundary).
    A bare ``bridge: true`` is a checkbox, not evidence: it bridges nothing on its own."""
    explained = {"described", "reference"}
    return source_kind in explained or target_kind in explained or target_friction < BANDS[1][1]


def coverage_score(parts: Sequence[tuple[float, float]]) -> float:
    """Weighted share of passing checks: parts are (weight, fraction passed) for applicable checks."""
    weights = relative_weights([weight for weight, _ in parts])
    total = math.fsum(weights)
    if total <= 0:
        return 100.0
    return 100.0 * math.fsum(weight * fraction for weight, (_, fraction) in zip(weights, parts)) / total
