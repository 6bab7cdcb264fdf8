"""Scenario tests of issue 11, written from its descriptions: each journey is the story a CX lead told,
each assertion the threshold the issue sets."""

from __future__ import annotations

import copy

import pytest
from strategies import document, journey_of, report_dict, scores, touchpoint

from tpscore.diff import diff_reports, regressions


def furniture() -> dict:
    """Designers recorded no frictions and effort 1 everywhere; the metrics and the feedback disagree."""
    stages = ["browse", "checkout", "deliver", "review", "complain"]
    return document(stages, [
        touchpoint("catalogue", "browse", owner="ecommerce", emotion=1, metrics={"volume": 12000}),
        touchpoint("checkout", "checkout", owner="ecommerce",
                   metrics={"csat": 2.1, "ces": 5.9, "drop_off": 0.46, "volume": 6400}),
        touchpoint("delivery", "deliver", owner="logistics", bridge="Text naming the delivery crew",
                   next=["review", "complaint-form"], metrics={"nps": -48, "volume": 3400}),
        touchpoint("review", "review", owner="logistics", metrics={"volume": 3000}),
        touchpoint("complaint-form", "complain", owner="support", path="unhappy",
                   metrics={"csat": 1.1, "volume": 400}),
    ], feedback=[{"text": "Two weeks late and nobody told me", "touchpoint": "delivery", "sentiment": -2,
                  "count": 1780}], sale="checkout")


def test_furniture_evidence_counts():
    report = report_dict(furniture())
    assert report["status"] != "pass"
    assert report["scores"]["friction"] >= 40 and report["scores"]["experience"] <= 40
    contradicted = {f["touchpoint"] for f in report["findings"] if f["code"] == "TP012"}
    assert contradicted == {"checkout", "delivery", "complaint-form"}
    assert report["evidence"]["touchpoints"] == 0.6


def hotel() -> dict:
    """A well-run hotel: CSAT 4.5-4.9, NPS 72-75, a lost-passport incident handled by a recovery."""
    stages = ["book", "arrive", "stay", "help", "leave"]
    return document(stages, [
        touchpoint("booking", "book", owner="reservations", emotion=1, metrics={"csat": 4.7, "volume": 2900}),
        touchpoint("check-in", "arrive", owner="front-desk", emotion=1, effort=2,
                   frictions=[{"kind": "wait", "severity": 1}], metrics={"csat": 4.5}),
        touchpoint("stay", "stay", owner="housekeeping", emotion=2, next=["checkout", "lost-passport"],
                   metrics={"csat": 4.9, "nps": 75}),
        touchpoint("checkout", "leave", owner="front-desk", emotion=1, effort=2,
                   frictions=[{"kind": "wait", "severity": 1}], metrics={"csat": 4.6, "nps": 72, "volume": 2590}),
        touchpoint("lost-passport", "help", owner="front-desk", path="unhappy", emotion=-2, moments=["emotional"],
                   next=["consulate-call"], metrics={"volume": 310}),
        touchpoint("consulate-call", "help", owner="concierge", path="recovery", emotion=1,
                   bridge="Front desk introduces the concierge by name", metrics={"csat": 4.8}),
        touchpoint("passport-delivered", "help", owner="concierge", path="recovery", emotion=2,
                   metrics={"csat": 4.9}),
    ], sale="book")


def test_hotel_has_no_errors_and_does_not_fail():
    report = report_dict(hotel())
    assert report["summary"]["errors"] == 0 and report["status"] != "fail"


def test_lost_passport_recovery_is_the_end_of_its_route():
    report = report_dict(hotel())
    routes = {r["ending"]: r for r in report["routes"]}
    assert set(routes) == {"checkout", "passport-delivered"}  # the incident is not an end
    assert routes["passport-delivered"]["kind"] == "recovery"
    assert round(routes["checkout"]["share"], 3) == round(2590 / 2900, 3)
    lost = next(t for t in report["touchpoints"] if t["id"] == "lost-passport")
    assert "last" not in lost["moments"]
    # the headline peak is the happy majority's, not the incident 310 of 2,900 meet
    assert report["experience"]["peak"]["touchpoint"] == "stay"


def hospital(reminders: int = 0) -> dict:
    stages = ["refer", "consult", "treat", "follow-up"]
    tps = [
        touchpoint("referral", "refer", owner="gp", effort=2, frictions=[{"kind": "wait", "severity": 3}]),
        touchpoint("consultation", "consult", owner="oncology", weight=2, emotion=-2, moments=["emotional"],
                   effort=3, frictions=[{"kind": "confusion", "severity": 2}]),
        touchpoint("treatment", "treat", owner="oncology", effort=4, frictions=[{"kind": "wait", "severity": 4}]),
        touchpoint("check-up", "follow-up", owner="oncology", emotion=1),
    ]
    for n in range(reminders):
        tps.insert(2, touchpoint(f"reminder-{n}", "consult", owner="oncology", emotion=0))
    return document(stages, tps)


def test_hospital_padding_with_ten_neutral_reminders_moves_friction_less_than_one_point():
    assert abs(scores(hospital(10))["friction"] - scores(hospital())["friction"]) < 1


def test_hospital_peak_does_not_follow_the_weight():
    light = hospital()
    light["touchpoints"][1]["weight"] = 1
    assert scores(light)["experience"] == scores(hospital())["experience"]


def test_bridge_true_everywhere_or_no_owners_does_not_reach_full_hand_off_coverage():
    def handoffs(doc: dict) -> dict:
        return next(c for c in report_dict(doc)["coverage"] if c["id"] == "handoffs")

    gamed = hospital()
    gamed["touchpoints"][0]["owner"] = "gp"
    for tp in gamed["touchpoints"]:
        tp["bridge"] = True
    assert not handoffs(gamed)["ok"]
    ownerless = copy.deepcopy(hospital())
    for tp in ownerless["touchpoints"]:
        tp.pop("owner")
    assert handoffs(ownerless)["passed"] == 0 and handoffs(ownerless)["total"] == 4


def two_quarters() -> tuple[dict, dict]:
    """An emotional moment met by 2,050 customers goes from +2 to negative while the averages improve."""
    stages = ["order", "fit", "use"]

    def version(fitting_emotion: int, order_effort: int) -> dict:
        return document(stages, [
            touchpoint("order", "order", owner="sales", effort=order_effort,
                       frictions=[{"kind": "wait", "severity": 3}] if order_effort > 1 else [],
                       metrics={"volume": 2100}),
            touchpoint("fitting", "fit", owner="crew", emotion=fitting_emotion, moments=["emotional"],
                       bridge="Crew lead calls the day before", metrics={"volume": 2050}),
            touchpoint("use", "use", owner="crew", emotion=1),
        ])

    return version(2, 5), version(-1, 1)


def test_the_2050_customer_regression_fails_the_gate_though_averages_improve():
    old, new = (report_dict(doc) for doc in two_quarters())
    diff = diff_reports(old, new)
    assert diff["scores"]["friction"]["better"] is True  # the average got better
    found = regressions(diff)
    assert any("'fitting'" in line and "felt emotion" in line for line in found), found
    assert any(r["ending"] == "use" for r in diff["routes"])


def test_the_2050_customer_regression_exits_1_on_the_command_line(tpscore, tmp_path):
    import yaml

    old, new = two_quarters()
    (tmp_path / "q1.yaml").write_text(yaml.safe_dump(old), encoding="utf-8")
    (tmp_path / "q2.yaml").write_text(yaml.safe_dump(new), encoding="utf-8")
    result = tpscore("diff", "q1.yaml", "q2.yaml", "--fail-on-regression", "-f", "table")
    assert result.exit_code == 1, result.output
    assert "touchpoint 'fitting' (emotional" in result.stderr and "Route endings (old → new)" in result.stdout


def test_stage_csat_and_tp013_weigh_touchpoints_by_their_customers():
    # The sceptic's telecom bill: 7,000 customers rate the bill 2.5, the 700 on the refund path 1.1. The
    # stage's customers meet 2.37 on average, not the plain mean 1.8, so no drop worth a TP013 appears.
    doc = document(["use", "bill"], [
        touchpoint("app", "use", owner="digital", metrics={"csat": 2.6, "volume": 7700}),
        touchpoint("bill", "bill", owner="billing", metrics={"csat": 2.5, "volume": 7000}),
        touchpoint("refund", "bill", owner="billing", path="recovery", metrics={"csat": 1.1, "volume": 700}),
    ])
    report = report_dict(doc)
    assert next(s for s in report["stages"] if s["id"] == "bill")["csat"] == 2.37
    assert not [f for f in report["findings"] if f["code"] == "TP013"]
    del doc["touchpoints"][2]["metrics"]["volume"]  # one volume unknown: the plain mean
    assert next(s for s in report_dict(doc)["stages"] if s["id"] == "bill")["csat"] == 1.8


@pytest.mark.parametrize(("name", "follow_up"), [
    ("Front-desk check-in", False), ("Retention call", False), ("Thank-you card", True),
    ("Post-stay survey", True), ("Follow-up call", True),
])
def test_follow_up_is_judged_by_what_reaches_back_to_the_customer(name, follow_up):
    from tpscore.scoring import is_follow_up

    doc = document(["stay"], [touchpoint("t", "stay", name=name)])
    assert is_follow_up(journey_of(doc).touchpoints[0]) is follow_up


@pytest.mark.parametrize(("ending", "measured"), [
    ({}, False), ({"metrics": {"csat": 4.2}}, True), ({"metrics": {"drop_off": 0.1}}, False),
])
def test_a_route_says_whether_customers_measured_its_end(ending, measured):
    # The end decides half of what customers remember (peak-end); a designed +2 thank-you card with
    # nothing measured lifts it as much as a measured one, so the report says which it is.
    doc = document(["buy", "after"], [
        touchpoint("order", "buy", owner="sales", emotion=-1),
        touchpoint("card", "after", owner="care", emotion=2, **ending),
    ])
    route = report_dict(doc)["routes"][0]
    assert route["ending"] == "card" and route["end_measured"] is measured
    from tpscore.render.story import ending_text

    assert ("end not measured: the team's estimate" in ending_text(route)) is not measured
    # an unmeasured unpleasant end flatters nothing: the report carries it, the sentence stays short
    assert "not measured" not in ending_text({**route, "end_emotion": -1.0})
