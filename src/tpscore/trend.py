"""Follow one journey's scores across audit versions (``tpscore trend``).

Pure: versions arrive as report dictionaries with where they came from; this orders them, builds one
series per score and finds the biggest movers. The result is the contract of ``schemas/trend.schema.json``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import __version__
from .diff import SCORES, diff_reports, score_change, team_changes

TREND_FORMAT = "tpscore-trend"
TREND_FORMAT_VERSION = 1
MOVERS = 5


@dataclass(frozen=True)
class Version:
    """One audit version: its report and where it came from (a file, ``REV:path``, or a commit of --git)."""

    report: dict
    source: str
    #: ISO 8601 commit date for git versions (REV:path, --git). Never a file's modification time: a fresh
    #: clone or a `touch` would change the trend.
    date: str | None = None
    commit: str | None = None

    @property
    def label(self) -> str:
        return self.report["journey"]["audit"] or (self.date[:10] if self.date else self.source)

    @property
    def label_from(self) -> str:
        return "audit" if self.report["journey"]["audit"] else "date" if self.date else "source"


def order_versions(versions: Sequence[Version]) -> list[Version]:
    """By label (the ``journey.audit`` field, else the date); equal labels keep the argument order."""
    return sorted(versions, key=lambda v: v.label)


def repeated_labels(versions: Sequence[Version]) -> list[str]:
    """Labels that more than one version has (two commits both audited ``2026-Q2``), in order."""
    counts = Counter(v.label for v in versions)
    return [label for label in dict.fromkeys(v.label for v in versions) if counts[label] > 1]


def distinct_labels(versions: Sequence[Version]) -> list[str]:
    """Each version's label, a repeated one told apart by its short commit (else its source): rows and chart
    ticks must not look like one version shown twice."""
    repeated = set(repeated_labels(versions))
    return [f"{v.label} ({v.commit[:7] if v.commit else v.source})" if v.label in repeated else v.label
            for v in versions]


def _version_dict(v: Version, label: str) -> dict[str, Any]:
    r = v.report
    return {
        "label": label, "label_from": v.label_from, "source": v.source, "commit": v.commit, "date": v.date,
        "journey": r["journey"]["id"], "file": r["journey"]["file"], "status": r["status"],
        "scores": {name: r["scores"][name] for name in SCORES},
        "summary": {key: r["summary"][key] for key in ("errors", "warnings", "infos")},
    }


def movers(first: dict, last: dict, limit: int = MOVERS) -> list[dict[str, Any]]:
    """Touchpoints (matched by id, or renamed) whose friction changed most from ``first`` to ``last``."""
    changed = [t for t in diff_reports(first, last)["touchpoints"]["changed"] if t["friction"]["change"]]
    changed.sort(key=lambda t: (-abs(t["friction"]["change"]), t["id"]))
    return [{key: t[key] for key in ("id", "old_id", "name", "stage", "friction")} for t in changed[:limit]]


def build_trend(versions: Sequence[Version], limit: int = MOVERS) -> dict[str, Any]:
    """The trend over ``versions`` in the order given (see :func:`order_versions`)."""
    if not versions:
        raise ValueError("a trend needs at least one version")
    first, last = versions[0].report, versions[-1].report
    ids = list(dict.fromkeys(v.report["journey"]["id"] for v in versions))
    return {
        "format": TREND_FORMAT,
        "format_version": TREND_FORMAT_VERSION,
        "tpscore_version": __version__,
        "journey": {"id": last["journey"]["id"], "name": last["journey"]["name"]},
        "journey_mismatch": len(ids) > 1,
        "journeys": ids,
        "versions": [_version_dict(v, label) for v, label in zip(versions, distinct_labels(versions))],
        "series": {name: [v.report["scores"][name] for v in versions] for name in SCORES},
        "change": {name: score_change(first["scores"][name], last["scores"][name], up)
                   for name, up in SCORES.items()},
        "movers": movers(first, last, limit),
        "opportunities": team_history(versions),
    }


def team_history(versions: Sequence[Version]) -> list[dict[str, Any]]:
    """Each team opportunity seen in any version: its status per version (null where the file did not
    list it) and, when it was closed, in which version, with the gain expected against the measured change."""
    seen: dict[str, dict[str, Any]] = {}
    for position, v in enumerate(versions):
        for t in v.report.get("team_opportunities", []):
            entry = seen.setdefault(t["id"], {"id": t["id"], "title": t["title"], "owner": t["owner"],
                                              "statuses": [None] * len(versions), "closed": None})
            entry["title"], entry["owner"] = t["title"], t["owner"]
            entry["statuses"][position] = t["status"]
    for before, after in zip(versions, versions[1:]):
        for item in team_changes(before.report, after.report)["closed"]:
            seen[item["id"]]["closed"] = {"in": after.label, "expected": item["expected"], "measured": item["measured"]}
    return list(seen.values())
