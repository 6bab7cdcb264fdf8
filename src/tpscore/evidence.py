"""Evidence: what customers measured and said, turned into an observed friction and emotion per
touchpoint and blended with the designers' estimate. Pure and deterministic; docs/scoring.md §2
states every mapping with its anchors and ``tpscore explain`` prints them.

Two kinds of evidence, treated differently on purpose:

* **Measured metrics** (csat, ces, nps, drop_off) are a reading of everyone who met the touchpoint.
  Each metric is mapped linearly onto the friction scale (and csat, nps onto the emotion scale);
  their mean is the observed value, and it outweighs the design estimate in proportion to how many
  metrics there are: ``share = k·m / (k·m + 1)`` for m metrics worth k design estimates each.
* **Feedback** is self-selected: complaints show a problem exists for the customers who made them,
  while praise from a few does not show the many are fine. So feedback only ever pulls friction up
  (towards 100) and emotion down (towards −2), by ``pull = x / (1 + x)`` with
  ``x = Σ N / (half + share × customers)``: N counts an item's negative mentions (a −2 counts fully,
  a −1 half) and ``customers`` the customers it speaks for (``metrics.volume``; 0 when unknown, which
  leaves ``N / (N + half)``). Twenty-five complaints mean much among 40 customers and little among
  3,800 who answered a survey in their majority. It can never make a score look better.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Feedback, Journey, Metrics, Touchpoint

#: Metrics read as evidence, in the order explain prints them.
EVIDENCE_METRICS = ("csat", "ces", "nps", "drop_off")
#: drop_off at which a touchpoint reads as broken as it gets (half of the customers give up there).
DROP_OFF_FULL = 0.5


def metric_friction(name: str, value: float) -> float:
    """A metric on the friction scale 0..100 (linear rescaling; anchors in docs/scoring.md).

    csat 5 → 0, 3 → 50, 1 (or below) → 100;  ces 1 (easy) → 0, 4 → 50, 7 (hard) → 100;
    nps +100 → 0, 0 → 50, −100 → 100;  drop_off 0 → 0, 0.25 → 50, 0.5 or more → 100.
    """
    if name == "csat":
        raw = (5.0 - value) * 25.0
    elif name == "ces":
        raw = (value - 1.0) * 100.0 / 6.0
    elif name == "nps":
        raw = (100.0 - value) / 2.0
    else:
        raw = 100.0 * value / DROP_OFF_FULL
    return min(100.0, max(0.0, raw))


def metric_emotion(name: str, value: float) -> float | None:
    """A metric on the emotion scale −2..+2, for the metrics that measure feeling: csat − 3, nps / 50."""
    if name == "csat":
        return min(2.0, max(-2.0, value - 3.0))
    if name == "nps":
        return min(2.0, max(-2.0, value / 50.0))
    return None


def share_of_evidence(count: float, worth: float) -> float:
    """How much ``count`` readings, each worth ``worth`` design estimates, weigh against the one design
    estimate: k·m / (k·m + 1). Above one half as soon as one reading exists (evidence outweighs design)."""
    amount = count * worth
    return amount / (amount + 1.0) if amount > 0 else 0.0


@dataclass(frozen=True)
class Voice:
    """Negative feedback landing on a touchpoint: the item, the mentions it carries (a −2 counts fully,
    a −1 half) and the customers it speaks for (None when no volume says how many)."""

    item: Feedback
    mentions: float
    customers: int | None


def feedback_pull(voices: Sequence[Voice], half: float, share: float) -> float:
    """x / (1 + x) with x = Σ N / (half + share × customers): the share of the way feedback pulls
    friction to 100 and emotion to −2. With no customers known it is N / (N + half); the more
    customers stayed silent, the less the same mentions pull. Increasing in every N."""
    if half <= 0:
        return 0.0
    x = math.fsum(v.mentions / (half + share * (v.customers or 0)) for v in voices if v.mentions > 0)
    return x / (1.0 + x)


@dataclass(frozen=True)
class Reading:
    """One metric of a touchpoint: its value and where it lands on each scale (None: not on that scale)."""

    name: str
    value: float
    friction: float
    emotion: float | None


@dataclass(frozen=True)
class Evidence:
    """The evidence behind one touchpoint and how it moved the design estimate.

    ``design_*`` are the designers' values; ``observed_*`` what the metrics alone say (None without
    metrics); ``metric_share`` how much the metrics weigh; ``mentions`` the negative feedback mentions
    and ``pull`` how far they pull. ``friction`` and ``emotion`` are the results every score uses.
    """

    design_friction: float
    design_emotion: int | None
    readings: tuple[Reading, ...]
    observed_friction: float | None
    observed_emotion: float | None
    metric_share: float
    emotion_share: float
    feedback: tuple[Voice, ...]
    mentions: float
    pull: float
    friction: float
    emotion: float | None

    @property
    def backed(self) -> bool:
        """True when measured or voiced evidence exists for this touchpoint."""
        return bool(self.readings) or self.mentions > 0

    @property
    def emotion_measured(self) -> bool:
        """True when customers' metrics (csat, nps) or complaints shape the emotion; else it is the
        team's estimate alone."""
        return self.emotion_share > 0 or self.pull > 0

    @property
    def evidence_friction(self) -> float | None:
        """What the evidence alone says (metrics, then feedback pulling up), or None when there is too
        little of it to stand on its own: no metric and fewer negative mentions than pull halfway."""
        if self.observed_friction is None and self.pull < 0.5:
            return None
        base = self.observed_friction or 0.0
        return base + self.pull * (100.0 - base)


def readings(tp: Touchpoint, counts_drop_off: bool) -> tuple[Reading, ...]:
    """The touchpoint's metrics as readings. ``counts_drop_off`` is False before the sale, where
    leaving is how a funnel narrows (prospects choosing), not customers giving up."""
    metrics: Metrics | None = tp.metrics
    if metrics is None:
        return ()
    out = []
    for name in EVIDENCE_METRICS:
        value = getattr(metrics, name)
        if value is None or (name == "drop_off" and not counts_drop_off):
            continue
        out.append(Reading(name, float(value), metric_friction(name, value), metric_emotion(name, value)))
    return tuple(out)


def stage_targets(journey: Journey) -> dict[str, list[int]]:
    """Per stage, the touchpoints what customers say about the stage is about: every touchpoint of
    the stage, in full (feedback never helps, so a stage's complaints are neither shared out nor moved
    by adding touchpoints). A stage with no touchpoint is felt where customers next meet the journey
    ("I found out I'd won only when the bill turned up"): the next covered stage, else the previous."""
    members: dict[str, list[int]] = {}
    for i, tp in enumerate(journey.touchpoints):
        members.setdefault(tp.stage, []).append(i)
    targets = dict(members)
    stages = list(journey.stages)
    for position, stage in enumerate(stages):
        if stage not in members:
            nearby = [s for s in stages[position + 1:] if s in members] + [s for s in reversed(stages[:position])
                                                                          if s in members]
            if nearby:
                targets[stage] = members[nearby[0]]
    return targets


def feedback_about(journey: Journey, doors: Mapping[str, Sequence[int]]) -> list[list[Voice]]:
    """Per touchpoint, the negative feedback about it (:class:`Voice`). Feedback about a touchpoint
    speaks for its ``metrics.volume``; feedback about a stage lands on every touchpoint of its target
    (:func:`stage_targets`) and speaks for the stage's customers, the largest volume among them (each
    of those customers met the stage), so a stage's complaint weighs the same at each of them."""
    tps = journey.touchpoints
    index_of = {tp.id: i for i, tp in enumerate(tps)}
    out: list[list[Voice]] = [[] for _ in tps]
    for item in journey.feedback:
        if item.sentiment >= 0:
            continue
        mentions = item.count * (-item.sentiment) / 2.0
        if item.touchpoint is not None and item.touchpoint in index_of:
            i = index_of[item.touchpoint]
            out[i].append(Voice(item, mentions, _volume(tps[i])))
        elif item.stage is not None:
            targets = doors.get(item.stage, ())
            known = [v for v in (_volume(tps[i]) for i in targets) if v is not None]
            for i in targets:
                out[i].append(Voice(item, mentions, max(known, default=None)))
    return out


def _volume(tp: Touchpoint) -> int | None:
    return tp.metrics.volume if tp.metrics is not None else None


def weigh(design_friction: float, design_emotion: int | None, found: Sequence[Reading],
          feedback: Sequence[Voice], settings: Mapping[str, float]) -> Evidence:
    """Blend the design estimate with the evidence (see the module docstring)."""
    worth = settings["metric_weight"]
    frictions = [r.friction for r in found] if worth > 0 else []
    emotions = [r.emotion for r in found if r.emotion is not None] if worth > 0 else []
    observed_friction = math.fsum(frictions) / len(frictions) if frictions else None
    observed_emotion = math.fsum(emotions) / len(emotions) if emotions else None
    share = share_of_evidence(len(frictions), worth)
    friction = design_friction if observed_friction is None else (
        (1.0 - share) * design_friction + share * observed_friction)
    emotion_share = share_of_evidence(len(emotions), worth)
    emotion: float | None
    if observed_emotion is None:
        emotion = None if design_emotion is None else float(design_emotion)
    elif design_emotion is None:
        emotion_share = 1.0  # the design says nothing about feeling: the evidence is all there is
        emotion = observed_emotion
    else:
        emotion = (1.0 - emotion_share) * design_emotion + emotion_share * observed_emotion
    mentions = math.fsum(v.mentions for v in feedback)
    pull = feedback_pull(feedback, settings["feedback_customers"], settings["feedback_share"])
    friction += pull * (100.0 - friction)
    if pull > 0:
        emotion = (emotion or 0.0) - pull * ((emotion or 0.0) + 2.0)
    return Evidence(design_friction, design_emotion, tuple(found) if worth > 0 else (), observed_friction,
                    observed_emotion, share, emotion_share if observed_emotion is not None else 0.0,
                    tuple(feedback), mentions, pull, min(100.0, friction), emotion)
