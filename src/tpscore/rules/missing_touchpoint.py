"""Missing touchpoint

## What it finds
A place where the journey most likely lacks a touchpoint: at an emotionally charged moment (a
declared `emotional` moment felt negatively with nothing after it that eases it), or hidden in
customer feedback (a measured metric that drops from one stage to the next). Each finding says
between which touchpoints and why. The report's `suggestions` list holds these and the other two
places missing touchpoints hide, which their own rules already report: between silos (TP002) and
complaints about a stage with no touchpoint (TP001, TP009).

## Why it matters
The missing touchpoint is something you are not doing that would change how customers feel if you
did: a call naming who takes over, a reassurance while a diagnosis sinks in, the "you won" notice
an auction house's absentee bidders never got until the bill arrived.

## Example
```yaml
  - id: diagnosis
    name: Diagnosis consultation
    stage: diagnose
    owner: oncology
    moments: [emotional]
    emotion: -2
    next: [treatment-letter]
  - {id: treatment-letter, name: Treatment plan letter, stage: treat, owner: admin, emotion: -1}
```

## Fix
Add the touchpoint the finding describes, between the touchpoints it names.
"""

from . import Hit

CODE = "TP013"
NAME = "missing-touchpoint"
SEVERITY = "info"
SUMMARY = "A touchpoint is probably missing here"


def check(analysis):
    tps = analysis.journey.touchpoints
    for s in analysis.suggestions:
        if s.kind == "silo" or (s.kind == "feedback" and s.stage in analysis.uncovered_stages):
            continue  # TP002, TP001 and TP009 already point there
        between = " and ".join(f"'{tps[i].id}'" for i in (s.after, s.before) if i is not None)
        where = f"between {between}" if s.after is not None and s.before is not None else (
            f"after '{tps[s.after].id}'" if s.after is not None else
            f"before '{tps[s.before].id}'" if s.before is not None else "")
        anchor = s.before if s.before is not None else s.after
        stage = f" in stage '{s.stage}'" if s.stage else ""
        yield Hit(f"{s.kind}: a touchpoint is missing {where}{stage}: {s.why}".replace("  ", " "),
                  path=("touchpoints", anchor) if anchor is not None else ("journey", "stages"),
                  touchpoint=anchor, stage=s.stage)
