"""SARIF 2.1.0 for code-scanning UIs (GitHub code scanning, GitLab, VS Code's SARIF viewer).

One run; ``tool.driver.rules`` lists every rule with its documentation, plus ``invalid-journey`` for files
that fail validation. Each finding is a result located at ``file:line:column``; findings silenced with
``ignore:`` are kept as suppressed results. ``partialFingerprints`` do not depend on the message or the line,
so code scanning keeps tracking an alert while the journey around it changes.

Locations are relative to the repository root (``uriBaseId`` ``%SRCROOT%``, defined in
``originalUriBaseIds``), whatever folder tpscore ran in: GitHub resolves them against the repository, so
``cd journeys && tpscore audit .`` still points at ``journeys/x.yaml``. A file outside the repository is an
absolute ``file://`` URI.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..auditrun import AuditRun
from ..links import project_url, rule_doc_url
from ..rules import Rule, all_rules
from .fingerprints import Fingerprints
from .json_report import dumps
from .summary import profile_source

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INVALID_RULE = "invalid-journey"
SRCROOT = "%SRCROOT%"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}  # finding severity → result.level


def artifact_location(run: AuditRun, path: str) -> dict[str, str]:
    """A journey path as a SARIF artifact location: repository-relative and percent-encoded under
    ``%SRCROOT%``, else (standard input, a file outside the repository) the path as given or a ``file://`` URI."""
    relative = run.paths.relative(path)
    if relative is not None:
        return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}
    if path in ("-", "<stdin>"):
        return {"uri": quote(path, safe="")}
    return {"uri": run.paths.absolute(path).as_uri()}


def _text(text: str, markdown: str | None = None) -> dict[str, str]:
    return {"text": text, "markdown": markdown} if markdown is not None else {"text": text}


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    what = rule.sections().get("What it finds", rule.summary)
    doc = f"# {rule.code} {rule.name}\n\n{rule.doc}"
    descriptor = {"id": rule.code, "name": rule.name, "shortDescription": _text(rule.summary),
                  "fullDescription": _text(" ".join(what.split())), "help": _text(doc, doc),
                  "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
                  "properties": {"tags": ["customer-experience"]}}
    help_uri = rule_doc_url(rule.code)
    if help_uri:
        descriptor["helpUri"] = help_uri
    return descriptor


def _invalid_descriptor() -> dict[str, Any]:
    doc = ("The file is not a valid journey (format v1): a YAML error, a schema violation or a reference "
           "to something that does not exist. It was not scored. Run `tpscore validate FILE` for every problem.")
    # The name must differ from the id (SARIF1001: the id is an opaque key, the name is for people).
    return {"id": INVALID_RULE, "name": "invalid-journey-file",
            "shortDescription": _text("The journey file is not valid"), "fullDescription": _text(doc),
            "help": _text(doc, doc), "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["validation"]}}


def _fallback_descriptor(finding: dict) -> dict[str, Any]:
    """For a finding from a report of another tpscore version whose rule this one does not know."""
    return {"id": finding["code"], "name": finding["name"], "shortDescription": _text(finding["name"]),
            "defaultConfiguration": {"level": SARIF_LEVELS[finding["severity"]]}}


def _location(run: AuditRun, item: dict) -> list[dict[str, Any]]:
    region = {"startLine": item["line"], "startColumn": item["column"]}
    if item.get("end_line"):
        region.update(endLine=item["end_line"], endColumn=item["end_column"])
    return [{"physicalLocation": {"artifactLocation": artifact_location(run, item["file"]), "region": region}}]


def _suppression(f: dict) -> dict[str, str]:
    """Why a finding is not counted: silenced in the journey (inSource) or known from a baseline (external)."""
    kind = f.get("suppressed_by", "ignore")
    if kind == "baseline":
        return {"kind": "external", "status": "accepted",
                "justification": f.get("reason") or "known finding, recorded in the baseline"}
    reason = f.get("reason")
    return {"kind": "inSource", "status": "accepted",
            "justification": reason or "ignored by `ignore:` in the journey file"}


def _finding_result(run: AuditRun, f: dict, index: int, fingerprints: Fingerprints,
                    suppressed: bool) -> dict[str, Any]:
    from ..diff import finding_key

    result: dict[str, Any] = {
        "ruleId": f["code"], "ruleIndex": index, "level": SARIF_LEVELS[f["severity"]],
        "message": {"text": f["message"]}, "locations": _location(run, f),
        "partialFingerprints": fingerprints.sarif(run.repo_path(f["file"]), *finding_key(f)),
        "properties": {"touchpoint": f["touchpoint"], "stage": f["stage"], "path": f["path"]},
    }
    if suppressed:
        result["suppressions"] = [_suppression(f)]
    return result


def _results(run: AuditRun, rules: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    fingerprints = Fingerprints()
    for report in run.reports:
        for suppressed, findings in ((False, report["findings"]), (True, report["ignored"])):
            for f in findings:
                if f["code"] not in index:
                    index[f["code"]] = len(rules)
                    rules.append(_fallback_descriptor(f))
                yield _finding_result(run, f, index[f["code"]], fingerprints, suppressed)
    for item in run.invalid:
        for p in item["problems"]:
            yield {"ruleId": INVALID_RULE, "ruleIndex": index[INVALID_RULE], "level": "error",
                   "message": {"text": p["message"]}, "locations": _location(run, p),
                   "partialFingerprints": fingerprints.sarif(INVALID_RULE, run.repo_path(p["file"]), p["kind"],
                                                             p["path"]),
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
    driver: dict[str, Any] = {"name": "tpscore", "version": __version__, "semanticVersion": __version__}
    home = project_url()
    if home:
        driver["informationUri"] = home
    driver["rules"] = rules
    base = {SRCROOT: {"uri": run.paths.root.as_uri().rstrip("/") + "/",
                      "description": {"text": "The repository root (the working directory outside git)."}}}
    return {"$schema": SCHEMA_URI, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "invocations": [invocation], "originalUriBaseIds": base,
                      "columnKind": "unicodeCodePoints", "results": results}]}


def render(run: AuditRun, color: bool = False) -> str:
    return dumps(sarif_log(run))
