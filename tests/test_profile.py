"""The profile: defaults from config.schema.json, discovery (--config, .tpscore.yaml upwards, [tool.tpscore]),
precedence, located errors, and the empty profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tpscore.profile import (
    DEFAULT_PROFILE_SOURCE,
    Profile,
    ProfileError,
    default_profile,
    find_profile_file,
    load_profile_file,
    resolve_profile,
)
from tpscore.source import InputError

SCHEMA = json.loads((Path(__file__).parents[1] / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
PYPROJECT = '[project]\nname = "demo"\n\n[tool.tpscore]\nrequired_stages = ["support"]\n\n' \
            '[tool.tpscore.moments]\nlast = 3.0\n'


def schema_default(section: str) -> dict:
    return {key: spec["default"] for key, spec in SCHEMA["properties"][section]["properties"].items()}


@pytest.fixture
def tree(tmp_path: Path):
    """``tree({"a/.tpscore.yaml": text, ...})`` writes the files and returns tmp_path, a project root
    (it holds ``.git``), so discovery may walk up to it."""

    def _tree(files: dict[str, str]) -> Path:
        (tmp_path / ".git").mkdir(exist_ok=True)
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return tmp_path

    return _tree


# -- defaults -------------------------------------------------------------------------------------

@pytest.mark.parametrize("section", ["moments", "friction", "thresholds", "coverage"])
def test_defaults_are_the_schema_defaults(section):
    assert dict(getattr(default_profile(), section)) == schema_default(section)


def test_documented_default_values():
    p = default_profile()
    assert dict(p.moments) == {"first": 1.5, "last": 2.0, "emotional": 1.5}
    assert dict(p.friction) == {"severity": 10, "effort": 8, "emotion": 10, "scale": 40, "compounding": 3,
                                "worst_chance": 0.5}
    assert dict(p.thresholds) == {"touchpoint": 70, "last": 45, "first": 45, "emotional": 45,
                                  "disagreement": 30}
    assert dict(p.evidence) == {"metric_weight": 2, "feedback_customers": 20, "feedback_share": 0.0625}
    assert dict(p.experience) == {"negativity": 2}
    assert (p.required_stages, p.fill_missing_metrics, p.select, p.ignore, dict(p.severity)) == \
           (tuple(SCHEMA["properties"]["required_stages"]["default"]),
            SCHEMA["properties"]["metrics"]["properties"]["fill_missing"]["default"], None, (), {})
    assert p.source == DEFAULT_PROFILE_SOURCE


def test_partial_sections_keep_the_other_defaults():
    p = Profile.from_mapping({"moments": {"last": 3}, "thresholds": {"first": 10}})
    assert dict(p.moments) == {**schema_default("moments"), "last": 3}
    assert dict(p.thresholds) == {**schema_default("thresholds"), "first": 10}


@pytest.mark.parametrize("select, ignore, code, enabled", [
    (None, (), "TP006", True),
    (("TP00",), (), "TP006", True),
    (("TP00",), (), "TP011", False),
    (None, ("TP0",), "TP011", False),
    (("TP006",), ("TP006",), "TP006", False),  # ignore wins
])
def test_rule_enabled_by_prefix(select, ignore, code, enabled):
    assert default_profile().with_overrides(select=select, ignore=ignore).rule_enabled(code) is enabled


# -- discovery ------------------------------------------------------------------------------------

def test_explicit_config_path(tree):
    root = tree({"conf/custom.yaml": "moments: {last: 4}\n", ".tpscore.yaml": "moments: {last: 9}\n",
                 "j/journey.yaml": ""})
    profile = resolve_profile(str(root / "conf/custom.yaml"), str(root / "j/journey.yaml"))
    assert profile.moments["last"] == 4 and profile.source == str(root / "conf/custom.yaml")


def test_nearest_tpscore_yaml_walking_up(tree):
    root = tree({"a/.tpscore.yaml": "thresholds: {last: 10}\n", "a/b/c/journey.yaml": ""})
    assert find_profile_file(str(root / "a/b/c/journey.yaml")) == str((root / "a/.tpscore.yaml").resolve())
    assert resolve_profile(None, str(root / "a/b/c/journey.yaml")).thresholds["last"] == 10


def test_tpscore_yml_is_found_too(tree):
    root = tree({".tpscore.yml": "thresholds: {first: 5}\n", "journey.yaml": ""})
    assert resolve_profile(None, str(root / "journey.yaml")).thresholds["first"] == 5


def test_pyproject_tool_table(tree):
    root = tree({"pyproject.toml": PYPROJECT, "journeys/journey.yaml": ""})
    profile = resolve_profile(None, str(root / "journeys/journey.yaml"))
    assert profile.required_stages == ("support",) and profile.moments["last"] == 3.0
    assert profile.source.endswith("pyproject.toml")


def test_pyproject_without_the_table_is_passed_over(tree):
    root = tree({".tpscore.yaml": "moments: {first: 2}\n", "sub/inner/pyproject.toml": '[project]\nname = "x"\n',
                 "sub/journey.yaml": ""})
    assert find_profile_file(str(root / "sub/journey.yaml")) == str((root / ".tpscore.yaml").resolve())


@pytest.mark.parametrize("marker", [".git", "pyproject.toml"])
def test_discovery_stops_at_the_project_root(tree, marker):
    root = tree({".tpscore.yaml": "rules: {ignore: [TP]}\n", "project/journeys/journey.yaml": ""})
    (root / "project" / marker).mkdir() if marker == ".git" else (root / "project" / marker).write_text("")
    assert find_profile_file(str(root / "project/journeys/journey.yaml")) is None


def test_outside_any_project_only_the_journeys_own_folder_counts(tmp_path):
    (tmp_path / ".tpscore.yaml").write_text("rules: {ignore: [TP]}\n")  # a shared /tmp or home folder
    (tmp_path / "ci" / "run").mkdir(parents=True)
    assert find_profile_file(str(tmp_path / "ci" / "run" / "journey.yaml")) is None
    (tmp_path / "ci" / "run" / ".tpscore.yaml").write_text("")
    assert find_profile_file(str(tmp_path / "ci" / "run" / "journey.yaml")).endswith(".tpscore.yaml")


@pytest.mark.parametrize("near, far, expected", [
    ("pyproject.toml", ".tpscore.yaml", "pyproject.toml"),
    (".tpscore.yaml", "pyproject.toml", ".tpscore.yaml"),
    (".tpscore.yaml", ".tpscore.yaml", ".tpscore.yaml"),
])
def test_the_nearest_folder_wins(tree, near, far, expected):
    texts = {"pyproject.toml": PYPROJECT, ".tpscore.yaml": "moments: {first: 2}\n"}
    root = tree({far: texts[far], f"near/{near}": texts[near], "near/deeper/journey.yaml": ""})
    assert find_profile_file(str(root / "near/deeper/journey.yaml")) == str((root / "near" / expected).resolve())


def test_in_one_folder_tpscore_yaml_beats_pyproject(tree):
    root = tree({"pyproject.toml": PYPROJECT, ".tpscore.yaml": "moments: {first: 2}\n", "journey.yaml": ""})
    assert find_profile_file(str(root / "journey.yaml")).endswith(".tpscore.yaml")


def test_explicit_config_beats_discovery(tree):
    root = tree({".tpscore.yaml": "moments: {first: 2}\n", "other.yaml": "moments: {first: 3}\n",
                 "journey.yaml": ""})
    assert resolve_profile(str(root / "other.yaml"), str(root / "journey.yaml")).moments["first"] == 3


def test_no_profile_anywhere_means_defaults(tree):
    root = tree({"deep/journey.yaml": ""})
    assert find_profile_file(str(root / "deep/journey.yaml")) is None
    assert resolve_profile(None, str(root / "deep/journey.yaml")) == default_profile()


def test_discovery_starts_from_a_folder_too(tree):
    root = tree({".tpscore.yaml": "moments: {first: 2}\n", "journeys/a.yaml": ""})
    assert find_profile_file(str(root / "journeys")) == str((root / ".tpscore.yaml").resolve())


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "{}\n"])
def test_empty_tpscore_yaml_means_defaults(tree, text):
    root = tree({".tpscore.yaml": text})
    profile = load_profile_file(str(root / ".tpscore.yaml"))
    path = str(root / ".tpscore.yaml")
    assert profile.to_dict() == dict(default_profile().to_dict(), source=path, sources=[path])


# -- invalid profiles -------------------------------------------------------------------------------

def problems_of(path: Path) -> list:
    with pytest.raises(ProfileError) as info:
        load_profile_file(str(path))
    return info.value.problems


def test_invalid_profile_problems_are_located(tree):
    root = tree({".tpscore.yaml": "moment:\n  last: 3\nthresholds:\n  last: high\nrules:\n  select: [XX1]\n"})
    problems = problems_of(root / ".tpscore.yaml")
    assert [(p.line, p.column, p.kind) for p in problems] == [(1, 1, "unknown-key"), (4, 9, "type"), (6, 12, "value")]
    assert "did you mean 'moments'?" in problems[0].full_message()
    assert "'high'" in problems[1].full_message()


def test_profile_error_message_lists_file_line_and_column(tree):
    root = tree({".tpscore.yaml": "moments:\n  last: 0\n"})
    with pytest.raises(ProfileError) as info:
        load_profile_file(str(root / ".tpscore.yaml"))
    assert str(info.value).startswith(f"{root / '.tpscore.yaml'}:2:9: ")


@pytest.mark.parametrize("text, kind", [("moments: [1, 2]\n", "type"), ("moments: {last: 2\n", "syntax"),
                                        ("- a\n", "type"), ("rules: {severity: {TP006: fatal}}\n", "value")])
def test_invalid_profiles_of_every_kind(tree, text, kind):
    root = tree({".tpscore.yaml": text})
    problems = problems_of(root / ".tpscore.yaml")
    assert problems and problems[0].line >= 1 and problems[0].column >= 1
    assert problems[0].kind == kind or kind == "syntax"


def test_invalid_pyproject_table_points_at_its_header(tree):
    root = tree({"pyproject.toml": '[project]\nname = "x"\n\n[tool.tpscore]\nmoment = {last = 3}\n'})
    [problem] = problems_of(root / "pyproject.toml")
    assert (problem.line, problem.kind) == (4, "unknown-key")
    assert "did you mean 'moments'?" in problem.full_message()


def test_pyproject_without_the_table_given_explicitly_is_an_input_error(tree):
    root = tree({"pyproject.toml": '[project]\nname = "x"\n'})
    with pytest.raises(InputError, match=r"has no \[tool.tpscore\] table"):
        load_profile_file(str(root / "pyproject.toml"))


def test_a_pyproject_that_only_mentions_the_table_is_not_a_profile(tmp_path):
    from tpscore.profile import find_profile_file

    (tmp_path / "pyproject.toml").write_text('# settings live in [tool.tpscore]\nx = "[tool.tpscore]"\n',
                                             encoding="utf-8")
    assert find_profile_file(str(tmp_path)) is None
    (tmp_path / "pyproject.toml").write_text("[tool.tpscore.thresholds]\nlast_friction = 30\n", encoding="utf-8")
    assert find_profile_file(str(tmp_path)) == str(tmp_path / "pyproject.toml")
