"""Paths as CI products read them: relative to the repository root, not to the working directory.

GitHub code scanning and workflow annotations resolve a file against the repository root whatever folder
the command ran in, so ``cd journeys && tpscore audit .`` must still say ``journeys/x.yaml``. The root is
the nearest folder holding ``.git`` (a folder, or a file in worktrees and submodules) from the working
directory upwards; outside git it is the working directory itself. Found by walking the file system, not
by running git, so it costs no subprocess and works where git is not installed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

STDIN_NAMES = ("-", "<stdin>")


def display_path(path: str) -> str:
    """One form for a path the user gave: without leading ``./`` (``tpscore audit .`` walks ``./x.yaml``)."""
    while path.startswith("./") and len(path) > 2:
        path = path[2:].lstrip("/")
    return path


def find_root(start: str | os.PathLike = ".") -> Path:
    """The repository root holding ``start`` (its nearest ``.git``), else ``start`` itself; absolute."""
    here = Path(os.path.abspath(start))
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


@dataclass(frozen=True)
class RepoPaths:
    """Turns the paths of a run (relative to ``cwd``) into paths relative to ``root``."""

    root: Path
    cwd: Path

    @classmethod
    def here(cls) -> RepoPaths:
        cwd = Path(os.getcwd())
        return cls(find_root(cwd), cwd)

    def relative(self, path: str) -> str | None:
        """``path`` relative to the root, ``/``-separated; None for standard input or a file outside the root.

        ``..`` is resolved lexically (not through symbolic links): the path names the file the way the user
        and the repository do, and a link inside the repository stays where it is.
        """
        if path in STDIN_NAMES:
            return None
        absolute = Path(os.path.normpath(self.cwd / path))
        try:
            relative = absolute.relative_to(self.root)
        except ValueError:
            return None
        return PurePosixPath(*relative.parts).as_posix() if relative.parts else None

    def absolute(self, path: str) -> Path:
        return Path(os.path.normpath(self.cwd / path))
