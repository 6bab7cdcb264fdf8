"""GitHub Actions workflow commands, escaped so user text can never forge another annotation."""

from __future__ import annotations

from ..problems import Problem


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
