"""Hypothesis strategies for VALID journey documents, and helpers that turn them into a Journey or a Report.

Every document drawn here passes ``validate_source`` (checked by tests/test_scoring_laws.py); the
strategies stay inside journey.schema.json and the cross-reference rules (unique ids, existing stages,
``next`` and feedback targets).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

import yaml
from hypothesis import strategies as st

from tpscore.analysis import Analysis, analyse
from tpscore.model import FRICTION_KINDS, MOMENTS, PATHS, Journey, build_journey
from tpscore.profile import Profile
from tpscore.report import Report, build_report
from tpscore.source import Source
from tpscore.validate import ValidationResult, validate_source

# A pool mixing sale-like, pre-sale and follow-up names, so the sale-stage inference and the
# post-sale and follow-up checks see every case.
STAGE_POOL = (
    "discover", "compare", "quote", "buy", "sign", "deliver", "install", "use", "invoice", "support",
    "review", "renew", "return", "close",
)
OWNERS = ("sales", "support", "ops", "finance")
SEVERITIES = st.integers(min_value=1, max_value=5)
EMOTIONS = st.integers(min_value=-2, max_value=2)
EFFORTS = st.integers(min_value=1, max_value=5)
WEIGHTS = st.one_of(st.sampled_from([0.5, 1, 2, 3]), st.floats(min_value=0.01, max_value=1000, allow_nan=False))
ALL_ONES = {"moments": {"first": 1.0, "last": 1.0, "emotional": 1.0}}


def frictions(min_size: int = 0, max_size: int = 3) -> st.SearchStrategy[list[dict]]:
    return st.lists(_FRICTION, min_size=min_size, max_size=max_size)


_FRICTION = st.fixed_dictionaries(
    {"kind": st.sampled_from(FRICTION_KINDS), "severity": SEVERITIES},
    optional={"note": st.sampled_from(["On hold", "Form lost twice", "Ünïcode: wait — 3 days"])},
)
# Built once: constructing strategies inside a draw costs more than drawing from them.
_ATTRIBUTES = st.fixed_dictionaries({}, optional={
    "owner": st.sampled_from(OWNERS),
    "channel": st.sampled_from(["web", "phone", "on-site"]),
    "weight": WEIGHTS,
    "moments": st.lists(st.sampled_from(MOMENTS), unique=True),
    "emotion": EMOTIONS,
    "effort": EFFORTS,
    "path": st.sampled_from(PATHS),
    "frictions": frictions(),
    "bridge": st.booleans(),
    "metrics": st.fixed_dictionaries({}, optional={
        "csat": st.floats(0, 5), "ces": st.floats(1, 7), "drop_off": st.floats(0, 1),
        "volume": st.integers(0, 10_000)}),
})
_CODES = [f"TP{n:03d}" for n in range(1, 12)]
_INDEX = st.integers(0, 14)  # taken modulo the number of stages or touchpoints
_PARTS = st.tuples(
    _INDEX, _ATTRIBUTES,
    st.one_of(st.none(), st.lists(_INDEX, unique=True, max_size=2)),  # next: targets (modulo)
    st.one_of(st.none(), st.lists(st.sampled_from(_CODES), unique=True, min_size=1, max_size=2)),
)
_FEEDBACK = st.tuples(st.booleans(), _INDEX, EMOTIONS, st.integers(1, 50))


@st.composite
def touchpoint_attributes(draw, stages: tuple[str, ...]) -> dict:
    """``stage`` (one of ``stages``) and random optional attributes of one touchpoint (no id, name, next, ignore)."""
    return {"stage": stages[draw(_INDEX) % len(stages)], **draw(_ATTRIBUTES)}


@st.composite
def journeys(draw, min_touchpoints: int = 1, max_touchpoints: int = 15, min_stages: int = 1) -> dict:
    """A valid journey document (a dict ready for build_journey or yaml.safe_dump): 1..8 stages,
    touchpoints with random attributes, some `next` lists (loops and deliberate ends included),
    some `ignore` lists, and feedback about existing stages and touchpoints."""
    stages = draw(st.lists(st.sampled_from(STAGE_POOL), min_size=min_stages, max_size=8, unique=True))
    parts = draw(st.lists(_PARTS, min_size=min_touchpoints, max_size=max_touchpoints))
    ids = [f"t{i}" for i in range(len(parts))]
    touchpoints = []
    for i, (stage, attributes, targets, ignore) in enumerate(parts):
        tp = {"id": ids[i], "name": f"Touchpoint {i}", "stage": stages[stage % len(stages)], **attributes}
        if targets is not None:
            tp["next"] = list(dict.fromkeys(ids[t % len(ids)] for t in targets))
        if ignore is not None:
            tp["ignore"] = ignore
        touchpoints.append(tp)
    feedback = []
    for about_touchpoint, target, sentiment, count in draw(st.lists(_FEEDBACK, max_size=4)):
        where = ({"touchpoint": ids[target % len(ids)]} if about_touchpoint and ids
                 else {"stage": stages[target % len(stages)]})
        feedback.append({"text": f"said {count}", **where, "sentiment": sentiment, "count": count})
    head = {"id": "generated", "name": "Generated journey", "stages": stages}
    sale = draw(st.one_of(st.none(), _INDEX))
    if sale is not None:
        head["sale"] = stages[sale % len(stages)]
    doc: dict[str, Any] = {"version": 1, "journey": head, "touchpoints": touchpoints}
    if feedback:
        doc["feedback"] = feedback
    return doc


# -- helpers ----------------------------------------------------------------------------------------

def journey_of(doc: dict, file: str = "<memory>") -> Journey:
    return build_journey(copy.deepcopy(doc), file)


def profile_of(mapping: Mapping | None = None) -> Profile:
    return Profile.from_mapping(dict(mapping or {}), "test")


def report_of(doc: dict, profile: Mapping | None = None) -> Report:
    return build_report(journey_of(doc), profile_of(profile))


def report_dict(doc: dict, profile: Mapping | None = None) -> dict:
    return report_of(doc, profile).to_dict()


def analysis_of(doc: dict, profile: Mapping | None = None) -> Analysis:
    """The figures and scores alone (no rules): cheaper than a report when a property needs numbers."""
    return analyse(journey_of(doc), profile_of(profile))


def scores(doc: dict, profile: Mapping | None = None) -> dict[str, float]:
    """Unrounded journey scores (friction, coverage, experience) straight from the analysis."""
    a = analysis_of(doc, profile)
    return {"friction": a.friction, "coverage": a.coverage, "experience": a.experience}


def touchpoint_frictions(doc: dict, profile: Mapping | None = None) -> list[float]:
    return [f.friction for f in analysis_of(doc, profile).figures]


def canonical_json(report: Report) -> str:
    return json.dumps(report.to_dict())


def to_yaml(doc: dict) -> str:
    return yaml.safe_dump(doc, sort_keys=True, allow_unicode=True)


def validate_text(text: str, name: str = "journey.yaml") -> ValidationResult:
    return validate_source(Source(name, text))


def load_text(text: str, name: str = "journey.yaml") -> Journey:
    """A journey from YAML text; fails the test with every problem when it is invalid."""
    result = validate_text(text, name)
    assert result.ok, "\n".join(f"{p.location}: {p.full_message()}" for p in result.problems)
    return result.journey


def audit_text(text: str, profile: Mapping | None = None, name: str = "journey.yaml") -> Report:
    return build_report(load_text(text, name), profile_of(profile))


POSITION_KEYS = ("line", "column", "end_line", "end_column")


def without_positions(value: Any) -> Any:
    """The report dict with every ``line``, ``column`` and their ends removed (they follow the text layout)."""
    if isinstance(value, dict):
        return {k: without_positions(v) for k, v in value.items() if k not in POSITION_KEYS}
    if isinstance(value, list):
        return [without_positions(v) for v in value]
    return value


def touchpoint(tp_id: str, stage: str, **attributes: Any) -> dict:
    """A touchpoint dict with a generated name."""
    return {"id": tp_id, "name": f"Touchpoint {tp_id}", "stage": stage, **attributes}


def document(stages: list[str], touchpoints: list[dict], feedback: list[dict] | None = None,
             **head: Any) -> dict:
    """A journey document with the given stages and touchpoints (head keys such as sale go to journey)."""
    doc: dict[str, Any] = {"version": 1, "journey": {"id": "j", "name": "J", "stages": list(stages), **head},
                           "touchpoints": touchpoints}
    if feedback:
        doc["feedback"] = feedback
    return doc


@st.composite
def profiles(draw, fill_missing: bool | None = None) -> dict:
    """A valid profile mapping (config.schema.json) with random multipliers, formula weights and
    coverage weights; ``fill_missing`` fixes metrics.fill_missing (random when None)."""
    def section(keys: tuple[str, ...], values: st.SearchStrategy) -> st.SearchStrategy[dict]:
        return st.fixed_dictionaries({}, optional={key: values for key in keys})

    mapping = {
        "moments": draw(section(MOMENTS, st.floats(0.1, 100))),
        "friction": draw(section(("severity", "effort", "emotion"), st.floats(0, 1000))),
        "coverage": draw(section(("stages", "feedback", "handoffs", "unhappy_path", "post_sale", "circular"),
                                 st.floats(0, 100))),
    }
    if draw(st.booleans()):
        mapping["friction"]["scale"] = draw(st.floats(0.001, 10000))
    fill = draw(st.booleans()) if fill_missing is None else fill_missing
    mapping["metrics"] = {"fill_missing": fill}
    return mapping


def journey_document(journey: Journey) -> dict:
    """A journey written back as a document (what a file describing it holds): ``build_journey`` of it
    gives the same journey. Optional keys are written when set, ``effort`` also when it was declared."""
    head = {key: getattr(journey, key) for key in ("id", "name", "audit", "persona", "description", "sale")
            if getattr(journey, key) is not None}
    head["stages"] = list(journey.stages)
    if journey.channels is not None:
        head["channels"] = list(journey.channels)
    doc: dict[str, Any] = {"version": 1, "journey": head,
                           "touchpoints": [_tp_document(tp) for tp in journey.touchpoints]}
    if journey.feedback:
        doc["feedback"] = [{key: value for key, value in (
            ("text", f.text), ("stage", f.stage), ("touchpoint", f.touchpoint), ("sentiment", f.sentiment),
            ("count", f.count), ("source", f.source)) if value is not None} for f in journey.feedback]
    if journey.opportunities:
        doc["opportunities"] = [{key: value for key, value in (
            ("id", o.id), ("title", o.title), ("touchpoints", list(o.touchpoints) or None),
            ("stages", list(o.stages) or None), ("findings", list(o.findings) or None), ("owner", o.owner),
            ("status", o.status), ("effort", o.effort)) if value is not None} for o in journey.opportunities]
    return doc


def _tp_document(tp) -> dict:
    out: dict[str, Any] = {"id": tp.id, "name": tp.name, "stage": tp.stage}
    for key in ("channel", "owner", "description", "emotion"):
        if getattr(tp, key) is not None:
            out[key] = getattr(tp, key)
    out["weight"] = tp.weight
    if tp.moments:
        out["moments"] = list(tp.moments)
    if "effort" in tp.declared or tp.effort != 1:
        out["effort"] = tp.effort
    out["path"] = tp.path
    if tp.next is not None:
        out["next"] = list(tp.next)
    if tp.bridge:
        out["bridge"] = tp.bridge  # True, or what bridges the hand-off
    if tp.frictions:
        out["frictions"] = [{"kind": f.kind, "severity": f.severity, **({"note": f.note} if f.note else {})}
                            for f in tp.frictions]
    if tp.metrics is not None and tp.metrics.present():
        out["metrics"] = tp.metrics.present()
    if tp.ignore:
        out["ignore"] = list(tp.ignore)
    return out
