"""Architecture rules that keep tpscore fast to start and usable as a library."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tpscore import __version__

EXAMPLE = str(Path(__file__).resolve().parents[1] / "examples" / "bank-account-closure.yaml")
HEAVY = ("yaml", "rich", "jsonschema", "tabulate", "typer")

_PROBE = """
import atexit, json, sys
atexit.register(lambda: sys.stderr.write("\\nMODULES " + json.dumps(sorted(
    m for m in {heavy!r} if m in sys.modules)) + "\\n"))
sys.argv = ["tpscore", *{args!r}]
from tpscore.cli import run
run()
"""


def _loaded_by(*args: str) -> list[str]:
    """Which heavy modules a real CLI run imports (stdout is a pipe, so no colour)."""
    proc = subprocess.run([sys.executable, "-c", _PROBE.format(heavy=HEAVY, args=list(args))],
                          capture_output=True, text=True,
                          env={"PATH": "", "NO_COLOR": "1", "PYTHONPATH": os.environ["PYTHONPATH"]})
    line = [x for x in proc.stderr.splitlines() if x.startswith("MODULES ")][-1]
    return json.loads(line.split(" ", 1)[1])


def test_version_imports_nothing_heavy_but_typer():
    assert _loaded_by("--version") == ["typer"]


@pytest.mark.parametrize("command", [["-m", "tpscore", "--version"], ["-m", "tpscore.cli", "-V"]])
def test_version_alone_is_answered_before_typer_loads(command):
    """``tpscore --version`` is start-up and nothing else (issue 16: at most yamllint's); the answer is the
    one typer gives, so scripts reading it see no difference."""
    proc = subprocess.run([sys.executable, "-X", "importtime", *command], capture_output=True, text=True,
                          env={"PATH": "", "PYTHONPATH": os.environ["PYTHONPATH"]})
    assert (proc.returncode, proc.stdout) == (0, f"tpscore {__version__}\n")
    assert not re.search(r"\| +(typer|click)$", proc.stderr, re.MULTILINE)


def test_validate_does_not_import_rich_jsonschema_or_tabulate():
    assert _loaded_by("validate", "-q", EXAMPLE) == ["typer", "yaml"]


def test_audit_table_does_not_import_rich_or_jsonschema():
    assert _loaded_by("audit", "-f", "table", "--fail-on", "never", EXAMPLE) == ["tabulate", "typer", "yaml"]


@pytest.mark.parametrize("module", ["tpscore.validate", "tpscore.report", "tpscore.analysis", "tpscore.diff",
                                    "tpscore.trend", "tpscore.profile", "tpscore.rules", "tpscore.baseline",
                                    "tpscore.repopath", "tpscore.errordoc", "tpscore.links", "tpscore.auditrun",
                                    "tpscore.opportunities", "tpscore.whatif", "tpscore.voice"])
def test_core_never_imports_typer_or_rich(module):
    code = (f"import sys, {module}\n"
            "bad = [m for m in ('typer', 'rich', 'click') if m in sys.modules]\n"
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def _typer_callbacks(app):
    for info in app.registered_commands:
        yield info.callback
    if app.registered_callback is not None:
        yield app.registered_callback.callback
    for group in app.registered_groups:
        yield from _typer_callbacks(group.typer_instance)


def test_cli_signatures_are_readable_by_typer_on_python_3_10():
    """typer resolves these annotations at run time; on Python 3.10 it crashes on ``list[str]`` (a
    GenericAlias passes its isinstance(type) test): keep typing.List there."""
    import inspect

    from tpscore.cli import app

    def annotations(function):
        for parameter in inspect.signature(function).parameters.values():
            yield function, parameter.name, str(parameter.annotation)
            info = parameter.default
            for hook in (getattr(info, "callback", None), getattr(info, "autocompletion", None)):
                if callable(hook):
                    yield from ((hook, p.name, str(p.annotation))
                                for p in inspect.signature(hook).parameters.values())

    bad = [(f.__qualname__, name, text) for callback in _typer_callbacks(app) for f, name, text in annotations(callback)
           if re.search(r"(^|[^A-Za-z_])(list|dict|tuple|set)\[", text)]
    assert not bad, f"use typing.List in typer signatures: {bad}"
