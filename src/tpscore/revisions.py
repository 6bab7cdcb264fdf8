"""Resolve an argument of ``diff`` or ``trend`` to a report dictionary.

An argument is a journey file (validated and scored with its discovered profile), a JSON report written by
``tpscore audit --format json``, or ``REV:path``: the file as it was in a git revision, read with
``git show``. A path that exists on disk always wins over ``REV:path`` parsing. Git runs as a subprocess
with a list of arguments (no shell) from the file's own repository.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from functools import lru_cache
from pathlib import Path

from .problems import Problem, json_path
from .profile import ProfileError
from .source import DecodeError, InputError, Source, decode, read_source
from .trend import Version

REPORT_FORMAT = "tpscore-report"
#: Report versions diff and trend read: 1 (before routes and evidence) and 2.
READABLE_VERSIONS = (1, 2)


class LoadError(Exception):
    """The argument cannot be turned into a report (git, or a report we cannot read): exit code 2."""


class InvalidJourney(Exception):
    """The journey text has problems (exit code 1, like ``validate``); ``problems`` lists them."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        self.name = name
        self.problems = problems
        super().__init__(f"{name}: invalid journey ({len(problems)} problem{'s' * (len(problems) != 1)})")


#: What loading a journey version may raise (a command reports each and chooses the exit code).
LOAD_ERRORS = (InputError, LoadError, InvalidJourney, ProfileError)


def load_report(arg: str, config: str | None = None) -> dict:
    """The report for one argument (see the module docstring)."""
    return load_version(arg, config).report


def load_version(arg: str, config: str | None = None) -> Version:
    """The report for one argument, with where it came from and its date."""
    if arg == "-" or os.path.exists(arg):
        return _from_file(arg, config)
    rev, sep, path = arg.partition(":")
    if sep and rev and path:
        return from_revision(rev, path, config)
    return _from_file(arg, config)  # raises InputError: no such file


def _from_file(name: str, config: str | None) -> Version:
    try:
        source = read_source(name)
    except DecodeError as exc:
        raise _decode_problem(name, exc) from None
    # No date for a plain file: its modification time changes with a fresh clone or a `touch`.
    return Version(report_from_text(source.text, source.name, name, config), source.name)


def _decode_problem(name: str, exc: DecodeError) -> InvalidJourney:
    return InvalidJourney(name, [Problem(name, exc.line, exc.column, "encoding", exc.message)])


def report_from_text(text: str, name: str, profile_from: str, config: str | None = None) -> dict:
    """A JSON report read back as it is, or a journey validated and scored. ``profile_from`` is the
    path the profile is discovered from (the working-tree path for a git revision)."""
    from .profile import resolve_profile
    from .report import build_report
    from .validate import validate_source

    report = parse_report(text, name)
    if report is not None:
        return report
    result = validate_source(Source(name, text))
    if result.journey is None:
        raise InvalidJourney(name, result.problems)
    return build_report(result.journey, resolve_profile(config, profile_from)).to_dict()


def parse_report(text: str, name: str) -> dict | None:
    """The report when ``text`` is a JSON report (``"format": "tpscore-report"``), else None."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None  # not JSON after all, too deep or a too long number: validation will say where
    if not isinstance(data, dict) or "format" not in data:
        return None  # a journey written in JSON
    kind = data["format"]
    if kind == "tpscore-reports":
        count = len(data.get("reports") or [])
        raise LoadError(f"{name}: a report of {count} journeys (audit over several files); diff and trend read one "
                        "journey: write it with `tpscore audit FILE --format json` for a single FILE")
    if kind != REPORT_FORMAT:
        raise LoadError(f"{name}: not a tpscore report (format {kind!r}, expected {REPORT_FORMAT!r})")
    if data.get("format_version") not in READABLE_VERSIONS:
        raise LoadError(f"{name}: report format version {data.get('format_version')!r}; this tpscore reads "
                        + " and ".join(str(v) for v in READABLE_VERSIONS))
    issues = _report_checker().check(data)
    if issues:
        detail = "; ".join(f"{json_path(i.path)}: {i.message}" for i in issues[:3])
        raise LoadError(f"{name}: not a valid tpscore report: {detail}")
    return data


@lru_cache(maxsize=1)
def _report_checker():
    from .schemacheck import SchemaChecker
    from .schemas import load_schema

    schema = load_schema("report")
    return SchemaChecker({"$defs": schema["$defs"], **schema["$defs"]["report"]})


# -- git ---------------------------------------------------------------------------------------------------


class GitFailed(Exception):
    """A git command failed; ``args[0]`` is the last line of what it said."""


def git(cwd: Path, *args: str) -> bytes:
    """Run git in ``cwd``; its standard output, or :class:`GitFailed` with its message."""
    try:
        done = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise LoadError("git is not installed (needed for REV:path, --since and --git)") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailed(said[-1] if said else f"git exited with {done.returncode}")
    return done.stdout


def locate(path: str) -> tuple[Path, str]:
    """The repository top of ``path`` and the path relative to it (``/``-separated). ``path`` need not exist."""
    absolute = Path(os.path.abspath(path))
    folder = absolute.parent
    while not folder.is_dir():
        folder = folder.parent
    try:
        top = Path(git(folder, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    except GitFailed:
        raise LoadError(f"{path}: not in a git repository ({folder})") from None
    try:
        rel = (folder.resolve() / absolute.relative_to(folder)).relative_to(top)
    except ValueError:
        raise LoadError(f"{path}: outside the git repository {top}") from None
    return top, rel.as_posix()


def resolve_commit(top: Path, rev: str) -> str:
    """The full commit id of ``rev``, or LoadError when the revision does not exist."""
    if rev.startswith("-"):
        raise LoadError(f"{rev}: a revision cannot start with '-'")
    try:
        return git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except GitFailed:
        shallow = f"; {SHALLOW_HINT}" if is_shallow(top) else ""
        raise LoadError(f"revision {rev!r} does not exist in {top}{shallow}") from None


#: What to do about a shallow clone (actions/checkout fetches one commit unless told otherwise).
SHALLOW_HINT = ("the clone is shallow, so older commits are missing: fetch them with `git fetch --unshallow` "
                "(in GitHub Actions: actions/checkout with `fetch-depth: 0`)")


def is_shallow(top: Path) -> bool:
    """Whether the repository at ``top`` is a shallow clone."""
    try:
        return git(top, "rev-parse", "--is-shallow-repository").strip() == b"true"
    except (GitFailed, LoadError):
        return False


def shallow_warning(path: str) -> str | None:
    """A warning when ``path`` is in a shallow clone: its history there is incomplete."""
    try:
        top, _ = locate(path)
    except LoadError:
        return None
    return f"{path}: only part of the history is here: {SHALLOW_HINT}" if is_shallow(top) else None


def from_revision(rev: str, path: str, config: str | None = None) -> Version:
    """``path`` as it was in revision ``rev`` (a commit, tag or branch; ``HEAD~1`` works)."""
    top, rel = locate(path)
    commit = resolve_commit(top, rev)
    date = git(top, "show", "-s", "--format=%cI", commit).decode().strip()
    name = f"{rev}:{path}"
    if not _in_commit(top, commit, rel) and _in_commit(top, commit, Path(path).as_posix()):
        rel = Path(path).as_posix()  # git's own reading: relative to the top, not to the current folder
    return _version_at(top, commit, rel, name, path, date, config)


def _in_commit(top: Path, commit: str, rel: str) -> bool:
    try:
        git(top, "cat-file", "-e", f"{commit}:{rel}")
    except GitFailed:
        return False
    return True


def _version_at(top: Path, commit: str, rel: str, name: str, profile_from: str, date: str,
                config: str | None) -> Version:
    try:
        data = git(top, "show", "--no-textconv", f"{commit}:{rel}")
    except GitFailed:
        raise LoadError(f"{name}: {rel} is not in that revision ({commit[:12]})") from None
    try:
        text = decode(data)
    except DecodeError as exc:
        raise _decode_problem(name, exc) from None
    return Version(report_from_text(text, name, profile_from, config), name, date, commit)


def history(path: str, config: str | None = None) -> tuple[list[Version], list[str]]:
    """Every commit that changed ``path`` (following renames), oldest first, and a line for each commit
    skipped because the journey was invalid there."""
    if os.path.isdir(path):
        raise LoadError(f"{path}: is a folder; --git follows the history of one journey file")
    top, rel = locate(path)
    try:
        raw = git(top, "log", "-z", "--follow", "--diff-filter=d", "--format=%H%x09%cI", "--name-only", "--", rel)
    except GitFailed as exc:
        raise LoadError(f"{path}: cannot read its history: {exc.args[0]}") from None
    commits = parse_log(raw.decode("utf-8", "surrogateescape"))
    if not commits:
        raise LoadError(f"{path}: no commit in {top} has this file")
    versions, skipped = [], []
    for commit, date, name in reversed(commits):
        try:
            versions.append(_version_at(top, commit, name, f"{commit[:7]}:{name}", path, date, config))
        except (InvalidJourney, LoadError) as exc:  # one bad commit never hides the others
            skipped.append(f"{commit[:7]} ({date[:10]}): {exc}")
    return versions, skipped


_HEADER = re.compile(r"([0-9a-f]{40,64})\t(.+)")


def parse_log(text: str) -> list[tuple[str, str, str]]:
    """``(commit, date, path)`` from ``git log -z --format=%H%x09%cI --name-only``, newest first. A commit
    listed without a path (a merge shows no diff) is left out."""
    out, head = [], None
    for token in text.split("\0"):
        match = _HEADER.fullmatch(token)
        if match:
            head = match.groups()
        elif token.startswith("\n") and head is not None:
            out.append((*head, token[1:]))
            head = None
    return out
