"""Feedback with no touchpoint to answer it

## What it finds
Negative feedback (sentiment below 0) that nothing in the journey answers: it is marked
`status: open`, or it is about a stage with no touchpoint, or no touchpoint after what it is about
on the customer's route resolves it (a `recovery` touchpoint or a follow-up). Feedback marked
`status: answered` is answered.

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
Add a touchpoint that answers the feedback (here: a "you won" message on auction day), or a
recovery after the touchpoint customers complain about; mark it `status: answered` once someone has.
"""

from . import Hit

CODE = "TP009"
NAME = "unanswered-feedback"
SEVERITY = "error"
SUMMARY = "Customers complain and nothing in the journey answers them"


def check(analysis):
    covered = {tp.stage for tp in analysis.journey.touchpoints}
    for index in analysis.unanswered_feedback:
        item = analysis.journey.feedback[index]
        people = f"{item.count} customers say" if item.count != 1 else "a customer says"
        text = item.text if len(item.text) <= 80 else item.text[:79] + "…"
        about = f"touchpoint '{item.touchpoint}'" if item.touchpoint else f"stage '{item.stage}'"
        if item.status == "open":
            why = "it is marked open"
        elif item.stage is not None and item.stage not in covered:
            why = "which has no touchpoint"
        else:
            why = "and no recovery or follow-up comes after it on the customer's route"
        yield Hit(f"{people} \"{text}\" about {about}, {why}", path=("feedback", index), stage=item.stage)
