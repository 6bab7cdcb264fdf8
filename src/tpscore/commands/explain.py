"""``tpscore explain FILE [--touchpoint ID]``."""

from __future__ import annotations

import sys

from ..profile import ProfileError, resolve_profile
from ..source import InputError
from ..validate import validate_file
from .output import Printer


def run_explain(path: str, touchpoint: str | None, config: str | None) -> int:
    from ..analysis import analyse
    from ..problems import did_you_mean
    from ..render.explain import explain_text

    printer = Printer()
    try:
        result = validate_file(path)
        profile = resolve_profile(config, result.file)
    except InputError as exc:
        printer.error(str(exc))
        return 2
    except ProfileError as exc:
        for problem in exc.problems:
            printer.error(f"{problem.location}: {problem.full_message()}")
        return 2
    if result.journey is None:
        printer.problems(result.problems)
        return 1
    ids = [tp.id for tp in result.journey.touchpoints]
    if touchpoint is not None and touchpoint not in ids:
        hint = did_you_mean(touchpoint, ids)
        printer.error(f"no touchpoint '{touchpoint}' in {result.file}{' (' + hint + ')' if hint else ''}")
        return 2
    sys.stdout.write(explain_text(analyse(result.journey, profile), touchpoint))
    return 0
