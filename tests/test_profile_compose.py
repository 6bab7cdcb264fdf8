"""Profiles that compose: `extends:` (a file or a built-in preset) merged parent-to-child, `overrides:` with
file globs, and every contributing file named in the report."""

from __future__ import annotations

import json

from helpers import shop

from tpscore.profile import ProfileError, load_profile_file, resolve_profile

FRICTION = "frictions: [{kind: wait, severity: 3}], effort: 3"  # friction 60..70 on 'checkout': TP011 at 60


def write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_extends_merges_parent_then_child_key_by_key(tmp_path):
    write(tmp_path / "org.yaml", "thresholds: {touchpoint: 50, last: 30}\nmoments: {last: 3}\n"
                                 "rules: {severity: {TP002: error}}\n")
    child = write(tmp_path / "team" / ".tpscore.yaml", "extends: ../org.yaml\nthresholds: {last: 10}\n"
                                                        "rules: {severity: {TP005: error}}\n")
    profile = load_profile_file(str(child))
    assert (profile.thresholds["touchpoint"], profile.thresholds["last"], profile.moments["last"]) == (50, 10, 3)
    assert dict(profile.severity) == {"TP002": "error", "TP005": "error"}
    assert profile.sources == (str(tmp_path / "org.yaml"), str(child))


def test_a_builtin_preset_and_a_chain_of_files(tmp_path):
    write(tmp_path / "base.yaml", "extends: tpscore:strict\nmoments: {first: 2}\n")
    top = write(tmp_path / "top.yaml", "extends: [base.yaml]\n")
    profile = load_profile_file(str(top))
    assert profile.thresholds["touchpoint"] == 50 and profile.moments["first"] == 2
    assert profile.sources == ("tpscore:strict", str(tmp_path / "base.yaml"), str(top))


def test_cycles_and_missing_parents_are_profile_errors(tmp_path):
    write(tmp_path / "a.yaml", "extends: b.yaml\n")
    write(tmp_path / "b.yaml", "extends: a.yaml\n")
    for name, words in (("a.yaml", "cycle"), ("c.yaml", "no such file")):
        if name == "c.yaml":
            write(tmp_path / "c.yaml", "extends: nowhere.yaml\n")
        try:
            load_profile_file(str(tmp_path / name))
        except ProfileError as exc:
            assert words in exc.problems[0].message and exc.problems[0].kind == "extends"
        else:
            raise AssertionError(f"{name}: no error")


def test_a_glob_override_applies_to_matching_journeys_only(tmp_path):
    config = write(tmp_path / ".tpscore.yaml", "thresholds: {touchpoint: 60}\noverrides:\n"
                   "  - files: ['legacy/**']\n    thresholds: {touchpoint: 90}\n    rules: {ignore: [TP005]}\n")
    legacy = write(tmp_path / "legacy" / "old" / "j.yaml", shop())
    current = write(tmp_path / "current" / "j.yaml", shop())
    (tmp_path / ".git").mkdir()  # the project root: discovery stops here
    old, new = resolve_profile(None, str(legacy)), resolve_profile(None, str(current))
    assert old.thresholds["touchpoint"] == 90 and not old.rule_enabled("TP005")
    assert new.thresholds["touchpoint"] == 60 and new.rule_enabled("TP005")
    assert old.sources == (str(config), f"{config} overrides[0]") and new.sources == (str(config),)


def test_the_report_names_every_contributing_file(tpscore, tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "org.yaml", "thresholds: {touchpoint: 70}\n")
    write(tmp_path / ".tpscore.yaml", "extends: org.yaml\noverrides:\n  - files: ['strict/*']\n"
                                      "    thresholds: {touchpoint: 40}\n")
    write(tmp_path / "strict" / "j.yaml", shop(checkout=FRICTION))
    write(tmp_path / "loose" / "j.yaml", shop(checkout=FRICTION))
    strict = json.loads(tpscore("audit", "strict/j.yaml", "-f", "json", "--fail-on", "never").stdout)
    loose = json.loads(tpscore("audit", "loose/j.yaml", "-f", "json", "--fail-on", "never").stdout)
    assert strict["profile"]["sources"] == [str(tmp_path / "org.yaml"), ".tpscore.yaml",
                                            ".tpscore.yaml overrides[0]"] or \
        [s.rsplit("/", 1)[-1] for s in strict["profile"]["sources"]] == ["org.yaml", ".tpscore.yaml",
                                                                          ".tpscore.yaml overrides[0]"]
    assert any(f["code"] == "TP011" for f in strict["findings"])
    assert not any(f["code"] == "TP011" for f in loose["findings"])
    assert strict["profile"]["thresholds"]["touchpoint"] == 40 and loose["profile"]["thresholds"]["touchpoint"] == 70
