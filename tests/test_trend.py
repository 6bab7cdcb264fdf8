"""tpscore.trend and ``tpscore trend``: ordering, movers, csv/html safety, and both JSON contracts."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
import yaml
from helpers import BASE, diff_docs, journey, report_of
from jsonschema import Draft202012Validator

from tpscore.render.formats import TREND
from tpscore.render.trend_views import safe_cell
from tpscore.schemas import load_schema
from tpscore.trend import Version, build_trend, movers, order_versions

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def version(source: str, audit: str | None = "2026-Q2", date: str | None = None, **changes) -> Version:
    doc = journey(**changes)
    if audit is None:
        doc["journey"].pop("audit")
    else:
        doc["journey"]["audit"] = audit
    return Version(report_of(doc), source, date)


def validator(name: str) -> Draft202012Validator:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


# -- ordering and content --------------------------------------------------------------------------------


def test_versions_order_by_audit_label_then_argument_order():
    given = [version("c", "2026-Q3"), version("a", "2026-Q1"), version("b1", "2026-Q2"), version("b2", "2026-Q2")]
    assert [v.source for v in order_versions(given)] == ["a", "b1", "b2", "c"]


def test_unlabelled_versions_take_their_date():
    unlabelled = version("x.yaml", audit=None, date="2026-05-20T09:30:00+02:00")
    assert (unlabelled.label, unlabelled.label_from) == ("2026-05-20", "date")
    assert (version("-", audit=None).label, version("-", audit=None).label_from) == ("-", "source")


def test_series_change_and_movers():
    first = version("q1", "2026-Q1")
    middle = version("q2", "2026-Q2", tp_invoice={"effort": 2})
    last = version("q3", "2026-Q3", tp_call={"effort": 1, "frictions": []}, tp_invoice={"effort": 3})
    trend = build_trend([first, middle, last])
    assert [v["label"] for v in trend["versions"]] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert trend["series"]["friction"] == [r.report["scores"]["friction"] for r in (first, middle, last)]
    assert trend["change"]["friction"]["old"] == trend["series"]["friction"][0]
    # biggest move first: the call's design improved, but its csat (evidence) holds two thirds of its friction
    assert [m["id"] for m in trend["movers"]] == ["invoice", "call"]
    assert trend["movers"][0]["friction"]["better"] is False and trend["movers"][1]["friction"]["better"] is True
    assert trend["journey_mismatch"] is False and trend["journeys"] == ["boiler"]


def test_movers_are_limited_and_skip_unmoved_touchpoints():
    a, b = report_of(BASE), report_of(journey(tp_call={"effort": 1}, tp_invoice={"effort": 5}, tp_ad={"name": "Ad"}))
    assert [m["id"] for m in movers(a, b)] == ["invoice", "call"]
    assert [m["id"] for m in movers(a, b, limit=1)] == ["invoice"]


def test_a_mix_of_journeys_is_flagged(tpscore, tmp_path):
    trend = build_trend([version("a"), Version(report_of(journey(id="other")), "b")])
    assert trend["journey_mismatch"] is True and trend["journeys"] == ["boiler", "other"]


def test_an_empty_trend_is_refused():
    with pytest.raises(ValueError):
        build_trend([])


# -- csv -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_csv_cells_that_start_a_formula_are_quoted(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("2026-Q2") == "2026-Q2" and safe_cell(12.5) == 12.5 and safe_cell(None) == ""


def test_csv_output_is_injection_safe_and_parses(tpscore):
    trend = build_trend([version('=HYPERLINK("http://evil","x")', audit='=HYPERLINK("http://evil","x")'),
                         version("@b", "2026-Q3")])
    rows = list(csv.DictReader(io.StringIO(TREND.render("csv", trend))))
    assert rows[0]["label"] == '\'=HYPERLINK("http://evil","x")' and rows[0]["source"].startswith("'=")
    assert rows[1]["source"] == "'@b" and rows[1]["friction"] == str(trend["series"]["friction"][1])
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


# -- html ------------------------------------------------------------------------------------------------

def parsed_tags(page: str) -> list[tuple[str, list]]:
    """Every start tag of the page with its attributes, as a browser's tokenizer sees them."""
    from html.parser import HTMLParser

    found: list[tuple[str, list]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(page)
    return found


HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def test_html_escapes_every_user_text_and_needs_no_network():
    doc = journey(name=HOSTILE, audit=HOSTILE)
    trend = build_trend([Version(report_of(doc), f"{HOSTILE}.yaml"),
                         version("q3", "2026-Q3", tp_invoice={"name": HOSTILE, "effort": 4})])
    page = TREND.render("html", trend)
    assert "<script" not in page and "<img" not in page and "onerror=alert(1)>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in page
    tags = parsed_tags(page)
    assert not {name for name, _ in tags} & {"script", "img", "link", "iframe", "object", "embed", "a"}
    assert not [attr for _, attrs in tags for attr, _ in attrs if attr in ("src", "href") or attr.startswith("on")]
    assert "@import" not in page and "url(" not in page
    assert page.count("<svg ") == 3 and page.count("<polyline ") == 3
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "Content-Security-Policy" in page and "<main>" in page


def test_html_of_one_version_still_draws_a_point():
    page = TREND.render("html", build_trend([version("only")]))
    assert page.count("<circle ") == 3


# -- json contracts --------------------------------------------------------------------------------------


def test_trend_json_validates_against_its_schema():
    trend = build_trend([version("q1", "2026-Q1"), version("q2", "2026-Q2", tp_invoice={"effort": 4}),
                         Version(report_of(journey(tp_call={"id": "phone"})), "c", "2026-09-01T00:00:00+00:00",
                                 "0123456789abcdef0123456789abcdef01234567")])
    data = json.loads(TREND.render("json", trend))
    assert list(data) == list(load_schema("trend")["oneOf"][0]["required"])
    validator("trend").validate(data)


DIFF_CASES = {
    "same": (BASE, BASE),
    "worse": (BASE, journey(tp_invoice={"effort": 4, "frictions": [{"kind": "surprise", "severity": 5}]})),
    "renamed-and-removed": (BASE, journey(tp_invoice={"id": "bill"}, drop=["visit"])),
    "metrics-and-stage-gap": (journey(drop=["invoice"]), journey(tp_call={"metrics": {"nps": -20}})),
    "other-journey": (BASE, journey(id="other")),
}


@pytest.mark.parametrize("case", DIFF_CASES)
def test_diff_json_validates_against_its_schema(case):
    diff = diff_docs(*DIFF_CASES[case])
    assert list(diff) == list(load_schema("diff")["oneOf"][0]["required"])
    validator("diff").validate(json.loads(json.dumps(diff)))


def test_example_diff_and_trend_validate(tpscore):
    q2, q3 = EXAMPLES / "home-services-2026-Q2.yaml", EXAMPLES / "home-services-2026-Q3.yaml"
    validator("diff").validate(json.loads(tpscore("diff", q2, q3, "-f", "json").stdout))
    validator("trend").validate(json.loads(tpscore("trend", q3, q2, "-f", "json").stdout))


def test_schema_command_knows_trend(tpscore):
    assert json.loads(tpscore("schema", "trend").stdout)["title"].startswith("tpscore trend")
    assert json.loads(tpscore("schema", "diff").stdout)["title"].startswith("tpscore diff")


# -- the command -----------------------------------------------------------------------------------------


def write(tmp_path: Path, name: str, doc: dict, mtime: float | None = None) -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return name


def test_trend_command_orders_files_by_label(tpscore, tmp_path):
    names = [write(tmp_path, "q3.yaml", journey(audit="2026-Q3", tp_invoice={"effort": 4})),
             write(tmp_path, "q2.yaml", journey())]
    data = json.loads(tpscore("trend", *names, "-f", "json").stdout)
    assert [v["source"] for v in data["versions"]] == ["q2.yaml", "q3.yaml"]


def test_trend_output_never_depends_on_file_modification_times(tpscore, tmp_path):
    doc = journey()
    doc["journey"].pop("audit")
    names = [write(tmp_path, "b.yaml", doc, mtime=1767225600), write(tmp_path, "a.yaml", doc, mtime=1700000000)]
    runs = {fmt: tpscore("trend", *names, "-f", fmt).stdout for fmt in ("json", "csv")}
    data = json.loads(runs["json"])
    assert [(v["label"], v["label_from"], v["date"]) for v in data["versions"]] == [
        ("a.yaml", "source", None), ("b.yaml", "source", None)]
    for name in names:
        os.utime(tmp_path / name, (1893456000, 1893456000))  # a fresh clone, or `touch`
    assert {fmt: tpscore("trend", *names, "-f", fmt).stdout for fmt in ("json", "csv")} == runs


def test_repeated_labels_are_told_apart_and_said(tpscore, tmp_path):
    names = [write(tmp_path, "first.yaml", journey()),
             write(tmp_path, "second.yaml", journey(tp_invoice={"effort": 4}))]
    result = tpscore("trend", *names, "-f", "json")
    assert result.exit_code == 0
    labels = [v["label"] for v in json.loads(result.stdout)["versions"]]
    assert labels == ["2026-Q2 (first.yaml)", "2026-Q2 (second.yaml)"]
    assert "several versions are labelled '2026-Q2'" in result.stderr
    commits = [Version(report_of(journey()), f"{c}:j.yaml", "2026-07-01T00:00:00+00:00", c * 40) for c in "ab"]
    assert [v["label"] for v in build_trend(commits)["versions"]] == ["2026-Q2 (aaaaaaa)", "2026-Q2 (bbbbbbb)"]


@pytest.mark.parametrize("fmt, marker", [("rich", "Trend, first → last"), ("markdown", "| score | versions"),
                                         ("csv", "label,label_from"), ("html", "<svg ")])
def test_trend_command_formats(tpscore, tmp_path, fmt, marker):
    names = [write(tmp_path, "q2.yaml", journey()), write(tmp_path, "q3.yaml", journey(audit="2026-Q3"))]
    result = tpscore("trend", *names, "--format", fmt)
    assert result.exit_code == 0 and marker in result.stdout and "\x1b[" not in result.stdout


def test_trend_command_writes_output_and_warns_on_mixed_journeys(tpscore, tmp_path):
    names = [write(tmp_path, "a.yaml", journey()), write(tmp_path, "b.yaml", journey(id="other", audit="2026-Q3"))]
    refused = tpscore("trend", *names, "-f", "html", "-o", "trend.html")
    assert refused.exit_code == 2 and "different journeys" in refused.stderr and "--force" in refused.stderr
    assert not (tmp_path / "trend.html").exists()
    result = tpscore("trend", *names, "-f", "html", "-o", "trend.html", "--force")
    assert result.exit_code == 0 and result.stdout == "" and "different journeys" in result.stderr
    assert (tmp_path / "trend.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_trend_command_input_errors(tpscore, tmp_path):
    assert tpscore("trend", "missing.yaml").exit_code == 2
    (tmp_path / "bad.yaml").write_text("version: 1\n", encoding="utf-8")
    assert tpscore("trend", "bad.yaml").exit_code == 1


# -- machine formats always write a document ------------------------------------------------------------------


def error_of(result, command: str, code: int) -> dict:
    assert result.exit_code == code, result.output
    document = json.loads(result.stdout)
    validator(command).validate(document)
    assert (document["format"], document["command"], document["exit_code"]) == ("tpscore-error", command, code)
    return document


def test_diff_json_on_an_invalid_journey_is_an_error_document_with_the_problems(tpscore, tmp_path):
    (tmp_path / "bad.yaml").write_text("version: 1\njourney: {id: x}\n", encoding="utf-8")
    document = error_of(tpscore("diff", "bad.yaml", EXAMPLES / "bank-account-closure.yaml", "-f", "json"), "diff", 1)
    assert document["error"] == "bad.yaml: invalid journey (3 problems)"
    assert [(p["file"], p["line"]) for p in document["problems"]] == [("bad.yaml", 1), ("bad.yaml", 2), ("bad.yaml", 2)]


def test_diff_and_trend_json_errors_go_where_the_result_would(tpscore, tmp_path):
    result = tpscore("trend", "missing.yaml", "-f", "json", "-o", "t.json")
    assert result.exit_code == 2 and result.stdout == "" and "missing.yaml" in result.stderr
    document = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    validator("trend").validate(document)
    assert document["error"].startswith("missing.yaml") and document["problems"] == []
    q2 = EXAMPLES / "home-services-2026-Q2.yaml"
    error_of(tpscore("diff", q2, EXAMPLES / "bank-account-closure.yaml", "-f", "json"), "diff", 2)  # other journeys
    error_of(tpscore("diff", q2, "-f", "json"), "diff", 2)  # usage: NEW or --since missing
    error_of(tpscore("trend", "-f", "json"), "trend", 2)


def test_an_error_document_is_not_a_result():
    document = {"format": "tpscore-error", "format_version": 1, "tpscore_version": "0", "command": "diff",
                "exit_code": 1, "error": "x", "problems": []}
    for name in ("diff", "trend"):
        validator(name).validate(document)
        assert not validator(name).is_valid({**document, "format": f"tpscore-{name}"})
        assert not validator(name).is_valid({**document, "surprise": 1})
    assert load_schema("diff")["$defs"]["error"] == load_schema("trend")["$defs"]["error"]
