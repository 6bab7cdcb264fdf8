"""``tpscore explain``: every number of a report, derived step by step with the real values."""

from __future__ import annotations

from dataclasses import replace

from ..analysis import Analysis, RouteFigures, TouchpointFigures
from ..evidence import DROP_OFF_FULL, Reading
from ..scoring import emotion_to_score, failure_chance, remembered_experience

_WHY_DERIVED = {"first": "start of the happy path", "last": "a customer's route ends here"}
_FRICTION_OF = {
    "csat": "(5 − {v}) × 25", "ces": "({v} − 1) × 100 / 6", "nps": "(100 − {v}) / 2",
    "drop_off": "100 × {v} / " + f"{DROP_OFF_FULL:g}",
}
_EMOTION_OF = {"csat": "{v} − 3", "nps": "{v} / 50"}


def _g(value: float) -> str:
    """A number as people write it: no exponent, no trailing zeros (1500, 2.25, 0.001)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def _signed(emotion: float) -> str:
    return "0" if round(emotion, 2) == 0 else f"{emotion:+.2f}".rstrip("0").rstrip(".")


def _profile_lines(a: Analysis) -> list[str]:
    m, f, e = a.profile.moments, a.profile.friction, a.profile.evidence
    return [
        f"Profile: {a.profile.source or 'built-in defaults'}",
        f"  design:    points = {_g(f['severity'])} × Σ severity + {_g(f['effort'])} × (effort − 1) + "
        f"{_g(f['emotion'])} × negative emotion;  friction = 100 × (1 − e^(−points / {_g(f['scale'])}))",
        f"  evidence:  each metric worth {_g(e['metric_weight'])} design estimates (share = k·m / (k·m + 1))",
        f"  voices:    feedback pull = x / (1 + x), x = Σ N / ({_g(e['feedback_customers'])} + "
        f"{e['feedback_share']:g} × customers it speaks for); N / (N + {_g(e['feedback_customers'])}) "
        "while no volume is known",
        f"  routes:    chance of a bad outcome = 1 − (1 − {_g(f['worst_chance'])} × (friction / 100)^"
        f"{_g(f['compounding'])})^weight;  "
        f"peak: negative moments felt ×{_g(a.profile.experience['negativity'])}",
        f"  fix-first multipliers:  first ×{_g(m['first'])}, last ×{_g(m['last'])}, emotional ×{_g(m['emotional'])}",
    ]


def _reading(r: Reading) -> str:
    text = f"{r.name} {_g(r.value)} → friction {_FRICTION_OF[r.name].format(v=_g(r.value))} = {r.friction:.1f}"
    if r.emotion is not None:
        text += f", emotion {_EMOTION_OF[r.name].format(v=_g(r.value))} = {_signed(r.emotion)}"
    return text


def _evidence_lines(a: Analysis, fig: TouchpointFigures) -> list[str]:
    e, settings = fig.evidence, a.profile.evidence
    lines = []
    if not e.readings and not e.feedback:
        metrics = fig.touchpoint.metrics.present() if fig.touchpoint.metrics else {}
        shown = [f"{k} {_g(v)}" for k, v in metrics.items()]
        lines.append("  evidence   none: the design estimate stands" + (f" ({', '.join(shown)} shown only)"
                                                                        if shown else ""))
        return lines
    for r in e.readings:
        lines.append(f"  measured   {_reading(r)}")
    if e.observed_friction is not None:
        m = len(e.readings)
        lines.append(f"  observed   friction {e.observed_friction:.1f} (mean of {m}); share of evidence "
                     f"{_g(settings['metric_weight'])}×{m} / ({_g(settings['metric_weight'])}×{m} + 1) = "
                     f"{e.metric_share:.3f}")
        lines.append(f"  blended    (1 − {e.metric_share:.3f}) × {e.design_friction:.1f} + {e.metric_share:.3f} × "
                     f"{e.observed_friction:.1f} = {_blended(e):.1f}")
    if e.observed_emotion is not None:
        design = "unknown" if e.design_emotion is None else _signed(e.design_emotion)
        lines.append(f"  emotion    design {design}, observed {_signed(e.observed_emotion)} → "
                     f"{_signed(_before_pull(e))} (evidence share {e.emotion_share:.3f})")
    if e.feedback:
        lines.append(f"  feedback   {_pull_text(e, settings)}")
        lines.append(f"             friction {_blended(e):.1f} + {e.pull:.3f} × (100 − {_blended(e):.1f}) = "
                     f"{e.friction:.1f}; emotion pulled towards −2 → {_signed(e.emotion or 0)}")
    return lines


def _pull_text(e, settings) -> str:
    """How far the feedback pulls: N / (N + half) while no volume says how many customers it speaks
    for, else x / (1 + x) with each item's mentions over half + share × its customers."""
    half, share = _g(settings["feedback_customers"]), f"{settings['feedback_share']:g}"
    if all(v.customers is None for v in e.feedback):
        voices = "; ".join(f"{v.item.count} × sentiment {v.item.sentiment} → {_g(v.mentions)}" for v in e.feedback)
        return f"{voices} mentions; pull = {_g(e.mentions)} / ({_g(e.mentions)} + {half}) = {e.pull:.3f}"
    voices = "; ".join(f"{v.item.count} × sentiment {v.item.sentiment} → {_g(v.mentions)} mentions"
                       + ("" if v.customers is None else f" among {v.customers} customers") for v in e.feedback)
    terms = " + ".join(f"{_g(v.mentions)} / ({half} + {share} × {v.customers or 0})" for v in e.feedback)
    x = e.pull / (1.0 - e.pull) if e.pull < 1.0 else float("inf")
    return f"{voices}; pull = x / (1 + x), x = {terms} = {x:.3f} → {e.pull:.3f}"


def _blended(e) -> float:
    if e.observed_friction is None:
        return e.design_friction
    return (1.0 - e.metric_share) * e.design_friction + e.metric_share * e.observed_friction


def _before_pull(e) -> float:
    if e.observed_emotion is None:
        return float(e.design_emotion or 0)
    if e.design_emotion is None:
        return e.observed_emotion
    return (1.0 - e.emotion_share) * e.design_emotion + e.emotion_share * e.observed_emotion


def touchpoint_lines(a: Analysis, fig: TouchpointFigures) -> list[str]:
    tp, b, w = fig.touchpoint, fig.breakdown, a.profile.friction
    lines = [f"{tp.id}: {tp.name}  (stage {tp.stage}, {tp.path} path, owner {tp.owner or 'unknown'})"]
    if tp.frictions:
        parts = " + ".join(f"{x.kind} {x.severity}" for x in tp.frictions)
        lines.append(f"  frictions  {parts} = {b.severity_sum}  → {_g(w['severity'])} × {b.severity_sum} = "
                     f"{_g(b.severity_points)} points")
    else:
        lines.append("  frictions  none → 0 points")
    lines.append(f"  effort     {b.effort} → {_g(w['effort'])} × {b.effort - 1} = {_g(b.effort_points)} points")
    emotion = "unknown (neutral)" if tp.emotion is None else _signed(tp.emotion)
    lines.append(f"  emotion    {emotion} → {_g(w['emotion'])} × {b.negative_emotion} = {_g(b.emotion_points)} points")
    lines.append(f"  design     100 × (1 − e^(−{_g(b.points)} / {_g(w['scale'])})) = {b.friction:.1f}")
    lines += _evidence_lines(a, fig)
    chance = 1 - (1 - failure_chance(fig.friction, w)) ** tp.weight
    lines.append(f"  friction   {fig.friction:.1f} ({fig.band}); chance of a bad outcome 1 − (1 − "
                 f"{_g(w['worst_chance'])} × {fig.friction / 100:.3f}^{_g(w['compounding'])})^{_g(tp.weight)} = "
                 f"{chance:.3f}")
    factors = []
    for moment in fig.moments:
        origin = "declared" if moment in tp.moments else f"derived: {_WHY_DERIVED[moment]}"
        factors.append(f"{moment} ×{_g(a.profile.moments[moment])} ({origin})")
    lines.append(f"  reach      {fig.reach:.1%} of customers;  fix-first weight "
                 f"{' × '.join(factors) if factors else 'no moment'}")
    lines.append(f"  cost       {fig.cost:.2f} points of journey friction start here")
    return lines


def _route_lines(a: Analysis, r: RouteFigures) -> list[str]:
    tps = a.journey.touchpoints
    ending = tps[r.ending]
    who = ("customers unknown" if r.route.customers is None
           else f"about {r.route.customers:,} customers (estimated)" if r.route.estimated
           else f"{r.route.customers:,} customers (measured)")
    peak = a.figures[r.peak] if r.peak is not None else None
    end_emotion = a.figures[r.ending].emotion
    lines = [f"  → {ending.id} ({ending.path}): {who}, share {r.route.share:.3f}, "
             f"{len(r.route.members)} touchpoints on the way",
             f"      friction {r.friction:.1f}: the share of its customers meeting at least one bad outcome"]
    peak_text = (f"{peak.touchpoint.id} ({_signed(peak.emotion or 0)})" if peak is not None
                 else "none (every moment neutral)")
    end_text = ("unknown → 0" if end_emotion is None else _signed(end_emotion)) + (
        "" if a.figures[r.ending].evidence.emotion_measured else ", the team's estimate")
    if len(r.peaks) <= 1:
        lines.append(f"      peak {peak_text}, end {ending.id} ({end_text}) → experience {r.experience:.1f}")
        return lines
    # Customers reaching this ending by different branches met different peaks: show each group's
    # memory so the route's number is the visible average of them.
    lines.append(f"      end {ending.id} ({end_text}); its customers met different peaks on the way, each group "
                 "remembering ((peak + end) / 2 + 2) × 25:")
    groups = [(a.figures[p] if p is not None else None, share) for p, share in r.peaks]
    memories = [remembered_experience(felt.emotion if felt else None, end_emotion) for felt, _ in groups]
    for (felt, share), memory in zip(groups, memories):
        name = f"peak {felt.touchpoint.id} ({_signed(felt.emotion or 0)})" if felt else "no peak (every moment neutral)"
        lines.append(f"        {share:6.1%}  {name} → {memory:.1f}")
    terms = " + ".join(f"{share:.3f} × {memory:.1f}" for (_, share), memory in zip(groups, memories))
    lines.append(f"      experience = {terms} = {r.experience:.1f}")
    return lines


def _route_customers(a: Analysis) -> list[str]:
    """Where the route counts come from, and how many entering customers no route accounts for."""
    if a.customers is None:
        return []
    (entered, on_routes), first = a.customers, a.journey.touchpoints[a.flow.first]
    lines = ["  customers: a route's measured volume where all who reach its ending end there (else the volume "
             "before it on a stretch with no branch); otherwise how customers divide, scaled to the "
             f"{entered:,} who enter at {first.id} and capped by the volumes on the way; share = its customers "
             f"/ {on_routes:,} on all routes"]
    if on_routes < entered:
        lines.append(f"  {on_routes:,} of the {entered:,} who enter end on these routes; the volumes say the other "
                     f"{entered - on_routes:,} leave between touchpoints, where no route ends")
    return lines


def _journey_friction(a: Analysis) -> list[str]:
    terms = " + ".join(f"{r.route.share:.3f} × {r.friction:.1f}" for r in a.routes) or "0"
    return ["Journey friction = Σ route share × route friction (customers' chance of a bad outcome)",
            f"  = {terms} = {a.friction:.1f}"]


def _coverage(a: Analysis) -> list[str]:
    lines = ["Coverage = Σ (check weight × share passed) / Σ weight of applicable checks"]
    numerator = denominator = 0.0
    for c in a.coverage_checks:
        if not c.applicable:
            lines.append(f"  –  {c.name}: not applicable (nothing to check)")
            continue
        numerator += c.weight * c.fraction
        denominator += c.weight
        mark = "✓" if c.ok else "✗"
        lines.append(f"  {mark}  {c.name}: {c.passed}/{c.total} × weight {_g(c.weight)}")
        lines += [f"       missing: {failure}" for failure in c.failures]
    lines.append(f"  = {numerator:.2f} / {_g(denominator)} × 100 = {a.coverage:.1f}")
    return lines


def _experience(a: Analysis) -> list[str]:
    terms = " + ".join(f"{r.route.share:.3f} × {r.experience:.1f}" for r in a.routes) or "50"
    lines = ["Remembered experience (peak-end, per route) = Σ route share × ((peak + end) / 2 + 2) × 25",
             f"  = {terms} = {a.experience:.1f}"]
    if a.routes and len(a.routes) == 1 and a.peak is not None:
        r = a.routes[0]
        peak, end = a.figures[r.peak].emotion or 0, a.figures[r.ending].emotion or 0
        mean = (peak + end) / 2
        lines.append(f"  most customers: ({_signed(peak)} + {_signed(end)}) / 2 = {_signed(mean)} → "
                     f"{emotion_to_score(mean):.1f} (customers on other branches meet other peaks)")
    return lines


def _evidence_share(a: Analysis) -> list[str]:
    backed = [f.touchpoint.id for f in a.figures if f.evidence.backed]
    lines = ["Evidence behind the scores",
             f"  touchpoints: {len(backed)} of {len(a.figures)} = {a.evidence_touchpoints:.1%}"
             + (f" ({', '.join(backed)})" if backed else "")]
    customers = "no volumes given" if a.evidence_customers is None else f"{a.evidence_customers:.1%} of customer volume"
    lines.append(f"  customers:   {customers}")
    return lines


def _suggestions(a: Analysis) -> list[str]:
    tps = a.journey.touchpoints
    if not a.suggestions:
        return ["Missing touchpoints: none suggested"]
    lines = ["Missing touchpoints suggested"]
    for s in a.suggestions:
        between = " → ".join(tps[i].id if i is not None else "…" for i in (s.after, s.before))
        lines += [f"  {s.kind:<9} {between}", f"            {s.why}"]
    return lines


def explain_text(a: Analysis, touchpoint: str | None = None, width: int | None = None) -> str:
    """Every number with its formula; lines longer than ``width`` wrap under their label."""
    head = [*_title(a, width), *_profile_lines(a), ""]
    figures = [f for f in a.figures if touchpoint is None or f.touchpoint.id == touchpoint]
    body = ["1. Touchpoints: design estimate, evidence, friction", ""]
    for fig in figures:
        body += touchpoint_lines(a, fig) + [""]
    if touchpoint is None:
        body += ["2. Routes (where customers' routes end, through the `next` graph)"]
        for r in a.routes:
            body += _route_lines(a, r)
        body += _route_customers(a) + [""]
        sections = (_journey_friction(a), _coverage(a), _experience(a), _evidence_share(a), _suggestions(a))
        for number, lines in enumerate(sections, start=3):
            body += [f"{number}. {lines[0]}", *lines[1:], ""]
    return _lines(head + body, width)



def _title(a: Analysis, width: int | None) -> list[str]:
    """The journey's name on one line, its id and audit label, and its file (on a line of its own when narrow)."""
    from .fit import title_lines

    j = a.journey
    title = f"{j.name} ({j.id}{', audit ' + j.audit if j.audit else ''})"
    return title_lines(title, j.file, width) if width else [f"{title} — {j.file}"]


def _lines(lines: list[str], width: int | None) -> str:
    """The text, lines longer than ``width`` wrapped under their label. Each entry is one line: a line break
    in it comes from journey text and is flattened (the choke point for ``explain``'s user text)."""
    from ..console import one_line_safe

    lines = [one_line_safe(line) for line in lines]
    if width:
        from .fit import wrap_lines

        lines = wrap_lines(lines, width)
    return "\n".join(lines).rstrip() + "\n"


# -- one opportunity ---------------------------------------------------------------------------------


def _changed_touchpoints(before: Analysis, after: Analysis) -> list[str]:
    """The touchpoints the fix changed or added, each derived before and after."""
    old = {f.touchpoint.id: f for f in before.figures}
    lines = []
    for fig in after.figures:
        previous = old.get(fig.touchpoint.id)
        if previous is not None and previous.moments == fig.moments \
                and replace(previous.touchpoint, index=fig.touchpoint.index) == fig.touchpoint:
            continue  # only its position in the file moved
        if previous is not None:
            lines += ["before:", *touchpoint_lines(before, previous), "after:"]
        else:
            lines.append("added:")
        lines += touchpoint_lines(after, fig) + [""]
    return lines


def _before_after(title: str, before: list[str], after: list[str]) -> list[str]:
    if before[1:] == after[1:]:
        return [title + ": unchanged", f"  {before[-1].strip()}"]
    return [title, "  before", *("  " + line for line in before[1:]), "  after", *("  " + line for line in after[1:])]


def opportunity_text(before: Analysis, evaluation, opportunity=None, ranked: int = 0, width: int | None = None) -> str:
    """Derive one opportunity's gain: the fix, the touchpoints it changes, each score before and after,
    the gain, the reach and the priority (``opportunity`` is None when the fix is not ranked)."""
    c, after, gain = evaluation.candidate, evaluation.after, evaluation.gain
    fixed = before.profile.fixed
    head = [*_title(before, width), *_profile_lines(before),
            f"  fixed level:  frictions above severity {_g(fixed['severity'])} lowered to it (0 removes them), "
            f"effort at most {_g(fixed['effort'])}, emotion at least {_signed(fixed['emotion'])}", ""]
    place = f"rank {opportunity.rank} of {ranked}" if opportunity else "not ranked"
    body = [f"Opportunity {c.id}: {c.title}  ({c.kind}, {place})", f"  fix: {c.fix}", "",
            "1. What changes (a what-if copy of the journey, re-scored by the audit's own code)", ""]
    body += _changed_touchpoints(before, after) or ["  no touchpoint changes", ""]
    body += _before_after("2. " + _journey_friction(before)[0], _journey_friction(before), _journey_friction(after))
    body += [""] + _before_after("3. " + _coverage(before)[0], _coverage(before), _coverage(after))
    body += [""] + _before_after("4. " + _experience(before)[0], _experience(before), _experience(after))
    body += ["", "5. Gain = after − before, at the report's precision (one decimal)"]
    for name in ("friction", "experience", "coverage"):
        old, new = round(getattr(before, name), 1), round(getattr(after, name), 1)
        body.append(f"  {name:<10} {old:.1f} → {new:.1f} = {getattr(gain, name):+.1f}")
    body.append(f"  value = −({gain.friction:+.1f}) + ({gain.experience:+.1f}) + ({gain.coverage:+.1f}) = "
                f"{gain.value:.1f} points")
    if evaluation.resolves:
        body.append(f"  resolves findings: {', '.join(evaluation.resolves)}")
    body += ["", "6. Priority = value / effort (the value already weighs each route by its customers)"]
    if opportunity is None:
        why = ("it would make a score worse" if not gain.right_sign else "it gains nothing")
        body.append(f"  not ranked: {why}")
    else:
        effort = opportunity.effort
        source = f"effort of team opportunity {opportunity.owned}" if effort else "no team effort given: 1"
        body += [f"  value    {gain.value:.1f} points (step 5)", f"  effort   {_g(effort or 1)} ({source})",
                 f"  priority = {gain.value:.1f} / {_g(effort or 1)} = {opportunity.priority:,.2f}"]
    body.append(f"  reach    {c.reach_from}: shown, not multiplied in (the gain already counts these customers)")
    return _lines(head + body, width)
