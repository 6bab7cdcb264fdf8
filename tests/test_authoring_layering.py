"""The authoring modules (init, Mermaid, metrics merge) keep the project's layering and start-up rules."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["tpscore.scaffold", "tpscore.journeyfile", "tpscore.slugs",
                                    "tpscore.mermaid_import", "tpscore.mermaid_export", "tpscore.metrics_merge",
                                    "tpscore.metrics_write"])
def test_core_never_imports_typer_or_rich(module):
    code = (f"import sys, {module}\n"
            "bad = [m for m in ('typer', 'rich', 'click') if m in sys.modules]\n"
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_only_metrics_merge_loads_ruamel():
    code = ("import sys, tpscore.cli, tpscore.metrics_merge, tpscore.metrics_write, tpscore.commands.metrics\n"
            "assert 'ruamel.yaml' not in sys.modules\n"
            "from tpscore.metrics_write import apply_plan\n"
            "from tpscore.metrics_merge import MergePlan\n"
            "apply_plan('version: 1\\njourney: {id: j, name: J, stages: [s]}\\ntouchpoints: []\\n', MergePlan())\n"
            "assert 'ruamel.yaml' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
