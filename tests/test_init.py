"""tpscore init: the written journey validates, the modeline comes first, nothing is overwritten by accident."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tpscore.journeyfile import dump_journey, scalar
from tpscore.profile import load_profile_file
from tpscore.schemas import schema_path
from tpscore.validate import validate_file

INSTALLED = schema_path("journey").resolve().as_uri()


@given(st.text(max_size=40))
@settings(max_examples=300)
def test_every_string_scalar_reads_back_as_itself(text):
    assert yaml.safe_load(f"key: {scalar(text)}\n") == {"key": text}
    assert yaml.safe_load(dump_journey({"key": [text, "x"], "map": {text: text}}, schema=None)) == \
        {"key": [text, "x"], "map": {text: text}}


@pytest.mark.parametrize("text", ["yes", "No", "null", "~", "1.5", "0x1f", "2026-07-01", "12:30", "- a", "a: b",
                                  "a #b", "[x]", "*ref", "!tag", "%x", "@x", "'q'", " lead", "end:", ".inf", "1e3"])
def test_plain_looking_but_special_strings_are_quoted(text):
    assert scalar(text).startswith('"')
    assert yaml.safe_load(f"k: {scalar(text)}") == {"k": text}


def test_dump_journey_reads_back_as_the_document():
    document = {"version": 1, "journey": {"id": "j", "name": "A: b # c", "stages": ["s"]},
                "touchpoints": [{"id": "a", "name": "x", "stage": "s", "frictions": [{"kind": "wait", "severity": 2}],
                                 "metrics": {"csat": 4.5}, "next": []},
                                {"id": "b", "name": "y", "stage": "s", "moments": ["first", "last"]}]}
    text = dump_journey(document, ["two\nlines"], "journey.schema.json")
    assert text.splitlines()[:2] == ["# yaml-language-server: $schema=journey.schema.json", "# two lines"]
    assert yaml.safe_load(text) == document


def test_init_with_flags_writes_a_valid_journey_and_profile(tpscore, tmp_path):
    result = tpscore("init", "--name", "Boiler repair: 24/7 # emergency", "--stages", "quote, book,visit",
                     "--channels", "web,phone", "--touchpoint", "Written quote", "--owner", "Sales",
                     "--persona", "Homeowner", "--audit", "2026-Q3", "--profile")
    assert result.exit_code == 0, result.output
    written = tmp_path / "boiler-repair-24-7-emergency.yaml"
    lines = written.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"# yaml-language-server: $schema={INSTALLED}"  # the default: this tpscore's schema
    validation = validate_file(str(written))
    assert validation.ok, validation.problems
    journey = validation.journey
    assert journey.name == "Boiler repair: 24/7 # emergency"
    assert (journey.audit, journey.persona, journey.stages) == ("2026-Q3", "Homeowner", ("quote", "book", "visit"))
    touchpoint = journey.touchpoints[0]
    assert (touchpoint.id, touchpoint.stage, touchpoint.channel, touchpoint.owner) == \
        ("written-quote", "quote", "web", "sales")
    profile = load_profile_file(str(tmp_path / ".tpscore.yaml"))
    assert profile.to_dict()["moments"] == {"first": 1.5, "last": 2.0, "emotional": 1.5}
    assert (tmp_path / ".tpscore.yaml").read_text().startswith("# yaml-language-server: $schema=")


def test_init_refuses_to_overwrite_without_force(tpscore, tmp_path):
    (tmp_path / "j.yaml").write_text("keep me", encoding="utf-8")
    result = tpscore("init", "j.yaml", "--yes")
    assert result.exit_code == 2
    assert "already exists; use --force" in result.output
    assert (tmp_path / "j.yaml").read_text() == "keep me"
    assert tpscore("init", "j.yaml", "--yes", "--force").exit_code == 0
    assert validate_file(str(tmp_path / "j.yaml")).ok


def test_init_refuses_when_only_the_profile_exists(tpscore, tmp_path):
    (tmp_path / ".tpscore.yaml").write_text("moments: {last: 3}\n", encoding="utf-8")
    result = tpscore("init", "--yes", "--profile")
    assert result.exit_code == 2 and ".tpscore.yaml already exists" in result.output
    assert not (tmp_path / "customer-journey.yaml").exists()


def test_init_without_a_terminal_needs_flags_or_yes(tpscore, tmp_path):
    result = tpscore("init")
    assert result.exit_code == 2
    assert "give --name" in result.output
    assert list(tmp_path.iterdir()) == []


def test_init_prompts_on_a_terminal(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from tpscore import cli_authoring
    from tpscore.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli_authoring, "can_prompt", lambda: True)
    answers = "Returns\nShopper\nbuy, return, refund\nweb\nReturn label\nSupport\n"
    result = CliRunner().invoke(app, ["init", "returns.yaml", "--schema", "none"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Journey name" in result.output and "Stages, in order" in result.output
    journey = validate_file(str(tmp_path / "returns.yaml")).journey
    assert (journey.name, journey.persona, journey.stages) == ("Returns", "Shopper", ("buy", "return", "refund"))
    assert journey.touchpoints[0].owner == "support"
    assert not (tmp_path / "returns.yaml").read_text().startswith("# yaml-language-server")


@pytest.mark.parametrize(("flags", "message"), [
    (["--stages", ",,"], "at least one stage"),
    (["--stage", "nowhere"], "stage 'nowhere' is not one of the stages"),
    (["--channels", "web", "--channel", "fax"], "channel 'fax' is not one of the channels"),
    (["--name", "x" * 3000], "do not make a valid journey"),
])
def test_init_reports_answers_that_cannot_make_a_journey(tpscore, tmp_path, flags, message):
    result = tpscore("init", "--yes", *flags)
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_init_into_a_folder_uses_the_journey_id(tpscore, tmp_path):
    (tmp_path / "journeys").mkdir()
    assert tpscore("init", "journeys", "--name", "Account closure", "--schema", "installed").exit_code == 0
    text = (tmp_path / "journeys" / "account-closure.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=file://") and "journey.schema.json" in text


def test_init_as_a_real_process(tmp_path):
    done = subprocess.run([sys.executable, "-m", "tpscore.cli", "init", "--yes", "--stages", "a,b"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert validate_file(str(tmp_path / "customer-journey.yaml")).ok


def test_init_creates_the_folders_it_needs(tpscore, tmp_path):
    assert tpscore("init", "cx/journeys/boiler.yaml", "--yes").exit_code == 0
    assert validate_file(str(tmp_path / "cx" / "journeys" / "boiler.yaml")).ok
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = tpscore("init", "file/boiler.yaml", "--yes")
    assert result.exit_code == 2 and "not a directory" in result.output
