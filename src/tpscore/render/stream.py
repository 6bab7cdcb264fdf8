"""Formats written journey by journey: each journey's text is made on its own (in a worker process
when audit runs with --jobs), then joined here with the run-level parts (invalid files, the summary
table, gates) that only need what :func:`tpscore.auditrun.slim_report` keeps.

``render`` of these formats goes through the same streams, so streamed output and a one-piece
render are the same text by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module

from ..auditrun import AuditRun


def by_journey(fmt: str) -> bool:
    """Whether ``tpscore audit`` can write format ``fmt`` journey by journey."""
    from .formats import AUDIT

    return fmt in AUDIT and AUDIT[fmt].by_journey


def journey_text(fmt: str, report: dict, color: bool = False, width: int | None = None, level: int = 0,
                 top: int = 3) -> str:
    """One journey's part of format ``fmt``; ``level`` is the JSON nesting it will sit at, ``top`` how many
    ranked fixes the human formats show."""
    if fmt == "json":
        from .json_report import journey_json

        return journey_json(report, level)
    return renderer_module(fmt).journey_text(_safe(fmt, report), color=color, width=width, top=top)


def _safe(fmt: str, data):
    from .formats import AUDIT, made_safe

    return made_safe(data, AUDIT[fmt].safety)


def open_stream(fmt: str, write: Callable[[str], object], color: bool = False, width: int | None = None,
                files: int = 2) -> JsonStream | TextStream:
    """A stream writing format ``fmt`` through ``write``; ``files`` is how many files the run reads."""
    if fmt == "json":
        return JsonStream(write, files)
    return TextStream(fmt, write, color, width)


def render_pieces(fmt: str, run: AuditRun, color: bool = False, width: int | None = None) -> Iterator[str]:
    """The whole text of ``run`` in format ``fmt``, a journey at a time."""
    pieces: list[str] = []
    stream = open_stream(fmt, pieces.append, color, width, files=len(run.reports) + len(run.invalid))
    for report in run.reports:
        stream.journey(journey_text(fmt, report, color, width, stream.level, run.top))
        yield from pieces
        pieces.clear()
    stream.finish(run)
    yield from pieces


def renderer_module(fmt: str):
    from .formats import AUDIT

    return import_module(f"{__package__}.{AUDIT[fmt].module}")


class TextStream:
    """Journeys joined by the format's separator, then the run-level tail; the text ends with a newline."""

    level = 0

    def __init__(self, fmt: str, write: Callable[[str], object], color: bool, width: int | None) -> None:
        self.fmt, self.module, self.write, self.color, self.width = fmt, renderer_module(fmt), write, color, width
        self.count, self.last = 0, ""
        self.separator = self.module.separator(color=color, width=width)

    def _emit(self, text: str) -> None:
        if text:
            self.write(text)
            self.last = text[-1]

    def journey(self, text: str) -> None:
        if self.count:
            self._emit(self.separator)
        self._emit(text)
        self.count += 1

    def finish(self, run: AuditRun) -> None:
        tail = self.module.tail_text(_safe(self.fmt, run), color=self.color, width=self.width)
        if tail and self.count and self.module.SEPARATE_TAIL:
            self._emit(self.separator)
        self._emit(tail)
        if self.last != "\n":
            self.write("\n")


class JsonStream:
    """The JSON contract journey by journey: one valid journey alone is its report object, anything
    else the ``tpscore-reports`` wrapper. The first report is held back until a second one (or the
    end) tells which."""

    def __init__(self, write: Callable[[str], object], files: int) -> None:
        self.write = write
        self.level = 0 if files == 1 else 2  # where journey texts will most likely sit
        self.first: str | None = None
        self.count = 0

    def journey(self, text: str) -> None:
        self.count += 1
        if self.count == 1:
            self.first = text
            return
        if self.count == 2:
            self.write(self._head() + "\n    " + self._at(self.first, 2))
            self.first = None
        self.write(",\n    " + self._at(text, 2))

    def finish(self, run: AuditRun) -> None:
        from .json_report import encode

        if self.count == 1 and not run.invalid:
            single = self._at(self.first, 0)
            if run.gates:  # AuditRun.to_dict puts the gates last in the single report
                single = single[:-2] + ',\n  "gates": ' + encode(run.gates, "  ") + "\n}"
            self.write(single + "\n")
            return
        head, tail = _wrapper(run)
        if self.count == 0:
            self.write(head + "]")
        elif self.count == 1:
            self.write(head + "\n    " + self._at(self.first, 2) + "\n  ]")
        else:
            self.write("\n  ]")
        self.write(tail + "\n")

    @staticmethod
    def _head() -> str:
        return _wrapper(AuditRun())[0]

    def _at(self, text: str, level: int) -> str:
        # JSON strings hold no raw newlines, so every line break is layout and re-indenting is exact.
        if level == self.level:
            return text
        if level > self.level:
            return text.replace("\n", "\n" + "  " * (level - self.level))
        return text.replace("\n" + "  " * (self.level - level), "\n")


_REPORTS = '\n  "reports": []'


def _wrapper(run: AuditRun) -> tuple[str, str]:
    """The multi-journey wrapper of ``run`` (AuditRun.to_dict) around its reports list, as the text
    before the list's first report and the text after its closing bracket."""
    from .json_report import encode

    wrapper = AuditRun([], run.invalid, run.gates).to_dict()
    wrapper["totals"] = run.totals()
    head, tail = encode(wrapper).split(_REPORTS, 1)
    return head + '\n  "reports": [', tail
