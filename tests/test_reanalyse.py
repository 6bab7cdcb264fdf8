"""The fast what-if re-score (``reanalyse``) is the from-scratch analysis, to the last bit.

The ranking re-scores every candidate fix with :func:`tpscore.analysis.reanalyse`, which reuses the
journey's shape and walks customers again only downstream of what changed. These tests hold it to
``analyse`` of the same what-if journey with ``==`` on every figure, route and score (floats
compared exactly), so the report cannot tell which path computed it.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import SEVERITIES, journey_of, journeys, profile_of, profiles

from tpscore.analysis import analyse, reanalyse, value_changes
from tpscore.model import FRICTION_KINDS, Friction, Metrics
from tpscore.opportunities import candidates, evaluate, finding_keys, gain_between
from tpscore.whatif import replace_touchpoint

LAWS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(LAWS, max_examples=150)
@given(doc=journeys(max_touchpoints=12), profile=profiles())
def test_every_candidate_re_scored_fast_equals_a_from_scratch_analysis(doc, profile):
    before = analyse(journey_of(doc), profile_of(profile))
    keys = finding_keys(before)
    for candidate in candidates(before):
        fast = evaluate(before, candidate, keys)
        after = candidate.apply(before.journey)
        slow = analyse(after, before.profile)
        assert fast.after == slow, candidate.id
        assert fast.gain == gain_between(before, slow), candidate.id
        assert (fast.after.friction, fast.after.experience, fast.after.coverage) == \
            (slow.friction, slow.experience, slow.coverage)
        assert set(fast.resolves) == {key[0] for key in keys - finding_keys(slow)}


_CHANGE = st.fixed_dictionaries({}, optional={
    "frictions": st.lists(st.tuples(st.sampled_from(FRICTION_KINDS), SEVERITIES), max_size=3),
    "effort": st.integers(1, 5),
    "emotion": st.one_of(st.none(), st.integers(-2, 2)),
    "metrics": st.fixed_dictionaries({}, optional={"csat": st.floats(0, 5), "ces": st.floats(1, 7),
                                                   "drop_off": st.floats(0, 1)}),
})


@LAWS
@given(doc=journeys(max_touchpoints=12), profile=profiles(),
       edits=st.lists(st.tuples(st.integers(0, 11), _CHANGE), min_size=1, max_size=4))
def test_any_change_of_frictions_effort_emotion_or_metrics_re_scores_exactly(doc, profile, edits):
    """Several touchpoints changed at once (a team opportunity applies all its fixes together), with
    values no fix would produce: the shape is still the same, so the fast path must still be exact."""
    before = analyse(journey_of(doc), profile_of(profile))
    journey = before.journey
    for position, change in edits:
        tp = journey.touchpoints[position % len(journey.touchpoints)]
        fields = {}
        if "frictions" in change:
            fields["frictions"] = tuple(Friction(kind, severity) for kind, severity in change["frictions"])
        if "effort" in change:
            fields["effort"] = change["effort"]
        if "emotion" in change:
            fields["emotion"] = change["emotion"]
        if "metrics" in change:  # the volume stays: it divides customers between routes (the shape)
            volume = tp.metrics.volume if tp.metrics is not None else None
            fields["metrics"] = Metrics(volume=volume, **change["metrics"])
        journey = replace_touchpoint(journey, replace(tp, **fields))
    assert value_changes(before.journey, journey) is not None
    assert reanalyse(before, journey) == analyse(journey, before.profile)


@pytest.mark.parametrize("change", [
    {"owner": "someone-else"}, {"path": "recovery"}, {"next": ()}, {"name": "Follow-up survey"},
    {"weight": 3.0}, {"moments": ("emotional",)}, {"metrics": Metrics(volume=12345)},
])
def test_a_change_of_the_journey_s_shape_takes_the_full_analysis(change):
    doc = {"version": 1, "journey": {"id": "j", "name": "J", "stages": ["buy", "use"]},
           "touchpoints": [{"id": "a", "name": "A", "stage": "buy", "owner": "sales", "emotion": -1},
                           {"id": "b", "name": "B", "stage": "use", "owner": "ops", "effort": 4,
                            "metrics": {"volume": 10, "csat": 2.0}}]}
    before = analyse(journey_of(doc), profile_of())
    journey = replace_touchpoint(before.journey, replace(before.journey.touchpoints[1], **change))
    assert value_changes(before.journey, journey) is None
    assert reanalyse(before, journey) == analyse(journey, before.profile)
