"""The document a machine format writes when there is nothing else to write.

``diff`` and ``trend`` with ``--format json`` always write one JSON document, so ``| jq`` and saved artefacts
never break: the result, or this error object (``"format": "tpscore-error"``) with the message, the located
problems and the exit code the command returns. The diff and trend schemas both accept it (``$defs/error``,
the same definition in each). ``validate`` needs none: its object lists problems and unreadable files.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import __version__
from .problems import Problem

ERROR_FORMAT = "tpscore-error"
ERROR_FORMAT_VERSION = 1


def error_document(command: str, exit_code: int, message: str, problems: Iterable[Problem] = ()) -> dict[str, Any]:
    return {
        "format": ERROR_FORMAT, "format_version": ERROR_FORMAT_VERSION, "tpscore_version": __version__,
        "command": command, "exit_code": exit_code, "error": message,
        "problems": [problem.to_dict() for problem in problems],
    }
