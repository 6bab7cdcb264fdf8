"""Missing touchpoints: where the journey most likely lacks one, and why (the three places the
seed article on missing touchpoints names: between silos, at emotionally charged moments, and in
customer feedback). Pure; the analysis computes the inputs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .evidence import EVIDENCE_METRICS, metric_friction
from .model import Journey

#: A metric's friction must rise by this much from one stage to the next to count as a drop.
METRIC_DROP = 20.0


@dataclass(frozen=True)
class Suggestion:
    """A touchpoint to add: ``kind`` silo, emotional or feedback; between touchpoints ``after`` and
    ``before`` (indices, None at either end) in ``stage``; ``why`` in words."""

    kind: str
    after: int | None
    before: int | None
    stage: str | None
    why: str


def silo_suggestions(journey: Journey, unbridged: Sequence[tuple[int, int]],
                     frictions: Sequence[float]) -> list[Suggestion]:
    tps = journey.touchpoints
    return [Suggestion("silo", i, j, tps[j].stage,
                       f"{tps[i].owner} hands the customer to {tps[j].owner}, who meet friction {frictions[j]:.0f} "
                       f"at '{tps[j].id}': nothing says who takes over (a bridge is missing)")
            for i, j in unbridged]


def emotional_suggestions(journey: Journey, emotions: Sequence[float | None],
                          forward: Sequence[Sequence[int]]) -> list[Suggestion]:
    """A declared emotional moment felt negatively, with next touchpoints none of which eases it (a
    recovery, or a moment that is not negative)."""
    tps = journey.touchpoints
    out = []
    for i, tp in enumerate(tps):
        emotion = emotions[i]
        if "emotional" not in tp.moments or emotion is None or emotion >= 0:
            continue
        after = forward[i]
        if not after:
            continue  # where the route ends, the moment itself is the fix (TP006), not one more touchpoint
        if any(tps[j].path == "recovery" or (emotions[j] is not None and emotions[j] >= 0) for j in after):
            continue
        before = min(after, key=lambda j: tps[j].id)
        out.append(Suggestion("emotional", i, before, tp.stage,
                              f"'{tp.id}' is an emotional moment felt at {emotion:+.1f} and nothing after it "
                              "eases it: a touchpoint that reassures is missing"))
    return out


def feedback_suggestions(journey: Journey, uncovered_voices: dict[str, int],
                         stage_metrics: dict[str, dict[str, float]]) -> list[Suggestion]:
    """Negative feedback about a stage with no touchpoint, and a measured metric that drops from one
    stage to the next (the auction whose scores fell after purchase because nothing told absentee
    bidders they had won)."""
    tps = journey.touchpoints
    first_in: dict[str, int] = {}
    last_in: dict[str, int] = {}
    for i, tp in enumerate(tps):
        first_in.setdefault(tp.stage, i)
        last_in[tp.stage] = i
    stages = list(journey.stages)

    def around(position: int) -> tuple[int | None, int | None]:
        before = next((last_in[s] for s in reversed(stages[:position]) if s in last_in), None)
        after = next((first_in[s] for s in stages[position + 1:] if s in first_in), None)
        return before, after

    out = []
    for position, stage in enumerate(stages):
        if stage in uncovered_voices:
            after, before = around(position)
            out.append(Suggestion("feedback", after, before, stage,
                                  f"{uncovered_voices[stage]} customers complain about stage '{stage}', where "
                                  "the journey has no touchpoint; what they say names the touchpoint to add"))
    measured = [s for s in stages if s in stage_metrics]
    for earlier, later in zip(measured, measured[1:]):
        for name in EVIDENCE_METRICS:
            if name not in stage_metrics[earlier] or name not in stage_metrics[later]:
                continue
            old, new = stage_metrics[earlier][name], stage_metrics[later][name]
            if metric_friction(name, new) - metric_friction(name, old) >= METRIC_DROP:
                out.append(Suggestion("feedback", last_in.get(earlier), first_in.get(later), later,
                                      f"{name} worsens from {old:g} in '{earlier}' to {new:g} in '{later}'; "
                                      "something customers expect between the two is missing (ask them what)"))
                break
    return out
