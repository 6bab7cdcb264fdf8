"""The sceptical CX lead's review (2026-11-30): each minimal reproduction they sent, as a scenario
with the numbers the model must now give (docs/scoring.md §2 feedback, §3 route customers)."""

from __future__ import annotations

import copy

from strategies import analysis_of, document, report_dict, scores, touchpoint


def breakfast(volume: int = 3800, complaints: int | None = 25) -> dict:
    """repro/r2: a breakfast with CSAT 4.1 from 3,800 guests, and "Eggs were cold" from 25 of them."""
    feedback = [{"text": "Eggs were cold", "touchpoint": "breakfast", "sentiment": -2, "count": complaints}]
    return document(["stay", "depart"], [
        touchpoint("breakfast", "stay", owner="fb", emotion=1, metrics={"volume": volume, "csat": 4.1}),
        touchpoint("check-out", "depart", owner="fb", emotion=1, next=[]),
    ], feedback=feedback if complaints else None, sale="stay")


def friction_of(doc: dict, tp_id: str) -> float:
    return next(f.friction for f in analysis_of(doc).figures if f.touchpoint.id == tp_id)


def test_twenty_five_complaints_among_3800_guests_do_not_outweigh_their_csat():
    quiet, voiced = friction_of(breakfast(complaints=None), "breakfast"), friction_of(breakfast(), "breakfast")
    assert round(quiet, 1) == 15.0
    # before: 62.2 (painful), the 25 pulling as hard as if they were every guest; now 22.5 (noticeable):
    # 0.66 % of the guests voiced a bad outcome, which the friction scale reads as friction 23.6
    assert quiet < voiced < 25
    assert scores(breakfast())["experience"] > scores(breakfast(complaints=None))["experience"] - 1.5


def test_the_same_complaints_among_a_thousand_times_more_guests_change_nothing_visible():
    quiet = friction_of(breakfast(3_800_000, complaints=None), "breakfast")
    assert friction_of(breakfast(3_800_000), "breakfast") - quiet < 0.1
    assert friction_of(breakfast(3_800_000), "breakfast") < friction_of(breakfast(3800), "breakfast")


def test_without_a_volume_feedback_pulls_as_before():
    unknown = breakfast()
    del unknown["touchpoints"][0]["metrics"]["volume"]
    assert round(friction_of(unknown, "breakfast"), 1) == 62.2  # 15 + 25 / (25 + 20) × 85


def test_complaints_from_most_guests_still_outweigh_a_good_csat():
    assert friction_of(breakfast(complaints=3000), "breakfast") >= 70  # broken: the survey is not the story


def test_feedback_about_a_stage_weighs_the_same_at_each_of_its_touchpoints():
    """A stage's complaint speaks for the stage's customers (its largest volume), not for each small
    touchpoint's few: "the stay was noisy" does not break the spa 50 guests visit."""
    doc = document(["stay", "depart"], [
        touchpoint("breakfast", "stay", owner="fb", metrics={"volume": 3800}),
        touchpoint("spa", "stay", owner="spa", metrics={"volume": 50}),
        touchpoint("check-out", "depart", owner="fb", next=[]),
    ], feedback=[{"text": "The stay was noisy", "stage": "stay", "sentiment": -2, "count": 100}], sale="stay")
    pulls = {f.touchpoint.id: f.evidence.pull for f in analysis_of(doc).figures}
    assert pulls["spa"] == pulls["breakfast"] < 0.3
    alone = copy.deepcopy(doc)
    alone["feedback"][0] = {"text": "The spa was noisy", "touchpoint": "spa", "sentiment": -2, "count": 100}
    assert analysis_of(alone).figures[1].evidence.pull > 0.7  # 100 of its 50 guests: the spa itself


def test_explain_derives_the_volume_aware_pull():
    from tpscore.render.explain import explain_text

    text = explain_text(analysis_of(breakfast()), "breakfast")
    assert "25 mentions among 3800 customers" in text
    assert "x = 25 / (20 + 0.0625 × 3800) = 0.097 → 0.088" in text.replace("\n             ", " ")
    assert report_dict(breakfast())["touchpoints"][0]["evidence"]["pull"] == 0.088
