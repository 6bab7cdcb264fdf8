"""Feedback with no touchpoint to answer it

## What it finds
A feedback item attached to a stage that has no touchpoint.

## Why it matters
Customer feedback is where missing touchpoints hide. An auction house saw its scores drop among
absentee bidders; asking why revealed that nothing told a bidder they had won until the bill
arrived. The complaint pointed straight at the touchpoint that was missing.

## Example
```yaml
feedback:
  - text: I only learned I had won when the invoice arrived
    stage: win
    sentiment: -2
    count: 41
```

## Fix
Add a touchpoint at that stage that answers the feedback (here: a "you won" message on auction day).
"""

from . import Hit

CODE = "TP009"
NAME = "unanswered-feedback"
SEVERITY = "error"
SUMMARY = "Customers talk about a stage that has no touchpoint"


def check(analysis):
    for index in analysis.unanswered_feedback:
        item = analysis.journey.feedback[index]
        people = f"{item.count} customers say" if item.count != 1 else "a customer says"
        text = item.text if len(item.text) <= 80 else item.text[:79] + "…"
        yield Hit(f"{people} \"{text}\" about stage '{item.stage}', which has no touchpoint",
                  path=("feedback", index), stage=item.stage)

