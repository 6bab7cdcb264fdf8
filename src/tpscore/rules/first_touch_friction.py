"""Friction at the first touchpoint

## What it finds
The first touchpoint (the start of the happy path, or one declared `first`) with friction above
`thresholds.first` (default 25).

## Why it matters
A first impression is a lasting impression: it sets what the customer expects of everything that
follows, and there is no second chance to make it.

## Example
```yaml
  - id: enquiry
    name: Web enquiry form
    stage: discover
    moments: [first]
    frictions: [{kind: wait, severity: 3, note: No reply for three days}]
```

## Fix
Make the first contact fast and warm: an immediate acknowledgement, a named person, a clear next step.
"""

from . import Hit

CODE = "TP007"
NAME = "first-touch-friction"
SEVERITY = "warning"
SUMMARY = "The first touchpoint has high friction"


def check(analysis):
    limit = analysis.profile.thresholds["first"]
    for i, figures in enumerate(analysis.figures):
        if "first" in figures.moments and figures.friction > limit:
            yield Hit(f"first touchpoint '{figures.touchpoint.id}' has friction {figures.friction:.0f} "
                      f"(above {limit:g}); first impressions set expectations", path=("touchpoints", i),
                      touchpoint=i)

