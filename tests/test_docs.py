"""Docs are part of the feature: generated pages are fresh, the worked example matches the code,
and the README's commands and outputs are real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tpscore.analysis import analyse
from tpscore.docgen import all_pages
from tpscore.profile import default_profile
from tpscore.render.explain import explain_text
from tpscore.validate import load_journey

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@pytest.mark.parametrize("name", sorted(all_pages()))
def test_generated_page_is_fresh(name):
    committed = DOCS / name
    assert committed.is_file(), f"docs/{name} is missing: run `python -m tpscore.docgen docs`"
    assert committed.read_text(encoding="utf-8") == all_pages()[name], \
        f"docs/{name} is stale: run `python -m tpscore.docgen docs`"


def test_every_schema_field_is_documented():
    page = (DOCS / "format.md").read_text(encoding="utf-8")
    for field in ("journey.sale", "touchpoints[].frictions[].severity", "touchpoints[].metrics.drop_off",
                  "feedback[].count", "touchpoints[].ignore"):
        assert f"`{field}`" in page


def test_scoring_worked_example_matches_explain(monkeypatch):
    monkeypatch.chdir(ROOT)
    journey = load_journey("docs/worked-example.yaml")
    expected = explain_text(analyse(journey, default_profile()))
    page = (DOCS / "scoring.md").read_text(encoding="utf-8")
    assert expected.strip() in page, "docs/scoring.md's worked example is out of date with `tpscore explain`"


def test_readme_has_two_setup_commands_and_links_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up", 1)[1].split("## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", setup)
    assert commands == ["pip install . && tpscore audit examples/", "pip install '.[test]' && pytest"]
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), f"README links to missing {target}"


def test_readme_outputs_are_real(monkeypatch):
    """Each ```console block's first line is a command whose real output starts like the block."""
    from typer.testing import CliRunner

    from tpscore.cli import app

    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n\$ tpscore (.+?)\n(.*?)```", readme, flags=re.S)
    assert len(blocks) >= 4
    runner = CliRunner()
    for command, shown in blocks:
        result = runner.invoke(app, command.split(), env={"NO_COLOR": "1", "COLUMNS": "80"},
                               catch_exceptions=False)
        first_lines = [line.rstrip() for line in shown.splitlines()[:3]]
        actual = [line.rstrip() for line in result.output.splitlines()[:3]]
        assert actual == first_lines, f"README output of `tpscore {command}` is stale"
