"""Reading a command's input file, with the exit code when it cannot be read."""

from __future__ import annotations

from ..source import DecodeError, InputError, Source, read_source
from .output import EXIT_ERROR, EXIT_FAILED, Printer


def read_text(path: str, printer: Printer) -> Source | int:
    """The decoded file (``-`` is stdin), or, after saying why on stderr, the exit code: 2 when it cannot
    be read, 1 when its bytes are not text (invalid input, like a journey with bad bytes)."""
    try:
        return read_source(path)
    except InputError as exc:
        printer.error(str(exc))
        return EXIT_ERROR
    except DecodeError as exc:
        printer.error(f"{'<stdin>' if path == '-' else path}:{exc.line}:{exc.column}: {exc}")
        return EXIT_FAILED
