"""`ignore:` with reasons at every level: a touchpoint, one stage, the whole journey. Silenced findings keep
their reason in every format; --no-inline-ignore shows them all; unknown codes and stages are located errors."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from helpers import shop
from strategies import audit_text

from tpscore.auditrun import AuditRun
from tpscore.render.formats import render

WHY = "win is handled by the partner's own app; see the 2026 contract"
# 'win' has no touchpoint (TP001, a stage finding); 'checkout' is a high-friction touchpoint (TP011).
STAGES = "[discover, buy, use, review, win]"


def with_journey_ignore(text: str, entries: str) -> str:
    return text.replace(f"  stages: {STAGES}\n", f"  stages: {STAGES}\n  ignore: {entries}\n")


def journey_text(entries: str = "[]", **touchpoints: str) -> str:
    return with_journey_ignore(shop(stages=STAGES, **touchpoints), entries)


def codes(findings) -> list[str]:
    return [(f.code, f.stage) for f in findings]


def test_a_stage_level_finding_is_silenced_with_its_reason():
    plain = audit_text(journey_text())
    assert ("TP001", "win") in codes(plain.findings)
    report = audit_text(journey_text(f'[{{code: TP001, stage: win, reason: "{WHY}"}}]'))
    assert ("TP001", "win") not in codes(report.findings)
    (silenced,) = [f for f in report.ignored if f.code == "TP001"]
    assert (silenced.stage, silenced.suppressed_by, silenced.reason) == ("win", "ignore", WHY)
    assert len(report.findings) == len(plain.findings) - 1


def test_a_stage_entry_leaves_other_stages_alone_and_a_journey_entry_silences_all():
    stage_only = audit_text(journey_text("[{code: TP001, stage: discover}]"))
    assert ("TP001", "win") in codes(stage_only.findings)
    everywhere = audit_text(journey_text("[TP001]"))
    assert not any(f.code == "TP001" for f in everywhere.findings)
    assert [f.reason for f in everywhere.ignored if f.code == "TP001"] == [None]


def test_a_touchpoint_entry_takes_a_reason():
    friction = "frictions: [{kind: wait, severity: 5}, {kind: error, severity: 5}], effort: 5, emotion: -2"
    plain = audit_text(journey_text(checkout=friction))
    assert any(f.code == "TP011" and f.touchpoint == "checkout" for f in plain.findings)
    report = audit_text(journey_text(checkout=friction + ", ignore: [{code: TP011, reason: peak season only}]"))
    (silenced,) = [f for f in report.ignored if f.code == "TP011"]
    assert (silenced.touchpoint, silenced.reason) == ("checkout", "peak season only")


def test_unknown_codes_and_stages_in_ignore_are_located_problems(check):
    problems = check(journey_text("[{code: TP999}, {code: TP001, stage: wim}, TP00X]"))
    found = {(p.json_path, p.kind) for p in problems}
    assert ("$.journey.ignore[0].code", "reference") in found
    assert ("$.journey.ignore[1].stage", "reference") in found
    assert ("$.journey.ignore[2]", "value") in found
    hints = [p.hint for p in problems if p.json_path == "$.journey.ignore[1].stage"]
    assert hints == ["did you mean 'win'?"]
    assert check(journey_text("[{code: TP001, reasn: typo}]"))[0].kind == "unknown-key"


def reason_run(tmp_path) -> AuditRun:
    from helpers import audit_run

    path = tmp_path / "j.yaml"
    path.write_text(journey_text(f'[{{code: TP001, stage: win, reason: "{WHY}"}}]'), encoding="utf-8")
    return audit_run(path)


def test_the_reason_reaches_every_format(tmp_path):
    run = reason_run(tmp_path)
    report = json.loads(render("json", run))
    assert [(f["code"], f["suppressed_by"], f["reason"]) for f in report["ignored"]] == [("TP001", "ignore", WHY)]
    sarif = json.loads(render("sarif", run))
    (suppressed,) = [r for r in sarif["runs"][0]["results"] if "suppressions" in r]
    assert suppressed["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": WHY}]
    skipped = [c.find("skipped") for c in ET.fromstring(render("junit", run)).iter("testcase")
               if c.get("name") == "TP001 uncovered-stage: stage win"]
    assert skipped[0].get("message").startswith(f"ignored by `ignore:`: {WHY}")
    for fmt in ("markdown", "table", "html", "rich"):
        assert "partner" in render(fmt, run) and "2026 contract" in render(fmt, run), fmt


def test_no_inline_ignore_reports_everything(tpscore, tmp_path):
    (tmp_path / "j.yaml").write_text(journey_text(f'[{{code: TP001, stage: win, reason: "{WHY}"}}]'),
                                     encoding="utf-8")
    honoured = json.loads(tpscore("audit", "j.yaml", "-f", "json", "--fail-on", "never").stdout)
    everything = json.loads(tpscore("audit", "j.yaml", "-f", "json", "--fail-on", "never",
                                    "--no-inline-ignore").stdout)
    assert honoured["ignored"] and not everything["ignored"]
    assert len(everything["findings"]) == len(honoured["findings"]) + 1
