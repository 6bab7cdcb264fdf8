"""Linear journey

## What it finds
A journey that neither loops (a `next` that leads back to a touchpoint already on the customer's
route: renewal, repeat purchase, referral) nor re-engages after the sale (a touchpoint after the
sale whose id, name or description is a follow-up, survey, review, loyalty or renewal). A stage
merely *named* `renew` does not make a journey circular.

## Why it matters
A customer journey does not end at the purchase; it should be circular, turning a buyer into a
returning customer. A journey drawn as a straight line has nowhere to bring the customer back.

## Example
```yaml
touchpoints:
  - {id: order, name: Order, stage: buy}
  - {id: deliver, name: Delivery, stage: deliver}
```

## Fix
Add a follow-up touchpoint, and point the last touchpoint back to where a returning customer
re-enters (`next: [order]`).
"""

from . import Hit, failed_check

CODE = "TP005"
NAME = "linear-journey"
SEVERITY = "warning"
SUMMARY = "No loop back and no follow-up"


def check(analysis):
    if failed_check(analysis, "circular"):
        final = analysis.end
        yield Hit("the journey has no loop back and no follow-up; it ends at "
                  f"'{analysis.journey.touchpoints[final].id}'", path=("touchpoints", final), touchpoint=final)

