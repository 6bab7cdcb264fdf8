"""The profile schema's rule keys (``rules.severity`` and each rule's ``OPTIONS``) come from the rule
registry: the committed schema is what the generator writes, and a new rule's keys appear without a
hand edit."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from helpers import dump, journey, report_of
from strategies import audit_text

from tpscore import rules as registry
from tpscore.diff import diff_reports
from tpscore.profile import ProfileError, default_profile, load_profile_file, schema_defaults
from tpscore.profile_schema import refreshed
from tpscore.schemas import schema_path


def test_the_committed_config_schema_is_fresh():
    text = schema_path("config").read_text(encoding="utf-8")
    assert refreshed(text) == text, "schemas/config.schema.json is stale: run `python -m tpscore.docgen docs`"


def test_profile_defaults_are_the_rules_declared_defaults():
    for rule in registry.all_rules().values():
        for key, spec in rule.options.items():
            section, name = key.split(".")
            assert schema_defaults()[section][name] == spec["default"], (rule.code, key)


def test_every_rule_severity_can_be_overridden(tmp_path):
    codes = list(registry.all_rules())
    config = tmp_path / ".tpscore.yaml"
    config.write_text("rules:\n  severity: {" + ", ".join(f"{c}: info" for c in codes) + "}\n", encoding="utf-8")
    assert dict(load_profile_file(str(config)).severity) == dict.fromkeys(codes, "info")


@pytest.fixture
def extra_rule(monkeypatch):
    """A throwaway rule TP099 with its own threshold, added to the registry for one test."""
    template = registry.all_rules()["TP011"]
    rule = replace(template, code="TP099", name="throwaway", options={"thresholds.throwaway": {
        "type": "number", "minimum": 0, "maximum": 100, "default": 7, "description": "a test threshold."}})
    monkeypatch.setattr(registry, "_REGISTRY", {**registry.all_rules(), "TP099": rule})
    return rule


def test_a_new_rule_gets_its_schema_keys_from_the_generator(extra_rule):
    schema = json.loads(refreshed(schema_path("config").read_text(encoding="utf-8")))
    assert schema["properties"]["rules"]["properties"]["severity"]["properties"]["TP099"] == {
        "$ref": "#/$defs/severity"}
    assert schema["properties"]["thresholds"]["properties"]["throwaway"] == {
        "type": "number", "minimum": 0, "maximum": 100, "default": 7, "description": "TP099: a test threshold."}


def test_without_the_generator_an_unknown_rule_key_is_refused(tmp_path):
    config = tmp_path / ".tpscore.yaml"
    config.write_text("rules:\n  severity: {TP000: error}\n", encoding="utf-8")  # codes start at TP001
    with pytest.raises(ProfileError, match="TP000"):
        load_profile_file(str(config))


@pytest.mark.parametrize("name", ["config", "report", "diff"])
def test_every_schema_lists_the_one_set_of_severities(name):
    text = schema_path(name).read_text(encoding="utf-8")
    enums = [node["enum"] for node in _nodes(json.loads(text)) if "enum" in node and "info" in node["enum"]]
    assert enums and all(enum == list(registry.SEVERITIES) for enum in enums)


def _nodes(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


#: Config keys that say where the profile comes from rather than how to score: reports need not carry them.
# extends and overrides are resolved into the settings; the files they name are reported in "sources".
NOT_SETTINGS = {"$schema", "extends", "overrides"}


def test_the_reported_profile_holds_every_setting_of_the_config_schema():
    schema = json.loads(schema_path("config").read_text(encoding="utf-8"))["properties"]
    reported = default_profile().to_dict()
    assert set(reported) - {"source", "sources"} == set(schema) - NOT_SETTINGS, \
        "Profile.to_dict must report every setting of schemas/config.schema.json (or list the key in NOT_SETTINGS)"
    for section, spec in schema.items():
        if section not in NOT_SETTINGS and spec.get("type") == "object":
            assert set(reported[section]) == set(spec["properties"]), section


def test_a_setting_that_changes_scores_changes_the_reported_profile_and_the_diff():
    doc = journey(tp_ad={"metrics": {"csat": 1.0}})
    doc["touchpoints"][0].pop("emotion")
    before = report_of(doc)
    after = audit_text(dump(doc), {"evidence": {"metric_weight": 0}}).to_dict()
    assert after["scores"] != before["scores"]
    assert after["profile"]["evidence"]["metric_weight"] == 0
    assert diff_reports(before, after)["profile_changed"] is True
    older = dict(before, profile={k: v for k, v in before["profile"].items() if k not in ("metrics", "rules")})
    assert diff_reports(older, before)["profile_changed"] is False  # a report from before these keys
