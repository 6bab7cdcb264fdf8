"""Write a :class:`~tpscore.metrics_merge.MergePlan` into journey YAML text, keeping the rest as written.

A journey file is hand-edited and reviewed in pull requests, so a merge must change only the values it
sets: comments, key order, quoting, flow or block style and indentation stay. ruamel.yaml's round-trip
mode does that; it is imported here only, so no other command pays for it. A JSON journey is written
back as JSON with its key order and indentation.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field

from .metrics_merge import MergePlan


@dataclass
class Merged:
    text: str
    #: ``(touchpoint, metric, old or None, new)`` for every value that changes.
    changes: list[tuple[str, str, object, object]] = field(default_factory=list)
    added_feedback: int = 0
    updated_feedback: int = 0
    #: True when the YAML library re-formats parts of the file it cannot keep exactly (they show in the diff).
    reformatted: bool = False


def _yaml(text: str):
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    _, sequence, offset = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line the author wrote on one line
    yaml.indent(mapping=_mapping_indent(text), sequence=sequence or 2, offset=offset or 0)
    return yaml


def _mapping_indent(text: str) -> int:
    """The indentation of the first nested key (``journey:``'s ``  id:``), 2 when there is none."""
    match = re.search(r"^[A-Za-z_][\w-]*:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*([ ]+)[^\s#-]", text, re.M)
    return len(match.group(1)) if match else 2


def _dump(yaml, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


class _JsonFile:
    """A JSON journey stays JSON: same key order and indentation (it has no comments to keep)."""

    def __init__(self, text: str) -> None:
        match = re.search(r"^([ \t]+)\S", text, re.M)
        self.indent = match.group(1) if match else "  "
        self.newline = "\n" if text.endswith("\n") else ""

    def load(self, text: str) -> dict:
        return json.loads(text)

    def dump(self, data: dict) -> str:
        return json.dumps(data, indent=self.indent, ensure_ascii=False) + self.newline


class _YamlFile:
    def __init__(self, text: str) -> None:
        self.yaml = _yaml(text)

    def load(self, text: str):
        return self.yaml.load(text)

    def dump(self, data) -> str:
        return _dump(self.yaml, data)


def _is_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith("{")


def apply_plan(text: str, plan: MergePlan) -> Merged:
    """``text`` with the plan's metrics set and feedback added (or updated: same text, same touchpoint)."""
    if _is_json(text):
        file: _JsonFile | _YamlFile = _JsonFile(text)
        mapping, sequence = dict, list
    else:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        file = _YamlFile(text)
        mapping, sequence = CommentedMap, CommentedSeq
    data = file.load(text)
    merged = Merged(text, reformatted=file.dump(data) != text)
    touchpoints = {item["id"]: item for item in data["touchpoints"]}
    for tp_id, values in plan.metrics.items():
        touchpoint = touchpoints[tp_id]
        metrics = touchpoint.get("metrics")
        new = mapping() if metrics is None else None
        for name, value in values.items():
            old = metrics.get(name) if metrics is not None else None
            if old is not None and not isinstance(old, bool) and old == value:
                continue
            if new is not None:
                new[name] = value
            elif name in metrics:
                metrics[name] = value
            else:
                _append(metrics, name, value)
            merged.changes.append((tp_id, name, old, value))
        if new:
            _append(touchpoint, "metrics", new)
    if plan.feedback:
        items = data.get("feedback")
        fresh = items is None
        if fresh:
            items = sequence()
        for feedback in plan.feedback:
            existing = next((item for item in items if item.get("text") == feedback.text
                             and item.get("touchpoint") == feedback.touchpoint), None)
            fields = {"sentiment": feedback.sentiment, "count": feedback.count, "source": feedback.source}
            if existing is not None:
                changed = False
                for key, value in fields.items():
                    if value is not None and existing.get(key) != value:
                        existing[key] = value
                        changed = True
                merged.updated_feedback += changed
                continue
            item = mapping([("text", feedback.text), ("touchpoint", feedback.touchpoint)])
            item.update((key, value) for key, value in fields.items() if value is not None)
            _append_item(items, item)
            merged.added_feedback += 1
        if fresh and len(items):
            _append(data, "feedback", items)
    if merged.changes or merged.added_feedback or merged.updated_feedback:
        merged.text = file.dump(data)
    return merged


def _append(mapping, key: str, value) -> None:
    """Add ``key`` at the end of ``mapping``. ruamel keeps the blank line or comment that follows a
    mapping on its deepest last key, so that comment moves to the new deepest last key (else the new key
    would land after the blank line, visually part of the next item)."""
    last = next(reversed(mapping)) if len(mapping) else None
    mapping[key] = value
    if last is not None and hasattr(mapping, "ca"):
        _move_trailing(_trailing(mapping, last), _trailing_slot(mapping, key))


def _append_item(sequence, item) -> None:
    """Add ``item`` (a mapping) at the end of ``sequence``, moving the trailing comment as _append does."""
    before = _trailing_slot(sequence[-1], next(reversed(sequence[-1]))) if len(sequence) and \
        isinstance(sequence[-1], dict) and len(sequence[-1]) else None
    sequence.append(item)
    if before is not None and hasattr(item, "ca"):
        _move_trailing(_trailing(*before), _trailing_slot(item, next(reversed(item))))


def _move_trailing(source, target) -> None:
    if source is None or target is None:
        return
    holder, key = source
    token = holder.ca.items[key][2]
    holder.ca.items[key][2] = None
    target_map, target_key = target
    target_map.ca.items.setdefault(target_key, [None, None, None, None])[2] = token


def _trailing_slot(mapping, key):
    """The deepest last (mapping, key) under ``mapping[key]``: where a comment after it is kept."""
    value = mapping[key]
    if isinstance(value, dict) and len(value):
        return _trailing_slot(value, next(reversed(value)))
    if isinstance(value, list) and len(value) and isinstance(value[-1], dict) and len(value[-1]):
        return _trailing_slot(value[-1], next(reversed(value[-1])))
    return (mapping, key) if hasattr(mapping, "ca") else None


def _trailing(mapping, key):
    """The slot under ``mapping[key]`` that holds a trailing comment, if any does."""
    slot = _trailing_slot(mapping, key)
    if slot is None:
        return None
    holder, slot_key = slot
    items = holder.ca.items.get(slot_key)
    return slot if items and len(items) > 2 and items[2] is not None else None
