"""Voice of the customer: what customers said, with how many said it, under the touchpoint or stage
it is about, most-mentioned first. Pure; the report carries it and the renderers show it."""

from __future__ import annotations

from .analysis import Analysis


def voice(analysis: Analysis) -> list[dict]:
    """One entry per feedback item. ``status`` of a complaint (negative sentiment, or marked open) is
    the feedback coverage check's verdict, so the voice and the check never disagree: ``open`` while
    nothing on the customer's route answers it, ``answered`` otherwise, with ``answered_by`` the
    recovery or follow-up touchpoint that answers it; praise and neutral remarks have none."""
    journey = analysis.journey
    tps = journey.touchpoints
    stage_of = {tp.id: tp.stage for tp in tps}
    unanswered = set(analysis.unanswered_feedback)
    entries = []
    for item, answer in zip(journey.feedback, analysis.feedback_answered_by):
        if item.index in unanswered:
            status = "open"
        elif item.sentiment < 0 or item.status is not None:
            status = "answered"
        else:
            status = None
        entries.append(((-item.count, item.sentiment, item.text), {
            "text": item.text, "count": item.count, "sentiment": item.sentiment, "touchpoint": item.touchpoint,
            "stage": stage_of.get(item.touchpoint, item.stage) if item.touchpoint else item.stage,
            "status": status, "answered_by": tps[answer].id if answer is not None else None, "source": item.source,
        }))
    entries.sort(key=lambda entry: entry[0])
    return [entry for _, entry in entries]
