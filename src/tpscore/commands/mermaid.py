"""``tpscore import mermaid`` and ``tpscore export mermaid``."""

from __future__ import annotations

from pathlib import Path

from ..source import InputError
from .inputs import read_text
from .output import EXIT_ERROR, EXIT_FAILED, Printer, warn, write_output


def run_import(path: str, output: str | None, schema: str | None) -> int:
    from ..journeyfile import dump_journey
    from ..mermaid_import import MermaidError, parse_diagram, to_journey
    from ..source import Source
    from ..validate import validate_source

    printer = Printer()
    source = read_text(path, printer)
    if isinstance(source, int):
        return source
    hint = Path(path).stem if path != "-" else "journey"
    try:
        document = to_journey(parse_diagram(source.text), name_hint=hint)
    except MermaidError as exc:
        for line, message in exc.problems:
            printer.error(f"{source.name}:{line}: {message}")
        return EXIT_FAILED
    text = dump_journey(document, [f"Imported from the Mermaid journey diagram {source.name}: sections are stages, "
                                   "tasks touchpoints, score 1..5 is emotion -2..+2, the first actor the owner."],
                        schema)
    # Names longer than the format allows (say) are reported against the diagram, not a half-written file.
    result = validate_source(Source(output or "<stdout>", text))
    if not result.ok:
        for problem in result.problems:
            printer.error(f"{source.name}: the diagram does not make a valid journey: {problem.full_message()}")
        return EXIT_FAILED
    return write_output([text], output, printer)


def run_export(path: str, output: str | None) -> int:
    from ..mermaid_export import to_mermaid
    from ..validate import validate_file

    printer = Printer()
    try:
        result = validate_file(path)
    except InputError as exc:
        printer.error(str(exc))
        return EXIT_ERROR
    if result.journey is None:
        printer.problems(result.problems)
        return EXIT_FAILED
    text, notes = to_mermaid(result.journey)
    for note in notes:
        warn(f"{result.file}: {note}", "note")
    return write_output([text], output, printer)
