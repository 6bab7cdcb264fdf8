"""Unreachable touchpoint or dead end

## What it finds
A touchpoint the customer cannot reach from the start of the journey (nothing leads to it and it
does not start an unhappy or recovery path), or a dead end: a touchpoint with `next: []` while
its path goes on after it.

## Why it matters
The journey is a path the customer walks. A touchpoint nobody can reach is designed for nobody; a
dead end drops the customer mid-way, with nothing telling them what happens next.

## Example
```yaml
  - {id: quote, name: Quote, stage: quote, next: [visit]}
  - {id: call, name: Scheduling call, stage: schedule}   # skipped: unreachable
  - {id: visit, name: Visit, stage: visit}
```

## Fix
Point a `next` at the touchpoint, or remove it; give a dead end a `next`, or mark it as a real
end with `moments: [last]`.
"""

from . import Hit

CODE = "TP010"
NAME = "unreachable-or-dead-end"
SEVERITY = "error"
SUMMARY = "A touchpoint cannot be reached, or dead-ends before the end"


def check(analysis):
    tps = analysis.journey.touchpoints
    for i in analysis.flow.unreachable:
        yield Hit(f"touchpoint '{tps[i].id}' cannot be reached from the start of the journey",
                  path=("touchpoints", i), touchpoint=i)
    for i in sorted(analysis.flow.dead_ends):
        if "last" not in tps[i].moments:
            yield Hit(f"touchpoint '{tps[i].id}' is a dead end: its {tps[i].path} path goes on after it, but "
                      "`next: []` stops the customer here; point `next` at what follows or mark it "
                      "`moments: [last]`",
                      path=("touchpoints", i, "next") if tps[i].next is not None else ("touchpoints", i),
                      touchpoint=i)

