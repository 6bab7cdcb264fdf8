"""tpscore: validate, score, report and diff customer-journey files.

Library use::

    from tpscore import audit, validate_file
    result = validate_file("journey.yaml")
    for problem in result.problems:
        print(problem.location, problem.full_message())
    run = audit(["journeys/"])  # every journey scored, as ``tpscore audit`` does
    print(run.totals())

The core never imports typer or rich; names are imported lazily so ``import tpscore`` stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

_EXPORTS = {
    "validate_file": "validate", "validate_source": "validate", "load_journey": "validate",
    "ValidationResult": "validate", "JourneyError": "validate",
    "Journey": "model", "Touchpoint": "model", "Friction": "model", "Feedback": "model",
    "Problem": "problems", "InputError": "source",
    "audit": "auditrun", "AuditRun": "auditrun", "Profile": "profile", "ProfileError": "profile",
}

__all__ = [  # noqa: PLE0604 - names resolved lazily by __getattr__
    "__version__", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tpscore' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"tpscore.{module}"), name)
