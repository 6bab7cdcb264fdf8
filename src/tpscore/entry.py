"""The console-script entry point. It imports nothing heavy before Ctrl-C and SIGTERM are handled, so an
interrupt in the first fraction of a second (while typer and rich load) ends like one later: a short
message and exit code 130, never a traceback; and a cancelled CI job (SIGTERM) unwinds normally, so
atomic writes remove their temporary files."""

from __future__ import annotations

import signal
import sys

INTERRUPTED = 130


def _terminated(signum: int, frame: object) -> None:
    # SystemExit unwinds through every `finally` and `except BaseException` (atomic writes clean up).
    raise SystemExit(128 + signum)


def install_signal_handlers() -> None:
    """SIGTERM (and SIGHUP, a closed terminal) exit through the normal unwinding, with 128 + the signal."""
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, _terminated)


def answer_version(argv: list[str]) -> bool:
    """Print the version when ``argv`` asks for nothing else (``--version`` or ``-V`` alone), without
    loading the command-line framework, which is most of tpscore's start-up; True when it did. The
    text is what ``tpscore --version`` prints through typer."""
    if argv not in (["--version"], ["-V"]):
        return False
    from . import __version__

    try:
        sys.stdout.write(f"tpscore {__version__}\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # What typer does when the reader has gone: exit 1 quietly (no error from the flush at exit).
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    return True


def main() -> None:
    if answer_version(sys.argv[1:]):
        return
    install_signal_handlers()
    try:
        from .cli import run
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(INTERRUPTED) from None
    run()
