"""Hostile input and unlucky CI, round two: injection, lost files, crashes, hangs and numbers.

Every test runs the real command line and checks the same contract: the exit code, a one-line message
that names the file, no traceback, bounded time (and memory where a large input is involved), and that
the other files of the same run are still reported. Large inputs are generated here, never committed;
their sizes are just big enough to show the bound.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import VALID

ESCAPES = re.compile(r"[\x1b\x07\x9b\x9d]")


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
def test_no_command_writes_terminal_escapes_from_journey_text(tpscore, write, command):
    write(journey(TERMINAL_ATTACK), "j.yaml")
    text = handled(tpscore(*command), 0)
    assert not ESCAPES.search(text)


def test_explain_shows_the_neutralised_name(tpscore, write):
    write(journey(TERMINAL_ATTACK), "j.yaml")
    out = handled(tpscore("explain", "j.yaml"), 0)
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
def test_journey_text_never_starts_a_line_with_a_workflow_command(tpscore, write, command):
    _injected(write)
    result = tpscore(*command)
    assert result.exit_code in (0, 1) and "Traceback" not in result.stdout + result.stderr
    assert command_lines(result.stdout.replace("\r", "\n")) == []
    assert command_lines(result.stderr.replace("\r", "\n")) == []


MULTILINE = (VALID.replace("name: Demo journey", 'name: "Demo\\n  ::error::forged\\r\\nname"\n  persona: "Two\\nlines"')
             .replace("name: Advert", 'name: "Advert\\u2028on\\n\\nthree lines"'))


@pytest.mark.parametrize("command", [c for c in HUMAN_COMMANDS if not {"html", "junit"} & set(c)])
def test_line_breaks_in_one_line_fields_are_flattened(tpscore, write, command):
    """Issue 10 item 2: a line break in a name, a persona or a verdict becomes a space in every human format,
    so no journey text starts a line (not even one that the ``\\::`` guard would have defused)."""
    write(MULTILINE, "j.yaml")
    write(MULTILINE, "k.yaml")
    write(MULTILINE.replace("stage: buy", "stage: bye"), "bad.yaml")
    result = tpscore(*command, env={"COLUMNS": "200"})
    assert result.exit_code in (0, 1), result.output
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.lstrip(" \\").startswith(("::", "name", "lines", "three lines"))]
    shown = result.stdout.replace("\\", "")  # Markdown escapes characters next to the colons
    if not {"validate", "csv"} & set(command):  # which name no one-line-per-problem or CSV row shows
        assert "Demo ::error::forged name" in shown
    if command[:2] in (["audit", "j.yaml"], ["audit", "-f"]) and "table" not in command:  # what shows the persona
        assert "Two lines" in shown


def test_a_flattened_name_is_still_neutralised_and_whole():
    from tpscore.console import one_line_safe

    assert one_line_safe("a\r\n  b\n\n c\u2028d\x1b[2Je\tf") == "a b c d\ufffd[2Je\tf"
    assert one_line_safe("plain") == "plain"


@pytest.mark.parametrize("command", [c for c in HUMAN_COMMANDS if not {"markdown", "csv", "html", "junit"} & set(c)])
def test_inside_github_actions_human_reports_are_fenced(tpscore, write, command):
    _injected(write)
    result = tpscore(*command, env={"GITHUB_ACTIONS": "true"})
    lines = result.stdout.splitlines()
    start = lines[0]
    assert start.startswith("::stop-commands::")
    token = start.removeprefix("::stop-commands::")
    assert len(token) == 32 and token not in INJECTION
    end = lines.index(f"::{token}::")
    assert command_lines("\n".join(lines[1:end]).replace("\r", "\n")) == []
    # after the fence only tpscore's own annotations (audit's GitHub default), never journey text
    assert all(line.startswith(("::error file=", "::warning file=", "::notice file=")) for line in lines[end + 1:])


def test_github_format_itself_is_not_fenced_and_escapes_the_message(tpscore, write):
    _injected(write)
    result = tpscore("audit", "-f", "github", "j.yaml", env={"GITHUB_ACTIONS": "true"})
    assert not any("stop-commands" in line for line in result.stdout.splitlines())
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in result.stdout.splitlines())


# -- 3. links out of the audited tree; content of non-journeys is never quoted -------------------------

SECRET = "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG"


def test_a_link_out_of_the_audited_folder_is_not_followed(tpscore, write, tmp_path):
    write(f"[default]\naws_secret_access_key = {SECRET}\n", "home/.aws/credentials")
    write(journey(), "repo/journeys/good.yaml")
    (tmp_path / "repo/journeys/journey.yaml").symlink_to(tmp_path / "home/.aws/credentials")
    (tmp_path / "repo/journeys/inside.yaml").symlink_to(tmp_path / "repo/journeys/good.yaml")
    result = tpscore("audit", "repo/journeys", "-f", "json", "-o", "r.json", "-f", "sarif", "-o", "r.sarif",
                     "-f", "table")
    text = handled(result, 0, "repo/journeys/journey.yaml", others=("good.yaml",))
    assert "outside the audited folder" in result.stderr
    for output in (text, (tmp_path / "r.json").read_text(), (tmp_path / "r.sarif").read_text()):
        assert "AKIA" not in output and "aws_secret" not in output


@pytest.mark.parametrize("pattern", ["repo/journeys/*.yaml", "repo/**/*.yaml"])
def test_a_glob_does_not_follow_a_link_out_of_its_folder_either(tpscore, write, tmp_path, pattern):
    write(f"aws_secret_access_key: {SECRET}\n", "home/credentials.yaml")
    write(journey(), "repo/journeys/good.yaml")
    (tmp_path / "repo/journeys/journey.yaml").symlink_to(tmp_path / "home/credentials.yaml")
    result = tpscore("validate", pattern)
    handled(result, 0, "repo/journeys/journey.yaml", others=("repo/journeys/good.yaml: valid",))
    assert "outside the audited folder" in result.stderr and "AKIA" not in result.stdout + result.stderr


@pytest.mark.parametrize("content", [f"{SECRET}\n", f"aws_secret_access_key: {SECRET}\n", f"- {SECRET}\n",
                                     "12345678\n"])
def test_a_file_that_is_not_a_journey_is_named_but_never_quoted(tpscore, write, content):
    write(content, "named.yaml")
    write(journey(), "good.yaml")
    result = tpscore("audit", "named.yaml", "good.yaml", "-f", "json", "-o", "r.json", "-f", "table")
    text = handled(result, 1, "named.yaml", others=("good.yaml",))
    for output in (text, Path("r.json").read_text()):
        assert "AKIA" not in output and "aws_secret" not in output and "12345678" not in output


# -- 4. configuration discovery stops at the project root; every format names the profile --------------

def test_a_profile_above_the_project_root_is_not_applied(tpscore, write, tmp_path):
    write("rules: {ignore: [TP]}\n", ".tpscore.yaml")  # a shared temporary or home folder
    write(journey(), "project/journeys/j.yaml")
    (tmp_path / "project/.git").mkdir()
    result = tpscore("audit", "project/journeys/j.yaml", "--fail-on", "warning", "-f", "table")
    handled(result, 1, "project/journeys/j.yaml")
    assert "profile: built-in defaults" in result.stdout and "TP003" in result.stdout


def test_outside_any_project_a_parent_profile_is_not_applied(tpscore, write):
    write("rules: {ignore: [TP]}\n", ".tpscore.yaml")
    write(journey(), "ci/run/j.yaml")
    handled(tpscore("audit", "ci/run/j.yaml", "--fail-on", "warning"), 1, "ci/run/j.yaml")


@pytest.mark.parametrize("fmt", ["rich", "table", "markdown", "html", "json", "sarif", "junit", "github"])
def test_every_format_names_the_profile_file(tpscore, write, tmp_path, fmt):
    write("rules: {ignore: [TP003]}\n", "project/.tpscore.yaml")
    write("", "project/pyproject.toml")
    write(journey(), "project/j.yaml")
    result = tpscore("audit", "project/j.yaml", "-f", fmt)
    handled(result, 0, "project/j.yaml")
    assert str((tmp_path / "project/.tpscore.yaml").resolve()) in re.sub(r"\\(.)", r"\1", result.stdout)


# -- 5. an output never replaces an input ----------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["audit", "j.yaml", "k.yaml", "-f", "json", "-o", "j.yaml"],
    ["audit", "j.yaml", "k.yaml", "-o", "link.json"],                      # a link to an input
    ["audit", "j.yaml", "k.yaml", "-o", "./sub/../k.yaml", "-f", "json"],  # another spelling
    ["audit", "j.yaml", "k.yaml", "-c", "profile.yaml", "-o", "profile.yaml", "-f", "json"],
    ["audit", "j.yaml", "k.yaml", "-f", "json", "-o", "out.json", "-f", "sarif", "-o", "out.json"],
    ["diff", "j.yaml", "k.yaml", "-o", "j.yaml"],
    ["diff", "j.yaml", "k.yaml", "-o", "link.json"],
    ["diff", "j.yaml", "k.yaml", "-c", "profile.yaml", "-o", "profile.yaml"],
    ["trend", "j.yaml", "k.yaml", "-o", "k.yaml"],
])
def test_an_output_that_is_an_input_is_refused_before_anything_is_written(tpscore, write, tmp_path, args):
    write(journey(), "j.yaml")
    write(journey(name="Other"), "k.yaml")
    write("moments: {last: 2}\n", "profile.yaml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.json").symlink_to(tmp_path / "j.yaml")
    before = {name: (tmp_path / name).read_bytes() for name in ("j.yaml", "k.yaml", "profile.yaml")}
    result = tpscore(*args)
    handled(result, 2)
    assert [line for line in result.stderr.splitlines() if "--output" in line], result.stderr
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
    assert not (tmp_path / "out.json").exists()


def test_a_discovered_profile_is_an_input_too(tpscore, write, tmp_path):
    write("moments: {last: 2}\n", "p/.tpscore.yaml")
    write("", "p/pyproject.toml")
    write(journey(), "p/j.yaml")
    result = tpscore("audit", "p/j.yaml", "-f", "json", "-o", "p/.tpscore.yaml")
    handled(result, 2, "p/.tpscore.yaml")
    assert (tmp_path / "p/.tpscore.yaml").read_text() == "moments: {last: 2}\n"


# -- 6. -o - is standard output; SIGTERM leaves no temporary file ------------------------------------------

def test_output_dash_is_standard_output(tpscore, write, tmp_path):
    write(journey(), "j.yaml")
    result = tpscore("audit", "j.yaml", "-f", "json", "-o", "-")
    assert handled(result, 0) and result.stdout.lstrip().startswith("{")
    assert not (tmp_path / "-").exists()
    diff = tpscore("diff", "j.yaml", "j.yaml", "-f", "json", "-o", "-")
    assert handled(diff, 0) and '"format": "tpscore-diff"' in diff.stdout and not (tmp_path / "-").exists()


def test_two_outputs_to_standard_output_are_a_usage_error(tpscore, write):
    write(journey(), "j.yaml")
    handled(tpscore("audit", "j.yaml", "-f", "json", "-o", "-", "-f", "table"), 2)


@pytest.mark.parametrize("command", [["audit", "j.yaml"], ["diff", "j.yaml", "j.yaml"], ["trend", "j.yaml", "j.yaml"]])
def test_the_same_output_twice_is_a_usage_error_for_every_command(tpscore, write, tmp_path, command):
    write(journey(), "j.yaml")
    result = tpscore(*command, "-f", "markdown", "-o", "r.md", "-f", "markdown", "-o", "r.md")
    handled(result, 2)
    assert "--output r.md is given twice; each output needs its own file" in result.stderr  # audit's words
    assert not (tmp_path / "r.md").exists()


@pytest.mark.parametrize("command", [["diff", "j.yaml", "j.yaml"], ["trend", "j.yaml", "j.yaml"]])
def test_diff_and_trend_refuse_a_second_output_instead_of_keeping_the_last(tpscore, write, tmp_path, command):
    write(journey(), "j.yaml")
    result = tpscore(*command, "-o", "a.md", "-o", "b.md")
    handled(result, 2)
    assert "--output is given 2 times (a.md, b.md)" in result.stderr
    assert not (tmp_path / "a.md").exists() and not (tmp_path / "b.md").exists()


def test_a_repeated_output_is_refused_in_a_real_process(write, tmp_path):
    write(journey(), "j.yaml")
    done = subprocess.run([sys.executable, "-m", "tpscore.cli", "trend", "j.yaml", "j.yaml", "-o", "t.csv", "-o",
                           "t.csv"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("tpscore: error: --output t.csv is given twice")
    assert "Traceback" not in done.stderr and not (tmp_path / "t.csv").exists()


SIGTERM_DURING_WRITE = """
import os, signal, sys
import tpscore.atomic as atomic
real = atomic._write
def interrupted(handle, text):
    handle.write("partial")
    handle.flush()
    os.kill(os.getpid(), signal.SIGTERM)  # a cancelled CI job, in the middle of writing the report
    real(handle, text)
atomic._write = interrupted
sys.argv = ["tpscore", "audit", "j.yaml", "-f", "json", "-o", "report.json"]
from tpscore.entry import main
main()
"""


def test_sigterm_while_writing_leaves_no_temporary_file(write, tmp_path):
    write(journey(), "j.yaml")
    done = subprocess.run([sys.executable, "-c", SIGTERM_DURING_WRITE], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["j.yaml"]  # no report.json, no .report.json.*.tmp


# -- 7. tpscore's own reports in an audited folder ----------------------------------------------------------

def test_a_report_written_into_the_audited_folder_is_skipped_next_time(tpscore, write):
    write(journey(), "journeys/j.yaml")
    handled(tpscore("audit", "journeys", "-f", "json", "-o", "journeys/report.json"), 0)
    handled(tpscore("audit", "journeys/j.yaml", "-f", "json", "-o", "journeys/one.json"), 0)
    handled(tpscore("diff", "journeys/j.yaml", "journeys/j.yaml", "-f", "json", "-o", "journeys/diff.json"), 0)
    again = tpscore("audit", "journeys", "-f", "table")
    handled(again, 0, "journeys/j.yaml")
    for name in ("report.json", "one.json", "diff.json"):
        assert f"journeys/{name}: a tpscore report, not a journey; skipped" in again.stderr
    assert "invalid" not in again.stdout


# -- 18. Ctrl-C while Python is still importing --------------------------------------------------------------

INTERRUPT_DURING_IMPORT = """
import builtins, sys
real = builtins.__import__
def importing(name, *args, **kwargs):
    if name == "typer":
        raise KeyboardInterrupt  # Ctrl-C in the first fraction of a second
    return real(name, *args, **kwargs)
builtins.__import__ = importing
sys.argv = ["tpscore", "validate", "x.yaml"]
from tpscore.entry import main
main()
"""


def test_ctrl_c_during_start_up_is_a_short_message_and_exit_130(tmp_path):
    done = subprocess.run([sys.executable, "-c", INTERRUPT_DURING_IMPORT], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert (done.returncode, done.stderr) == (130, "interrupted\n")


# -- 8. integers longer than Python reads -------------------------------------------------------------------

HUGE = "9" * 5000


@pytest.mark.parametrize("name, content", [
    ("weight.yaml", journey().replace("stage: buy", f"stage: buy\n    weight: {HUGE}")),
    ("hex.yaml", journey().replace("stage: buy", f"stage: buy\n    weight: 0x{'f' * 5000}")),
    ("tagged.yaml", journey().replace("stage: buy", f"stage: buy\n    weight: !!int {'1' * 301}")),
    ("journey.json", '{"version": 1, "journey": {"id": "j", "name": "J", "stages": ["a"]}, "touchpoints": '
                     f'[{{"id": "t", "name": "T", "stage": "a", "weight": {HUGE}}}]}}'),
])
def test_a_huge_integer_is_a_located_problem_of_that_file(tpscore, write, name, content):
    write(content, name)
    write(journey(), "good.yaml")
    result = tpscore("audit", name, "good.yaml", "-f", "table")
    text = handled(result, 1, name, others=("good.yaml",))
    assert re.search(rf"{re.escape(name)}:\d+:\d+: a number of [\d,]+ digits", text)


def test_a_huge_integer_in_a_profile_is_a_configuration_error(tpscore, write):
    write(f"thresholds: {{touchpoint: {HUGE}}}\n", "profile.yaml")
    write(journey(), "j.yaml")
    result = tpscore("audit", "j.yaml", "-c", "profile.yaml")
    handled(result, 2, "profile.yaml")
    assert "digits" in result.stderr


def test_validate_file_reports_a_huge_integer_instead_of_raising(write):
    from tpscore import validate_file

    result = validate_file(write(journey().replace("stage: buy", f"stage: buy\n    weight: {HUGE}")))
    assert [(p.line, p.kind) for p in result.problems] == [(13, "number")]


# -- 9. file names that are not UTF-8 ---------------------------------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_written_escaped_in_every_format(write, tmp_path):
    os.mkdir(tmp_path / "d")
    (tmp_path / "d").joinpath(os.fsdecode(b"j\xff.yaml")).write_text(journey())
    (tmp_path / "d").joinpath(os.fsdecode(b"bad\xfe.yaml")).write_text("version: 2\n")
    write(journey(), "d/ok.yaml")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "NO_COLOR": "1"}
    files = {fmt: f"out.{fmt}" for fmt in ("table", "json", "sarif", "junit", "markdown", "html", "github")}
    pairs = [arg for fmt, name in files.items() for arg in ("-f", fmt, "-o", name)]
    done = subprocess.run([sys.executable, "-m", "tpscore.cli", "audit", "d", *pairs, "-f", "rich"], cwd=tmp_path,
                          env=env, capture_output=True, timeout=120)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1 and "Traceback" not in err
    for out in (done.stdout, *((tmp_path / name).read_bytes() for name in files.values())):
        text = out.decode("utf-8")  # strict: raises if anything was written that is not UTF-8
        assert "xff" in text and "ok.yaml" in text and "xfe" in text, text


def test_validate_with_a_strict_utf8_stdout(write, tmp_path):
    (tmp_path / os.fsdecode(b"j\xff.yaml")).write_text(journey())
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "tpscore.cli", "validate", "."], cwd=tmp_path, env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0 and done.stdout.decode() == "j\\xff.yaml: valid (Demo journey, 3 touchpoints)\n"


# -- 10. deeply nested JSON in diff and trend --------------------------------------------------------------------

DEEP_JSON = '{"version": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}"


def test_deeply_nested_json_is_an_invalid_journey_in_diff(tpscore, write):
    write(DEEP_JSON, "deep.json")
    write(journey(), "j.yaml")
    result = tpscore("diff", "deep.json", "j.yaml")
    handled(result, 1, "deep.json")
    assert "nesting deeper than 64 levels" in result.stdout + result.stderr


def test_one_deeply_nested_commit_is_skipped_in_trend_git(tpscore, write, tmp_path):
    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=tmp_path, check=True,
                       capture_output=True)

    git("init", "-q")
    for content in (journey(), DEEP_JSON, journey(name="Later")):
        write(content, "j.json")
        git("add", "j.json")
        git("commit", "-qm", "v")
    result = tpscore("trend", "--git", "j.json", "-f", "csv")
    handled(result, 0)
    assert result.stdout.count("\n") == 3  # header and the two good versions
    assert re.search(r"warning: skipped [0-9a-f]{7} .*invalid journey", result.stderr)


# -- 11. a profile that is not UTF-8, nested too deeply or too large ---------------------------------------------

@pytest.mark.parametrize("content, message", [
    (b'[tool.tpscore]\nx = "\xff"\n', "not UTF-8"),
    (b"[tool.tpscore]\nx = " + b"[" * 600 + b"]" * 600 + b"\n", "nested too deeply"),
    (b"[tool.tpscore]\nx = " + HUGE.encode() + b"\n", "digits"),
    (b"[tool.tpscore]\n# " + b"x" * (1024 * 1024) + b"\n", "limit for profiles"),
])
def test_a_broken_pyproject_is_a_located_configuration_error(tpscore, write, content, message):
    write(content, "p/pyproject.toml")
    write(journey(), "p/j.yaml")
    result = tpscore("audit", "p/j.yaml")
    handled(result, 2, "p/pyproject.toml")
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


# -- 12. library entry points ----------------------------------------------------------------------------------

def test_library_entry_points_raise_only_what_they_document(tmp_path, monkeypatch):
    import json

    from tpscore import InputError, audit, validate_file, validate_source
    from tpscore.source import Source

    [problem] = validate_source(Source("j.yaml", journey().replace("Advert", "Ad\ud800vert"))).problems
    assert (problem.line, problem.kind) == (8, "encoding") and "U+D800" in problem.message
    for name, message in (("\0x", "NUL"), ("", "empty file name")):
        with pytest.raises(InputError, match=message):
            validate_file(name)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "j.yaml").write_text(journey())
    result = validate_file(tmp_path / "j.yaml")
    assert isinstance(result.file, str) and result.ok
    assert json.loads(json.dumps(audit([tmp_path / "j.yaml"]).to_dict()))


# -- 13. FIFOs never block -------------------------------------------------------------------------------------

def _run(tmp_path, *args, timeout=120):
    """The real command line in a subprocess (a hang fails the test instead of stopping the suite)."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "tpscore.cli", *map(str, args)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_an_audited_folder_is_skipped_and_never_opened(write, tmp_path):
    write(journey(), "d/good.yaml")
    os.mkfifo(tmp_path / "d" / "pipe.yaml")
    started = time.monotonic()
    done = _run(tmp_path, "audit", "d", "-f", "table")
    assert time.monotonic() - started < 60
    assert done.returncode == 0 and "Traceback" not in done.stderr and "good.yaml" in done.stdout
    assert "d/pipe.yaml: not a regular file (a FIFO, socket or device); skipped" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("args", [["audit", "pipe.yaml", "good.yaml"], ["audit", "good.yaml", "-c", "pipe.yaml"],
                                  ["validate", "good.yaml", "pipe.yaml"], ["diff", "pipe.yaml", "good.yaml"]])
def test_a_fifo_named_on_the_command_line_is_an_error_not_a_hang(write, tmp_path, args):
    write(journey(), "good.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    done = _run(tmp_path, *args)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "pipe.yaml: not a regular file" in done.stderr
    if args[0] == "validate":
        assert "good.yaml: valid" in done.stdout


# -- 14. ** globs do not follow linked folders ---------------------------------------------------------------------

def test_recursive_glob_does_not_follow_linked_folders(tpscore, write, tmp_path):
    write(journey(), "d/a.yaml")
    write(journey(), "d/sub/b.yaml")
    write(journey(), "d/.hidden/c.yaml")
    (tmp_path / "d/up").symlink_to(tmp_path / "d")            # up -> .. would repeat the tree forty times
    (tmp_path / "d/sub/back").symlink_to(tmp_path / "d")      # two of them: exponential
    (tmp_path / "d/alias.yaml").symlink_to(tmp_path / "d/a.yaml")
    started = time.monotonic()
    result = tpscore("validate", "d/**/*.yaml")
    assert time.monotonic() - started < 60  # following the links took minutes
    handled(result, 0)
    assert result.stdout.splitlines() == [f"{name}: valid (Demo journey, 3 touchpoints)"
                                          for name in ("d/a.yaml", "d/sub/b.yaml")]


def test_recursive_glob_matches_at_any_depth_like_glob(tmp_path, monkeypatch):
    from tpscore.discover import expand_glob

    monkeypatch.chdir(tmp_path)
    for name in ("x.yaml", "d/x.yaml", "d/e/x.yaml", "d/e/y.yml", "d/.h/x.yaml", ".h/x.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    for pattern in ("**/*.yaml", "d/**/*.yaml", "d/**", "**/e/*", "d/**/x.yaml", "*/**/*.y*ml"):
        import glob

        assert expand_glob(pattern) == sorted(glob.glob(pattern, recursive=True)), pattern


# -- 17. a folder that cannot be listed ------------------------------------------------------------------------------

def test_an_unlistable_folder_is_an_error_naming_it(tpscore, write, tmp_path, monkeypatch):
    write(journey(), "d/good.yaml")
    write(journey(), "d/locked/hidden.yaml")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))  # as for a folder without r-x
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = tpscore("audit", "d", "-f", "table")
    handled(result, 2, "d/locked", others=("d/good.yaml",))
    assert "d/locked: cannot list the folder: Permission denied" in result.stderr


# -- 15. "did you mean" hints are capped -----------------------------------------------------------------------------

def _bad_references(count: int) -> str:
    lines = ["version: 1", "journey:", "  id: big", "  name: Big", "  stages: [s]", "touchpoints:"]
    lines += [f"  - {{id: touchpoint-{i}, name: T{i}, stage: s, next: [touchpoint-{i}-x]}}" for i in range(count)]
    return "\n".join(lines) + "\n"


def test_hints_for_thousands_of_bad_references_are_capped(tpscore, write, monkeypatch):
    from tpscore import problems as hints

    count = 1000
    monkeypatch.setattr(hints, "HINT_COMPARISONS_PER_RUN", 2 * hints.HINT_COMPARISONS_PER_FILE)
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        write(_bad_references(count), name)
    write(journey(), "good.yaml")
    started = time.monotonic()
    result = tpscore("validate", "a.yaml", "b.yaml", "c.yaml", "good.yaml", "-f", "json")
    elapsed = time.monotonic() - started
    handled(result, 1, others=("a.yaml", "c.yaml"))
    import json

    problems = json.loads(result.stdout)["problems"]
    per_file = hints.HINT_COMPARISONS_PER_FILE // count
    for name, expected in (("a.yaml", per_file), ("b.yaml", per_file), ("c.yaml", 0)):  # c: the run's budget is spent
        mine = [p for p in problems if p["file"] == name]
        assert len(mine) == count  # every problem is still reported, located
        assert sum(p["hint"] is not None for p in mine) == expected, name
    assert elapsed < 60  # uncapped, a file like this took minutes; capped about a second


# -- 16. the number of nodes is bounded ----------------------------------------------------------------------------

def test_more_nodes_than_the_limit_is_a_located_problem_found_without_building_the_tree():
    import tracemalloc

    from tpscore.source import Source
    from tpscore.validate import validate_source
    from tpscore.yamlsafe import Limits

    limits = Limits(max_nodes=20_000)
    text = "- a\n" * 400_000  # twenty times the limit
    tracemalloc.start()
    started = time.monotonic()
    [problem] = validate_source(Source("flat.yaml", text), limits).problems
    elapsed = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (problem.line, problem.column, problem.kind) == (20_000, 3, "limit")  # the list itself is one
    assert problem.message == "more than 20,000 values (scalars, lists and mappings)"
    assert peak < 16 * len(text)  # composing 400,000 nodes would take hundreds of bytes each
    assert elapsed < 30
    assert validate_source(Source("ok.yaml", "- a\n" * 19_999), limits).problems[0].kind == "type"  # under it


def test_a_flat_list_over_a_million_values_is_refused_by_the_command_line(tpscore, write):
    write("[" + "0," * 1_050_000 + "0]\n", "flat.yaml")
    write(journey(), "good.yaml")
    started = time.monotonic()
    result = tpscore("validate", "flat.yaml", "good.yaml")
    assert time.monotonic() - started < 60
    handled(result, 1, "flat.yaml", others=("good.yaml: valid",))
    assert "flat.yaml:1:2000000: more than 1,000,000 values" in result.stdout


# -- 19. non-finite numbers for numeric options ---------------------------------------------------------------------

@pytest.mark.parametrize("args", [["diff", "j.yaml", "j.yaml", "--fail-on-regression", "--tolerance", "nan"],
                                  ["diff", "j.yaml", "j.yaml", "--tolerance", "inf"],
                                  ["audit", "j.yaml", "--max-friction", "nan"],
                                  ["audit", "j.yaml", "--fail-under", "coverage=nan"]])
def test_non_finite_numeric_options_are_usage_errors(tpscore, write, args):
    write(journey(), "j.yaml")
    result = tpscore(*args)
    handled(result, 2)
    assert re.search(r"(tolerance|max-friction|fail-under)", result.stderr)


def test_a_regression_gate_with_a_real_tolerance_still_works(tpscore, write):
    write(journey(), "j.yaml")
    write(journey().replace("stage: buy", "stage: buy\n    frictions: [{kind: wait, severity: 5}]"), "k.yaml")
    result = tpscore("diff", "j.yaml", "k.yaml", "--fail-on-regression", "--tolerance", "1")
    handled(result, 1)
    assert "regression:" in result.stderr


# -- 20. YAML 1.2 core-schema numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize("written, value", [("017", 17), ("0o17", 15), ("0x10", 16), ("-3", -3), ("+4", 4),
                                            ("2e0", 2.0), ("1E+3", 1000.0), (".5", 0.5), ("1.", 1.0),
                                            ("1:30", "1:30"), ("1_000", "1_000"), ("0b11", "0b11"),
                                            ("-0x1", "-0x1"), ("12:30:00", "12:30:00"), ("2026-01-01", "2026-01-01")])
def test_numbers_are_read_as_yaml_1_2_core_schema(written, value):
    from tpscore.source import Source
    from tpscore.yamlsafe import load_yaml

    loaded = load_yaml(Source("n.yaml", f"a: {written}\n"))
    assert loaded.problems == [] and loaded.data == {"a": value} and type(loaded.data["a"]) is type(value)


def test_profiles_read_numbers_the_same_way(tpscore, write):
    write("thresholds: {touchpoint: 017}\nmoments: {last: 0x2}\n", "p.yaml")  # 1.1 would read 15 and 2
    write(journey(), "j.yaml")
    result = tpscore("audit", "j.yaml", "-c", "p.yaml", "-f", "json")
    import json

    profile = json.loads(result.stdout)["profile"]
    assert profile["thresholds"]["touchpoint"] == 17 and profile["moments"]["last"] == 2


def test_a_tagged_number_that_is_not_one_is_a_located_problem(tpscore, write):
    write(journey().replace("stage: buy", "stage: buy\n    weight: !!int 0b11"), "j.yaml")
    result = tpscore("validate", "j.yaml")
    handled(result, 1, "j.yaml")
    assert "j.yaml:13:13: '0b11' is not an integer" in result.stdout


# -- 21. weights cannot make the journey's scores underflow ----------------------------------------------------------

def test_tiny_weights_are_refused_and_small_ones_keep_the_proportions(tpscore, write):
    import json

    write(journey().replace("stage: buy", "stage: buy\n    weight: 5e-324"), "tiny.yaml")
    handled(tpscore("validate", "tiny.yaml"), 1, "tiny.yaml")
    friction = "\n    frictions: [{kind: wait, severity: 5}]"
    scores = {}
    for weight in ("1", "0.001"):
        text = journey().replace("stage: aware", f"stage: aware\n    weight: {weight}{friction}")
        text = text.replace("stage: buy", f"stage: buy\n    weight: {weight}").replace(
            "stage: use", f"stage: use\n    weight: {weight}")
        write(text, "j.yaml")
        scores[weight] = json.loads(tpscore("audit", "j.yaml", "-f", "json").stdout)["scores"]
    # A weight counts how often a touchpoint is met (friction compounds along the route), so a
    # thousandth of the weight is a thousandth of the exposure; the other scores do not use weights.
    assert scores["1"]["friction"] > 10 and scores["0.001"]["friction"] < scores["1"]["friction"]
    assert {k: v for k, v in scores["1"].items() if k != "friction"} == \
        {k: v for k, v in scores["0.001"].items() if k != "friction"}


def test_tiny_coverage_weights_in_a_profile_keep_their_proportions():
    from tpscore.scoring import coverage_score, weighted_mean

    assert coverage_score([(5e-324, 1.0), (5e-324, 0.0)]) == coverage_score([(1, 1.0), (1, 0.0)]) == 50.0
    assert weighted_mean([92.0, 0.0], [5e-324, 5e-324]) == 46.0


# -- 22. bidi overrides, zero-width characters, autolinks -------------------------------------------------------------

BIDI = r"Refund \u202egpj.exe\u202c zero\u200bwidth \u2066isolate\u2069 \ufeffbom"


@pytest.mark.parametrize("fmt", ["rich", "table", "markdown", "html", "junit", "github", "json", "sarif"])
def test_bidi_and_zero_width_characters_never_reach_an_output_raw(tpscore, write, tmp_path, fmt):
    import json

    write(journey(BIDI), "j.yaml")
    write(journey().replace("stage: buy", f'stage: "{BIDI}"'), "bad.yaml")  # quoted in the problem message
    write(journey(), "good.yaml")
    result = tpscore("audit", "j.yaml", "bad.yaml", "good.yaml", "-f", fmt, "-o", "out", "-f", fmt)
    for text in (result.stdout, (tmp_path / "out").read_text(encoding="utf-8")):
        assert not re.search("[\u202a-\u202e\u2066-\u2069\u200b\ufeff]", text), fmt
        if fmt in ("json", "sarif"):
            assert "\u202e" in json.dumps(json.loads(text), ensure_ascii=False) if fmt == "json" else True
            assert "\\u202e" in text  # escaped, not lost
        else:  # replaced (U+FFFD) where tpscore shows the text, escaped where a message quotes it
            assert ("\ufffd" in text or "\\u202e" in text) and "bad.yaml" in text


def test_markdown_never_turns_journey_text_into_a_link(tpscore, write):
    write(journey("Visit https://evil.example/pay or www.evil.example, mail x@evil.example"), "j.yaml")
    result = tpscore("audit", "j.yaml", "-f", "markdown")
    handled(result, 0)
    heading = result.stdout.splitlines()[0]
    assert "https\\://evil.example/pay" in heading and "www\\.evil.example" in heading and "&#64;" in heading
    assert "https://" not in result.stdout and "www.evil" not in result.stdout


# -- 23. shallow clones ---------------------------------------------------------------------------------------------

def _shallow_clone(tmp_path):
    def git(*args, cwd=tmp_path / "origin"):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True,
                       capture_output=True)

    (tmp_path / "origin").mkdir()
    git("init", "-q")
    for name in ("First", "Second", "Third"):
        (tmp_path / "origin" / "j.yaml").write_text(journey(name))
        git("add", "j.yaml")
        git("commit", "-qm", name)
    git("clone", "-q", "--depth", "1", f"file://{tmp_path / 'origin'}", str(tmp_path / "ci"), cwd=tmp_path)
    return tmp_path / "ci"


def test_trend_in_a_shallow_clone_says_so_and_how_to_fetch_history(tpscore, tmp_path):
    _shallow_clone(tmp_path)
    result = tpscore("trend", "--git", "ci/j.yaml", "-f", "csv")
    handled(result, 0)
    assert "ci/j.yaml: only part of the history is here" in result.stderr and "fetch-depth: 0" in result.stderr
    full = tpscore("trend", "--git", "origin/j.yaml", "-f", "csv")
    assert "shallow" not in full.stderr and full.stdout.count("\n") == 4


def test_diff_since_a_commit_missing_from_a_shallow_clone_says_why(tpscore, tmp_path):
    _shallow_clone(tmp_path)
    result = tpscore("diff", "ci/j.yaml", "--since", "HEAD~1")
    handled(result, 2)
    assert "does not exist" in result.stderr and "git fetch --unshallow" in result.stderr
    assert "fetch-depth: 0" in result.stderr and len(result.stderr.splitlines()) == 1


# -- the README states the limits the code applies ------------------------------------------------------------------

def test_readme_limits_paragraph_matches_the_code():
    from tpscore.problems import HINT_COMPARISONS_PER_FILE, HINT_COMPARISONS_PER_RUN
    from tpscore.profile import MAX_CONFIG_BYTES
    from tpscore.yamlsafe import DEFAULT_LIMITS, MAX_INT_DIGITS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    paragraph = " ".join(readme.split("**Limits.**", 1)[1].split("\n\n", 1)[0].split())
    for stated in (f"at most {DEFAULT_LIMITS.max_bytes // 2**20} MiB", f"{DEFAULT_LIMITS.max_depth} levels",
                   f"{DEFAULT_LIMITS.max_nodes:,} values (", f"{DEFAULT_LIMITS.max_expanded_nodes:,} values with",
                   f"at most {MAX_INT_DIGITS} digits", f"at most {MAX_CONFIG_BYTES // 2**20} MiB",
                   f"{HINT_COMPARISONS_PER_FILE:,} comparisons per file", f"{HINT_COMPARISONS_PER_RUN:,} per run"):
        assert stated in paragraph, stated
