"""GitHub Actions workflow commands: one per finding, invalid-file problem and failed gate, escaped so user
text (a journey name, a message, a file path) can never start another command."""

from __future__ import annotations

import copy
import re
from urllib.parse import unquote

from helpers import FORGED, HOSTILE, audit_run, invalid_file

from tpscore.auditrun import AuditRun
from tpscore.gates import Gates
from tpscore.render import github
from tpscore.render.formats import render

COMMAND = re.compile(r"^::(error|warning|notice)( [a-z]+=[^,:\r\n]*(?:,[a-z]+=[^,:\r\n]*)*)?::([^\r\n]*)$")
FORGERY = "x\n::error::forged\r\n::warning file=a,line=1::y %0A"


def unescape(text: str) -> str:
    return unquote(text)  # %25 %0D %0A %3A %2C: what the runner turns back


def visible(text: str) -> str:
    """Text without the control characters (BEL, CR) that rendering drops or replaces by U+FFFD."""
    return re.sub("[\a\r\ufffd]", "", text)


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, f"not one workflow command: {line!r}"
    props = dict(part.split("=", 1) for part in (match.group(2) or "").strip().split(",") if part)
    return match.group(1), {k: unescape(v) for k, v in props.items()}, unescape(match.group(3))


def hostile_run() -> AuditRun:
    """The hostile fixture with the forgery also in the journey name, the file path, a message and a gate."""
    run = audit_run(HOSTILE, gates=Gates(max_friction=5))
    report = copy.deepcopy(run.reports[0])
    report["journey"]["name"] = FORGERY
    for finding in report["findings"]:
        finding["file"] = f"journeys/{FORGERY}.yaml"
    report["findings"][0]["message"] = FORGERY
    run.reports.append(report)
    run.gates.append({"gate": FORGERY, "passed": False, "detail": FORGERY})
    return run


RANK = {"error": 0, "warning": 1, "notice": 2}


def test_one_command_per_failed_gate_problem_and_finding_most_urgent_first(tmp_path):
    run = audit_run(HOSTILE, invalid_file(tmp_path), gates=Gates(max_friction=5))
    lines = render("github", run).splitlines()
    problems = [p for item in run.invalid for p in item["problems"]]
    gates = run.failed_gates()
    assert len(lines) == len(run.findings()) + len(problems) + len(gates)
    parsed = [parse(line) for line in lines]
    # Failed gates, then the problems of invalid files: they decide the exit code.
    assert [(level, props["title"]) for level, props, _ in parsed[:len(gates)]] == [
        ("error", f"tpscore gate {g['gate']}") for g in gates]
    assert all("file" not in props for _, props, _ in parsed[:len(gates)])
    for (level, props, message), p in zip(parsed[len(gates):], problems):
        assert level == "error" and props["file"] == p["file"] and message == p["message"]
    # Then findings, errors before warnings before notices, each at its repository path.
    findings = parsed[len(gates) + len(problems):]
    assert [RANK[level] for level, _, _ in findings] == sorted(RANK[level] for level, _, _ in findings)
    expected = sorted(run.findings(), key=lambda f: RANK[github.LEVELS[f["severity"]]])
    for (level, props, message), f in zip(findings, expected):
        assert level == github.LEVELS[f["severity"]]
        assert props == {"file": "tests/fixtures/hostile.yaml", "line": str(f["line"]), "col": str(f["column"]),
                         "title": f"tpscore {f['code']} {f['name']}"}
        assert visible(message) == visible(f["message"])


def many_findings(errors: int, warnings: int, notices: int) -> AuditRun:
    run = audit_run(HOSTILE, gates=Gates(fail_on="never"))
    template = run.reports[0]["findings"][0]
    run.reports[0]["findings"] = [dict(template, severity=severity, message=f"{severity} {i}")
                                  for severity, count in (("error", errors), ("warning", warnings), ("info", notices))
                                  for i in range(count)]
    return run


def test_annotations_stop_at_the_per_step_limits_with_one_notice_counting_the_rest():
    run = many_findings(errors=14, warnings=3, notices=25)
    run.elsewhere = ("tpscore.sarif", "summary.md")
    parsed = [parse(line) for line in render("github", run).splitlines()]
    levels = [level for level, _, _ in parsed]
    assert levels.count("error") == 10 and levels.count("warning") == 3 and levels.count("notice") == 10
    assert [m for lv, _, m in parsed if lv == "error"] == [f"error {i}" for i in range(10)]  # the first ten
    level, props, message = parsed[-1]
    assert level == "notice" and props["title"] == "tpscore: 20 more not annotated"
    assert message.startswith("4 errors, 16 notices not shown") and "tpscore.sarif, summary.md" in message


def test_no_counting_notice_when_everything_fits():
    lines = render("github", many_findings(errors=10, warnings=10, notices=10)).splitlines()
    assert len(lines) == 30 and not any("not annotated" in line for line in lines)


def test_a_newline_and_error_in_user_text_forge_no_command():
    run = hostile_run()
    text = render("github", run)
    lines = text.splitlines()
    assert len(lines) == len(run.findings()) + len(run.failed_gates())  # no extra line
    assert sum(line.startswith("::") for line in lines) == len(lines)
    assert "\r" not in text
    messages = {visible(message) for _, _, message in (parse(line) for line in lines)}
    forgery = visible(FORGERY)
    assert forgery in messages and f"gate failed: {forgery}: {forgery}" in messages


def test_hostile_fixture_messages_round_trip():
    run = audit_run(HOSTILE, gates=Gates(fail_on="never"))
    messages = [parse(line)[2] for line in render("github", run).splitlines()]
    assert [visible(m) for m in messages] == [visible(f["message"]) for f in run.findings()]
    assert any("\n::error file=x::forged" in m for m in messages)


def test_escaping_helpers_are_kept():
    assert github.escape_data("50%\r\n") == "50%25%0D%0A"
    assert github.escape_property("a:b,c\n") == "a%3Ab%2Cc%0A"
    assert github.annotation("warning", "a,b.yaml", 3, 4, "t:1", "m\n::error::x") == \
        "::warning file=a%2Cb.yaml,line=3,col=4,title=t%3A1::m%0A::error::x"
    assert github.command("notice", "hi") == "::notice::hi"
    assert github.command("error", "m", title="a,b") == "::error title=a%2Cb::m"


def test_a_clean_run_prints_nothing():
    assert github.render(AuditRun()) == ""
    assert all(line.startswith(FORGED) for line in render("github", audit_run(HOSTILE)).splitlines())
