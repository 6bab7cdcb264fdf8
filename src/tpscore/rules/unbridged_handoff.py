"""Silo hand-off without a bridge

## What it finds
A step of the flow where the owner changes (from one team or silo to another) and the receiving
touchpoint is not smooth (friction 20 or more after evidence), with no explained bridge on either
side; a touchpoint whose `bridge` is a bare `true` or a placeholder such as `tbd`, `n/a` or
`no bridge` (an unexplained bridge: it bridges nothing until it says what does); and a touchpoint
with no `owner` (ownership unknown).

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
Add a bridging touchpoint (a welcome call that names the person who takes over) and say so:
`bridge: Welcome call naming the installer`, or `bridge: welcome-call` (the bridging touchpoint's
id) on the receiving touchpoint; or remove the friction the hand-off causes. Give every touchpoint
an `owner`.
"""

from . import Hit

CODE = "TP002"
NAME = "unbridged-handoff"
SEVERITY = "warning"
SUMMARY = "An owner change lands on friction with no bridge, or ownership is unknown"


def check(analysis):
    tps = analysis.journey.touchpoints
    for i, j in analysis.unbridged:
        source, target = tps[i], tps[j]
        kinds = ", ".join(sorted({f.kind for f in target.frictions})) or "measured"
        yield Hit(f"hand-off from {source.owner} ('{source.id}') to {target.owner} ('{target.id}') has no bridge "
                  f"and the customer meets friction ({kinds})", path=("touchpoints", j), touchpoint=j,
                  stage=target.stage)
    for i in analysis.unexplained_bridges:
        said = "true" if tps[i].bridge is True else repr(tps[i].bridge)
        yield Hit(f"touchpoint '{tps[i].id}' says `bridge: {said}` without saying what bridges the hand-off; "
                  "describe it or name the bridging touchpoint's id", path=("touchpoints", i),
                  touchpoint=i)
    for i in analysis.ownerless:
        yield Hit(f"touchpoint '{tps[i].id}' has no owner: ownership unknown, so nobody answers for the "
                  "hand-offs around it", path=("touchpoints", i), touchpoint=i)
