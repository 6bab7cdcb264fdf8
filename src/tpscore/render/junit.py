"""JUnit XML for CI test reports (GitLab, Jenkins), valid against the strict Apache Ant schema.

``<testsuites>`` holds one ``<testsuite>`` per journey file: a failing ``<testcase>`` per finding (its name
carries the location so GitLab, which keys tests by classname + name, keeps them apart), a skipped one per
finding silenced with ``ignore:``, or one passing "no findings" case. Each invalid file is a suite of
``<error>`` cases, one per problem; CI gates, when any were asked for, form a last suite. The message is
repeated in the element's text because GitLab ignores the ``message`` attribute.

Built with ElementTree, never by concatenating strings; characters XML 1.0 cannot hold are dropped.
The output is deterministic: the schema's required ``timestamp`` and ``hostname`` are fixed values.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from ..auditrun import AuditRun
from ..console import strip_controls
from .summary import location, one_line, profile_source

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


def _finding_case(suite: _Suite, classname: str, f: dict, ignored: bool = False) -> None:
    name = f"{f['code']} {location(f)} {f['name']}"
    body = f"{location(f)}: {f['code']} {f['name']} [{f['severity']}]\n{f['message']}\nat {f['path']}"
    if ignored:
        suite.case(classname, name, "skipped", f"ignored by `ignore:` in the file: {f['message']}", body=body)
    else:
        suite.case(classname, name, "failure", f["message"], f["severity"], body)


def _suites(root: ET.Element, run: AuditRun) -> Iterable[_Suite]:
    ids = itertools.count()
    for report in run.reports:
        j = report["journey"]
        suite = _Suite(root, next(ids), j["file"], f"tpscore.{j['id']}")
        suite.property("profile", profile_source(report))
        classname = f"tpscore.{j['id']}"
        for f in report["findings"]:
            _finding_case(suite, classname, f)
        for f in report["ignored"]:
            _finding_case(suite, classname, f, ignored=True)
        if not report["findings"]:
            suite.case(classname, f"no findings in {j['file']}")  # the file: journey ids may repeat
        yield suite
    for item in run.invalid:
        suite = _Suite(root, next(ids), item["file"], "tpscore.invalid")
        for p in item["problems"]:
            body = f"{location(p)}: {p['message']}\nat {p['path']}"
            suite.case("tpscore.invalid", f"{p['kind']} {location(p)}", "error", p["message"], "invalid-journey", body)
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
