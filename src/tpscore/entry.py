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


def main() -> None:
    install_signal_handlers()
    try:
        from .cli import run
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(INTERRUPTED) from None
    run()
