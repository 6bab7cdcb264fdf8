"""Helpers shared by the test modules (fixtures are in conftest.py; test modules import nothing from
each other).

- ``VALID``: a minimal valid journey with known line numbers.
- ``shop()``: a five-touchpoint journey as YAML text that triggers no rule; each keyword adds attributes
  to one touchpoint, so a test shows only what it changes. Line numbers: 5 ``stages``, touchpoint ``k``
  (0-based, in the order of ``SHOP``) on line ``7 + k``, then ``feedback:`` and one item a line.
- ``BASE`` / ``journey()`` / ``report_of()`` / ``diff_docs()``: a journey as a dict to vary, and its report.
- ``audit_run()`` and the hostile fixture: runs built the way ``tpscore audit`` builds them, for the
  per-format renderer tests.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest
import yaml
from strategies import audit_text

from tpscore.auditrun import AuditRun, audit
from tpscore.diff import diff_reports
from tpscore.gates import Gates
from tpscore.profile import resolve_profile

#: A minimal valid journey. Line numbers are relied on by tests:
#:   1 version, 2 journey:, 3 id, 4 name, 5 stages, 6 touchpoints:,
#:   7-9 touchpoint 'ad' (aware), 10-12 'shop' (buy), 13-15 'app' (use).
VALID = """\
version: 1
journey:
  id: demo
  name: Demo journey
  stages: [aware, buy, use]
touchpoints:
  - id: ad
    name: Advert
    stage: aware
  - id: shop
    name: Shop
    stage: buy
  - id: app
    name: App
    stage: use
"""

SHOP_STAGES = "[discover, buy, use, review]"
SHOP = {
    "ad": "id: ad, name: Advert, stage: discover, owner: marketing",
    "checkout": "id: checkout, name: Checkout, stage: buy, owner: sales",
    "app": "id: app, name: App, stage: use, owner: sales",
    "survey": "id: survey, name: Survey, stage: review, owner: sales, next: [checkout]",
    "refund": "id: refund, name: Refund, stage: use, owner: support, path: unhappy",
}
LINE = {tp_id: 7 + k for k, tp_id in enumerate(SHOP)}
STAGES_LINE = 5


def shop(stages: str = SHOP_STAGES, drop: Iterable[str] = (), replace: Mapping[str, str] | None = None,
         feedback: Iterable[str] = (), **extra: str) -> str:
    """The clean journey; ``ad="frictions: [...]"`` adds to a touchpoint, ``replace`` swaps one's whole
    mapping, ``drop`` removes touchpoints (later ones move up a line), ``feedback`` adds flow-mapping items."""
    replace = dict(replace or {})
    lines = ["version: 1", "journey:", "  id: shop", "  name: Shop", f"  stages: {stages}", "touchpoints:"]
    for tp_id, body in SHOP.items():
        if tp_id in drop:
            continue
        body = replace.get(tp_id, body)
        if tp_id in extra:
            body += ", " + extra[tp_id]
        lines.append(f"  - {{{body}}}")
    feedback = list(feedback)
    if feedback:
        lines.append("feedback:")
        lines += [f"  - {{{item}}}" for item in feedback]
    return "\n".join(lines) + "\n"


# -- a journey as a dict, varied per test, and its report ---------------------------------------------------

BASE = {
    "version": 1,
    "journey": {"id": "boiler", "name": "Boiler repair", "audit": "2026-Q2",
                "stages": ["find", "book", "visit", "pay", "follow-up"], "sale": "book"},
    "touchpoints": [
        {"id": "ad", "name": "Search ad", "stage": "find", "owner": "marketing", "emotion": 0},
        {"id": "call", "name": "Scheduling call", "stage": "book", "owner": "sales", "effort": 3, "emotion": -1,
         "frictions": [{"kind": "wait", "severity": 3}], "metrics": {"csat": 3.4, "volume": 850}},
        {"id": "visit", "name": "On-site visit", "stage": "visit", "owner": "field", "emotion": 1,
         "moments": ["emotional"]},
        {"id": "invoice", "name": "Invoice", "stage": "pay", "owner": "field", "emotion": 0},
        {"id": "survey", "name": "Survey", "stage": "follow-up", "owner": "field", "next": ["ad"]},
    ],
}


def journey(**changes) -> dict:
    """A deep copy of BASE; ``tp_<id>={...}`` updates a touchpoint, ``drop=[ids]`` removes some."""
    doc = copy.deepcopy(BASE)
    drop = changes.pop("drop", [])
    for key, value in changes.items():
        if key.startswith("tp_"):
            tp = next(t for t in doc["touchpoints"] if t["id"] == key[3:].replace("_", "-"))
            tp.update(value)
        else:
            doc["journey"][key] = value
    doc["touchpoints"] = [t for t in doc["touchpoints"] if t["id"] not in drop]
    return doc


def dump(doc: dict, sort_keys: bool = False, flow: bool | None = False) -> str:
    return yaml.safe_dump(doc, sort_keys=sort_keys, default_flow_style=flow, allow_unicode=True)


def report_of(doc: dict | str) -> dict:
    """Validate a journey (a dict is dumped to YAML first) and build its report with the default profile."""
    return audit_text(doc if isinstance(doc, str) else dump(doc)).to_dict()


def diff_docs(old: dict, new: dict) -> dict:
    return diff_reports(report_of(old), report_of(new))


# -- audit runs for the renderer tests ----------------------------------------------------------------------

TESTS = Path(__file__).resolve().parent
HOSTILE = TESTS / "fixtures" / "hostile.yaml"
EXAMPLES = TESTS.parent / "examples"
SHARED_SCHEMAS = TESTS.parents[1] / "shared" / "schemas"
# A directory and file name a journey may really have: Markdown, HTML, URI and workflow-command syntax.
HOSTILE_DIR = "dir|`x` <b>&amp;\n::error::forged %0A"
HOSTILE_NAME = "h,o:st ile]]>.yaml"
FORGED = ("::error", "::warning", "::notice")


def shared_schema(name: str) -> Path:
    """A schema from ../shared/schemas beside the checkout (CI puts shared/ there); skip when it is absent."""
    path = SHARED_SCHEMAS / name
    if not path.is_file():
        pytest.skip(f"{path} not found: the shared schemas live in ../shared/schemas beside the checkout")
    return path


def audit_run(*paths: Path | str, gates: Gates = Gates(), ignore: tuple[str, ...] = ()) -> AuditRun:
    """The run ``tpscore audit [--ignore CODE] PATHS`` renders, gates evaluated."""
    run = audit([str(p) for p in paths],
                lambda file: resolve_profile(None, file).with_overrides(ignore=ignore))
    assert not run.errors
    run.apply_gates(gates)
    return run


def hostile_copy(tmp_path: Path) -> Path:
    """The hostile fixture at a hostile path (relative to ``tmp_path``, so reports show it as given)."""
    folder = tmp_path / HOSTILE_DIR
    folder.mkdir()
    shutil.copy(HOSTILE, folder / HOSTILE_NAME)
    return Path(HOSTILE_DIR) / HOSTILE_NAME


def example_files() -> list[Path]:
    """The example journeys (not examples/invalid/)."""
    return sorted(EXAMPLES.glob("*.yaml"))


def invalid_file(tmp_path: Path) -> Path:
    path = tmp_path / "broken <x>.yaml"
    path.write_text('version: 1\njourney: {id: "Bad Id", name: "x|<y>"}\ntouchpoints: []\n', encoding="utf-8")
    return path


def clean_run() -> AuditRun:
    """One valid journey with no findings (every rule ignored)."""
    return audit_run(HOSTILE, ignore=("TP",), gates=Gates(fail_on="never"))
