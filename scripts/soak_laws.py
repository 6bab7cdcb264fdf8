"""Run every property test under many random seeds, to find counterexamples before CI's fixed set does.

CI runs hypothesis derandomized (tests/conftest.py), so it cannot find a new counterexample by chance;
this is where new ones are found. Run it before landing a change to scoring, routes or reports:

    python scripts/soak_laws.py            # 10 seeds
    python scripts/soak_laws.py --seeds 50 --jobs 2

A failing seed is printed with the command that replays it.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def property_modules() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_*.py")
                  if "@given" in p.read_text(encoding="utf-8"))


def run(seed: int, modules: list[str]) -> tuple[int, int, str]:
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", f"--hypothesis-seed={seed}",
               *modules]
    env = {**os.environ, "TPSCORE_HYPOTHESIS": "tpscore"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    return seed, done.returncode, done.stdout[-4000:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="how many random seeds (default 10)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="runs in parallel")
    options = parser.parse_args()
    modules = property_modules()
    seeds = [random.randrange(2**32) for _ in range(options.seeds)]
    failed = 0
    with ThreadPoolExecutor(options.jobs) as pool:
        for seed, code, output in pool.map(lambda s: run(s, modules), seeds):
            print(f"seed {seed}: {'ok' if code == 0 else 'FAILED'}", flush=True)
            if code:
                failed += 1
                print(output)
                print(f"replay: python -m pytest --hypothesis-seed={seed} {' '.join(modules)}\n")
    print(f"{failed} of {len(seeds)} seeds failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
