"""``tpscore validate`` end to end: exit codes, output formats, file discovery, stdin, errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import VALID

import tpscore

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
BAD = VALID.replace("id: demo", "id: Demo").replace("stage: buy", "stage: bye")  # two problems: 3:7, 12:12
LOCATION = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): ")
ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def run(tpscore, monkeypatch):
    """conftest's ``tpscore`` without colour."""
    monkeypatch.setenv("NO_COLOR", "1")
    return tpscore


def lines(text: str) -> list[str]:
    return text.splitlines()


# -- exit codes and text output -----------------------------------------------------------------------


def test_valid_files_one_confirmation_line_each(run, write):
    write(VALID, "a.yaml")
    write(VALID.replace("Demo journey", "Other"), "b.yml")
    result = run("validate", "a.yaml", "b.yml")
    assert result.exit_code == 0
    assert lines(result.stdout) == ["a.yaml: valid (Demo journey, 3 touchpoints)",
                                    "b.yml: valid (Other, 3 touchpoints)"]
    assert result.stderr == ""


def test_quiet_prints_nothing_for_valid_files(run, write):
    write(VALID, "a.yaml")
    result = run("validate", "-q", "a.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert run("validate", "--quiet", "a.yaml").stdout == ""


def test_quiet_still_prints_problems(run, write):
    write(VALID, "a.yaml")
    write(BAD, "bad.yaml")
    result = run("validate", "-q", "a.yaml", "bad.yaml")
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in lines(result.stdout)[:2]] == ["bad.yaml:3:7", "bad.yaml:12:12"]
    assert "a.yaml" not in result.stdout.replace("bad.yaml", "")


def test_invalid_file_exit_1_with_located_lines(run, write):
    write(BAD, "bad.yaml")
    result = run("validate", "bad.yaml")
    assert result.exit_code == 1
    out = lines(result.stdout)
    assert out[0].startswith("bad.yaml:3:7: invalid format: found 'Demo'")
    assert out[0].endswith("[$.journey.id]")
    assert out[1] == ("bad.yaml:12:12: unknown stage 'bye': expected one of journey.stages: aware, buy, use "
                      "(did you mean 'buy'?) [$.touchpoints[1].stage]")
    assert out[2:] == ["Found 2 problems in 1 of 1 file."]


def test_mixed_valid_and_invalid(run, write):
    write(VALID, "a.yaml")
    write(BAD, "bad.yaml")
    result = run("validate", "a.yaml", "bad.yaml")
    assert result.exit_code == 1
    assert lines(result.stdout)[0] == "a.yaml: valid (Demo journey, 3 touchpoints)"
    assert lines(result.stdout)[-1] == "Found 2 problems in 1 of 2 files."


def test_missing_file_exit_2(run, write):
    write(VALID, "a.yaml")
    result = run("validate", "a.yaml", "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr == "tpscore: error: nope.yaml: no such file or directory\n"
    assert result.stdout == "a.yaml: valid (Demo journey, 3 touchpoints)\n"  # the others are still checked


def test_missing_file_wins_over_invalid_file(run, write):
    write(BAD, "bad.yaml")
    assert run("validate", "bad.yaml", "nope.yaml").exit_code == 2


def test_undecodable_file_is_an_invalid_file_not_an_io_error(run, write):
    write(b"version: 1\n\xff\n", "latin.yaml")
    result = run("validate", "latin.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith("latin.yaml:2:1: not UTF-8: invalid byte 0xff at byte offset 11")


def test_no_arguments_shows_usage(run):
    result = run("validate")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


# -- discovery ----------------------------------------------------------------------------------------


def test_directory_searched_recursively(run, write):
    write(VALID, "journeys/a.yaml")
    write(VALID, "journeys/sub/b.yml")
    write(json.dumps({"version": 1, "journey": {"id": "j", "name": "Json", "stages": ["s"]},
                      "touchpoints": [{"id": "t", "name": "T", "stage": "s"}]}), "journeys/sub/deeper/c.json")
    write("not: a journey\n", "journeys/.hidden/x.yaml")
    write("not: a journey\n", "journeys/.tpscore.yaml")
    write("not: a journey\n", "journeys/.pre-commit-config.yaml")
    write("not: a journey\n", "journeys/notes.txt")
    write("not: a journey\n", "journeys/node_modules/pkg/x.yaml")
    result = run("validate", "journeys")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [
        f"{os.path.join('journeys', 'a.yaml')}: valid (Demo journey, 3 touchpoints)",
        f"{os.path.join('journeys', 'sub', 'b.yml')}: valid (Demo journey, 3 touchpoints)",
        f"{os.path.join('journeys', 'sub', 'deeper', 'c.json')}: valid (Json, 1 touchpoint)",
    ]


def test_directory_without_journeys_exit_2(run, write):
    write("x", "empty/readme.txt")
    result = run("validate", "empty")
    assert result.exit_code == 2
    assert "no journey files found" in result.stderr


def test_explicit_hidden_file_is_still_read(run, write):
    write("a: 1\n", ".tpscore.yaml")
    result = run("validate", ".tpscore.yaml")
    assert result.exit_code == 1  # named on purpose: validated (and it is not a journey)


@pytest.mark.parametrize("pattern, remaining", [
    ("draft*", ["j/a.yaml", "j/sub/b.yaml"]),
    ("sub", ["j/a.yaml", "j/draft-c.yaml"]),
    ("j/sub/*", ["j/a.yaml", "j/draft-c.yaml"]),
    ("*.yaml", []),
])
def test_exclude(run, write, pattern, remaining):
    for name in ("j/a.yaml", "j/sub/b.yaml", "j/draft-c.yaml"):
        write(VALID, name)
    result = run("validate", "-q", "--exclude", pattern, "j", "--format", "json")
    checked = run("validate", "--exclude", pattern, "j")
    found = sorted(line.split(":")[0] for line in lines(checked.stdout))
    assert found == sorted(os.path.normpath(p) for p in remaining)
    assert result.exit_code == (0 if remaining else 2)


def test_exclude_is_repeatable(run, write):
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        write(VALID, f"j/{name}")
    result = run("validate", "--exclude", "a.yaml", "--exclude", "c.yaml", "j")
    assert lines(result.stdout) == [f"{os.path.join('j', 'b.yaml')}: valid (Demo journey, 3 touchpoints)"]


def test_globs(run, write):
    write(VALID, "a.yaml")
    write(VALID, "b.yaml")
    write(VALID, "deep/er/c.yml")
    write(BAD, "other.json")
    result = run("validate", "*.yaml")
    assert (result.exit_code, [line.split(":")[0] for line in lines(result.stdout)]) == (0, ["a.yaml", "b.yaml"])
    result = run("validate", "**/*.yml")
    assert lines(result.stdout) == [f"{os.path.join('deep', 'er', 'c.yml')}: valid (Demo journey, 3 touchpoints)"]


def test_glob_matching_nothing_exit_2(run, write):
    write(VALID, "a.yaml")
    result = run("validate", "*.yml")
    assert result.exit_code == 2
    assert result.stderr == "tpscore: error: *.yml: no such file or directory\n"


def test_same_file_twice_is_checked_once(run, write):
    write(VALID, "a.yaml")
    result = run("validate", "a.yaml", "a.yaml", "*.yaml")
    assert len(lines(result.stdout)) == 1


# -- stdin --------------------------------------------------------------------------------------------


def test_stdin(run):
    result = run("validate", "-", input=VALID)
    assert (result.exit_code, result.stdout) == (0, "<stdin>: valid (Demo journey, 3 touchpoints)\n")


def test_stdin_invalid(run):
    result = run("validate", "-", input=BAD)
    assert result.exit_code == 1
    assert lines(result.stdout)[0].startswith("<stdin>:3:7: ")


def test_stdin_bytes_with_bom(run):
    result = run("validate", "-", input=b"\xff\xfe" + VALID.encode("utf-16-le"))
    assert result.exit_code == 0


# -- machine formats ----------------------------------------------------------------------------------


def test_json_format(run, write):
    write(BAD, "bad.yaml")
    write(VALID, "a.yaml")
    result = run("validate", "--format", "json", "bad.yaml", "a.yaml")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert_valid_validation(document)
    assert (document["format"], document["ok"], document["files"]) == (
        "tpscore-validation", False, {"checked": 2, "valid": 1, "invalid": 1})
    problems = document["problems"]
    assert len(problems) == 2
    for problem in problems:
        assert {"file", "line", "column", "path", "kind", "message"} <= set(problem)
        assert isinstance(problem["line"], int) and isinstance(problem["column"], int)
    assert [(p["file"], p["line"], p["column"], p["path"], p["kind"]) for p in problems] == [
        ("bad.yaml", 3, 7, "$.journey.id", "value"),
        ("bad.yaml", 12, 12, "$.touchpoints[1].stage", "reference"),
    ]
    assert problems[1]["message"].startswith("unknown stage 'bye'")
    assert problems[1]["hint"] == "did you mean 'buy'?"


def assert_valid_validation(document: dict) -> None:
    from jsonschema import Draft202012Validator

    from tpscore.schemas import load_schema

    Draft202012Validator(load_schema("validate")).validate(document)


def test_json_format_for_valid_files_has_no_problems(run, write):
    write(VALID, "a.yaml")
    result = run("validate", "-f", "json", "a.yaml")
    document = json.loads(result.stdout)
    assert_valid_validation(document)
    assert (result.exit_code, document["ok"], document["problems"], document["errors"]) == (0, True, [], [])


def test_json_format_lists_files_that_cannot_be_read(run, write):
    write(VALID, "a.yaml")
    result = run("validate", "-f", "json", "a.yaml", "missing.yaml")
    document = json.loads(result.stdout)
    assert_valid_validation(document)
    assert result.exit_code == 2 and not document["ok"] and "missing.yaml" in document["errors"][0]


def test_json_format_keeps_unicode(run, write):
    write(VALID.replace("stage: buy", "stage: büy"), "u.yaml")
    problems = json.loads(run("validate", "-f", "json", "u.yaml").stdout)["problems"]
    assert any("'büy'" in p["message"] for p in problems)


HOSTILE_KEY = 'x\\n::error::pwned%0A'  # a YAML double-quoted key: real newline, a command, a literal %0A


def test_github_format_escaping(run, write):
    text = VALID.replace("  stages:", f'  "{HOSTILE_KEY}": 1\n  stages:').replace(
        "stage: buy", 'stage: "bye\\n::warning file=x::forged"')
    write(text, "evil, name:1.yaml")
    result = run("validate", "--format", "github", "evil, name:1.yaml")
    assert result.exit_code == 1
    out = lines(result.stdout)
    assert len(out) == 3  # unknown key, slug pattern, unknown stage: one line each
    for line in out:
        assert line.startswith("::error file=evil%2C name%3A1.yaml,line=")
        assert re.match(r"^::error file=[^,:]*,line=\d+,col=\d+,title=tpscore%3A [a-z-]+::", line)
    assert not any(line.startswith(("::error::", "::warning")) for line in out)
    # The key is quoted with its newline escaped, and GitHub's own escaping still applies to `%`.
    assert "'x\\n::error::pwned%250A'" in out[0]
    assert out[0].startswith("::error file=evil%2C name%3A1.yaml,line=5,col=3,title=tpscore%3A unknown-key::")


def test_github_format_valid_file_prints_nothing(run, write):
    write(VALID, "a.yaml")
    assert run("validate", "-f", "github", "a.yaml").stdout == ""


def test_text_format_one_line_per_problem_even_with_newlines_in_values(run, write):
    text = VALID.replace("  stages:", f'  "{HOSTILE_KEY}": 1\n  stages:')
    write(text, "evil.yaml")
    result = run("validate", "evil.yaml")
    out = lines(result.stdout)
    assert all(LOCATION.match(line) for line in out[:-1]), out
    assert not any(line.startswith("::") for line in out)


def test_text_format_neutralises_terminal_escapes(run, write):
    write(VALID.replace("stage: buy", 'stage: "b\\e[31mred"'), "esc.yaml")
    result = run("validate", "esc.yaml")
    assert "\x1b" not in result.stdout


# -- colour -------------------------------------------------------------------------------------------


def test_no_color_has_no_ansi_escapes(run, write):
    write(BAD, "bad.yaml")
    write(VALID, "a.yaml")
    coloured = run("validate", "bad.yaml", "a.yaml", env={"NO_COLOR": None, "FORCE_COLOR": "1"})
    assert ANSI.search(coloured.stdout)  # the check below would notice colour
    plain = run("validate", "bad.yaml", "a.yaml", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert not ANSI.search(plain.stdout + plain.stderr)
    assert plain.exit_code == coloured.exit_code == 1


def test_coloured_and_plain_text_say_the_same(run, write):
    write(BAD, "bad.yaml")
    coloured = run("validate", "bad.yaml", env={"NO_COLOR": None, "FORCE_COLOR": "1"}).stdout
    plain = run("validate", "bad.yaml").stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


# -- options and failures -----------------------------------------------------------------------------


def test_version(run):
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"tpscore {tpscore.__version__}\n")
    assert run("-V").stdout == result.stdout


def test_unknown_option_exit_2(run, write):
    write(VALID, "a.yaml")
    result = run("validate", "--bogus", "a.yaml")
    assert result.exit_code == 2
    # typer's rich formatter says "No such option: --bogus", plain click "No such option '--bogus'"
    assert "No such option" in result.stderr and "--bogus" in result.stderr
    assert result.stdout == ""


def test_unknown_format_exit_2(run, write):
    write(VALID, "a.yaml")
    assert run("validate", "--format", "xml", "a.yaml").exit_code == 2


def test_internal_error_is_one_line_without_traceback(run, write, monkeypatch):
    import tpscore.validate as command

    def boom(name):
        raise RuntimeError("boom")

    monkeypatch.setattr(command, "validate_file", boom)
    write(VALID, "a.yaml")
    result = run("validate", "a.yaml")
    assert result.exit_code == 2
    assert result.stderr == "tpscore: internal error: RuntimeError: boom (run with --debug for details)\n"
    assert "Traceback" not in result.output


def test_debug_lets_the_traceback_through(run, write, monkeypatch):
    import tpscore.validate as command

    monkeypatch.setattr(command, "validate_file", lambda name: 1 / 0)
    write(VALID, "a.yaml")
    result = run("--debug", "validate", "a.yaml")
    assert isinstance(result.exception, ZeroDivisionError)
    assert run("validate", "a.yaml").exit_code == 2  # --debug does not stick to later runs


def test_set_tag_is_a_problem_not_an_internal_error(run, write):
    write(VALID.replace("    stage: aware\n", "    stage: aware\n    next: !!set {shop}\n    moments: [!!set {a}]\n"),
          "set.yaml")
    result = run("validate", "set.yaml")
    assert result.exit_code == 1, result.stderr


# -- examples -----------------------------------------------------------------------------------------


def example_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")) + sorted(folder.glob("*.json"))


def test_every_example_validates(run):
    files = example_files(EXAMPLES)
    if not files:
        pytest.skip("no examples yet")
    result = run("validate", *map(str, files))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert len(lines(result.stdout)) == len(files)


def test_broken_examples_are_reported_not_crashed(run):
    files = example_files(EXAMPLES / "invalid")
    if not files:
        pytest.skip("no broken examples yet")
    result = run("validate", "--format", "json", *map(str, files))
    assert result.exit_code in (0, 1), result.stderr
    for problem in json.loads(result.stdout)["problems"]:
        assert problem["line"] >= 1 and problem["column"] >= 1


# -- a real process -----------------------------------------------------------------------------------


def test_real_process_from_another_directory(tmp_path):
    (tmp_path / "ok.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    env.pop("FORCE_COLOR", None)
    script = Path(sys.executable).with_name("tpscore")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "tpscore.cli"]

    def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([*command, *args], cwd=tmp_path, env=env, input=stdin, capture_output=True,
                              text=True, timeout=60)

    ok = cli("validate", "ok.yaml")
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "ok.yaml: valid (Demo journey, 3 touchpoints)\n", "")
    bad = cli("validate", "ok.yaml", "bad.yaml")
    assert bad.returncode == 1
    assert [line.split(": ")[0] for line in lines(bad.stdout)] == [
        "ok.yaml", "bad.yaml:3:7", "bad.yaml:12:12", "Found 2 problems in 1 of 2 files."]
    assert "\x1b" not in bad.stdout
    missing = cli("validate", "missing.yaml")
    assert (missing.returncode, missing.stderr) == (2, "tpscore: error: missing.yaml: no such file or directory\n")
    piped = cli("validate", "-", stdin=VALID)
    assert (piped.returncode, piped.stdout) == (0, "<stdin>: valid (Demo journey, 3 touchpoints)\n")
    module = subprocess.run([sys.executable, "-m", "tpscore.cli", "validate", "-f", "json", "bad.yaml"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=60)
    assert module.returncode == 1
    assert [p["line"] for p in json.loads(module.stdout)["problems"]] == [3, 12]
