"""CI gates: thresholds on scores and on finding severity, each named in the output when it fails."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .rules import SEVERITIES, SEVERITY_RANK

GATE_SCORES = ("coverage", "experience")
FAIL_ON = (*SEVERITIES, "never")


@dataclass(frozen=True)
class Gates:
    fail_under: tuple[tuple[str, float], ...] = ()
    max_friction: float | None = None
    fail_on: str = "error"


def at_or_above(severity: str, fail_on: str) -> bool:
    """Whether a finding of ``severity`` fails a run with ``--fail-on fail_on`` (never: nothing does)."""
    return fail_on != "never" and SEVERITY_RANK[severity] <= SEVERITY_RANK[fail_on]


def parse_fail_under(values: list[str]) -> tuple[tuple[str, float], ...]:
    """``coverage=80`` → ("coverage", 80.0); raises ValueError with a message for the user."""
    parsed = []
    for value in values:
        name, sep, number = value.partition("=")  # SCORE is case-insensitive, like --fail-on
        name = name.strip().lower()
        if not sep or name not in GATE_SCORES:
            raise ValueError(f"--fail-under expects SCORE=NUMBER with SCORE one of {', '.join(GATE_SCORES)}, "
                             f"got {value!r}")
        try:
            threshold = float(number)
        except ValueError:
            raise ValueError(f"--fail-under {name}= needs a number, got {number!r}") from None
        if not 0 <= threshold <= 100:
            raise ValueError(f"--fail-under {name}={number}: scores run from 0 to 100")
        parsed.append((name, threshold))
    return tuple(parsed)


def evaluate(gates: Gates, reports: list[dict[str, Any]], invalid: Sequence[str] = ()) -> list[dict[str, Any]]:
    """One entry per gate: whether it passed and, if not, which journeys failed it and why. Invalid
    files always fail the run; they are named as a gate so the exit code never lacks a reason."""
    results = []
    if invalid:
        results.append(_gate("valid journeys", list(invalid), noun="invalid file"))
    for name, threshold in gates.fail_under:
        failing = [f"{r['journey']['file']}: {name} {r['scores'][name]:g} < {threshold:g}"
                   for r in reports if r["scores"][name] < threshold]
        results.append(_gate(f"fail-under {name}={threshold:g}", failing))
    if gates.max_friction is not None:
        failing = [f"{r['journey']['file']}: friction {r['scores']['friction']:g} > {gates.max_friction:g}"
                   for r in reports if r["scores"]["friction"] > gates.max_friction]
        results.append(_gate(f"max-friction {gates.max_friction:g}", failing))
    if gates.fail_on != "never":
        count = sum(1 for r in reports for f in r["findings"] if at_or_above(f["severity"], gates.fail_on))
        detail = f"{count} finding{'s' if count != 1 else ''} at or above {gates.fail_on}"
        results.append({"gate": f"fail-on {gates.fail_on}", "passed": not count,
                        "detail": detail if count else "passed"})
    return results


def _gate(name: str, failing: list[str], noun: str = "journey") -> dict[str, Any]:
    if not failing:
        return {"gate": name, "passed": True, "detail": "passed"}
    shown = "; ".join(failing[:5]) + (f"; and {len(failing) - 5} more" if len(failing) > 5 else "")
    plural = "s" if len(failing) != 1 else ""
    return {"gate": name, "passed": False, "detail": f"{len(failing)} {noun}{plural}: {shown}"}
