"""Plain tables for CI logs (tabulate): no colour, no box drawing beyond ASCII."""

from __future__ import annotations

from tabulate import tabulate

from ..auditrun import AuditRun
from ..ordering import costliest
from .summary import profile_source, silenced_lines
from .text import emotion_curve, fmt_emotion, fmt_score, moment_marks


def _one(report: dict, top: int) -> list[str]:
    from .summary import OPPORTUNITY_HEADERS, opportunity_rows, voice_groups, voice_line

    j = report["journey"]
    s = report["scores"]
    lines = [f"{j['name']} ({j['id']}{', audit ' + j['audit'] if j['audit'] else ''}) — {j['file']}",
             f"profile: {profile_source(report)}", ""]
    lines.append(tabulate([[fmt_score(s["friction"]), fmt_score(s["coverage"]), fmt_score(s["experience"])]],
                          headers=["friction", "coverage", "experience"], tablefmt="simple", disable_numparse=True))
    fixes = opportunity_rows(report, top)
    if fixes:
        lines += ["", "Top fixes (computed gain × customers reached)",
                  tabulate(fixes, headers=OPPORTUNITY_HEADERS, tablefmt="simple", disable_numparse=True)]
    lines += ["", tabulate([[st["id"], st["touchpoints"], fmt_score(st["friction"]), fmt_emotion(st["emotion"])]
                            for st in report["stages"]],
                           headers=["stage", "touchpoints", "friction", "emotion"], tablefmt="simple",
                           disable_numparse=True)]
    lines += ["", "emotion curve: " + emotion_curve([t["emotion"] for t in report["touchpoints"]])]
    costly = costliest(report["touchpoints"], 5)
    if costly:
        lines += ["", tabulate([[t["id"], t["stage"], moment_marks(t["moments"]), fmt_score(t["friction"]),
                                 f"{t['effective_weight']:g}", fmt_score(t["cost"])] for t in costly],
                               headers=["costliest", "stage", "moments", "friction", "weight", "cost"],
                               tablefmt="simple", disable_numparse=True)]
    groups = voice_groups(report)
    if groups:
        lines += ["", "Voice of the customer (most mentioned first)"]
        for where, items in groups:
            lines += [f"  {where}"] + [f"    {voice_line(item)}" for item in items]
    if report["findings"]:
        lines += ["", tabulate([[f"{f['file']}:{f['line']}:{f['column']}", f["code"], f["severity"], f["message"]]
                                for f in report["findings"]],
                               headers=["location", "code", "severity", "message"], tablefmt="simple",
                               disable_numparse=True)]
    if report["ignored"]:
        lines += ["", f"Silenced ({len(report['ignored'])})"] + [f"  {text}" for text in silenced_lines(report)]
    lines += ["", report["verdict"]]
    return lines


def journey_text(report: dict, color: bool = False, width: int | None = None, top: int = 3) -> str:
    return "\n".join(_one(report, top))


SEPARATE_TAIL = True


def separator(color: bool = False, width: int | None = None) -> str:
    return "\n\n"


def tail_text(run: AuditRun, color: bool = False, width: int | None = None) -> str:
    """Invalid files, the table of all journeys (when there is more than one) and failed gates."""
    from .summary import SUMMARY_HEADERS, gate_lines, invalid_lines, summary_rows

    blocks = []
    if run.invalid:
        blocks.append("\n".join(invalid_lines(run)))
    if len(run.reports) + len(run.invalid) > 1:
        blocks.append(tabulate(summary_rows(run), headers=SUMMARY_HEADERS, tablefmt="simple", disable_numparse=True))
    tail = gate_lines(run)
    if tail:
        blocks.append("\n".join(tail))
    return "\n\n".join(blocks)


def render(run: AuditRun, color: bool = False) -> str:
    from .stream import render_pieces

    return "".join(render_pieces("table", run, color=color))
