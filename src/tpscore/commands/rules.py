"""``tpscore rules`` and ``tpscore rule CODE``."""

from __future__ import annotations

import json
import sys

from ..rules import all_rules, find_rule


def run_rules(fmt: str) -> int:
    rules = list(all_rules().values())
    if fmt == "json":
        sys.stdout.write(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary}
                                     for r in rules], indent=2) + "\n")
        return 0
    if fmt != "text":
        sys.stderr.write(f"tpscore: error: --format must be text or json, got {fmt!r}\n")
        return 2
    width = max(len(r.name) for r in rules)
    for r in rules:
        sys.stdout.write(f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {r.summary}\n")
    return 0


def rule_markdown(rule) -> str:
    """The rule's page: heading, code/name/severity line, then its documented sections."""
    title, _, body = rule.doc.partition("\n")
    return (f"# {rule.code} {rule.name}: {title.strip()}\n\n"
            f"Default severity: **{rule.severity}**. Silence on one touchpoint with `ignore: [{rule.code}]`; "
            f"select or ignore it in the profile under `rules`.\n\n{body.strip()}\n")


def run_rule(code: str) -> int:
    rule = find_rule(code)
    if rule is None:
        from ..problems import did_you_mean

        candidates = [r.code for r in all_rules().values()] + [r.name for r in all_rules().values()]
        hint = did_you_mean(code, candidates)
        sys.stderr.write(f"tpscore: error: no rule {code!r}{' (' + hint + ')' if hint else ''}; "
                         f"`tpscore rules` lists them\n")
        return 2
    text = rule_markdown(rule)
    from ..console import wants_color

    if wants_color(sys.stdout):
        from rich.markdown import Markdown

        from ..console import rich_console

        rich_console().print(Markdown(text))
    else:
        sys.stdout.write(text)
    return 0
