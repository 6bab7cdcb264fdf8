"""Typed, immutable journey objects built from a validated document."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

MOMENTS = ("first", "last", "emotional")
PATHS = ("happy", "unhappy", "recovery")
FRICTION_KINDS = (
    "wait", "effort", "handoff", "repeat-info", "paperwork", "policy", "surprise", "confusion",
    "pressure", "channel-switch", "error",
)
METRIC_NAMES = ("csat", "ces", "nps", "volume", "drop_off")


@dataclass(frozen=True, slots=True)
class Friction:
    kind: str
    severity: int
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Metrics:
    csat: float | None = None
    ces: float | None = None
    nps: float | None = None
    volume: int | None = None
    drop_off: float | None = None

    def present(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in METRIC_NAMES if getattr(self, name) is not None}


@dataclass(frozen=True, slots=True)
class Touchpoint:
    """One interaction. ``index`` is its position in the file; defaults follow the journey schema."""

    id: str
    name: str
    stage: str
    index: int
    channel: str | None = None
    owner: str | None = None
    actors: tuple[str, ...] = ()
    description: str | None = None
    weight: float = 1.0
    moments: tuple[str, ...] = ()
    emotion: int | None = None
    effort: int = 1
    path: str = "happy"
    next: tuple[str, ...] | None = None
    #: True, or what bridges the hand-off: a sentence or the id of the bridging touchpoint.
    bridge: bool | str = False
    frictions: tuple[Friction, ...] = ()
    metrics: Metrics | None = None
    ignore: tuple[str, ...] = ()  # the codes of ``ignore:`` (see ``suppressions`` for the reasons)
    suppressions: tuple[Suppression, ...] = ()
    #: The keys written in the file, so "left at the default" and "written as the default" differ.
    declared: frozenset[str] = frozenset()


#: Touchpoint's fields in order, read all at once (a what-if journey renumbers thousands of touchpoints).
_TOUCHPOINT_FIELDS = tuple(f.name for f in fields(Touchpoint))
_TOUCHPOINT_VALUES = attrgetter(*_TOUCHPOINT_FIELDS)
_INDEX = _TOUCHPOINT_FIELDS.index("index")


def at_index(tp: Touchpoint, index: int) -> Touchpoint:
    """``dataclasses.replace(tp, index=index)`` at a quarter of the cost (it checks every field's kind)."""
    values = _TOUCHPOINT_VALUES(tp)
    return Touchpoint(*values[:_INDEX], index, *values[_INDEX + 1:])


@dataclass(frozen=True, slots=True)
class Suppression:
    """One ``ignore:`` entry: a rule silenced on purpose, why, and (journey level) for which stage only."""

    code: str
    reason: str | None = None
    stage: str | None = None


def suppressions(items: Any) -> tuple[Suppression, ...]:
    """``ignore:`` entries (codes, or mappings with code, reason and stage) as Suppressions."""
    return tuple(Suppression(item) if isinstance(item, str) else
                 Suppression(item["code"], item.get("reason"), item.get("stage")) for item in items or ())


@dataclass(frozen=True, slots=True)
class Feedback:
    text: str
    index: int
    stage: str | None = None
    touchpoint: str | None = None
    sentiment: int = 0
    count: int = 1
    source: str | None = None
    #: "open" (nobody has answered it yet), "answered", or None (judged from the journey).
    status: str | None = None


@dataclass(frozen=True, slots=True)
class TeamOpportunity:
    """An improvement the team has taken on (the file's ``opportunities:`` block)."""

    id: str
    title: str
    index: int
    touchpoints: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    owner: str | None = None
    status: str = "open"
    effort: float | None = None


Locator = Callable[[Sequence[Any]], tuple[int, int]]
Spanner = Callable[[Sequence[Any]], tuple[int, int, "int | None", "int | None"]]


def _no_positions(path: Sequence[Any]) -> tuple[int, int]:
    return (1, 1)


def _no_span(path: Sequence[Any]) -> tuple[int, int, int | None, int | None]:
    return (1, 1, None, None)


@dataclass(frozen=True)
class Journey:
    """A whole journey file. ``locate(path)`` gives the 1-based (line, column) of a JSON path."""

    id: str
    name: str
    stages: tuple[str, ...]
    touchpoints: tuple[Touchpoint, ...]
    file: str = "<memory>"
    audit: str | None = None
    persona: str | None = None
    description: str | None = None
    channels: tuple[str, ...] | None = None
    sale: str | None = None
    feedback: tuple[Feedback, ...] = ()
    opportunities: tuple[TeamOpportunity, ...] = ()
    ignore: tuple[Suppression, ...] = ()
    locate: Locator = field(default=_no_positions, compare=False, repr=False)
    #: (line, column, end line, end column) of a JSON path; the end is None where it is not known.
    span: Spanner = field(default=_no_span, compare=False, repr=False)

    def touchpoint_line(self, touchpoint: Touchpoint) -> tuple[int, int]:
        return self.locate(("touchpoints", touchpoint.index))

    def by_id(self) -> dict[str, Touchpoint]:
        return {tp.id: tp for tp in self.touchpoints}

    def suppression(self, code: str, touchpoint: Touchpoint | None, stage: str | None) -> Suppression | None:
        """The ``ignore:`` entry that silences a finding of rule ``code`` about ``touchpoint`` (or ``stage``):
        the touchpoint's own first, then the journey's for that stage, then the journey's for every stage."""
        if touchpoint is not None:
            found = next((s for s in touchpoint.suppressions if s.code == code), None)
            if found is not None:
                return found
        matching = [s for s in self.ignore if s.code == code and s.stage in (None, stage)]
        return min(matching, key=lambda s: s.stage is None, default=None)


def build_journey(data: dict, file: str = "<memory>", locate: Locator = _no_positions,
                  span: Spanner = _no_span) -> Journey:
    """Build a Journey from a document that passed validation (schema and cross-references)."""
    head = data["journey"]
    touchpoints = tuple(_touchpoint(item, index) for index, item in enumerate(data["touchpoints"]))
    feedback = tuple(
        Feedback(
            text=item["text"], index=index, stage=item.get("stage"), touchpoint=item.get("touchpoint"),
            sentiment=item.get("sentiment", 0), count=item.get("count", 1), source=item.get("source"),
            status=item.get("status"),
        )
        for index, item in enumerate(data.get("feedback", ()))
    )
    opportunities = tuple(
        TeamOpportunity(
            id=item["id"], title=item["title"], index=index, touchpoints=tuple(item.get("touchpoints", ())),
            stages=tuple(item.get("stages", ())), findings=tuple(item.get("findings", ())), owner=item.get("owner"),
            status=item.get("status", "open"), effort=_float_or_none(item.get("effort")),
        )
        for index, item in enumerate(data.get("opportunities", ()))
    )
    channels = head.get("channels")
    return Journey(
        id=head["id"], name=head["name"], stages=tuple(head["stages"]), touchpoints=touchpoints, file=file,
        audit=head.get("audit"), persona=head.get("persona"), description=head.get("description"),
        channels=tuple(channels) if channels is not None else None, sale=head.get("sale"),
        feedback=feedback, opportunities=opportunities, ignore=suppressions(head.get("ignore")), locate=locate,
        span=span,
    )


def _touchpoint(item: dict, index: int) -> Touchpoint:
    get = item.get
    frictions = get("frictions")
    metrics = get("metrics")
    nxt = get("next")
    ignored = suppressions(get("ignore"))
    return Touchpoint(
        id=item["id"], name=item["name"], stage=item["stage"], index=index, channel=get("channel"),
        owner=get("owner"), actors=tuple(get("actors", ())), description=get("description"),
        weight=float(get("weight", 1)),
        moments=tuple(get("moments", ())), emotion=_int_or_none(get("emotion")), effort=int(get("effort", 1)),
        path=get("path", "happy"), next=tuple(nxt) if nxt is not None else None, bridge=get("bridge", False),
        frictions=tuple(Friction(f["kind"], int(f["severity"]), f.get("note")) for f in frictions)
        if frictions else (),
        metrics=Metrics(**metrics) if metrics else None, ignore=tuple(s.code for s in ignored), suppressions=ignored,
        declared=frozenset(item),
    )


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def _float_or_none(value: Any) -> float | None:
    return None if value is None else float(value)
