"""What the ranked opportunities cost, as a ratio of a plain audit of the same file measured alternately.

    python bench/opportunities.py [N ...]   (default: 50 200 1000 touchpoints)

For each size: the audit (load, validate, analyse, rules, report dictionary) without the ranking, the
ranking alone (every candidate fix re-scored), their ratio, and the number of candidates re-scored.
Best of 5 alternating rounds, so load from other processes hits both sides alike.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]
from make_journey import journey_text  # noqa: E402

from tpscore import opportunities  # noqa: E402
from tpscore.analysis import analyse  # noqa: E402
from tpscore.profile import default_profile  # noqa: E402
from tpscore.report import build_report  # noqa: E402
from tpscore.validate import validate_file  # noqa: E402


def measure(path: str, rounds: int = 5) -> tuple[float, float, int]:
    profile = default_profile()
    rank = opportunities.rank
    best_audit = best_rank = float("inf")
    evaluated = 0
    for _ in range(rounds):
        opportunities.rank = lambda analysis, findings=None: None  # the audit as it was before opportunities
        try:
            started = time.perf_counter()
            journey = validate_file(path).journey
            build_report(journey, profile).to_dict()
            best_audit = min(best_audit, time.perf_counter() - started)
        finally:
            opportunities.rank = rank
        analysis = analyse(journey, profile)
        started = time.perf_counter()
        ranking = rank(analysis)
        best_rank = min(best_rank, time.perf_counter() - started)
        evaluated = len(opportunities.screened(analysis, opportunities.candidates(analysis)))
        del ranking
    return best_audit, best_rank, evaluated


def main(sizes: list[int]) -> None:
    print("| touchpoints | candidates re-scored | ranking / plain audit |")
    print("|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"j{size}.yaml"
            path.write_text(journey_text(size), encoding="utf-8")
            audit, ranking, evaluated = measure(str(path))
            print(f"| {size:,} | {evaluated:,} | {ranking / audit:.2f} |")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [50, 200, 1000])
