"""What ``tpscore init`` writes: a first journey that validates, and an optional starter profile."""

from __future__ import annotations

from dataclasses import dataclass, field

from .journeyfile import dump_journey
from .schemas import schema_path
from .slugs import SlugMaker, slugify

DEFAULT_STAGES = ("discover", "buy", "use", "support", "follow-up")


@dataclass
class JourneyPlan:
    """Answers to init's questions. Names are free text; ids, stages and channels become slugs."""

    name: str
    persona: str | None = None
    stages: list[str] = field(default_factory=lambda: list(DEFAULT_STAGES))
    channels: list[str] = field(default_factory=list)
    touchpoint: str = "First contact"
    stage: str | None = None  # the first touchpoint's stage; default: the first stage
    channel: str | None = None  # default: the first channel, if any
    owner: str | None = None
    audit: str | None = None
    journey_id: str | None = None

    def problems(self) -> list[str]:
        """Why these answers cannot make a journey (empty when they can)."""
        found = []
        if not self.name.strip():
            found.append("the journey needs a name")
        stages = self.stage_ids()
        if not stages:
            found.append("the journey needs at least one stage")
        if self.stage is not None and slugify(self.stage, "") not in stages:
            found.append(f"stage {self.stage!r} is not one of the stages: {', '.join(stages)}")
        channels = self.channel_ids()
        if self.channel is not None and channels and slugify(self.channel, "") not in channels:
            found.append(f"channel {self.channel!r} is not one of the channels: {', '.join(channels)}")
        if not self.touchpoint.strip():
            found.append("the first touchpoint needs a name")
        return found

    def stage_ids(self) -> list[str]:
        return _unique_slugs(self.stages)

    def channel_ids(self) -> list[str]:
        return _unique_slugs(self.channels)

    def id(self) -> str:
        return slugify(self.journey_id or self.name, "journey")


def split_list(text: str) -> list[str]:
    """``"discover, buy ,use"`` -> ``["discover", "buy", "use"]`` (commas or spaces separate)."""
    return [part for part in text.replace(",", " ").split() if part]


def _unique_slugs(names: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        slug = slugify(name, "")
        if slug:
            seen.setdefault(slug, None)
    return list(seen)


def journey_document(plan: JourneyPlan) -> dict:
    """The journey as a format-v1 mapping, keys in the order people read them."""
    stages, channels = plan.stage_ids(), plan.channel_ids()
    journey: dict = {"id": plan.id(), "name": " ".join(plan.name.split())}
    if plan.audit:
        journey["audit"] = plan.audit.strip()
    if plan.persona and plan.persona.strip():
        journey["persona"] = " ".join(plan.persona.split())
    journey["stages"] = stages
    if channels:
        journey["channels"] = channels
    touchpoint: dict = {"id": SlugMaker("touchpoint")(plan.touchpoint), "name": " ".join(plan.touchpoint.split()),
                        "stage": slugify(plan.stage, "") if plan.stage else stages[0]}
    channel = slugify(plan.channel, "") if plan.channel else (channels[0] if channels else None)
    if channel:
        touchpoint["channel"] = channel
    if plan.owner and slugify(plan.owner, ""):
        touchpoint["owner"] = slugify(plan.owner, "")
    touchpoint["emotion"] = 0
    touchpoint["effort"] = 1
    return {"version": 1, "journey": journey, "touchpoints": [touchpoint]}


def journey_text(plan: JourneyPlan, schema: str | None) -> str:
    """The file ``init`` writes: the modeline, a few lines on what to do next, the journey."""
    comments = [
        "List every touchpoint the customer meets, in order: marketing, sale, delivery, invoice, follow-up,",
        "and the unhappy path (returns, complaints, closure). Each has a stage, an owner, emotion (-2..+2),",
        "effort (1..5) and frictions. Every field: docs/format.md. Check and score: tpscore audit FILE",
    ]
    return dump_journey(journey_document(plan), comments, schema)


def starter_profile_text(defaults: dict) -> str:
    """A ``.tpscore.yaml`` holding the built-in defaults (``defaults`` is the config schema's
    ``{section: {key: default}}``), ready to tune; every line is documented in docs/config.md."""
    def flow(section: str) -> str:
        return "{" + ", ".join(f"{key}: {value:g}" for key, value in defaults[section].items()) + "}"

    return "\n".join([
        f"# yaml-language-server: $schema={schema_path('config').resolve().as_uri()}",
        "# tpscore profile for the journeys in this folder and below (reference: docs/config.md).",
        "# These are the built-in defaults: change a value to weigh moments or judge friction differently.",
        "",
        "# Weight multipliers for the moments customers remember: the first, the last, the emotional ones.",
        f"moments: {flow('moments')}",
        "# Friction (0..100) above which a touchpoint of each kind is a finding.",
        f"thresholds: {flow('thresholds')}",
        "# Stages every journey must cover, e.g. [follow-up].",
        "required_stages: []",
        "rules:",
        "  # Rule codes (or prefixes) never to run, e.g. [TP005]; `tpscore rules` lists them.",
        "  ignore: []",
        "",
    ])
