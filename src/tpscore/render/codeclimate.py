"""GitLab Code Quality: the Code Climate issue list GitLab shows in merge requests as new and resolved findings.

One issue per finding (silenced ones left out: GitLab has no notion of a suppressed issue) and per problem of
an invalid file, each with GitLab's documented fields: ``description``, ``check_name``, ``fingerprint``,
``severity`` and ``location.path`` (from the repository root) with ``location.lines.begin``. GitLab compares
the report of a merge request with the target branch's by fingerprint, so fingerprints are stable: rule,
repository path and what the finding is about, never its line or message (an ordinal tells true duplicates
apart). Gates belong to no file and are not issues; the exit code and the other formats carry them.
"""

from __future__ import annotations

from typing import Any

from ..auditrun import AuditRun
from ..diff import finding_key
from .fingerprints import Fingerprints
from .json_report import dumps
from .sarif import INVALID_RULE

# Finding severity → Code Climate severity (info, minor, major, critical, blocker).
SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}
INVALID_SEVERITY = "critical"  # the file was not scored at all


def _issue(check: str, description: str, severity: str, path: str, line: int, fingerprint: str,
           categories: list[str]) -> dict[str, Any]:
    return {"type": "issue", "check_name": check, "description": description, "categories": categories,
            "severity": severity, "fingerprint": fingerprint,
            "location": {"path": path, "lines": {"begin": line}}}


def issues(run: AuditRun) -> list[dict[str, Any]]:
    fingerprints = Fingerprints()
    out = []
    for f in run.findings():
        path = run.repo_path(f["file"])
        out.append(_issue(f"{f['code']} {f['name']}", f["message"], SEVERITIES[f["severity"]], path, f["line"],
                          fingerprints.single(path, *finding_key(f)), ["Style"]))
    for item in run.invalid:
        for p in item["problems"]:
            path = run.repo_path(p["file"])
            out.append(_issue(f"{INVALID_RULE} {p['kind']}", p["message"], INVALID_SEVERITY, path, p["line"],
                              fingerprints.single(INVALID_RULE, path, p["kind"], p["path"]), ["Bug Risk"]))
    return out


def render(run: AuditRun, color: bool = False) -> str:
    return dumps(issues(run))
