"""``tpscore rules`` and ``tpscore rule CODE``."""

from __future__ import annotations

import json
import sys

from ..console import wants_color
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
    from ..render.fit import hanging, width

    names = max(len(r.name) for r in rules)
    room = width()
    for r in rules:  # the summary wraps under itself; on a narrow terminal it goes under the name
        lead = f"{r.code}  {r.name:<{names}}  {r.severity:<7}  "
        narrow = room - len(lead) < 24
        lines = [lead.rstrip(), *hanging("    ", r.summary, room)] if narrow else hanging(lead, r.summary, room)
        sys.stdout.write("\n".join(lines) + "\n")
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

    terminal = bool(getattr(sys.stdout, "isatty", lambda: False)())
    sys.stdout.write(rule_page(rule_markdown(rule), terminal, wants_color(sys.stdout)))
    return EXIT_OK


def rule_page(markdown: str, terminal: bool, color: bool, width: int | None = None) -> str:
    """The rule's Markdown rendered by rich for a terminal (headings, emphasis, code blocks; colour only
    when wanted), or raw when piped, so ``tpscore rule TP009 > TP009.md`` stays Markdown."""
    if not terminal:
        return markdown
    import io

    from rich.console import Console
    from rich.markdown import Markdown

    from ..render.fit import width as fit_width

    buffer = io.StringIO()
    Console(file=buffer, width=width or fit_width(), force_terminal=color, no_color=not color, highlight=False,
            color_system="truecolor" if color else None).print(Markdown(markdown))
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())
