"""How tpscore's cost grows, and how it compares with baselines run side by side.

    python bench/growth.py [--rounds N] [--quick] [--only NAME,...]

Prints Markdown tables (README "Speed at scale" shows a run of it):

* growth: ``tpscore audit -f json -o FILE`` on one journey of 50, 500, 5,000 and 20,000 touchpoints and on
  folders of 1, 50, 500 and 5,000 journeys of 50 touchpoints, with ``--jobs 1`` and with the default
  ``--jobs``: wall time, CPU time (all processes) and peak memory (the largest process);
* ratios: every target of issue 16 as a ratio of two commands measured in alternation, so load from
  other processes on the machine hits both sides alike.

Times are medians of ``--rounds`` runs (default 3). CPU time shows the work itself. Wall time needs CPUs
to spare: Linux shares the CPUs between sessions (autogroups), so on a machine busy with other sessions
a run on two processes gets no more CPU than a run on one. ``--priority`` (root, Linux) runs the benchmark
in its own session at autogroup nice -20, which gives it the machine as if it were idle.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_journey import journey_text  # noqa: E402

SRC = HERE.parent / "src"
PY = sys.executable
TPSCORE = [PY, "-m", "tpscore.cli"]
BARE = """import sys, yaml
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


def run(command: list[str], stdout: str = os.devnull) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the process and its children, peak RSS in KB of the largest)."""
    env = dict(os.environ, PYTHONPATH=str(SRC), NO_COLOR="1")
    with open(stdout, "w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(command)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def measure(commands: dict[str, list[str]], rounds: int) -> dict[str, tuple[float, float, int]]:
    """Median (wall, cpu, rss) per command; the commands take turns in every round."""
    samples: dict[str, list] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            samples[name].append(run(command))
    return {name: tuple(statistics.median(column) for column in zip(*runs)) for name, runs in samples.items()}


def folder(root: Path, files: int, touchpoints: int = 50) -> Path:
    path = root / f"dir-{files}"
    if path.exists():
        return path
    path.mkdir()
    for index in range(files):
        (path / f"j{index:05d}.yaml").write_text(journey_text(touchpoints, seed=index), encoding="utf-8")
    return path


def journey(root: Path, touchpoints: int) -> Path:
    path = root / f"tp-{touchpoints}.yaml"
    path.write_text(journey_text(touchpoints), encoding="utf-8")
    return path


def audit(target: Path, out: Path, jobs: int | None = None, fmt: str = "json") -> list[str]:
    command = [*TPSCORE, "audit", "--fail-on", "never", "-f", fmt]
    if fmt == "json":
        command += ["-o", str(out)]
    return command + (["--jobs", str(jobs)] if jobs else []) + [str(target)]


def growth(root: Path, rounds: int, quick: bool) -> None:
    out = root / "report.json"
    cases = [(f"1 journey, {n:,} touchpoints", journey(root, n)) for n in (50, 500, 5000, 20000)]
    cases += [(f"{n:,} journey{'s' * (n != 1)} of 50 touchpoints", folder(root, n)) for n in (1, 50, 500, 5000)]
    print("| input | --jobs 1 wall | --jobs 1 CPU | --jobs 1 peak memory | default --jobs wall | "
          "default --jobs CPU | largest process |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, target in cases:
        count = 1 if target.is_file() else len(list(target.iterdir()))
        n = 1 if quick and count >= 5000 else rounds
        got = measure({"one": audit(target, out, 1), "all": audit(target, out)}, n)
        (w1, c1, m1), (wn, cn, mn) = got["one"], got["all"]
        print(f"| {label} | {w1:.2f} s | {c1:.2f} s | {m1 / 1024:.0f} MB | {wn:.2f} s | {cn:.2f} s | "
              f"{mn / 1024:.0f} MB |", flush=True)


def ratio(title: str, commands: dict[str, list[str]], rounds: int, target: str) -> None:
    (a, b) = measure(commands, rounds).values()
    print(f"| {title} | {a[0] / b[0]:.2f}× | {a[1] / b[1]:.2f}× | {a[2] / b[2]:.2f}× | {target} |", flush=True)


def ratios(root: Path, rounds: int) -> None:
    bare = root / "bare.py"
    bare.write_text(BARE, encoding="utf-8")
    big, small, many = journey(root, 20000), journey(root, 200), folder(root, 500)
    out = root / "r.json"
    bin_dir = Path(PY).parent
    schema = HERE.parent / "schemas" / "journey.schema.json"
    print("| comparison (A / B, measured in alternation) | wall | CPU | peak memory | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    ratio("500 files: `audit --jobs 1` / `audit` (default jobs), terminal report",
          {"a": audit(many, out, 1, "rich"), "b": audit(many, out, None, "rich")}, rounds, "≥ 1.7× (speed-up)")
    ratio("500 files: `audit -f json --jobs 1` / `audit -f json`",
          {"a": audit(many, out, 1), "b": audit(many, out)}, rounds, "≥ 1.7× (speed-up)")
    ratio("20k touchpoints: `audit -f json` to stdout / bare CSafeLoader load",
          {"a": [*TPSCORE, "audit", "--fail-on", "never", "-f", "json", str(big)], "b": [PY, str(bare), str(big)]},
          rounds, "≤ 1.1×")
    ratio("20k touchpoints: `audit -f json -o FILE` / bare CSafeLoader load",
          {"a": audit(big, out), "b": [PY, str(bare), str(big)]}, rounds, "≤ 1.1×")
    ratio("start-up: `tpscore --version` / `yamllint --version`",
          {"a": [*TPSCORE, "--version"], "b": [str(bin_dir / "yamllint"), "--version"]}, rounds * 3, "≤ 1.0×")
    ratio("200 touchpoints: `audit` / `check-jsonschema` (journey schema)",
          {"a": audit(small, out, None, "rich"),
           "b": [str(bin_dir / "check-jsonschema"), "--schemafile", str(schema), str(small)]}, rounds * 3, "≤ 0.5×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one round for the 5,000-file case")
    parser.add_argument("--only", default="growth,ratios", help="growth, ratios or both (comma-separated)")
    parser.add_argument("--priority", action="store_true", help="own session at autogroup nice -20 (root, Linux)")
    args = parser.parse_args()
    if args.priority:
        if os.getsid(0) != os.getpid():
            os.setsid()
        Path("/proc/self/autogroup").write_text("-20")
    root = Path(tempfile.mkdtemp(prefix="tpscore-bench-"))
    try:
        print(f"CPUs usable: {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()}; "
              f"load average at start: {os.getloadavg()[0]:.1f}\n")
        if "growth" in args.only:
            growth(root, args.rounds, args.quick)
            print()
        if "ratios" in args.only:
            ratios(root, args.rounds)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
