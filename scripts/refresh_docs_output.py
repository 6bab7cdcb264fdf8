"""Re-run every ```console block of README.md and the worked example of docs/scoring.md, and write
their real output back (run from the repository root after changing any output).

tests/test_docs.py fails when these pages and the real output differ.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ENV = dict(os.environ, NO_COLOR="1", COLUMNS="100")


def output_of(command: str) -> tuple[str, int]:
    done = subprocess.run(command, shell=True, capture_output=True, text=True, env=ENV)
    return done.stdout + done.stderr, done.returncode


def refresh_readme(path: Path) -> None:
    def block(match: re.Match) -> str:
        command = match.group(1)
        text, code = output_of(command)
        note = f"\n(exit code {code})\n" if code else ""
        return f"```console\n$ {command}\n{text}```\n{note}"

    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```console\n\$ (tpscore [^\n]+)\n.*?```\n(?:\n\(exit code \d+\)\n)?", block, text, flags=re.S)
    path.write_text(text, encoding="utf-8")


def refresh_scoring(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    output, _ = output_of("tpscore explain docs/worked-example.yaml")
    text = re.sub(r"(```text\n).*?(```)", lambda m: m.group(1) + output + m.group(2), text, count=1, flags=re.S)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    refresh_readme(Path("README.md"))
    refresh_scoring(Path("docs/scoring.md"))
