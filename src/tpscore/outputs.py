"""Where reports go, and what must never be mistaken for an input or overwritten by an output.

``-o`` may not name (directly, through a link or a second spelling) any file the run reads: a journey,
a profile, or a version given to ``diff``/``trend``. And a folder walk skips tpscore's own JSON reports, so
``audit journeys/ -o journeys/report.json`` does not make the next audit of ``journeys/`` fail.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

STDOUT = "-"

#: The ``format`` of every JSON document tpscore writes (reports, diff, trend, validation results).
_OWN_REPORT = re.compile(rb'\A\s*\{\s*"format"\s*:\s*"tpscore-[a-z-]+"')


def output_path(path: str | None) -> str | None:
    """``-o -`` means standard output (None), like every other tool; anything else is a file name."""
    return None if path == STDOUT else path


def same_file(a: str, b: str) -> bool:
    """Whether two paths name one existing file (through links, ``..`` or hard links)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def clobbered(outputs: Iterable[str | None], inputs: Iterable[str | None]) -> str | None:
    """Why writing ``outputs`` would destroy something the run reads or writes twice; None when safe."""
    outputs = [path for path in outputs if path is not None]
    inputs = [path for path in dict.fromkeys(inputs) if path and path not in (STDOUT, "<stdin>")]
    for index, path in enumerate(outputs):
        for earlier in outputs[:index]:
            if path == earlier or same_file(path, earlier):
                return f"--output {path} is given twice; each output needs its own file"
        for source in inputs:
            if same_file(path, source):
                what = f"the input {source}" if path == source else f"{source}, an input of this run"
                return f"--output {path} is {what}; writing the report would replace it (choose another file)"
    return None


def single_output(paths: list[str]) -> str | None:
    """The one ``--output`` of a command that writes one report (None when not given). Raises ValueError
    when it is given more than once, with audit's message for the same file twice: a repeated ``-o`` is
    refused, never settled silently by keeping the last one."""
    twice = clobbered(paths, [])
    if twice:
        raise ValueError(twice)
    if len(paths) > 1:
        raise ValueError(f"--output is given {len(paths)} times ({', '.join(paths)}); this command writes one "
                         "report: give one --output")
    return paths[0] if paths else None


def is_own_report(path: str) -> bool:
    """Whether ``path`` is a JSON document tpscore wrote (read from its first bytes only)."""
    if not path.endswith(".json") or not os.path.isfile(path):  # never open a FIFO to peek at it
        return False
    try:
        with open(path, "rb", buffering=0) as handle:
            head = handle.read(256)
    except OSError:
        return False
    return bool(_OWN_REPORT.match(head))
