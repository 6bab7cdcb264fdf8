"""Painful touchpoint counted less than once

## What it finds
A touchpoint whose friction is painful or worse (45 or more after evidence) with a `weight` below 1:
it counts for less than one meeting in the journey's friction, so the journey score hides what its
customers go through.

## Why it matters
`weight` says how many times a customer meets a touchpoint (2: like meeting it twice). How many
customers meet it comes from the routes and `metrics.volume`, and what matters most to fix from
the first, last and emotional moments. A weight of 0.001 on a 40-minute hold with CSAT 2.0 takes it
out of the journey friction and out of the fixes worth making, while its customers still wait: a
score that can be lowered by typing a small number is not one a CX team can act on.

## Example
```yaml
  - id: hold
    name: Hold queue
    stage: support
    weight: 0.001
    metrics: {csat: 2.0, volume: 1200}
```

## Fix
Give it `weight: 1` (or more when customers meet it repeatedly) and fix its frictions. If few
customers meet it, say so with `metrics.volume` or a branch in `next`, not with the weight.
"""

from ..scoring import BANDS
from . import Hit

CODE = "TP014"
NAME = "discounted-friction"
SEVERITY = "warning"
SUMMARY = "A painful touchpoint counts less than once (weight below 1)"

_PAINFUL = dict(BANDS)["painful"]


def check(analysis):
    for i, figures in enumerate(analysis.figures):
        tp = figures.touchpoint
        if tp.weight < 1 and figures.friction >= _PAINFUL:
            yield Hit(f"touchpoint '{tp.id}' has friction {figures.friction:.0f} ({figures.band}) but counts only "
                      f"{tp.weight:g} times (weight {tp.weight:g}): the journey friction hides it; weight is how "
                      "often a customer meets it, not how much it matters", path=("touchpoints", i, "weight"),
                      touchpoint=i, stage=tp.stage)
