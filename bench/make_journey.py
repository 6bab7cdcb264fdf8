"""Write a large valid journey for speed measurements: ``python bench/make_journey.py N OUT.yaml``."""

from __future__ import annotations

import random
import sys

KINDS = ("wait", "effort", "handoff", "repeat-info", "paperwork", "surprise")
OWNERS = ("marketing", "sales", "scheduling", "field", "billing", "support")


def journey_text(count: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    stages = [f"stage-{i}" for i in range(20)]
    lines = ["version: 1", "journey:", "  id: large", "  name: Large journey", f"  stages: [{', '.join(stages)}]",
             "touchpoints:"]
    for i in range(count):
        lines += [f"  - id: tp-{i}", f"    name: Touchpoint {i}", f"    stage: {stages[i * 20 // count]}",
                  f"    owner: {OWNERS[(i // 7) % len(OWNERS)]}", f"    weight: {rng.choice((1, 1, 1.5, 2))}",
                  f"    emotion: {rng.randint(-2, 2)}", f"    effort: {rng.randint(1, 5)}"]
        if i % 3 == 0:
            lines += ["    frictions:", f"      - kind: {rng.choice(KINDS)}", f"        severity: {rng.randint(1, 5)}",
                      "        note: Something the customer meets"]
        if i % 50 == 49:
            lines.append("    path: unhappy")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        handle.write(journey_text(int(sys.argv[1])))
