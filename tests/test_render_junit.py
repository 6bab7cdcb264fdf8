"""JUnit XML: valid against the strict Apache Ant schema Jenkins and GitLab read, counts that add up, the
message repeated in the body (GitLab ignores the attribute), and hostile text that survives as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from helpers import HOSTILE, audit_run, clean_run, example_files, hostile_copy, invalid_file, shared_schema

from tpscore.gates import Gates
from tpscore.render.formats import render

OUTCOMES = ("failure", "error", "skipped")


@pytest.fixture(scope="module")
def schema():
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema is a test extra: pip install '.[test]'")
    return xmlschema.XMLSchema(str(shared_schema("junit.xsd")))


def junit(run) -> ET.Element:
    return ET.fromstring(render("junit", run).encode("utf-8"))


def outcome(case: ET.Element) -> str | None:
    children = [child.tag for child in case]
    assert len(children) <= 1
    return children[0] if children else None


def test_every_kind_of_run_is_valid_against_the_schema(schema, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runs = [audit_run(HOSTILE), clean_run(), audit_run(invalid_file(tmp_path)),
            audit_run(hostile_copy(tmp_path), *example_files(), invalid_file(tmp_path),
                      gates=Gates(fail_under=(("coverage", 90),), max_friction=5))]
    for run in runs:
        schema.validate(render("junit", run))


def test_counts_add_up_in_every_suite(tmp_path):
    root = junit(audit_run(HOSTILE, *example_files(), invalid_file(tmp_path), gates=Gates(max_friction=5)))
    assert root.tag == "testsuites"
    for suite in root:
        cases = suite.findall("testcase")
        outcomes = [outcome(case) for case in cases]
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == outcomes.count("failure")
        assert int(suite.get("errors")) == outcomes.count("error")
        assert int(suite.get("skipped")) == outcomes.count("skipped")


def test_one_failing_case_per_finding_with_the_location_in_the_name_and_the_message_in_the_body():
    run = audit_run(HOSTILE)
    report = run.reports[0]
    root = junit(run)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [report["journey"]["file"], "tpscore gates"]
    cases = suites[0].findall("testcase")
    failures = [c for c in cases if outcome(c) == "failure"]
    assert len(failures) == len(report["findings"])
    for case, f in zip(failures, report["findings"]):
        assert case.get("classname") == "tpscore.hostile"
        assert case.get("name") == f"{f['code']} {f['file']}:{f['line']}:{f['column']} {f['name']}"
        failure = case.find("failure")
        assert failure.get("type") == f["severity"]
        assert failure.get("message") == " ".join(f["message"].replace("\a", "").split())
        assert f["message"].replace("\a", "") in failure.text
    assert len({(c.get("classname"), c.get("name")) for c in cases}) == len(cases)  # GitLab keeps them all
    skipped = [c for c in cases if outcome(c) == "skipped"]
    assert [c.get("name").split()[0] for c in skipped] == ["TP011"]


def test_cases_with_the_same_name_get_an_ordinal():
    run = audit_run(HOSTILE)
    findings = run.reports[0]["findings"]
    findings.append(dict(findings[0]))
    names = [c.get("name") for c in junit(run).find("testsuite").findall("testcase")]
    assert names[len(findings) - 1] == names[0] + " #2"


def test_hostile_text_survives_and_control_characters_are_dropped():
    text = render("junit", audit_run(HOSTILE))
    assert "\a" not in text and "<script>" not in text and "]]>" not in text
    bodies = "".join(element.text or "" for element in junit(audit_run(HOSTILE)).iter("failure"))
    assert "<script>alert(1)</script>\n::error file=x::forged `tick`" in bodies
    assert '"second | note"' in bodies  # \a dropped


def test_a_journey_without_findings_has_one_passing_case():
    run = clean_run()
    suites = junit(run).findall("testsuite")
    assert len(suites) == 1  # no gates asked for: no gates suite
    cases = suites[0].findall("testcase")
    assert [(c.get("name"), outcome(c)) for c in cases] == [(f"no findings in {HOSTILE}", None)]
    assert suites[0].get("tests") == "1" and suites[0].get("failures") == "0"


def test_an_invalid_file_is_a_suite_of_errors(tmp_path):
    bad = invalid_file(tmp_path)
    run = audit_run(bad)
    (suite,) = [s for s in junit(run) if s.get("package") == "tpscore.invalid"]
    assert suite.get("name") == str(bad)
    problems = run.invalid[0]["problems"]
    assert int(suite.get("errors")) == len(problems) >= 1
    for case, problem in zip(suite.findall("testcase"), problems):
        assert outcome(case) == "error"
        assert case.find("error").get("type") == "invalid-journey"
        assert problem["message"] in case.find("error").text


def test_gates_form_the_last_suite():
    suite = junit(audit_run(HOSTILE, gates=Gates(max_friction=99, fail_on="error")))[-1]
    assert suite.get("name") == "tpscore gates"
    cases = [(c.get("name"), outcome(c)) for c in suite.findall("testcase")]
    assert cases == [("max-friction 99", None), ("fail-on error", "failure")]
