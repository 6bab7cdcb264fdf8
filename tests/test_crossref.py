"""Cross-references JSON Schema cannot express: unique ids, and references that must exist."""

from __future__ import annotations

import textwrap

import pytest
from helpers import VALID

from tpscore.crossref import check_references


def details(problems):
    return [(p.line, p.column, p.kind, p.json_path, p.message, p.hint) for p in problems]


def test_duplicate_touchpoint_id(check):
    text = VALID.replace("  - id: app\n", "  - id: ad\n")
    assert details(check(text)) == [
        (13, 9, "duplicate", "$.touchpoints[2].id", "touchpoint id 'ad' is used twice",
         "first by touchpoint 1; ids must be unique"),
    ]


def test_every_repeated_touchpoint_id_is_reported(check):
    text = VALID.replace("  - id: app\n", "  - id: ad\n").replace("  - id: shop\n", "  - id: ad\n")
    problems = check(text)
    assert [(p.line, p.json_path) for p in problems] == [(10, "$.touchpoints[1].id"), (13, "$.touchpoints[2].id")]
    assert all(p.hint.startswith("first by touchpoint 1;") for p in problems)


def test_duplicate_stage(check):
    text = VALID.replace("[aware, buy, use]", "[aware, buy, use, buy]")
    assert details(check(text)) == [
        (5, 29, "duplicate", "$.journey.stages[3]", "stage 'buy' is listed twice",
         "first at position 2; ids must be unique"),
    ]


def test_duplicate_channel(check):
    text = VALID.replace("  stages:", "  channels: [web, phone, web]\n  stages:")
    assert details(check(text)) == [
        (5, 26, "duplicate", "$.journey.channels[2]", "channel 'web' is listed twice",
         "first at position 1; ids must be unique"),
    ]


def test_unknown_stage_with_did_you_mean(check):
    [problem] = check(VALID.replace("stage: buy", "stage: bye"))
    assert (problem.line, problem.column, problem.kind, problem.json_path) == (12, 12, "reference",
                                                                               "$.touchpoints[1].stage")
    assert problem.message == "unknown stage 'bye'"
    assert problem.expected == "one of journey.stages: aware, buy, use"
    assert problem.hint == "did you mean 'buy'?"


def test_unknown_stage_without_near_miss_has_no_hint(check):
    [problem] = check(VALID.replace("stage: buy", "stage: zzzzzz"))
    assert problem.kind == "reference" and problem.hint is None


def test_channels_not_enforced_without_journey_channels(check):
    text = VALID.replace("    stage: aware\n", "    stage: aware\n    channel: anything-goes\n")
    assert check(text) == []


def test_unknown_channel_when_channels_are_listed(check):
    text = VALID.replace("  stages:", "  channels: [web, phone]\n  stages:").replace(
        "    stage: aware\n", "    stage: aware\n    channel: phnoe\n")
    assert details(check(text)) == [
        (11, 14, "reference", "$.touchpoints[0].channel", "unknown channel 'phnoe'", "did you mean 'phone'?"),
    ]
    assert check(text)[0].expected == "one of journey.channels: web, phone"


def test_empty_channel_list_refuses_every_channel(check):
    text = VALID.replace("  stages:", "  channels: []\n  stages:").replace(
        "    stage: aware\n", "    stage: aware\n    channel: web\n")
    assert [(p.kind, p.json_path) for p in check(text)] == [("reference", "$.touchpoints[0].channel")]


def test_unknown_next_target(check):
    text = VALID.replace("    stage: aware\n", "    stage: aware\n    next: [shop, apq]\n")
    assert details(check(text)) == [
        (10, 18, "reference", "$.touchpoints[0].next[1]", "unknown touchpoint 'apq'", "did you mean 'app'?"),
    ]
    assert check(text)[0].expected == "one of the touchpoint ids: ad, shop, app"


def test_next_may_point_backwards_forwards_and_to_itself(check):
    text = VALID.replace("    stage: use\n", "    stage: use\n    next: [ad, app]\n").replace(
        "    stage: aware\n", "    stage: aware\n    next: [app]\n")
    assert check(text) == []


@pytest.mark.parametrize("item, path, message, hint", [
    ("{text: x, stage: uze}", "$.feedback[0].stage", "unknown stage 'uze'", "did you mean 'use'?"),
    ("{text: x, touchpoint: shopp}", "$.feedback[0].touchpoint", "unknown touchpoint 'shopp'",
     "did you mean 'shop'?"),
])
def test_unknown_feedback_target(check, item, path, message, hint):
    [problem] = check(VALID + f"feedback:\n  - {item}\n")
    assert (problem.line, problem.kind, problem.json_path, problem.message, problem.hint) == (
        17, "reference", path, message, hint)


def test_sale_must_be_a_stage(check):
    [problem] = check(VALID.replace("  stages:", "  sale: purchase\n  stages:"))
    assert (problem.line, problem.column, problem.kind, problem.json_path) == (5, 9, "reference", "$.journey.sale")
    assert problem.message == "unknown stage 'purchase'"
    assert problem.expected == "one of journey.stages: aware, buy, use"


def test_sale_naming_a_stage_is_fine(check):
    assert check(VALID.replace("  stages:", "  sale: buy\n  stages:")) == []


def test_long_lists_are_shortened_in_expected(check):
    stages = [f"s{i}" for i in range(15)]
    text = VALID.replace("[aware, buy, use]", "[" + ", ".join(stages) + "]")
    problems = check(text)
    assert len(problems) == 3  # aware, buy and use are now unknown
    assert problems[0].expected == "one of journey.stages: " + ", ".join(stages[:12]) + ", …"


def test_every_error_is_reported_in_one_run_sorted_by_line(check):
    text = textwrap.dedent("""\
        version: 1
        journey:
          id: demo
          name: Demo
          stages: [aware, buy, aware]
          channels: [web]
          sale: checkout
        touchpoints:
          - id: ad
            name: Advert
            stage: awre
            channel: mail
          - id: ad
            name: Shop
            stage: buy
            next: [nowhere]
        feedback:
          - {text: Slow, touchpoint: shop}
    """)
    problems = check(text)
    assert [(p.line, p.kind, p.json_path) for p in problems] == [
        (5, "duplicate", "$.journey.stages[2]"),
        (7, "reference", "$.journey.sale"),
        (11, "reference", "$.touchpoints[0].stage"),
        (12, "reference", "$.touchpoints[0].channel"),
        (13, "duplicate", "$.touchpoints[1].id"),
        (16, "reference", "$.touchpoints[1].next[0]"),
        (18, "reference", "$.feedback[0].touchpoint"),
    ]
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_six_different_errors_give_six_problems(check):
    text = textwrap.dedent("""\
        version: 1
        journey:
          id: demo
          name: Demo
          stages: [aware, buy]
          sale: sell
        touchpoints:
          - id: ad
            name: Advert
            stage: awares
            weight: 0
          - id: ad
            name: Shop
            stage: buy
            next: [shopp]
            wieght: 2
    """)
    problems = check(text)
    assert [(p.line, p.kind) for p in problems] == [
        (6, "reference"), (10, "reference"), (11, "value"), (12, "duplicate"), (15, "reference"),
        (16, "unknown-key"),
    ]


def test_references_are_checked_alongside_schema_errors(check):
    text = VALID.replace("name: Shop", "name: ''").replace("stage: use", "stage: usee")
    assert [(p.kind, p.json_path) for p in check(text)] == [
        ("value", "$.touchpoints[1].name"), ("reference", "$.touchpoints[2].stage")]


@pytest.mark.parametrize("data", [
    None, [], "text", 3,
    {},
    {"journey": "x", "touchpoints": "y", "feedback": 5},
    {"journey": {"stages": "aware", "channels": None, "sale": 3}, "touchpoints": [1, None, "x", []]},
    {"journey": {"stages": [1, None, {"a": 1}]}, "touchpoints": [{"id": 5, "stage": [], "next": "x"}]},
    {"touchpoints": [{"id": "a", "next": [1, None, "a"]}], "feedback": [None, {"stage": {}}]},
    {"touchpoints": [{"id": "a", "ignore": "TP001"}, {"id": "b", "ignore": [None, 3]}]},
])
def test_malformed_documents_do_not_crash(data):
    issues = check_references(data)
    assert isinstance(issues, list)
