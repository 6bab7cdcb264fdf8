"""Emotional moment at risk

## What it finds
A touchpoint declared `emotional` that has friction above `thresholds.emotional` (default 45: painful or worse), or
that has no `owner`.

## Why it matters
Opening a bank account, buying a car, losing a child in a theme park: emotionally charged moments
are where care is noticed most and where indifference hurts most. Such a moment needs an owner who
eases the fear or shares the celebration, and it must not be the place where friction piles up.

## Example
```yaml
  - id: approval
    name: Mortgage decision
    stage: decide
    moments: [emotional]
    frictions: [{kind: wait, severity: 4}]
```

## Fix
Give the moment an owner, remove its friction, and consider a touchpoint that reassures the
customer while they wait.
"""

from . import Hit

CODE = "TP008"
NAME = "emotional-moment-at-risk"
SEVERITY = "warning"
SUMMARY = "An emotional moment has high friction or no owner"
OPTIONS = {  # profile key → JSON Schema (docgen writes it into schemas/config.schema.json)
    "thresholds.emotional": {
        "type": "number", "minimum": 0, "maximum": 100, "default": 45,
        "description": "friction allowed at an emotional moment (default: up to noticeable).",
    },
}


def check(analysis):
    limit = analysis.profile.thresholds["emotional"]
    for i, figures in enumerate(analysis.figures):
        tp = figures.touchpoint
        if "emotional" not in figures.moments:
            continue
        reasons = []
        if figures.friction > limit:
            reasons.append(f"friction {figures.friction:.0f} (above {limit:g})")
        if not tp.owner:
            reasons.append("no owner")
        if reasons:
            yield Hit(f"emotional moment '{tp.id}' has {' and '.join(reasons)}", path=("touchpoints", i), touchpoint=i)

