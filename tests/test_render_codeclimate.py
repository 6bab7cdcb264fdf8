"""GitLab Code Quality (-f codeclimate): the fields GitLab documents, repository paths, and fingerprints that
stay the same when lines move, so GitLab shows only truly new and resolved findings in a merge request."""

from __future__ import annotations

import json
import shutil

from helpers import HOSTILE, audit_run, invalid_file

from tpscore.render.formats import render

SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def issues_of(run) -> list[dict]:
    return json.loads(render("codeclimate", run))


def gitlab_problems(issues: list[dict]) -> list[str]:
    """GitLab's documented requirements for a Code Quality report: a JSON array of objects with a
    description, check_name, fingerprint (unique in the report), severity from its scale, and location.path
    (relative, inside the repository) with location.lines.begin."""
    problems = []
    if not isinstance(issues, list):
        return ["not an array"]
    fingerprints = [issue.get("fingerprint") for issue in issues]
    if len(set(fingerprints)) != len(fingerprints):
        problems.append("fingerprints repeat: GitLab would show only one of each")
    for issue in issues:
        for key in ("description", "check_name", "fingerprint"):
            if not isinstance(issue.get(key), str) or not issue[key]:
                problems.append(f"{key} missing")
        if issue.get("severity") not in SEVERITIES:
            problems.append(f"severity {issue.get('severity')!r}")
        path = issue.get("location", {}).get("path", "")
        if not path or path.startswith(("/", "./")) or ".." in path.split("/"):
            problems.append(f"path {path!r} is not relative to the repository")
        begin = issue.get("location", {}).get("lines", {}).get("begin")
        if not isinstance(begin, int) or begin < 1:
            problems.append(f"lines.begin {begin!r}")
    return problems


def test_every_finding_is_an_issue_gitlab_accepts():
    run = audit_run(HOSTILE)
    issues = issues_of(run)
    assert gitlab_problems(issues) == []
    assert len(issues) == len(run.findings())  # the one silenced by `ignore:` is left out
    first, finding = issues[0], run.findings()[0]
    assert first["check_name"] == f"{finding['code']} {finding['name']}"
    assert first["description"] == finding["message"]
    assert first["location"] == {"path": "tests/fixtures/hostile.yaml", "lines": {"begin": finding["line"]}}
    assert {"major", "minor"} <= {i["severity"] for i in issues} <= {"major", "minor", "info"}


def test_invalid_files_are_critical_issues(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = invalid_file(tmp_path)
    issues = issues_of(audit_run(bad.name))
    assert issues and gitlab_problems(issues) == []
    assert {i["severity"] for i in issues} == {"critical"} and issues[0]["location"]["path"] == bad.name


def test_fingerprints_survive_lines_moving(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(HOSTILE, tmp_path / "j.yaml")
    before = {i["fingerprint"]: i["check_name"] for i in issues_of(audit_run("j.yaml"))}
    (tmp_path / "j.yaml").write_text("# moved\n\n" + HOSTILE.read_text(encoding="utf-8"), encoding="utf-8")
    after = issues_of(audit_run("j.yaml"))
    assert {i["fingerprint"]: i["check_name"] for i in after} == before
    assert [i["location"]["lines"]["begin"] for i in after] != []


def test_cli_writes_codeclimate(tpscore, tmp_path):
    shutil.copy(HOSTILE, tmp_path / "j.yaml")
    result = tpscore("audit", "j.yaml", "--fail-on", "never", "-f", "codeclimate", "-o", "gl-code-quality.json")
    assert result.exit_code == 0, result.output
    assert gitlab_problems(json.loads((tmp_path / "gl-code-quality.json").read_text(encoding="utf-8"))) == []
