"""Access to the JSON Schemas that define tpscore's formats (shipped inside the wheel)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SCHEMA_NAMES = ("journey", "config", "report", "diff", "trend", "validate")


def schema_dir() -> Path:
    """Folder holding ``*.schema.json``: inside the installed package, else the source checkout."""
    packaged = Path(__file__).with_name("schemas")
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "schemas"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("tpscore's schemas are missing from this installation; reinstall tpscore")


def schema_path(name: str) -> Path:
    return schema_dir() / f"{name}.schema.json"


@cache
def load_schema(name: str) -> dict:
    """The parsed schema ``name`` (journey, config, report or diff)."""
    with schema_path(name).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def checker(name: str):
    """A compiled :class:`~tpscore.schemacheck.SchemaChecker` for schema ``name``, built once."""
    from .schemacheck import SchemaChecker

    return SchemaChecker(load_schema(name))
