"""``tpscore audit`` with several --format/--output pairs, formats from extensions, atomic writes; every
registered format renders every kind of run deterministically.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import FORGED, HOSTILE, audit_run, clean_run, example_files, hostile_copy, invalid_file
from typer.testing import CliRunner

from tpscore.auditrun import AuditRun
from tpscore.cli import app
from tpscore.gates import Gates
from tpscore.render.formats import AUDIT, render

runner = CliRunner()


def several_runs(tmp_path: Path) -> dict[str, AuditRun]:
    """Runs of every shape a renderer meets: hostile, several with invalid and failed gates, clean, empty."""
    return {
        "hostile": audit_run(HOSTILE),
        "several": audit_run(HOSTILE, *example_files(), invalid_file(tmp_path),
                             gates=Gates(fail_under=(("coverage", 99.0),), max_friction=1.0, fail_on="info")),
        "clean": clean_run(),
        "empty": AuditRun(),
    }


# -- the registry ------------------------------------------------------------------------------------------


def test_every_format_is_registered_with_help():
    assert {"markdown", "html", "sarif", "junit", "github"} <= set(AUDIT)
    assert all(AUDIT[name].help for name in AUDIT)


@pytest.mark.parametrize("fmt", sorted(set(AUDIT) - {"rich"}))
def test_every_format_renders_every_run_deterministically(fmt, tmp_path):
    for name, run in several_runs(tmp_path).items():
        first = render(fmt, run)
        assert first.endswith("\n") or (first == "" and fmt == "github"), name
        assert render(fmt, run) == first, f"{fmt} is not deterministic for the {name} run"
        assert "\a" not in first or fmt == "json", f"{fmt} lets a control character through ({name})"


# -- the command line --------------------------------------------------------------------------------------


@pytest.fixture
def audit(tmp_path, monkeypatch):
    """``tpscore audit ARGS`` run in ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    return lambda *args: runner.invoke(app, ["audit", *args])


def test_pairs_of_format_and_output_and_one_to_stdout(audit, tmp_path):
    result = audit(str(HOSTILE), "-f", "sarif", "-o", "out.sarif", "-f", "junit", "-o", "out.xml", "-f", "json")
    assert result.exit_code == 1, result.output  # error findings fail the default --fail-on error gate
    assert json.loads(result.stdout)["journey"]["id"] == "hostile"
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    suites = ET.parse(tmp_path / "out.xml").getroot()
    assert suites.tag == "testsuites" and suites[0].get("package") == "tpscore.hostile"
    assert "gate failed: fail-on error" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.sarif", "out.xml"]


def test_format_comes_from_the_extension(audit, tmp_path):
    names = ["r.md", "r.html", "r.sarif", "r.xml", "r.json", "r.txt"]
    args = [arg for name in names for arg in ("-o", name)]
    result = audit(str(HOSTILE), "--fail-on", "never", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # every format went to a file
    text = {name: (tmp_path / name).read_text(encoding="utf-8") for name in names}
    assert text["r.md"].startswith("## ") and "| about | severity | code | what | where |" in text["r.md"]
    assert text["r.html"].startswith("<!DOCTYPE html>")
    assert json.loads(text["r.sarif"])["version"] == "2.1.0"
    assert ET.fromstring(text["r.xml"].encode("utf-8")).tag == "testsuites"
    assert json.loads(text["r.json"])["format"] == "tpscore-report"
    assert "location" in text["r.txt"] and "TP009" in text["r.txt"]


def test_unknown_format_exits_2(audit, tmp_path):
    result = audit(str(HOSTILE), "-f", "pdf")
    assert result.exit_code == 2
    assert "pdf" in result.output


def test_output_with_unknown_extension_and_no_format_exits_2(audit, tmp_path):
    result = audit(str(HOSTILE), "-o", "report.bin")
    assert result.exit_code == 2
    assert "report.bin" in result.stderr and "--format" in result.stderr
    assert not (tmp_path / "report.bin").exists()


def test_output_into_a_missing_folder_exits_2_with_a_message(audit, tmp_path):
    result = audit(str(HOSTILE), "-f", "sarif", "-o", "missing/out.sarif")
    assert result.exit_code == 2
    assert "cannot write missing/out.sarif" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_replaces_the_file_and_leaves_no_temporary_files(audit, tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    for _ in range(2):
        result = audit(str(HOSTILE), "--fail-on", "never", "-f", "html", "-o", "report.html", "-f", "markdown",
                        "-o", "report.md")
        assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.md"]  # no .report.*.tmp


def test_a_hostile_path_reaches_every_file_format(audit, tmp_path):
    relative = hostile_copy(tmp_path)
    # Formats pair with outputs by position; the one left over (github) goes to stdout.
    result = audit(str(relative), "--fail-on", "never", "-f", "markdown", "-f", "html", "-f", "sarif", "-f", "junit",
                   "-f", "github", "-o", "a.md", "-o", "a.html", "-o", "a.sarif", "-o", "a.xml")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(FORGED) for line in lines)
    assert sum(line.startswith("::") for line in lines) == len(audit_run(HOSTILE).findings())
    sarif = json.loads((tmp_path / "a.sarif").read_text(encoding="utf-8"))
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert "\n" not in uri and " " not in uri and "|" not in uri and uri.endswith(".yaml")
    names = [s.get("name") for s in ET.parse(tmp_path / "a.xml").getroot()]
    assert names == [" ".join(str(relative).split())]


def test_github_actions_default_fences_the_report_then_adds_annotations(tmp_path, monkeypatch):
    journey = Path(__file__).resolve().parents[1] / "examples" / "bank-account-closure.yaml"
    runner = CliRunner()
    plain = runner.invoke(app, ["audit", str(journey)], env={"NO_COLOR": "1", "GITHUB_ACTIONS": ""})
    in_actions = runner.invoke(app, ["audit", str(journey)], env={"NO_COLOR": "1", "GITHUB_ACTIONS": "true"})
    assert not any(line.startswith("::") for line in plain.stdout.splitlines())
    lines = in_actions.stdout.splitlines()
    token = lines[0].removeprefix("::stop-commands::")
    assert lines[0].startswith("::stop-commands::") and len(token) == 32 and token.isalnum()
    end = lines.index(f"::{token}::")
    assert lines[1:end] == plain.stdout.rstrip("\n").splitlines()  # the whole human report is inside the fence
    annotations = lines[end + 1:]
    assert annotations and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in annotations)
    explicit = runner.invoke(app, ["audit", str(journey), "-f", "table"], env={"GITHUB_ACTIONS": "true"})
    fenced = explicit.stdout.splitlines()
    assert fenced[0].startswith("::stop-commands::") and fenced[-1] == f"::{fenced[0].split('::')[2]}::"
    assert not any(line.startswith("::") for line in fenced[1:-1])
    again = runner.invoke(app, ["audit", str(journey), "-f", "table"], env={"GITHUB_ACTIONS": "true"})
    assert again.stdout.splitlines()[0] != fenced[0]  # a fresh token each run: a journey cannot guess it


def test_audit_dot_names_files_without_a_dot_slash_in_every_format(audit, tmp_path):
    shutil.copy(HOSTILE, tmp_path / "j.yaml")
    result = audit(".", "--fail-on", "never", "-f", "json", "-o", "r.json", "-f", "markdown", "-o", "r.md",
                   "-f", "github")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["journey"]["file"] == "j.yaml"
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "j.yaml:" in markdown and "./j.yaml" not in markdown
    assert all(",".join(line.split(",")[:1]) == "::" + line[2:].split(" ")[0] + " file=j.yaml"
               for line in result.stdout.splitlines())
