"""``tpscore explain``: every number of a report, derived step by step with the real values."""

from __future__ import annotations

from dataclasses import replace

from ..analysis import Analysis, TouchpointFigures
from ..scoring import emotion_to_score

_WHY_DERIVED = {"first": "start of the happy path", "last": "an end of the journey or of a path"}


def _g(value: float) -> str:
    """A number as people write it: no exponent, no trailing zeros (1500, 2.25, 0.001)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def _signed(emotion: float) -> str:
    return "0" if emotion == 0 else f"{emotion:+g}"


def _profile_lines(a: Analysis) -> list[str]:
    m, f = a.profile.moments, a.profile.friction
    return [
        f"Profile: {a.profile.source or 'built-in defaults'}",
        f"  moment multipliers: first ×{_g(m['first'])}, last ×{_g(m['last'])}, emotional ×{_g(m['emotional'])}",
        f"  points = {_g(f['severity'])} × Σ severity + {_g(f['effort'])} × (effort − 1) + {_g(f['emotion'])} × "
        f"negative emotion;  friction = 100 × (1 − e^(−points / {_g(f['scale'])}))",
    ]


def touchpoint_lines(a: Analysis, fig: TouchpointFigures) -> list[str]:
    tp, b, w = fig.touchpoint, fig.breakdown, a.profile.friction
    lines = [f"{tp.id}: {tp.name}  (stage {tp.stage}, {tp.path} path, owner {tp.owner or '–'})"]
    if tp.frictions:
        parts = " + ".join(f"{x.kind} {x.severity}" for x in tp.frictions)
        lines.append(f"  frictions  {parts} = {b.severity_sum}  → {_g(w['severity'])} × {b.severity_sum} = "
                     f"{_g(b.severity_points)} points")
    else:
        lines.append("  frictions  none → 0 points")
    lines.append(f"  effort     {b.effort} → {_g(w['effort'])} × {b.effort - 1} = {_g(b.effort_points)} points")
    emotion = "unknown (neutral)" if fig.emotion is None else _signed(fig.emotion)
    lines.append(f"  emotion    {emotion} → {_g(w['emotion'])} × {b.negative_emotion} = {_g(b.emotion_points)} points")
    lines.append(f"  friction   100 × (1 − e^(−{_g(b.points)} / {_g(w['scale'])})) = {fig.friction:.1f}")
    factors = [f"weight {_g(tp.weight)}"]
    for moment in fig.moments:
        origin = "declared" if moment in tp.moments else f"derived: {_WHY_DERIVED[moment]}"
        factors.append(f"{moment} ×{_g(a.profile.moments[moment])} ({origin})")
    lines.append(f"  weight     {' × '.join(factors)} = {_g(fig.effective_weight)}")
    lines.append(f"  cost       {fig.friction:.2f} × {_g(fig.effective_weight)} = {fig.cost:.1f}")
    if tp.metrics is not None and tp.metrics.present():
        shown = ", ".join(f"{k} {v:g}" for k, v in tp.metrics.present().items())
        lines.append(f"  metrics    {shown} (shown only; profile metrics.fill_missing "
                     f"{'on' if a.profile.fill_missing_metrics else 'off'})")
    return lines


def _journey_friction(a: Analysis) -> list[str]:
    total_cost = sum(f.cost for f in a.figures)
    total_weight = sum(f.effective_weight for f in a.figures)
    return ["Journey friction = Σ cost / Σ effective weight",
            f"  = {total_cost:.1f} / {_g(total_weight)} = {a.friction:.1f}"]


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
        missing = f"  missing: {'; '.join(c.failures)}" if c.failures else ""
        lines.append(f"  {mark}  {c.name}: {c.passed}/{c.total} × weight {_g(c.weight)}{missing}")
    lines.append(f"  = {numerator:.2f} / {_g(denominator)} × 100 = {a.coverage:.1f}")
    return lines


def _experience(a: Analysis) -> list[str]:
    lines = ["Remembered experience (peak-end rule) = mean of the peak and the end emotion, mapped −2..+2 → 0..100"]
    if a.peak is None:
        lines.append("  peak: no touchpoint has a non-neutral emotion → neutral 0")
        peak_emotion = 0
    else:
        fig = a.figures[a.peak]
        peak_emotion = fig.emotion
        lines.append(f"  peak: {fig.touchpoint.id} (emotion {_signed(fig.emotion)}, |emotion| × weight = "
                     f"{_g(abs(fig.emotion) * fig.effective_weight)}, the most intense moment)")
    end = a.figures[a.end]
    end_emotion = end.emotion or 0
    lines.append(f"  end:  {end.touchpoint.id} (the final touchpoint, emotion "
                 f"{'unknown → 0' if end.emotion is None else _signed(end.emotion)})")
    mean = (peak_emotion + end_emotion) / 2
    lines.append(f"  = ({_signed(peak_emotion)} + {_signed(end_emotion)}) / 2 = {_signed(mean)}"
                 f" → ({_signed(mean)} + 2) × 25 = {emotion_to_score(mean):.1f}")
    return lines


def explain_text(a: Analysis, touchpoint: str | None = None, width: int | None = None) -> str:
    """Every number with its formula; lines longer than ``width`` wrap under their label."""
    j = a.journey
    head = [f"{j.name} ({j.id}{', audit ' + j.audit if j.audit else ''}) — {j.file}", *_profile_lines(a), ""]
    figures = [f for f in a.figures if touchpoint is None or f.touchpoint.id == touchpoint]
    body = ["1. Touchpoint friction and weight", ""]
    for fig in figures:
        body += touchpoint_lines(a, fig) + [""]
    if touchpoint is None:
        body += ["2. " + _journey_friction(a)[0], *_journey_friction(a)[1:], ""]
        body += ["3. " + _coverage(a)[0], *_coverage(a)[1:], ""]
        body += ["4. " + _experience(a)[0], *_experience(a)[1:]]
    return _lines(head + body, width)


def _lines(lines: list[str], width: int | None) -> str:
    """The text, lines longer than ``width`` wrapped under their label."""
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
    j = before.journey
    fixed = before.profile.fixed
    head = [f"{j.name} ({j.id}{', audit ' + j.audit if j.audit else ''}) — {j.file}", *_profile_lines(before),
            f"  fixed level: frictions above severity {_g(fixed['severity'])} lowered to it (0 removes them), "
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
    body += ["", "6. Reach and priority", f"  reach: {c.reach_from}"]
    if opportunity is None:
        why = ("it would make a score worse" if not gain.right_sign else "it gains nothing")
        body.append(f"  not ranked: {why}")
    else:
        if opportunity.reach is None:
            body.append(f"  unknown reach counts as the journey's median reach, {opportunity.counted_reach:,}")
        effort = opportunity.effort
        owned = f" (effort of team opportunity {opportunity.owned})" if effort else ""
        body.append(f"  priority = value × reach / effort = {gain.value:.1f} × {opportunity.counted_reach:,} / "
                    f"{_g(effort or 1)}{owned} = {opportunity.priority:,.1f}")
    return _lines(head + body, width)
