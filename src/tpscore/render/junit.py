"""JUnit XML for CI test reports (GitLab, Jenkins), valid against the strict Apache Ant schema.

``<testsuites>`` holds one ``<testsuite>`` per journey file (named by its path from the repository root) with a
``<testcase>`` per finding, or one passing "no findings" case. Each invalid file is a suite of ``<error>``
cases, one per problem; CI gates, when any were asked for, form a last suite.

Test-case names are the finding's identity, never its position: rule code and name, then the touchpoint,
stage or JSON path it is about (``TP002 unbridged-handoff: touchpoint invoice``), with an ordinal for true
duplicates. GitLab and Jenkins track a test by classname + name, so a comment added at the top of a journey
must not rename every case (GitLab would list them all as newly failed and resolved, Jenkins would reset
"failing since"). The location leads the failure text instead; the Ant schema has no ``file``/``line``
attributes on a test case, and the suite's name is the file.

Outcomes follow ``--fail-on``: a finding at or above it is a ``<failure>``; one below it is ``<skipped>``
with the reason and the message (it does not fail the job, so the test panel must not count it as failed:
"skipped" keeps the message visible, which a passing case in the strict schema cannot). Findings silenced
with ``ignore:`` or known from a ``--baseline`` are skipped too, with their reason. The message is repeated in
the element's text because GitLab ignores the ``message`` attribute.

Built with ElementTree, never by concatenating strings; characters XML 1.0 cannot hold are dropped.
The output is deterministic: the schema's required ``timestamp`` and ``hostname`` are fixed values.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from ..auditrun import AuditRun
from ..console import strip_controls
from ..diff import generic_path
from ..gates import at_or_above
from .summary import one_line, profile_source

TIMESTAMP = "1970-01-01T00:00:00"  # the schema requires one; a fixed value keeps the report reproducible
HOSTNAME = "localhost"
GATES_SUITE = "tpscore gates"


def _set(element: ET.Element, **attributes: object) -> ET.Element:
    for key, value in attributes.items():
        element.set(key, strip_controls(str(value)))
    return element


class _Suite:
    def __init__(self, parent: ET.Element, index: int, name: str, package: str) -> None:
        self.element = _set(ET.SubElement(parent, "testsuite"), name=one_line(name) or "-", package=one_line(package)
                            or "-", id=index, timestamp=TIMESTAMP, hostname=HOSTNAME, time="0")
        self.properties = ET.SubElement(self.element, "properties")
        self.counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        self._names: dict[str, int] = {}

    def property(self, name: str, value: str) -> None:
        _set(ET.SubElement(self.properties, "property"), name=name, value=value)

    def case(self, classname: str, name: str, outcome: str | None = None, message: str = "",
             kind: str | None = None, body: str = "") -> None:
        """One testcase; ``outcome`` is None (passed), "failure", "error" or "skipped". A name already used in
        the suite gets an ordinal, so GitLab (which keys tests by classname + name) keeps both."""
        name = one_line(name)
        seen = self._names[name] = self._names.get(name, 0) + 1
        case = _set(ET.SubElement(self.element, "testcase"), name=name if seen == 1 else f"{name} #{seen}",
                    classname=one_line(classname), time="0")
        self.counts["tests"] += 1
        if outcome is None:
            return
        self.counts[{"failure": "failures", "error": "errors", "skipped": "skipped"}[outcome]] += 1
        child = _set(ET.SubElement(case, outcome), message=one_line(message))
        if kind is not None:
            _set(child, type=kind)
        child.text = "\n".join(strip_controls(body or message).splitlines())

    def close(self) -> None:
        _set(self.element, **self.counts)
        ET.SubElement(self.element, "system-out")
        ET.SubElement(self.element, "system-err")


def case_name(f: dict) -> str:
    """A finding's stable identity: rule, then what it is about; never its line or column."""
    if f["touchpoint"] is not None:
        subject = f"touchpoint {f['touchpoint']}"
    elif f["stage"] is not None:
        subject = f"stage {f['stage']}"
    else:
        subject = "journey" if f["path"] in ("$", "") else f"journey {generic_path(f['path'])}"
    return f"{f['code']} {f['name']}: {subject}"


def _skip_reason(f: dict, fail_on: str, ignored: bool) -> str | None:
    """Why a finding does not fail the job, or None when it does."""
    if ignored:
        why = "known finding (in the baseline)" if f.get("suppressed_by") == "baseline" else "ignored by `ignore:`"
        return why + (f": {f['reason']}" if f.get("reason") else "")
    if not at_or_above(f["severity"], fail_on):
        return f"{f['severity']} is below --fail-on {fail_on}"
    return None


def _finding_case(suite: _Suite, run: AuditRun, classname: str, f: dict, ignored: bool = False) -> None:
    where = f"{run.repo_path(f['file'])}:{f['line']}:{f['column']}"
    body = f"{where}: {f['code']} {f['name']} [{f['severity']}]\n{f['message']}\nat {f['path']}"
    reason = _skip_reason(f, run.fail_on, ignored)
    if reason is not None:
        suite.case(classname, case_name(f), "skipped", f"{reason}: {f['message']}", body=f"{reason}\n{body}")
    else:
        suite.case(classname, case_name(f), "failure", f["message"], f["severity"], body)


def _suites(root: ET.Element, run: AuditRun) -> Iterable[_Suite]:
    ids = itertools.count()
    for report in run.reports:
        j = report["journey"]
        file = run.repo_path(j["file"])
        suite = _Suite(root, next(ids), file, f"tpscore.{j['id']}")
        suite.property("profile", profile_source(report))
        classname = f"tpscore.{j['id']}"
        for f in report["findings"]:
            _finding_case(suite, run, classname, f)
        for f in report["ignored"]:
            _finding_case(suite, run, classname, f, ignored=True)
        if not report["findings"]:
            suite.case(classname, f"no findings in {file}")  # the file: journey ids may repeat
        yield suite
    for item in run.invalid:
        file = run.repo_path(item["file"])
        suite = _Suite(root, next(ids), file, "tpscore.invalid")
        for p in item["problems"]:
            body = f"{file}:{p['line']}:{p['column']}: {p['message']}\nat {p['path']}"
            # Problems have no identity beyond their place: the JSON path, not the line, names them.
            suite.case("tpscore.invalid", f"{p['kind']} {p['path']}", "error", p["message"], "invalid-journey", body)
        yield suite
    if run.gates:
        suite = _Suite(root, next(ids), GATES_SUITE, "tpscore.gates")
        for gate in run.gates:
            failed = None if gate["passed"] else "failure"
            suite.case("tpscore.gates", gate["gate"], failed, f"gate failed: {gate['gate']}: {gate['detail']}", "gate")
        yield suite


def render(run: AuditRun, color: bool = False) -> str:
    root = ET.Element("testsuites")
    for suite in _suites(root, run):
        suite.close()
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
