"""``audit --jobs N`` gives what ``--jobs 1`` gives, byte for byte, exit codes and messages included; the
journey-by-journey output equals a one-piece render; the fast JSON encoder equals json.dumps."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import EXAMPLES, HOSTILE, audit_run, example_files, hostile_copy, invalid_file
from hypothesis import given
from hypothesis import strategies as st

from tpscore import auditrun
from tpscore.auditrun import AuditRun, slim_report
from tpscore.gates import Gates
from tpscore.parallel import WorkerCrashed, ordered_map
from tpscore.render.formats import AUDIT
from tpscore.render.json_report import encode
from tpscore.render.stream import by_journey, render_pieces


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Valid journeys, an invalid one and one that cannot be read (a broken link), in a known order."""
    folder = tmp_path / "journeys"
    folder.mkdir()
    for index, path in enumerate(example_files()):
        shutil.copy(path, folder / f"{index}-{path.name}")
    invalid_file(tmp_path).rename(folder / "2b-broken.yaml")
    (folder / "3b-gone.yaml").symlink_to(folder / "nowhere.yaml")
    hostile = hostile_copy(tmp_path)
    shutil.move(tmp_path / hostile, folder / "9-hostile.yaml")
    return folder


def _both(tpscore, *args):
    one, two = tpscore("audit", "--jobs", "1", *args), tpscore("audit", "--jobs", "2", *args)
    return one, two


@pytest.mark.parametrize("fmt", list(AUDIT))
def test_jobs_give_the_bytes_jobs_1_gives(tpscore, folder, fmt):
    one, two = _both(tpscore, "-f", fmt, "--fail-under", "coverage=50", folder)
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert one.exit_code == 2  # the unreadable file
    assert "3b-gone.yaml: no such file" in one.stderr
    assert "2b-broken.yaml" in one.stdout + one.stderr


def test_files_written_by_jobs_are_the_same(tpscore, folder, tmp_path):
    outputs = [tmp_path / "out" / name for name in ("r.json", "r.txt", "r.md")]
    outputs[0].parent.mkdir()
    for jobs in ("1", "2"):
        result = tpscore("audit", "--jobs", jobs, *[x for o in outputs for x in ("-o", o)], folder)
        assert result.exit_code == 2
        texts = [o.read_bytes() for o in outputs]
        if jobs == "1":
            first = texts
    assert texts == first
    assert json.loads(texts[0])["totals"]["journeys"] == len(example_files()) + 1


def test_results_come_in_input_order_whatever_finishes_first():
    # item 0 is the slowest: a pool that yielded in completion order would put it last
    assert list(ordered_map(_slow_first, range(12), jobs=2)) == [i * i for i in range(12)]


def _slow_first(item: int) -> int:
    if item == 0:
        import time

        time.sleep(0.3)
    return item * item


def test_an_error_in_a_worker_surfaces_at_its_item_after_the_earlier_results():
    seen = []
    with pytest.raises(ValueError, match="item 3"):
        for result in ordered_map(_fails_at_3, range(8), jobs=2):
            seen.append(result)
    assert seen == [0, 1, 2]


def _fails_at_3(item: int) -> int:
    if item == 3:
        raise ValueError("item 3")
    return item


def test_a_dead_worker_is_named_not_waited_for():
    with pytest.raises(WorkerCrashed) as caught:
        list(ordered_map(_dies_at_2, range(6), jobs=2))
    assert caught.value.item in range(3)


def _dies_at_2(item: int) -> int:
    if item == 2:
        os._exit(3)
    return item


def test_an_internal_error_reads_the_same_with_jobs(tpscore, folder, monkeypatch):
    def broken(result, profile, *options):
        raise RuntimeError("boom")

    monkeypatch.setattr(auditrun, "report_of", broken)  # forked workers inherit the patch
    one, two = _both(tpscore, "-f", "table", folder)
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert one.exit_code == 2
    assert "internal error: RuntimeError: boom" in one.stderr


def test_a_crashed_worker_is_an_error_naming_the_file(tpscore, folder, monkeypatch):
    parent = os.getpid()
    real = auditrun.report_of

    def crash(result, profile, *options):
        if os.getpid() != parent:
            os._exit(9)
        return real(result, profile, *options)

    monkeypatch.setattr(auditrun, "report_of", crash)
    result = tpscore("audit", "--jobs", "2", "-f", "json", folder)
    assert result.exit_code == 2
    assert "a worker process stopped unexpectedly while auditing" in result.stderr
    assert "run with --jobs 1" in result.stderr
    assert "Traceback" not in result.stderr


# The CLI in a subprocess where the journey in a file named "last.yaml" takes a minute to score (forked
# workers inherit the patch), so the test sees what the run shows before the last file is done.
_STUCK_AT_LAST = """
import sys, time
from tpscore import auditrun
real = auditrun.report_of
def slow(result, profile, *options):
    if result.file.endswith("last.yaml"):
        time.sleep(60)
    return real(result, profile, *options)
auditrun.report_of = slow
sys.argv = ["tpscore", "audit", *sys.argv[1:]]
from tpscore.cli import run
run()
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_first_journey_shows_before_the_last_is_read_and_ctrl_c_stops_cleanly(tmp_path, jobs):
    files = [str(p) for p in example_files()[:2]]
    shutil.copy(files[0], tmp_path / "last.yaml")
    proc = subprocess.Popen([sys.executable, "-c", _STUCK_AT_LAST, "--jobs", jobs, "-f", "table", *files,
                             str(tmp_path / "last.yaml")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            # A CI runner or a `&` job may start us with SIGINT ignored, which the child
                            # would inherit (Python then never raises KeyboardInterrupt): give it Ctrl-C back.
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    if not ready:
        os.killpg(proc.pid, signal.SIGKILL)
    first = proc.stdout.readline().decode() if ready else ""
    assert first.startswith("Winning a lot as an absentee bidder (auction-absentee-bidder"), first
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends: the whole process group
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.decode() == "interrupted\n"


@pytest.mark.parametrize("fmt", [fmt for fmt in AUDIT if by_journey(fmt)])
def test_slim_reports_give_the_same_run_level_parts(fmt):
    full = audit_run(*example_files(), HOSTILE, gates=Gates(fail_under=(("coverage", 60.0),)))
    full.invalid.append({"file": "bad.yaml", "problems": []})
    slim = AuditRun([slim_report(r) for r in full.reports], full.invalid, full.gates)
    module = __import__(f"tpscore.render.{AUDIT[fmt].module}", fromlist=["x"])
    if fmt == "json":
        assert json.loads(AUDIT.render(fmt, full))["totals"] == slim.totals()
    else:
        assert module.tail_text(slim, width=100) == module.tail_text(full, width=100)
    assert slim.statistics() == full.statistics()


@pytest.mark.parametrize("files", [[], ["hostile"], ["hostile", "invalid"], ["invalid"], ["hostile", "shop"],
                                   ["hostile", "shop", "invalid"]])
@pytest.mark.parametrize("gates", [Gates(fail_on="never"), Gates(fail_under=(("coverage", 90.0),))])
def test_streamed_json_is_json_dumps_of_the_run_at_any_file_count(tmp_path, files, gates):
    paths = {"hostile": HOSTILE, "shop": EXAMPLES / "retail-purchase-return.yaml"}
    full = audit_run(*[paths[f] for f in files if f in paths], gates=gates) if set(files) - {"invalid"} else AuditRun()
    if "invalid" in files:
        full.invalid.append({"file": "bad <x>.yaml", "problems": [{"message": "é\u2028"}]})
    expected = json.dumps(full.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    assert "".join(render_pieces("json", full)) == expected
    from tpscore.render.stream import JsonStream, journey_text

    for guess in (1, 2, 7):  # the file count the stream was told: unreadable files make it wrong
        pieces: list[str] = []
        stream = JsonStream(pieces.append, guess)
        for report in full.reports:
            stream.journey(journey_text("json", report, level=stream.level))
        stream.finish(full)
        assert "".join(pieces) == expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30)


@given(json_values)
def test_the_encoder_writes_what_json_dumps_writes(value):
    assert encode(value) == json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


def test_the_encoder_keeps_json_dumps_behaviour_for_odd_values():
    odd = {"a": [(1, 2.5), {1: "x", None: True}], "b": {}, "c": []}
    assert encode(odd) == json.dumps(odd, indent=2, ensure_ascii=False)
    with pytest.raises(ValueError):
        encode({"x": [float("nan")]})
