"""One example per command, printed at the end of its ``--help`` (a command added without one fails
tests/test_cli_help.py). Each runs as written from the repository root, given the files it names."""

from __future__ import annotations

EXAMPLES = {
    "": "tpscore audit examples/",
    "validate": "tpscore validate examples/ --exclude invalid",
    "audit": "tpscore audit examples/bank-account-closure.yaml -f markdown -o report.md --fail-under coverage=80",
    "explain": "tpscore explain examples/bank-account-closure.yaml --touchpoint final-statement",
    "diff": "tpscore diff examples/home-services-2026-Q2.yaml examples/home-services-2026-Q3.yaml "
            "--fail-on-regression",
    "trend": "tpscore trend examples/home-services-2026-Q2.yaml examples/home-services-2026-Q3.yaml -f csv",
    "rules": "tpscore rules --format json",
    "rule": "tpscore rule TP006",
    "schema": "tpscore schema journey --path",
    "init": 'tpscore init returns.yaml --name "Returning an order" --stages buy,deliver,return,refund --yes',
    "import": "tpscore import mermaid onboarding.mmd -o onboarding.yaml",
    "import mermaid": "tpscore import mermaid onboarding.mmd -o onboarding.yaml",
    "export": "tpscore export mermaid examples/bank-account-closure.yaml -o closure.mmd",
    "export mermaid": "tpscore export mermaid examples/bank-account-closure.yaml -o closure.mmd",
    "metrics": "tpscore metrics merge examples/bank-account-closure.yaml survey.csv",
    "metrics merge": "tpscore metrics merge examples/bank-account-closure.yaml survey.csv --write",
}


def epilog(command_path: str) -> str | None:
    """The help epilog for ``command_path`` ("" for tpscore itself, "metrics merge"); \\b keeps click
    from re-wrapping the command line."""
    example = EXAMPLES.get(command_path)
    return f"\b\nExample:\n  {example}" if example else None
