"""Re-run every ```console block of README.md and docs/guide.md and the worked example of
docs/scoring.md, and write their real output back (run from the repository root after changing any output).

tests/test_docs.py and tests/test_docs_guide.py fail when these pages and the real output differ.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

ENV = dict(os.environ, NO_COLOR="1", COLUMNS="80")  # the README shows what an 80-column terminal shows


def output_of(command: str, cwd: Path | None = None, env: dict | None = None, columns: int = 80) -> tuple[str, int]:
    done = subprocess.run(command, shell=True, capture_output=True, text=True,
                          env=dict(env or ENV, COLUMNS=str(columns)), cwd=cwd)
    return done.stdout + done.stderr, done.returncode


def note(code: int) -> str:
    return f"\n(exit code {code})\n" if code else ""


# The guide's commands run one after another (init writes the file later blocks read) in a scratch
# folder holding a copy of examples/ and docs/guide/'s inputs, so they never touch the repository.
GUIDE_BLOCK = re.compile(r"```console\n\$ ([^\n]+)\n(.*?)```\n(?:\n\(exit code \d+\)\n)?", re.S)


def guide_outputs(root: Path, commands: list[str], env: dict | None = None) -> list[tuple[str, int]]:
    """The real (output, exit code) of each guide command, the scratch folder's path removed."""
    # Outside a git checkout the dev shim cannot find src/: name it, so the guide shows this checkout's code.
    src = str((root / "src").resolve())
    env = dict(env or ENV)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder).resolve()
        shutil.copytree(root / "examples", scratch / "examples")
        for item in (root / "docs" / "guide").iterdir():
            shutil.copy(item, scratch / item.name)
        results = []
        for command in commands:
            text, code = output_of(command, cwd=scratch, env=env)
            results.append((text.replace(f"{scratch}/", "").replace(str(scratch), "."), code))
        return results


def refresh_guide(path: Path, root: Path) -> None:
    text = path.read_text(encoding="utf-8")
    outputs = iter(guide_outputs(root, [m.group(1) for m in GUIDE_BLOCK.finditer(text)]))

    def block(match: re.Match) -> str:
        output, code = next(outputs)
        return f"```console\n$ {match.group(1)}\n{output}```\n{note(code)}"

    path.write_text(GUIDE_BLOCK.sub(block, text), encoding="utf-8")


def refresh_readme(path: Path) -> None:
    def block(match: re.Match) -> str:
        command = match.group(1)
        text, code = output_of(command)
        return f"```console\n$ {command}\n{text}```\n{note(code)}"

    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```console\n\$ (tpscore [^\n]+)\n.*?```\n(?:\n\(exit code \d+\)\n)?", block, text, flags=re.S)
    path.write_text(text, encoding="utf-8")


def refresh_scoring(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    output, _ = output_of("tpscore explain docs/worked-example.yaml", columns=160)  # a page, not a terminal
    text = re.sub(r"(```text\n).*?(```)", lambda m: m.group(1) + output + m.group(2), text, count=1, flags=re.S)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    refresh_readme(Path("README.md"))
    refresh_scoring(Path("docs/scoring.md"))
    refresh_guide(Path("docs/guide.md"), Path("."))
