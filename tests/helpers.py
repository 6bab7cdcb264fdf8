"""Small journeys as YAML text, with known line numbers, for the rule, audit and profile tests.

``shop()`` writes a five-touchpoint journey that triggers no rule; each keyword adds attributes to
one touchpoint, so a test shows only what it changes. Line numbers: 5 ``stages``, touchpoint ``k``
(0-based, in the order of ``SHOP``) on line ``7 + k``, then ``feedback:`` and one item a line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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
