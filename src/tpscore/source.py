"""Reading input bytes safely: size limits, stdin, and decoding with byte-exact error positions."""

from __future__ import annotations

import codecs
import os
import stat
import sys
from dataclasses import dataclass

#: Larger inputs are refused before parsing; a 20,000-touchpoint journey is about 5 MiB.
MAX_BYTES = 64 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class InputError(Exception):
    """The input cannot be read at all (missing, unreadable, too large). CLI exit code 2."""


class DecodeError(Exception):
    """The bytes are not text in a supported encoding; carries a 1-based position."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Source:
    """A decoded input: its display name (path, or ``<stdin>``) and its text."""

    name: str
    text: str


def display_name(name: str | os.PathLike) -> str:
    """A file name as text any output can hold: bytes of the name that are not UTF-8 (a POSIX file name
    may hold any byte; Python keeps them as lone surrogates) are shown as ``\\xNN`` escapes."""
    name = os.fspath(name)
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def read_bytes(name: str | os.PathLike, max_bytes: int = MAX_BYTES, what: str = "journey files") -> bytes:
    """Read a path, or stdin for ``-``, refusing more than ``max_bytes``. Only regular files are read: a FIFO
    or a device (which could block forever or never end) is an :class:`InputError`, found without blocking."""
    name = os.fspath(name)
    shown = display_name(name)
    if not name:
        raise InputError("an empty file name")
    if "\0" in name:
        raise InputError(f"{shown!r}: not a file name (it holds a NUL character)")
    try:
        if name == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            data = _read_regular(name, shown, max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file") from None
    except PermissionError:
        raise InputError(f"{shown}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{shown}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(f"{shown}: larger than the {_size(max_bytes)} limit for {what}")
    return data


def _read_regular(name: str, shown: str, limit: int) -> bytes:
    # O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever (a pull request can add one).
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError
        if not stat.S_ISREG(mode):
            raise InputError(f"{shown}: not a regular file (a FIFO, socket or device); tpscore reads files")
        return handle.read(limit)


def decode(data: bytes) -> str:
    """Decode UTF-8 (BOM optional) or UTF-16/32 with a BOM; anything else raises DecodeError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, len(bom), encoding)
    text = _decode(data, 0, "utf-8")
    nul = text.find("\x00")
    if nul >= 0:  # valid UTF-8 with NULs is almost always UTF-16/32 saved without a byte-order mark
        before = text[:nul]
        raise DecodeError(f"NUL byte at byte offset {len(before.encode('utf-8'))}: this looks like UTF-16 or "
                          "UTF-32 without a byte-order mark; save the file as UTF-8 (or add a BOM)",
                          before.count("\n") + 1, nul - (before.rfind("\n") + 1) + 1)
    return text


def _decode(data: bytes, start: int, encoding: str) -> str:
    try:
        return data[start:].decode(encoding)
    except UnicodeDecodeError as exc:
        raise _decode_error(data, start, start + exc.start, encoding) from None


def _decode_error(data: bytes, start: int, offset: int, encoding: str) -> DecodeError:
    # Lines and columns count characters of the text before the bad bytes, as editors do.
    before = data[start:offset].decode(encoding, "replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    label = "UTF-8" if encoding == "utf-8" else encoding.upper()
    hint = "" if encoding != "utf-8" else "; save the file as UTF-8 (UTF-16/32 need a byte-order mark)"
    return DecodeError(
        f"not {label}: invalid byte 0x{data[offset]:02x} at byte offset {offset}{hint}", line, column
    )


def _size(count: int) -> str:
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if count >= factor:
            return f"{count / factor:g} {unit}"
    return f"{count} bytes"


def read_source(name: str | os.PathLike, max_bytes: int = MAX_BYTES, what: str = "journey files") -> Source:
    """Read and decode one input. Raises InputError (unreadable) or DecodeError (bad bytes). The source is
    named by :func:`display_name`."""
    data = read_bytes(name, max_bytes, what)
    return Source("<stdin>" if name == "-" else display_name(name), decode(data))
