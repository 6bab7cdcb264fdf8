"""The six scoring laws of issue 4 as hypothesis properties, and unit tests of the pure scoring functions.

Where a law does not hold in general, the property is tested on the cases where it does and the
counterexample is kept as a strict xfail (see the LAW-n tests at the end of each section).
"""

from __future__ import annotations

import copy
import math
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import (
    ALL_ONES,
    EFFORTS,
    EMOTIONS,
    SEVERITIES,
    STAGE_POOL,
    WEIGHTS,
    analysis_of,
    audit_text,
    canonical_json,
    document,
    frictions,
    journey_of,
    journeys,
    profiles,
    report_dict,
    report_of,
    scores,
    to_yaml,
    touchpoint,
    touchpoint_attributes,
    touchpoint_frictions,
    validate_text,
    without_positions,
)

from tpscore.flow import analyse_flow
from tpscore.model import build_journey
from tpscore.scoring import (
    band,
    compound,
    coverage_score,
    derived_moments,
    effective_weight,
    emotion_to_score,
    peak_index,
    remembered_experience,
    sale_stage,
    touchpoint_friction,
    weighted_mean,
)
from tpscore.validate import check_document
from tpscore.yamlsafe import SourceMap

LAW = settings(max_examples=150, deadline=None)
DEFAULT_WEIGHTS = {"severity": 10, "effort": 8, "emotion": 10, "scale": 40}
#: Coverage without the hand-off check, for laws about stages (an added or removed touchpoint without
#: an owner is "ownership unknown", which the hand-off check counts on purpose).
NO_HANDOFFS = {"coverage": {"handoffs": 0}}
DEFAULT_MULTIPLIERS = {"first": 1.5, "last": 2.0, "emotional": 1.5}


def in_range(value: float) -> bool:
    return 0.0 <= value <= 100.0


def coverage_check(doc: dict, check_id: str) -> tuple[int, int]:
    check = next(c for c in analysis_of(doc).coverage_checks if c.id == check_id)
    return check.passed, check.total


# -- Law 1: every score in [0, 100]; the same input gives byte-identical JSON ------------------------

@LAW
@given(doc=journeys(), profile=st.one_of(st.none(), profiles()))
def test_law1_every_score_is_within_0_and_100(doc, profile):
    report = report_of(doc, profile)
    data = report.to_dict()
    assert all(in_range(value) for value in data["scores"].values()), data["scores"]
    assert all(in_range(tp["friction"]) for tp in data["touchpoints"])
    assert all(in_range(stage["friction"]) for stage in data["stages"] if stage["friction"] is not None)
    assert all(in_range(ending["experience"]) for ending in data["experience"]["endings"])
    # Unrounded, 100 × x / x may come out at 100.00000000000001; the report rounds it away.
    a = report.analysis
    assert all(-1e-9 <= value <= 100 + 1e-9 for value in (a.friction, a.coverage, a.experience))


@LAW
@given(doc=journeys())
def test_law1_same_input_gives_byte_identical_json(doc):
    report = report_of(doc)
    first = canonical_json(report)
    assert canonical_json(report) == first
    assert canonical_json(report_of(copy.deepcopy(doc))) == first  # a separately built journey


@settings(max_examples=60, deadline=None)
@given(doc=journeys(), profile=profiles())
def test_generated_journeys_and_profiles_are_valid(doc, profile):
    result = validate_text(to_yaml(doc))
    assert result.ok, [p.full_message() for p in result.problems]
    assert check_document(profile, ".tpscore.yaml", SourceMap(None), schema="config") == []


# -- Law 2: no frictions, effort 1, no negative emotion → friction 0 ---------------------------------

def calm(doc: dict, emotions: list) -> dict:
    """No frictions, effort 1, no negative emotion, and no evidence saying otherwise (metrics other
    than volume, negative feedback)."""
    doc = copy.deepcopy(doc)
    doc["feedback"] = [item for item in doc.get("feedback", []) if item["sentiment"] >= 0]
    for tp, emotion in zip(doc["touchpoints"], emotions):
        if "metrics" in tp:
            tp["metrics"] = {k: v for k, v in tp["metrics"].items() if k == "volume"}
        tp.pop("frictions", None)
        tp["effort"] = 1
        tp.pop("emotion", None)
        if emotion is not None:
            tp["emotion"] = emotion
    return doc


@LAW
@given(doc=journeys(), emotions=st.lists(st.sampled_from([None, 0, 1, 2]), min_size=15, max_size=15),
       profile=st.one_of(st.none(), profiles(fill_missing=False)))
def test_law2_calm_journey_has_no_friction(doc, emotions, profile):
    doc = calm(doc, emotions)
    assert scores(doc, profile)["friction"] == 0.0
    assert touchpoint_frictions(doc, profile) == [0.0] * len(doc["touchpoints"])
    assert report_dict(doc, profile)["scores"]["friction"] == 0.0


# -- Law 3: more friction, severity or effort never lowers touchpoint or journey friction ------------

@st.composite
def harder(draw):
    """(before, after, index): ``after`` adds a friction, raises a severity or raises an effort at ``index``."""
    before = draw(journeys())
    after = copy.deepcopy(before)
    index = draw(st.integers(0, len(before["touchpoints"]) - 1))
    tp = after["touchpoints"][index]
    change = draw(st.sampled_from(["add", "severity", "effort"]))
    if change == "severity" and any(f["severity"] < 5 for f in tp.get("frictions", [])):
        item = draw(st.sampled_from([f for f in tp["frictions"] if f["severity"] < 5]))
        item["severity"] = draw(st.integers(item["severity"] + 1, 5))
    elif change == "effort" and tp.get("effort", 1) < 5:
        tp["effort"] = draw(st.integers(tp.get("effort", 1) + 1, 5))
    else:
        tp["frictions"] = tp.get("frictions", []) + draw(frictions(min_size=1, max_size=2))
    return before, after, index


@LAW
@given(change=harder(), profile=st.one_of(st.none(), profiles(fill_missing=False)))
def test_law3_more_friction_never_lowers_friction(change, profile):
    before, after, index = change
    old, new = touchpoint_frictions(before, profile), touchpoint_frictions(after, profile)
    assert new[index] >= old[index]
    assert new[:index] + new[index + 1:] == old[:index] + old[index + 1:]
    assert scores(after, profile)["friction"] >= scores(before, profile)["friction"]
    assert report_dict(after, profile)["scores"]["friction"] >= report_dict(before, profile)["scores"]["friction"]


@st.composite
def worse_metrics(draw):
    """(before, after, index): ``after`` gives touchpoint ``index`` a worse csat, ces, nps or drop_off."""
    ranges = {"csat": (0, 5), "ces": (1, 7), "nps": (-100, 100), "drop_off": (0, 1)}
    before = draw(journeys())
    index = draw(st.integers(0, len(before["touchpoints"]) - 1))
    metrics = before["touchpoints"][index].setdefault("metrics", {})
    present = [name for name in ranges if name in metrics]
    if not present:
        # A first reading is new evidence, not a worse one (it may well lower friction): give both
        # journeys the same reading, then make it worse in one. (Filtering for touchpoints that have a
        # reading discarded most generated journeys.)
        name = draw(st.sampled_from(sorted(ranges)))
        metrics[name] = draw(st.floats(*ranges[name]))
        present = [name]
    after = copy.deepcopy(before)
    metrics = after["touchpoints"][index]["metrics"]
    name = draw(st.sampled_from(present))
    low, high = ranges[name]
    current = metrics[name]
    metrics[name] = draw(st.floats(low, current) if name in ("csat", "nps") else st.floats(current, high))
    return before, after, index


@LAW
@given(change=worse_metrics())
def test_law3_a_worse_metric_never_lowers_friction(change):
    before, after, index = change
    assert touchpoint_frictions(after)[index] >= touchpoint_frictions(before)[index] - 1e-9
    assert scores(after)["friction"] >= scores(before)["friction"] - 1e-9


# -- Law 4: first, last and emotional moments make the same friction cost more (fix-first ranking) ---

@st.composite
def moment_journeys(draw):
    """A journey with four touchpoints that start identical: F (first), M (plain, middle), E (declared
    emotional) and L (last), with random touchpoints between them, all on one route (the happy path,
    no `next`: every customer meets every touchpoint). Returns (doc, {role: index})."""
    filler = draw(journeys(min_touchpoints=0, max_touchpoints=9)) if draw(st.booleans()) else None
    stages = filler["journey"]["stages"] if filler else ["buy"]
    common = draw(st.fixed_dictionaries({}, optional={
        "weight": WEIGHTS, "effort": EFFORTS, "emotion": EMOTIONS, "frictions": frictions(max_size=2),
        "owner": st.just("sales")}))
    others = filler["touchpoints"] if filler else []
    for tp in others:
        tp.pop("next", None)
        tp.pop("path", None)
        tp["moments"] = [m for m in tp.get("moments", []) if m == "emotional"]
    cuts = sorted(draw(st.lists(st.integers(0, len(others)), min_size=2, max_size=2)))
    layout = ([("F", {})] + others[:cuts[0]] + [("M", {})] + others[cuts[0]:cuts[1]]
              + [("E", {"moments": ["emotional"]})] + others[cuts[1]:] + [("L", {})])
    touchpoints, roles = [], {}
    for position, item in enumerate(layout):
        if isinstance(item, tuple):
            role, extra = item
            roles[role] = position
            item = touchpoint(role.lower(), draw(st.sampled_from(stages)), **copy.deepcopy(common), **extra)
        touchpoints.append(item)
    # Feedback about a stage is shared among its touchpoints and would tell the four apart.
    feedback = [item for item in (filler or {}).get("feedback", []) if "touchpoint" in item]
    doc = document(stages, touchpoints, feedback=feedback)
    return doc, roles


def with_friction(doc: dict, index: int, friction: dict) -> dict:
    doc = copy.deepcopy(doc)
    tp = doc["touchpoints"][index]
    tp["frictions"] = tp.get("frictions", []) + [friction]
    return doc


@LAW
@given(case=moment_journeys(), kind=st.sampled_from(["wait", "paperwork"]), severity=SEVERITIES)
def test_law4_moments_weigh_the_same_friction_more(case, kind, severity):
    doc, roles = case
    figures = analysis_of(doc).figures
    assert {role: figures[i].moments for role, i in roles.items()} == {
        "F": ("first",), "M": (), "E": ("emotional",), "L": ("last",)}
    friction = {"kind": kind, "severity": severity}

    def outcome(role: str, profile=None) -> tuple[float, float]:
        """(journey friction, the touchpoint's cost) with the friction added at ``role``."""
        a = analysis_of(with_friction(doc, roles[role], friction), profile)
        return a.friction, a.figures[roles[role]].cost

    # Journey friction is the chance of a bad outcome on the route: the same wherever it happens.
    # Where it happens decides what to fix first: first, last and emotional moments cost more.
    middle_friction, middle_cost = outcome("M")
    assume(middle_cost > 1e-6)
    for role in ("F", "E", "L"):
        role_friction, role_cost = outcome(role)
        assert math.isclose(role_friction, middle_friction, rel_tol=1e-9, abs_tol=1e-9), role
        if middle_cost < middle_friction * (1 - 1e-6):  # others share the friction: the moment takes more
            assert role_cost > middle_cost, role
        else:  # the only friction on the route: it is all of it, wherever it is
            assert math.isclose(role_cost, middle_cost, rel_tol=1e-9), role
        assert math.isclose(outcome(role, ALL_ONES)[1], outcome("M", ALL_ONES)[1], rel_tol=1e-9, abs_tol=1e-12)
    assert outcome("L")[1] >= outcome("F")[1] - 1e-12  # last ×2 outweighs first ×1.5


# -- Law 5: covering a stage raises coverage; uncovering one lowers it and names it ------------------

@st.composite
def uncovered_stage_journeys(draw):
    """(doc, stage): a journey with at least one stage no touchpoint belongs to."""
    doc = draw(journeys())
    covered = {tp["stage"] for tp in doc["touchpoints"]}
    stages = doc["journey"]["stages"]
    gaps = [s for s in stages if s not in covered]
    if not gaps or draw(st.booleans()):
        gaps = [draw(st.sampled_from([s for s in STAGE_POOL if s not in stages]))]
        stages.insert(draw(st.integers(0, len(stages))), gaps[0])
    return doc, draw(st.sampled_from(gaps))


@LAW
@given(case=uncovered_stage_journeys(), data=st.data())
def test_law5_adding_a_touchpoint_to_an_uncovered_stage_raises_coverage(case, data):
    before, stage = case
    after = copy.deepcopy(before)
    extra = data.draw(touchpoint_attributes((stage,)))
    extra.pop("owner", None)  # no owner: no new hand-off appears
    del extra["stage"]
    at_end = data.draw(st.booleans())
    # Not before the first happy touchpoint: a new one there moves where customers enter the journey.
    first = next((i for i, tp in enumerate(after["touchpoints"]) if tp.get("path", "happy") == "happy"), -1)
    assume(first >= 0 or extra.get("path", "happy") != "happy")
    position = len(after["touchpoints"]) if at_end else data.draw(st.integers(first + 1, len(after["touchpoints"])))
    after["touchpoints"].insert(position, touchpoint("added", stage, **extra))
    passed, total = coverage_check(before, "stages")
    assert coverage_check(after, "stages") == (passed + 1, total)
    # Without an owner the added touchpoint is "ownership unknown" (a hand-off failure on purpose), so
    # the law is about coverage without the hand-off check.
    assert scores(after, NO_HANDOFFS)["coverage"] > scores(before, NO_HANDOFFS)["coverage"]


def without_touchpoint(doc: dict, index: int) -> dict:
    """The document without touchpoint ``index``: `next` lists drop it, feedback about it moves to its stage."""
    doc = copy.deepcopy(doc)
    removed = doc["touchpoints"].pop(index)
    for tp in doc["touchpoints"]:
        if "next" in tp:
            tp["next"] = [t for t in tp["next"] if t != removed["id"]]
    for item in doc.get("feedback", []):
        if item.get("touchpoint") == removed["id"]:
            del item["touchpoint"]
            item["stage"] = removed["stage"]
    return doc


@st.composite
def single_touchpoint_stages(draw):
    """(doc, index): a journey in which touchpoint ``index`` is the only one of its stage (moved to a new
    stage when it shares its own)."""
    doc = draw(journeys(min_touchpoints=2))
    index = draw(st.integers(0, len(doc["touchpoints"]) - 1))
    tp = doc["touchpoints"][index]
    if sum(other["stage"] == tp["stage"] for other in doc["touchpoints"]) > 1:
        stages = doc["journey"]["stages"]
        tp["stage"] = draw(st.sampled_from([s for s in STAGE_POOL if s not in stages]))
        stages.insert(draw(st.integers(0, len(stages))), tp["stage"])
    return doc, index


@LAW
@given(case=single_touchpoint_stages())
def test_law5_removing_the_only_touchpoint_of_a_stage_lowers_coverage_and_names_it(case):
    doc, index = case
    stage = doc["touchpoints"][index]["stage"]
    after = without_touchpoint(doc, index)
    findings = [f for f in report_dict(after)["findings"] if f["code"] == "TP001" and f["stage"] == stage]
    assert len(findings) == 1 and f"'{stage}'" in findings[0]["message"]
    # Removing a touchpoint re-routes the flow: it can remove an unbridged hand-off, and removing the
    # journey's entry can make a loop, or a recovery after negative feedback, reachable that nobody could
    # reach before (see the LAW-5 counterexamples below). Without a route-dependent check improving,
    # coverage always drops.
    for check_id in ("circular", "feedback"):
        assume(coverage_check(after, check_id)[0] <= coverage_check(doc, check_id)[0])
    assert scores(after, NO_HANDOFFS)["coverage"] < scores(doc, NO_HANDOFFS)["coverage"]


def test_law5_counterexample_adding_a_touchpoint_in_journey_order():
    def journey(with_checkout: bool) -> dict:
        touchpoints = [
            touchpoint("ad", "discover", owner="marketing"),
            touchpoint("call", "quote", owner="sales", frictions=[{"kind": "wait", "severity": 2}]),
            *([touchpoint("checkout", "buy")] if with_checkout else []),
            touchpoint("van", "deliver", owner="ops"),
        ]
        return document(["discover", "quote", "buy", "deliver"], touchpoints)

    # actual: 53.1 without the checkout touchpoint, 50.0 with it
    assert scores(journey(True))["coverage"] > scores(journey(False))["coverage"]


@pytest.mark.xfail(strict=True, reason="LAW 5 does not hold: removing the only touchpoint of a stage that receives an "
                                       "unbridged hand-off can land the hand-off on a smooth touchpoint")
def test_law5_counterexample_removing_a_touchpoint():
    doc = document(["buy", "deliver", "review"], [
        touchpoint("order", "buy", owner="sales"),
        touchpoint("van", "deliver", owner="ops", frictions=[{"kind": "wait", "severity": 3}]),
        touchpoint("survey", "review", owner="ops"),
    ])
    # actual: 70.0 with the delivery touchpoint, 80.0 without it (the hand-off now lands on a smooth survey)
    assert scores(without_touchpoint(doc, 1))["coverage"] < scores(doc)["coverage"]


@pytest.mark.xfail(strict=True, reason="LAW 5 does not hold: removing the journey's entry can route customers "
                                       "into a recovery that answers feedback nobody reached before")
def test_law5_counterexample_removing_the_entry():
    doc = document(["discover", "compare"], [
        touchpoint("banner", "compare", next=[]),
        touchpoint("chat", "discover"),
        touchpoint("complaint", "discover", path="unhappy"),
        touchpoint("escalation", "discover", path="unhappy", next=["callback", "refund"]),
        touchpoint("callback", "discover", next=["escalation"]),
        touchpoint("refund", "discover", path="recovery"),
    ])
    doc["feedback"] = [{"text": "slow chat", "touchpoint": "chat", "sentiment": -1, "count": 1}]
    # actual: 62.5 with the banner, 68.75 without. With the banner as the entry nobody reaches the chat,
    # and the loop callback <-> escalation is entered from the complaint, so the way back to the
    # escalation is the loop edge and the refund is not "after" the chat. Without the banner the chat
    # is the entry, the loop turns round, chat -> callback -> escalation -> refund answers the feedback.
    assert scores(without_touchpoint(doc, 0), NO_HANDOFFS)["coverage"] < scores(doc, NO_HANDOFFS)["coverage"]


# -- Law 6: reordering the keys inside a touchpoint changes nothing ----------------------------------

def shuffled(mapping: dict, order: list[int]) -> dict:
    keys = list(mapping)
    return {keys[i]: mapping[keys[i]] for i in order}


def sorted_deep(value):
    if isinstance(value, dict):
        return {key: sorted_deep(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [sorted_deep(item) for item in value]
    return value


@LAW
@given(doc=journeys(), data=st.data())
def test_law6_key_order_inside_a_touchpoint_changes_nothing(doc, data):
    # Everything sorted (what yaml.safe_dump(sort_keys=True) writes), then only the keys inside each
    # touchpoint and its frictions shuffled: the two texts differ inside touchpoints and nowhere else.
    reordered = sorted_deep(doc)
    for position, tp in enumerate(reordered["touchpoints"]):
        if "frictions" in tp:
            tp["frictions"] = [shuffled(f, data.draw(st.permutations(range(len(f))))) for f in tp["frictions"]]
        reordered["touchpoints"][position] = shuffled(tp, data.draw(st.permutations(range(len(tp)))))
    sorted_text = to_yaml(doc)
    shuffled_text = yaml.safe_dump(reordered, sort_keys=False, allow_unicode=True)
    assert sorted_text == yaml.safe_dump(sorted_deep(doc), sort_keys=False, allow_unicode=True)
    first, second = (audit_text(text).to_dict() for text in (sorted_text, shuffled_text))
    assert without_positions(first) == without_positions(second)
    # each touchpoint still starts on the same line: only lines inside a touchpoint may move
    assert [tp["line"] for tp in first["touchpoints"]] == [tp["line"] for tp in second["touchpoints"]]


# -- the peak is felt, not weighed: weights and moment multipliers never move it ----------------------

def reweighted(doc: dict, weights: list[float]) -> dict:
    doc = copy.deepcopy(doc)
    for tp, weight in zip(doc["touchpoints"], weights):
        tp["weight"] = weight
    return doc


@LAW
@given(doc=journeys(), weights=st.lists(WEIGHTS, min_size=15, max_size=15), profile=profiles())
def test_law_peak_is_independent_of_weight_and_multipliers(doc, weights, profile):
    profile = {"moments": profile["moments"]}
    before, after = analysis_of(doc), analysis_of(reweighted(doc, weights), profile)
    assert [r.peak for r in after.routes] == [r.peak for r in before.routes]
    assert (after.peak, after.experience) == (before.peak, before.experience)


def test_negative_wins_a_tie_whatever_the_weight_scale():
    def journey(first: float, middle: float) -> dict:
        return document(["a"], [touchpoint("hello", "a", weight=first, emotion=2),   # 2 × first × 1.5
                                touchpoint("wait", "a", weight=middle, emotion=-1),  # 1 × middle: a tie
                                touchpoint("bye", "a", emotion=0)])

    assert analysis_of(journey(1, 3)).peak == 1 and scores(journey(1, 3))["experience"] == 37.5
    assert analysis_of(journey(0.1, 0.3)).peak == 1
    assert scores(journey(0.1, 0.3))["experience"] == 37.5
    assert analysis_of(journey(900, 0.01)).peak == 1  # the +2 weighs 90,000 times more: still not the peak


# -- pure scoring functions ---------------------------------------------------------------------------

@pytest.mark.parametrize("severities, effort, emotion, points", [
    ([], 1, None, 0),
    ([], 1, 2, 0),
    ([3], 1, None, 30),
    ([3, 2], 3, -1, 50 + 16 + 10),
    ([5, 5, 5], 5, -2, 150 + 32 + 20),
    ([], 2, 0, 8),
])
def test_touchpoint_friction_formula(severities, effort, emotion, points):
    b = touchpoint_friction(severities, effort, emotion, DEFAULT_WEIGHTS)
    assert b.points == points
    assert b.severity_points == 10 * sum(severities)
    assert b.effort_points == 8 * (effort - 1)
    assert b.emotion_points == 10 * max(0, -(emotion or 0))
    assert b.friction == pytest.approx(100 * (1 - math.exp(-points / 40)))


@pytest.mark.parametrize("points, friction", [(0, 0.0), (40, 63.212), (76, 85.043), (8, 18.127), (92, 89.974)])
def test_touchpoint_friction_hand_computed_values(points, friction):
    b = touchpoint_friction([points / 10], 1, None, DEFAULT_WEIGHTS)
    assert b.friction == pytest.approx(friction, abs=1e-3)


def test_touchpoint_friction_uses_the_profile_weights():
    b = touchpoint_friction([2], 3, -2, {"severity": 1, "effort": 2, "emotion": 3, "scale": 10})
    assert (b.severity_points, b.effort_points, b.emotion_points, b.points) == (2, 4, 6, 12)
    assert b.friction == pytest.approx(100 * (1 - math.exp(-1.2)))


@pytest.mark.parametrize("weight, moments, expected", [
    (1.0, (), 1.0), (1.0, ("first",), 1.5), (1.0, ("last",), 2.0), (2.0, ("emotional",), 3.0),
    (1.0, ("first", "last", "emotional"), 4.5), (0.5, ("last",), 1.0),
])
def test_effective_weight(weight, moments, expected):
    assert effective_weight(weight, moments, DEFAULT_MULTIPLIERS) == pytest.approx(expected)


@pytest.mark.parametrize("values, weights, expected", [
    ([10, 20], [1, 3], 17.5), ([50], [2], 50.0), ([], [], 0.0), ([10, 20], [0, 0], 0.0), ([0, 100], [1, 1], 50.0),
])
def test_weighted_mean(values, weights, expected):
    assert weighted_mean(values, weights) == pytest.approx(expected)


@pytest.mark.parametrize("emotions, negativity, expected", [
    ([2, -2], 2, 1),             # negative is felt more strongly
    ([-2, 2], 2, 0),
    ([-1, -1], 2, 0),            # then the earliest
    ([2, -1], 2, 1),             # −1 × 2 ties +2: the negative wins the tie
    ([2, -1], 1, 0),             # without negativity the +2 is more intense
    ([1, 2, -0.5], 2, 1),
    ([None, 0, None], 2, None),
    ([0, 1, None], 2, 1),
    ([], 2, None),
])
def test_peak_index(emotions, negativity, expected):
    assert peak_index(emotions, negativity) == expected


@pytest.mark.parametrize("peak, end, expected", [
    (None, None, 50.0), (-2, -2, 0.0), (2, 2, 100.0), (2, -2, 50.0), (1, None, 62.5), (-2, 1, 37.5),
])
def test_remembered_experience(peak, end, expected):
    assert remembered_experience(peak, end) == expected


@pytest.mark.parametrize("emotion, score", [(-2, 0.0), (-1, 25.0), (0, 50.0), (1, 75.0), (2, 100.0), (0.5, 62.5)])
def test_emotion_to_score(emotion, score):
    assert emotion_to_score(emotion) == score


@pytest.mark.parametrize("parts, expected", [
    ([], 100.0), ([(3, 1.0)], 100.0), ([(3, 1.0), (2, 0.5), (1, 0.0)], 400 / 6), ([(1, 0.0), (1, 0.0)], 0.0),
    ([(0, 0.0)], 100.0),
])
def test_coverage_score(parts, expected):
    assert coverage_score(parts) == pytest.approx(expected)


@pytest.mark.parametrize("stages, declared, expected", [
    (["discover", "checkout", "deliver"], None, "checkout"),
    (["research", "purchase", "order"], None, "purchase"),     # the first one named like a sale
    (["discover", "buy", "deliver"], "deliver", "deliver"),     # declared wins
    (["discover", "deliver", "support"], None, None),
    (["browse", "open-account", "use"], None, "open-account"),
])
def test_sale_stage(stages, declared, expected):
    head = {"sale": declared} if declared else {}
    doc = document(stages, [touchpoint("a", stages[0])], **head)
    assert sale_stage(journey_of(doc)) == expected


@pytest.mark.parametrize("stages, sale", [
    (["discover", "design", "sign", "install"], "sign"),   # actual: 'design'
    (["search", "showing", "offer", "close"], None),       # actual: 'showing'
])
def test_sale_stage_does_not_match_inside_words(stages, sale):
    doc = document(stages, [touchpoint("a", stages[0])])
    assert sale_stage(journey_of(doc)) == sale


@pytest.mark.parametrize("friction, expected", [
    (0, "smooth"), (19.9, "smooth"), (20, "noticeable"), (36, "noticeable"), (45, "painful"), (69.9, "painful"),
    (70, "broken"), (100, "broken"),
])
def test_bands(friction, expected):
    assert band(friction) == expected


def test_calibration_effort_2_and_one_severity_1_friction_is_noticeable_not_an_error():
    b = touchpoint_friction([1], 2, None, DEFAULT_WEIGHTS)
    assert band(b.friction) == "noticeable"  # 18 points → 36.2
    doc = document(["stay"], [touchpoint("checkout", "stay", effort=2, owner="front-desk",
                                         frictions=[{"kind": "wait", "severity": 1}])])
    assert not [f for f in report_dict(doc)["findings"] if f["severity"] == "error"]


def test_calibration_effort_5_and_a_severity_5_friction_is_broken():
    assert band(touchpoint_friction([5], 5, None, DEFAULT_WEIGHTS).friction) == "broken"  # 82 points → 87.1


@pytest.mark.parametrize("frictions, weights, expected", [
    ([], [], 0.0), ([0, 0], [1, 5], 0.0), ([100], [1], 50.0), ([50], [1], 100 * 0.5 * 0.5 ** 3),
    ([50, 50], [1, 1], 100 * (1 - (1 - 0.5 * 0.5 ** 3) ** 2)), ([50], [2], 100 * (1 - (1 - 0.5 * 0.5 ** 3) ** 2)),
])
def test_compound(frictions, weights, expected):
    assert compound(frictions, weights, {"compounding": 3, "worst_chance": 0.5}) == pytest.approx(expected)


def test_derived_moments_of_the_worked_shape():
    doc = document(["open", "use", "close"], [
        touchpoint("welcome", "open"), touchpoint("app", "use", next=["welcome"]),
        touchpoint("call", "close", path="unhappy"), touchpoint("letter", "close", path="unhappy"),
        touchpoint("sorry", "close", path="recovery", moments=["emotional"]),
    ])
    journey = build_journey(doc)
    endings = [r.ending for r in analysis_of(doc).routes]
    moments = derived_moments(journey, analyse_flow(journey.touchpoints), endings)
    assert moments == [("first",), ("last",), (), ("last",), ("last", "emotional")]


def test_an_unhappy_touchpoint_that_leads_into_recovery_is_not_an_end():
    doc = document(["stay", "help"], [
        touchpoint("stay", "stay"), touchpoint("lost", "help", path="unhappy", next=["call"]),
        touchpoint("call", "help", path="recovery"), touchpoint("replaced", "help", path="recovery"),
    ])
    a = analysis_of(doc)
    assert sorted(a.journey.touchpoints[r.ending].id for r in a.routes) == ["replaced", "stay"]


# -- the examples score sensibly ------------------------------------------------------------------------

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.yaml"))


def test_bank_closure_friction_at_the_last_touchpoint_dominates():
    path = Path(__file__).parents[1] / "examples" / "bank-account-closure.yaml"
    report = audit_text(path.read_text(encoding="utf-8"), name=str(path))
    costliest = max(report.analysis.figures, key=lambda f: f.cost)
    assert costliest.touchpoint.id == "final-statement" and "last" in costliest.moments
    assert costliest.touchpoint.id in {f.touchpoint for f in report.findings if f.code == "TP006"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_valid_and_score_within_range(path):
    data = audit_text(path.read_text(encoding="utf-8"), name=str(path)).to_dict()
    assert all(in_range(value) for value in data["scores"].values())
