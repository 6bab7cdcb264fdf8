"""Voice of the customer: what customers said, with how many said it, under the touchpoint or stage
it is about, most-mentioned first. Pure; the report carries it and the renderers show it."""

from __future__ import annotations

from .analysis import Analysis


def voice(analysis: Analysis) -> list[dict]:
    """One entry per feedback item. ``status`` of a complaint (negative sentiment): ``open`` while
    nothing answers it (its touchpoint still has friction; its stage has no touchpoint, or one with
    friction), ``answered`` otherwise; praise and neutral remarks have none."""
    journey = analysis.journey
    by_id = {f.touchpoint.id: f for f in analysis.figures}
    smooth = {stage: True for stage in journey.stages if stage not in analysis.uncovered_stages}
    for f in analysis.figures:
        smooth[f.touchpoint.stage] = smooth.get(f.touchpoint.stage, True) and f.friction == 0
    entries = []
    for item in journey.feedback:
        figures = by_id.get(item.touchpoint) if item.touchpoint else None
        stage = figures.touchpoint.stage if figures is not None else item.stage
        if item.sentiment >= 0:
            status = None
        elif figures is not None:
            status = "open" if figures.friction > 0 else "answered"
        else:
            status = "answered" if smooth.get(stage, False) else "open"
        entries.append(((-item.count, item.sentiment, item.text), {
            "text": item.text, "count": item.count, "sentiment": item.sentiment, "touchpoint": item.touchpoint,
            "stage": stage, "status": status, "source": item.source,
        }))
    entries.sort(key=lambda entry: entry[0])
    return [entry for _, entry in entries]
