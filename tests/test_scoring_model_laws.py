"""The laws of the evidence-and-routes scoring model (issue 11) as hypothesis properties: padding,
monotonicity, reorder invariance, feedback never helps, evidence outweighs design. The peak law and
the classic laws are in test_scoring_laws.py."""

from __future__ import annotations

import copy
import math

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import EMOTIONS, analysis_of, journeys, profile_of, scores, touchpoint_frictions

from tpscore.evidence import Reading, Voice, feedback_pull, share_of_evidence, weigh
from tpscore.routes import back_edges

LAW = settings(max_examples=150, deadline=None)
CLOSE = 1e-9


def explicit(doc: dict) -> dict:
    """The same graph with every `next` written out (the default follows list order)."""
    from tpscore.flow import analyse_flow
    from tpscore.model import build_journey

    doc = copy.deepcopy(doc)
    journey = build_journey(copy.deepcopy(doc))
    flow = analyse_flow(journey.touchpoints)
    ids = [tp["id"] for tp in doc["touchpoints"]]
    for tp, successors in zip(doc["touchpoints"], flow.successors):
        tp["next"] = [ids[j] for j in successors]
    return doc


# -- padding: touchpoints without friction never dilute journey friction ---------------------------

@st.composite
def padded(draw):
    """(doc, padded doc): up to ten neutral reminders inserted into customers' routes, each between a
    touchpoint and what follows it (the reminder takes over its `next`)."""
    doc = explicit(draw(journeys()))
    after = copy.deepcopy(doc)
    tps = after["touchpoints"]
    # A reminder on an edge that loops back would turn an entry into the middle of a loop (an entry
    # is where nothing else leads): that re-draws the routes rather than padding them.
    flow = analysis_of(doc).flow
    ids = [tp["id"] for tp in doc["touchpoints"]]
    looping = {ids[i] for i, _ in back_edges(flow.successors, flow.entries, ids)}
    hosts = [tp for tp in tps if tp["id"] not in looping]
    assume(hosts)
    for n in range(draw(st.integers(1, 10))):
        host = draw(st.sampled_from(hosts))
        reminder = {"id": f"reminder-{n}", "name": "Reminder text", "stage": host["stage"],
                    "path": host.get("path", "happy"), "next": host["next"]}
        reminder.update(draw(st.fixed_dictionaries({}, optional={
            "emotion": st.sampled_from([0, 1, 2]), "owner": st.sampled_from(["ops", "sales"]),
            "weight": st.sampled_from([0.5, 1, 3])})))  # no volume: a count of customers is news, not padding
        host["next"] = [reminder["id"]]
        tps.insert(draw(st.integers(tps.index(host) + 1, len(tps))), reminder)
    return doc, after


@LAW
@given(case=padded())
def test_padding_with_frictionless_touchpoints_never_changes_journey_friction(case):
    before, after = case
    # what customers say about a stage counts at every touchpoint of it, a reminder included: then
    # padding can only add friction; without stage feedback it changes nothing
    assert scores(after)["friction"] >= scores(before)["friction"] - 1e-6
    for doc in (before, after):
        doc["feedback"] = [item for item in doc.get("feedback", []) if "touchpoint" in item]
    assert math.isclose(scores(after)["friction"], scores(before)["friction"], abs_tol=1e-6)


# -- reorder invariance: the same graph listed in another order scores the same ----------------------

@LAW
@given(doc=journeys(min_touchpoints=2), data=st.data())
def test_listing_touchpoints_in_another_order_with_the_same_graph_changes_no_score(doc, data):
    doc = explicit(doc)
    first, rest = doc["touchpoints"][0], doc["touchpoints"][1:]
    assume(first.get("path", "happy") == "happy")  # the customer enters at the first happy touchpoint
    shuffled = copy.deepcopy(doc)
    shuffled["touchpoints"] = [first] + data.draw(st.permutations(rest))
    a, b = analysis_of(doc), analysis_of(shuffled)
    assert math.isclose(a.friction, b.friction, abs_tol=CLOSE)
    assert math.isclose(a.experience, b.experience, abs_tol=CLOSE)
    assert math.isclose(a.coverage, b.coverage, abs_tol=CLOSE)
    ending = {r.route.share and a.journey.touchpoints[r.ending].id for r in a.routes}
    assert ending == {r.route.share and b.journey.touchpoints[r.ending].id for r in b.routes}


# -- feedback never helps ------------------------------------------------------------------------------

@LAW
@given(doc=journeys(), data=st.data())
def test_adding_feedback_never_raises_coverage_or_experience_nor_lowers_friction(doc, data):
    after = copy.deepcopy(doc)
    ids = [tp["id"] for tp in doc["touchpoints"]]
    stages = doc["journey"]["stages"]
    for n in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.one_of(st.builds(lambda t: {"touchpoint": t}, st.sampled_from(ids)),
                                    st.builds(lambda s: {"stage": s}, st.sampled_from(stages))))
        item = {"text": f"voice {n}", **where, "sentiment": data.draw(EMOTIONS),
                "count": data.draw(st.integers(1, 5000))}
        status = data.draw(st.sampled_from([None, "open", "answered"]))
        if status:
            item["status"] = status
        after.setdefault("feedback", []).append(item)
    old, new = scores(doc), scores(after)
    assert new["coverage"] <= old["coverage"] + CLOSE
    assert new["friction"] >= old["friction"] - CLOSE
    assert new["experience"] <= old["experience"] + CLOSE
    assert all(n >= o - CLOSE for n, o in zip(touchpoint_frictions(after), touchpoint_frictions(doc)))


# -- feedback is read against the customers it speaks for (docs/scoring.md §2) ----------------------

MENTIONS = st.floats(0.5, 10_000)
CUSTOMERS = st.one_of(st.none(), st.integers(0, 10_000_000))


def _voice(mentions: float, customers: int | None) -> Voice:
    from tpscore.model import Feedback

    return Voice(Feedback("said", 0, touchpoint="t", sentiment=-2, count=1), mentions, customers)


@given(mentions=MENTIONS, more=st.floats(0.5, 1000), customers=CUSTOMERS, half=st.floats(0.1, 1000),
       share=st.floats(0, 1))
def test_feedback_pull_grows_with_the_mentions_and_shrinks_with_the_silent_customers(mentions, more, customers,
                                                                                     half, share):
    pull = feedback_pull([_voice(mentions, customers)], half, share)
    assert 0 < pull < 1
    assert feedback_pull([_voice(mentions + more, customers)], half, share) >= pull  # monotonic in count
    if customers is not None:
        assert feedback_pull([_voice(mentions, customers * 10 + 1)], half, share) <= pull + CLOSE
    else:  # no volume known: today's N / (N + half)
        assert math.isclose(pull, mentions / (mentions + half))
    # never more than the share of the customers voicing it allows: N / (half + share × customers)
    if customers:
        assert pull <= mentions / (half + share * customers) + CLOSE


@given(mentions=MENTIONS, customers=st.integers(1, 10_000), half=st.floats(0.1, 1000))
def test_a_touchpoints_own_feedback_and_its_stages_add_up(mentions, customers, half):
    one = feedback_pull([_voice(mentions, customers)], half, 0.0625)
    two = feedback_pull([_voice(mentions, customers), _voice(mentions, customers)], half, 0.0625)
    assert two >= one and math.isclose(two, feedback_pull([_voice(2 * mentions, customers)], half, 0.0625))


@LAW
@given(doc=journeys(), factor=st.integers(2, 1000))
def test_the_same_feedback_from_more_customers_never_raises_friction(doc, factor):
    """Every volume × factor keeps how customers divide between routes, so only feedback's weight moves:
    the same mentions among more silent customers pull less."""
    more = copy.deepcopy(doc)
    for tp in more["touchpoints"]:
        if tp.get("metrics", {}).get("volume") is not None:
            tp["metrics"]["volume"] *= factor
    assert all(n <= o + 1e-6 for n, o in zip(touchpoint_frictions(more), touchpoint_frictions(doc)))
    assert scores(more)["friction"] <= scores(doc)["friction"] + 1e-6


@LAW
@given(doc=journeys())
def test_removing_all_feedback_never_lowers_coverage(doc):
    quiet = {k: v for k, v in doc.items() if k != "feedback"}
    assert scores(quiet)["coverage"] >= scores(doc)["coverage"] - CLOSE


# -- evidence outweighs design, in proportion to how much there is -------------------------------------

READINGS = st.lists(st.builds(lambda f, e: Reading("csat", 3.0, f, e), st.floats(0, 100),
                              st.one_of(st.none(), st.floats(-2, 2))), min_size=1, max_size=4)
SETTINGS = {"metric_weight": 2, "feedback_customers": 20, "feedback_share": 0.0625}


@LAW
@given(design=st.floats(0, 100), emotion=st.one_of(st.none(), EMOTIONS), found=READINGS)
def test_evidence_outweighs_the_design_estimate(design, emotion, found):
    e = weigh(design, emotion, found, (), SETTINGS)
    assert e.metric_share > 0.5
    assert abs(e.friction - e.observed_friction) <= abs(e.friction - design) + CLOSE
    more = weigh(design, emotion, list(found) + [Reading("ces", 4.0, e.observed_friction, None)], (), SETTINGS)
    assert more.metric_share > e.metric_share  # more evidence weighs more
    assert abs(more.friction - e.observed_friction) <= abs(e.friction - e.observed_friction) + CLOSE


@given(count=st.integers(1, 50), worth=st.floats(0.5, 100))
def test_share_of_evidence_grows_with_the_amount(count, worth):
    assert 0 < share_of_evidence(count, worth) < share_of_evidence(count + 1, worth) < 1


@LAW
@given(doc=journeys())
def test_without_evidence_the_design_estimate_is_used(doc):
    quiet = {k: v for k, v in doc.items() if k != "feedback"}
    for tp in quiet["touchpoints"]:
        tp.pop("metrics", None)
    for f in analysis_of(quiet).figures:
        assert f.friction == f.breakdown.friction and not f.evidence.backed
    assert analysis_of(quiet).evidence_touchpoints == 0.0


@LAW
@given(doc=journeys())
def test_metrics_weigh_nothing_with_metric_weight_zero(doc):
    quiet = {k: v for k, v in doc.items() if k != "feedback"}
    a = analysis_of(quiet, {"evidence": {"metric_weight": 0}})
    assert all(f.friction == f.breakdown.friction for f in a.figures)
    assert profile_of({"evidence": {"metric_weight": 0}}).evidence["feedback_customers"] == 20


# -- the voice of the customer and the feedback coverage check say the same thing -------------------

@LAW
@given(doc=journeys())
def test_the_voice_and_the_feedback_check_agree_and_name_the_answer(doc):
    from strategies import report_dict

    report = report_dict(doc)
    check = next(c for c in report["coverage"] if c["id"] == "feedback")
    open_texts = sorted(item["text"] for item in report["voice"] if item["status"] == "open")
    assert open_texts == sorted(check["failures"])
    by_id = {tp["id"]: tp for tp in doc["touchpoints"]}
    for item in report["voice"]:
        if item["answered_by"] is not None:
            assert item["status"] == "answered"
            answer = by_id[item["answered_by"]]
            assert answer.get("path") == "recovery" or is_follow_up_text(answer)


def is_follow_up_text(tp: dict) -> bool:
    from tpscore.model import build_journey
    from tpscore.scoring import is_follow_up

    doc = {"version": 1, "journey": {"id": "j", "name": "J", "stages": [tp["stage"]]}, "touchpoints": [tp]}
    return is_follow_up(build_journey(copy.deepcopy(doc)).touchpoints[0])


# -- a stage's metric is the one its customers meet ----------------------------------------------

@LAW
@given(values=st.lists(st.floats(1, 5), min_size=1, max_size=6), data=st.data())
def test_customer_mean_weighs_by_volume_only_when_every_volume_is_known(values, data):
    from tpscore.scoring import customer_mean

    volumes = data.draw(st.lists(st.integers(1, 10**6), min_size=len(values), max_size=len(values)))
    scale = data.draw(st.integers(1, 1000))
    weighted = customer_mean(values, volumes)
    assert min(values) - CLOSE <= weighted <= max(values) + CLOSE
    # only the proportions of customers matter, not how they are counted
    assert math.isclose(weighted, customer_mean(values, [v * scale for v in volumes]), abs_tol=1e-9)
    # one unknown volume: nothing says who is more typical, so every touchpoint counts alike
    assert math.isclose(customer_mean(values, [None, *volumes[1:]]), math.fsum(values) / len(values))


# -- route customers: read from the volumes, never more than they allow, never more than enter ----------

def _volumes(doc: dict) -> dict[str, int]:
    return {tp["id"]: tp["metrics"]["volume"] for tp in doc["touchpoints"]
            if tp.get("metrics", {}).get("volume") is not None}


@LAW
@given(doc=journeys(), data=st.data())
def test_route_customers_stay_within_the_measured_volumes_and_the_customers_who_enter(doc, data):
    for tp in doc["touchpoints"]:  # most touchpoints measured, so that counts exist
        volume = data.draw(st.one_of(st.none(), st.integers(1, 10_000), st.integers(1, 10_000)))
        if volume is not None:
            tp.setdefault("metrics", {})["volume"] = volume
    a = analysis_of(doc)
    volumes = _volumes(doc)
    counted = [r for r in a.routes if r.route.customers is not None]
    if not counted:
        assert all(r.route.estimated is None for r in a.routes)
        return
    first = a.journey.touchpoints[a.flow.first].id
    measured = sum(r.route.customers for r in counted if not r.route.estimated)
    assert sum(r.route.customers for r in counted) <= max(volumes[first], measured) + len(counted)
    for r in counted:
        ending = a.journey.touchpoints[r.ending].id
        if ending in volumes:  # never more than the ending's own volume says
            assert r.route.customers <= volumes[ending]
        if not r.route.estimated:  # a measured count is a volume on the route, not a guess
            on_route = {a.journey.touchpoints[i].id for i in r.route.members}
            assert r.route.customers in {volumes[t] for t in on_route if t in volumes}
    total = sum(r.route.customers for r in counted)
    if total > 0:
        for r in counted:
            assert abs(r.route.share - r.route.customers / total) <= 0.5 * len(counted) / total + 1e-9
