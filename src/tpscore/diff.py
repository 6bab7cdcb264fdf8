"""Compare two audit versions of a journey: what changed, and did it get better?

Works on report dictionaries (the contract of ``schemas/report.schema.json``), so journey files, JSON
reports read back and git revisions all go through the same path. The result is the contract of
``schemas/diff.schema.json``: fixed key order, numbers rounded, no line numbers in any match, so a
file whose YAML layout changed but whose content did not reports no change.

Pure: no typer, no rich, no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from . import __version__

DIFF_FORMAT = "tpscore-diff"
DIFF_FORMAT_VERSION = 1
#: The scores, each with whether a higher value is better (friction: lower is better).
SCORES: dict[str, bool] = {"friction": False, "coverage": True, "experience": True}
#: Touchpoint fields compared besides friction (line numbers are layout; cost follows friction).
TOUCHPOINT_FIELDS = ("name", "stage", "path", "owner", "channel", "weight", "moments", "effort", "emotion",
                     "frictions", "metrics", "bridge", "effective_weight", "reachable")
GAIN_ORDER = ("friction", "experience", "coverage")
_INDEX = re.compile(r"\[\d+\]")


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number_change(old: Any, new: Any) -> float | None:
    """``new - old`` rounded (inputs carry at most 3 decimals), or None unless both are numbers."""
    if not (is_number(old) and is_number(new)):
        return None
    change = new - old
    return change if isinstance(change, int) else round(change, 3) + 0.0  # + 0.0 normalises -0.0


def score_change(old: Any, new: Any, higher_is_better: bool) -> dict[str, Any]:
    """``{old, new, change, better}``; ``better`` is None when nothing moved."""
    change = number_change(old, new)
    better = None if not change else (change > 0) == higher_is_better
    return {"old": old, "new": new, "change": change, "better": better}


def diff_reports(old: dict, new: dict) -> dict[str, Any]:
    """Everything that changed from report ``old`` to report ``new`` (see schemas/diff.schema.json)."""
    renames = find_renames(old["touchpoints"], new["touchpoints"])
    out: dict[str, Any] = {
        "format": DIFF_FORMAT,
        "format_version": DIFF_FORMAT_VERSION,
        "tpscore_version": __version__,
        "old": _journey(old),
        "new": _journey(new),
        "journey_mismatch": old["journey"]["id"] != new["journey"]["id"],
        "profile_changed": _profile(old) != _profile(new),
        "changed": False,
        "status": {"old": old["status"], "new": new["status"]},
        "scores": {name: score_change(old["scores"][name], new["scores"][name], up) for name, up in SCORES.items()},
        "touchpoints": _touchpoints(old["touchpoints"], new["touchpoints"], renames),
        "stages": _stages(old["stages"], new["stages"]),
        "findings": _findings(old["findings"], new["findings"], renames),
        "coverage": {"flipped": _flipped(old["coverage"], new["coverage"])},
        "routes": _routes(old, new, renames),
        "watched": _watched(old["touchpoints"], new["touchpoints"], renames),
        "opportunities": team_changes(old, new),
    }
    out["changed"] = has_changes(out)
    return out


def has_changes(diff: dict) -> bool:
    """True when any score moved or any list of the diff is not empty."""
    if any(s["change"] for s in diff["scores"].values()):
        return True
    groups = (diff["touchpoints"], diff["stages"], diff["findings"], diff["coverage"], diff.get("opportunities", {}))
    return any(items for group in groups for items in group.values())


def _journey(report: dict) -> dict[str, Any]:
    j = report["journey"]
    return {"id": j["id"], "name": j["name"], "audit": j["audit"], "file": j["file"]}


def _profile(report: dict) -> dict:
    """The settings a report was scored with; a setting an older report does not list had its default."""
    from .profile import default_profile

    settings = {**default_profile().to_dict(), **report.get("profile", {})}
    return {k: v for k, v in settings.items() if k not in ("source", "sources")}


# -- touchpoints -------------------------------------------------------------------------------------


def find_renames(old: list[dict], new: list[dict]) -> dict[str, str]:
    """``{old id: new id}`` for ids that disappeared while a new id has the same name and stage.

    Candidates pair up in file order within each (name, stage), so the pairing is symmetric:
    swapping old and new gives the inverse mapping.
    """
    old_ids = {t["id"] for t in old}
    new_ids = {t["id"] for t in new}
    pool: dict[tuple[str, str], list[str]] = {}
    for t in new:
        if t["id"] not in old_ids:
            pool.setdefault((t["name"], t["stage"]), []).append(t["id"])
    renames = {}
    for t in old:
        candidates = pool.get((t["name"], t["stage"]))
        if t["id"] not in new_ids and candidates:
            renames[t["id"]] = candidates.pop(0)
    return renames


def _brief(t: dict) -> dict[str, Any]:
    return {"id": t["id"], "name": t["name"], "stage": t["stage"], "friction": t["friction"]}


def _touchpoints(old: list[dict], new: list[dict], renames: dict[str, str]) -> dict[str, list]:
    before = {t["id"]: t for t in old}
    back = {n: o for o, n in renames.items()}
    added, changed = [], []
    for t in new:
        old_id = t["id"] if t["id"] in before else back.get(t["id"])
        if old_id is None:
            added.append(_brief(t))
            continue
        entry = touchpoint_change(before[old_id], t)
        if entry is not None:
            changed.append(entry)
    matched = {t["id"] for t in new} | set(renames)
    removed = [_brief(t) for t in old if t["id"] not in matched]
    return {"added": added, "removed": removed, "changed": changed}


def touchpoint_change(old: dict, new: dict) -> dict[str, Any] | None:
    """How one matched touchpoint moved, or None when nothing did."""
    fields = field_changes(old, new)
    friction = score_change(old["friction"], new["friction"], False)
    renamed = old["id"] != new["id"]
    if not (fields or renamed or friction["change"]):
        return None
    return {"id": new["id"], "old_id": old["id"], "renamed": renamed, "name": new["name"], "stage": new["stage"],
            "friction": friction, "fields": fields}


def _flat(t: dict, metric_names: Iterable[str]) -> dict[str, Any]:
    out = {}
    for key in TOUCHPOINT_FIELDS:
        if key == "metrics":
            out.update({f"metrics.{m}": t.get("metrics", {}).get(m) for m in metric_names})
        else:
            out[key] = t.get(key)
    return out


def field_changes(old: dict, new: dict) -> list[dict[str, Any]]:
    """``[{field, old, new, change}]`` for every compared field that differs (metrics one by one)."""
    metrics = sorted(set(old.get("metrics", {})) | set(new.get("metrics", {})))
    a, b = _flat(old, metrics), _flat(new, metrics)
    return [{"field": key, "old": a[key], "new": b[key], "change": number_change(a[key], b[key])}
            for key in a if a[key] != b[key]]


# -- stages, findings, coverage ------------------------------------------------------------------------


def _stages(old: list[dict], new: list[dict]) -> dict[str, list]:
    before = {s["id"]: s for s in old}
    new_ids = {s["id"] for s in new}
    out: dict[str, list] = {
        "added": [s["id"] for s in new if s["id"] not in before],
        "removed": [s["id"] for s in old if s["id"] not in new_ids],
        "covered": [], "uncovered": [], "changed": [],
    }
    for s in new:
        o = before.get(s["id"])
        if o is None:
            continue
        if o["covered"] != s["covered"]:
            out["covered" if s["covered"] else "uncovered"].append(s["id"])
            continue
        friction = score_change(o["friction"], s["friction"], False)
        if friction["change"]:
            out["changed"].append({"id": s["id"], "friction": friction})
    return out


def generic_path(path: str) -> str:
    """A JSONPath with its list indices dropped (``$.touchpoints[3].frictions[0]`` → ``$.touchpoints[].frictions[]``):
    what stays the same when items are inserted before it."""
    return _INDEX.sub("[]", path)


def finding_key(finding: dict, renames: dict[str, str] | None = None) -> tuple[str, str, str, str]:
    """What identifies a finding across versions: rule, touchpoint (else stage) and the JSONPath with its
    indices dropped; never the message or the line. ``renames`` maps old touchpoint ids to new ones."""
    touchpoint = finding["touchpoint"]
    if touchpoint is not None:
        return finding["code"], (renames or {}).get(touchpoint, touchpoint), "", generic_path(finding["path"])
    return finding["code"], "", finding["stage"] or "", generic_path(finding["path"])


def _surplus(findings: list[dict], extra: Counter, renames: dict[str, str] | None) -> list[dict]:
    left = Counter(extra)
    picked = []
    for f in findings:
        key = finding_key(f, renames)
        if left[key] > 0:
            left[key] -= 1
            picked.append(f)
    return picked


def _findings(old: list[dict], new: list[dict], renames: dict[str, str]) -> dict[str, list]:
    before = Counter(finding_key(f, renames) for f in old)
    after = Counter(finding_key(f) for f in new)
    return {"introduced": _surplus(new, after - before, None), "resolved": _surplus(old, before - after, renames)}


def _check_state(check: dict) -> bool | None:
    return check["ok"] if check["applicable"] else None


def _flipped(old: list[dict], new: list[dict]) -> list[dict[str, Any]]:
    before = {c["id"]: c for c in old}
    out = []
    for c in new:
        if c["id"] not in before:
            continue
        was, now = _check_state(before[c["id"]]), _check_state(c)
        if was != now:
            better = None if was is None or now is None else now
            out.append({"id": c["id"], "name": c["name"], "old": was, "new": now, "better": better})
    return out


# -- the team's opportunities ---------------------------------------------------------------------------


def team_changes(old: dict, new: dict) -> dict[str, list]:
    """What happened to the team's opportunities (the file's ``opportunities:``) between two audits.

    ``closed``: done now, not done before; each with the gain the old audit computed for it
    (``expected``, null when it was not in the old file) against the change of the scores measured
    between the audits (every other change counts there too) and the friction of the touchpoints it
    names, old → new. Reports written before opportunities existed have none: nothing changes.
    """
    before = {t["id"]: t for t in old.get("team_opportunities", [])}
    after = {t["id"]: t for t in new.get("team_opportunities", [])}
    out: dict[str, list] = {"closed": [], "opened": [], "changed": [], "dropped": []}
    measured = {name: number_change(old["scores"][name], new["scores"][name]) for name in GAIN_ORDER}
    old_tps = {t["id"]: t for t in old["touchpoints"]}
    new_tps = {t["id"]: t for t in new["touchpoints"]}
    for tid, t in after.items():
        was = before.get(tid)
        status = was["status"] if was else None
        if t["status"] == "done" and status != "done":
            touched = [{"id": tp, "friction": score_change(old_tps[tp]["friction"] if tp in old_tps else None,
                                                            new_tps[tp]["friction"] if tp in new_tps else None, False)}
                       for tp in t["touchpoints"]]
            out["closed"].append({**_team_brief(t), "old_status": status, "expected": was["gain"] if was else None,
                                  "measured": dict(measured), "touchpoints": touched})
        elif was is None:
            out["opened"].append(_team_brief(t))
        elif status != t["status"]:
            out["changed"].append({**_team_brief(t), "old_status": status})
    out["dropped"] = [_team_brief(t) for tid, t in before.items() if tid not in after]
    return out


def _team_brief(t: dict) -> dict[str, Any]:
    return {"id": t["id"], "title": t["title"], "owner": t["owner"], "status": t["status"]}


# -- regressions ---------------------------------------------------------------------------------------


def where(finding: dict) -> str:
    if finding.get("touchpoint"):
        return f" at touchpoint '{finding['touchpoint']}'"
    return f" in stage '{finding['stage']}'" if finding.get("stage") else ""


#: A touchpoint that this share of customers meets (``reach``) is watched like a moment.
HIGH_SHARE = 0.25


def _route_list(report: dict) -> list[dict]:
    """A report's routes; a format-1 report gives its endings (experience only)."""
    if "routes" in report:
        return report["routes"]
    return [{"ending": e["touchpoint"], "experience": e["experience"], "friction": None, "share": None}
            for e in report["experience"]["endings"]]


def _routes(old: dict, new: dict, renames: dict[str, str]) -> list[dict[str, Any]]:
    """Every route ending old → new: its experience and friction (None on the side where it is absent)."""
    before = {renames.get(r["ending"], r["ending"]): r for r in _route_list(old)}
    after = {r["ending"]: r for r in _route_list(new)}
    out = []
    for ending in sorted(set(before) | set(after)):
        o, n = before.get(ending), after.get(ending)
        out.append({"ending": ending,
                    "experience": score_change(o and o["experience"], n and n["experience"], True),
                    "friction": score_change(o and o.get("friction"), n and n.get("friction"), False),
                    "share": {"old": o and o.get("share"), "new": n and n.get("share")}})
    return out


def _watched(old: list[dict], new: list[dict], renames: dict[str, str]) -> list[dict[str, Any]]:
    """Touchpoints whose worsening matters whatever the averages do: first, last and emotional moments
    and those a large share of customers meet (``reach`` at least HIGH_SHARE), with their friction and
    felt emotion (on 0..100, like the experience score) old → new."""
    before = {renames.get(t["id"], t["id"]): t for t in old}
    out = []
    for t in new:
        o = before.get(t["id"])
        if o is None:
            continue
        why = sorted(set(o["moments"]) | set(t["moments"]))
        if max(o.get("reach") or 0, t.get("reach") or 0) >= HIGH_SHARE:
            why.append(f"met by {max(o.get('reach') or 0, t.get('reach') or 0):.0%} of customers")
        if not why:
            continue
        felt = [None if x["emotion"] is None else (x["emotion"] + 2) * 25 for x in (o, t)]
        out.append({"id": t["id"], "name": t["name"], "why": why,
                    "friction": score_change(o["friction"], t["friction"], False),
                    "emotion": score_change(felt[0], felt[1], True)})
    return out


def regressions(diff: dict, tolerance: float = 0.0) -> list[str]:
    """What got worse, one sentence each: friction rose or coverage/experience fell by more than
    ``tolerance`` points; a route's ending, a first, last or emotional moment or a touchpoint many
    customers meet got worse by more than ``tolerance`` (even when the averages improved); or a new
    error finding appeared."""
    def worse(c: dict) -> bool:
        return c["better"] is False and abs(c["change"]) > tolerance

    def moved(c: dict) -> str:
        return f"{c['old']:.1f} → {c['new']:.1f} ({c['change']:+.1f})"

    out = []
    for name, s in diff["scores"].items():
        if worse(s):
            verb = "rose" if s["change"] > 0 else "fell"
            out.append(f"{name} {verb} from {s['old']:.1f} to {s['new']:.1f} ({s['change']:+.1f})")
    for r in diff.get("routes", []):
        for name, words in (("experience", "remembered experience"), ("friction", "friction")):
            if worse(r[name]):
                out.append(f"route ending at '{r['ending']}': {words} {moved(r[name])}")
    for w in diff.get("watched", []):
        for name, words in (("friction", "friction"), ("emotion", "felt emotion (0..100)")):
            if worse(w[name]):
                out.append(f"touchpoint '{w['id']}' ({', '.join(w['why'])}): {words} {moved(w[name])}")
    for f in diff["findings"]["introduced"]:
        if f["severity"] == "error":
            out.append(f"new error {f['code']} ({f['name']}){where(f)}: {f['message']}")
    return out
