"""The outcome of one ``tpscore audit`` run over many files: what every renderer receives.

Renderers work from report dictionaries (the JSON contract), so a report read back from JSON
renders exactly like a fresh one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import __version__

SEVERITIES = ("error", "warning", "info")


@dataclass
class AuditRun:
    reports: list[dict[str, Any]] = field(default_factory=list)
    invalid: list[dict[str, Any]] = field(default_factory=list)  # {"file": ..., "problems": [...]}
    gates: list[dict[str, Any]] = field(default_factory=list)  # {"gate": ..., "passed": ..., "detail": ...}

    def totals(self) -> dict[str, int]:
        sums = {key: sum(r["summary"][key] for r in self.reports) for key in ("errors", "warnings", "infos", "ignored")}
        return {"journeys": len(self.reports), "invalid": len(self.invalid), **sums}

    def findings(self) -> list[dict[str, Any]]:
        return [f for r in self.reports for f in r["findings"]]

    def statistics(self) -> list[tuple[str, str, str, int]]:
        """(code, name, severity, count) per rule with findings, most frequent first (like ruff)."""
        counts: dict[str, list] = {}
        for f in self.findings():
            entry = counts.setdefault(f["code"], [f["code"], f["name"], f["severity"], 0])
            entry[3] += 1
        return sorted((tuple(v) for v in counts.values()), key=lambda row: (-row[3], row[0]))

    def failed_gates(self) -> list[dict[str, Any]]:
        return [g for g in self.gates if not g["passed"]]

    def to_dict(self) -> dict[str, Any]:
        """One report object for a single valid journey, else the multi-journey wrapper."""
        if len(self.reports) == 1 and not self.invalid:
            single = dict(self.reports[0])
            if self.gates:
                single["gates"] = self.gates
            return single
        out: dict[str, Any] = {
            "format": "tpscore-reports", "format_version": 1, "tpscore_version": __version__,
            "reports": self.reports, "invalid": self.invalid, "totals": self.totals(),
        }
        if self.gates:
            out["gates"] = self.gates
        return out
