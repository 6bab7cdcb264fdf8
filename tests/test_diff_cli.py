"""``tpscore diff`` on the command line: formats, --output, --fail-on-regression, --force, inputs and errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import BASE, journey

ROOT = Path(__file__).resolve().parents[1]
Q2, Q3 = ROOT / "examples" / "home-services-2026-Q2.yaml", ROOT / "examples" / "home-services-2026-Q3.yaml"


@pytest.fixture
def files(tmp_path):
    """``files(old_doc, new_doc)`` writes old.yaml and new.yaml; returns their names."""

    def write(old: dict, new: dict) -> tuple[str, str]:
        for name, doc in (("old.yaml", old), ("new.yaml", new)):
            (tmp_path / name).write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return "old.yaml", "new.yaml"

    return write


WORSE = {"tp_invoice": {"effort": 4, "frictions": [{"kind": "surprise", "severity": 5}]}}
BETTER_AND_WORSE = {"tp_call": {"effort": 1, "frictions": []}, "tp_invoice": {"effort": 3, "emotion": -1}}


def test_rich_view_without_a_terminal_has_arrows_but_no_colour(tpscore, files):
    result = tpscore("diff", *files(journey(), journey(**BETTER_AND_WORSE)))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out
    assert "Scheduling call (call)" in out and "Invoice (invoice)" in out
    # the call's csat 3.4 holds two thirds of its friction: the design change moves only the rest
    assert "51.8 → 34.0 ▼ -17.8" in out and "0.0 → 47.8 ▲ +47.8" in out and "worse" in out
    assert "friction (% of customers hurt)" in out and "% hurt 6.9 → 2.0 ▼ -4.9" in out  # a share, not an index


def test_same_file_says_no_change(tpscore, files):
    result = tpscore("diff", *files(BASE, BASE), "-f", "table")
    assert result.exit_code == 0 and result.stdout.rstrip().endswith("No change.")


def test_force_color_colours_better_green_and_worse_red(tpscore, files, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = tpscore("diff", *files(journey(), journey(**WORSE))).stdout
    assert "\x1b[" in out
    worse_line = next(line for line in out.splitlines() if line.lstrip().startswith("friction"))
    assert "\x1b[31m" in worse_line  # friction rose: red, although the number went up


def test_json_format_is_the_diff_contract(tpscore, files):
    result = tpscore("diff", *files(journey(), journey(**WORSE)), "--format", "json")
    data = json.loads(result.stdout)
    assert data["format"] == "tpscore-diff" and data["scores"]["friction"]["better"] is False
    assert [t["id"] for t in data["touchpoints"]["changed"]] == ["invoice"]


def test_markdown_keeps_tables_intact_whatever_the_names(tpscore, files):
    hostile = "Pay | now `rm -rf` <script>alert(1)</script> @team [x](http://evil)"
    result = tpscore("diff", *files(journey(), journey(tp_invoice={"name": hostile})), "-f", "markdown")
    out = result.stdout
    assert "<script>" not in out and "@team" not in out and "[x](http" not in out
    rows = [line for line in out.splitlines() if line.startswith("| \\~ changed")]
    assert rows, out
    header = next(line for line in out.splitlines() if line.startswith("|  | touchpoint"))
    unescaped_pipes = lambda line: line.replace("\\|", "").count("|")  # noqa: E731
    assert all(unescaped_pipes(row) == unescaped_pipes(header) for row in rows)


def test_output_is_written_atomically_and_matches_stdout(tpscore, files, tmp_path):
    old, new = files(journey(), journey(**WORSE))
    printed = tpscore("diff", old, new, "-f", "markdown").stdout
    result = tpscore("diff", old, new, "-f", "markdown", "--output", "out/../diff.md")
    assert result.exit_code == 2  # folder out/ does not exist
    result = tpscore("diff", old, new, "-f", "markdown", "--output", "diff.md")
    assert result.exit_code == 0 and result.stdout == ""
    assert (tmp_path / "diff.md").read_text(encoding="utf-8") == printed
    assert not list(tmp_path.glob(".diff.md.*"))  # no temporary file left behind


def test_fail_on_regression_names_what_regressed(tpscore, files):
    args = ("diff", *files(journey(), journey(**WORSE)), "--fail-on-regression")
    result = tpscore(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("tpscore: regression: friction rose from 6.9 to 34.8 (+27.9)")
    assert tpscore("diff", *files(journey(), journey(**WORSE)), "-f", "json").exit_code == 0  # no flag: exit 0
    gap = tpscore("diff", *files(journey(), journey(drop=["invoice"])), "--fail-on-regression")
    assert gap.exit_code == 1 and "regression: coverage fell" in gap.stderr
    assert "regression: new error TP001 (uncovered-stage) in stage 'pay': " in gap.stderr


def test_tolerance_lets_small_moves_pass(tpscore, files):
    small = journey(tp_invoice={"effort": 2})
    assert tpscore("diff", *files(journey(), small), "--fail-on-regression").exit_code == 1
    assert tpscore("diff", *files(journey(), small), "--fail-on-regression", "--tolerance", "50").exit_code == 0
    assert tpscore("diff", *files(small, journey()), "--fail-on-regression").exit_code == 0  # an improvement


def test_different_journeys_need_force(tpscore, files):
    names = files(journey(), journey(id="other-journey"))
    result = tpscore("diff", *names)
    assert result.exit_code == 2
    assert "different journeys" in result.stderr and "--force" in result.stderr and result.stdout == ""
    forced = tpscore("diff", *names, "--force", "-f", "table")
    assert forced.exit_code == 0 and "warning" in forced.stderr
    assert "these are different journeys ('boiler' and 'other-journey')" in forced.stdout


def test_a_json_report_reads_back_like_the_journey(tpscore, files):
    old, new = files(journey(), journey())
    assert tpscore("audit", old, "-f", "json", "-o", "old.json", "--fail-on", "never").exit_code == 0
    data = json.loads(tpscore("diff", "old.json", new, "-f", "json").stdout)
    assert data["changed"] is False and data["old"]["file"] == "old.yaml"


def test_a_multi_journey_report_is_refused(tpscore, files):
    old, new = files(journey(), journey())
    tpscore("audit", old, new, "-f", "json", "-o", "both.json", "--fail-on", "never")
    result = tpscore("diff", "both.json", new)
    assert result.exit_code == 2 and "a report of 2 journeys" in result.stderr


def test_a_broken_or_foreign_json_report_is_refused(tpscore, files, tmp_path):
    _, new = files(journey(), journey())
    (tmp_path / "broken.json").write_text(json.dumps({"format": "tpscore-report", "format_version": 1}))
    (tmp_path / "future.json").write_text(json.dumps({"format": "tpscore-report", "format_version": 3}))
    (tmp_path / "other.json").write_text(json.dumps({"format": "sarif"}))
    assert "not a valid tpscore report" in tpscore("diff", "broken.json", new).stderr
    assert "report format version 3" in tpscore("diff", "future.json", new).stderr
    assert "not a tpscore report" in tpscore("diff", "other.json", new).stderr


def test_invalid_journey_lists_its_problems_and_exits_1(tpscore, files, tmp_path):
    old, _ = files(journey(), journey())
    (tmp_path / "bad.yaml").write_text("version: 1\njourney: {id: x}\n", encoding="utf-8")
    result = tpscore("diff", old, "bad.yaml")
    assert result.exit_code == 1
    assert "bad.yaml:2:" in result.stdout and "invalid journey" in result.stderr


@pytest.mark.parametrize("args, message", [
    (("old.yaml",), "give two versions to compare"),
    (("old.yaml", "new.yaml", "--since", "HEAD"), "not both"),
    (("old.yaml", "missing.yaml"), "missing.yaml: no such file"),
    (("old.yaml", "new.yaml", "--config", "nope.yaml"), "nope.yaml: no such file"),
])
def test_usage_and_input_errors_exit_2(tpscore, files, args, message):
    files(journey(), journey())
    result = tpscore("diff", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_help_documents_every_option(tpscore):
    out = tpscore("diff", "--help").stdout
    for option in ("--since", "--format", "--output", "--fail-on-regression", "--tolerance", "--force", "--config"):
        assert option in out
    assert "Usage" in tpscore("trend", "--help").stdout


def test_examples_show_an_improvement_and_a_regression(tpscore):
    data = json.loads(tpscore("diff", Q2, Q3, "-f", "json").stdout)
    assert data["journey_mismatch"] is False and (data["old"]["audit"], data["new"]["audit"]) == ("2026-Q2", "2026-Q3")
    moves = [s["better"] for s in data["scores"].values()] + [t["friction"]["better"]
                                                              for t in data["touchpoints"]["changed"]]
    assert True in moves and False in moves
    assert data["findings"]["introduced"] and data["findings"]["resolved"]


def test_real_process_exit_codes_and_streams(tmp_path):
    """One run through a real interpreter: the console entry point, stdout/stderr and exit status."""
    command = [sys.executable, "-m", "tpscore.cli", "diff", str(Q2), str(Q3), "-f", "table", "--fail-on-regression",
               "--tolerance", "0"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "PYTHONPATH": os.environ["PYTHONPATH"]})
    assert done.returncode in (0, 1), done.stderr
    assert "Boiler repair: 2026-Q2 → 2026-Q3" in done.stdout
    assert ("regression:" in done.stderr) == (done.returncode == 1)


@pytest.mark.parametrize("fmt, color", [("rich", False), ("rich", True), ("table", False), ("markdown", False)])
def test_control_characters_in_journey_text_never_reach_the_terminal(tpscore, files, monkeypatch, fmt, color):
    if color:
        monkeypatch.setenv("FORCE_COLOR", "1")
    sneaky = journey(tp_invoice={"name": "Invoice\x1b[2J\x1b]0;pwned\x07", "effort": 5})
    result = tpscore("diff", *files(journey(), sneaky), "-f", fmt, "--fail-on-regression")
    assert "\x1b[2J" not in result.stdout and "\x1b]0" not in result.stdout and "\x07" not in result.stdout
    assert "\x1b" not in result.stderr and ("\x1b[" in result.stdout) == color
    assert "pwned" in result.stdout  # the text stays, the control characters go
