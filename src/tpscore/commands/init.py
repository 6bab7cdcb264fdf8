"""``tpscore init``: write a first journey (and optionally a starter profile) that validates."""

from __future__ import annotations

import os
from pathlib import Path

from ..atomic import write_atomic
from ..scaffold import JourneyPlan, journey_text, starter_profile_text
from .output import EXIT_ERROR, EXIT_OK, Printer

PROFILE_NAME = ".tpscore.yaml"


def journey_target(path: str | None, plan: JourneyPlan) -> Path:
    """``PATH`` as given; a folder (or nothing) means ``<journey id>.yaml`` inside it."""
    if path and not os.path.isdir(path):
        return Path(path)
    return Path(path or ".") / f"{plan.id()}.yaml"


def run_init(path: str | None, plan: JourneyPlan, schema: str | None, profile: bool, force: bool) -> int:
    from ..profile import schema_defaults
    from ..source import Source
    from ..validate import validate_source

    printer = Printer()
    problems = plan.problems()
    if problems:
        for problem in problems:
            printer.error(problem)
        return EXIT_ERROR
    target = journey_target(path, plan)
    text = journey_text(plan, schema)
    # The answers are free text (a 3000-character name, say): refuse what the format would refuse.
    result = validate_source(Source(str(target), text))
    if not result.ok:
        for problem in result.problems:
            printer.error(f"the answers do not make a valid journey: {problem.full_message()}")
        return EXIT_ERROR
    targets = [target] + ([target.parent / PROFILE_NAME] if profile else [])
    existing = [str(t) for t in targets if t.exists() or t.is_symlink()]
    if existing and not force:
        printer.error(f"{', '.join(existing)} already exist{'s' * (len(existing) == 1)}; "
                      "use --force to overwrite")
        return EXIT_ERROR
    if target.parent.exists() and not target.parent.is_dir():
        printer.error(f"{target.parent}: not a directory")
        return EXIT_ERROR
    target.parent.mkdir(parents=True, exist_ok=True)  # `init journeys/boiler.yaml` in a fresh repository
    write_atomic(str(target), text)
    printer.ok(f"Wrote {target} ({result.journey.name}: {len(plan.stage_ids())} stages, 1 touchpoint).")
    if profile:
        config = {name: dict(values) for name, values in schema_defaults().items()}
        write_atomic(str(targets[1]), starter_profile_text(config))
        printer.ok(f"Wrote {targets[1]} (the built-in defaults, ready to tune).")
    printer.summary(f"Next: add the touchpoints customers meet, then run: tpscore audit {target}")
    return EXIT_OK
