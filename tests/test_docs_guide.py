"""docs/guide.md is real: every console block's output is what the command prints today, run in order
the way scripts/refresh_docs_output.py runs them."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guide.md"


def refresh_module():
    spec = importlib.util.spec_from_file_location("refresh_docs_output", ROOT / "scripts" / "refresh_docs_output.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shown_and_real(tmp_path_factory):
    refresh = refresh_module()
    bin_dir = tmp_path_factory.mktemp("bin")
    (bin_dir / "tpscore").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m tpscore.cli "$@"\n', encoding="utf-8")
    (bin_dir / "tpscore").chmod(0o755)
    env = dict(refresh.ENV, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    text = GUIDE.read_text(encoding="utf-8")
    blocks = list(refresh.GUIDE_BLOCK.finditer(text))
    real = refresh.guide_outputs(ROOT, [block.group(1) for block in blocks], env)
    return blocks, real


def test_guide_outputs_are_fresh(shown_and_real):
    blocks, real = shown_and_real
    assert len(blocks) >= 15
    for block, (output, code) in zip(blocks, real):
        shown = block.group(0)
        expected_note = f"(exit code {code})" if code else None
        assert block.group(2) == output, f"docs/guide.md is stale at `{block.group(1)}`: " \
                                         "run python scripts/refresh_docs_output.py"
        assert (expected_note in shown) if expected_note else "(exit code" not in shown


def test_guide_walks_the_principles_and_the_tools(shown_and_real):
    blocks, real = shown_and_real
    commands = " ".join(block.group(1) for block in blocks)
    for step in ("tpscore init", "tpscore import mermaid", "tpscore export mermaid", "tpscore metrics merge",
                 "tpscore diff"):
        assert step in commands
    outputs = "".join(output for output, _ in real)
    for code in ("TP001", "TP002", "TP003", "TP005", "TP006", "TP008", "TP009"):
        assert f" {code} " in outputs, f"the guide shows no {code} finding"
    assert "Traceback" not in outputs and "No module named" not in outputs


def test_guide_links_exist():
    text = GUIDE.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)\)", text):
        if not target.startswith("http"):
            assert (GUIDE.parent / target).exists(), f"docs/guide.md links to missing {target}"


def test_readme_points_to_the_guide():
    assert "(docs/guide.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
