"""Survey data in: map a CSV export's columns onto a journey's touchpoint metrics and feedback.

Pure: reads text, returns a :class:`MergePlan` (what to set, what to add, what is wrong, each with its
CSV line). Writing the plan into the YAML file, keeping its comments and layout, is
:mod:`tpscore.metrics_write`'s job. Ranges come from the journey schema, so the CSV is held to the same
limits as the file it lands in.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from typing import Any

from .model import METRIC_NAMES, Journey
from .problems import did_you_mean

FEEDBACK_FIELDS = ("feedback", "sentiment", "count", "source")
FIELDS = ("touchpoint", *METRIC_NAMES, *FEEDBACK_FIELDS)
IGNORE = "-"

# Header spellings survey tools use, after normalising (lower case, runs of blanks/-/_ as one "_").
ALIASES = {
    "touchpoint": ("touchpoint", "touchpoint_id", "touchpoint_name", "touch_point", "id", "name", "step"),
    "csat": ("csat", "csat_score", "satisfaction"),
    "ces": ("ces", "ces_score", "customer_effort", "effort_score"),
    "nps": ("nps", "nps_score", "net_promoter_score"),
    "volume": ("volume", "customers"),
    "drop_off": ("drop_off", "dropoff", "drop_off_rate", "abandonment", "abandonment_rate"),
    "feedback": ("feedback", "feedback_text", "verbatim", "comment", "text"),
    "sentiment": ("sentiment", "feedback_sentiment"),
    "count": ("count", "feedback_count", "mentions"),
    "source": ("source", "feedback_source"),
}


@dataclass
class Row:
    line: int  # 1-based line of the CSV where the record starts
    cells: dict[str, str]  # field -> raw text (stripped), mapped columns only


@dataclass
class FeedbackItem:
    text: str
    touchpoint: str
    line: int
    sentiment: int | None = None
    count: int | None = None
    source: str | None = None


@dataclass
class MergePlan:
    """``metrics[touchpoint id][name] = value`` and the feedback to add or update; ``problems`` holds
    ``(csv line, message)``: when it is not empty nothing may be written."""

    metrics: dict[str, dict[str, float | int]] = field(default_factory=dict)
    feedback: list[FeedbackItem] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def normalise(header: str) -> str:
    return re.sub(r"[\s_\-]+", "_", header.strip().lower()).strip("_")


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """``["Satisfaction (1-5)=csat", "Respondent=-"]`` -> ``{header: field}``; raises ValueError."""
    mapping = {}
    for pair in pairs:
        column, sep, target = pair.rpartition("=")
        if not sep or not column.strip():
            raise ValueError(f"--map needs COLUMN=FIELD, got {pair!r}")
        target = target.strip().lower().replace("-", "_") if target.strip() != IGNORE else IGNORE
        if target not in FIELDS and target != IGNORE:
            hint = did_you_mean(target, FIELDS)
            raise ValueError(f"--map {pair!r}: {target!r} is not a field; fields: {', '.join(FIELDS)} "
                             f"(or - to skip the column){' (' + hint + ')' if hint else ''}")
        mapping[column.strip()] = target
    return mapping


def read_rows(text: str, overrides: dict[str, str]) -> tuple[list[Row], list[tuple[int, str]]]:
    """Split the CSV (comma, semicolon or tab separated) and map its columns to fields."""
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text.splitlines(keepends=True), dialect)
    try:
        header = next(reader)
    except StopIteration:
        return [], [(1, "the CSV is empty: expected a header row naming the columns")]
    columns, problems = _map_header(header, overrides)
    rows: list[Row] = []
    start = reader.line_num + 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(record) > len(header):
                    problems.append((start, f"{len(record)} cells but the header names {len(header)} columns"))
                cells = {columns[i]: cell.strip() for i, cell in enumerate(record)
                         if i in columns and columns[i] != IGNORE and cell.strip()}
                rows.append(Row(start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append((reader.line_num, f"cannot read the CSV: {exc}"))
    return rows, problems


def _map_header(header: list[str], overrides: dict[str, str]) -> tuple[dict[int, str], list[tuple[int, str]]]:
    by_alias = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
    columns: dict[int, str] = {}
    problems: list[tuple[int, str]] = []
    taken: dict[str, str] = {}
    for index, title in enumerate(header):
        title = title.strip().lstrip("\ufeff")
        target = overrides.get(title) or by_alias.get(normalise(title))
        if target is None:
            if not title:
                problems.append((1, f"column {index + 1} has no name; name it or skip it with --map"))
                continue
            hint = did_you_mean(normalise(title), [a for aliases in ALIASES.values() for a in aliases])
            problems.append((1, f"column {title!r} is not mapped to a field: add --map {_quote(title)}=FIELD "
                                f"(fields: {', '.join(FIELDS)}) or --map {_quote(title)}=- to skip it"
                                + (f" ({hint})" if hint else "")))
            continue
        if target != IGNORE:
            if target in taken:
                problems.append((1, f"columns {taken[target]!r} and {title!r} both map to {target}"))
                continue
            taken[target] = title
        columns[index] = target
    unknown = [column for column in overrides if column not in [h.strip().lstrip("\ufeff") for h in header]]
    for column in unknown:
        problems.append((1, f"--map names column {column!r}, which the header does not have"))
    if "touchpoint" not in taken and not any(p[1].startswith("columns") for p in problems):
        problems.append((1, "no column names the touchpoint (its id or name): call it touchpoint or map one "
                            "with --map COLUMN=touchpoint"))
    return columns, problems


def _quote(title: str) -> str:
    return f"'{title}'" if re.search(r"[^\w.-]", title) else title


def plan_merge(journey: Journey, rows: list[Row], source: str | None = None) -> MergePlan:
    """What the rows change in ``journey``: metrics per touchpoint and feedback items, or problems."""
    from .schemas import load_schema

    defs = load_schema("journey")["$defs"]
    limits = {**defs["metrics"]["properties"],
              **{name: defs["feedback"]["properties"][name] for name in ("sentiment", "count")}}
    resolve = _resolver(journey)
    plan = MergePlan()
    first_seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = row.cells.get("touchpoint")
        if key is None:
            plan.problems.append((row.line, "no touchpoint on this row"))
            continue
        touchpoint, problem = resolve(key)
        if problem:
            plan.problems.append((row.line, problem))
            continue
        for name in METRIC_NAMES:
            if name not in row.cells:
                continue
            value, problem = _number(row.cells[name], name, limits[name])
            if problem:
                plan.problems.append((row.line, f"{touchpoint}: {problem}"))
                continue
            previous = plan.metrics.setdefault(touchpoint, {}).get(name)
            if previous is not None and previous != value:
                plan.problems.append((row.line, f"{touchpoint}: {name} is {_show(value)} here but "
                                                f"{_show(previous)} on line {first_seen[(touchpoint, name)]}"))
                continue
            plan.metrics[touchpoint][name] = value
            first_seen.setdefault((touchpoint, name), row.line)
        _feedback(row, touchpoint, limits, source, plan)
    plan.metrics = {tp: values for tp, values in plan.metrics.items() if values}
    return plan


def _feedback(row: Row, touchpoint: str, limits: dict, source: str | None, plan: MergePlan) -> None:
    text = row.cells.get("feedback")
    extras = [name for name in ("sentiment", "count") if name in row.cells]
    if text is None:
        if extras:
            plan.problems.append((row.line, f"{touchpoint}: {' and '.join(extras)} given without feedback text"))
        return
    item = FeedbackItem(" ".join(text.split()), touchpoint, row.line, source=row.cells.get("source") or source)
    for name in extras:
        value, problem = _number(row.cells[name], name, limits[name])
        if problem:
            plan.problems.append((row.line, f"{touchpoint}: {problem}"))
            return
        setattr(item, name, value)
    plan.feedback.append(item)


def _resolver(journey: Journey):
    ids = {tp.id for tp in journey.touchpoints}
    by_name: dict[str, list[str]] = {}
    for tp in journey.touchpoints:
        by_name.setdefault(" ".join(tp.name.split()).casefold(), []).append(tp.id)

    def resolve(key: str) -> tuple[str, str | None]:
        if key in ids:
            return key, None
        matches = by_name.get(" ".join(key.split()).casefold(), [])
        if len(matches) == 1:
            return matches[0], None
        if matches:
            return "", f"touchpoint name {key!r} is shared by {', '.join(matches)}: use the id"
        hint = did_you_mean(key, [*ids, *(tp.name for tp in journey.touchpoints)])
        return "", f"unknown touchpoint {key!r}: no touchpoint has this id or name" + (f" ({hint})" if hint else "")

    return resolve


def _number(text: str, name: str, spec: dict) -> tuple[float | int, str | None]:
    """The cell as the schema's type, within its range; ``12%`` is 0.12 for drop_off."""
    raw = text.replace("\u2212", "-")
    percent = raw.endswith("%") and spec.get("maximum") == 1
    try:
        value = float(raw[:-1] if percent else raw) / (100 if percent else 1)
    except ValueError:
        return 0, f"{name} {text!r} is not a number"
    if not math.isfinite(value):
        return 0, f"{name} {text!r} is not a number"
    if spec.get("type") == "integer":
        if value != int(value):
            return 0, f"{name} {text!r} must be a whole number"
        value = int(value)
    elif value == int(value) and "." not in raw and "e" not in raw.lower() and not percent:
        value = int(value)  # "4" stays 4 in the file, not 4.0
    low, high = spec.get("minimum"), spec.get("maximum")
    if (low is not None and value < low) or (high is not None and value > high):
        return 0, f"{name} {text!r} is out of range: expected {_range(low, high)}"
    return value, None


def _range(low: float | None, high: float | None) -> str:
    if high is None:
        return f"at least {_show(low)}"
    return f"{_show(low)} to {_show(high)}"


def _show(value: float | int | None) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
