"""Every field of journey format v1: accepted values and each way it can be wrong.

Inputs are VALID (see conftest) with lines inserted at a known place, so positions are exact:
``tp()`` inserts into the first touchpoint from line 10 (keys at column 5), ``head()`` into the
journey mapping from line 6 (keys at column 3), ``fb()`` appends a feedback list (item 0 on line 17).
"""

from __future__ import annotations

import textwrap

import pytest
from helpers import VALID

from tpscore.rules import all_rules


def tp(extra: str, index: int = 0) -> str:
    """VALID with ``extra`` (YAML lines, unindented) added to touchpoint ``index``."""
    anchor = ["    stage: aware\n", "    stage: buy\n", "    stage: use\n"][index]
    return VALID.replace(anchor, anchor + textwrap.indent(extra, "    "), 1)


def head(extra: str) -> str:
    anchor = "  stages: [aware, buy, use]\n"
    return VALID.replace(anchor, anchor + textwrap.indent(extra, "  "), 1)


def fb(items: str) -> str:
    return VALID + "feedback:\n" + textwrap.indent(items, "  ")


def top(extra: str) -> str:
    return VALID + extra


def drop(line: str) -> str:
    assert line in VALID
    return VALID.replace(line, "", 1)


def kinds(problems) -> list[tuple[str, str]]:
    return sorted((p.kind, p.json_path) for p in problems)


T0 = "$.touchpoints[0]"

# -- valid values -------------------------------------------------------------------------------------

VALID_CASES = {
    "minimal": VALID,
    "$schema": top("$schema: ../schemas/journey.schema.json\n"),
    "feedback-empty": top("feedback: []\n"),
    "journey-audit": head("audit: 2026-Q3\n"),
    "journey-audit-date": head("audit: 2026-07-01\n"),
    "journey-persona": head("persona: Homeowner\n"),
    "journey-description": head("description: From first ad to renewal.\n"),
    "journey-channels": head("channels: [web, phone, on-site]\n"),
    "journey-channels-empty": head("channels: []\n"),
    "journey-sale": head("sale: buy\n"),
    "journey-id-digits": VALID.replace("id: demo", "id: 2026-q3-demo"),
    "journey-id-100": VALID.replace("id: demo", "id: " + "a" * 100),
    "journey-name-2000": VALID.replace("name: Demo journey", "name: " + "n" * 2000),
    "journey-name-unicode": VALID.replace("name: Demo journey", "name: Reise für Kund·innen ☕"),
    "tp-channel": tp("channel: web\n"),
    "tp-channel-listed": head("channels: [web]\n").replace("    stage: aware\n",
                                                          "    stage: aware\n    channel: web\n"),
    "tp-owner": tp("owner: sales-team\n"),
    "tp-actors": tp("actors: [Customer, Call centre]\n"),
    "tp-description": tp("description: A banner on the home page.\n"),
    "tp-weight-int": tp("weight: 2\n"),
    "tp-weight-small": tp("weight: 0.001\n"),
    "tp-weight-max": tp("weight: 1000\n"),
    "tp-moments": tp("moments: [first, last, emotional]\n"),
    "tp-moments-empty": tp("moments: []\n"),
    "tp-emotion-min": tp("emotion: -2\n"),
    "tp-emotion-zero": tp("emotion: 0\n"),
    "tp-emotion-max": tp("emotion: 2\n"),
    "tp-emotion-plus": tp("emotion: +2\n"),
    "tp-effort-min": tp("effort: 1\n"),
    "tp-effort-max": tp("effort: 5\n"),
    "tp-path-happy": tp("path: happy\n"),
    "tp-path-unhappy": tp("path: unhappy\n"),
    "tp-path-recovery": tp("path: recovery\n"),
    "tp-next": tp("next: [shop, app]\n"),
    "tp-next-self": tp("next: [ad]\n"),
    "tp-next-loop-back": tp("next: [ad]\n", index=2),
    "tp-next-empty": tp("next: []\n"),
    "tp-bridge-true": tp("bridge: true\n"),
    "tp-bridge-false": tp("bridge: false\n"),
    "tp-frictions": tp("frictions:\n  - kind: wait\n    severity: 3\n    note: Ten days for a quote.\n"
                       "  - {kind: custom-kind, severity: 1}\n"),
    "tp-frictions-empty": tp("frictions: []\n"),
    "tp-friction-severity-5": tp("frictions: [{kind: wait, severity: 5}]\n"),
    "tp-metrics-all": tp("metrics: {csat: 4.5, ces: 2, nps: -10, volume: 1200, drop_off: 0.15}\n"),
    "tp-metrics-bounds-low": tp("metrics: {csat: 0, ces: 1, nps: -100, volume: 0, drop_off: 0}\n"),
    "tp-metrics-bounds-high": tp("metrics: {csat: 5, ces: 7, nps: 100, drop_off: 1}\n"),
    "tp-metrics-empty": tp("metrics: {}\n"),
    "tp-ignore": tp("ignore: [TP001, TP011]\n"),
    "tp-ignore-empty": tp("ignore: []\n"),
    "fb-stage": fb("- text: Nobody called back.\n  stage: use\n"),
    "fb-touchpoint": fb("- text: Loved it.\n  touchpoint: shop\n"),
    "fb-all": fb("- text: Slow.\n  touchpoint: ad\n  sentiment: -2\n  count: 12\n  source: survey\n"),
    "fb-sentiment-max": fb("- {text: Good, stage: buy, sentiment: 2}\n"),
    "fb-count-1": fb("- {text: Good, stage: buy, count: 1}\n"),
}


@pytest.mark.parametrize("text", list(VALID_CASES.values()), ids=list(VALID_CASES))
def test_valid_values(check, text):
    assert check(text) == []


# -- invalid values: exact (kind, json path) of every problem -------------------------------------------

INVALID_CASES = {
    # top level
    "missing-version": (drop("version: 1\n"), [("missing-key", "$")]),
    "missing-journey": ("version: 1\ntouchpoints:\n  - {id: a, name: A, stage: s}\n",
                        [("missing-key", "$")]),  # no follow-on "unknown stage": nothing declares stages
    "missing-touchpoints": (VALID.split("touchpoints:")[0], [("missing-key", "$")]),
    "touchpoints-empty": (VALID.split("touchpoints:")[0] + "touchpoints: []\n", [("value", "$.touchpoints")]),
    "touchpoints-mapping": (VALID.split("touchpoints:")[0] + "touchpoints: {a: 1}\n", [("type", "$.touchpoints")]),
    "touchpoint-not-mapping": (VALID + "  - just text\n", [("type", "$.touchpoints[3]")]),
    "unknown-top-key": (top("touchpionts: []\n"), [("unknown-key", "$.touchpionts")]),
    "schema-not-text": (top("$schema: 1\n"), [("type", "$['$schema']")]),
    "feedback-mapping": (top("feedback: {text: x}\n"), [("type", "$.feedback")]),
    "journey-list": (VALID.replace("journey:\n  id: demo\n  name: Demo journey\n  stages: [aware, buy, use]\n",
                                   "journey: [demo]\n"), [("type", "$.journey")]),
    "version-true": (VALID.replace("version: 1", "version: true"), [("value", "$.version")]),
    # journey
    "journey-missing-id": (drop("  id: demo\n"), [("missing-key", "$.journey")]),
    "journey-missing-name": (drop("  name: Demo journey\n"), [("missing-key", "$.journey")]),
    "journey-unknown-key": (head("stagez: [a]\n"), [("unknown-key", "$.journey.stagez")]),
    "journey-id-upper": (VALID.replace("id: demo", "id: Demo"), [("value", "$.journey.id")]),
    "journey-id-leading-hyphen": (VALID.replace("id: demo", "id: -demo"), [("value", "$.journey.id")]),
    "journey-id-underscore": (VALID.replace("id: demo", "id: my_demo"), [("value", "$.journey.id")]),
    "journey-id-space": (VALID.replace("id: demo", "id: my demo"), [("value", "$.journey.id")]),
    "journey-id-empty": (VALID.replace("id: demo", "id: ''"), [("value", "$.journey.id")]),
    "journey-id-101": (VALID.replace("id: demo", "id: " + "a" * 101), [("value", "$.journey.id")]),
    "journey-id-number": (VALID.replace("id: demo", "id: 42"), [("type", "$.journey.id")]),
    "journey-name-empty": (VALID.replace("name: Demo journey", "name: ''"), [("value", "$.journey.name")]),
    "journey-name-null": (VALID.replace("name: Demo journey", "name:"), [("type", "$.journey.name")]),
    "journey-name-2001": (VALID.replace("name: Demo journey", "name: " + "n" * 2001), [("value", "$.journey.name")]),
    "journey-name-list": (VALID.replace("name: Demo journey", "name: [Demo]"), [("type", "$.journey.name")]),
    "journey-audit-empty": (head("audit: ''\n"), [("value", "$.journey.audit")]),
    "journey-audit-101": (head("audit: " + "9" * 100 + "x\n"), [("value", "$.journey.audit")]),
    "journey-audit-number": (head("audit: 2026\n"), [("type", "$.journey.audit")]),
    "journey-persona-empty": (head("persona: ''\n"), [("value", "$.journey.persona")]),
    "journey-description-number": (head("description: 5\n"), [("type", "$.journey.description")]),
    "journey-stages-empty": (VALID.replace("[aware, buy, use]", "[]"), [("value", "$.journey.stages")]),
    "journey-stages-text": (VALID.replace("[aware, buy, use]", "aware"), [("type", "$.journey.stages")]),
    "journey-stage-slug": (VALID.replace("[aware, buy, use]", "[aware, buy, use, Post Sale]"),
                           [("value", "$.journey.stages[3]")]),
    "journey-channels-text": (head("channels: web\n"), [("type", "$.journey.channels")]),
    "journey-channel-slug": (head("channels: [Web]\n"), [("value", "$.journey.channels[0]")]),
    "journey-sale-slug": (head("sale: Buy\n"), [("reference", "$.journey.sale"), ("value", "$.journey.sale")]),
    # touchpoint
    "tp-missing-id": (VALID.replace("  - id: ad\n    name: Advert\n", "  - name: Advert\n"),
                      [("missing-key", T0)]),
    "tp-missing-name": (drop("    name: Advert\n"), [("missing-key", T0)]),
    "tp-missing-stage": (drop("    stage: aware\n"), [("missing-key", T0)]),
    "tp-unknown-key": (tp("wieght: 2\n"), [("unknown-key", f"{T0}.wieght")]),
    "tp-misspelt-required-key": (VALID.replace("    stage: aware", "    stgae: aware"),
                                 [("missing-key", T0), ("unknown-key", f"{T0}.stgae")]),
    "tp-id-slug": (VALID.replace("id: ad", "id: Ad"), [("value", f"{T0}.id")]),
    "tp-name-empty": (VALID.replace("name: Advert", "name: ''"), [("value", f"{T0}.name")]),
    "tp-stage-slug": (VALID.replace("stage: aware", "stage: Aware"),
                      [("reference", f"{T0}.stage"), ("value", f"{T0}.stage")]),
    "tp-channel-slug": (tp("channel: Web\n"), [("value", f"{T0}.channel")]),
    "tp-channel-number": (tp("channel: 3\n"), [("type", f"{T0}.channel")]),
    "tp-owner-slug": (tp("owner: Sales Team\n"), [("value", f"{T0}.owner")]),
    "tp-actors-text": (tp("actors: Customer\n"), [("type", f"{T0}.actors")]),
    "tp-actors-duplicate": (tp("actors: [Me, Cat, Me]\n"), [("duplicate", f"{T0}.actors[2]")]),
    "tp-actors-empty-name": (tp("actors: ['']\n"), [("value", f"{T0}.actors[0]")]),
    "tp-description-empty": (tp("description: ''\n"), [("value", f"{T0}.description")]),
    "tp-weight-zero": (tp("weight: 0\n"), [("value", f"{T0}.weight")]),
    "tp-weight-subnormal": (tp("weight: 5e-324\n"), [("value", f"{T0}.weight")]),
    "tp-weight-below-0.001": (tp("weight: 0.0009\n"), [("value", f"{T0}.weight")]),
    "tp-weight-negative": (tp("weight: -1\n"), [("value", f"{T0}.weight")]),
    "tp-weight-1001": (tp("weight: 1000.5\n"), [("value", f"{T0}.weight")]),
    "tp-weight-inf": (tp("weight: .inf\n"), [("type", f"{T0}.weight")]),
    "tp-weight-neg-inf": (tp("weight: -.inf\n"), [("type", f"{T0}.weight")]),
    "tp-weight-nan": (tp("weight: .nan\n"), [("type", f"{T0}.weight")]),
    "tp-weight-text": (tp("weight: '2'\n"), [("type", f"{T0}.weight")]),
    "tp-weight-bool": (tp("weight: true\n"), [("type", f"{T0}.weight")]),
    "tp-moments-text": (tp("moments: first\n"), [("type", f"{T0}.moments")]),
    "tp-moments-duplicate": (tp("moments: [first, last, first]\n"), [("duplicate", f"{T0}.moments[2]")]),
    "tp-moments-typo": (tp("moments: [frist]\n"), [("value", f"{T0}.moments[0]")]),
    "tp-moments-number": (tp("moments: [1]\n"), [("value", f"{T0}.moments[0]")]),
    "tp-emotion-3": (tp("emotion: 3\n"), [("value", f"{T0}.emotion")]),
    "tp-emotion-minus-3": (tp("emotion: -3\n"), [("value", f"{T0}.emotion")]),
    "tp-emotion-fraction": (tp("emotion: 1.5\n"), [("type", f"{T0}.emotion")]),
    "tp-emotion-text": (tp("emotion: happy\n"), [("type", f"{T0}.emotion")]),
    "tp-effort-0": (tp("effort: 0\n"), [("value", f"{T0}.effort")]),
    "tp-effort-6": (tp("effort: 6\n"), [("value", f"{T0}.effort")]),
    "tp-effort-bool": (tp("effort: yes\n"), [("type", f"{T0}.effort")]),
    "tp-path-typo": (tp("path: hapy\n"), [("value", f"{T0}.path")]),
    "tp-path-other": (tp("path: sideways\n"), [("value", f"{T0}.path")]),
    "tp-path-list": (tp("path: [happy]\n"), [("value", f"{T0}.path")]),
    "tp-next-text": (tp("next: shop\n"), [("type", f"{T0}.next")]),
    "tp-next-unknown": (tp("next: [shpo]\n"), [("reference", f"{T0}.next[0]")]),
    "tp-next-duplicate": (tp("next: [shop, shop]\n"), [("duplicate", f"{T0}.next[1]")]),
    "tp-next-slug": (tp("next: [Shop]\n"), [("reference", f"{T0}.next[0]"), ("value", f"{T0}.next[0]")]),
    "tp-bridge-text": (tp("bridge: 'true'\n"), [("value", f"{T0}.bridge")]),
    "tp-bridge-number": (tp("bridge: 1\n"), [("type", f"{T0}.bridge")]),
    "tp-frictions-text": (tp("frictions: wait\n"), [("type", f"{T0}.frictions")]),
    "tp-friction-not-mapping": (tp("frictions: [wait]\n"), [("type", f"{T0}.frictions[0]")]),
    "tp-friction-missing-severity": (tp("frictions: [{kind: wait}]\n"), [("missing-key", f"{T0}.frictions[0]")]),
    "tp-friction-missing-kind": (tp("frictions: [{severity: 2}]\n"), [("missing-key", f"{T0}.frictions[0]")]),
    "tp-friction-severity-0": (tp("frictions: [{kind: wait, severity: 0}]\n"),
                               [("value", f"{T0}.frictions[0].severity")]),
    "tp-friction-severity-6": (tp("frictions: [{kind: wait, severity: 6}]\n"),
                               [("value", f"{T0}.frictions[0].severity")]),
    "tp-friction-kind-slug": (tp("frictions: [{kind: Long Wait, severity: 2}]\n"),
                              [("value", f"{T0}.frictions[0].kind")]),
    "tp-friction-note-empty": (tp("frictions: [{kind: wait, severity: 2, note: ''}]\n"),
                               [("value", f"{T0}.frictions[0].note")]),
    "tp-friction-unknown-key": (tp("frictions: [{kind: wait, severity: 2, sevrity: 3}]\n"),
                                [("unknown-key", f"{T0}.frictions[0].sevrity")]),
    "tp-metrics-number": (tp("metrics: 5\n"), [("type", f"{T0}.metrics")]),
    "tp-metrics-unknown": (tp("metrics: {cast: 4}\n"), [("unknown-key", f"{T0}.metrics.cast")]),
    "tp-csat-high": (tp("metrics: {csat: 5.1}\n"), [("value", f"{T0}.metrics.csat")]),
    "tp-csat-low": (tp("metrics: {csat: -0.1}\n"), [("value", f"{T0}.metrics.csat")]),
    "tp-ces-low": (tp("metrics: {ces: 0.5}\n"), [("value", f"{T0}.metrics.ces")]),
    "tp-ces-high": (tp("metrics: {ces: 7.5}\n"), [("value", f"{T0}.metrics.ces")]),
    "tp-nps-high": (tp("metrics: {nps: 101}\n"), [("value", f"{T0}.metrics.nps")]),
    "tp-nps-low": (tp("metrics: {nps: -101}\n"), [("value", f"{T0}.metrics.nps")]),
    "tp-volume-negative": (tp("metrics: {volume: -1}\n"), [("value", f"{T0}.metrics.volume")]),
    "tp-volume-fraction": (tp("metrics: {volume: 1.5}\n"), [("type", f"{T0}.metrics.volume")]),
    "tp-drop-off-high": (tp("metrics: {drop_off: 1.5}\n"), [("value", f"{T0}.metrics.drop_off")]),
    "tp-drop-off-low": (tp("metrics: {drop_off: -0.1}\n"), [("value", f"{T0}.metrics.drop_off")]),
    "tp-drop-off-text": (tp("metrics: {drop_off: 10%}\n"), [("type", f"{T0}.metrics.drop_off")]),
    "tp-ignore-text": (tp("ignore: TP001\n"), [("type", f"{T0}.ignore")]),
    "tp-ignore-short": (tp("ignore: [TP1]\n"), [("reference", f"{T0}.ignore[0]"), ("value", f"{T0}.ignore[0]")]),
    "tp-ignore-lower": (tp("ignore: [tp001]\n"), [("reference", f"{T0}.ignore[0]"), ("value", f"{T0}.ignore[0]")]),
    "tp-ignore-long": (tp("ignore: [TP0011]\n"), [("reference", f"{T0}.ignore[0]"), ("value", f"{T0}.ignore[0]")]),
    "tp-ignore-name": (tp("ignore: [last-touch-friction]\n"),
                       [("reference", f"{T0}.ignore[0]"), ("value", f"{T0}.ignore[0]")]),
    "tp-ignore-unknown-rule": (tp("ignore: [TP999]\n"), [("reference", f"{T0}.ignore[0]")]),
    "tp-ignore-number": (tp("ignore: [1]\n"), [("type", f"{T0}.ignore[0]")]),
    "tp-ignore-duplicate": (tp("ignore: [TP001, TP001]\n"), [("duplicate", f"{T0}.ignore[1]")]),
    # feedback
    "fb-both": (fb("- {text: x, stage: buy, touchpoint: shop}\n"), [("one-of", "$.feedback[0]")]),
    "fb-neither": (fb("- {text: x}\n"), [("one-of", "$.feedback[0]")]),
    "fb-missing-text": (fb("- {stage: buy}\n"), [("missing-key", "$.feedback[0]")]),
    "fb-text-empty": (fb("- {text: '', stage: buy}\n"), [("value", "$.feedback[0].text")]),
    "fb-sentiment-3": (fb("- {text: x, stage: buy, sentiment: 3}\n"), [("value", "$.feedback[0].sentiment")]),
    "fb-sentiment-fraction": (fb("- {text: x, stage: buy, sentiment: 0.5}\n"),
                              [("type", "$.feedback[0].sentiment")]),
    "fb-count-0": (fb("- {text: x, stage: buy, count: 0}\n"), [("value", "$.feedback[0].count")]),
    "fb-source-empty": (fb("- {text: x, stage: buy, source: ''}\n"), [("value", "$.feedback[0].source")]),
    "fb-stage-unknown": (fb("- {text: x, stage: by}\n"), [("reference", "$.feedback[0].stage")]),
    "fb-touchpoint-unknown": (fb("- {text: x, touchpoint: shp}\n"), [("reference", "$.feedback[0].touchpoint")]),
    "fb-unknown-key": (fb("- {text: x, stage: buy, rating: 5}\n"), [("unknown-key", "$.feedback[0].rating")]),
    "fb-item-text": (fb("- just words\n"), [("type", "$.feedback[0]")]),
}


@pytest.mark.parametrize("text, expected", list(INVALID_CASES.values()), ids=list(INVALID_CASES))
def test_invalid_values(check, text, expected):
    problems = check(text)
    assert kinds(problems) == sorted(expected)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message


# -- version ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, shown", [("2", "2"), ('"1"', "'1'"), ("0", "0"), ("1.5", "1.5"), ("null", "null"),
                                          ("v1", "'v1'")])
def test_unsupported_version(check, value, shown):
    text = VALID.replace("version: 1", f"version: {value}") + "  - broken\n"
    [problem] = check(text)  # other problems are not reported: a newer format has other rules
    assert (problem.kind, problem.line, problem.column) == ("version", 1, 10)
    assert problem.message == f"unsupported format version {shown}"
    assert problem.expected == "version: 1"
    assert "upgrade tpscore" in problem.hint


# -- messages and positions for a representative subset ------------------------------------------------


@pytest.mark.parametrize("text, line, column, message, found, expected, hint", [
    pytest.param(tp("path: hapy\n"), 10, 11, "not an allowed value", "'hapy'", "one of: happy, unhappy, recovery",
                 "did you mean 'happy'?", id="enum-did-you-mean"),
    pytest.param(tp("path: sideways\n"), 10, 11, "not an allowed value", "'sideways'",
                 "one of: happy, unhappy, recovery", None, id="enum-no-near-miss"),
    pytest.param(tp("moments: [first, emotinal]\n"), 10, 22, "not an allowed value", "'emotinal'",
                 "one of: first, last, emotional", "did you mean 'emotional'?", id="moment-did-you-mean"),
    pytest.param(tp("wieght: 2\n"), 10, 5, "unknown key 'wieght'", None,
                 "one of: id, name, stage, channel, owner, actors, description, weight, moments, emotion, effort, "
                 "path, next, bridge, frictions, metrics, ignore", "did you mean 'weight'?", id="unknown-key-at-key"),
    pytest.param(head("stagez: [a]\n"), 6, 3, "unknown key 'stagez'", None,
                 "one of: id, name, audit, persona, description, stages, channels, sale, ignore",
                 "did you mean 'stages'?", id="journey-unknown-key"),
    pytest.param(top("touchpionts: []\n"), 16, 1, "unknown key 'touchpionts'", None,
                 "one of: $schema, version, journey, touchpoints, feedback, opportunities",
                 "did you mean 'touchpoints'?",
                 id="top-unknown-key"),
    pytest.param(tp("metrics: {cast: 4}\n"), 10, 15, "unknown key 'cast'", None,
                 "one of: csat, ces, nps, volume, drop_off", "did you mean 'csat'?", id="metrics-unknown-key"),
    pytest.param(VALID.replace("id: demo", "id: Demo"), 3, 7, "invalid format", "'Demo'",
                 "Identifier: lower-case letters, digits and hyphens, starting with a letter or digit", None,
                 id="slug-pattern"),
    pytest.param(tp("ignore: [TP999]\n"), 10, 14, "unknown rule code 'TP999'", None,
                 "one of the rules: " + ", ".join(list(all_rules())[:12]) + (", …" if len(all_rules()) > 12 else ""),
                 "did you mean 'TP009'?", id="ignore-unknown-rule"),
    pytest.param(tp("weight: 0\n"), 10, 13, "out of range", "0", "at least 0.001", None, id="weight-zero"),
    pytest.param(tp("weight: -3\n"), 10, 13, "out of range", "-3", "at least 0.001", None, id="weight-negative"),
    pytest.param(tp("weight: 1001\n"), 10, 13, "out of range", "1001", "at most 1000", None, id="weight-max"),
    pytest.param(tp("weight: .inf\n"), 10, 13, "not a finite number", "inf", "a number", None, id="weight-inf"),
    pytest.param(tp("weight: .nan\n"), 10, 13, "not a finite number", "nan", "a number", None, id="weight-nan"),
    pytest.param(tp("weight: heavy\n"), 10, 13, "wrong type", "string 'heavy'", "a number", None, id="weight-text"),
    pytest.param(tp("emotion: 3\n"), 10, 14, "out of range", "3", "-2..2", None, id="emotion-3"),
    pytest.param(tp("emotion: 1.5\n"), 10, 14, "wrong type", "number 1.5", "a whole number", None,
                 id="emotion-fraction"),
    pytest.param(tp("effort: 0\n"), 10, 13, "out of range", "0", "1..5", None, id="effort-0"),
    pytest.param(tp("effort: 6\n"), 10, 13, "out of range", "6", "1..5", None, id="effort-6"),
    pytest.param(tp("bridge: 'yes'\n"), 10, 13, "invalid format", "'yes'",
                 "What bridges the hand-off between owners here: a short description (Welcome call naming the "
                 "installer) or the id of the bridging touchpoint; a bare true is accepted but reported as "
                 "unexplained and bridges nothing", None, id="bridge-text"),
    pytest.param(tp("bridge: 1\n"), 10, 13, "wrong type", "integer 1", "true or false or text", None,
                 id="bridge-number"),
    pytest.param(tp("moments: [first, last, first]\n"), 10, 28, "duplicate item 'first'", None, None,
                 "already listed at position 1", id="moments-duplicate"),
    pytest.param(tp("metrics:\n  nps: 150\n"), 11, 12, "out of range", "150", "at most 100", None, id="nps-range"),
    pytest.param(tp("metrics:\n  volume: -1\n"), 11, 15, "out of range", "-1", "at least 0", None,
                 id="volume-range"),
    pytest.param(tp("frictions:\n  - kind: wait\n    severity: 9\n"), 12, 19, "out of range", "9", "1..5", None,
                 id="severity-range"),
    pytest.param(tp("frictions:\n  - kind: wait\n"), 11, 9, "missing required key 'severity'", None,
                 "'severity' in this mapping", None, id="friction-missing-key"),
    pytest.param(drop("    stage: aware\n"), 7, 5, "missing required key 'stage'", None, "'stage' in this mapping",
                 None, id="touchpoint-missing-key"),
    pytest.param(drop("version: 1\n"), 1, 1, "missing required key 'version'", None, "'version' in this mapping",
                 None, id="root-missing-key"),
    pytest.param(VALID.replace("name: Demo journey", "name: ''"), 4, 9, "empty text", None,
                 "at least 1 character", None, id="empty-text"),
    pytest.param(VALID.replace("name: Demo journey", "name: " + "n" * 2001), 4, 9, "text too long",
                 "2001 characters", "at most 2000", None, id="text-too-long"),
    pytest.param(VALID.replace("[aware, buy, use]", "[aware, buy, use, Later]"), 5, 29, "invalid format",
                 "'Later'", "Identifier: lower-case letters, digits and hyphens, starting with a letter or digit", None,
                 id="stage-slug"),
    pytest.param(fb("- text: x\n  stage: buy\n  touchpoint: shop\n"), 17, 5, "give exactly one of 'stage' or "
                 "'touchpoint'", "both 'stage' and 'touchpoint'", None, None, id="feedback-both"),
    pytest.param(fb("- text: x\n  count: 2\n"), 17, 5, "give exactly one of 'stage' or 'touchpoint'", "neither",
                 None, None, id="feedback-neither"),
    pytest.param(fb("- text: x\n  stage: buy\n  count: 0\n"), 19, 12, "out of range", "0", "at least 1", None,
                 id="feedback-count"),
    pytest.param(fb("- text: x\n  stage: buy\n  sentiment: -3\n"), 19, 16, "out of range", "-3", "-2..2", None,
                 id="feedback-sentiment"),
    pytest.param(VALID.split("touchpoints:")[0] + "touchpoints: []\n", 6, 14, "too few items", "0", "at least 1",
                 None, id="touchpoints-empty"),
])
def test_problem_details(check, text, line, column, message, found, expected, hint):
    [problem] = check(text)
    assert (problem.file, problem.line, problem.column) == ("j.yaml", line, column)
    assert (problem.message, problem.found, problem.expected, problem.hint) == (message, found, expected, hint)


def test_misspelt_required_key(check):
    problems = check(VALID.replace("    stage: aware", "    stgae: aware"))
    assert [(p.line, p.column, p.kind, p.message, p.hint) for p in problems] == [
        (7, 5, "missing-key", "missing required key 'stage'", "is 'stgae' a misspelling of it?"),
        (9, 5, "unknown-key", "unknown key 'stgae'", "did you mean 'stage'?"),
    ]


def test_missing_keys_are_each_reported(check):
    text = VALID.replace("  - id: ad\n    name: Advert\n    stage: aware\n", "  - {}\n")
    problems = check(text)
    assert [(p.line, p.column, p.kind, p.message) for p in problems] == [
        (7, 5, "missing-key", "missing required key 'id'"),
        (7, 5, "missing-key", "missing required key 'name'"),
        (7, 5, "missing-key", "missing required key 'stage'"),
    ]


def test_wrong_type_is_reported_once_not_repeated(check):
    # A list where a mapping belongs: one type problem, no cascade of missing keys below it.
    problems = check(tp("metrics: [csat, 4]\n"))
    assert [(p.kind, p.json_path) for p in problems] == [("type", f"{T0}.metrics")]
    assert problems[0].found == "list" and problems[0].expected == "a mapping"


@pytest.mark.parametrize("old, new", [
    ("  - id: ad\n", '  - id: "ad\\n"\n'),
    ("    stage: aware\n", '    stage: aware\n    owner: "sales\\n"\n'),
    ("  id: demo\n", '  id: "demo\\n"\n'),
])
def test_trailing_newline_is_not_a_valid_slug(check, old, new):
    assert old in VALID
    problems = check(VALID.replace(old, new, 1))
    assert [p.kind for p in problems] == ["value"]


def test_unsupported_version_names_its_path(check):
    [problem] = check(VALID.replace("version: 1", "version: 2"))
    assert problem.json_path == "$.version"
