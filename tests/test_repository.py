"""Repository hygiene: no build output is tracked, and the tested dependency floors match pyproject.toml."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Build output and archives: wheels, sdists, eggs, compiled code. Screenshots under docs/ are documentation.
BUILD_OUTPUT = re.compile(
    r"(\.(whl|egg|tar|gz|tgz|bz2|xz|zip|7z|rar|pyc|pyo|pyd|so|dylib|dll|exe|o|a|jar)$)"
    r"|(^|/)(dist|build|__pycache__|[^/]+\.egg-info)/")
ALLOWED_BINARY = re.compile(r"^docs/.+\.(png|svg)$")


def _tracked() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an sdist or a copy): nothing is tracked")
    done = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [name for name in done.stdout.decode("utf-8", "surrogateescape").split("\0") if name]


def test_no_build_output_or_archive_is_tracked():
    offending = [name for name in _tracked() if BUILD_OUTPUT.search(name)]
    assert not offending, f"build output or archives are tracked (git rm them): {offending}"


def test_no_other_binary_file_is_tracked():
    # git's own test for binary content: numstat prints "-" for files it will not diff as text.
    done = subprocess.run(["git", "diff", "--numstat", "4b825dc642cb6eb9a060e54bf8d69288fbee4904", "HEAD", "--"],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip("no commit to inspect yet")
    binary = [line.split("\t", 2)[2] for line in done.stdout.splitlines() if line.startswith("-\t-\t")]
    offending = [name for name in binary if not ALLOWED_BINARY.match(name)]
    assert not offending, f"binary files are tracked (only docs/ images may be): {offending}"


def _requirement(spec: str) -> tuple[str, str | None, str]:
    """(normalised name, lower bound or None, environment marker) of a PEP 508 requirement string."""
    spec, _, marker = spec.partition(";")
    name = re.match(r"\s*([A-Za-z0-9._-]+)", spec).group(1)
    floor = re.search(r">=\s*([0-9][^,\s]*)", spec)
    return re.sub(r"[-_.]+", "-", name).lower(), floor.group(1) if floor else None, marker.strip()


def _floors() -> dict[str, str]:
    pins = {}
    for line in (ROOT / ".ci" / "floors.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            spec = line.split(";", 1)[0]
            name, _, version = spec.partition("==")
            pins[re.sub(r"[-_.]+", "-", name.strip()).lower()] = version.strip()
    return pins


def test_floors_pin_every_dependency_at_its_declared_lower_bound():
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    floors = _floors()
    for spec in declared:
        name, floor, _ = _requirement(spec)
        assert floor is not None, f"{spec!r} has no lower bound: CI cannot test its floor"
        assert name in floors, f".ci/floors.txt does not pin {name} (pyproject says {spec!r})"
        same = re.sub(r"(\.0)+$", "", floors[name]) == re.sub(r"(\.0)+$", "", floor)  # 6.80 == 6.80.0
        assert same, f".ci/floors.txt pins {name}=={floors[name]} but pyproject's floor is {floor}"
    assert set(floors) == {_requirement(spec)[0] for spec in declared}, "floors.txt pins something not declared"
