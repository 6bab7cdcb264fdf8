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


def test_one_failing_case_per_finding_named_by_identity_with_the_location_in_the_body():
    run = audit_run(HOSTILE, gates=Gates(fail_on="info"))
    report = run.reports[0]
    root = junit(run)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["tests/fixtures/hostile.yaml", "tpscore gates"]  # from the root
    cases = suites[0].findall("testcase")
    failures = [c for c in cases if outcome(c) == "failure"]
    assert len(failures) == len(report["findings"])
    for case, f in zip(failures, report["findings"]):
        assert case.get("classname") == "tpscore.hostile"
        subject = (f"touchpoint {f['touchpoint']}" if f["touchpoint"] else f"stage {f['stage']}" if f["stage"]
                   else "journey")
        assert case.get("name").split(" #")[0] == f"{f['code']} {f['name']}: {subject}"
        assert str(f["line"]) not in case.get("name")
        failure = case.find("failure")
        assert failure.get("type") == f["severity"]
        assert failure.get("message") == " ".join(f["message"].replace("\a", "").split())
        assert failure.text.startswith(f"tests/fixtures/hostile.yaml:{f['line']}:{f['column']}: {f['code']}")
        assert f["message"].replace("\a", "") in failure.text
    assert len({(c.get("classname"), c.get("name")) for c in cases}) == len(cases)  # GitLab keeps them all
    skipped = [c for c in cases if outcome(c) == "skipped"]
    assert [c.get("name") for c in skipped] == ["TP011 high-friction: touchpoint close"]
    assert skipped[0].find("skipped").get("message").startswith("ignored by `ignore:`")


def names(run) -> list[tuple[str, str]]:
    return [(s.get("name"), c.get("name")) for s in junit(run) for c in s.findall("testcase")]


def test_a_line_inserted_at_the_top_renames_no_test_case(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    journey = tmp_path / "j.yaml"
    journey.write_text(HOSTILE.read_text(encoding="utf-8"), encoding="utf-8")
    before = names(audit_run("j.yaml", gates=Gates(fail_on="info")))
    journey.write_text("# reviewed in the Q3 workshop\n" + HOSTILE.read_text(encoding="utf-8"), encoding="utf-8")
    after_run = audit_run("j.yaml", gates=Gates(fail_on="info"))
    assert names(after_run) == before
    assert len(before) > 5 and after_run.findings()[0]["line"] != audit_run(HOSTILE).findings()[0]["line"] - 99


def test_findings_below_fail_on_are_skipped_with_the_reason(tmp_path):
    run = audit_run(HOSTILE)  # --fail-on error (the default)
    cases = junit(run).find("testsuite").findall("testcase")
    by_severity = {}
    for case, f in zip(cases, run.findings()):
        by_severity.setdefault(f["severity"], set()).add(outcome(case))
    assert by_severity["error"] == {"failure"} and by_severity["warning"] == {"skipped"}
    skipped = next(c for c, f in zip(cases, run.findings()) if f["severity"] == "warning").find("skipped")
    assert skipped.get("message").startswith("warning is below --fail-on error: ")
    never = junit(audit_run(HOSTILE, gates=Gates(fail_on="never")))
    assert all(outcome(c) != "failure" for c in never.iter("testcase"))


def test_cases_with_the_same_name_get_an_ordinal():
    run = audit_run(HOSTILE, gates=Gates(fail_on="info"))
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
    assert [(c.get("name"), outcome(c)) for c in cases] == [("no findings in tests/fixtures/hostile.yaml", None)]
    assert suites[0].get("tests") == "1" and suites[0].get("failures") == "0"


def test_an_invalid_file_is_a_suite_of_errors(tmp_path):
    bad = invalid_file(tmp_path)
    run = audit_run(bad)
    (suite,) = [s for s in junit(run) if s.get("package") == "tpscore.invalid"]
    assert suite.get("name") == str(bad)  # outside the repository: as given
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
