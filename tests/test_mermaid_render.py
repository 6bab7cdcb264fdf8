"""Exported diagrams render with the real Mermaid CLI (optional: needs MMDC, see scripts/check_mermaid_render.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check_mermaid_render.py"


@pytest.mark.skipif(not os.environ.get("MMDC"), reason="set MMDC to @mermaid-js/mermaid-cli's mmdc to run")
def test_exported_diagrams_render_with_mermaid_cli():
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
