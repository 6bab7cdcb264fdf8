"""The library entry point ``tpscore.audit``: the same run as ``tpscore audit``, without the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from helpers import EXAMPLES, HOSTILE

from tpscore import audit
from tpscore.profile import Profile
from tpscore.render.formats import AUDIT

README = Path(__file__).resolve().parents[1] / "README.md"


def test_audit_returns_the_run_the_cli_reports(tpscore):
    result = tpscore("audit", EXAMPLES, "-f", "json", "--fail-on", "never")
    assert result.exit_code == 1  # examples/invalid/ holds invalid journeys
    reported = json.loads(result.stdout)
    assert reported.pop("gates")[0]["gate"] == "valid journeys"  # gates are the command's, not the run's
    run = audit([str(EXAMPLES)])
    assert run.to_dict() == reported
    assert len(run.reports) >= 5 and run.invalid and run.errors == []


def test_a_profile_object_or_file_changes_the_scores(tmp_path):
    default = audit([str(HOSTILE)]).reports[0]
    gentle = Profile.from_mapping({"friction": {"compounding": 2}}, "test")
    by_object = audit([str(HOSTILE)], profile=gentle).reports[0]
    config = tmp_path / "profile.yaml"
    config.write_text("friction: {compounding: 2}\n", encoding="utf-8")
    by_file = audit([str(HOSTILE)], profile=str(config)).reports[0]
    assert by_object["scores"] == by_file["scores"] != default["scores"]
    assert by_object["profile"]["friction"]["compounding"] == by_file["profile"]["friction"]["compounding"] == 2


def test_unreadable_paths_are_errors_not_exceptions(tmp_path):
    run = audit([str(tmp_path / "missing.yaml"), str(HOSTILE)])
    assert [r["journey"]["id"] for r in run.reports] == ["hostile"]
    assert run.errors == [f"{tmp_path / 'missing.yaml'}: no such file or directory"]


def test_importing_the_library_loads_no_cli_or_terminal_module():
    code = ("import sys, tpscore\nrun = tpscore.audit([sys.argv[1]])\nassert run.reports\n"
            "bad = [m for m in ('typer', 'rich', 'click') if m in sys.modules]\nassert not bad, bad")
    subprocess.run([sys.executable, "-c", code, str(HOSTILE)], check=True)


def test_the_readme_library_example_runs(monkeypatch):
    monkeypatch.chdir(README.parent)
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    example = next(block for block in blocks if "audit(" in block)
    namespace: dict = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert namespace["markdown"] == AUDIT.render("markdown", namespace["run"])
