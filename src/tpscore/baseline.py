"""Baselines: accept today's findings and fail only on new ones.

A baseline counts findings by repository-relative file and a line-independent key (rule, touchpoint or
stage, JSON path without indices: :func:`tpscore.diff.finding_key`), so editing a journey does not turn old
findings into new ones, and a new finding in another file is never absorbed by an old one elsewhere (the
file is part of the key). Matching is by count: with two known TP002 on a touchpoint, a third is new.

Pure: the command reads and writes the file (or audits the journeys of a git revision for ``git:REV``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from . import __version__
from .diff import finding_key

BASELINE_FORMAT = "tpscore-baseline"
BASELINE_FORMAT_VERSION = 1

#: (repository path, code, touchpoint, stage, path without indices)
Key = tuple[str, str, str, str, str]


def key_of(repo_path: str, finding: dict) -> Key:
    return (repo_path, *finding_key(finding))


def count_findings(findings: Iterable[tuple[str, dict]]) -> Counter:
    """How many findings there are of each key; ``findings`` are (repository path, finding) pairs."""
    return Counter(key_of(path, f) for path, f in findings)


def baseline_document(counts: Counter, messages: dict[Key, str] | None = None) -> dict[str, Any]:
    """The baseline file's content: entries sorted by key, each with its count and (to read) a message."""
    messages = messages or {}
    entries = [{"file": key[0], "code": key[1], "touchpoint": key[2] or None, "stage": key[3] or None,
                "path": key[4], "count": count, "message": messages.get(key)}
               for key, count in sorted(counts.items()) if count > 0]
    return {"format": BASELINE_FORMAT, "format_version": BASELINE_FORMAT_VERSION, "tpscore_version": __version__,
            "findings": entries}


class BaselineError(ValueError):
    """The baseline file is not a tpscore baseline (exit code 2)."""


def read_baseline(data: Any, name: str) -> Counter:
    """The counts of a baseline document (parsed JSON); :class:`BaselineError` when it is not one."""
    if not isinstance(data, dict) or data.get("format") != BASELINE_FORMAT:
        raise BaselineError(f"{name}: not a tpscore baseline (write one with `tpscore audit --write-baseline FILE`)")
    if data.get("format_version") != BASELINE_FORMAT_VERSION:
        raise BaselineError(f"{name}: baseline format version {data.get('format_version')!r}; this tpscore reads "
                            f"{BASELINE_FORMAT_VERSION}")
    counts: Counter = Counter()
    for index, entry in enumerate(data.get("findings") or []):
        try:
            key = (entry["file"], entry["code"], entry["touchpoint"] or "", entry["stage"] or "", entry["path"])
            count = int(entry["count"])
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"{name}: entry {index + 1} lacks file, code, touchpoint, stage, path or count") \
                from None
        if not all(isinstance(part, str) for part in key) or count < 1:
            raise BaselineError(f"{name}: entry {index + 1} is malformed")
        counts[key] += count
    return counts


def apply_baseline(report: dict, repo_path: str, known: Counter, label: str) -> list[dict]:
    """Move the findings of ``report`` that ``known`` (counts for this file, used up as they match) holds into
    ``report["ignored"]`` as known findings, and recount its summary and status. Returns the entries of
    ``known`` for this file that nothing matched (stale: fixed, or the journey changed)."""
    remaining = Counter({key: n for key, n in known.items() if key[0] == repo_path})
    new, matched = [], []
    for f in report["findings"]:
        key = key_of(repo_path, f)
        if remaining[key] > 0:
            remaining[key] -= 1
            matched.append({**f, "suppressed_by": "baseline", "reason": f"known finding, in the baseline {label}"})
        else:
            new.append(f)
    if matched:
        report["findings"] = new
        report["ignored"] = report["ignored"] + matched
        summary = dict(report["summary"])
        for severity, name in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
            summary[name] = sum(1 for f in new if f["severity"] == severity)
        summary["ignored"] = len(report["ignored"])
        report["summary"] = summary
        report["status"] = "fail" if summary["errors"] else "warn" if summary["warnings"] else "pass"
        report["verdict"] = f"{report['verdict']} — {len(new)} new, {len(matched)} known from the baseline {label}"
    return [{"file": key[0], "code": key[1], "touchpoint": key[2] or None, "stage": key[3] or None,
             "path": key[4], "count": n} for key, n in sorted(remaining.items()) if n > 0]
