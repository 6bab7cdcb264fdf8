"""Shared fixtures. Keep this small: other test modules add their own helpers locally."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Union

import pytest

from tpscore.problems import Problem
from tpscore.source import Source
from tpscore.validate import validate_source

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


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """``write(text_or_bytes, name="journey.yaml")`` creates a file under tmp_path (sub-folders too)."""

    def _write(content: Union[str, bytes], name: str = "journey.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        return path

    return _write


@pytest.fixture
def check() -> Callable[[str], list[Problem]]:
    """``check(text)`` validates YAML text in memory (file name ``j.yaml``) and returns its problems."""

    def _check(text: str) -> list[Problem]:
        return validate_source(Source("j.yaml", text)).problems

    return _check


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch):
    """Tests see the same default output wherever they run (the audit default adds annotations there)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
