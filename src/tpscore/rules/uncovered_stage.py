"""Uncovered stage

## What it finds
A stage listed in `journey.stages` (or required by the profile's `required_stages`) that no
touchpoint belongs to.

## Why it matters
A stage with no touchpoint is a moment where the customer is on their own: nobody designed what
they meet there, so nobody measures or improves it. The absentee bidder who only learns of the win
from the invoice fell into such a gap; adding one touchpoint at that moment fixed the scores.

## Example
```yaml
journey:
  stages: [bid, win, invoice]
touchpoints:
  - {id: bid-form, name: Absentee bid form, stage: bid}
  - {id: invoice, name: Invoice, stage: invoice}
```

## Fix
Add a touchpoint for the stage (a "you won" call or email), or remove the stage if the customer
really never passes through it.
"""

from . import Hit

CODE = "TP001"
NAME = "uncovered-stage"
SEVERITY = "error"
SUMMARY = "A stage has no touchpoint"


def check(analysis):
    stages = analysis.journey.stages
    for stage in analysis.uncovered_stages:
        if stage in stages:
            path = ("journey", "stages", stages.index(stage))
            yield Hit(f"stage '{stage}' has no touchpoint", path=path, stage=stage)
        else:
            yield Hit(f"required stage '{stage}' is missing from journey.stages and has no touchpoint",
                      path=("journey", "stages"), stage=stage)

