"""GitHub Actions workflow commands, escaped so user text can never forge another annotation."""

from __future__ import annotations

from ..auditrun import AuditRun
from ..console import strip_controls
from ..problems import Problem
from .summary import profile_files

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}  # finding severity → workflow command


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, file: str, line: int, column: int, title: str, message: str) -> str:
    """``::error file=F,line=L,col=C,title=T::message`` with the escaping the format requires."""
    props = f"file={escape_property(file)},line={line},col={column},title={escape_property(title)}"
    return f"::{level} {props}::{escape_data(message)}"


def problem_annotation(problem: Problem) -> str:
    return annotation("error", problem.file, problem.line, problem.column, f"tpscore: {problem.kind}",
                      problem.full_message())


def command(level: str, message: str, **properties: str) -> str:
    """Any workflow command (``::notice title=T::message``), every property and the message escaped."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


def problem_annotations(problems: list[Problem], color: bool = False) -> str:
    """One error annotation per validation problem (``tpscore validate -f github``)."""
    return "".join(problem_annotation(problem) + "\n" for problem in problems)


def render(run: AuditRun, color: bool = False) -> str:
    """One annotation per finding, per problem of an invalid file and per failed gate (gates name no file).
    The format table has replaced control characters in user text already; CR and LF are escaped, and
    whatever a runner cannot hold (lone surrogates, U+FFFE) is stripped here."""
    lines = [annotation(LEVELS[f["severity"]], strip_controls(f["file"]), f["line"], f["column"],
                        f"tpscore {f['code']} {f['name']}", strip_controls(f["message"])) for f in run.findings()]
    lines += [problem_annotation(Problem(strip_controls(p["file"]), p["line"], p["column"], p["kind"],
                                         strip_controls(p["message"])))
              for item in run.invalid for p in item["problems"]]
    lines += [command("notice", strip_controls(f"journeys scored with the profile {source}"),
                      title="tpscore profile") for source in profile_files(run)]
    lines += [command("error", strip_controls(f"gate failed: {g['gate']}: {g['detail']}"),
                      title=strip_controls(f"tpscore gate {g['gate']}")) for g in run.failed_gates()]
    return "\n".join(lines) + "\n" if lines else ""
