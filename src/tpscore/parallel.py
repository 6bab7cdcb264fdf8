"""Run one function over many items in worker processes, results in input order.

The caller sees what a plain loop would give: results in order, each as soon as it and every earlier
one are done, and an exception raised for an item surfaces at that item's place (after every earlier
result). Only a few items are ahead of the caller at a time, so memory does not grow with the number
of items.

A small pool of our own rather than :mod:`concurrent.futures`: its helper threads can hang on Python
3.11 when the pool is stopped with work running (Ctrl-C), and they print a traceback at exit when a
run ends early. Here the parent talks to each worker over one pipe, hands a worker its next item when
it is idle, and on an interruption simply terminates the workers.

Workers are forked where the platform allows it: the parent has already imported what the work needs
(yaml, the schema checker, the rules, the renderers), so a worker starts in a few milliseconds instead
of importing them again as a ``spawn`` or ``forkserver`` worker must.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Items handed out ahead of the one the caller waits for, per worker: keeps every worker busy while
#: bounding the results held for the caller.
AHEAD_PER_WORKER = 4


class WorkerCrashed(RuntimeError):
    """A worker process died without an answer (killed, out of memory, a crash in C code) while
    working on ``item``."""

    def __init__(self, item: object) -> None:
        self.item = item
        super().__init__(f"a worker process stopped unexpectedly while working on {item}")


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask, not the machine's count)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def ordered_map(func: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """``func(item)`` for every item, in order, on up to ``jobs`` worker processes.

    ``jobs <= 1`` (or a single item) runs in this process, exactly like a loop. ``func`` must be a
    module-level function (or a partial of one) and items and results picklable. The workers start
    at once, before the caller starts any thread of its own (forking a process with threads running
    can deadlock the child).
    """
    items = list(items)
    jobs = min(jobs, len(items))
    if jobs <= 1:
        return (func(item) for item in items)
    return _in_order(_start(func, jobs), items)


class _Worker:
    def __init__(self, context: Any, func: Callable) -> None:
        self.pipe, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(func, child_end), daemon=True)
        self.process.start()
        child_end.close()
        self.task: tuple[int, Any] | None = None  # (index, item) it is working on


def _start(func: Callable, jobs: int) -> list[_Worker]:
    import multiprocessing

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    sys.stdout.flush()  # a forked worker must not inherit (and later repeat) buffered output
    sys.stderr.flush()
    return [_Worker(context, func) for _ in range(jobs)]


def _in_order(workers: list[_Worker], items: list) -> Iterator:
    from multiprocessing.connection import wait

    queue = iter(enumerate(items))
    ready: dict[int, tuple[bool, Any]] = {}  # index → (ok, result or exception), until its turn
    next_index, handed_out, finished = 0, 0, False
    limit = len(workers) * AHEAD_PER_WORKER
    try:
        while next_index < len(items):
            for worker in workers:  # hand out work to idle workers
                if worker.task is None and handed_out - next_index < limit:
                    task = next(queue, None)
                    if task is None:
                        break
                    worker.task, handed_out = task, handed_out + 1
                    try:
                        worker.pipe.send(task)
                    except OSError:
                        raise WorkerCrashed(task[1]) from None
            if next_index in ready:
                ok, value = ready.pop(next_index)
                next_index += 1
                if not ok:
                    raise value
                yield value
                continue
            busy = [worker for worker in workers if worker.task is not None]
            signalled = wait([w.pipe for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                if worker.pipe in signalled or worker.pipe.poll():
                    try:
                        index, ok, value = worker.pipe.recv()
                    except (EOFError, OSError):
                        raise WorkerCrashed(worker.task[1]) from None
                    ready[index] = (ok, value)
                    worker.task = None
                elif worker.process.sentinel in signalled:
                    raise WorkerCrashed(worker.task[1])
        finished = True
    finally:
        for worker in workers:
            if finished:
                worker.pipe.send(None)  # no more work: the worker leaves
            else:
                worker.process.terminate()  # interrupted or failed: its work is no longer wanted
        for worker in workers:
            worker.process.join()
            worker.pipe.close()


def _serve(func: Callable, pipe: Any) -> None:
    # Ctrl-C reaches the whole process group: the parent reports the interruption once and stops the
    # workers; a worker raising KeyboardInterrupt would print its own traceback. SIGTERM (how the
    # parent stops a worker) must end it at once, not unwind the parent's code the fork copied.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            task = pipe.recv()
        except EOFError:  # the parent is gone
            return
        if task is None:
            return
        index, item = task
        try:
            answer = (index, True, func(item))
        except Exception as exc:  # raised again in the parent, at this item's place
            answer = (index, False, exc)
        try:
            pipe.send(answer)
        except Exception as exc:  # the result or the exception does not pickle
            pipe.send((index, False, RuntimeError(f"{type(exc).__name__}: {exc}")))
