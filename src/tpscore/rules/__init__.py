"""Rules: each module holds one rule (CODE, NAME, SEVERITY, SUMMARY, optional OPTIONS, a pure ``check`` and
its doc). Adding a rule is one module plus its name in ``_MODULES``; ``python -m tpscore.docgen`` then
writes its docs page and its keys in the profile schema (``OPTIONS`` and ``rules.severity``).

The module docstring is the rule's documentation, in sections *What it finds*, *Why it matters*,
*Example* and *Fix*; ``tpscore rule CODE`` prints it and ``docs/rules/`` is generated from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType

#: Finding severities, most severe first: the one list the profile, the gates and the report order use.
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}

_MODULES = (
    "uncovered_stage", "unbridged_handoff", "no_unhappy_path", "marketing_only", "linear_journey",
    "last_touch_friction", "first_touch_friction", "emotional_moment", "unanswered_feedback",
    "unreachable", "high_friction", "design_vs_evidence", "missing_touchpoint", "discounted_friction",
)


@dataclass(frozen=True)
class Hit:
    """What a rule's check yields: a message and what it is about (a touchpoint index, a stage, a path)."""

    message: str
    path: tuple = ()
    touchpoint: int | None = None
    stage: str | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    doc: str
    check: Callable[..., Iterator[Hit]]
    #: Profile keys the rule reads ("thresholds.last") → JSON Schema with a default and a description.
    options: Mapping[str, Mapping] = field(default_factory=dict)

    def sections(self) -> dict[str, str]:
        """The doc's sections by title (What it finds, Why it matters, Example, Fix)."""
        parts = re.split(r"^## (.+)$", self.doc, flags=re.MULTILINE)
        return {title.strip(): body.strip() for title, body in zip(parts[1::2], parts[2::2])}


def over_threshold(analysis, moment: str, threshold: str, why: str) -> Iterator[Hit]:
    """Hits for touchpoints that are ``moment`` and whose friction is above ``thresholds[threshold]``."""
    limit = analysis.profile.thresholds[threshold]
    for i, figures in enumerate(analysis.figures):
        if moment in figures.moments and figures.friction > limit:
            yield Hit(f"{moment} touchpoint '{figures.touchpoint.id}' has friction {figures.friction:.0f} "
                      f"(above {limit:g}); {why}", path=("touchpoints", i), touchpoint=i)


def failed_check(analysis, check_id: str) -> bool:
    """Whether the coverage check ``check_id`` failed (rules report what coverage counts)."""
    return not next(c for c in analysis.coverage_checks if c.id == check_id).ok


def _rule(module: ModuleType) -> Rule:
    doc = (module.__doc__ or "").strip()
    return Rule(module.CODE, module.NAME, module.SEVERITY, module.SUMMARY, doc, module.check,
                getattr(module, "OPTIONS", {}))


_REGISTRY: dict[str, Rule] | None = None


def all_rules() -> dict[str, Rule]:
    """Every rule by code, in code order."""
    global _REGISTRY
    if _REGISTRY is None:
        rules = [_rule(import_module(f"{__name__}.{name}")) for name in _MODULES]
        _REGISTRY = {rule.code: rule for rule in sorted(rules, key=lambda r: r.code)}
    return _REGISTRY


def find_rule(code_or_name: str) -> Rule | None:
    """A rule by code (case-insensitive) or by name."""
    wanted = code_or_name.strip()
    rules = all_rules()
    return rules.get(wanted.upper()) or next((r for r in rules.values() if r.name == wanted.lower()), None)


def check_code_prefixes(codes: list[str], option: str) -> tuple[str, ...]:
    """Codes or prefixes (TP00) that match at least one rule; a ValueError naming the option otherwise."""
    known = list(all_rules())
    for code in codes:
        if not any(rule.startswith(code) for rule in known):
            from ..problems import did_you_mean

            hint = did_you_mean(code, known)
            raise ValueError(f"{option} {code}: no rule has this code{' (' + hint + ')' if hint else ''}; "
                             "`tpscore rules` lists them")
    return tuple(codes)
