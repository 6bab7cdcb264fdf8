"""The GitHub Action (action.yml), its step outputs, and the pre-commit hooks (.pre-commit-hooks.yaml)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tpscore.step_outputs import main as step_outputs_main
from tpscore.step_outputs import step_outputs

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
EXAMPLES = ROOT / "examples"


def step(step_id: str) -> dict:
    return next(s for s in STEPS if s.get("id") == step_id)


# -- action.yml, statically -------------------------------------------------------------------------


def test_every_input_used_is_declared_and_every_declared_input_is_used():
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"inputs\.([\w-]+)", text))
    assert used == set(ACTION["inputs"])


def test_outputs_come_from_steps_that_set_them():
    keys = set(step_outputs({"format": "tpscore-report", "journey": {"id": "j"}, "status": "pass",
                             "scores": {"friction": 1, "coverage": 2, "experience": 3}}))
    audit_sets = set(re.findall(r'echo "(\w+)=', step("audit")["run"]))
    for name, spec in ACTION["outputs"].items():
        step_id, output = re.fullmatch(r"\$\{\{ steps\.(\w+)\.outputs\.(\w+) \}\}", spec["value"]).groups()
        assert output in (keys if step_id == "scores" else audit_sets), name


def test_inputs_reach_scripts_only_through_the_environment():
    for item in STEPS:
        assert "${{" not in item.get("run", ""), f"step {item.get('name')} pastes an expression into its script"


def test_composite_steps_name_their_shell():
    assert ACTION["runs"]["using"] == "composite"
    assert all(item.get("shell") == "bash" for item in STEPS if "run" in item)


# -- action.yml's scripts, run for real -----------------------------------------------------------------


@pytest.fixture
def runner(tmp_path):
    """Run a step's script as the runner would: bash, the inputs in the environment, the GITHUB_* files,
    and `tpscore`/`python3` meaning the code under test."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, command in (("tpscore", f'exec "{sys.executable}" -m tpscore.cli "$@"'),
                          ("python3", f'exec "{sys.executable}" "$@"')):
        (bin_dir / name).write_text(f"#!/bin/sh\n{command}\n", encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    files = {name: tmp_path / f"{name.lower()}.txt" for name in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY")}
    for path in files.values():
        path.write_text("", encoding="utf-8")
    defaults = {f"INPUT_{name.upper().replace('-', '_')}": str(spec.get("default", ""))
                for name, spec in ACTION["inputs"].items()}

    def run(step_id: str, **env: str) -> tuple[int, dict[str, str], str]:
        environment = {**os.environ, **defaults, **{k: str(v) for k, v in files.items()},
                       "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "REPORT_DIR": str(tmp_path),
                       "NO_COLOR": "1", **env}
        done = subprocess.run(["bash", "-e", "-c", step(step_id)["run"]], cwd=ROOT, env=environment,
                              capture_output=True, text=True)
        outputs = dict(line.split("=", 1) for line in files["GITHUB_OUTPUT"].read_text().splitlines() if line)
        return done.returncode, outputs, done.stdout + done.stderr

    run.summary = files["GITHUB_STEP_SUMMARY"]
    return run


def test_action_audits_writes_the_summary_and_exposes_scores(runner, tmp_path):
    code, outputs, log = runner("audit", INPUT_PATHS=f"{EXAMPLES}/bank-account-closure.yaml "
                                                     f"{EXAMPLES}/retail-purchase-return.yaml",
                                INPUT_FAIL_ON="never")
    assert code == 0, log
    assert outputs["code"] == "0" and outputs["status"] == "pass"
    assert "::warning file=" in log  # annotations on stdout
    report = json.loads(Path(outputs["report"]).read_text(encoding="utf-8"))
    assert json.loads(Path(outputs["sarif"]).read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert "Closing a current account" in runner.summary.read_text(encoding="utf-8")
    code, outputs, log = runner("scores", REPORT=outputs["report"])
    assert code == 0, log
    scores = {r["journey"]["id"]: r["scores"] for r in report["reports"]}
    assert float(outputs["friction"]) == max(s["friction"] for s in scores.values())
    assert float(outputs["coverage"]) == min(s["coverage"] for s in scores.values())
    assert json.loads(outputs["scores"]) == scores
    assert outputs["journeys"] == "2"


def test_action_gates_fail_the_audit_and_the_verdict_step(runner):
    code, outputs, log = runner("audit", INPUT_PATHS=f"{EXAMPLES}/saas-onboarding-renewal.yaml",
                                INPUT_FAIL_ON="never", INPUT_FAIL_UNDER="coverage=99 experience=1",
                                INPUT_SUMMARY="false")
    assert code == 0, log  # the audit step records the verdict; the last step fails the job
    assert outputs["code"] == "1" and outputs["status"] == "fail"
    assert runner.summary.read_text(encoding="utf-8") == ""
    verdict = next(s for s in STEPS if s.get("name") == "Verdict")
    assert subprocess.run(["bash", "-c", verdict["run"]], env={**os.environ, "CODE": outputs["code"]}).returncode == 1


def test_action_inputs_are_not_evaluated_by_the_shell(runner, tmp_path):
    code, outputs, _ = runner("audit", INPUT_PATHS="$(touch pwned) `touch pwned2`", INPUT_FAIL_ON="never",
                              INPUT_ARGS="--exclude $(touch pwned3)")
    assert not any((ROOT / name).exists() or (tmp_path / name).exists() for name in ("pwned", "pwned2", "pwned3"))
    assert outputs["code"] == "2"  # the odd paths do not exist: a usage error, not a command


def test_step_outputs_of_one_journey_and_its_cli(tmp_path, capsys):
    report = {"format": "tpscore-report", "journey": {"id": "shop"}, "status": "fail",
              "scores": {"friction": 12.5, "coverage": 80.0, "experience": 62.5},
              "findings": [{"severity": "error"}, {"severity": "warning"}, {"severity": "warning"}]}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    assert step_outputs_main([str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["journeys=1", "invalid=0", "errors=1", "warnings=2", "status=fail",
                     'scores={"shop":{"coverage":80.0,"experience":62.5,"friction":12.5}}',
                     "friction=12.5", "coverage=80", "experience=62.5"]
    assert step_outputs_main([str(tmp_path / "missing.json")]) == 2


# -- pre-commit ------------------------------------------------------------------------------------------


def test_hooks_manifest():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"tpscore-validate", "tpscore-audit"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["entry"].startswith("tpscore ")
        pattern = re.compile(hook["files"])
        assert pattern.search("journeys/returns.yaml") and pattern.search("cx/journeys/q3/a.json")
        assert not pattern.search(".github/workflows/ci.yml") and not pattern.search("journeys.yaml")


PRE_COMMIT = shutil.which("pre-commit")


@pytest.mark.skipif(not PRE_COMMIT, reason="pre-commit is not installed (pip install pre-commit)")
@pytest.mark.skipif(not (os.environ.get("CI") or os.environ.get("TPSCORE_SLOW")),
                    reason="slow (builds a virtual environment from PyPI): set TPSCORE_SLOW=1 or CI")
def test_pre_commit_try_repo(tmp_path):
    """`pre-commit try-repo` installs this checkout's committed hooks as a user's repository would."""
    repo = tmp_path / "repo"
    (repo / "journeys").mkdir(parents=True)
    shutil.copy(EXAMPLES / "bank-account-closure.yaml", repo / "journeys")
    shutil.copy(EXAMPLES / "invalid" / "typo-key.yaml", repo / "journeys")
    (repo / "other.yaml").write_text("not: [a journey\n", encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("PYTHONPATH", None)  # the hook runs the tpscore pre-commit installed, not this src/

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=repo, check=True,
                       capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "journeys")

    def try_hook(hook: str) -> subprocess.CompletedProcess:
        return subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), hook, "--all-files"], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=900)

    validate = try_hook("tpscore-validate")
    assert validate.returncode == 1, validate.stdout + validate.stderr
    assert "journeys/typo-key.yaml:14:9: missing required key 'severity'" in validate.stdout
    assert "other.yaml" not in validate.stdout  # only files under journeys/
    audit = try_hook("tpscore-audit")
    assert audit.returncode == 1, audit.stdout + audit.stderr
    assert "TP006" in audit.stdout and "journeys/bank-account-closure.yaml" in audit.stdout
