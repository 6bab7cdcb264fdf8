"""The scoring profile: multipliers, formula weights, thresholds and rule selection.

Defaults come from ``schemas/config.schema.json`` (its ``default`` values), so the schema, the docs and
the code cannot disagree. Discovery: ``--config FILE``, else the nearest ``.tpscore.yaml`` (or
``[tool.tpscore]`` in a ``pyproject.toml``) walking up from the journey's folder, else defaults.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .problems import Problem

CONFIG_NAMES = (".tpscore.yaml", ".tpscore.yml")
#: Profiles are small; a larger file is refused before it is parsed.
MAX_CONFIG_BYTES = 1024 * 1024


class ProfileError(Exception):
    """The profile file is invalid; ``problems`` are located like journey problems (exit code 2)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{p.location}: {p.full_message()}" for p in problems))


@cache
def schema_defaults() -> Mapping[str, Mapping[str, Any]]:
    """``{section: {key: default}}`` read from the config schema."""
    from .schemas import load_schema

    sections = {}
    for name, spec in load_schema("config")["properties"].items():
        if spec.get("type") == "object" and "properties" in spec:
            sections[name] = MappingProxyType(
                {key: sub["default"] for key, sub in spec["properties"].items() if "default" in sub})
    return MappingProxyType(sections)


def _section(name: str, data: Mapping[str, Any]) -> Mapping[str, float]:
    merged = dict(schema_defaults()[name])
    merged.update(data.get(name, {}))
    return MappingProxyType(merged)


@dataclass(frozen=True)
class Profile:
    """Everything scoring and rules may be tuned by. Build with :meth:`from_mapping`."""

    moments: Mapping[str, float]
    friction: Mapping[str, float]
    thresholds: Mapping[str, float]
    coverage: Mapping[str, float]
    fixed: Mapping[str, float] = field(default_factory=lambda: _section("fixed", {}))
    evidence: Mapping[str, float] = field(default_factory=lambda: _section("evidence", {}))
    experience: Mapping[str, float] = field(default_factory=lambda: _section("experience", {}))
    required_stages: tuple[str, ...] = ()
    fill_missing_metrics: bool = False
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    source: str | None = None
    #: Every file (and preset, and matching override) that contributed, parent first.
    sources: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None = None, source: str | None = None,
                     sources: tuple[str, ...] = ()) -> Profile:
        """A profile from a validated config mapping (missing keys take the schema defaults)."""
        data = data or {}
        rules = data.get("rules", {})
        select = rules.get("select")
        return cls(
            moments=_section("moments", data), friction=_section("friction", data),
            thresholds=_section("thresholds", data), coverage=_section("coverage", data),
            fixed=_section("fixed", data),
            evidence=_section("evidence", data), experience=_section("experience", data),
            required_stages=tuple(data.get("required_stages", ())),
            fill_missing_metrics=bool(data.get("metrics", {}).get("fill_missing", False)),
            select=tuple(select) if select is not None else None, ignore=tuple(rules.get("ignore", ())),
            severity=MappingProxyType(dict(rules.get("severity", {}))), source=source,
            sources=sources or ((source,) if source else ()),
        )

    def with_overrides(self, **changes: Any) -> Profile:
        from dataclasses import replace

        return replace(self, **changes)

    def rule_enabled(self, code: str) -> bool:
        if any(code.startswith(prefix) for prefix in self.ignore):
            return False
        return self.select is None or any(code.startswith(prefix) for prefix in self.select)

    def to_dict(self) -> dict:
        """Every setting, keyed as in the config file (each can change a score or a finding), and where
        the profile came from; reports carry it so ``diff`` sees a change of profile."""
        return {
            "source": self.source,
            "sources": list(self.sources),
            "moments": dict(self.moments),
            "friction": dict(self.friction),
            "thresholds": dict(self.thresholds),
            "coverage": dict(self.coverage),
            "fixed": dict(self.fixed),
            "evidence": dict(self.evidence),
            "experience": dict(self.experience),
            "required_stages": list(self.required_stages),
            "metrics": {"fill_missing": self.fill_missing_metrics},
            "rules": {"select": None if self.select is None else list(self.select), "ignore": list(self.ignore),
                      "severity": dict(self.severity)},
        }


DEFAULT_PROFILE_SOURCE = "built-in defaults"


def default_profile() -> Profile:
    return Profile.from_mapping({}, DEFAULT_PROFILE_SOURCE)


def load_profile_file(path: str) -> Profile:
    """Load and validate a ``.tpscore.yaml`` or a ``pyproject.toml`` ([tool.tpscore]), with what it extends
    (its ``overrides:`` are applied per journey by :func:`resolve_profile`)."""
    chain = load_chain(path)
    return Profile.from_mapping(chain.data, path, chain.files)


def _read_profile_data(path: str) -> dict:
    """The validated mapping of one profile file (``extends`` and ``overrides`` still in it)."""
    from .source import InputError, read_source
    from .validate import check_document

    if Path(path).name == "pyproject.toml":
        data, problems = _pyproject_section(path)
        if data is None and not problems:
            raise InputError(f"{path}: has no [tool.tpscore] table")
    else:
        from .source import DecodeError
        from .yamlsafe import load_yaml

        try:
            loaded = load_yaml(read_source(path, MAX_CONFIG_BYTES, "profiles"))
        except DecodeError as exc:
            raise ProfileError([Problem(path, exc.line, exc.column, "encoding", exc.message)]) from None
        data, problems = loaded.data, list(loaded.problems)
        if data is None and [p.kind for p in problems] in ([], ["empty"]):
            data, problems = {}, []  # an empty profile (or only comments) means "all defaults"
        if data is not None:
            problems += check_document(data, path, loaded.source_map, schema="config")
    if problems:
        raise ProfileError(sorted(problems, key=lambda p: (p.line, p.column)))
    return data


# -- composition: extends and overrides ---------------------------------------------------------------------

#: Built-in presets a profile can extend (``extends: tpscore:strict``).
PRESETS: Mapping[str, Mapping[str, Any]] = MappingProxyType({
    "tpscore:default": {},
    "tpscore:strict": {"thresholds": {"touchpoint": 50, "last": 20, "first": 20, "emotional": 30},
                       "rules": {"severity": {"TP002": "error", "TP005": "error", "TP011": "error"}}},
})


@dataclass(frozen=True)
class Override:
    """An ``overrides:`` entry: settings for the journeys matching its globs (relative to its file's folder)."""

    base: Path
    globs: tuple[str, ...]
    settings: Mapping[str, Any]
    label: str

    def matches(self, journey_file: str) -> bool:
        import fnmatch
        import os

        absolute = Path(os.path.abspath(journey_file))
        try:
            relative = absolute.relative_to(self.base).as_posix()
        except ValueError:
            return False
        return any(fnmatch.fnmatchcase(relative, glob) or fnmatch.fnmatchcase(absolute.name, glob)
                   for glob in self.globs)


@dataclass(frozen=True)
class ProfileChain:
    """A profile file merged with what it extends, parent first, and every override along the chain."""

    data: Mapping[str, Any]
    overrides: tuple[Override, ...]
    files: tuple[str, ...]


def merged(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """``child`` over ``parent``: mappings merge key by key (recursively), anything else is replaced."""
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def load_chain(path: str, seen: tuple[str, ...] = ()) -> ProfileChain:
    """``path`` with everything it ``extends`` merged under it; a cycle or a missing parent is located."""
    import os

    data = _read_profile_data(path)
    here = Path(os.path.abspath(path)).parent
    parents = data.get("extends") or []
    parents = [parents] if isinstance(parents, str) else list(parents)
    base: dict[str, Any] = {}
    overrides: list[Override] = []
    files: list[str] = []
    for position, parent in enumerate(parents):
        if parent in PRESETS:
            base = merged(base, PRESETS[parent])
            files.append(parent)
            continue
        target = os.path.normpath(here / parent)
        if target in seen or os.path.abspath(path) == target:
            raise ProfileError([Problem(path, 1, 1, "extends", f"profile {parent!r} extends itself (a cycle)",
                                        path=("extends", position) if len(parents) > 1 else ("extends",))])
        if not os.path.isfile(target):
            raise ProfileError([Problem(path, 1, 1, "extends", f"extends {parent!r}: no such file ({target}) and "
                                        f"no built-in preset (presets: {', '.join(PRESETS)})")])
        chain = load_chain(target, (*seen, os.path.abspath(path)))
        base = merged(base, chain.data)
        overrides += chain.overrides
        files += chain.files
    own = {key: value for key, value in data.items() if key not in ("extends", "overrides", "$schema")}
    for index, entry in enumerate(data.get("overrides") or []):
        settings = {key: value for key, value in entry.items() if key != "files"}
        overrides.append(Override(here, tuple(entry["files"]), settings, f"{path} overrides[{index}]"))
    return ProfileChain(merged(base, own), tuple(overrides), (*files, path))


def profile_for_journey(chain: ProfileChain, journey_file: str, source: str) -> Profile:
    """The profile of one journey: the chain, then every override whose globs match it, in order."""
    data, sources = chain.data, list(chain.files)
    for override in chain.overrides:
        if override.matches(journey_file):
            data = merged(data, override.settings)
            sources.append(override.label)
    return Profile.from_mapping(data, source, tuple(sources))


def _pyproject_section(path: str) -> tuple[dict | None, list[Problem]]:
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            return None, []
    from .source import DecodeError, decode, read_bytes
    from .validate import check_document
    from .yamlsafe import SourceMap

    try:
        text = decode(read_bytes(path, MAX_CONFIG_BYTES, "profiles"))
    except DecodeError as exc:
        return None, [Problem(path, exc.line, exc.column, "encoding", exc.message)]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem(path, getattr(exc, "lineno", 1) or 1, getattr(exc, "colno", 1) or 1, "toml",
                              f"invalid TOML: {exc}")]
    except RecursionError:
        return None, [Problem(path, 1, 1, "toml", "invalid TOML: nested too deeply to read")]
    except ValueError as exc:  # a number longer than Python reads (over 4,300 digits)
        return None, [Problem(path, 1, 1, "toml", f"invalid TOML: {exc}".split(";")[0])]
    data = document.get("tool", {}).get("tpscore")
    if data is None:
        return None, []
    header = next((i for i, line in enumerate(text.splitlines(), 1) if line.strip().startswith("[tool.tpscore")), 1)
    problems = check_document(data, path, SourceMap(None), schema="config")
    return data, [Problem(p.file, header, 1, p.kind, p.message, p.path, p.found, p.expected, p.hint)
                  for p in problems]


#: A folder holding one of these is a project root: discovery never looks above it.
PROJECT_MARKERS = (".git", "pyproject.toml")


def find_profile_file(start: str) -> str | None:
    """Nearest ``.tpscore.yaml``/``.yml`` or pyproject.toml with [tool.tpscore], from ``start`` upwards to
    the project root (the nearest folder holding ``.git`` or ``pyproject.toml``, as ruff does). Outside
    any project only ``start``'s own folder counts: a profile left in a shared temporary or home folder
    must not silently change how a journey is judged."""
    folder = Path(start).resolve()
    if not folder.is_dir():
        folder = folder.parent
    chain = (folder, *folder.parents)
    root = next((d for d in chain if any((d / marker).exists() for marker in PROJECT_MARKERS)), None)
    for directory in chain[: chain.index(root) + 1] if root is not None else chain[:1]:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return str(candidate)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tpscore_table(pyproject):
            return str(pyproject)
    return None


def _has_tpscore_table(pyproject: Path) -> bool:
    try:
        with pyproject.open("rb") as handle:
            head = handle.read(MAX_CONFIG_BYTES)
    except OSError:
        return False
    return _TOOL_TABLE.search(head) is not None


# A table header at the start of a line; a comment or a string that mentions the table does not count.
_TOOL_TABLE = re.compile(rb"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*tpscore[ \t]*[\].]", re.MULTILINE)


def resolve_profile(config: str | None, journey_file: str) -> Profile:
    """The profile for one journey: explicit ``config``, else discovered, else defaults; with what the file
    extends and the overrides that match the journey."""
    path = config or find_profile_file(journey_file if journey_file not in ("-", "<stdin>") else ".")
    if not path:
        return default_profile()
    return profile_for_journey(_cached_chain(path), journey_file, path)


def _cached_chain(path: str) -> ProfileChain:
    """Each profile file is read once per run; the key is the file itself (a relative name means another
    file after a change of folder, and an edited file is read again)."""
    import os

    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return load_chain(path)  # says why it cannot be read
    return _load_once(path, (os.path.abspath(path), status.st_ino, status.st_mtime_ns, status.st_size))


@lru_cache(maxsize=64)
def _load_once(path: str, identity: tuple) -> ProfileChain:
    return load_chain(path)
