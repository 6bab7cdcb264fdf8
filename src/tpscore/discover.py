"""Turn command-line arguments (files, directories, globs, ``-``) into the list of files to read.

A walk (a directory argument, or what a glob matches) reads only regular files, never follows a link
out of the folder it walks, and does not descend into linked folders: a pull request cannot make an
audit read a credentials file, hang on a FIFO, or loop through ``up -> ..``. Files are de-duplicated
by their real path. What a walk leaves out, or cannot list, is reported in :class:`Discovered`.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .repopath import display_path

JOURNEY_SUFFIXES = (".yaml", ".yml", ".json")
# Files a directory walk must not mistake for journeys.
_SKIP_NAMES = {".tpscore.yaml", ".tpscore.yml", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml"}
_SKIP_DIRS = ("node_modules", "__pycache__")
_GLOB_CHARS = set("*?[")


@dataclass
class Discovered:
    files: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    #: folders that could not be listed: ``"path: reason"`` (an I/O error, like an unreadable file)
    unreadable: list[str] = field(default_factory=list)
    #: files a walk left out on purpose: ``"path: reason"`` (reported as notes)
    skipped: list[str] = field(default_factory=list)


def _excluded(path: str, patterns: list[str]) -> bool:
    parts = Path(path).parts
    return any(
        fnmatch.fnmatch(path, pattern) or any(fnmatch.fnmatch(part, pattern) for part in parts)
        for pattern in patterns
    )


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _walk(directory: str, found: Discovered) -> list[str]:
    """Journey files under ``directory``: regular files only, no link leading out of it."""
    top = os.path.realpath(directory)
    files = []

    def unlistable(error: OSError) -> None:
        found.unreadable.append(f"{error.filename}: cannot list the folder: {error.strerror or error}")

    for root, dirs, names in os.walk(directory, onerror=unlistable):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        for name in sorted(names):
            if name.endswith(JOURNEY_SUFFIXES) and not name.startswith(".") and name not in _SKIP_NAMES:
                path = os.path.join(root, name)
                reason = _not_walkable(path, top)
                if reason:
                    found.skipped.append(f"{path}: {reason}")
                else:
                    files.append(path)
    return files


def _not_walkable(path: str, top: str) -> str | None:
    if os.path.islink(path) and not _inside(os.path.realpath(path), top):
        return "a symbolic link to a file outside the audited folder; skipped"
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # reading it reports the error (a broken link, no permission)
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, socket or device); skipped"
    return None


def discover(arguments: list[str], exclude: list[str] | None = None) -> Discovered:
    """Expand arguments in order, without duplicates. Directories are searched recursively for
    ``*.yaml``, ``*.yml`` and ``*.json``; glob patterns are expanded (``**`` included)."""
    arguments = [os.fspath(argument) for argument in arguments]  # library callers pass Paths
    patterns = list(exclude or [])
    result = Discovered()
    seen: set[str] = set()

    def add(path: str) -> None:
        path = display_path(path)
        key = path if path == "-" else os.path.realpath(path)
        if key not in seen and (path == "-" or not _excluded(path, patterns)):
            seen.add(key)
            result.files.append(path)

    for argument in arguments:
        if argument == "-":
            add("-")
        elif os.path.isdir(argument):
            for path in _walk(argument, result):
                add(path)
        elif os.path.lexists(argument):
            add(argument)
        elif _GLOB_CHARS & set(argument):
            matches = expand_glob(argument)
            top = os.path.realpath(_split_glob(argument)[0] or ".")
            expanded = [p for m in matches for p in (_walk(m, result) if os.path.isdir(m) else _walked(m, top, result))]
            if not expanded:
                result.missing.append(argument)
            for path in expanded:
                add(path)
        else:
            result.missing.append(argument)
    return result


def _walked(path: str, top: str, found: Discovered) -> list[str]:
    """``[path]`` when a walk of ``top`` may read it (a glob is a walk too); else a note and nothing."""
    reason = _not_walkable(path, top)
    if reason:
        found.skipped.append(f"{path}: {reason}")
        return []
    return [path]


def _split_glob(pattern: str) -> tuple[str, tuple[str, ...]]:
    """The folder a glob starts in (its components before the first wildcard) and the rest, by component."""
    parts = pattern.replace(os.sep, "/").split("/")
    fixed = next((i for i, part in enumerate(parts) if _GLOB_CHARS & set(part)), len(parts))
    base = "/".join(parts[:fixed]) or ("/" if pattern.startswith("/") else "")
    return base, tuple(parts[fixed:])


def expand_glob(pattern: str) -> list[str]:
    """Sorted matches of ``pattern``. ``**`` matches any number of folders but, unlike :func:`glob.glob`,
    never enters a linked folder (one ``up -> ..`` link would repeat the tree forty times)."""
    if "**" not in pattern:
        return sorted(glob.glob(pattern))
    base, rest = _split_glob(pattern)
    root = base or "."
    matches = [os.path.join(base, "")] if base and _match(rest, ()) else []  # `d/**` names `d/` too
    for folder, dirs, names in os.walk(root):  # followlinks=False: linked folders are listed, never entered
        dirs.sort()
        relative = os.path.relpath(folder, root)
        prefix = () if relative == "." else tuple(relative.split(os.sep))
        for name in sorted(dirs + names):
            if _match(rest, (*prefix, name)):
                matches.append(os.path.join(base, *prefix, name) if base else os.path.join(*prefix, name))
    return sorted(matches)


def _match(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """Component-wise glob match where ``**`` stands for zero or more folders; hidden names need a
    pattern that starts with a dot, as in :mod:`glob`."""

    @cache
    def at(p: int, c: int) -> bool:
        if p == len(pattern):
            return c == len(parts)
        if pattern[p] == "**":
            return at(p + 1, c) or (c < len(parts) and not parts[c].startswith(".") and at(p, c + 1))
        if c == len(parts):
            return False
        part = parts[c]
        if part.startswith(".") and not pattern[p].startswith("."):
            return False
        return fnmatch.fnmatchcase(part, pattern[p]) and at(p + 1, c + 1)

    return at(0, 0)
