"""How fixes are ranked: priority = value / effort, where the value (points gained on the journey's
scores) already weighs each route by its customers. Volumes count once: in the scores."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import journey_of, journeys, load_text, profile_of, profiles, report_dict

from tpscore.analysis import analyse
from tpscore.opportunities import rank

LAWS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: Feedback weighs by the share of the customers who voiced it (docs/scoring.md §2), so volumes move it;
#: with feedback_share 0 they do not, and the laws below are about the ranking alone.
UNWEIGHED = {"evidence": {"feedback_share": 0}}


def _ranking(doc: dict, profile=None) -> list[tuple]:
    return [(o["id"], o["gain"], o["priority"]) for o in report_dict(doc, profile)["opportunities"]]


def _with_volumes(doc: dict, volumes: list[int]) -> dict:
    doc = copy.deepcopy(doc)
    for tp, volume in zip(doc["touchpoints"], volumes):
        tp.setdefault("metrics", {})["volume"] = volume
    return doc


def _scaled(doc: dict, factor: int) -> dict:
    doc = copy.deepcopy(doc)
    for tp in doc["touchpoints"]:
        if "volume" in tp.get("metrics", {}):
            tp["metrics"]["volume"] *= factor
    return doc


@LAWS
@given(doc=journeys(max_touchpoints=10), profile=profiles())
def test_priority_is_the_value_per_unit_of_effort_and_the_list_is_sorted_by_it(doc, profile):
    ranking = rank(analyse(journey_of(doc), profile_of(profile))).opportunities
    for o in ranking:
        assert o.priority == round(o.gain.value / (o.effort or 1), 2)
    assert [(-o.priority, -o.gain.value, o.candidate.id) for o in ranking] == \
        sorted((-o.priority, -o.gain.value, o.candidate.id) for o in ranking)


@LAWS
@given(doc=journeys(max_touchpoints=10), power=st.integers(1, 12), data=st.data())
def test_scaling_every_volume_by_a_constant_never_changes_the_ranking(doc, power, data):
    """Powers of two, so that floating point scales every customer count exactly (any other constant
    is the same law up to the last bit of a share)."""
    factor = 2 ** power
    volumes = data.draw(st.lists(st.integers(0, 10_000), min_size=len(doc["touchpoints"]),
                                 max_size=len(doc["touchpoints"])))
    doc = _with_volumes(doc, volumes)
    assert _ranking(_scaled(doc, factor), UNWEIGHED) == _ranking(doc, UNWEIGHED)


@LAWS
@given(doc=journeys(max_touchpoints=10), pick=st.integers(0, 100), volume=st.integers(0, 10**7))
def test_a_touchpoints_volume_alone_never_moves_a_fix(doc, pick, volume):
    """A volume where customers do not divide (no branch leads to the touchpoint, and it is not one of
    several entries) changes no score, so it changes no gain, no priority and no fix's place among the
    others: a kiosk's 360,000 visitors do not lift its fix above fixes that gain more. (The scoring
    model's suggested touchpoints may weigh stages by their customers: a suggestion may come or go.)
    A volume that says how many customers end where (docs/scoring.md §3) is news, not this law's case."""
    journey = journey_of(doc)
    a = analyse(journey, profile_of(UNWEIGHED))
    tp = journey.touchpoints[pick % len(journey.touchpoints)]
    divides = any(tp.index in succ and len(succ) > 1 for succ in a.flow.successors) or \
        (tp.index in a.flow.entries and len(a.flow.entries) > 1)
    if divides:
        return
    changed = copy.deepcopy(doc)
    changed["touchpoints"][tp.index].setdefault("metrics", {})["volume"] = volume
    if [r.route.share for r in analyse(journey_of(changed), profile_of(UNWEIGHED)).routes] != \
            [r.route.share for r in a.routes]:
        return
    assert report_dict(changed, UNWEIGHED)["scores"] == report_dict(doc, UNWEIGHED)["scores"]
    old, new = _ranking(doc, UNWEIGHED), _ranking(changed, UNWEIGHED)
    common = {item[0] for item in old} & {item[0] for item in new}
    assert [item for item in new if item[0] in common] == [item for item in old if item[0] in common]


_KIOSK = """\
version: 1
journey: {{id: clinic, name: Clinic visit, stages: [arrive, see]}}
touchpoints:
  - {{id: parking, name: Parking, stage: arrive, owner: estates, effort: 3, emotion: -1,
     frictions: [{{kind: wait, severity: 4}}], metrics: {{volume: 3600}}}}
  - {{id: kiosk, name: Check-in kiosk, stage: arrive, owner: estates, effort: 2,
     frictions: [{{kind: confusion, severity: 1}}], metrics: {{volume: {kiosk}}}}}
  - {{id: consultation, name: Consultation, stage: see, owner: estates, emotion: 1, next: []}}
"""


def test_a_kiosks_volume_does_not_lift_its_fix_above_one_that_gains_more():
    """The sceptic's kiosk: 3,600 or 360,000 check-ins, the same scores and the same ranking."""
    small, big = (report_dict_text(_KIOSK.format(kiosk=v)) for v in (3600, 360_000))
    assert small["scores"] == big["scores"]
    assert [o["id"] for o in big["opportunities"]] == [o["id"] for o in small["opportunities"]] == \
        ["fix:parking", "fix:kiosk"]
    assert [o["reach"] for o in big["opportunities"]] == [3600, 360_000]


def report_dict_text(text: str) -> dict:
    from tpscore.profile import default_profile
    from tpscore.report import build_report

    return build_report(load_text(text), default_profile()).to_dict()


_HANDOFF = """\
version: 1
journey: {id: clinic, name: Clinic visit, stages: [book, see]}
touchpoints:
  - {id: booking, name: Booking, stage: book, owner: booking, next: [waiting-room, rebooking],
     metrics: {volume: 4000}}
  - {id: waiting-room, name: Waiting room, stage: see, owner: outpatients, effort: 3,
     frictions: [{kind: wait, severity: 3}], next: [], metrics: {volume: 3600}}
  - {id: rebooking, name: Rebooking call, stage: book, owner: rebooking, path: recovery, next: [waiting-room],
     metrics: {volume: 400}}
"""


def test_a_bridge_reaches_the_customers_who_cross_its_hand_off():
    """3,600 customers meet the waiting room, but only the 400 rebooked cross the hand-off from the
    rebooking team: the bridge sits on that hand-off and reaches them alone."""
    report = report_dict_text(_HANDOFF)
    bridge = next(o for o in report["opportunities"] if o["id"] == "bridge:rebooking/waiting-room")
    assert bridge["reach"] == 400
    assert "between rebooking and waiting-room" in bridge["fix"]
