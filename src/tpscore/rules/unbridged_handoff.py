"""Silo hand-off without a bridge

## What it finds
A step of the flow where the owner changes (from one team or silo to another) and the receiving
touchpoint has friction, with no `bridge: true` touchpoint on either side.

## Why it matters
Customers see one company; companies are organised in silos. When the customer moves from one
silo to the next they briefly belong to nobody, and that vacuum is where touchpoints go missing:
nobody says who takes over, information is asked again, the wait starts over.

## Example
```yaml
  - {id: contract, name: Contract signed, stage: buy, owner: sales}
  - id: kickoff
    name: Kick-off call
    stage: onboard
    owner: delivery
    frictions: [{kind: repeat-info, severity: 3}]
```

## Fix
Add a bridging touchpoint (a welcome call that names the person who takes over) and mark it
`bridge: true`, or remove the friction the hand-off causes.
"""

from . import Hit

CODE = "TP002"
NAME = "unbridged-handoff"
SEVERITY = "warning"
SUMMARY = "An owner change lands on friction with no bridge"


def check(analysis):
    tps = analysis.journey.touchpoints
    for i, j in analysis.unbridged:
        source, target = tps[i], tps[j]
        kinds = ", ".join(sorted({f.kind for f in target.frictions}))
        yield Hit(f"hand-off from {source.owner} ('{source.id}') to {target.owner} ('{target.id}') has no bridge "
                  f"and the customer meets friction ({kinds})", path=("touchpoints", j), touchpoint=j,
                  stage=target.stage)

