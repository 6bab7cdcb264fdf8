"""`tpscore audit` and `tpscore explain` through the CLI: exit codes, gates, formats, colour, golden snapshots.

Golden files live in tests/golden/; after an intended change of the output rewrite them with
``TPSCORE_UPDATE_GOLDEN=1 python -m pytest tests/test_audit_cli.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from helpers import EXAMPLES, LINE, shop
from jsonschema import Draft202012Validator

TESTS = Path(__file__).parent
REPORT_SCHEMA = json.loads((TESTS.parent / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
ANSI = re.compile(r"\x1b\[")
LAST_FRICTION = "frictions: [{kind: paperwork, severity: 3}]"  # TP006, an error
FIRST_FRICTION = "frictions: [{kind: wait, severity: 3}]"      # TP007, a warning


@pytest.fixture
def cli(tpscore, monkeypatch):
    """conftest's ``tpscore`` (in tmp_path, no profile above it) with NO_COLOR set."""
    monkeypatch.setenv("NO_COLOR", "1")
    return tpscore


@pytest.fixture
def journey(tmp_path):
    """``journey(text, name="journey.yaml")`` writes a journey into tmp_path and returns its name."""

    def write(text: str, name: str = "journey.yaml") -> str:
        (tmp_path / name).write_text(text, encoding="utf-8")
        return name

    return write


def gate_lines(result) -> list[str]:
    """Each failed gate named in the output, its wrapped continuation lines joined back (they are indented)."""
    lines: list[str] = []
    for line in (result.stdout + result.stderr).splitlines():
        if "gate failed" in line:
            lines.append(line.removeprefix("tpscore: ").strip())
        elif lines and line.startswith("   ") and not line.strip().startswith("tpscore"):
            lines[-1] += " " + line.strip()
    return lines


# -- exit codes and gates --------------------------------------------------------------------------

def test_clean_journey_exits_0(cli, journey):
    result = cli("audit", journey(shop()))
    assert result.exit_code == 0, result.stdout
    assert "Healthy" in result.stdout and "(no findings)" in result.stdout
    assert gate_lines(result) == []


def test_error_finding_exits_1_by_default(cli, journey):
    result = cli("audit", "-f", "table", journey(shop(refund=LAST_FRICTION)))
    assert result.exit_code == 1
    assert f"journey.yaml:{LINE['refund']}:5" in result.stdout and "TP006" in result.stdout
    assert any("fail-on error" in line for line in gate_lines(result))


@pytest.mark.parametrize("fail_on, code", [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_a_warning(cli, journey, fail_on, code):
    assert cli("audit", "--fail-on", fail_on, journey(shop(ad=FIRST_FRICTION))).exit_code == code


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on_an_error(cli, journey, fail_on, code):
    assert cli("audit", "--fail-on", fail_on, journey(shop(refund=LAST_FRICTION))).exit_code == code


def test_fail_on_info_counts_info_findings(cli, journey, tmp_path):
    (tmp_path / ".tpscore.yaml").write_text("rules: {severity: {TP007: info}}\n", encoding="utf-8")
    name = journey(shop(ad=FIRST_FRICTION))
    assert cli("audit", "--fail-on", "warning", name).exit_code == 0
    assert cli("audit", "--fail-on", "info", name).exit_code == 1


def test_fail_on_unknown_severity_is_a_usage_error(cli, journey):
    result = cli("audit", "--fail-on", "fatal", journey(shop()))
    assert result.exit_code == 2 and "--fail-on must be one of" in result.stderr


@pytest.mark.parametrize("gate", ["coverage=101", "coverage=-1", "friction=50", "coverage", "coverage=high"])
def test_bad_fail_under_is_a_usage_error(cli, journey, gate):
    result = cli("audit", "--fail-under", gate, journey(shop()))
    assert result.exit_code == 2 and "--fail-under" in result.stderr


def test_fail_under_coverage_100_fails_and_names_the_gate(cli, journey):
    name = journey(shop(drop=["refund"]))  # only a warning (TP003), coverage 90
    assert cli("audit", name).exit_code == 0
    result = cli("audit", "-f", "table", "--fail-under", "coverage=100", name)
    assert result.exit_code == 1
    assert gate_lines(result) == ["gate failed: fail-under coverage=100: 1 journey: journey.yaml: coverage 90 < 100"]


def test_fail_under_passes_at_the_threshold(cli, journey):
    assert cli("audit", "--fail-under", "coverage=100", "--fail-under", "experience=50", journey(shop())).exit_code == 0


def test_gate_is_named_on_stderr_for_machine_output(cli, journey):
    result = cli("audit", "-f", "json", "--fail-under", "coverage=100", journey(shop(drop=["refund"])))
    assert result.exit_code == 1
    assert "gate failed: fail-under coverage=100" in result.stderr
    assert json.loads(result.stdout)["gates"][0] == {
        "gate": "fail-under coverage=100", "passed": False, "detail": "1 journey: journey.yaml: coverage 90 < 100"}


def test_max_friction(cli, journey):
    assert cli("audit", "--max-friction", "0", journey(shop())).exit_code == 0  # friction 0 is not above 0
    result = cli("audit", "--fail-on", "never", "--max-friction", "0", journey(shop(ad=FIRST_FRICTION)))
    assert result.exit_code == 1
    assert any("max-friction 0" in line for line in gate_lines(result))


def test_max_friction_out_of_range_is_a_usage_error(cli, journey):
    assert cli("audit", "--max-friction", "101", journey(shop())).exit_code == 2


def test_invalid_journey_exits_1_with_the_problem_line(cli, journey):
    name = journey(shop().replace("stage: buy", "stage: bye"))
    result = cli("audit", "-f", "table", name)
    assert result.exit_code == 1
    assert f"journey.yaml:{LINE['checkout']}:43: unknown stage 'bye'" in result.stdout
    assert "did you mean 'buy'?" in result.stdout


def test_missing_file_exits_2(cli):
    result = cli("audit", "nowhere.yaml")
    assert result.exit_code == 2 and "nowhere.yaml: no such file" in result.stderr


def test_invalid_profile_exits_2_with_its_location(cli, journey, tmp_path):
    (tmp_path / ".tpscore.yaml").write_text("moment: {last: 3}\n", encoding="utf-8")
    result = cli("audit", journey(shop()))
    assert result.exit_code == 2
    assert ".tpscore.yaml:1:1: unknown key 'moment'" in result.stderr and "did you mean 'moments'?" in result.stderr


def test_config_option_chooses_the_profile(cli, journey, tmp_path):
    (tmp_path / "lenient.yaml").write_text("thresholds: {last: 60}\n", encoding="utf-8")
    name = journey(shop(refund=LAST_FRICTION))
    assert cli("audit", name).exit_code == 1
    assert cli("audit", "--config", "lenient.yaml", name).exit_code == 0


def test_missing_config_file_is_a_plain_usage_error(cli, journey):
    result = cli("audit", "--config", "missing.yaml", journey(shop()))
    assert result.exit_code == 2
    assert result.stderr == "tpscore: error: missing.yaml: no such file\n"


def test_statistics_counts_findings_per_rule(cli, journey):
    text = shop(refund=LAST_FRICTION, survey=LAST_FRICTION, ad=FIRST_FRICTION)
    result = cli("audit", "-f", "table", "--statistics", journey(text))
    tail = result.stdout.splitlines()[-2:]
    assert [line.split() for line in tail] == [["2", "TP006", "last-touch-friction", "[error]"],
                                               ["1", "TP007", "first-touch-friction", "[warning]"]]


def test_statistics_without_findings(cli, journey):
    assert cli("audit", "-f", "table", "--statistics", journey(shop())).stdout.splitlines()[-1] == "no findings"


@pytest.mark.parametrize("options, expected", [
    ([], {"TP006", "TP007"}),
    (["--select", "TP006"], {"TP006"}),
    (["--select", "tp007"], {"TP007"}),
    (["--ignore", "TP006"], {"TP007"}),
    (["--select", "TP00", "--ignore", "TP007"], {"TP006"}),
])
def test_select_and_ignore(cli, journey, options, expected):
    result = cli("audit", "-f", "json", "--fail-on", "never", *options,
                 journey(shop(refund=LAST_FRICTION, ad=FIRST_FRICTION)))
    assert {f["code"] for f in json.loads(result.stdout)["findings"]} == expected


def test_cli_ignore_adds_to_the_profile_ignore(cli, journey, tmp_path):
    (tmp_path / ".tpscore.yaml").write_text("rules: {ignore: [TP006]}\n", encoding="utf-8")
    result = cli("audit", "-f", "json", "--ignore", "TP007", journey(shop(refund=LAST_FRICTION, ad=FIRST_FRICTION)))
    assert json.loads(result.stdout)["findings"] == [] and result.exit_code == 0


# -- output formats ---------------------------------------------------------------------------------

def test_no_color_output_has_no_ansi_codes(cli, journey):
    name = journey(shop(refund=LAST_FRICTION))
    plain = cli("audit", name)
    assert plain.stdout and not ANSI.search(plain.stdout + plain.stderr)
    forced = cli("audit", name, env={"NO_COLOR": "", "FORCE_COLOR": "1"})  # the check above can fail
    assert ANSI.search(forced.stdout)


def test_rich_report_parts(cli, journey):
    out = cli("audit", journey(shop(refund=LAST_FRICTION))).stdout
    for part in ("Shop", "Friction", "Coverage", "Experience", "Stages", "Emotion curve",
                 "Costliest touchpoints", "Coverage checks", "1 error\n", "TP006", "Fails:",
                 "Shop fails: customers are likely to"):
        assert part in out, part


def test_table_format(cli, journey):
    out = cli("audit", "-f", "table", journey(shop(refund=LAST_FRICTION))).stdout
    assert not ANSI.search(out) and "╭" not in out
    assert out.splitlines()[0] == "Shop (shop) — journey.yaml"
    assert re.search(r"^\s*friction \(% of customers hurt\)\s+coverage\s+experience$", out, flags=re.MULTILINE)
    assert re.search(r"^refund\s+use\s+L\s+52\.8\s+2\s+3\.7$", out, flags=re.MULTILINE)
    # The message wraps in its column, under its code; the location follows on a line of its own.
    assert re.search(rf"^TP006\s+error\s+last touchpoint 'refund' has friction 53 [^\n]*\n(\s+[^\n]*\n)*?"
                     rf"\s+journey.yaml:{LINE['refund']}:5$", out, flags=re.MULTILINE)
    assert all(len(line) <= 80 for line in out.splitlines())


def test_json_output_validates_against_the_report_schema(cli, journey):
    result = cli("audit", "-f", "json", journey(shop(refund=LAST_FRICTION, ad=FIRST_FRICTION + ", ignore: [TP007]")))
    data = json.loads(result.stdout)
    Draft202012Validator(REPORT_SCHEMA).validate(data)
    assert data["format"] == "tpscore-report" and data["summary"]["ignored"] == 1


def test_json_for_several_files_validates_too(cli, journey):
    names = [journey(shop(), "a.yaml"), journey(shop(refund=LAST_FRICTION), "b.yaml"),
             journey("version: 2\n", "c.yaml")]
    data = json.loads(cli("audit", "-f", "json", *names).stdout)
    Draft202012Validator(REPORT_SCHEMA).validate(data)
    assert data["totals"] == {"journeys": 2, "invalid": 1, "errors": 1, "warnings": 0, "infos": 0, "ignored": 0}


def test_json_output_is_byte_identical_across_runs(cli, journey):
    name = journey(shop(refund=LAST_FRICTION))
    assert cli("audit", "-f", "json", name).stdout == cli("audit", "-f", "json", name).stdout


# -- golden snapshots -------------------------------------------------------------------------------

def normalised(text: str, folder: Path) -> str:
    from tpscore import __version__

    text = text.replace(str(folder) + os.sep, "")
    return text.replace(f'"tpscore_version": "{__version__}"', '"tpscore_version": "<version>"')


@pytest.mark.parametrize("fmt, golden", [("table", "audit-table.txt"), ("json", "audit.json")])
def test_golden_report(cli, tmp_path, fmt, golden):
    shutil.copy(TESTS / "fixtures" / "golden-journey.yaml", tmp_path)
    result = cli("audit", "-f", fmt, "golden-journey.yaml")
    assert result.exit_code == 1  # the golden journey has error findings
    actual = normalised(result.stdout, tmp_path)
    path = TESTS / "golden" / golden
    if os.environ.get("TPSCORE_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing {path}: run with TPSCORE_UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8")


# -- explain ----------------------------------------------------------------------------------------

def test_explain_shows_every_number(cli, journey):
    name = journey(shop(refund=LAST_FRICTION))
    result = cli("explain", name)
    assert result.exit_code == 0
    out = result.stdout
    report = json.loads(cli("audit", "-f", "json", name).stdout)
    assert "Profile: built-in defaults" in out
    for heading in ("1. Touchpoints", "2. Routes", "3. Journey friction", "4. Coverage",
                    "5. Remembered experience", "6. Evidence", "7. Missing touchpoints"):
        assert heading in out
    assert "frictions  paperwork 3 = 3  → 10 × 3 = 30 points" in out
    assert "design     100 × (1 − e^(−30 / 40)) = 52.8" in out
    unwrapped = re.sub(r"\n {13}", " ", out)  # lines wrap at 80 columns under their label
    assert "friction   52.8 (painful); chance of a bad outcome 1 − (1 − 0.5 × 0.528^3)^1 = 0.073" in unwrapped
    assert "fix-first weight last ×2 (derived: a customer's route ends here)" in unwrapped
    assert "→ refund (unhappy): customers unknown, share 0.500" in out
    for score in ("friction", "coverage", "experience"):
        assert f"= {report['scores'][score]:.1f}\n" in out, score


@pytest.mark.parametrize("example", ["home-services-2026-Q3.yaml", "saas-onboarding-renewal.yaml"])
def test_explain_route_experience_adds_up_when_its_customers_met_different_peaks(cli, example):
    # Customers who reach one ending by different branches remember different peaks; explain lists each
    # group and the route's experience is their customer-weighted mean, to the digit shown.
    out = re.sub(r"\n {8,}(?![ \d])", " ", cli("explain", str(EXAMPLES / example)).stdout)
    sums = re.findall(r"experience = ((?:[\d.]+ × [\d.]+(?: \+ )?)+) = ([\d.]+)", out)
    assert sums, out
    for terms, total in sums:
        parts = [tuple(map(float, term.split(" × "))) for term in terms.split(" + ")]
        assert len(parts) > 1 and abs(sum(share for share, _ in parts) - 1) < 0.002
        assert abs(sum(share * memory for share, memory in parts) - float(total)) < 0.1


def test_explain_one_touchpoint(cli, journey):
    result = cli("explain", journey(shop(refund=LAST_FRICTION)), "--touchpoint", "refund")
    assert result.exit_code == 0
    assert "refund: Refund  (stage use, unhappy path, owner support)" in result.stdout
    assert "checkout:" not in result.stdout and "2. Journey friction" not in result.stdout


def test_explain_unknown_touchpoint_exits_2_with_did_you_mean(cli, journey):
    result = cli("explain", journey(shop()), "-t", "refnd")
    assert result.exit_code == 2 and "did you mean 'refund'?" in result.stderr


def test_explain_invalid_journey_exits_1(cli, journey):
    result = cli("explain", journey(shop().replace("stage: buy", "stage: bye")))
    assert result.exit_code == 1 and "unknown stage 'bye'" in result.stdout


def test_explain_missing_file_exits_2(cli):
    assert cli("explain", "nowhere.yaml").exit_code == 2
