"""Decide how to write to the terminal (colour via rich only on a TTY without NO_COLOR) and make
user text safe there: the character policies every output format shares live here."""

from __future__ import annotations

import os
import re
import sys
from typing import IO


def wants_color(stream: IO | None = None) -> bool:
    """Colour when writing to a terminal, unless NO_COLOR is set or TERM=dumb; FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


def rich_console(stderr: bool = False):
    """A rich Console for terminal output (imported lazily: rich costs start-up time)."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(file=CommandSafeStream(stream), highlight=False, soft_wrap=True, force_terminal=True)


# Characters that change how the text around them reads without showing themselves: bidirectional
# embeddings, overrides and isolates (U+202E turns "exe.txt" around), zero-width spaces and joiners used
# to hide words, and the BOM. (ZWJ/ZWNJ stay: scripts and emoji sequences need them.) Both policies
# below replace them with U+FFFD, so the reader sees that something was there.
INVISIBLE = (0x061C, 0x180E, 0x200B, 0x200E, 0x200F, *range(0x202A, 0x202F), 0x2060, *range(0x2066, 0x206A), 0xFEFF)


# Two policies for control characters in user text. REPLACE (terminal and plain-text formats): C0 controls
# except tab and newline, DEL and the C1 block become U+FFFD, so the reader sees that something was there; a
# YAML "\e[31m" escape decodes to a real ESC, which must never reach a terminal as a control sequence.
# Lone surrogates (a YAML "\ud800" escape) cannot be encoded at all: they are replaced too.
_CONTROL = {code: "\ufffd" for code in (*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *INVISIBLE,
                                        *range(0xD800, 0xE000))}


def replace_controls(text: str) -> str:
    """``text`` with terminal control characters replaced by U+FFFD."""
    return text.translate(_CONTROL)


# A line break in user text (a journey's name, a persona, a touchpoint's name, a verdict, a quote) becomes a
# space in the human formats: every one of them is shown as one line, and text that could start a line of
# its own could start it with `::` for a CI runner to execute, or pass for a line of tpscore's own.
_BREAKS = {**_CONTROL, **dict.fromkeys((0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029), "\n")}
_BREAK_RUN = re.compile(r"[ \t]*\n[ \t\n]*")


def one_line_safe(text: str) -> str:
    """User text for a human format on one line: a line break (with the blanks around it) becomes one
    space; control characters are replaced as by :func:`replace_controls`."""
    text = text.translate(_BREAKS)
    return _BREAK_RUN.sub(" ", text) if "\n" in text else text


# STRIP (markup, XML, annotations, one-line cells): the format cannot show them, so they are dropped:
# control characters except tab, LF and CR, and what XML 1.0 cannot hold (lone surrogates, U+FFFE, U+FFFF).
_UNPRINTABLE = {**dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
                                 *range(0xD800, 0xE000), 0xFFFE, 0xFFFF]),
                **dict.fromkeys(INVISIBLE, "\ufffd")}


def strip_controls(text: str) -> str:
    """``text`` without control characters (tab, LF and CR stay) or anything XML 1.0 cannot hold."""
    return text.translate(_UNPRINTABLE)


# GitHub's runner executes any output line that starts with `::` after leading white space
# (`::stop-commands::`, `::add-mask::`, `::error file=…::`), on stdout and stderr alike.
_COMMAND_START = re.compile(r"^([ \t\f\v]*)::", re.MULTILINE)


def no_workflow_commands(text: str) -> str:
    """``text`` where no line starts with ``::`` (such a line gets a backslash in front)."""
    return _COMMAND_START.sub(r"\1\\::", text) if "::" in text else text


def terminal_safe(text: str) -> str:
    """The choke point for text people read in a terminal or a CI log: no control sequences, no
    invisible reordering, no line a CI runner would execute. Bytes of a file name that are not UTF-8
    (kept by Python as lone surrogates) are shown as ``\\xNN``."""
    if _SURROGATE.search(text):
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            pass  # not from a file name: replaced with U+FFFD below
    return no_workflow_commands(replace_controls(text))


_SURROGATE = re.compile("[\ud800-\udfff]")


# Inside JSON strings these are written as \uXXXX escapes: the data stays the same, the file shows them.
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in (*range(0x7F, 0xA0), *INVISIBLE, 0x2028, 0x2029)}


def json_safe(text: str) -> str:
    """JSON text with C1 controls, bidi and zero-width characters escaped (lossless: JSON reads them back
    the same, and in JSON only string contents can hold such characters)."""
    return text.translate(_JSON_ESCAPES)


class CommandSafeStream:
    """A text stream wrapper that keeps lines written through it from being workflow commands (for rich,
    which writes to a file object). The colour sequences rich adds itself pass through."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(no_workflow_commands(text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
