"""What-if copies of a journey: the same journey with one fix applied, ready to be re-scored.

Every edit returns a new :class:`~tpscore.model.Journey` that a journey file could describe (the
property tests write it back to YAML, load it and audit it), so the re-score of a what-if goes
through exactly the code a real audit runs. Edits are pure and linear in the number of touchpoints;
touchpoints are addressed by id, so several edits compose in any order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .flow import analyse_flow
from .model import Feedback, Friction, Journey, Metrics, Touchpoint, at_index


def fixed_touchpoint(tp: Touchpoint, fixed: Mapping[str, float], effort: int | None = None,
                     emotion: float | None = None) -> Touchpoint:
    """``tp`` as it is once fixed (see :func:`fix_changes`); ``tp`` itself when nothing changes."""
    changes = fix_changes(tp, fixed, effort, emotion)
    return replace(tp, **changes) if changes else tp


def fix_changes(tp: Touchpoint, fixed: Mapping[str, float], effort: int | None = None,
                emotion: float | None = None) -> dict:
    """The fields fixing ``tp`` changes, with their new values (empty: it is at the fixed level already):
    frictions above ``fixed["severity"]`` lowered to it (0 removes them), effort above ``fixed["effort"]``
    lowered to it, emotion below ``fixed["emotion"]`` raised to it. Ranking a large journey asks this
    of every touchpoint and builds the fixed touchpoint only for the fixes it re-scores.

    ``effort`` and ``emotion`` are the design values to compare (default: the written ones); a change
    is written explicitly (``declared``).
    Measured metrics describe the touchpoint as it was, so the fixed one keeps only its volume: the
    re-score expects customers to meet the fixed design (:func:`fix_touchpoint` also sets aside the
    complaints about it).
    """
    severity, most_effort, least_emotion = int(fixed["severity"]), int(fixed["effort"]), int(fixed["emotion"])
    effort = tp.effort if effort is None else effort
    emotion = tp.emotion if emotion is None else emotion
    frictions = tuple(f if f.severity <= severity else Friction(f.kind, severity, f.note)
                      for f in tp.frictions if severity > 0 or f.severity <= severity)
    changes: dict = {}
    if frictions != tp.frictions:
        changes["frictions"] = frictions
    if effort > most_effort:
        changes["effort"] = most_effort
    if emotion is not None and emotion < least_emotion:
        changes["emotion"] = least_emotion
    if not changes:
        return changes
    if set_aside_metrics(tp):
        changes["metrics"] = Metrics(volume=tp.metrics.volume)
    changes["declared"] = tp.declared | frozenset(changes)
    return changes


def fix_touchpoint(journey: Journey, tp_id: str, fixed: Mapping[str, float], effort: int | None = None,
                   emotion: float | None = None) -> Journey:
    """The journey with touchpoint ``tp_id`` fixed (:func:`fixed_touchpoint`) and the evidence from
    before the fix set aside: its measured metrics but volume, and the negative feedback that names it
    (:func:`complaints_about`). That evidence describes the touchpoint customers met before the fix;
    kept, it would hold the fixed design at the old friction, so the touchpoints customers complain
    about most could never be fixed. Feedback about its stage stays: it is not about this touchpoint.
    Unchanged when the design is already at the fixed level (then nothing is set aside either)."""
    tp = journey.by_id()[tp_id]
    new = fixed_touchpoint(tp, fixed, effort, emotion)
    if new is tp:
        return journey
    journey = replace_touchpoint(journey, new)
    aside = {item.index for item in complaints_about(journey, tp_id)}
    if not aside:
        return journey
    kept = [item for item in journey.feedback if item.index not in aside]
    # ``index`` is a feedback item's position: the rules and coverage look items up by it.
    return replace(journey, feedback=tuple(replace(item, index=k) if item.index != k else item
                                           for k, item in enumerate(kept)))


def complaints_about(journey: Journey, tp_id: str) -> tuple[Feedback, ...]:
    """The negative feedback that names touchpoint ``tp_id`` (positive feedback never counts against a
    touchpoint, so it has nothing to set aside)."""
    return tuple(item for item in journey.feedback if item.touchpoint == tp_id and item.sentiment < 0)


def set_aside_metrics(tp: Touchpoint) -> dict[str, float]:
    """The measured metrics a fix sets aside: all but the volume (how many customers meet it)."""
    present = tp.metrics.present() if tp.metrics is not None else {}
    return {name: value for name, value in present.items() if name != "volume"}


def replace_touchpoint(journey: Journey, new: Touchpoint) -> Journey:
    """The journey with the touchpoint of the same id replaced by ``new`` (same position)."""
    tps = list(journey.touchpoints)
    position = next(i for i, tp in enumerate(tps) if tp.id == new.id)
    tps[position] = new if new.index == position else at_index(new, position)
    return replace(journey, touchpoints=tuple(tps))


def unused_id(journey: Journey, wanted: str) -> str:
    taken = {tp.id for tp in journey.touchpoints}
    candidate, number = wanted, 2
    while candidate in taken:
        candidate, number = f"{wanted}-{number}", number + 1
    return candidate


def insert_before(journey: Journey, new: Touchpoint, before: str) -> Journey:
    """The journey with ``new`` listed just before touchpoint ``before``, on its path, so that every
    way into ``before`` now passes through ``new`` first: defaults follow by themselves (the file order
    puts ``new`` first), explicit ``next`` lists that named ``before`` now name ``new``."""
    tps = list(journey.touchpoints)
    position = next(i for i, tp in enumerate(tps) if tp.id == before)
    new = replace(_carrying(new, tps[position]), path=tps[position].path, next=(before,))
    tps = [_redirect(tp, before, new.id) for tp in tps]
    tps.insert(position, new)
    return _renumbered(journey, tps)


def insert_after(journey: Journey, new: Touchpoint, after: str) -> Journey:
    """The journey with ``new`` listed just after touchpoint ``after``, on its path, taking over where
    ``after`` went: ``after`` now goes to ``new`` only."""
    tps = list(journey.touchpoints)
    position = next(i for i, tp in enumerate(tps) if tp.id == after)
    previous = tps[position]
    new = replace(new, path=previous.path, next=previous.next)
    if previous.next is not None:
        tps[position] = replace(previous, next=(new.id,))
    tps.insert(position + 1, new)
    return _renumbered(journey, tps)


def insert_between(journey: Journey, new: Touchpoint, after: str, before: str) -> Journey:
    """The journey with ``new`` on the way from ``after`` to ``before`` only: listed just after
    ``after``, on its path, going to ``before``; ``after`` names ``new`` in its ``next`` where it went
    to ``before`` (written out when it followed the file's default). Customers who reach ``before``
    another way do not meet ``new``; no other touchpoint's default ``next`` changes, because ``new``
    follows ``after`` on its path. When ``after`` no longer goes to ``before`` (another fix of the same
    team opportunity put a touchpoint in between), ``new`` goes just before ``before`` instead."""
    tps = list(journey.touchpoints)
    position = next(i for i, tp in enumerate(tps) if tp.id == after)
    target = next(i for i, tp in enumerate(tps) if tp.id == before)
    if target not in analyse_flow(tps).successors[position]:
        return insert_before(journey, new, before)
    previous = tps[position]
    new = replace(_carrying(new, journey.by_id()[before]), path=previous.path, next=(before,))
    tps[position] = (replace(previous, next=(new.id,), declared=previous.declared | {"next"})
                     if previous.next is None else _redirect(previous, before, new.id))
    tps.insert(position + 1, new)
    return _renumbered(journey, tps)


def _carrying(new: Touchpoint, before: Touchpoint) -> Touchpoint:
    """``new``, which takes ``before``'s place in ``next`` lists, with ``before``'s volume: customers
    divide at a branch (and between entries) by volume, so without it the what-if would send them
    along other routes. The README's hand-made edit copies the volume too."""
    if new.metrics is not None or before.metrics is None or before.metrics.volume is None:
        return new
    return replace(new, metrics=Metrics(volume=before.metrics.volume), declared=new.declared | {"metrics"})


def _renumbered(journey: Journey, tps: list[Touchpoint]) -> Journey:
    return replace(journey, touchpoints=tuple(at_index(tp, i) if tp.index != i else tp for i, tp in enumerate(tps)))


def _redirect(tp: Touchpoint, old: str, new: str) -> Touchpoint:
    if tp.next is None or old not in tp.next:
        return tp
    targets = tuple(dict.fromkeys(new if t == old else t for t in tp.next))
    return replace(tp, next=targets)


def new_touchpoint(journey: Journey, wanted_id: str, name: str, stage: str, *, owner: str | None = None,
                   bridge: bool | str = False, path: str = "happy") -> Touchpoint:
    """A touchpoint with nothing to score against it: no friction, effort 1, emotion unknown;
    ``bridge`` as the file would say it (``True``, or what bridges the hand-off)."""
    declared = {"id", "name", "stage"} | ({"owner"} if owner else set()) | ({"bridge"} if bridge else set())
    return Touchpoint(id=unused_id(journey, wanted_id), name=name, stage=stage, index=-1, owner=owner,
                      bridge=bridge, path=path, declared=frozenset(declared))
