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


# -- route customers: read from the measured volumes, never more than they allow (docs/scoring.md §3) --

def clinic() -> dict:
    """repro/r11: 4,000 reminders; 'cancelled' has no `next`, so it goes on to the next unhappy touchpoint
    listed, and the recovery 'rebook', which nothing leads to, is a second entry for the same 400."""
    return document(["book", "visit", "results"], [
        touchpoint("reminder", "book", owner="bc", next=["visit", "cancelled"], metrics={"volume": 4000}),
        touchpoint("visit", "visit", owner="bc", emotion=1, next=["results-letter", "results-lost"],
                   metrics={"volume": 3600}),
        touchpoint("results-letter", "results", owner="bc", emotion=1, next=[], metrics={"volume": 3300}),
        touchpoint("cancelled", "visit", owner="bc", path="unhappy", emotion=-2, metrics={"volume": 400}),
        touchpoint("rebook", "book", owner="bc", path="recovery", effort=4, next=["visit"], metrics={"volume": 400}),
        touchpoint("results-lost", "results", owner="bc", path="unhappy", emotion=-2, metrics={"volume": 300}),
    ], sale="book")


def routes_of(doc: dict) -> dict[str, dict]:
    return {r["ending"]: r for r in report_dict(doc)["routes"]}


def test_a_second_entry_for_the_same_customers_adds_none_and_measured_endings_are_read_not_invented():
    report = report_dict(clinic())
    routes = {r["ending"]: r for r in report["routes"]}
    # before: 3,667 + 733 = 4,400 route customers from 4,000 reminders
    assert {e: (r["customers"], r["estimated"]) for e, r in routes.items()} == {
        "results-letter": (3300, False), "results-lost": (300, False)}
    assert report["customers"] == {"entered": 4000, "on_routes": 3600}
    assert round(routes["results-letter"]["share"], 3) == round(3300 / 3600, 3)


def outpatients() -> dict:
    """The sceptic's hospital in short: 4,000 referred, 3,600 consulted, 2,400 tested, results for 2,100
    by letter and lost for 300, who complain and get a call from the surgeon."""
    return document(["refer", "consult", "test", "results", "follow-up"], [
        touchpoint("referral", "refer", owner="gp", metrics={"volume": 4000}),
        touchpoint("consultation", "consult", owner="ortho", emotion=2, metrics={"volume": 3600}),
        touchpoint("mri", "test", owner="radiology", next=["results-letter", "results-lost"],
                   metrics={"volume": 2400}),
        touchpoint("results-letter", "results", owner="ortho", emotion=1),
        touchpoint("follow-up-clinic", "follow-up", owner="booking", emotion=1, next=[], metrics={"volume": 2100}),
        touchpoint("results-lost", "results", owner="radiology", path="unhappy", emotion=-2, next=["surgeon-call"],
                   metrics={"volume": 300}),
        touchpoint("surgeon-call", "follow-up", owner="ortho", path="recovery", emotion=1, next=[]),
    ], sale="refer")


def test_route_customers_never_exceed_the_volumes_measured_on_the_way():
    routes = routes_of(outpatients())
    # before: 3,500 at a clinic 2,100 attend and 500 for the 300 whose results were lost
    assert routes["follow-up-clinic"]["customers"] == 2100 and not routes["follow-up-clinic"]["estimated"]
    assert routes["surgeon-call"]["customers"] == 300 and not routes["surgeon-call"]["estimated"]


def test_the_report_says_who_the_routes_do_not_account_for():
    from tpscore.render.story import leaving_text

    report = report_dict(outpatients())
    assert report["customers"] == {"entered": 4000, "on_routes": 2400}
    assert leaving_text(report) == ("2,400 of the 4,000 customers who enter end on these routes; the measured "
                                    "volumes say the other 1,600 leave between touchpoints, where no route ends")


def test_prospects_who_leave_before_the_sale_are_not_on_the_route():
    """The sceptic's hotel in short: 20,000 search (drop_off 0.8, shown only), 4,000 book; the happy
    route ends at a loyalty offer with no volume after a survey 3,800 answer."""
    doc = document(["search", "book", "stay", "after"], [
        touchpoint("search", "search", owner="web", metrics={"volume": 20000, "drop_off": 0.8}),
        touchpoint("booking", "book", owner="web", metrics={"volume": 4000}),
        touchpoint("room", "stay", owner="housekeeping", next=["survey", "ac-broken"], metrics={"volume": 4000}),
        touchpoint("survey", "after", owner="marketing", metrics={"volume": 3800}),
        touchpoint("loyalty-offer", "after", owner="marketing", next=["booking"]),
        touchpoint("ac-broken", "stay", owner="engineering", path="unhappy", next=["goodwill"],
                   metrics={"volume": 200}),
        touchpoint("goodwill", "after", owner="guest-relations", path="recovery", next=[]),
    ], sale="book")
    routes = routes_of(doc)
    # before: 19,048 on the happy route, though 4,000 booked
    assert (routes["loyalty-offer"]["customers"], routes["loyalty-offer"]["estimated"]) == (3800, False)
    assert (routes["goodwill"]["customers"], routes["goodwill"]["estimated"]) == (200, False)


def test_an_estimate_is_said_to_be_one_and_stays_within_the_volumes():
    doc = outpatients()
    del doc["touchpoints"][4]["metrics"]  # the clinic's volume is not known: estimated from the 2,400 tested
    routes = routes_of(doc)
    clinic_route = routes["follow-up-clinic"]
    assert clinic_route["estimated"] is True and clinic_route["customers"] <= 2400 - 300
    from tpscore.render.story import ending_text

    assert f"about {clinic_route['customers']:,} customers (estimated)" in ending_text(clinic_route)


def test_without_volumes_route_counts_stay_unknown():
    doc = clinic()
    del doc["touchpoints"][4]["metrics"]  # an entry without a volume: nobody can say how many
    report = report_dict(doc)
    assert all(r["customers"] is None and r["estimated"] is None for r in report["routes"])
    assert report["customers"] is None
