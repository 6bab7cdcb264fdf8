"""SARIF 2.1.0: valid against the official OASIS schema, rules with their docs, results located at the journey
file and line, stable fingerprints, invalid files and ignored findings kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from helpers import EXAMPLES, HOSTILE, audit_run, example_files, hostile_copy, invalid_file, shared_schema

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
    assert driver["name"] == "tpscore" and driver["version"] == __version__
    # No repository URL is declared by this checkout: no link to a page that may not exist.
    assert "informationUri" not in driver and not any("helpUri" in rule for rule in driver["rules"])
    assert all(rule["name"] != rule["id"] for rule in driver["rules"])  # SARIF1001
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
        assert unquote(uri_of(result)) == "tests/fixtures/hostile.yaml"  # from the repository root
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"
    root = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root.endswith("/") and Path(unquote(urlsplit(root).path), "tests/fixtures/hostile.yaml").samefile(HOSTILE)


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
    run = audit_run(relative)
    assert sarif.artifact_location(run, "journeys/a b#c?.yaml") == {"uri": "journeys/a%20b%23c%3F.yaml",
                                                                   "uriBaseId": "%SRCROOT%"}
    assert sarif.artifact_location(run, "/elsewhere/x y.yaml") == {"uri": "file:///elsewhere/x%20y.yaml"}


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


# -- what GitHub code scanning needs to place an alert -------------------------------------------------------


def github_ingestion_problems(log: dict) -> list[str]:
    """The checks GitHub code scanning applies beyond the schema (docs: "SARIF support for code scanning"):
    every result names a known rule and a location GitHub can resolve inside the repository (a relative URI
    with a base defined by originalUriBaseIds, never ./ or ..), a start line, a level and fingerprints."""
    problems = []
    (run,) = log["runs"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    bases = run.get("originalUriBaseIds", {})
    for rule in rules.values():
        if not (rule.get("shortDescription", {}).get("text") and rule.get("help", {}).get("text")):
            problems.append(f"rule {rule['id']} lacks a description or help")
        if rule.get("name") == rule["id"]:
            problems.append(f"rule {rule['id']}: name equals id")
    for result in run["results"]:
        if result["ruleId"] not in rules:
            problems.append(f"unknown rule {result['ruleId']}")
        if result["level"] not in ("error", "warning", "note", "none") or not result.get("partialFingerprints"):
            problems.append(f"{result['ruleId']}: level or fingerprints")
        location = result["locations"][0]["physicalLocation"]
        uri, base = location["artifactLocation"]["uri"], location["artifactLocation"].get("uriBaseId")
        if base is None:
            problems.append(f"{uri}: not relative to the repository")
            continue
        if base not in bases or not bases[base]["uri"].endswith("/") or urlsplit(uri).scheme:
            problems.append(f"{uri}: base {base} undefined or the URI is absolute")
        if uri.startswith(("./", "/")) or ".." in uri.split("/"):
            problems.append(f"{uri}: GitHub does not normalise ./, / or ..")
        target = Path(unquote(urlsplit(bases[base]["uri"]).path)) / unquote(uri)
        if not target.is_file():
            problems.append(f"{uri}: no such file under {bases[base]['uri']}")
        if location["region"]["startLine"] < 1:
            problems.append(f"{uri}: start line")
    return problems


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A git repository with journeys/boiler.yaml (the hostile fixture) and an empty docs/ folder."""
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "journeys").mkdir()
    (tmp_path / "docs").mkdir()
    shutil.copy(HOSTILE, tmp_path / "journeys" / "boiler.yaml")
    return tmp_path


@pytest.mark.parametrize("cwd, argument", [(".", "journeys/boiler.yaml"), ("journeys", "boiler.yaml"),
                                           ("journeys", "."), ("docs", "../journeys/boiler.yaml"),
                                           ("journeys", "./boiler.yaml")])
def test_locations_are_relative_to_the_repository_wherever_tpscore_runs(repository, monkeypatch, cwd, argument):
    monkeypatch.chdir(repository / cwd)
    log = sarif_of(audit_run(argument))
    assert github_ingestion_problems(log) == []
    assert {unquote(uri_of(r)) for r in results(log)} == {"journeys/boiler.yaml"}
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repository.resolve().as_uri() + "/"


def test_fingerprints_do_not_depend_on_the_working_directory(repository, monkeypatch):
    monkeypatch.chdir(repository)
    from_root = [r["partialFingerprints"] for r in results(sarif_of(audit_run("journeys/boiler.yaml")))]
    monkeypatch.chdir(repository / "journeys")
    from_folder = [r["partialFingerprints"] for r in results(sarif_of(audit_run("boiler.yaml")))]
    assert from_root == from_folder
    assert all(set(f) == {"tpscore/v1", "primaryLocationLineHash"} for f in from_root)


def test_a_file_outside_the_repository_is_an_absolute_file_uri(repository, tmp_path_factory, monkeypatch):
    outside = tmp_path_factory.mktemp("outside") / "x.yaml"
    shutil.copy(HOSTILE, outside)
    monkeypatch.chdir(repository)
    location = results(sarif_of(audit_run(outside)))[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert "uriBaseId" not in location and location["uri"] == outside.as_uri()


def test_rules_link_to_their_page_when_the_package_declares_its_repository(monkeypatch):
    monkeypatch.setattr(sarif, "project_url", lambda: "https://example.org/acme/tpscore")
    monkeypatch.setattr(sarif, "rule_doc_url", lambda code: f"https://example.org/acme/tpscore/{code}.md")
    driver = sarif_of(audit_run(HOSTILE))["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.org/acme/tpscore"
    assert [r.get("helpUri") for r in driver["rules"][:2]] == [f"https://example.org/acme/tpscore/{c}.md"
                                                               for c in ("TP001", "TP002")]


def test_rule_pages_are_in_the_repository_layout(monkeypatch):
    from tpscore import links

    monkeypatch.setattr(links, "project_url", lambda: "https://github.com/acme/tpscore")
    url = links.rule_doc_url("TP006")
    assert url == "https://github.com/acme/tpscore/blob/main/docs/rules/TP006.md"
    assert (Path(__file__).resolve().parents[1] / "docs" / "rules" / "TP006.md").is_file()


def test_regions_end_where_the_value_ends():
    log = sarif_of(audit_run(EXAMPLES / "auction-absentee-bidder.yaml"))
    regions = {(r["ruleId"], r["properties"]["path"]): r["locations"][0]["physicalLocation"]["region"]
               for r in results(log)}
    # The stage 'win' in `stages: [..., win, ...]`: one word on line 12.
    assert regions[("TP001", "$.journey.stages[4]")] == {"startLine": 12, "startColumn": 50, "endLine": 12,
                                                         "endColumn": 53}
    # A touchpoint: from its first key to the end of its last value, not the start of the next item.
    region = regions[("TP011", "$.touchpoints[9]")]
    lines = (EXAMPLES / "auction-absentee-bidder.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[region["endLine"] - 1][:region["endColumn"] - 1].endswith("volume: 11")
