"""Baselines: --write-baseline records today's findings by repository file and a line-independent key with
counts; --baseline FILE or git:REV reports them as known (SARIF external suppressions, JUnit skipped) and gates
only on new ones; entries no longer found are listed."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET

import pytest
from helpers import shop

KNOWN = "[discover, buy, use, review, win]"  # 'win' has no touchpoint: a TP001 error
ONE_MORE = "[discover, buy, use, review, win, extra]"  # ... and 'extra' neither: a new TP001


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository with journeys/j.yaml committed; the tests run in it."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "j.yaml").write_text(shop(stages=KNOWN), encoding="utf-8")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "journeys"], check=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def new_codes(result) -> list[tuple[str, str]]:
    report = json.loads(result.stdout)
    return [(f["code"], f["stage"]) for f in report["findings"]]


def test_a_baseline_run_gates_only_on_a_newly_introduced_finding(tpscore, repo):
    assert tpscore("audit", "journeys", "-f", "json").exit_code == 1  # the known error fails without a baseline
    wrote = tpscore("audit", "journeys", "--write-baseline", "baseline.json", "-f", "json")
    assert "wrote the baseline baseline.json" in wrote.stderr
    entries = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert ("journeys/j.yaml", "TP001", "win", 1) in [(e["file"], e["code"], e["stage"], e["count"]) for e in entries]
    known = tpscore("audit", "journeys", "--baseline", "baseline.json", "-f", "json")
    assert known.exit_code == 0 and new_codes(known) == []
    assert {f["suppressed_by"] for f in json.loads(known.stdout)["ignored"]} == {"baseline"}
    (repo / "journeys" / "j.yaml").write_text("# edited\n\n" + shop(stages=ONE_MORE), encoding="utf-8")
    new = tpscore("audit", "journeys", "--baseline", "baseline.json", "-f", "json")
    assert new.exit_code == 1 and new_codes(new) == [("TP001", "extra")]  # lines moved: still known


def test_known_findings_are_external_suppressions_and_skipped_tests(tpscore, repo):
    tpscore("audit", "journeys", "--write-baseline", "baseline.json", "-f", "json")
    (repo / "journeys" / "j.yaml").write_text(shop(stages=ONE_MORE), encoding="utf-8")
    result = tpscore("audit", "journeys", "--baseline", "baseline.json", "-f", "sarif", "-o", "r.sarif", "-f",
                     "junit", "-o", "r.xml")
    assert result.exit_code == 1
    results = json.loads((repo / "r.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    known = [r for r in results if r.get("suppressions")]
    assert known and {r["suppressions"][0]["kind"] for r in known} == {"external"}
    assert [r["properties"]["stage"] for r in results if not r.get("suppressions")] == ["extra"]
    cases = {c.get("name"): c for c in ET.parse(repo / "r.xml").getroot().iter("testcase")}
    assert cases["TP001 uncovered-stage: stage win"].find("skipped").get("message").startswith("known finding")
    assert cases["TP001 uncovered-stage: stage extra"].find("failure") is not None


def test_the_file_is_part_of_the_key(tpscore, repo):
    tpscore("audit", "journeys", "--write-baseline", "baseline.json", "-f", "json")
    (repo / "journeys" / "copy.yaml").write_text(shop(stages=KNOWN).replace("id: shop", "id: copy"),
                                                 encoding="utf-8")
    result = tpscore("audit", "journeys/copy.yaml", "--baseline", "baseline.json", "-f", "json")
    assert result.exit_code == 1 and ("TP001", "win") in new_codes(result)  # not absorbed by j.yaml's entry


def test_stale_entries_are_listed(tpscore, repo):
    tpscore("audit", "journeys", "--write-baseline", "baseline.json", "-f", "json")
    (repo / "journeys" / "j.yaml").write_text(shop(), encoding="utf-8")  # 'win' gone: TP001 fixed
    result = tpscore("audit", "journeys", "--baseline", "baseline.json", "-f", "json")
    assert result.exit_code == 0
    assert "tpscore: stale: journeys/j.yaml: TP001 on win is in the baseline baseline.json" in result.stderr


def test_git_revision_baseline(tpscore, repo):
    assert tpscore("audit", "journeys", "--baseline", "git:HEAD", "-f", "json").exit_code == 0
    (repo / "journeys" / "j.yaml").write_text(shop(stages=ONE_MORE), encoding="utf-8")
    result = tpscore("audit", "journeys", "--baseline", "git:HEAD", "-f", "json")
    assert result.exit_code == 1 and new_codes(result) == [("TP001", "extra")]
    missing = tpscore("audit", "journeys", "--baseline", "git:no-such-branch")
    assert missing.exit_code == 2 and "no-such-branch" in missing.stderr


def test_a_file_that_is_not_a_baseline_is_a_usage_error(tpscore, repo):
    (repo / "x.json").write_text('{"format": "tpscore-report"}', encoding="utf-8")
    result = tpscore("audit", "journeys", "--baseline", "x.json")
    assert result.exit_code == 2 and "not a tpscore baseline" in result.stderr
