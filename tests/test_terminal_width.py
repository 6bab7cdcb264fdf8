"""Human terminal output fits the terminal: every command's rich and table output at COLUMNS=80 and 120 has
no line longer than the width, except a line holding a single token longer than the width (a path is left
whole for the terminal to wrap rather than cut); nothing is cut with an ellipsis; rows of the multi-journey
overview stay distinguishable; piped output without COLUMNS is 80 columns wide.

(``validate`` prints one ``file:line:col: message`` line per problem, like a compiler, so editors and CI
problem matchers can read it: it is not a table and is not wrapped.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from helpers import EXAMPLES, HOSTILE
from typer.testing import CliRunner

from tpscore.cli import app

Q2, Q3 = (str(EXAMPLES / f"home-services-2026-{q}.yaml") for q in ("Q2", "Q3"))
AUCTION = str(EXAMPLES / "auction-absentee-bidder.yaml")

COMMANDS = {
    "audit one": ["audit", AUCTION],
    "audit one table": ["audit", "-f", "table", AUCTION],
    "audit many": ["audit", str(EXAMPLES), str(HOSTILE), "--statistics"],
    "audit many table": ["audit", "-f", "table", str(EXAMPLES), str(HOSTILE)],
    "audit gates": ["audit", AUCTION, "--fail-under", "coverage=99", "--max-friction", "10"],
    "explain": ["explain", str(EXAMPLES / "bank-account-closure.yaml")],
    "explain one": ["explain", str(EXAMPLES / "bank-account-closure.yaml"), "-t", "final-statement"],
    "diff": ["diff", Q2, Q3],
    "diff table": ["diff", "-f", "table", Q2, Q3],
    "trend": ["trend", Q2, Q3],
    "rules": ["rules"],
}


def too_long(text: str, width: int) -> list[str]:
    """Lines wider than ``width`` that are not a single unbreakable token longer than the width."""
    return [line for line in text.splitlines()
            if len(line) > width and max(map(len, line.split()), default=0) <= width]


def run(args: list[str], width: int):
    return CliRunner().invoke(app, args, env={"COLUMNS": str(width), "NO_COLOR": "1", "GITHUB_ACTIONS": ""})


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_human_output_fits_the_width(name, width):
    result = run(COMMANDS[name], width)
    assert result.exit_code in (0, 1), result.output
    assert result.stdout.strip()
    assert too_long(result.stdout, width) == [], f"{name} at {width} columns"
    assert too_long(result.stderr, width + len("tpscore: error: ")) == [] or name == "audit gates"
    assert not re.search(r"\w…(\s|$)", result.stdout), f"{name}: a word cut with an ellipsis"


@pytest.mark.parametrize("width", [80, 120])
def test_the_overview_keeps_what_tells_journeys_apart(width):
    out = run(COMMANDS["audit many"], width).stdout
    overview = out[out.index("Journeys, riskiest first"):]  # written after the journeys, a journey at a time
    for label in ("Boiler repair (2026-Q2)", "Boiler repair (2026-Q3)", "Closing a current account"):
        assert label in overview
    for tail in ("home-services-2026-Q2.yaml", "home-services-2026-Q3.yaml", "bank-account-closure.yaml"):
        assert tail in overview
    assert "worst ending: Final statement and" in overview and "top fix: " in overview
    assert out.index("Winning a lot as an absentee bidder\n") < out.index("Journeys, riskiest first")


def test_trend_keeps_the_distinct_end_of_each_source():
    out = run(COMMANDS["trend"], 80).stdout
    assert "home-services-2026-Q2.yaml" in out and "home-services-2026-Q3.yaml" in out


def test_long_findings_wrap_under_their_code():
    out = run(COMMANDS["audit one"], 80).stdout
    code_line = next(line for line in out.splitlines() if line.startswith("  TP009 41 customers say"))
    following = out.splitlines()[out.splitlines().index(code_line) + 1]
    assert following.startswith(" " * 8) and not following.startswith(" " * 9)  # under the message, not the code


def test_plurals_say_one_error():
    out = run(["audit", str(EXAMPLES / "saas-onboarding-renewal.yaml")], 80).stdout
    assert "1 error\n" in out and "1 errors" not in out and "(s)" not in out


def test_piped_output_without_columns_is_80_wide():
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    env["NO_COLOR"] = "1"
    done = subprocess.run([sys.executable, "-c", "from tpscore.cli import run; run()", "audit", AUCTION],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 1, done.stderr
    assert too_long(done.stdout, 80) == [] and max(map(len, done.stdout.splitlines())) > 70


def test_rule_page_is_markdown_when_piped_and_rendered_on_a_terminal():
    from tpscore.commands.rules import rule_page
    from tpscore.render.rule_doc import rule_markdown
    from tpscore.rules import find_rule

    piped = CliRunner().invoke(app, ["rule", "TP009"]).stdout
    assert piped.startswith("# TP009 unanswered-feedback") and "**error**" in piped and "## Why it matters" in piped
    for width in (80, 120):
        shown = rule_page(rule_markdown(find_rule("TP009")), terminal=True, color=False, width=width)
        assert "TP009 unanswered-feedback" in shown and "Why it matters" in shown
        assert "**" not in shown and "## " not in shown and "```" not in shown
        assert too_long(shown, width) == []
    coloured = rule_page(rule_markdown(find_rule("TP009")), terminal=True, color=True, width=80)
    assert "\x1b[" in coloured


def test_writing_a_report_while_a_gate_fails_says_both(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["audit", AUCTION, "-o", "report.html"], env={"COLUMNS": "80"})
    assert result.exit_code == 1
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "gate failed: fail-on error: 4 findings at or above error" in result.stderr
    assert "wrote report.html; the exit code is 1 because a gate failed" in result.stderr
    assert "tpscore: error:" not in result.stderr  # nothing went wrong with the report itself


EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
_CUT_NUMBER = re.compile(r"(?<==)\d+\.(?=\s|$)|=(?=\s|$)")  # ``drop_off=0.`` or ``drop_off=``: a number cut short


def _costliest_block(out: str) -> str:
    start = out.index("Costliest touchpoints")
    return out[start:out.index("friction: a touchpoint's own", start)]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_at_80_columns_shows_every_reading_whole(path):
    """The costliest table once squeezed its metrics column until ``drop_off=0.45`` read ``drop_off=0.``."""
    import yaml

    out = run(["audit", str(path)], 80).stdout
    assert max(map(len, out.splitlines())) <= 80
    assert not _CUT_NUMBER.search(out), _CUT_NUMBER.search(out)
    table = _costliest_block(out)
    shown = set(re.findall(r"^  (\S+) ", table, flags=re.MULTILINE))
    checked = 0
    for tp in yaml.safe_load(path.read_text(encoding="utf-8"))["touchpoints"]:
        if tp["id"] not in shown:
            continue
        for key, value in (tp.get("metrics") or {}).items():
            readings = re.findall(rf"(?<!\S){key}=(\S+)", table)
            assert any(float(r) == value for r in readings), (tp["id"], key, value, table)
            checked += 1
    assert checked, "no metric of this example reached the costliest table"
    table_out = run(["audit", "-f", "table", str(path)], 80).stdout
    assert max(map(len, table_out.splitlines())) <= 80 and not _CUT_NUMBER.search(table_out)


def test_the_leads_command_shows_drop_off_whole_in_a_real_terminal_width():
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "tpscore.cli", "audit", Q3], capture_output=True, text=True, env=env)
    assert done.returncode == 1, done.stderr
    table = _costliest_block(done.stdout)
    assert "volume=590  drop_off=0.45" in table and "volume=1510  drop_off=0.18" in table


def test_readings_keep_every_digit():
    from tpscore.render.text import metric_readings

    assert metric_readings({"volume": 12345678, "drop_off": 0.45, "csat": 4.0, "nps": -12.5}) == [
        "volume=12345678", "drop_off=0.45", "csat=4", "nps=-12.5"]


def test_numbered_headings_and_two_word_labels_wrap_under_their_text():
    out = run(["explain", Q3, "-O", "fix:invoice"], 80).stdout.splitlines()
    heading = out.index("1. What changes (a what-if copy of the journey, re-scored by the audit's own")
    assert out[heading + 1] == "   code)"
    fixed = next(i for i, line in enumerate(out) if line.startswith("  fixed level:  frictions"))
    assert out[fixed + 1].startswith(" " * len("  fixed level:  ")) and out[fixed + 1].strip()


def test_the_table_overview_keeps_each_file_name_whole_at_80_columns():
    out = run(["audit", "-f", "table", str(EXAMPLES)], 80).stdout
    overview = out[out.rindex("  #  journey"):]
    for name in ("bank-account-closure.yaml", "home-services-2026-Q3.yaml"):  # the column is as wide as 80 allow
        assert f"…{name}" in overview or f"…/{name}" in overview, name
