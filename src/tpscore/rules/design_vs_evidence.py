"""Design and evidence disagree

## What it finds
A touchpoint whose design estimate (from its frictions, effort and emotion) and the friction its
evidence gives (measured csat, ces, nps, drop_off; and negative feedback once there is enough of
it) are at least `thresholds.disagreement` points apart (default 30), in either direction. The
message names both numbers and the readings behind the evidence.

## Why it matters
Believing you deliver good service is not enough: believe what customers tell you. A touchpoint
designed as smooth that customers rate 2 out of 5 is a blind spot in the map; one designed as
painful that customers find easy is a map out of date. Either way the score now follows the
evidence, and the map should too.

## Example
```yaml
  - id: checkout
    name: Online checkout
    stage: buy
    effort: 1
    metrics: {csat: 2.1, ces: 5.9, drop_off: 0.46}
```

## Fix
Walk the touchpoint as a customer (a secret shopper, call recordings), write down the frictions
customers actually meet, and fix them; or, if the design is right and the data is stale, measure again.
"""

from . import Hit

CODE = "TP012"
NAME = "design-evidence-disagreement"
SEVERITY = "warning"
SUMMARY = "The design estimate and the evidence disagree about a touchpoint"
OPTIONS = {  # profile key → JSON Schema (docgen writes it into schemas/config.schema.json)
    "thresholds.disagreement": {
        "type": "number", "minimum": 0, "maximum": 100, "default": 30,
        "description": "friction points between the design estimate and the evidence at which a touchpoint is "
                       "reported.",
    },
}


def check(analysis):
    limit = analysis.profile.thresholds["disagreement"]
    for i, figures in enumerate(analysis.figures):
        evidence = figures.evidence
        observed = evidence.evidence_friction
        if observed is None or abs(observed - evidence.design_friction) < limit:
            continue
        said = [f"{r.name} {r.value:g}" for r in evidence.readings]
        if evidence.mentions:
            said.append(f"{evidence.mentions:g} negative feedback mentions")
        direction = "customers find it worse" if observed > evidence.design_friction else "customers find it easier"
        yield Hit(f"touchpoint '{figures.touchpoint.id}' is designed at friction {evidence.design_friction:.0f} "
                  f"but its evidence says {observed:.0f} ({', '.join(said)}): {direction} than designed",
                  path=("touchpoints", i), touchpoint=i)
