"""No unhappy path

## What it finds
A journey whose touchpoints are all on the happy path: no return, complaint, cancellation,
closure or recovery is designed.

## Why it matters
Most journey maps follow one satisfied customer to the purchase. A dissatisfied customer tells
many others (9 to 15 people, by a figure the White House Office of Consumer Affairs is credited
with), so how you handle what goes wrong shapes your reputation as much as the sale does.

## Example
```yaml
touchpoints:
  - {id: browse, name: Browse the shop, stage: browse}
  - {id: buy, name: Checkout, stage: buy}
```

## Fix
Add the touchpoints of what happens when it goes wrong (`path: unhappy`) and how you win the
customer back (`path: recovery`): a return, a complaint call, an apology with a remedy.
"""

from . import Hit

CODE = "TP003"
NAME = "no-unhappy-path"
SEVERITY = "warning"
SUMMARY = "Only the happy path is designed"


def check(analysis):
    if not any(tp.path != "happy" for tp in analysis.journey.touchpoints):
        yield Hit("every touchpoint is on the happy path; no return, complaint or closure is designed",
                  path=("touchpoints",))

