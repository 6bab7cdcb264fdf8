"""build_journey: typed objects whose defaults are the schema's documented defaults (code and schema in step)."""

from __future__ import annotations

import dataclasses

import pytest
from helpers import VALID
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import journey_of, journeys

from tpscore.model import (
    Feedback,
    Friction,
    Journey,
    Metrics,
    Suppression,
    TeamOpportunity,
    Touchpoint,
    at_index,
    build_journey,
)
from tpscore.schemas import load_schema
from tpscore.source import Source
from tpscore.validate import validate_source

SCHEMA = load_schema("journey")
DEFS = SCHEMA["$defs"]


def as_model_value(value):
    """The schema's JSON default as the model stores it (lists become tuples)."""
    return tuple(value) if isinstance(value, list) else value


def schema_defaults(definition: str) -> dict:
    return {name: sub["default"] for name, sub in DEFS[definition]["properties"].items() if "default" in sub}


def field_defaults(cls) -> dict:
    out = {}
    for field in dataclasses.fields(cls):
        if field.default is not dataclasses.MISSING:
            out[field.name] = field.default
        elif field.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
            out[field.name] = field.default_factory()  # type: ignore[misc]
    return out


def journey(text: str = VALID) -> Journey:
    result = validate_source(Source("j.yaml", text))
    assert result.problems == []
    return result.journey


# -- defaults ------------------------------------------------------------------------------------------


def test_schema_documents_the_expected_defaults():
    # The brief for the format: if these change, the model (and docs) must change with them.
    assert schema_defaults("touchpoint") == {"weight": 1, "actors": [], "moments": [], "effort": 1, "path": "happy",
                                             "bridge": False, "frictions": [], "ignore": []}
    assert schema_defaults("feedback") == {"sentiment": 0, "count": 1}
    assert SCHEMA["properties"]["feedback"]["default"] == []


@pytest.mark.parametrize("definition, cls", [("touchpoint", Touchpoint), ("feedback", Feedback)])
def test_dataclass_defaults_match_schema_defaults(definition, cls):
    defaults = field_defaults(cls)
    for name, value in schema_defaults(definition).items():
        assert name in defaults, f"{cls.__name__}.{name} has no default but the schema documents {value!r}"
        assert defaults[name] == as_model_value(value), name
        assert isinstance(defaults[name], bool) == isinstance(value, bool), name  # false is not 0


@pytest.mark.parametrize("definition, cls", [("touchpoint", Touchpoint), ("feedback", Feedback)])
def test_built_objects_use_schema_defaults_for_omitted_fields(definition, cls):
    built = journey(VALID + "feedback:\n  - {text: x, stage: buy}\n")
    obj = built.touchpoints[0] if cls is Touchpoint else built.feedback[0]
    for name, value in schema_defaults(definition).items():
        assert getattr(obj, name) == as_model_value(value), name


def test_optional_fields_without_a_default_are_none():
    tp = journey().touchpoints[0]
    for name, sub in DEFS["touchpoint"]["properties"].items():
        if name not in DEFS["touchpoint"]["required"] and "default" not in sub:
            assert getattr(tp, name) is None, name
    head = journey()
    for name, sub in DEFS["journey"]["properties"].items():
        if name not in DEFS["journey"]["required"] and "default" not in sub:
            assert getattr(head, name) is None, name


def test_omitted_feedback_is_empty():
    assert journey().feedback == ()


@pytest.mark.parametrize("definition, cls, extra", [
    ("touchpoint", Touchpoint, {"index", "declared", "suppressions"}),
    ("feedback", Feedback, {"index"}),
    ("friction", Friction, set()),
    ("metrics", Metrics, set()),
    ("journey", Journey, {"touchpoints", "feedback", "opportunities", "file", "locate", "span"}),
    ("opportunity", TeamOpportunity, {"index"}),
])
def test_every_schema_property_has_a_model_field(definition, cls, extra):
    fields = {field.name for field in dataclasses.fields(cls)}
    assert fields == set(DEFS[definition]["properties"]) | extra


# -- building ------------------------------------------------------------------------------------------

FULL = """\
version: 1
journey:
  id: demo
  name: Demo
  audit: 2026-07-01
  persona: Homeowner
  description: From ad to app.
  stages: [aware, buy]
  channels: [web, phone]
  sale: buy
touchpoints:
  - id: ad
    name: Advert
    stage: aware
    channel: web
    owner: marketing
    description: Banner.
    weight: 2
    moments: [first, emotional]
    emotion: -1
    effort: 3
    path: happy
    next: [shop]
    bridge: true
    frictions:
      - {kind: wait, severity: 4, note: Slow page.}
      - {kind: error, severity: 1}
    metrics: {csat: 4, ces: 2.5, nps: -10, volume: 120, drop_off: 0.25}
    ignore: [TP001]
  - id: shop
    name: Shop
    stage: buy
    next: []
feedback:
  - {text: Too slow, touchpoint: ad, sentiment: -2, count: 7, source: survey}
  - {text: Fine, stage: buy}
"""


def test_build_full_journey():
    built = journey(FULL)
    assert (built.id, built.name, built.audit, built.persona, built.description) == (
        "demo", "Demo", "2026-07-01", "Homeowner", "From ad to app.")
    assert built.stages == ("aware", "buy") and built.channels == ("web", "phone") and built.sale == "buy"
    assert built.file == "j.yaml"
    ad, shop = built.touchpoints
    assert ad == Touchpoint(
        id="ad", name="Advert", stage="aware", index=0, channel="web", owner="marketing", description="Banner.",
        weight=2.0, moments=("first", "emotional"), emotion=-1, effort=3, path="happy", next=("shop",),
        bridge=True, frictions=(Friction("wait", 4, "Slow page."), Friction("error", 1)),
        metrics=Metrics(csat=4, ces=2.5, nps=-10, volume=120, drop_off=0.25), ignore=("TP001",),
        suppressions=(Suppression("TP001"),),
        declared=frozenset({"id", "name", "stage", "channel", "owner", "description", "weight", "moments",
                            "emotion", "effort", "path", "next", "bridge", "frictions", "metrics", "ignore"}),
    )
    assert type(ad.weight) is float
    assert shop.index == 1 and shop.next == ()  # an explicit empty list (a deliberate end) is not None
    assert built.touchpoints[0].metrics.present() == {"csat": 4, "ces": 2.5, "nps": -10, "volume": 120,
                                                       "drop_off": 0.25}
    assert built.feedback == (
        Feedback(text="Too slow", index=0, touchpoint="ad", sentiment=-2, count=7, source="survey"),
        Feedback(text="Fine", index=1, stage="buy"),
    )
    assert built.by_id() == {"ad": ad, "shop": shop}


def test_objects_are_immutable():
    tp = journey().touchpoints[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        tp.weight = 5  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        journey().name = "x"  # type: ignore[misc]


def test_whole_numbers_written_as_floats_become_ints():
    tp = journey(VALID.replace("    stage: aware\n", "    stage: aware\n    effort: 2.0\n    emotion: -1.0\n")
                 ).touchpoints[0]
    assert (tp.effort, tp.emotion) == (2, -1)
    assert type(tp.effort) is int and type(tp.emotion) is int


def test_journey_locates_touchpoints_in_the_file():
    built = journey()
    assert [built.touchpoint_line(tp) for tp in built.touchpoints] == [(7, 5), (10, 5), (13, 5)]
    assert built.locate(("journey", "name")) == (4, 9)


def test_build_without_locator_uses_placeholder_positions():
    data = {"version": 1, "journey": {"id": "a", "name": "A", "stages": ["s"]},
            "touchpoints": [{"id": "t", "name": "T", "stage": "s"}]}
    built = build_journey(data)
    assert built.file == "<memory>"
    assert built.touchpoint_line(built.touchpoints[0]) == (1, 1)
    assert built.touchpoints[0].next is None and built.channels is None


def test_invalid_file_builds_no_journey(check):
    result = validate_source(Source("j.yaml", VALID.replace("stage: buy", "stage: nope")))
    assert result.journey is None and not result.ok


def test_the_model_vocabularies_are_the_schema_s():
    """MOMENTS, PATHS, METRIC_NAMES and FRICTION_KINDS mirror schemas/journey.schema.json (one source of truth)."""
    import re

    from tpscore.model import FRICTION_KINDS, METRIC_NAMES, MOMENTS, PATHS
    from tpscore.schemas import load_schema

    defs = load_schema("journey")["$defs"]
    touchpoint = defs["touchpoint"]["properties"]
    assert tuple(touchpoint["moments"]["items"]["enum"]) == MOMENTS
    assert tuple(touchpoint["path"]["enum"]) == PATHS
    assert tuple(defs["metrics"]["properties"]) == METRIC_NAMES
    documented = re.search(r"Documented vocabulary: ([^.]+)\.", defs["friction"]["properties"]["kind"]["description"])
    assert tuple(documented.group(1).split(", ")) == FRICTION_KINDS


@settings(max_examples=30, deadline=None)
@given(doc=journeys(max_touchpoints=6), index=st.integers(0, 10_000))
def test_at_index_is_replace_with_another_index(doc, index):
    """What-if journeys renumber touchpoints with the fast ``at_index``: it must be ``replace`` exactly."""
    for tp in journey_of(doc).touchpoints:
        moved = at_index(tp, index)
        assert moved == dataclasses.replace(tp, index=index)
        assert moved.index == index
