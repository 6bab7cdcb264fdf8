"""``tpscore explain FILE [--touchpoint ID | --opportunity ID]``."""

from __future__ import annotations

from ..profile import ProfileError, resolve_profile
from ..source import InputError
from ..validate import validate_file
from .output import EXIT_ERROR, EXIT_FAILED, EXIT_OK, Printer, write_stdout


def run_explain(path: str, touchpoint: str | None, config: str | None, opportunity: str | None = None) -> int:
    from ..analysis import analyse
    from ..problems import did_you_mean
    from ..render.explain import explain_text

    printer = Printer()
    try:
        result = validate_file(path)
        profile = resolve_profile(config, result.file)
    except InputError as exc:
        printer.error(str(exc))
        return EXIT_ERROR
    except ProfileError as exc:
        return printer.profile_error(exc)
    if result.journey is None:
        printer.problems(result.problems)
        return EXIT_FAILED
    if opportunity is not None:
        return _explain_opportunity(analyse(result.journey, profile), opportunity, printer)
    ids = [tp.id for tp in result.journey.touchpoints]
    if touchpoint is not None and touchpoint not in ids:
        hint = did_you_mean(touchpoint, ids)
        printer.error(f"no touchpoint '{touchpoint}' in {result.file}{' (' + hint + ')' if hint else ''}")
        return EXIT_ERROR
    from ..render.fit import width

    write_stdout([explain_text(analyse(result.journey, profile), touchpoint, width())], "text")
    return EXIT_OK


def _explain_opportunity(analysis, wanted: str, printer: Printer) -> int:
    from ..opportunities import candidates, evaluate, rank
    from ..problems import did_you_mean
    from ..render.explain import opportunity_text

    found = {c.id: c for c in candidates(analysis)}
    if wanted not in found:
        hint = did_you_mean(wanted, list(found))
        printer.error(f"no opportunity '{wanted}' in {analysis.journey.file}{' (' + hint + ')' if hint else ''}; "
                      "`tpscore audit -f json` lists them under opportunities")
        return EXIT_ERROR
    ranking = rank(analysis).opportunities
    ranked = next((o for o in ranking if o.candidate.id == wanted), None)
    evaluation = ranked.evaluation if ranked else evaluate(analysis, found[wanted])
    from ..render.fit import width

    write_stdout([opportunity_text(analysis, evaluation, ranked, len(ranking), width())], "text")
    return EXIT_OK
