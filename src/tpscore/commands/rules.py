"""``tpscore rules`` and ``tpscore rule CODE``."""

from __future__ import annotations

import json
import sys

from ..rules import all_rules, find_rule
from .output import EXIT_ERROR, EXIT_OK, error


def run_rules(fmt: str) -> int:
    rules = list(all_rules().values())
    if fmt == "json":
        sys.stdout.write(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary}
                                     for r in rules], indent=2) + "\n")
        return EXIT_OK
    if fmt != "text":
        error(f"--format must be text or json, got {fmt!r}")
        return EXIT_ERROR
    width = max(len(r.name) for r in rules)
    for r in rules:
        sys.stdout.write(f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {r.summary}\n")
    return EXIT_OK


def run_rule(code: str) -> int:
    rule = find_rule(code)
    if rule is None:
        from ..problems import did_you_mean

        candidates = [r.code for r in all_rules().values()] + [r.name for r in all_rules().values()]
        hint = did_you_mean(code, candidates)
        error(f"no rule {code!r}{' (' + hint + ')' if hint else ''}; `tpscore rules` lists them")
        return EXIT_ERROR
    from ..render.rule_doc import rule_markdown

    text = rule_markdown(rule)
    from ..console import wants_color

    if wants_color(sys.stdout):
        from rich.markdown import Markdown

        from ..console import rich_console

        rich_console().print(Markdown(text))
    else:
        sys.stdout.write(text)
    return EXIT_OK
