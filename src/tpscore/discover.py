"""Turn command-line arguments (files, directories, globs, ``-``) into the list of files to read."""

from __future__ import annotations

import fnmatch
import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

JOURNEY_SUFFIXES = (".yaml", ".yml", ".json")
# Files a directory walk must not mistake for journeys.
_SKIP_NAMES = {".tpscore.yaml", ".tpscore.yml", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml"}
_GLOB_CHARS = set("*?[")


@dataclass
class Discovered:
    files: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _excluded(path: str, patterns: list[str]) -> bool:
    parts = Path(path).parts
    return any(
        fnmatch.fnmatch(path, pattern) or any(fnmatch.fnmatch(part, pattern) for part in parts)
        for pattern in patterns
    )


def _walk(directory: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
        for name in sorted(files):
            if name.endswith(JOURNEY_SUFFIXES) and not name.startswith(".") and name not in _SKIP_NAMES:
                found.append(os.path.join(root, name))
    return found


def discover(arguments: list[str], exclude: list[str] | None = None) -> Discovered:
    """Expand arguments in order, without duplicates. Directories are searched recursively for
    ``*.yaml``, ``*.yml`` and ``*.json``; glob patterns are expanded (``**`` included)."""
    patterns = list(exclude or [])
    result = Discovered()
    seen: set[str] = set()

    def add(path: str) -> None:
        if path not in seen and (path == "-" or not _excluded(path, patterns)):
            seen.add(path)
            result.files.append(path)

    for argument in arguments:
        if argument == "-":
            add("-")
        elif os.path.isdir(argument):
            for path in _walk(argument):
                add(path)
        elif os.path.exists(argument):
            add(argument)
        elif _GLOB_CHARS & set(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            expanded = [p for m in matches for p in (_walk(m) if os.path.isdir(m) else [m])]
            if not expanded:
                result.missing.append(argument)
            for path in expanded:
                add(path)
        else:
            result.missing.append(argument)
    return result
