"""Every command's --help ends with an example that really runs, and shell completion works."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from tpscore.cli import app
from tpscore.cli_examples import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]


def command_paths() -> list[str]:
    def walk(command, path: str) -> list[str]:
        found = [path]
        if hasattr(command, "commands"):  # a group (typer may vendor its own click)
            for name, sub in command.commands.items():
                found += walk(sub, f"{path} {name}".strip())
        return found

    return walk(typer.main.get_command(app), "")


@pytest.mark.parametrize("path", command_paths())
def test_help_ends_with_an_example(path):
    result = CliRunner().invoke(app, [*path.split(), "--help"], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[-2].strip() == "Example:", f"`tpscore {path} --help` does not end with an example"
    assert lines[-1].strip() == EXAMPLES[path]


def test_every_example_is_a_valid_invocation(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "onboarding.mmd").write_text("journey\n  title Onboarding\n  section Sign up\n    Form: 2: Web\n",
                                             encoding="utf-8")
    (tmp_path / "survey.csv").write_text("touchpoint,csat\nfinal-statement,1.4\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for path, example in EXAMPLES.items():
        words = shlex.split(example)
        assert words[0] == "tpscore" and " ".join(words[1:]).startswith(path)
        result = runner.invoke(app, words[1:], env={"NO_COLOR": "1"})
        assert result.exit_code in (0, 1), f"`{example}` exits {result.exit_code}: {result.output}"
        assert "Traceback" not in result.output


def test_examples_has_no_entry_for_a_command_that_does_not_exist():
    assert set(EXAMPLES) == set(command_paths())


def complete(words: str) -> list[str]:
    """What bash completion offers after ``words`` (the way the installed script asks)."""
    env = {**os.environ, "_TPSCORE_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    code = "import sys; sys.argv = ['tpscore']; from tpscore.entry import main; main()"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return done.stdout.split()


def test_shell_completion_offers_commands_and_options():
    assert complete("tpscore me") == ["metrics"]
    assert complete("tpscore metrics ") == ["merge"]
    assert set(complete("tpscore audit --fail")) == {"--fail-on", "--fail-under"}


def test_completion_scripts_are_printed_for_each_shell():
    for shell in ("bash", "zsh", "fish"):
        code = "import sys; sys.argv = ['tpscore', '--show-completion', sys.argv[1]]; " \
               "from tpscore.entry import main; main()"
        done = subprocess.run([sys.executable, "-c", code, shell], capture_output=True, text=True,
                              env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
        assert done.returncode == 0, done.stderr
        assert "_TPSCORE_COMPLETE" in done.stdout


def test_every_option_and_argument_has_help_text():
    def undocumented(command, path: str) -> list[str]:
        missing = [f"tpscore {path} {param.opts[0] if param.opts else param.name}".replace("  ", " ")
                   for param in command.params if not (getattr(param, "help", None) or "").strip()]
        for name, sub in getattr(command, "commands", {}).items():
            missing += undocumented(sub, f"{path} {name}".strip())
        return missing

    assert undocumented(typer.main.get_command(app), "") == []
