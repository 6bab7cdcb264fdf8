"""Friction at the first touchpoint

## What it finds
The first touchpoint (the start of the happy path, or one declared `first`) with friction above
`thresholds.first` (default 45: painful or worse).

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

from . import over_threshold

CODE = "TP007"
NAME = "first-touch-friction"
SEVERITY = "warning"
SUMMARY = "The first touchpoint has high friction"
OPTIONS = {  # profile key → JSON Schema (docgen writes it into schemas/config.schema.json)
    "thresholds.first": {
        "type": "number", "minimum": 0, "maximum": 100, "default": 45,
        "description": "friction allowed at the first touchpoint (default: up to noticeable).",
    },
}


def check(analysis):
    return over_threshold(analysis, "first", "first", "first impressions set expectations")
