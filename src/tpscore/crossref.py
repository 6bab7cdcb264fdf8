"""Cross-reference checks JSON Schema cannot express: unique ids and references that must exist."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .problems import describe, did_you_mean
from .schemacheck import Issue


def _slugs(value: Any) -> dict[str, None] | None:
    """Declared ids as an ordered set; None when the declaration is not a list (already an error)."""
    return dict.fromkeys(item for item in value if isinstance(item, str)) if isinstance(value, list) else None


def _records(value: Any) -> Iterable[tuple[int, dict]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _duplicates(values: Any, path: tuple, what: str) -> list[Issue]:
    issues = []
    first: dict[str, int] = {}
    if not isinstance(values, list):
        return issues
    for index, value in enumerate(values):
        if not isinstance(value, str):
            continue
        if value in first:
            issues.append(Issue(path + (index,), "duplicate", f"{what} '{value}' is listed twice",
                                hint=f"first at position {first[value] + 1}; ids must be unique"))
        else:
            first[value] = index
    return issues


def _reference(value: Any, known: dict[str, None] | None, path: tuple, what: str, where: str) -> list[Issue]:
    """An issue when ``value`` is not among ``known`` (a dict used as an ordered set: O(1) lookups).
    ``known`` is None when the declaration itself is missing or broken: that is the one error to show."""
    if known is None or not isinstance(value, str) or value in known:
        return []
    names = list(known)
    shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return [Issue(path, "reference", f"unknown {what} {describe(value, 60)}", expected=f"one of {where}: {shown}",
                  hint=did_you_mean(value, names))]


def _rule_codes() -> dict[str, None]:
    from .rules import all_rules  # only files that use `ignore:` pay for loading the rules

    return dict.fromkeys(all_rules())


def _ignore_references(entries: Any, base: tuple, stages: dict[str, None] | None) -> list[Issue]:
    """Unknown rule codes and stages in ``ignore:`` entries (a code, or a mapping with code and stage)."""
    if not isinstance(entries, list) or not entries:
        return []
    codes = _rule_codes()
    issues = []
    for position, entry in enumerate(entries):
        if isinstance(entry, dict):
            issues += _reference(entry.get("code"), codes, base + (position, "code"), "rule code", "the rules")
            if "stage" in entry:
                issues += _reference(entry["stage"], stages, base + (position, "stage"), "stage", "journey.stages")
        else:
            issues += _reference(entry, codes, base + (position,), "rule code", "the rules")
    return issues


def check_references(data: Any) -> list[Issue]:
    """Every reference problem in a journey document, tolerating parts that failed the schema."""
    if not isinstance(data, dict):
        return []
    head = data.get("journey") if isinstance(data.get("journey"), dict) else {}
    stages = _slugs(head.get("stages")) or None  # an empty list is already a "too few items" error
    channels = _slugs(head.get("channels"))
    issues = _duplicates(head.get("stages"), ("journey", "stages"), "stage")
    if channels is not None:
        issues += _duplicates(head.get("channels"), ("journey", "channels"), "channel")
    if "sale" in head:
        issues += _reference(head["sale"], stages, ("journey", "sale"), "stage", "journey.stages")
    issues += _ignore_references(head.get("ignore"), ("journey", "ignore"), stages)

    touchpoints = list(_records(data.get("touchpoints")))
    ids = dict.fromkeys(item["id"] for _, item in touchpoints if isinstance(item.get("id"), str))
    first_index: dict[str, int] = {}
    for index, item in touchpoints:
        tp_id = item.get("id")
        if isinstance(tp_id, str):
            if tp_id in first_index:
                issues.append(Issue(("touchpoints", index, "id"), "duplicate",
                                    f"touchpoint id '{tp_id}' is used twice",
                                    hint=f"first by touchpoint {first_index[tp_id] + 1}; ids must be unique"))
            else:
                first_index[tp_id] = index
        base = ("touchpoints", index)
        if "stage" in item:
            issues += _reference(item["stage"], stages, base + ("stage",), "stage", "journey.stages")
        if channels is not None and "channel" in item:
            issues += _reference(item["channel"], channels, base + ("channel",), "channel", "journey.channels")
        issues += _ignore_references(item.get("ignore"), base + ("ignore",), stages)
        nxt = item.get("next")
        if isinstance(nxt, list):
            for position, target in enumerate(nxt):
                issues += _reference(target, ids, base + ("next", position), "touchpoint", "the touchpoint ids")

    for index, item in _records(data.get("feedback")):
        base = ("feedback", index)
        if "stage" in item:
            issues += _reference(item["stage"], stages, base + ("stage",), "stage", "journey.stages")
        if "touchpoint" in item:
            issues += _reference(item["touchpoint"], ids, base + ("touchpoint",), "touchpoint", "the touchpoint ids")
    return issues + _opportunity_references(data.get("opportunities"), ids, stages)


def _opportunity_references(value: Any, ids: dict[str, None], stages: dict[str, None] | None) -> list[Issue]:
    records = list(_records(value))
    issues = _duplicates([item.get("id") for _, item in records], ("opportunities",), "opportunity id")
    issues = [Issue(i.path + ("id",), i.kind, i.message, hint=i.hint) for i in issues]
    for index, item in records:
        base = ("opportunities", index)
        if not any(key in item for key in ("touchpoints", "stages", "findings")):
            issues.append(Issue(base, "required", "the opportunity names nothing it addresses",
                                expected="at least one of touchpoints, stages, findings"))
        for key, known, what, where in (("touchpoints", ids, "touchpoint", "the touchpoint ids"),
                                        ("stages", stages, "stage", "journey.stages")):
            targets = item.get(key)
            if isinstance(targets, list):
                for position, target in enumerate(targets):
                    issues += _reference(target, known, base + (key, position), what, where)
        codes = item.get("findings")
        if isinstance(codes, list) and codes:
            known_codes = _rule_codes()
            for position, code in enumerate(codes):
                issues += _reference(code, known_codes, base + ("findings", position), "rule code", "the rules")
    return issues
