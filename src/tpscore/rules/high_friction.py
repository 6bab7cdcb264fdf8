"""Touchpoint over the friction threshold

## What it finds
Any touchpoint whose friction is above `thresholds.touchpoint` (default 70: broken).

## Why it matters
An outstanding performance at one touchpoint can be negated by a calamity at another, and
customers are rarely fed up with one call but with the sum of them. The touchpoints with the most
friction are the handles for improvement.

## Example
```yaml
  - id: scheduling
    name: Scheduling call
    stage: schedule
    effort: 4
    frictions:
      - {kind: wait, severity: 4, note: On hold for 25 minutes}
      - {kind: repeat-info, severity: 3}
```

## Fix
Work through its frictions one by one, highest severity first; lower the effort it asks.
"""

from . import Hit

CODE = "TP011"
NAME = "high-friction"
SEVERITY = "warning"
SUMMARY = "A touchpoint is over the friction threshold"
OPTIONS = {  # profile key → JSON Schema (docgen writes it into schemas/config.schema.json)
    "thresholds.touchpoint": {
        "type": "number", "minimum": 0, "maximum": 100, "default": 70,
        "description": "any touchpoint above this friction (default: broken).",
    },
}


def check(analysis):
    limit = analysis.profile.thresholds["touchpoint"]
    for i, figures in enumerate(analysis.figures):
        if figures.friction > limit:
            worst = max(figures.touchpoint.frictions, key=lambda f: f.severity, default=None)
            detail = f"; worst: {worst.kind} (severity {worst.severity})" if worst else ""
            yield Hit(f"touchpoint '{figures.touchpoint.id}' has friction {figures.friction:.0f} "
                      f"(above {limit:g}){detail}", path=("touchpoints", i), touchpoint=i)

