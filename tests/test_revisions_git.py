"""REV:path, --since and trend --git against a throwaway git repository built in tmp_path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import journey
from typer.testing import CliRunner

from tpscore.cli import app
from tpscore.render.text import SPARK
from tpscore.revisions import LoadError, history, load_report, load_version, parse_log

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

Q2 = journey()
Q3 = journey(audit="2026-Q3", tp_call={"effort": 1, "frictions": []}, tp_invoice={"effort": 3})
UNLABELLED = journey(audit=None, tp_visit={"effort": 4})
UNLABELLED["journey"].pop("audit")


def git(repo: Path, *args: str, date: str = "2026-04-01T10:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


def commit(repo: Path, path: str, doc: dict | str, message: str, date: str) -> None:
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(doc if isinstance(doc, str) else yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch, tmp_path):
    """A bare-CI-like git: an identity from the environment, no user or system config, no parent repository."""
    for key, value in {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
                       "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
                       "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "HOME": str(tmp_path),
                       "GIT_CEILING_DIRECTORIES": str(tmp_path)}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """journeys/boiler.yaml committed as 2026-Q2, then 2026-Q3 (tagged q2 and q3); cwd is the repository."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    commit(root, "journeys/boiler.yaml", Q2, "Q2 audit", "2026-04-01T10:00:00+00:00")
    git(root, "tag", "q2")
    commit(root, "journeys/boiler.yaml", Q3, "Q3 audit", "2026-07-01T10:00:00+00:00")
    git(root, "tag", "q3")
    monkeypatch.chdir(root)
    return root


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_rev_path_reads_the_file_as_it_was(repo):
    old = load_report("HEAD~1:journeys/boiler.yaml")
    assert old["journey"]["audit"] == "2026-Q2" and old["journey"]["file"] == "HEAD~1:journeys/boiler.yaml"
    assert load_report("q3:journeys/boiler.yaml")["scores"] == load_report("journeys/boiler.yaml")["scores"]
    version = load_version("q2:journeys/boiler.yaml")
    assert version.date == "2026-04-01T10:00:00+00:00" and len(version.commit) == 40


def test_rev_path_from_a_sub_folder_and_with_an_absolute_path(repo, monkeypatch):
    monkeypatch.chdir(repo / "journeys")
    relative = load_report("q2:boiler.yaml")  # relative to the current folder, like any path
    assert load_report("q2:journeys/boiler.yaml")["scores"] == relative["scores"]  # git's reading: from the top
    assert load_report(f"q2:{repo / 'journeys' / 'boiler.yaml'}")["scores"] == relative["scores"]


def test_an_existing_file_wins_over_rev_path_parsing(repo):
    (repo / "q2:odd.yaml").write_text(yaml.safe_dump(Q3, sort_keys=False), encoding="utf-8")
    assert load_report("q2:odd.yaml")["journey"]["audit"] == "2026-Q3"


def test_diff_between_two_revisions(repo):
    result = run("diff", "HEAD~1:journeys/boiler.yaml", "HEAD:journeys/boiler.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["old"]["audit"], data["new"]["audit"]) == ("2026-Q2", "2026-Q3") and data["changed"]


def test_since_compares_the_working_file_with_a_revision(repo):
    (repo / "journeys" / "boiler.yaml").write_text(yaml.safe_dump(Q2, sort_keys=True), encoding="utf-8")
    same = json.loads(run("diff", "journeys/boiler.yaml", "--since", "q2", "-f", "json").stdout)
    assert same["changed"] is False and same["old"]["file"] == "q2:journeys/boiler.yaml"
    moved = run("diff", "journeys/boiler.yaml", "--since", "q3", "-f", "table")
    assert moved.exit_code == 0 and "2026-Q3 → 2026-Q2" in moved.stdout


def test_trend_walks_the_history_oldest_first(repo):
    commit(repo, "journeys/boiler.yaml", UNLABELLED, "no label", "2026-09-15T08:00:00+00:00")
    result = run("trend", "--git", "journeys/boiler.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [v["label"] for v in data["versions"]] == ["2026-Q2", "2026-Q3", "2026-09-15"]
    assert [v["label_from"] for v in data["versions"]] == ["audit", "audit", "date"]
    assert all(len(v["commit"]) == 40 for v in data["versions"])
    assert len(data["series"]["friction"]) == 3


def test_trend_follows_renames_and_skips_invalid_commits(repo):
    git(repo, "mv", "journeys/boiler.yaml", "journeys/repair.yaml")
    git(repo, "commit", "-q", "-m", "rename", date="2026-08-01T10:00:00+00:00")
    commit(repo, "journeys/repair.yaml", "version: 1\njourney: {id: broken}\n", "broken", "2026-08-02T10:00:00+00:00")
    commit(repo, "journeys/repair.yaml", UNLABELLED, "fixed", "2026-09-15T08:00:00+00:00")
    versions, skipped = history("journeys/repair.yaml")
    assert [v.label for v in versions] == ["2026-Q2", "2026-Q3", "2026-Q3", "2026-09-15"]
    assert versions[0].source.endswith(":journeys/boiler.yaml")
    assert len(skipped) == 1 and "2026-08-02" in skipped[0]
    result = run("trend", "--git", "journeys/repair.yaml")
    assert result.exit_code == 0 and "skipped" in result.stderr
    assert "2026-09-15" in result.stdout and any(glyph in result.stdout for glyph in SPARK)


def test_errors_not_a_repository(tmp_path, monkeypatch):
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.chdir(outside)
    (outside / "j.yaml").write_text(yaml.safe_dump(Q2), encoding="utf-8")
    result = run("diff", "HEAD~1:j.yaml", "j.yaml")
    assert result.exit_code == 2 and "not in a git repository" in result.stderr
    assert run("diff", "j.yaml", "--since", "HEAD").exit_code == 2
    trend = run("trend", "--git", "j.yaml")
    assert trend.exit_code == 2 and "not in a git repository" in trend.stderr


@pytest.mark.parametrize("arg, message", [
    ("nope:journeys/boiler.yaml", "revision 'nope' does not exist"),
    ("HEAD~5:journeys/boiler.yaml", "revision 'HEAD~5' does not exist"),
    ("q2:journeys/missing.yaml", "journeys/missing.yaml is not in that revision"),
    ("-x:journeys/boiler.yaml", "cannot start with '-'"),
])
def test_errors_bad_revision_or_missing_path(repo, arg, message):
    result = run("diff", "--", arg, "journeys/boiler.yaml")
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    with pytest.raises(LoadError, match=message):
        load_report(arg)


def test_trend_git_of_a_file_with_no_history(repo):
    (repo / "journeys" / "new.yaml").write_text(yaml.safe_dump(Q2), encoding="utf-8")
    result = run("trend", "--git", "journeys/new.yaml")
    assert result.exit_code == 2 and "no commit" in result.stderr


def test_trend_needs_files_or_git_but_not_both(repo):
    assert "not both" in run("trend", "journeys/boiler.yaml", "--git", "journeys/boiler.yaml").stderr
    assert run("trend").exit_code == 2


def test_parse_log_skips_commits_listed_without_a_path():
    a, b, c = "a" * 40, "b" * 40, "c" * 40
    text = (f"{a}\t2026-03-01T00:00:00+00:00\0\nnew.yaml\0{b}\t2026-02-01T00:00:00+00:00\0"
            f"{c}\t2026-01-01T00:00:00Z\0\nold.yaml\0")
    assert parse_log(text) == [(a, "2026-03-01T00:00:00+00:00", "new.yaml"), (c, "2026-01-01T00:00:00Z", "old.yaml")]


def test_trend_git_of_a_folder_is_refused(repo):
    result = run("trend", "--git", "journeys")
    assert result.exit_code == 2 and "is a folder" in result.stderr
