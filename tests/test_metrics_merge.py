"""tpscore metrics merge: survey CSV into a journey, as a diff or written, keeping the file as written."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tpscore.metrics_merge import parse_mapping, plan_merge, read_rows
from tpscore.metrics_write import apply_plan
from tpscore.validate import validate_file

ROOT = Path(__file__).resolve().parents[1]
AUCTION = ROOT / "examples" / "auction-absentee-bidder.yaml"
WORKED = ROOT / "docs" / "worked-example.yaml"

Q3 = """\
touchpoint,CSAT,volume,drop_off,feedback,sentiment,count
invoice,2.9,420,,,,
Online sale catalogue,,9100,12%,,,
bidder-registration,4.1,,,The ID check took two tries,-1,7
damage-claim,,,,Nobody called me back,-2,3
"""


@pytest.fixture
def journey(tmp_path):
    path = tmp_path / "auction.yaml"
    shutil.copy(AUCTION, path)
    return path


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines removed and lines added, in order."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_diff_by_default_and_nothing_written(tpscore, tmp_path, journey):
    (tmp_path / "q3.csv").write_text(Q3, encoding="utf-8")
    before = journey.read_text(encoding="utf-8")
    result = tpscore("metrics", "merge", journey.name, "q3.csv")
    assert result.exit_code == 0, result.output
    assert "-      csat: 2.6\n-      volume: 410\n+      csat: 2.9\n+      volume: 420\n" in result.output
    assert "+  - text: The ID check took two tries\n" in result.output
    assert "5 values on 3 touchpoints, 2 feedback items added — run again with --write to save" in result.output
    assert journey.read_text(encoding="utf-8") == before


def test_write_changes_only_the_merged_values(tpscore, tmp_path, journey):
    (tmp_path / "q3.csv").write_text(Q3, encoding="utf-8")
    before = journey.read_text(encoding="utf-8")
    result = tpscore("metrics", "merge", journey.name, "q3.csv", "--write")
    assert result.exit_code == 0, result.output
    after = journey.read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert removed == ["      volume: 8600", "      drop_off: 0.9", "      csat: 2.6", "      volume: 410"]
    assert added == ["      volume: 9100", "      drop_off: 0.12", "      csat: 4.1", "      csat: 2.9",
                     "      volume: 420",
                     "  - text: The ID check took two tries", "    touchpoint: bidder-registration",
                     "    sentiment: -1", "    count: 7",
                     "  - text: Nobody called me back", "    touchpoint: damage-claim", "    sentiment: -2",
                     "    count: 3"]
    merged = validate_file(str(journey)).journey
    by_id = merged.by_id()
    assert by_id["invoice"].metrics.csat == 2.9 and by_id["sale-catalogue"].metrics.drop_off == 0.12
    assert merged.feedback[-1].text == "Nobody called me back" and merged.feedback[-1].count == 3
    # Merging the same data again changes nothing.
    again = tpscore("metrics", "merge", journey.name, "q3.csv", "--write")
    assert "already up to date" in again.output
    assert journey.read_text(encoding="utf-8") == after


def test_new_metrics_go_before_the_blank_line_and_flow_style_stays_flow():
    text = WORKED.read_text(encoding="utf-8")
    journey = validate_file(str(WORKED)).journey
    rows, problems = read_rows("touchpoint;csat;nps\r\nwelcome;4.5;30\r\nrequest;2;-40\r\n", {})
    assert problems == []
    merged = apply_plan(text, plan_merge(journey, rows))
    removed, added = changed_lines(text, merged.text)
    # the welcome pack gains a flow-style mapping; the request's flow-style metrics take the new ones in
    assert removed == ["  - {id: welcome, name: Welcome pack, stage: open, owner: sales, emotion: 2}",
                       "    metrics: {volume: 150, ces: 5.2}"]
    assert added == ["  - {id: welcome, name: Welcome pack, stage: open, owner: sales, emotion: 2, "
                     "metrics: {csat: 4.5, nps: 30}}", "    metrics: {volume: 150, ces: 5.2, csat: 2, nps: -40}"]
    assert merged.text.splitlines()[:2] == text.splitlines()[:2]  # modeline and comment kept


def test_blank_line_between_touchpoints_is_kept_when_a_metrics_block_is_added(tmp_path):
    path = tmp_path / "b.yaml"
    shutil.copy(ROOT / "examples" / "bank-account-closure.yaml", path)
    text = path.read_text(encoding="utf-8")
    rows, _ = read_rows("touchpoint,ces\naccount-opening,2.5\n", {})
    merged = apply_plan(text, plan_merge(validate_file(str(path)).journey, rows))
    assert "    effort: 2\n    metrics:\n      ces: 2.5\n\n  - id: welcome-pack\n" in merged.text
    assert not merged.reformatted


def test_feedback_with_the_same_text_is_updated_not_duplicated(tmp_path, journey, tpscore):
    existing = "The total on the invoice was a shock once the premium was added."
    (tmp_path / "fb.csv").write_text(f'touchpoint,feedback,count,source\ninvoice,"{existing}",99,Q4 survey\n',
                                     encoding="utf-8")
    result = tpscore("metrics", "merge", journey.name, "fb.csv", "--write")
    assert result.exit_code == 0, result.output
    assert "1 updated" in result.output
    items = [f for f in validate_file(str(journey)).journey.feedback if f.text == existing]
    assert len(items) == 1 and items[0].count == 99 and items[0].source == "Q4 survey"


@pytest.mark.parametrize(("csv_text", "maps", "expected"), [
    ("touchpoint,csat\ninvoce,3\n", [], "q.csv:2: unknown touchpoint 'invoce': no touchpoint has this id or name "
                                        "(did you mean 'invoice'?)"),
    ("touchpoint,csat\ninvoice,7\n", [], "q.csv:2: invoice: csat '7' is out of range: expected 0 to 5"),
    ("touchpoint,ces\ninvoice,0.5\n", [], "q.csv:2: invoice: ces '0.5' is out of range: expected 1 to 7"),
    ("touchpoint,nps\ninvoice,-101\n", [], "expected -100 to 100"),
    ("touchpoint,volume\ninvoice,12.5\n", [], "q.csv:2: invoice: volume '12.5' must be a whole number"),
    ("touchpoint,volume\ninvoice,-1\n", [], "expected at least 0"),
    ("touchpoint,drop_off\ninvoice,150%\n", [], "drop_off '150%' is out of range: expected 0 to 1"),
    ("touchpoint,csat\ninvoice,good\n", [], "q.csv:2: invoice: csat 'good' is not a number"),
    ("touchpoint,csat\ninvoice,nan\n", [], "csat 'nan' is not a number"),
    ("touchpoint,Respondent,csat\ninvoice,anna,3\n", [],
     "q.csv:1: column 'Respondent' is not mapped to a field: add --map Respondent=FIELD"),
    ("touchpoint,csat\ninvoice,3\ninvoice,4\n", [], "q.csv:3: invoice: csat is 4 here but 3 on line 2"),
    ("touchpoint,feedback,sentiment\ninvoice,Too dear,5\n", [], "sentiment '5' is out of range: expected -2 to 2"),
    ("touchpoint,feedback,count\ninvoice,,4\n", [], "q.csv:2: invoice: count given without feedback text"),
    ("touchpoint,feedback,count\ninvoice,Too dear,0\n", [], "count '0' is out of range: expected at least 1"),
    ("csat,volume\n3,4\n", [], "q.csv:1: no column names the touchpoint"),
    ("", [], "q.csv:1: the CSV is empty"),
    ("touchpoint,csat\n,3\n", [], "q.csv:2: no touchpoint on this row"),
    ("touchpoint,csat\ninvoice,3\n", ["Score=csat"], "--map names column 'Score', which the header does not have"),
    ("id,name\ninvoice,Invoice\n", [], "columns 'id' and 'name' both map to touchpoint"),
    ('touchpoint,csat\ninvoice,3,extra\n', [], "q.csv:2: 3 cells but the header names 2 columns"),
])
def test_problems_are_reported_with_the_csv_line_and_nothing_is_written(tpscore, tmp_path, journey, csv_text, maps,
                                                                        expected):
    (tmp_path / "q.csv").write_text(csv_text, encoding="utf-8")
    before = journey.read_text(encoding="utf-8")
    args = [arg for pair in maps for arg in ("--map", pair)]
    result = tpscore("metrics", "merge", journey.name, "q.csv", "--write", *args)
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert "nothing merged" in result.output
    assert journey.read_text(encoding="utf-8") == before


def test_one_bad_row_among_good_ones_blocks_the_whole_merge(tpscore, tmp_path, journey):
    (tmp_path / "q.csv").write_text("touchpoint,csat\ninvoice,3\npayment,9\n", encoding="utf-8")
    before = journey.read_text(encoding="utf-8")
    result = tpscore("metrics", "merge", journey.name, "q.csv", "--write")
    assert result.exit_code == 1
    assert "nothing merged: 1 problem in q.csv" in result.output
    assert journey.read_text(encoding="utf-8") == before


def test_map_skip_and_names_excel_export(tpscore, tmp_path, journey):
    # Excel's "CSV UTF-8": a byte-order mark, semicolons, CRLF, a quoted name with a comma.
    export = ("\ufeffStep;Satisfaction (0-5);Respondents;Comment\r\n"
              '"Invoice for the lots won";3,5;12;\r\n')
    (tmp_path / "excel.csv").write_bytes(export.replace("3,5", "3.5").encode("utf-8"))
    result = tpscore("metrics", "merge", journey.name, "excel.csv", "--write",
                     "--map", "Satisfaction (0-5)=csat", "--map", "Respondents=-", "--map", "Comment=feedback")
    assert result.exit_code == 0, result.output
    assert validate_file(str(journey)).journey.by_id()["invoice"].metrics.csat == 3.5


def test_ambiguous_names_need_the_id(tmp_path):
    from tpscore.model import build_journey

    journey = build_journey({"version": 1, "journey": {"id": "j", "name": "J", "stages": ["s"]},
                             "touchpoints": [{"id": "a", "name": "Call", "stage": "s"},
                                             {"id": "b", "name": "call", "stage": "s"}]})
    rows, _ = read_rows("touchpoint,csat\nCALL,3\nb,4\n", {})
    plan = plan_merge(journey, rows)
    assert plan.problems == [(2, "touchpoint name 'CALL' is shared by a, b: use the id")]
    assert plan.metrics == {"b": {"csat": 4}}


def test_parse_mapping_errors():
    with pytest.raises(ValueError, match="COLUMN=FIELD"):
        parse_mapping(["csat"])
    with pytest.raises(ValueError, match="did you mean 'csat'"):
        parse_mapping(["Score=cast"])
    assert parse_mapping(["Drop-off rate=drop-off", "x=-"]) == {"Drop-off rate": "drop_off", "x": "-"}


def test_invalid_journey_is_refused(tpscore, tmp_path):
    shutil.copy(ROOT / "examples" / "invalid" / "typo-key.yaml", tmp_path / "bad.yaml")
    (tmp_path / "q.csv").write_text("touchpoint,csat\nx,3\n", encoding="utf-8")
    result = tpscore("metrics", "merge", "bad.yaml", "q.csv")
    assert result.exit_code == 1 and "must be valid before data is merged" in result.output


def test_missing_csv_is_exit_2(tpscore, journey):
    assert tpscore("metrics", "merge", journey.name, "nope.csv").exit_code == 2


def test_hostile_feedback_text_cannot_reach_the_terminal_raw(tpscore, tmp_path, journey):
    (tmp_path / "q.csv").write_text('touchpoint,feedback\ninvoice,"bad\x1b[31mred"\n', encoding="utf-8")
    result = tpscore("metrics", "merge", journey.name, "q.csv")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output


def test_merge_as_a_real_process_writes_atomically(tmp_path, journey):
    (tmp_path / "q3.csv").write_text(Q3, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "tpscore.cli", "metrics", "merge", str(journey), "q3.csv",
                           "--write"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["auction.yaml", "q3.csv"]  # no temporary file left
    assert validate_file(str(journey)).journey.by_id()["invoice"].metrics.volume == 420


def test_a_json_journey_stays_json(tpscore, tmp_path):
    import json

    import yaml

    document = yaml.safe_load(WORKED.read_text(encoding="utf-8"))
    path = tmp_path / "journey.json"
    path.write_text(json.dumps(document, indent=4) + "\n", encoding="utf-8")
    (tmp_path / "q.csv").write_text("touchpoint,csat\nwelcome,4.5\n", encoding="utf-8")
    result = tpscore("metrics", "merge", "journey.json", "q.csv", "--write")
    assert result.exit_code == 0, result.output
    document["touchpoints"][0]["metrics"] = {"csat": 4.5}
    assert path.read_text(encoding="utf-8") == json.dumps(document, indent=4) + "\n"


def test_a_csv_that_is_not_text_is_named_with_its_position(tpscore, tmp_path, journey):
    (tmp_path / "q.csv").write_bytes(b"touchpoint,csat\ninvoice,\xff3\n")
    result = tpscore("metrics", "merge", journey.name, "q.csv")
    assert result.exit_code == 1
    assert "q.csv:2:" in result.output


def test_the_diff_is_coloured_on_a_terminal(monkeypatch, tmp_path, journey):
    from rich.console import Console

    from tpscore.commands import metrics, output

    (tmp_path / "q.csv").write_text("touchpoint,csat\ninvoice,3\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(output, "wants_color", lambda stream=None: True)
    record = Console(record=True, force_terminal=True, color_system="standard", width=120)
    monkeypatch.setattr(output, "rich_console", lambda *a, **k: record)
    assert metrics.run_merge(journey.name, "q.csv", [], None, False) == 0
    coloured = record.export_text(styles=True)
    assert "\x1b[31m-      csat: 2.6" in coloured and "\x1b[32m+      csat: 3" in coloured
