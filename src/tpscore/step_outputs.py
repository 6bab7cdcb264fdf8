"""Scores of an audit as GitHub Actions step outputs (used by action.yml).

``python -m tpscore.step_outputs REPORT.json >> "$GITHUB_OUTPUT"`` reads a JSON report of one journey
(``tpscore-report``) or many (``tpscore-reports``) and prints ``name=value`` lines: the worst friction,
coverage and experience over the journeys (what a gate would look at), counts, and every journey's
scores as one line of JSON. Values are numbers, counts and ids (slugs), so no line can break out of
the ``name=value`` format.
"""

from __future__ import annotations

import json
import sys


def step_outputs(document: dict) -> dict[str, str]:
    reports = document.get("reports", [document]) if document.get("format") == "tpscore-reports" else [document]
    scores = {report["journey"]["id"]: report["scores"] for report in reports}
    findings = [finding for report in reports for finding in report.get("findings", [])]
    outputs = {
        "journeys": str(len(reports)),
        "invalid": str(len(document.get("invalid", []))),
        "errors": str(sum(f.get("severity") == "error" for f in findings)),
        "warnings": str(sum(f.get("severity") == "warning" for f in findings)),
        "status": "fail" if document.get("invalid") or any(r.get("status") == "fail" for r in reports) else "pass",
        "scores": json.dumps(scores, separators=(",", ":"), sort_keys=True),
    }
    if scores:
        outputs["friction"] = _number(max(s["friction"] for s in scores.values()))
        outputs["coverage"] = _number(min(s["coverage"] for s in scores.values()))
        outputs["experience"] = _number(min(s["experience"] for s in scores.values()))
    return outputs


def _number(value: float) -> str:
    return f"{value:g}"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m tpscore.step_outputs REPORT.json\n")
        return 2
    try:
        with open(argv[0], encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"tpscore: error: cannot read {argv[0]}: {exc}\n")
        return 2
    for name, value in step_outputs(document).items():
        sys.stdout.write(f"{name}={value}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
