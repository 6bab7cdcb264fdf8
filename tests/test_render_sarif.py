"""SARIF 2.1.0: valid against the official OASIS schema, rules with their docs, results located at the journey
file and line, stable fingerprints, invalid files and ignored findings kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from helpers import HOSTILE, audit_run, example_files, hostile_copy, invalid_file, shared_schema

from tpscore import __version__
from tpscore.gates import Gates
from tpscore.render import sarif
from tpscore.render.formats import render
from tpscore.rules import all_rules


def sarif_of(run) -> dict:
    return json.loads(render("sarif", run))


def results(log: dict) -> list[dict]:
    return log["runs"][0]["results"]


def uri_of(result: dict) -> str:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(shared_schema("sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def assert_valid(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message[:300]}" for e in errors[:10])


def test_hostile_and_several_runs_are_valid_sarif(validator, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runs = [audit_run(HOSTILE), audit_run(HOSTILE, gates=Gates(fail_on="never")),
            audit_run(hostile_copy(tmp_path), *example_files(), invalid_file(tmp_path), gates=Gates(max_friction=5))]
    for run in runs:
        assert_valid(validator, sarif_of(run))


def test_driver_lists_every_rule_with_help_and_level():
    log = sarif_of(audit_run(HOSTILE))
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "tpscore" and driver["version"] == __version__ and driver["informationUri"]
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == [*all_rules(), "invalid-journey"]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor, rule in zip(driver["rules"], all_rules().values()):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert "## Fix" in descriptor["help"]["markdown"] and descriptor["help"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == levels[rule.severity]


def test_results_point_at_the_journey_file_and_line():
    run = audit_run(HOSTILE)
    log = sarif_of(run)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    found = [r for r in results(log) if "suppressions" not in r]
    assert len(found) == len(run.findings())
    for result, finding in zip(found, run.findings()):
        assert result["ruleId"] == finding["code"] == rules[result["ruleIndex"]]["id"]
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding["severity"]]
        assert result["message"]["text"] == finding["message"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (finding["line"], finding["column"])
        assert unquote(urlsplit(uri_of(result)).path) == finding["file"]
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_ignored_findings_are_suppressed_results():
    log = sarif_of(audit_run(HOSTILE))
    suppressed = [r for r in results(log) if "suppressions" in r]
    assert [(r["ruleId"], r["properties"]["touchpoint"]) for r in suppressed] == [("TP011", "close")]
    assert suppressed[0]["suppressions"][0]["kind"] == "inSource"


def test_invalid_files_are_results_of_the_invalid_journey_rule(tmp_path):
    bad = invalid_file(tmp_path)
    log = sarif_of(audit_run(bad))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert results(log)
    for result in results(log):
        assert result["ruleId"] == "invalid-journey" == rules[result["ruleIndex"]]["id"]
        assert result["level"] == "error"
        assert urlsplit(uri_of(result)).scheme == "file" and unquote(urlsplit(uri_of(result)).path) == str(bad)


def test_uris_are_percent_encoded_relative_references(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    relative = hostile_copy(tmp_path)
    for result in results(sarif_of(audit_run(relative))):
        uri = uri_of(result)
        assert not urlsplit(uri).scheme and not uri.startswith("/")
        assert unquote(uri) == relative.as_posix()
        assert all(ch not in uri for ch in " \n|<>`:,") and uri.isascii()
    assert sarif.artifact_uri("journeys/a b#c?.yaml") == "journeys/a%20b%23c%3F.yaml"
    assert sarif.artifact_uri("/tmp/x y.yaml") == "file:///tmp/x%20y.yaml"


def test_fingerprints_are_stable_when_lines_move_and_unique(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(HOSTILE, tmp_path / "j.yaml")
    before = results(sarif_of(audit_run(Path("j.yaml"))))
    text = (tmp_path / "j.yaml").read_text(encoding="utf-8")
    (tmp_path / "j.yaml").write_text("# a comment\n\n" + text, encoding="utf-8")
    after = results(sarif_of(audit_run(Path("j.yaml"))))

    def keyed(items: list[dict]) -> dict:
        return {r["partialFingerprints"]["tpscore/v1"]: (r["ruleId"], r["message"]["text"]) for r in items}

    assert len(keyed(before)) == len(before)  # unique within the run
    assert keyed(before) == keyed(after)
    lines = {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in before}
    assert lines != {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after}


def test_failed_gates_become_tool_notifications():
    log = sarif_of(audit_run(HOSTILE, gates=Gates(max_friction=5)))
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"].split(":")[1].strip() for n in notes] == ["max-friction 5", "fail-on error"]
