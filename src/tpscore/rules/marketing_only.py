"""Marketing-only journey

## What it finds
A journey where nobody serves the customer after the sale: no touchpoint after the sale stage, or
only touchpoints owned by marketing or sales that do no service work (delivery, support, invoice,
returns, follow-up). Judged by who owns the touchpoints and what they do, not by stage names: a
funnel named awareness, consideration, conversion and owned by marketing is marketing-only. The
sale stage is `journey.sale`, or the first stage named like a sale (buy, purchase, checkout,
order, sign, book, win, open...).

## Why it matters
Organisations pour money into attracting customers, yet selling to an existing customer is far
more likely than selling to a new prospect (60-70% against 5-20%, per Marketing Metrics). The
relationship starts at the purchase: delivery, invoice, support and follow-up are touchpoints too.

## Example
```yaml
journey:
  stages: [discover, compare, buy]
```

## Fix
Add the stages and touchpoints after the sale: delivery, first use, invoice, support, follow-up.
"""

from . import Hit, failed_check

CODE = "TP004"
NAME = "marketing-only"
SEVERITY = "error"
SUMMARY = "Nothing happens after the sale"


def check(analysis):
    if failed_check(analysis, "post_sale"):
        sale = analysis.sale_stage
        where = f"after the sale stage '{sale}'" if sale else "after the sale (no sale stage found)"
        yield Hit(f"nobody but marketing and sales meets the customer {where}; the journey stops at the purchase",
                  path=("journey", "stages"))

