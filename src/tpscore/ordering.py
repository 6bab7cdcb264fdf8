"""Orderings that the report's verdict and every renderer share, so no two outputs disagree."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def _report_cost(touchpoint: Any) -> float:
    return touchpoint["cost"]


def costliest(touchpoints: Iterable[T], limit: int | None = None,
              cost: Callable[[T], float] = _report_cost) -> list[T]:
    """The touchpoints that cost something (friction × effective weight above 0), costliest first; equal
    costs keep the order the customer meets them. ``cost`` reads a report touchpoint's ``cost`` by default."""
    return sorted((t for t in touchpoints if cost(t) > 0), key=lambda t: -cost(t))[:limit]
