"""Every rule TP001..TP013: a small journey that triggers it (code, severity, what the message names, the
exact line) and one that does not; `ignore:` on a touchpoint; profile select/ignore, severities,
required stages and thresholds."""

from __future__ import annotations

import pytest
from helpers import LINE, STAGES_LINE, shop
from strategies import audit_text

from tpscore.rules import all_rules

FRICTION_30 = "frictions: [{kind: paperwork, severity: 3}]"  # 30 points: friction 52.8
FRICTION_10 = "frictions: [{kind: wait, severity: 1}]"       # 10 points: friction 22.1


def codes(text: str, profile=None) -> list[str]:
    return [f.code for f in audit_text(text, profile).findings]


def only(text: str, code: str, profile=None):
    """The single finding of ``text``, which must be ``code``."""
    findings = audit_text(text, profile).findings
    assert [f.code for f in findings] == [code], [f"{f.code} {f.message}" for f in findings]
    return findings[0]


def test_the_shop_journey_is_clean():
    report = audit_text(shop())
    assert report.findings == [] and report.ignored == []
    assert report.analysis.coverage == 100.0


# -- one trigger and one non-trigger per rule -----------------------------------------------------

def test_tp001_uncovered_stage():
    f = only(shop(stages="[discover, buy, use, review, support]"), "TP001")
    assert (f.severity, f.stage, f.line, f.column) == ("error", "support", STAGES_LINE, 40)
    assert "'support'" in f.message and f.path == "$.journey.stages[4]"


def test_tp001_points_at_the_stage_in_a_block_list():
    text = shop().replace("  stages: [discover, buy, use, review]",
                          "  stages:\n    - discover\n    - buy\n    - gap\n    - use\n    - review")
    f = only(text, "TP001")
    assert (f.stage, f.line, f.column) == ("gap", STAGES_LINE + 3, 7)


def test_tp001_not_when_every_stage_is_covered():
    assert "TP001" not in codes(shop(stages="[discover, buy, use]", drop=["survey"]))


def test_tp002_unbridged_handoff():
    f = only(shop(checkout="frictions: [{kind: repeat-info, severity: 2}]"), "TP002")
    assert (f.severity, f.touchpoint, f.stage, f.line) == ("warning", "checkout", "buy", LINE["checkout"])
    assert "marketing ('ad')" in f.message and "sales ('checkout')" in f.message and "repeat-info" in f.message


@pytest.mark.parametrize("bridged", ["ad", "checkout"])
@pytest.mark.parametrize("bridge", ["'Call naming the sales contact'", "ad"])
def test_tp002_not_when_bridged_on_either_side(bridged, bridge):
    extra = {"checkout": "frictions: [{kind: repeat-info, severity: 2}]"}
    extra[bridged] = ", ".join(filter(None, [extra.get(bridged), f"bridge: {bridge}"]))
    assert codes(shop(**extra)) == []


def test_tp002_a_bare_bridge_true_is_reported_and_bridges_nothing():
    text = shop(checkout="frictions: [{kind: repeat-info, severity: 2}], bridge: true")
    findings = audit_text(text).findings
    assert [f.code for f in findings] == ["TP002", "TP002"]
    assert "has no bridge" in findings[0].message and "`bridge: true` without saying" in findings[1].message
    assert not audit_text(text).analysis.coverage_checks[2].ok


@pytest.mark.parametrize("placeholder", ["tbd", "TBD", "'no bridge'", "n/a", "'-'", "'?'", "none yet", "todo"])
def test_tp002_a_placeholder_bridge_is_reported_like_a_bare_true(placeholder):
    text = shop(checkout=f"frictions: [{{kind: repeat-info, severity: 2}}], bridge: {placeholder}")
    findings = audit_text(text).findings
    assert [f.code for f in findings] == ["TP002", "TP002"]
    assert "has no bridge" in findings[0].message and "without saying what bridges" in findings[1].message
    assert not audit_text(text).analysis.coverage_checks[2].ok


def test_tp002_ownership_unknown():
    f = only(shop(replace={"app": "id: app, name: App, stage: use"}), "TP002")
    assert f.touchpoint == "app" and "ownership unknown" in f.message


def test_tp002_not_when_the_owner_stays():
    text = shop(replace={"ad": "id: ad, name: Advert, stage: discover, owner: sales"},
                checkout="frictions: [{kind: repeat-info, severity: 2}]")
    assert codes(text) == []


def test_tp003_no_unhappy_path():
    f = only(shop(drop=["refund"]), "TP003")
    assert (f.severity, f.touchpoint, f.line, f.path) == ("warning", None, LINE["ad"], "$.touchpoints")


def test_tp003_not_with_a_recovery_path():
    text = shop(replace={"refund": "id: sorry, name: Apology, stage: use, owner: support, path: recovery"})
    assert "TP003" not in codes(text)


def test_tp004_marketing_only():
    text = shop(stages="[discover, compare, buy]", drop=["app", "survey"],
                replace={"refund": "id: refund, name: Refund, stage: compare, owner: support, path: unhappy, "
                                   "next: [ad]"})
    f = only(text, "TP004")
    assert (f.severity, f.line, f.path) == ("error", STAGES_LINE, "$.journey.stages")
    assert "after the sale stage 'buy'" in f.message


def test_tp004_without_a_sale_stage_names_none():
    text = shop(stages="[discover, compare]", drop=["checkout", "app", "survey"],
                replace={"refund": "id: refund, name: Refund, stage: compare, owner: support, path: unhappy, "
                                   "next: [ad]"})
    f = only(text, "TP004")
    assert "no sale stage found" in f.message


def test_tp004_not_with_touchpoints_after_the_sale():
    assert "TP004" not in codes(shop())


def test_tp005_linear_journey():
    f = only(shop(stages="[discover, buy, use]", drop=["survey"]), "TP005")
    assert (f.severity, f.touchpoint, f.line) == ("warning", "app", LINE["app"])
    assert "'app'" in f.message


def test_tp005_not_with_a_loop_back_alone():
    assert "TP005" not in codes(shop(stages="[discover, buy, use]", drop=["survey"], app="next: [checkout]"))


def test_tp005_not_with_a_follow_up_alone():
    text = shop(replace={"survey": "id: survey, name: Survey, stage: review, owner: sales"})
    assert "TP005" not in codes(text)


def test_tp006_last_touch_friction():
    f = only(shop(refund=FRICTION_30), "TP006")
    assert (f.severity, f.touchpoint, f.line) == ("error", "refund", LINE["refund"])
    assert "'refund'" in f.message and "friction 53 (above 45)" in f.message


def test_tp006_also_at_the_end_of_the_happy_path():
    f = only(shop(survey=FRICTION_30), "TP006")
    assert f.touchpoint == "survey" and f.line == LINE["survey"]


def test_tp006_not_at_or_below_the_threshold():
    assert codes(shop(refund=FRICTION_10)) == []


def test_tp007_first_touch_friction():
    f = only(shop(ad=FRICTION_30), "TP007")
    assert (f.severity, f.touchpoint, f.line) == ("warning", "ad", LINE["ad"])
    assert "'ad'" in f.message


def test_tp007_not_below_the_threshold():
    assert codes(shop(ad=FRICTION_10)) == []


def test_tp008_emotional_moment_without_owner():
    text = shop(replace={"app": "id: app, name: App, stage: use, moments: [emotional]"})
    [f] = [f for f in audit_text(text).findings if f.code == "TP008"]
    assert (f.severity, f.touchpoint, f.line) == ("warning", "app", LINE["app"])
    assert "'app'" in f.message and "no owner" in f.message


def test_tp008_emotional_moment_with_high_friction():
    f = only(shop(app="moments: [emotional], " + FRICTION_30), "TP008")
    assert "friction 53 (above 45)" in f.message and "no owner" not in f.message


def test_tp008_not_for_an_owned_calm_emotional_moment():
    assert codes(shop(app="moments: [emotional], " + FRICTION_10)) == []


def test_tp008_not_for_a_touchpoint_that_is_not_emotional():
    assert codes(shop(replace={"app": "id: app, name: App, stage: use, owner: sales"})) == []


def test_tp009_unanswered_feedback():
    text = shop(stages="[discover, buy, use, review, win]",
                feedback=["text: Nobody told me I had won, stage: win, count: 41, sentiment: -2"])
    report = audit_text(text)
    [f] = [f for f in report.findings if f.code == "TP009"]
    assert (f.severity, f.stage, f.touchpoint, f.path) == ("error", "win", None, "$.feedback[0]")
    assert f.line == LINE["refund"] + 2  # after `feedback:`
    assert '41 customers say "Nobody told me I had won"' in f.message and "'win'" in f.message
    # the complaint about the gap lands where customers next meet the journey (the survey): it also
    # makes that last touchpoint painful (TP006) and contradicts its smooth design (TP012)
    assert sorted(codes(text)) == ["TP001", "TP006", "TP009", "TP012"]


def test_tp009_not_for_feedback_on_a_covered_stage_or_a_touchpoint():
    feedback = ["text: Slow app, stage: use", "text: Lovely survey, touchpoint: survey"]
    assert codes(shop(feedback=feedback)) == []


def test_tp009_negative_feedback_with_nothing_after_it_that_resolves_it():
    voice = "text: Nobody called me for three days, touchpoint: refund, sentiment: -2, count: 3"
    f = only(shop(feedback=[voice]), "TP009")
    assert "3 customers" in f.message and "no recovery or follow-up" in f.message
    # a follow-up after it on the route answers it
    assert "TP009" not in codes(shop(refund="next: [survey]", feedback=[voice]))


@pytest.mark.parametrize("status, fires", [("open", True), ("answered", False)])
def test_tp009_status_says_whether_somebody_answered(status, fires):
    voice = f"text: Still waiting for my refund, touchpoint: refund, sentiment: -1, status: {status}"
    assert ("TP009" in codes(shop(feedback=[voice]))) is fires


def test_tp010_unreachable_touchpoint():
    f = only(shop(checkout="next: [survey]"), "TP010")
    assert (f.severity, f.touchpoint, f.line, f.path) == ("error", "app", LINE["app"], "$.touchpoints[2]")
    assert "'app' cannot be reached" in f.message


def test_tp010_dead_end():
    f = only(shop(ad="next: [checkout, app]", checkout="next: []"), "TP010")
    assert (f.touchpoint, f.line, f.path) == ("checkout", LINE["checkout"], "$.touchpoints[1].next")
    assert "dead end" in f.message


def test_tp010_dead_end_in_block_style_points_at_next():
    text = shop(ad="next: [checkout, app]").replace(
        "  - {id: checkout, name: Checkout, stage: buy, owner: sales}",
        "  - id: checkout\n    name: Checkout\n    stage: buy\n    owner: sales\n    next: []")
    f = only(text, "TP010")
    assert (f.line, f.column) == (LINE["checkout"] + 4, 11)


def test_tp010_not_for_a_declared_last_moment():
    assert codes(shop(ad="next: [checkout, app]", checkout="next: [], moments: [last]")) == []


def test_tp011_high_friction():
    f = only(shop(app="effort: 5, frictions: [{kind: wait, severity: 4}, {kind: error, severity: 1}]"), "TP011")
    assert (f.severity, f.touchpoint, f.line) == ("warning", "app", LINE["app"])
    assert "'app' has friction 87 (above 70); worst: wait (severity 4)" in f.message


@pytest.mark.parametrize("weight", [0.001, 0.5, 0.99])
def test_tp014_a_painful_touchpoint_counted_less_than_once(weight):
    text = shop(app=f"weight: {weight}, metrics: {{csat: 2.0}}")
    findings = [f for f in audit_text(text).findings if f.code == "TP014"]
    assert len(findings) == 1 and findings[0].touchpoint == "app"
    assert f"counts only {weight:g} times (weight {weight:g})" in findings[0].message


@pytest.mark.parametrize("app", ["weight: 1, metrics: {csat: 2.0}", "weight: 0.5, metrics: {csat: 4.5}",
                                 "weight: 0.5"])
def test_tp014_not_at_weight_one_or_on_a_smooth_touchpoint(app):
    assert "TP014" not in codes(shop(app=app))


def test_tp011_not_below_the_threshold():
    assert codes(shop(app=FRICTION_30)) == []


def test_tp012_design_and_evidence_disagree_naming_both_numbers():
    f = only(shop(app="metrics: {csat: 2.1, ces: 5.9}"), "TP012")
    assert (f.severity, f.touchpoint) == ("warning", "app")
    assert "designed at friction 0 but its evidence" in f.message and "csat 2.1, ces 5.9" in f.message


def test_tp012_also_when_customers_find_it_easier_than_designed():
    f = only(shop(app="effort: 4, frictions: [{kind: wait, severity: 3}], metrics: {csat: 4.9, ces: 1.2}"), "TP012")
    assert "easier than designed" in f.message


def test_tp012_not_when_design_and_evidence_agree():
    assert codes(shop(app="metrics: {csat: 4.8}")) == []


def test_tp013_missing_touchpoint_at_an_emotional_moment():
    text = shop(app="moments: [emotional], emotion: -2, next: [refund]",
                refund="emotion: -1")
    [f] = [f for f in audit_text(text).findings if f.code == "TP013"]
    assert (f.severity, f.touchpoint) == ("info", "refund") and "emotional" in f.message and "'app'" in f.message


def test_tp013_missing_touchpoint_where_a_metric_drops_between_stages():
    text = shop(checkout="metrics: {csat: 4.6}", app="metrics: {csat: 2.4}")
    [f] = [f for f in audit_text(text).findings if f.code == "TP013"]
    assert "between 'checkout' and 'app'" in f.message and "csat worsens from 4.6" in f.message


def test_tp013_not_for_a_smooth_journey():
    assert "TP013" not in codes(shop(checkout="metrics: {csat: 4.6}", app="metrics: {csat: 4.4}"))


def test_every_rule_has_a_trigger_test():
    tested = {name.split("_")[1].upper() for name in globals() if name.startswith("test_tp")}
    assert tested == set(all_rules())


# -- ignore on a touchpoint -----------------------------------------------------------------------

def test_touchpoint_ignore_silences_a_finding_and_counts_it():
    report = audit_text(shop(refund=FRICTION_30 + ", ignore: [TP006]"))
    assert report.findings == []
    assert [(f.code, f.touchpoint) for f in report.ignored] == [("TP006", "refund")]
    data = report.to_dict()
    assert data["summary"]["ignored"] == 1 and data["ignored"][0]["code"] == "TP006"
    assert data["status"] == "pass"


def test_touchpoint_ignore_of_another_code_changes_nothing():
    report = audit_text(shop(refund=FRICTION_30 + ", ignore: [TP007]"))
    assert [f.code for f in report.findings] == ["TP006"] and report.ignored == []


def test_touchpoint_ignore_does_not_silence_other_touchpoints():
    report = audit_text(shop(refund=FRICTION_30, survey=FRICTION_30 + ", ignore: [TP006]"))
    assert [f.touchpoint for f in report.findings] == ["refund"]
    assert [f.touchpoint for f in report.ignored] == ["survey"]


# -- profile: select, ignore, severity, required stages, thresholds ---------------------------------

MANY = shop(stages="[discover, buy, use, review, support]", refund=FRICTION_30, ad=FRICTION_30,
            app="effort: 5, frictions: [{kind: wait, severity: 5}]")


def test_all_rules_run_by_default():
    assert codes(MANY) == ["TP001", "TP006", "TP007", "TP011"]  # errors, then warnings, each by line


@pytest.mark.parametrize("rules, expected", [
    ({"select": ["TP006"]}, ["TP006"]),
    ({"select": ["TP00"]}, ["TP001", "TP006", "TP007"]),
    ({"select": ["TP01"]}, ["TP011"]),
    ({"ignore": ["TP00"]}, ["TP011"]),
    ({"ignore": ["TP006", "TP011"]}, ["TP001", "TP007"]),
    ({"select": ["TP00"], "ignore": ["TP001"]}, ["TP006", "TP007"]),
    ({"select": ["TP"]}, ["TP001", "TP006", "TP007", "TP011"]),
    ({"select": ["TP007", "TP011"]}, ["TP007", "TP011"]),
])
def test_profile_select_and_ignore(rules, expected):
    assert sorted(codes(MANY, {"rules": rules})) == expected


def test_profile_ignore_does_not_count_as_ignored():
    report = audit_text(MANY, {"rules": {"ignore": ["TP006"]}})
    assert report.ignored == [] and "TP006" not in {f.code for f in report.findings}


def test_profile_severity_override():
    report = audit_text(shop(refund=FRICTION_30), {"rules": {"severity": {"TP006": "info"}}})
    [f] = report.findings
    assert (f.code, f.severity) == ("TP006", "info")
    assert report.status == "pass" and report.to_dict()["summary"]["infos"] == 1


def test_profile_severity_override_orders_findings_by_severity():
    report = audit_text(MANY, {"rules": {"severity": {"TP011": "error", "TP001": "info"}}})
    severities = [f.severity for f in report.findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert report.findings[-1].code == "TP001"


def test_required_stage_missing_from_the_journey():
    f = only(shop(), "TP001", {"required_stages": ["support"]})
    assert (f.stage, f.line, f.path) == ("support", STAGES_LINE, "$.journey.stages")
    assert "required stage 'support' is missing" in f.message


def test_required_stage_declared_but_uncovered_is_reported_once():
    findings = audit_text(shop(stages="[discover, buy, use, review, support]"),
                          {"required_stages": ["support"]}).findings
    assert [(f.code, f.stage) for f in findings] == [("TP001", "support")]


def test_required_stage_that_is_covered_passes():
    assert codes(shop(), {"required_stages": ["use", "review"]}) == []


@pytest.mark.parametrize("text, thresholds, fires", [
    (shop(refund=FRICTION_30), {"last": 60}, []),
    (shop(refund=FRICTION_10), {"last": 20}, ["TP006"]),
    (shop(ad=FRICTION_30), {"first": 60}, []),
    (shop(ad=FRICTION_10), {"first": 20}, ["TP007"]),
    (shop(app=FRICTION_30), {"touchpoint": 50}, ["TP011"]),
    (shop(app="effort: 5, frictions: [{kind: wait, severity: 5}]"), {"touchpoint": 90}, []),
    (shop(app="moments: [emotional], " + FRICTION_10), {"emotional": 20}, ["TP008"]),
    (shop(app="moments: [emotional], " + FRICTION_30), {"emotional": 60}, []),
])
def test_profile_thresholds_decide_when_rules_fire(text, thresholds, fires):
    assert codes(text, {"thresholds": thresholds}) == fires
