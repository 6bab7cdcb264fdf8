"""The format tables: every row resolves to a renderer, and the CLI's --format choices, help and extension
inference come from them (so a new row is all a new format needs)."""

from __future__ import annotations

import re

import pytest

from tpscore.render.formats import AUDIT, DIFF, TREND, VALIDATE, replaced_controls

TABLES = {"audit": AUDIT, "validate": VALIDATE, "diff": DIFF, "trend": TREND}


@pytest.mark.parametrize("command", TABLES)
def test_every_row_has_help_and_a_renderer_that_loads(command):
    table = TABLES[command]
    for name in table:
        fmt = table[name]
        assert fmt.help and fmt.name == name
        if fmt.renderer is not None:
            assert callable(fmt.load())


@pytest.mark.parametrize("command", TABLES)
def test_help_lists_each_format_with_its_text(tpscore, command):
    text = " ".join(tpscore(command, "--help").stdout.split())
    for name in TABLES[command]:
        assert f"{name}: {' '.join(TABLES[command][name].help.split())}" in text


def test_output_extensions_come_from_the_table(tpscore):
    text = " ".join(tpscore("audit", "--help").stdout.split())
    assert f"({' '.join(AUDIT.extensions())})" in text
    for name in AUDIT:
        for ext in AUDIT[name].extensions:
            assert AUDIT.for_path(f"out/report{ext.upper()}") == name
    assert AUDIT.for_path("report.bin") is None and len(set(AUDIT.extensions())) == len(AUDIT.extensions())


@pytest.mark.parametrize("command", ["validate", "diff", "trend"])
def test_a_format_not_in_the_table_is_a_usage_error(tpscore, command):
    result = tpscore(command, "x.yaml", "-f", "pdf")
    assert result.exit_code == 2 and re.search(r"pdf", result.output)


def test_replacing_controls_reaches_nested_text_and_keeps_the_rest():
    data = {"a\x1b": ["x\x07", ("y\x9b", 3)], "n": None, "f": 1.5}
    assert replaced_controls(data) == {"a\ufffd": ["x\ufffd", ("y\ufffd", 3)], "n": None, "f": 1.5}
