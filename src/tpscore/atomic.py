"""Atomic file writes: a temporary file in the target's folder, then a rename over the target."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


def write_atomic(path: str, text: str | Iterable[str]) -> None:
    """Write ``text`` (UTF-8) to ``path`` so readers see the old file or the new one, never half.

    Only regular files are replaced: a symbolic link is followed to the file it names, and anything
    else that exists (``/dev/stdout``, a FIFO, a device) is written in place, never replaced.
    """
    with atomic_writer(path) as write:
        write(text)


@contextmanager
def atomic_writer(path: str) -> Iterator[Callable[[str | Iterable[str]], None]]:
    """A function writing text (a string or pieces) that replaces ``path`` when the block ends without an
    exception (as :func:`write_atomic`); on an exception the old file stays and the temporary one is removed."""
    if os.path.exists(path) and not os.path.isfile(path):
        with open(path, "w", encoding="utf-8", newline="") as handle:
            yield lambda text: _write(handle, text)
        return
    # A link is replaced by nothing: the file it names is. (realpath only then: it would also
    # collapse `missing/../x`, which the file system refuses.)
    target = Path(os.path.realpath(path) if os.path.islink(path) else path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield lambda text: _write(handle, text)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(temp, target.stat().st_mode & 0o777)
        else:
            os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def _write(handle, text: str | Iterable[str]) -> None:
    if isinstance(text, str):
        handle.write(text)
    else:
        handle.writelines(text)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
