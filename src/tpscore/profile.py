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
    required_stages: tuple[str, ...] = ()
    fill_missing_metrics: bool = False
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    source: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None = None, source: str | None = None) -> Profile:
        """A profile from a validated config mapping (missing keys take the schema defaults)."""
        data = data or {}
        rules = data.get("rules", {})
        select = rules.get("select")
        return cls(
            moments=_section("moments", data), friction=_section("friction", data),
            thresholds=_section("thresholds", data), coverage=_section("coverage", data),
            fixed=_section("fixed", data),
            required_stages=tuple(data.get("required_stages", ())),
            fill_missing_metrics=bool(data.get("metrics", {}).get("fill_missing", False)),
            select=tuple(select) if select is not None else None, ignore=tuple(rules.get("ignore", ())),
            severity=MappingProxyType(dict(rules.get("severity", {}))), source=source,
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
            "moments": dict(self.moments),
            "friction": dict(self.friction),
            "thresholds": dict(self.thresholds),
            "coverage": dict(self.coverage),
            "fixed": dict(self.fixed),
            "required_stages": list(self.required_stages),
            "metrics": {"fill_missing": self.fill_missing_metrics},
            "rules": {"select": None if self.select is None else list(self.select), "ignore": list(self.ignore),
                      "severity": dict(self.severity)},
        }


DEFAULT_PROFILE_SOURCE = "built-in defaults"


def default_profile() -> Profile:
    return Profile.from_mapping({}, DEFAULT_PROFILE_SOURCE)


def load_profile_file(path: str) -> Profile:
    """Load and validate a ``.tpscore.yaml`` or a ``pyproject.toml`` ([tool.tpscore])."""
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
    return Profile.from_mapping(data, path)


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
    """The profile for one journey: explicit ``config``, else discovered, else defaults."""
    if config:
        return _cached_profile(config)
    found = find_profile_file(journey_file if journey_file not in ("-", "<stdin>") else ".")
    return _cached_profile(found) if found else default_profile()


def _cached_profile(path: str) -> Profile:
    """Each profile file is read once per run; the key is the file itself (a relative name means another
    file after a change of folder, and an edited file is read again)."""
    import os

    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return load_profile_file(path)  # says why it cannot be read
    return _load_once(path, (os.path.abspath(path), status.st_ino, status.st_mtime_ns, status.st_size))


@lru_cache(maxsize=64)
def _load_once(path: str, identity: tuple) -> Profile:
    return load_profile_file(path)
