"""Computed opportunities: laws of the what-if re-score, and what it finds in the example journeys."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import (
    journey_document,
    journey_of,
    journeys,
    load_text,
    profile_of,
    profiles,
    report_dict,
    to_yaml,
)

from tpscore import analysis as analysis_module
from tpscore.analysis import analyse
from tpscore.opportunities import Candidate, Gain, candidates, evaluate, rank, screened, touchpoint_candidate
from tpscore.profile import default_profile
from tpscore.report import build_report
from tpscore.validate import load_journey
from tpscore.whatif import fixed_touchpoint, replace_touchpoint

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LAWS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _reaudit(journey, profile_mapping=None) -> dict:
    """Write the journey as a file, load it back and audit it: what a team would see after the fix."""
    return build_report(load_text(to_yaml(journey_document(journey))), profile_of(profile_mapping)).to_dict()


def _with_team(doc: dict, picks: list[int]) -> dict:
    """The document with an ``opportunities:`` block naming some of its touchpoints."""
    doc = copy.deepcopy(doc)
    ids = [tp["id"] for tp in doc["touchpoints"]]
    doc["opportunities"] = [{"id": f"team-{n}", "title": f"Team idea {n}", "touchpoints": [ids[p % len(ids)]],
                             "effort": 1 + n, "status": ("open", "in-progress", "done")[n % 3]}
                            for n, p in enumerate(picks)]
    return doc


# -- laws ------------------------------------------------------------------------------------------------------


@LAWS
@given(doc=journeys(max_touchpoints=10), profile=profiles())
def test_applying_the_top_fix_and_re_auditing_gives_exactly_the_promised_gain(doc, profile):
    journey = journey_of(doc)
    before = _reaudit(journey, profile)
    ranking = rank(analyse(journey, profile_of(profile))).opportunities
    for top in ranking[:2]:
        after = _reaudit(top.candidate.apply(journey), profile)
        measured = {name: round(after["scores"][name] - before["scores"][name], 1) + 0.0 for name in before["scores"]}
        assert measured == top.gain.to_dict(), top.candidate.id


@LAWS
@given(doc=journeys(max_touchpoints=10), profile=profiles())
def test_gains_never_have_the_wrong_sign_and_the_list_is_sorted(doc, profile):
    ranking = rank(analyse(journey_of(doc), profile_of(profile))).opportunities
    for o in ranking:
        assert o.gain.friction <= 0 and o.gain.experience >= 0 and o.gain.coverage >= 0, o.candidate.id
        assert o.gain.value > 0 and o.priority >= 0
    assert [o.rank for o in ranking] == list(range(1, len(ranking) + 1))
    assert [o.priority for o in ranking] == sorted((o.priority for o in ranking), reverse=True)


@LAWS
@given(doc=journeys(max_touchpoints=10), profile=profiles())
def test_a_touchpoint_with_zero_friction_and_no_findings_has_zero_gain(doc, profile):
    a = analyse(journey_of(doc), profile_of(profile))
    report = build_report(a.journey, a.profile)
    flagged = {f.touchpoint for f in report.findings}
    for figures in a.figures:
        tp = figures.touchpoint
        if figures.friction > 0 or tp.id in flagged or (figures.emotion or 0) < a.profile.fixed["emotion"]:
            continue  # (a profile can weigh a negative emotion at 0 points: still something to fix)
        # Applying the fix anyway changes nothing, so nothing is offered for it.
        def fix(journey, tp=tp, figures=figures):
            return replace_touchpoint(journey, fixed_touchpoint(journey.by_id()[tp.id], a.profile.fixed,
                                                                figures.breakdown.effort, figures.emotion))

        same = Candidate(f"fix:{tp.id}", "touchpoint", "", tp.id, tp.stage, "", apply=fix)
        assert evaluate(a, same).gain == Gain(0.0, 0.0, 0.0)
        candidate = touchpoint_candidate(a, tp)
        assert candidate is None or evaluate(a, candidate).gain == Gain(0.0, 0.0, 0.0)
        assert all(o.candidate.target != tp.id for o in report.ranking.opportunities if o.candidate.kind != "stage")


def _ranking(doc: dict) -> list[tuple]:
    report = report_dict(doc)
    return [(o["id"], o["gain"], o["reach"], o["priority"], o["owned"]) for o in report["opportunities"]] + [
        (t["id"], t["linked"], t["gain"]) for t in sorted(report["team_opportunities"], key=lambda t: t["id"])]


def _shuffled(doc: dict, seed: int) -> dict:
    """Same journey, another file layout: feedback, team opportunities and every mapping's keys reordered."""
    shuffle = random.Random(seed).shuffle

    def keys(value):
        if isinstance(value, dict):
            items = list(value.items())
            shuffle(items)
            return {k: keys(v) for k, v in items}
        if isinstance(value, list):
            return [keys(v) for v in value]
        return value

    out = keys(doc)
    for block in ("feedback", "opportunities"):
        if block in out:
            shuffle(out[block])
    return out


@LAWS
@given(doc=journeys(max_touchpoints=10), picks=st.lists(st.integers(0, 20), max_size=3), seed=st.integers(0, 10**6))
def test_the_ranking_does_not_depend_on_the_order_of_the_file(doc, picks, seed):
    doc = _with_team(doc, picks)
    assert _ranking(_shuffled(doc, seed)) == _ranking(doc)


def test_each_candidate_costs_one_analysis(monkeypatch):
    """Linear per opportunity: one re-score each (plus one per team opportunity with linked fixes)."""
    journey = load_text(_bench_text(200))
    a = analyse(journey, default_profile())
    calls = []
    real = analysis_module.reanalyse
    monkeypatch.setattr("tpscore.opportunities.reanalyse", lambda *args: calls.append(1) or real(*args))
    rank(a)
    assert len(calls) == len(screened(a, candidates(a))) > 100


def _bench_text(count: int) -> str:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_journey", EXAMPLES.parent / "bench" / "make_journey.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.journey_text(count)


# -- the examples ---------------------------------------------------------------------------------------------


def _example(name: str) -> dict:
    return build_report(load_journey(str(EXAMPLES / name)), default_profile()).to_dict()


def test_auction_top_opportunity_is_the_missing_you_won_notice():
    top = _example("auction-absentee-bidder.yaml")["opportunities"][0]
    assert (top["id"], top["kind"], top["target"]) == ("add:win", "stage", "win")
    assert set(top["resolves"]) >= {"TP001", "TP009"}


def test_auction_gain_matches_a_hand_written_you_won_notice():
    """The team writes the touchpoint themselves (not through the what-if code), met by the 410 bidders
    who reach the invoice (the what-if gives the new touchpoint the volume of the one it precedes): same gain."""
    text = (EXAMPLES / "auction-absentee-bidder.yaml").read_text(encoding="utf-8")
    notice = ("  - id: you-won\n    name: You won email\n    stage: win\n    metrics: {volume: 410}\n\n"
              "  - id: invoice\n")
    fixed = load_text(text.replace("  - id: invoice\n", notice, 1))
    before = _example("auction-absentee-bidder.yaml")
    after = build_report(fixed, default_profile()).to_dict()
    measured = {k: round(after["scores"][k] - before["scores"][k], 1) + 0.0 for k in before["scores"]}
    assert measured == before["opportunities"][0]["gain"]


def test_bank_closure_top_opportunity_is_the_final_statement():
    top = _example("bank-account-closure.yaml")["opportunities"][0]
    assert (top["id"], top["target"]) == ("fix:final-statement", "final-statement")
    assert top["gain"]["friction"] < 0 and top["gain"]["experience"] > 0


def test_voice_is_most_mentioned_first_with_open_complaints():
    voice = _example("auction-absentee-bidder.yaml")["voice"]
    assert [v["count"] for v in voice] == sorted((v["count"] for v in voice), reverse=True)
    first = voice[0]
    assert (first["count"], first["stage"], first["touchpoint"], first["status"]) == (41, "win", None, "open")
    praise = next(v for v in voice if v["sentiment"] > 0)
    assert (praise["touchpoint"], praise["stage"], praise["status"]) == ("lot-delivery", "collect", None)


def test_team_opportunity_links_and_gains_all_its_fixes_together():
    report = _example("home-services-2026-Q2.yaml")
    team = {t["id"]: t for t in report["team_opportunities"]}
    assert team, "the Q2 example records the team's opportunities"
    for t in team.values():
        for linked in t["linked"]:
            owned = next((o for o in report["opportunities"] if o["id"] == linked), None)
            assert owned is None or owned["owned"] == t["id"]


@pytest.mark.parametrize("fixed, expect", [
    ({"severity": 0}, ()), ({"severity": 2}, (("wait", 2), ("confusion", 2))),
])
def test_the_fixed_level_comes_from_the_profile(fixed, expect):
    journey = load_journey(str(EXAMPLES / "home-services-2026-Q2.yaml"))
    profile = profile_of({"fixed": fixed})
    tp = fixed_touchpoint(journey.by_id()["written-quote"], profile.fixed)
    assert tuple((f.kind, f.severity) for f in tp.frictions) == expect
    assert tp.effort == 1 and tp.emotion == 0


def test_voice_of_a_stage_stays_open_while_its_touchpoints_have_friction():
    voice = {v["text"].split(",")[0]: v for v in _example("bank-account-closure.yaml")["voice"]}
    assert voice["They made it harder to leave than it was to join."]["status"] == "open"  # retention has friction
    assert voice["Opening the account was a good experience"]["status"] is None


# -- diff and trend across quarters ---------------------------------------------------------------------------


def test_diff_between_home_services_quarters_reports_the_closed_opportunities():
    from tpscore.diff import diff_reports

    q2, q3 = _example("home-services-2026-Q2.yaml"), _example("home-services-2026-Q3.yaml")
    changes = diff_reports(q2, q3)["opportunities"]
    closed = {item["id"]: item for item in changes["closed"]}
    assert set(closed) == {"same-day-quote", "booking-handover"}
    quote = closed["same-day-quote"]
    expected = next(t["gain"] for t in q2["team_opportunities"] if t["id"] == "same-day-quote")
    assert quote["expected"] == expected and expected["friction"] < 0
    assert quote["measured"] == {name: round(q3["scores"][name] - q2["scores"][name], 3)
                                 for name in ("friction", "experience", "coverage")}
    assert quote["old_status"] == "in-progress"
    assert quote["touchpoints"][0]["id"] == "written-quote" and quote["touchpoints"][0]["friction"]["better"]
    assert [t["id"] for t in changes["opened"]] == ["fee-on-quote"]
    assert [(t["id"], t["old_status"], t["status"]) for t in changes["changed"]] == [
        ("warranty-continuity", "open", "in-progress")]


def test_diff_of_reports_without_opportunities_has_none():
    from tpscore.diff import diff_reports

    q2 = _example("home-services-2026-Q2.yaml")
    older = {k: v for k, v in q2.items() if k not in ("opportunities", "team_opportunities", "voice")}
    assert diff_reports(older, older)["opportunities"] == {"closed": [], "opened": [], "changed": [], "dropped": []}
    assert diff_reports(older, q2)["opportunities"]["opened"]


def test_trend_carries_the_team_opportunities_across_versions():
    from tpscore.trend import Version, build_trend

    q2, q3 = _example("home-services-2026-Q2.yaml"), _example("home-services-2026-Q3.yaml")
    history = {o["id"]: o for o in build_trend([Version(q2, "q2"), Version(q3, "q3")])["opportunities"]}
    assert history["same-day-quote"]["statuses"] == ["in-progress", "done"]
    assert history["same-day-quote"]["closed"]["in"] == "2026-Q3"
    assert history["fee-on-quote"]["statuses"] == [None, "open"] and history["fee-on-quote"]["closed"] is None


def test_diff_cli_shows_expected_against_measured(tpscore):
    result = tpscore("diff", EXAMPLES / "home-services-2026-Q2.yaml", EXAMPLES / "home-services-2026-Q3.yaml",
                     "-f", "table")
    expected = next(t["gain"] for t in _example("home-services-2026-Q2.yaml")["team_opportunities"]
                    if t["id"] == "same-day-quote")
    assert "✓ closed" in result.output
    assert f"friction: expected {expected['friction']:+.1f}, measured -8.5" in " ".join(result.output.split())
    assert "Closed: same-day-quote, booking-handover." in result.output


# -- the command line -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("top, rows", [(None, 3), ("1", 1), ("5", 5), ("0", 0)])
def test_audit_top_chooses_how_many_fixes_are_shown(tpscore, top, rows):
    args = ["audit", EXAMPLES / "bank-account-closure.yaml", "-f", "table"] + (["--top", top] if top else [])
    out = tpscore(*args, env={"COLUMNS": "200"}).output  # wide: one line per fix
    kinds = ("fix", "bridge", "add", "suggest")
    shown = [line for line in out.splitlines() if any(f"({kind}:" in line for kind in kinds)]
    assert len(shown) == rows
    assert ("Top fixes" in out) == bool(rows)
    if rows:
        assert out.index("Top fixes") < out.index("stage ")  # right after the scores


def test_json_always_carries_the_full_ranking(tpscore):
    import json

    out = tpscore("audit", EXAMPLES / "bank-account-closure.yaml", "-f", "json", "--top", "1", "--fail-on",
                  "never").output
    assert len(json.loads(out)["opportunities"]) > 3


def test_explain_opportunity_derives_the_promised_gain(tpscore):
    report = _example("bank-account-closure.yaml")
    top = report["opportunities"][0]
    out = tpscore("explain", EXAMPLES / "bank-account-closure.yaml", "--opportunity", top["id"]).output
    assert f"friction   {report['scores']['friction']:.1f} → " in out
    assert f"= {top['gain']['friction']:+.1f}" in out and f"= {top['gain']['experience']:+.1f}" in out
    assert f"= {top['priority']:,.1f}" in out and "rank 1 of" in out


def test_explain_unknown_opportunity_is_a_usage_error_with_a_hint(tpscore):
    result = tpscore("explain", EXAMPLES / "bank-account-closure.yaml", "-O", "fix:final-statment")
    assert result.exit_code == 2 and "did you mean 'fix:final-statement'" in result.output


def test_explain_touchpoint_and_opportunity_together_is_a_usage_error(tpscore):
    result = tpscore("explain", EXAMPLES / "bank-account-closure.yaml", "-t", "x", "-O", "y")
    assert result.exit_code == 2


# -- the opportunities: block ---------------------------------------------------------------------------------

_BLOCK = """\
version: 1
journey: {id: j, name: J, stages: [a, b]}
touchpoints:
  - {id: x, name: X, stage: a}
opportunities:
"""


@pytest.mark.parametrize("item, line, column, message", [
    ("  - {id: o, title: T, touchpoints: [y]}\n", 6, 37, "unknown touchpoint 'y'"),
    ("  - {id: o, title: T, stages: [c]}\n", 6, 32, "unknown stage 'c'"),
    ("  - {id: o, title: T, findings: [TP099]}\n", 6, 34, "unknown rule code 'TP099'"),
    ("  - {id: o, title: T}\n", 6, 5, "the opportunity names nothing it addresses"),
    ("  - {id: o, title: T, stages: [a], status: closed}\n", 6, 44, "not an allowed value"),
    ("  - {id: o, title: T, stages: [a], effort: 0}\n", 6, 44, "out of range"),
    ("  - {id: o, title: T, stages: [a]}\n  - {id: o, title: U, stages: [b]}\n", 7, 10,
     "opportunity id 'o' is listed twice"),
])
def test_the_opportunities_block_is_validated_with_located_errors(check, item, line, column, message):
    [problem] = check(_BLOCK + item)
    assert (problem.line, problem.column) == (line, column)
    assert problem.message.startswith(message)


def test_a_file_without_the_block_stays_valid_and_has_no_team_opportunities():
    report = _example("bank-account-closure.yaml")
    assert report["team_opportunities"] == [] and all(o["owned"] is None for o in report["opportunities"])


def test_a_touchpoint_the_scoring_model_suggests_is_a_candidate_too():
    """The scoring model may suggest missing touchpoints (``Analysis.suggestions``): each becomes a what-if."""
    import dataclasses

    @dataclasses.dataclass(frozen=True)
    class Suggestion:
        kind: str
        after: int | None
        before: int | None
        stage: str | None
        why: str

    journey = load_journey(str(EXAMPLES / "bank-account-closure.yaml"))
    base = analyse(journey, default_profile())
    ids = [tp.id for tp in journey.touchpoints]
    suggested = Suggestion("emotional", ids.index("retention-call"), ids.index("closure-form"), None,
                           "nobody reassures the customer after the retention call")
    a = dataclasses.replace(base, suggestions=(suggested, Suggestion("silo", 3, 4, None, "a bridge candidate adds it")))
    found = [c for c in candidates(a) if c.kind == "suggestion"]
    assert [c.id for c in found] == ["suggest:emotional:retention-call/closure-form"]
    after = found[0].apply(journey)
    assert [tp.id for tp in after.touchpoints].index("suggested-touchpoint") == ids.index("closure-form")
    assert evaluate(a, found[0]).gain.friction == 0  # a smooth touchpoint never dilutes friction (padding)
