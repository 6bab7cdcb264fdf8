"""Rule documentation: four sections per rule, a valid YAML example that really triggers the rule,
unique sequential codes, and the `tpscore rules` / `tpscore rule` commands."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from strategies import audit_text
from typer.testing import CliRunner

from tpscore.cli import app
from tpscore.rules import all_rules, find_rule

RULES = list(all_rules().values())
SECTIONS = ["What it finds", "Why it matters", "Example", "Fix"]
runner = CliRunner()


def example_of(rule) -> object:
    block = re.fullmatch(r"```yaml\n(.*?)```", rule.sections()["Example"], flags=re.DOTALL)
    assert block, f"{rule.code}: the Example section is not one ```yaml block"
    return yaml.safe_load(block.group(1))


def journey_from_example(example) -> dict:
    """Complete an example fragment (touchpoint items, or `journey:`/`touchpoints:`/`feedback:` parts)
    into a journey document: stages from what it names, one `start` touchpoint when it has none."""
    parts = {"touchpoints": example} if isinstance(example, list) else dict(example)
    touchpoints = parts.get("touchpoints") or [{"id": "start", "name": "Start", "stage": "start"}]
    feedback = parts.get("feedback", [])
    named = [tp["stage"] for tp in touchpoints] + [item["stage"] for item in feedback if "stage" in item]
    declared = parts.get("journey", {}).get("stages", [])
    stages = [s for s in dict.fromkeys(named) if s not in declared] + declared
    doc = {"version": 1, "journey": {"id": "example", "name": "Example", "stages": stages},
           "touchpoints": touchpoints}
    if feedback:
        doc["feedback"] = feedback
    return doc


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_doc_has_the_four_sections_in_order(rule):
    sections = rule.sections()
    assert list(sections) == SECTIONS
    assert all(body.strip() for body in sections.values())
    assert rule.doc.splitlines()[0].strip(), "the first line is the rule's title"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_example_is_valid_yaml(rule):
    assert isinstance(example_of(rule), (list, dict))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_example_triggers_the_rule(rule):
    report = audit_text(yaml.safe_dump(journey_from_example(example_of(rule))))
    assert rule.code in {f.code for f in report.findings}


def test_codes_are_unique_and_sequential():
    assert [r.code for r in RULES] == [f"TP{n:03d}" for n in range(1, len(RULES) + 1)]
    assert len(RULES) >= 11


def test_names_are_unique_slugs_and_severities_known():
    names = [r.name for r in RULES]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in names)
    assert {r.severity for r in RULES} <= {"error", "warning", "info"}


@pytest.mark.parametrize("query", ["TP006", "tp006", " TP006 ", "last-touch-friction"])
def test_find_rule_by_code_or_name(query):
    assert find_rule(query).code == "TP006"


# -- commands -------------------------------------------------------------------------------------

def test_rules_command_lists_every_rule():
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    # One entry per rule; a summary too long for 80 columns wraps under itself.
    entries = re.split(r"\n(?=TP\d{3} )", result.stdout.rstrip("\n"))
    assert len(entries) == len(RULES)
    for entry, rule in zip(entries, RULES):
        assert entry.split()[:3] == [rule.code, rule.name, rule.severity]
        assert " ".join(entry.split()[3:]) == rule.summary
        assert all(len(line) <= 80 for line in entry.splitlines())


def test_rules_command_json():
    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary} for r in RULES]


def test_rules_command_unknown_format_is_a_usage_error():
    result = runner.invoke(app, ["rules", "--format", "xml"])
    assert result.exit_code == 2 and "text or json" in result.stderr


@pytest.mark.parametrize("query", ["TP006", "last-touch-friction"])
def test_rule_command_prints_the_doc(query, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    result = runner.invoke(app, ["rule", query])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("# TP006 last-touch-friction: Friction at the last touchpoint")
    assert "Default severity: **error**" in out and "ignore: [TP006]" in out
    for section in SECTIONS:
        assert f"## {section}" in out
    assert "frictions: [{kind: paperwork, severity: 4}]" in out


@pytest.mark.parametrize("query, hint", [("TP066", "did you mean 'TP006'?"),
                                         ("last-touch-frictoin", "did you mean 'last-touch-friction'?")])
def test_unknown_rule_exits_2_with_did_you_mean(query, hint):
    result = runner.invoke(app, ["rule", query])
    assert result.exit_code == 2
    assert hint in result.stderr and "tpscore rules" in result.stderr
    assert result.stdout == ""


def test_unknown_rule_far_from_any_has_no_hint():
    result = runner.invoke(app, ["rule", "nothing-like-it"])
    assert result.exit_code == 2 and "did you mean" not in result.stderr
