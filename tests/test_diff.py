"""tpscore.diff: unit tests and property laws over generated journeys."""

from __future__ import annotations

import copy
import json

import pytest
from helpers import BASE, diff_docs, dump, journey, report_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import journeys

from tpscore.diff import (
    DIFF_FORMAT,
    SCORES,
    diff_reports,
    field_changes,
    find_renames,
    finding_key,
    has_changes,
    number_change,
    regressions,
    score_change,
)

# -- unit tests ------------------------------------------------------------------------------------------


def test_same_journey_reports_no_change():
    d = diff_docs(BASE, BASE)
    assert d["format"] == DIFF_FORMAT and d["format_version"] == 1
    assert d["changed"] is False and d["journey_mismatch"] is False and d["profile_changed"] is False
    assert all(s["change"] == 0 and s["better"] is None for s in d["scores"].values())
    assert not any(v for group in ("touchpoints", "stages", "findings", "coverage") for v in d[group].values())
    assert regressions(d) == []


def test_score_direction_friction_down_is_better():
    assert score_change(40.0, 30.0, higher_is_better=False)["better"] is True
    assert score_change(30.0, 40.0, higher_is_better=False)["better"] is False
    assert score_change(30.0, 40.0, higher_is_better=True)["better"] is True
    assert score_change(30.0, 30.0, higher_is_better=True) == {"old": 30.0, "new": 30.0, "change": 0.0,
                                                               "better": None}
    assert number_change(35.2, 30.1) == -5.1 and number_change(3, 1) == -2
    assert number_change(None, 1) is None and number_change(True, 2) is None
    assert str(number_change(1.5, 1.5)) == "0.0"  # never -0.0


def test_friction_rise_on_a_touchpoint_is_worse_and_fields_are_named():
    old = journey()
    new = journey(tp_invoice={"effort": 4, "emotion": -2, "frictions": [{"kind": "surprise", "severity": 4}]})
    d = diff_docs(old, new)
    assert d["scores"]["friction"]["better"] is False and d["scores"]["friction"]["change"] > 0
    (tp,) = d["touchpoints"]["changed"]
    assert tp["id"] == tp["old_id"] == "invoice" and tp["renamed"] is False
    assert tp["friction"]["better"] is False and tp["friction"]["change"] > 0
    fields = {f["field"]: f for f in tp["fields"]}
    assert fields["effort"]["change"] == 3 and fields["emotion"]["change"] == -2
    assert fields["frictions"]["old"] == [] and fields["frictions"]["change"] is None
    assert [s["id"] for s in d["stages"]["changed"]] == ["pay"]
    assert any(r.startswith("friction rose from") for r in regressions(d))


def test_metrics_are_compared_one_by_one():
    old = report_of(journey())["touchpoints"][1]
    new = report_of(journey(tp_call={"metrics": {"csat": 4.2, "nps": 10}}))["touchpoints"][1]
    fields = {f["field"]: f for f in field_changes(old, new)}
    assert fields["metrics.csat"]["change"] == 0.8
    assert fields["metrics.nps"] == {"field": "metrics.nps", "old": None, "new": 10, "change": None}
    assert fields["metrics.volume"]["new"] is None


def test_added_and_removed_touchpoints():
    new = journey(drop=["visit"])
    new["touchpoints"].insert(2, {"id": "reminder", "name": "Text reminder", "stage": "book", "owner": "sales"})
    d = diff_docs(journey(), new)
    assert [t["id"] for t in d["touchpoints"]["added"]] == ["reminder"]
    assert [t["id"] for t in d["touchpoints"]["removed"]] == ["visit"]
    assert d["stages"]["uncovered"] == ["visit"]


def test_a_new_id_with_the_same_name_and_stage_is_a_rename():
    new = journey(tp_invoice={"id": "final-bill"})
    d = diff_docs(journey(), new)
    assert d["touchpoints"]["added"] == [] and d["touchpoints"]["removed"] == []
    (tp,) = d["touchpoints"]["changed"]
    assert (tp["old_id"], tp["id"], tp["renamed"], tp["fields"]) == ("invoice", "final-bill", True, [])
    assert d["findings"] == {"introduced": [], "resolved": []}  # findings follow the renamed touchpoint


def test_a_new_id_with_another_name_is_added_and_removed():
    d = diff_docs(journey(), journey(tp_invoice={"id": "final-bill", "name": "Final bill"}))
    assert [t["id"] for t in d["touchpoints"]["added"]] == ["final-bill"]
    assert [t["id"] for t in d["touchpoints"]["removed"]] == ["invoice"]


def test_renames_pair_in_file_order_and_invert():
    old = [{"id": i, "name": "Call", "stage": "s"} for i in ("a", "b", "c")]
    new = [{"id": i, "name": "Call", "stage": "s"} for i in ("x", "b", "y", "z")]
    assert find_renames(old, new) == {"a": "x", "c": "y"}
    assert find_renames(new, old) == {"x": "a", "y": "c"}


def test_uncovered_stage_flips_coverage_and_introduces_an_error():
    d = diff_docs(journey(), journey(drop=["invoice"]))
    assert d["stages"]["uncovered"] == ["pay"]
    assert d["scores"]["coverage"]["better"] is False
    flipped = {c["id"]: c for c in d["coverage"]["flipped"]}
    assert flipped["stages"]["old"] is True and flipped["stages"]["new"] is False
    assert flipped["stages"]["better"] is False
    assert [(f["code"], f["stage"]) for f in d["findings"]["introduced"] if f["code"] == "TP001"] == [("TP001", "pay")]
    found = regressions(d)
    assert any("coverage fell" in r for r in found)
    assert any(r.startswith("new error TP001 (uncovered-stage) in stage 'pay'") for r in found)
    back = diff_docs(journey(drop=["invoice"]), journey())
    assert back["stages"]["covered"] == ["pay"] and back["coverage"]["flipped"][0]["better"] is True
    assert [f["code"] for f in back["findings"]["resolved"]] == [f["code"] for f in d["findings"]["introduced"]]


def test_tolerance_allows_small_moves():
    d = diff_docs(journey(), journey(tp_invoice={"effort": 2}))
    assert d["scores"]["friction"]["change"] > 0
    # the invoice every customer meets is watched: its own rise counts too
    moves = [d["scores"]["friction"]["change"]] + [w["friction"]["change"] or 0 for w in d["watched"]]
    rise = max(moves)
    assert regressions(d, tolerance=rise) == []
    assert len(regressions(d, tolerance=rise - 0.1)) == 1


def _finding(**over) -> dict:
    base = {"code": "TP011", "name": "high-friction", "severity": "warning", "message": "friction 80",
            "touchpoint": "call", "stage": "book", "file": "a.yaml", "line": 10, "column": 5,
            "path": "$.touchpoints[1]"}
    return {**base, **over}


def test_findings_match_without_lines_messages_or_indices():
    same = _finding(message="friction 95", line=99, column=1, path="$.touchpoints[7]", file="b.yaml")
    assert finding_key(_finding()) == finding_key(same)
    assert finding_key(_finding()) != finding_key(_finding(touchpoint="visit"))
    assert finding_key(_finding(touchpoint=None, code="TP001", path="$.journey.stages[2]")) != \
        finding_key(_finding(touchpoint=None, code="TP001", path="$.journey.stages[2]", stage="pay"))
    assert finding_key(_finding(touchpoint="invoice"), {"invoice": "bill"}) == finding_key(_finding(touchpoint="bill"))


def test_repeated_findings_are_counted():
    old = report_of(journey())
    new = copy.deepcopy(old)
    feedback = [_finding(code="TP009", touchpoint=None, stage="pay", path=f"$.feedback[{i}]") for i in range(3)]
    old["findings"], new["findings"] = feedback[:1], feedback
    d = diff_reports(old, new)
    assert [f["path"] for f in d["findings"]["introduced"]] == ["$.feedback[0]", "$.feedback[1]"]
    assert d["findings"]["resolved"] == []


def test_different_journeys_are_flagged():
    d = diff_docs(journey(), journey(id="other"))
    assert d["journey_mismatch"] is True and d["old"]["id"] == "boiler" and d["new"]["id"] == "other"


def test_profile_change_is_flagged_but_its_source_is_not():
    old, new = report_of(journey()), report_of(journey())
    new["profile"] = dict(new["profile"], source="elsewhere/.tpscore.yaml")
    assert diff_reports(old, new)["profile_changed"] is False
    new["profile"]["moments"] = {"first": 1, "last": 1, "emotional": 1}
    assert diff_reports(old, new)["profile_changed"] is True


def test_key_order_is_fixed_and_output_deterministic():
    old, new = report_of(journey()), report_of(journey(tp_call={"effort": 1}))
    d = diff_reports(old, new)
    assert list(d) == ["format", "format_version", "tpscore_version", "old", "new", "journey_mismatch",
                       "profile_changed", "changed", "status", "scores", "touchpoints", "stages", "findings",
                       "coverage", "routes", "watched", "opportunities"]
    assert list(d["scores"]) == list(SCORES)
    assert json.dumps(d) == json.dumps(diff_reports(copy.deepcopy(old), copy.deepcopy(new)))


def test_has_changes_sees_lists_as_well_as_scores():
    d = diff_docs(journey(), journey(tp_ad={"name": "Search advert"}))
    assert d["changed"] is True and has_changes(d)
    assert d["touchpoints"]["changed"][0]["fields"] == [
        {"field": "name", "old": "Search ad", "new": "Search advert", "change": None}]


# -- property laws ---------------------------------------------------------------------------------------

SMALL = journeys(max_touchpoints=6)


def renamed(doc: dict, mapping: dict[str, str]) -> dict:
    """The same journey with touchpoint ids renamed (references in next and feedback follow)."""
    out = copy.deepcopy(doc)
    for tp in out["touchpoints"]:
        tp["id"] = mapping.get(tp["id"], tp["id"])
        if "next" in tp:
            tp["next"] = [mapping.get(t, t) for t in tp["next"]]
    for item in out.get("feedback", []):
        if "touchpoint" in item:
            item["touchpoint"] = mapping.get(item["touchpoint"], item["touchpoint"])
    return out


@st.composite
def pairs(draw) -> tuple[dict, dict]:
    """Two versions: independent journeys (sharing ids t0, t1 ...), or one journey with some ids renamed
    and one touchpoint's effort changed."""
    a = draw(SMALL)
    if draw(st.booleans()):
        return a, draw(SMALL)
    ids = [tp["id"] for tp in a["touchpoints"]]
    b = renamed(a, {i: "r" + i for i in draw(st.lists(st.sampled_from(ids), unique=True))})
    draw(st.sampled_from(b["touchpoints"]))["effort"] = draw(st.integers(1, 5))
    return a, b


def numeric_changes(d: dict) -> dict:
    """Every numeric change in a diff, keyed so that diff(a, b) and diff(b, a) line up."""
    out = {("score", name): s["change"] for name, s in d["scores"].items()}
    for t in d["touchpoints"]["changed"]:
        pair = frozenset((t["id"], t["old_id"]))
        out[("touchpoint", pair, "friction")] = t["friction"]["change"]
        out.update({("touchpoint", pair, f["field"]): f["change"] for f in t["fields"] if f["change"] is not None})
    out.update({("stage", s["id"]): s["friction"]["change"] for s in d["stages"]["changed"]})
    return out


LAWS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@LAWS
@given(SMALL)
def test_law_diff_of_a_journey_with_itself_has_no_change(doc):
    report = report_of(doc)
    assert diff_reports(report, copy.deepcopy(report))["changed"] is False


@LAWS
@given(pairs())
def test_law_diff_b_a_negates_diff_a_b(pair):
    a, b = (report_of(doc) for doc in pair)
    forward, backward = diff_reports(a, b), diff_reports(b, a)
    there, back = numeric_changes(forward), numeric_changes(backward)
    assert there.keys() == back.keys()
    assert all(there[key] == -back[key] for key in there)
    assert [t["id"] for t in forward["touchpoints"]["added"]] == [t["id"] for t in backward["touchpoints"]["removed"]]
    assert forward["findings"]["introduced"] == backward["findings"]["resolved"]
    assert (sorted(forward["stages"]["covered"]), sorted(forward["stages"]["uncovered"])) == \
        (sorted(backward["stages"]["uncovered"]), sorted(backward["stages"]["covered"]))
    flips = {c["id"]: (c["old"], c["new"]) for c in forward["coverage"]["flipped"]}
    assert flips == {c["id"]: (c["new"], c["old"]) for c in backward["coverage"]["flipped"]}
    assert forward["changed"] == backward["changed"]


@LAWS
@given(SMALL, st.booleans())
def test_law_a_reordered_yaml_layout_with_the_same_content_reports_no_change(doc, flow):
    plain = report_of(dump(doc, sort_keys=False))
    reordered = report_of("# the same journey, laid out differently\n\n" + dump(doc, sort_keys=True, flow=flow or None))
    d = diff_reports(plain, reordered)
    assert d["changed"] is False, d


def test_reordered_layout_moves_lines_but_reports_nothing():
    plain = report_of(dump(BASE))
    flowed = report_of(dump(BASE, sort_keys=True, flow=True))
    assert [t["line"] for t in plain["touchpoints"]] != [t["line"] for t in flowed["touchpoints"]]
    assert diff_reports(plain, flowed)["changed"] is False


@pytest.mark.parametrize("change", [{"tp_call": {"effort": 1}}, {"drop": ["survey"]}, {"tp_visit": {"id": "v2"}}])
def test_some_change_is_always_seen(change):
    assert diff_docs(journey(), journey(**change))["changed"] is True


@LAWS
@given(SMALL)
def test_law_renaming_every_id_reports_only_renames(doc):
    ids = [tp["id"] for tp in doc["touchpoints"]]
    d = diff_reports(report_of(doc), report_of(renamed(doc, {i: "r" + i for i in ids})))
    assert [(t["old_id"], t["id"], t["renamed"]) for t in d["touchpoints"]["changed"]] == \
        [(i, "r" + i, True) for i in ids]
    assert d["touchpoints"]["added"] == d["touchpoints"]["removed"] == []
    assert d["findings"] == {"introduced": [], "resolved": []}
    assert all(s["change"] == 0 for s in d["scores"].values())


def test_the_core_imports_neither_typer_nor_rich():
    import subprocess
    import sys

    code = ("import sys, tpscore.diff, tpscore.trend, tpscore.revisions; "
            "print(sorted(m for m in ('typer', 'rich', 'click', 'tabulate') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
