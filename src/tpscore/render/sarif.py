"""SARIF 2.1.0 for code-scanning UIs (GitHub code scanning, GitLab, VS Code's SARIF viewer).

One run; ``tool.driver.rules`` lists every rule with its documentation, plus ``invalid-journey`` for files
that fail validation. Each finding is a result located at ``file:line:column``; findings silenced with
``ignore:`` are kept as suppressed results. ``partialFingerprints`` do not depend on the message or the line,
so code scanning keeps tracking an alert while the journey around it changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..auditrun import AuditRun
from ..rules import Rule, all_rules
from .json_report import dumps
from .summary import profile_source

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://tpscore.dev/"
INVALID_RULE = "invalid-journey"
FINGERPRINT = "tpscore/v1"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}  # finding severity → result.level


def artifact_uri(path: str) -> str:
    """A journey path as a URI reference: relative paths stay relative (POSIX separators), percent-encoded;
    absolute paths become ``file://`` URIs."""
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(PurePath(path).as_posix(), safe="/")


def _text(text: str, markdown: str | None = None) -> dict[str, str]:
    return {"text": text, "markdown": markdown} if markdown is not None else {"text": text}


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    what = rule.sections().get("What it finds", rule.summary)
    doc = f"# {rule.code} {rule.name}\n\n{rule.doc}"
    return {"id": rule.code, "name": rule.name, "shortDescription": _text(rule.summary),
            "fullDescription": _text(" ".join(what.split())), "help": _text(doc, doc),
            "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
            "properties": {"tags": ["customer-experience"]}}


def _invalid_descriptor() -> dict[str, Any]:
    doc = ("The file is not a valid journey (format v1): a YAML error, a schema violation or a reference "
           "to something that does not exist. It was not scored. Run `tpscore validate FILE` for every problem.")
    return {"id": INVALID_RULE, "name": INVALID_RULE, "shortDescription": _text("The journey file is not valid"),
            "fullDescription": _text(doc), "help": _text(doc, doc), "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["validation"]}}


def _fallback_descriptor(finding: dict) -> dict[str, Any]:
    """For a finding from a report of another tpscore version whose rule this one does not know."""
    return {"id": finding["code"], "name": finding["name"], "shortDescription": _text(finding["name"]),
            "defaultConfiguration": {"level": SARIF_LEVELS[finding["severity"]]}}


class _Fingerprints:
    """Stable hashes of (rule, file, what the result is about); an ordinal tells identical keys apart."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, *parts: str) -> dict[str, str]:
        digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]
        ordinal = self._seen[digest] = self._seen.get(digest, 0) + 1
        return {FINGERPRINT: f"{digest}:{ordinal}"}


def _location(item: dict) -> list[dict[str, Any]]:
    return [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(item["file"])},
                                  "region": {"startLine": item["line"], "startColumn": item["column"]}}}]


def _finding_result(f: dict, index: int, fingerprints: _Fingerprints, suppressed: bool) -> dict[str, Any]:
    subject = f["touchpoint"] or f["stage"] or f["path"]
    result: dict[str, Any] = {
        "ruleId": f["code"], "ruleIndex": index, "level": SARIF_LEVELS[f["severity"]],
        "message": {"text": f["message"]}, "locations": _location(f),
        "partialFingerprints": fingerprints(f["code"], artifact_uri(f["file"]), subject),
        "properties": {"touchpoint": f["touchpoint"], "stage": f["stage"], "path": f["path"]},
    }
    if suppressed:
        result["suppressions"] = [{"kind": "inSource", "justification": "ignored by `ignore:` in the journey file"}]
    return result


def _results(run: AuditRun, rules: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    fingerprints = _Fingerprints()
    for report in run.reports:
        for suppressed, findings in ((False, report["findings"]), (True, report["ignored"])):
            for f in findings:
                if f["code"] not in index:
                    index[f["code"]] = len(rules)
                    rules.append(_fallback_descriptor(f))
                yield _finding_result(f, index[f["code"]], fingerprints, suppressed)
    for item in run.invalid:
        for p in item["problems"]:
            yield {"ruleId": INVALID_RULE, "ruleIndex": index[INVALID_RULE], "level": "error",
                   "message": {"text": p["message"]}, "locations": _location(p),
                   "partialFingerprints": fingerprints(INVALID_RULE, artifact_uri(p["file"]), p["kind"], p["path"]),
                   "properties": {"kind": p["kind"], "path": p["path"]}}


def sarif_log(run: AuditRun) -> dict[str, Any]:
    rules = [_rule_descriptor(rule) for rule in all_rules().values()] + [_invalid_descriptor()]
    results = list(_results(run, rules))
    # Which profile judged the journeys: a profile can turn rules off, so the log says which one did.
    invocation: dict[str, Any] = {"executionSuccessful": True,
                                  "properties": {"profiles": sorted({profile_source(r) for r in run.reports})}}
    failed = run.failed_gates()
    if failed:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": f"gate failed: {g['gate']}: {g['detail']}"}} for g in failed]
    driver = {"name": "tpscore", "version": __version__, "semanticVersion": __version__,
              "informationUri": INFORMATION_URI, "rules": rules}
    return {"$schema": SCHEMA_URI, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "invocations": [invocation], "columnKind": "unicodeCodePoints",
                      "results": results}]}


def render(run: AuditRun, color: bool = False) -> str:
    return dumps(sarif_log(run))
