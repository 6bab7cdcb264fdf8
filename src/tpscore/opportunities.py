"""What to fix first: every natural fix of a journey, re-scored, ranked by the customer-weighted gain.

For each touchpoint with something to fix, each stage without a touchpoint and each unbridged hand-off
this builds the fixed journey (:mod:`tpscore.whatif`) and runs it through the analysis and the rules,
exactly as an audit would: the gain is the change of the report's scores, never a second formula,
so it follows the scoring model wherever that goes. Pure and deterministic; each candidate costs one
analysis (linear in the touchpoints), and a touchpoint fix, which leaves the journey's shape as it
was, only the part that depends on the fixed values (:func:`tpscore.analysis.reanalyse`, the same
numbers to the last bit).

``priority = value / effort`` where ``value`` is the points gained on the journey's scores (friction
down, experience and coverage up) and ``effort`` the team's estimate when an ``opportunities:`` entry
owns the fix (else 1). The journey's friction and experience already weigh each route by the
customers who take it, so ``value`` already is "gain × customers reached": multiplying by a volume
again would count the customers twice (a kiosk's volume alone, with no score changed, would move it
up the list). ``reach`` is shown, not multiplied: the customers who meet the fixed touchpoint, the
added one, or the hand-off a bridge sits on (docs/scoring.md, What to fix first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .analysis import Analysis, reanalyse
from .model import Journey, TeamOpportunity, Touchpoint
from .routes import loop_edges, share_to
from .whatif import (
    complaints_about,
    fix_changes,
    fix_touchpoint,
    insert_after,
    insert_before,
    insert_between,
    new_touchpoint,
    set_aside_metrics,
)

#: The scores an opportunity can move, each with whether higher is better.
SCORES = {"friction": False, "experience": True, "coverage": True}

Fix = Callable[[Journey], Journey]
#: Touchpoint-analyses one ranking may spend: every candidate of a journey of up to a few hundred
#: touchpoints is re-scored; beyond that the costliest candidates are (see :func:`screened`).
WORK_BUDGET = 40_000


@dataclass(frozen=True)
class Candidate:
    """One natural fix: what it targets, what it changes (``fix`` in words, ``apply`` on a journey)."""

    id: str
    kind: str  # touchpoint | ending | stage | bridge | suggestion
    title: str
    target: str  # the touchpoint id (the receiving one for a bridge) or the stage id
    stage: str
    fix: str
    apply: Fix = field(compare=False, repr=False)
    #: Customers who meet what the fix changes (see :func:`customers_at`), None when unknown.
    reach: int | None = None
    #: Where the reach comes from, for ``tpscore explain --opportunity``.
    reach_from: str = "no volume is given"


@dataclass(frozen=True)
class Gain:
    """Change of each score, at the report's precision (one decimal): re-auditing shows exactly this."""

    friction: float
    experience: float
    coverage: float

    @property
    def value(self) -> float:
        """Points gained on the three scores (friction counts when it falls)."""
        return round(-self.friction + self.experience + self.coverage, 1) + 0.0

    @property
    def right_sign(self) -> bool:
        return self.friction <= 0 and self.experience >= 0 and self.coverage >= 0

    def to_dict(self) -> dict[str, float]:
        return {"friction": self.friction, "experience": self.experience, "coverage": self.coverage}


@dataclass(frozen=True)
class Evaluation:
    """A candidate re-scored: the what-if analysis, the gain and the finding codes it resolves."""

    candidate: Candidate
    after: Analysis
    gain: Gain
    resolves: tuple[str, ...]


@dataclass(frozen=True)
class Opportunity:
    evaluation: Evaluation
    reach: int | None
    effort: float | None
    priority: float
    rank: int
    owned: str | None

    @property
    def candidate(self) -> Candidate:
        return self.evaluation.candidate

    @property
    def gain(self) -> Gain:
        return self.evaluation.gain

    def to_dict(self) -> dict:
        c = self.candidate
        return {"id": c.id, "kind": c.kind, "title": c.title, "target": c.target, "stage": c.stage, "fix": c.fix,
                "gain": self.gain.to_dict(), "value": self.gain.value, "resolves": list(self.evaluation.resolves),
                "reach": self.reach, "effort": self.effort, "priority": self.priority, "rank": self.rank,
                "owned": self.owned}


@dataclass(frozen=True)
class TeamResult:
    """A team-owned opportunity with the gain of all the fixes it addresses applied together."""

    team: TeamOpportunity
    linked: tuple[str, ...]
    gain: Gain
    reach: int | None

    def to_dict(self) -> dict:
        t = self.team
        return {"id": t.id, "title": t.title, "owner": t.owner, "status": t.status, "effort": t.effort,
                "touchpoints": list(t.touchpoints), "stages": list(t.stages), "findings": list(t.findings),
                "linked": list(self.linked), "gain": self.gain.to_dict(), "reach": self.reach}


@dataclass(frozen=True)
class Ranking:
    opportunities: tuple[Opportunity, ...]
    team: tuple[TeamResult, ...]


def report_score(value: float) -> float:
    """A score as the report shows it (one decimal, no -0.0)."""
    return round(value, 1) + 0.0


def gain_between(before: Analysis, after: Analysis) -> Gain:
    def change(name: str) -> float:
        return round(report_score(getattr(after, name)) - report_score(getattr(before, name)), 1) + 0.0

    return Gain(change("friction"), change("experience"), change("coverage"))


# -- candidates ---------------------------------------------------------------------------------------


def candidates(analysis: Analysis) -> list[Candidate]:
    """Every natural fix of the journey, in a fixed order (touchpoints, stages, hand-offs)."""
    journey = analysis.journey
    out = [c for c in (touchpoint_candidate(analysis, tp) for tp in journey.touchpoints) if c]
    out += [stage_candidate(analysis, stage) for stage in analysis.uncovered_stages if stage in journey.stages]
    out += [bridge_candidate(analysis, i, j) for i, j in analysis.unbridged]
    taken = {c.id for c in out}
    for suggestion in getattr(analysis, "suggestions", ()):  # the scoring model's missing touchpoints
        candidate = suggestion_candidate(analysis, suggestion)
        if candidate is not None and candidate.id not in taken:
            taken.add(candidate.id)
            out.append(candidate)
    return out


def touchpoint_candidate(analysis: Analysis, tp: Touchpoint) -> Candidate | None:
    """Bring ``tp`` to the profile's ``fixed`` level; None when it is already there (nothing to gain)."""
    profile = analysis.profile
    figures = analysis.figures[tp.index]
    effort, emotion = figures.breakdown.effort, tp.emotion  # the design (the fix resets the evidence)
    fix = fix_changes(tp, profile.fixed, effort, emotion)
    if not fix:
        return None
    changes = "; ".join(part for part in (_described_changes(tp, fix, effort, emotion),
                                          _set_aside_words(analysis.journey, tp)) if part)
    only_feeling = fix.get("frictions", tp.frictions) == tp.frictions and fix.get("effort", tp.effort) == tp.effort
    ending = only_feeling and "last" in figures.moments
    reach, reach_from = customers_at(analysis, tp.index)
    return Candidate(
        id=f"{'end' if ending else 'fix'}:{tp.id}", kind="ending" if ending else "touchpoint",
        title=f"End on a neutral note at '{tp.name}'" if ending else f"Fix '{tp.name}'",
        target=tp.id, stage=tp.stage, fix=changes,
        apply=lambda journey: fix_touchpoint(journey, tp.id, profile.fixed, effort, emotion),
        reach=reach, reach_from=reach_from,
    )


def _described_changes(tp: Touchpoint, fix: dict, effort: int, emotion: float | None) -> str:
    """The fix in words; ``fix`` is :func:`~tpscore.whatif.fix_changes` of ``tp``."""
    parts = []
    frictions = fix.get("frictions", tp.frictions)
    if frictions != tp.frictions:
        before = ", ".join(f"{f.kind} {f.severity}" for f in tp.frictions)
        after = ", ".join(f"{f.kind} {f.severity}" for f in frictions) or "none"
        parts.append(f"frictions {before} → {after}")
    fixed_effort, fixed_emotion = fix.get("effort", tp.effort), fix.get("emotion", tp.emotion)
    if fixed_effort != effort and "effort" in fix.get("declared", tp.declared):
        parts.append(f"effort {effort} → {fixed_effort}")
    if fixed_emotion != emotion and fixed_emotion is not None and emotion is not None:
        parts.append(f"emotion {emotion:+g} → {fixed_emotion:+g}" if fixed_emotion else f"emotion {emotion:+g} → 0")
    return "; ".join(parts)


def _set_aside_words(journey: Journey, tp: Touchpoint) -> str:
    """What the fix sets aside (:func:`tpscore.whatif.fix_touchpoint`), as the file says it, so that a
    team can make the same edit: "evidence from before the fix set aside: csat 2.0, 210 complaints"."""
    complaints = sum(item.count for item in complaints_about(journey, tp.id))
    parts = [f"{name} {value}" for name, value in set_aside_metrics(tp).items()]
    if complaints:
        parts.append(f"{complaints:,} complaint{'s' * (complaints != 1)}")
    return f"evidence from before the fix set aside: {', '.join(parts)}" if parts else ""


def stage_candidate(analysis: Analysis, stage: str) -> Candidate:
    """Add a touchpoint to a stage that has none, where the customer passes from the stage before
    to the stage after (it answers the feedback about the stage)."""
    journey = analysis.journey
    before, after = _stage_neighbours(journey, stage)
    items = sum(1 for item in journey.feedback if item.stage == stage)
    answer = f" to answer {items} feedback item{'s' * (items != 1)}" if items else ""

    def apply(j: Journey) -> Journey:
        new = new_touchpoint(j, f"{stage}-touchpoint", f"New touchpoint in stage {stage}", stage)
        if before is not None:
            return insert_before(j, new, before)
        if after is not None:
            return insert_after(j, new, after)
        return insert_after(j, new, j.touchpoints[-1].id)

    where = f"before '{before}'" if before else f"after '{after}'" if after else "at the end"
    # The added touchpoint is met by every customer who meets the one it goes before (or after).
    neighbour = before or after
    reach, reach_from = customers_at(analysis, journey.by_id()[neighbour].index) if neighbour else \
        (None, "no touchpoint next to the gap")
    return Candidate(id=f"add:{stage}", kind="stage", title=f"Add a touchpoint in stage '{stage}'{answer}",
                     target=stage, stage=stage, fix=f"a touchpoint with no friction in stage {stage}, {where}",
                     apply=apply, reach=reach, reach_from=reach_from)


def _stage_neighbours(journey: Journey, stage: str) -> tuple[str | None, str | None]:
    """The first happy-path touchpoint of a later stage (the new one goes before it), else the last
    happy-path touchpoint of an earlier stage (the new one goes after it)."""
    position = {s: k for k, s in enumerate(journey.stages)}
    cut = position[stage]
    happy = [tp for tp in journey.touchpoints if tp.path == "happy"]
    later = next((tp.id for tp in happy if position[tp.stage] > cut), None)
    if later is not None:
        return later, None
    earlier = [tp.id for tp in happy if position[tp.stage] < cut]
    return None, earlier[-1] if earlier else None


def bridge_candidate(analysis: Analysis, i: int, j: int) -> Candidate:
    """A touchpoint run by the team handing over that says how the hand-over happens (a described
    ``bridge``), on the way from the handing touchpoint to the receiving one, so it is met by exactly
    the customers who cross the hand-off. A hand-off through touchpoints without an owner has no
    single edge to sit on, and one along a loop back would become where those customers' pass ends:
    the bridge then goes just before the receiving touchpoint, met by everyone who arrives there."""
    tps = analysis.journey.touchpoints
    source, target = tps[i], tps[j]
    direct = j in analysis.flow.successors[i] and (i, j) not in loop_edges(tps, analysis.flow)
    words = f"{source.owner} tells the customer that {target.owner} takes over and what happens next"

    def apply(journey: Journey) -> Journey:
        new = new_touchpoint(journey, f"{source.id}-handover", f"Hand-over from {source.owner} to {target.owner}",
                             source.stage if direct else target.stage, owner=source.owner, bridge=words)
        return insert_between(journey, new, source.id, target.id) if direct else \
            insert_before(journey, new, target.id)

    where = f"between {source.id} and {target.id}" if direct else f"just before {target.id}"
    reach, reach_from = crossing(analysis, i, j) if direct else customers_at(analysis, j)
    return Candidate(
        id=f"bridge:{source.id}/{target.id}", kind="bridge",
        title=f"Bridge the hand-off from {source.owner} to {target.owner} before '{target.name}'",
        target=target.id, stage=source.stage if direct else target.stage,
        fix=f"a bridge touchpoint owned by {source.owner} {where}, with bridge: {words}", apply=apply,
        reach=reach, reach_from=reach_from)


def suggestion_candidate(analysis: Analysis, suggestion) -> Candidate | None:
    """Add the touchpoint the scoring model suggests (``kind``, between touchpoint indices ``after`` and
    ``before``, in ``stage``); None when a stage or bridge candidate already adds it."""
    tps = analysis.journey.touchpoints
    after = tps[suggestion.after] if suggestion.after is not None else None
    before = tps[suggestion.before] if suggestion.before is not None else None
    if (suggestion.kind == "silo" and after is not None and before is not None) or \
            (suggestion.kind == "feedback" and suggestion.stage in analysis.uncovered_stages):
        return None  # the bridge and the stage candidates add exactly this touchpoint
    anchor = before or after
    if anchor is None:
        return None
    stage = suggestion.stage or anchor.stage

    def apply(journey: Journey) -> Journey:
        # A neutral name: a name is what the touchpoint does (a "feedback" one would count as a follow-up).
        new = new_touchpoint(journey, "suggested-touchpoint", "Suggested touchpoint",
                             stage, owner=after.owner if after is not None else None,
                             bridge=suggestion.kind == "silo")
        return insert_before(journey, new, before.id) if before is not None else insert_after(journey, new, after.id)

    ends = f"{after.id if after is not None else ''}/{before.id if before is not None else ''}"
    where = " and ".join(part for part in (f"after '{after.id}'" if after is not None else "",
                                           f"before '{before.id}'" if before is not None else "") if part)
    reach, reach_from = customers_at(analysis, anchor.index)
    return Candidate(id=f"suggest:{suggestion.kind}:{ends}", kind="suggestion",
                     title=f"Add the suggested {suggestion.kind} touchpoint {where}", target=anchor.id, stage=stage,
                     fix=f"a touchpoint with no friction in stage {stage}, {where}: {suggestion.why}", apply=apply,
                     reach=reach, reach_from=reach_from)


# -- reach: the customers who meet what a fix changes (shown, never multiplied into the priority) ------


def customers_at(analysis: Analysis, i: int) -> tuple[int | None, str]:
    """The customers who meet touchpoint ``i`` and where the number comes from: its ``metrics.volume``,
    else its share of the journey's customers when the routes count them (the entries' volumes)."""
    tp = analysis.journey.touchpoints[i]
    if tp.metrics is not None and tp.metrics.volume is not None:
        return tp.metrics.volume, f"{tp.metrics.volume:,} (metrics.volume of {tp.id})"
    counted = [r.route.customers for r in analysis.routes]
    if not counted or None in counted:
        return None, f"unknown: {tp.id} has no metrics.volume and the journey's customers are not counted"
    total, share = sum(counted), analysis.figures[i].reach
    met = round(share * total)
    return met, f"{met:,} ({share:.1%} of the journey's {total:,} customers pass {tp.id})"


def crossing(analysis: Analysis, i: int, j: int) -> tuple[int | None, str]:
    """The customers who go from touchpoint ``i`` straight to ``j``: those who meet ``i`` times the share
    of them who go on to ``j`` (customers divide at a branch as the routes divide them)."""
    tps = analysis.journey.touchpoints
    met, source = customers_at(analysis, i)
    part = share_to(i, j, analysis.flow.successors, tps)
    if met is None:
        return None, f"unknown: customers at {tps[i].id} are unknown"
    crossing = round(met * part)
    return crossing, (f"{crossing:,} cross the hand-off {tps[i].id} → {tps[j].id}: {part:.1%} of the "
                      f"customers at {tps[i].id}, {source}")


# -- re-scoring ---------------------------------------------------------------------------------------


def evaluate(analysis: Analysis, candidate: Candidate, findings: Counter | None = None) -> Evaluation:
    """Apply ``candidate`` to a copy of the journey and re-score it with the same profile (the
    re-score reuses what the fix cannot change: :func:`tpscore.analysis.reanalyse`)."""
    after = reanalyse(analysis, candidate.apply(analysis.journey))
    before_findings = finding_keys(analysis) if findings is None else findings
    gone = before_findings - finding_keys(after)
    return Evaluation(candidate, after, gain_between(analysis, after), tuple(sorted({key[0] for key in gone})))


def finding_keys(analysis: Analysis) -> Counter:
    """What the enabled rules find, as (code, touchpoint id, stage, where) keys that survive a what-if
    (positions in the file shift when a touchpoint is inserted; ids do not)."""
    from .report import rule_hits

    tps = analysis.journey.touchpoints
    keys: Counter = Counter()
    for rule, _severity, hit in rule_hits(analysis):
        tp = tps[hit.touchpoint] if hit.touchpoint is not None else None
        if analysis.journey.suppression(rule.code, tp, hit.stage or (tp.stage if tp else None)) is None:
            keys[hit_key(rule.code, tp, hit)] += 1
    return keys


def hit_key(code: str, tp: Touchpoint | None, hit) -> tuple:
    return code, tp.id if tp else None, hit.stage, () if tp else tuple(hit.path)


def rank(analysis: Analysis, findings: Counter | None = None) -> Ranking:
    """Every candidate re-scored, those that gain something and make no score worse ranked by priority;
    plus each team-owned opportunity with its linked fixes applied together. ``findings`` are the
    audit's own :func:`finding_keys`, when it has them already."""
    findings = finding_keys(analysis) if findings is None else findings
    evaluated = [evaluate(analysis, c, findings) for c in screened(analysis, candidates(analysis))]
    owners = {e.candidate.id: _owner(e, analysis.journey.opportunities) for e in evaluated}
    useful = [e for e in evaluated if e.gain.right_sign and e.gain.value > 0]
    effort = {t.id: t.effort for t in analysis.journey.opportunities}
    scored = []
    for e in useful:
        owned = owners[e.candidate.id]
        team_effort = effort.get(owned) if owned else None
        scored.append((priority_of(e.gain, team_effort), e, team_effort, owned))
    scored.sort(key=lambda item: (-item[0], -item[1].gain.value, item[1].candidate.id))
    ranked = tuple(Opportunity(e, e.candidate.reach, team_effort, priority, position, owned)
                   for position, (priority, e, team_effort, owned) in enumerate(scored, 1))
    team = tuple(_team_result(analysis, t, [e for e in evaluated if owners[e.candidate.id] == t.id])
                 for t in analysis.journey.opportunities)
    return Ranking(ranked, team)


def priority_of(gain: Gain, effort: float | None) -> float:
    """``value / effort`` (no effort counts as 1), to two decimals: the points the fix gains on the
    journey's scores, which already weigh each route by its customers, per unit of the team's effort."""
    return round(gain.value / (effort or 1), 2) + 0.0


def screened(analysis: Analysis, found: list[Candidate]) -> list[Candidate]:
    """The candidates worth a re-score within :data:`WORK_BUDGET`: all of them for ordinary journeys;
    for very large ones the structural fixes (stages, hand-offs) first, then the touchpoints that cost
    most (their part of the journey friction, from the audit's own figures, already weighted by the
    customers who meet them)."""
    limit = max(1, WORK_BUDGET // max(1, len(analysis.figures)))
    if len(found) <= limit:
        return found
    cost = {f.touchpoint.id: f.cost for f in analysis.figures}

    def key(c: Candidate) -> tuple:
        structural = c.kind in ("stage", "bridge")
        return (not structural, -(cost.get(c.target, 0.0) if not structural else 0.0), c.id)

    return sorted(found, key=key)[:limit]


def _largest(*values: int | None) -> int | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def addresses(team: TeamOpportunity, evaluation: Evaluation) -> bool:
    """Whether the team's opportunity owns this fix: it names the fix's touchpoint or stage (or names
    none), and, when it lists finding codes, the fix resolves one of them."""
    c = evaluation.candidate
    named = team.stages if c.kind == "stage" else team.touchpoints
    if (team.touchpoints or team.stages) and c.target not in named:
        return False
    return not team.findings or bool(set(team.findings) & set(evaluation.resolves))


def _owner(evaluation: Evaluation, teams: Sequence[TeamOpportunity]) -> str | None:
    """The first (by id) team opportunity that addresses this fix: the file's order plays no part."""
    return min((t.id for t in teams if addresses(t, evaluation)), default=None)


def _team_result(analysis: Analysis, team: TeamOpportunity, linked: list[Evaluation]) -> TeamResult:
    journey = analysis.journey
    for e in sorted(linked, key=lambda e: e.candidate.id):
        journey = e.candidate.apply(journey)
    after = reanalyse(analysis, journey) if linked else analysis
    return TeamResult(team, tuple(sorted(e.candidate.id for e in linked)), gain_between(analysis, after),
                      _largest(*(e.candidate.reach for e in linked)))


