"""A rule's documentation page in Markdown: printed by ``tpscore rule CODE``, written to docs/rules/ by docgen."""

from __future__ import annotations

from ..rules import Rule


def rule_markdown(rule: Rule) -> str:
    """The rule's page: heading, code/name/severity line, then its documented sections."""
    title, _, body = rule.doc.partition("\n")
    return (f"# {rule.code} {rule.name}: {title.strip()}\n\n"
            f"Default severity: **{rule.severity}**. Silence on one touchpoint with `ignore: [{rule.code}]`; "
            f"select or ignore it in the profile under `rules`.\n\n{body.strip()}\n")
