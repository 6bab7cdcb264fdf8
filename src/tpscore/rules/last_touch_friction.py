"""Friction at the last touchpoint

## What it finds
A touchpoint that is a last moment (the final touchpoint, the end of the happy path, or the end
of an unhappy or recovery path such as a return or an account closure) whose friction is above
`thresholds.last` (default 25).

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
        "type": "number", "minimum": 0, "maximum": 100, "default": 25,
        "description": "friction allowed at a last touchpoint.",
    },
}


def check(analysis):
    return over_threshold(analysis, "last", "last", "this is what customers remember")
