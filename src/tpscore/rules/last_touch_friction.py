"""Friction at the last touchpoint

## What it finds
A touchpoint where a customer's route ends (found on the `next` graph: a touchpoint with nothing
after it but loops back, such as the end of the purchase, a return or an account closure; an
unhappy touchpoint that leads into a recovery is not an end), or one declared `last`, whose
friction after evidence is above `thresholds.last` (default 45: painful or worse).

## Why it matters
A last impression is a first memory. By the peak-end rule people judge an experience largely by
its most intense moment and its end, so a grumpy register, a bureaucratic invoice or a painful
account closure colours everything before it, and departing customers are the most ready to tell
others.

## Example
```yaml
  - id: closure
    name: Account closure form
    stage: close
    effort: 5
    emotion: -2
    frictions: [{kind: paperwork, severity: 4}]
```

## Fix
Make the end easy: fewer steps, no retention pressure, a clear confirmation, a thank-you.
"""

from . import over_threshold

CODE = "TP006"
NAME = "last-touch-friction"
SEVERITY = "error"
SUMMARY = "A last touchpoint has high friction"
OPTIONS = {  # profile key → JSON Schema (docgen writes it into schemas/config.schema.json)
    "thresholds.last": {
        "type": "number", "minimum": 0, "maximum": 100, "default": 45,
        "description": "friction allowed where a customer's route ends (default: up to noticeable).",
    },
}


def check(analysis):
    return over_threshold(analysis, "last", "last", "this is what customers remember")
