"""Inline SVG charts for the HTML pages. Every chart has a viewBox and no fixed size, so it scales to its
column from a 400 px phone to a printed page without clipping; the page's stylesheet gives the colours.
Each chart carries ``role="img"``, an ``aria-label`` summary, and a ``<title>`` tooltip per mark.

Nothing here names a URL (inline SVG in HTML5 needs no xmlns); all user text goes through :func:`esc`.
"""

from __future__ import annotations

from .html_page import esc
from .story import mood
from .text import MOMENT_MARKS, fmt_emotion, fmt_score, plural

EMOTION_WORDS = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}
WIDE_NAMES = 30  # at most this many touchpoints get their name under the wide chart; more get numbers


def emotion_word(emotion: float | None) -> str:
    """The nearest word for an emotion (a felt emotion may lie between two levels)."""
    return "unknown" if emotion is None else EMOTION_WORDS[max(-2, min(2, round(emotion)))]


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _open(width: float, height: float, label: str, css: str = "") -> str:
    style = f' style="max-width:{width:.0f}px"' if css == "capped" else ""
    return (f'<svg viewBox="0 0 {width:.0f} {height:.0f}" preserveAspectRatio="xMinYMin meet" role="img" '
            f'aria-label="{esc(label)}"{style}>')


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "", extra: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}{extra}>{esc(text)}</text>'


def _tooltip(index: int, t: dict) -> str:
    emotion = t["emotion"]
    feeling = "unknown (treated as neutral)" if emotion is None else f"{fmt_emotion(emotion)} {emotion_word(emotion)}"
    moments = f"; moments: {', '.join(t['moments'])}" if t["moments"] else ""
    return (f"{index}. {t['name']} ({t['id']})\nemotion {feeling}\nstage {t['stage']}, {t['path']} path, "
            f"friction {fmt_score(t['friction'])}{moments}")


def emotion_summary(touchpoints: list[dict]) -> str:
    """The curve in one sentence: where it starts, its lowest and highest point, where it ends."""
    if not touchpoints:
        return "Emotion curve: no touchpoints."

    def at(t: dict) -> str:
        return f"{emotion_word(t['emotion'])} at {t['name']}"

    known = [t for t in touchpoints if t["emotion"] is not None]
    parts = [f"Emotion across {plural(len(touchpoints), 'touchpoint')}: starts {at(touchpoints[0])}"]
    if known:
        parts.append(f"lowest {at(min(known, key=lambda t: t['emotion']))}")
        parts.append(f"highest {at(max(known, key=lambda t: t['emotion']))}")
    parts.append(f"ends {at(touchpoints[-1])}")
    return ", ".join(parts) + "."


def _point(index: int, t: dict, cx: float, cy: float) -> str:
    shape = "unknown" if t["emotion"] is None else esc(t["path"] if t["path"] in ("happy", "unhappy", "recovery")
                                                        else "happy")
    marks = "".join(MOMENT_MARKS[m] for m in t["moments"])
    ring = f'<circle class="moment" cx="{cx:.1f}" cy="{cy:.1f}" r="10"/>' if marks else ""
    letters = _text(cx, cy - 14, marks, "middle", "mark") if marks else ""
    return (f'<g><title>{esc(_tooltip(index, t))}</title>{ring}<circle class="{shape}" cx="{cx:.1f}" cy="{cy:.1f}" '
            f'r="6"/>{letters}</g>')


def _stage_runs(touchpoints: list[dict]) -> list[tuple[str, int, int]]:
    """(stage, first index, last index) for each run of consecutive touchpoints in one stage."""
    runs: list[tuple[str, int, int]] = []
    for i, t in enumerate(touchpoints):
        if runs and runs[-1][0] == t["stage"]:
            runs[-1] = (t["stage"], runs[-1][1], i)
        else:
            runs.append((t["stage"], i, i))
    return runs


def emotion_wide(touchpoints: list[dict]) -> str:
    """Left to right in the customer's order, stages banded on top, touchpoint names slanted below."""
    count = max(len(touchpoints), 1)
    named = len(touchpoints) <= WIDE_NAMES
    step = 64.0 if named else max(10.0, min(40.0, 1600.0 / count))
    left, right, band, top, plot = 104, 24, 30, 66, 180
    names = [short(f"{i + 1}. {t['name']}", 26) for i, t in enumerate(touchpoints)]
    if named:  # names slant down-left at 40°: room below for the longest, on the left for the first
        bottom = 30 + int(4.9 * max(map(len, names), default=0))
        left = max(left, int(5.2 * len(names[0]) - step / 2 + 6)) if names else left
    else:
        bottom = 30
    width, height = left + right + step * count, top + plot + bottom

    def x(i: int) -> float:
        return left + step * (i + 0.5)

    def y(emotion: int | None) -> float:
        return top + (2 - (emotion or 0)) / 4 * plot

    parts = [_open(width, height, emotion_summary(touchpoints), "capped")]
    for n, (stage, first, last) in enumerate(_stage_runs(touchpoints)):
        x0, x1 = left + step * first, left + step * (last + 1)
        if n % 2 == 0:
            parts.append(f'<rect class="band" x="{x0:.1f}" y="{top - band - 20}" width="{x1 - x0:.1f}" '
                         f'height="{plot + band + 26}"/>')
        parts.append(_text((x0 + x1) / 2, top - band - 4, short(stage, max(2, int((x1 - x0) / 7))), "middle",
                           "strong"))
    for level in range(2, -3, -1):
        parts.append(f'<line class="{"zero" if level == 0 else "grid"}" x1="{left}" x2="{width - right:.1f}" '
                     f'y1="{y(level):.1f}" y2="{y(level):.1f}"/>'
                     + _text(left - 8, y(level) + 4, EMOTION_WORDS[level], "end"))
    if touchpoints:
        points = " ".join(f"{x(i):.1f},{y(t['emotion']):.1f}" for i, t in enumerate(touchpoints))
        parts.append(f'<polyline class="curve" points="{points}"/>')
    for i, t in enumerate(touchpoints):
        parts.append(_point(i + 1, t, x(i), y(t["emotion"])))
        base = top + plot + 16
        if named:
            parts.append(_text(x(i) + 4, base, names[i], "end", "label",
                               f' transform="rotate(-40 {x(i) + 4:.1f} {base})"'))
        elif (i + 1) % 5 == 0 or i == 0:
            parts.append(_text(x(i), base, str(i + 1), "middle"))
    parts.append("</svg>")
    return "".join(parts)


def emotion_narrow(touchpoints: list[dict]) -> str:
    """Top to bottom for phones: one row per touchpoint, its name on the left, emotion on the right."""
    row, top, name_w, left, right = 30, 34, 190, 200, 16
    width = 420
    height = top + row * max(len(touchpoints), 1) + 8

    def x(emotion: int | None) -> float:
        return left + ((emotion or 0) + 2) / 4 * (width - left - right)

    def y(i: int) -> float:
        return top + row * (i + 0.5)

    parts = [_open(width, height, emotion_summary(touchpoints))]
    for level in range(-2, 3):
        parts.append(f'<line class="{"zero" if level == 0 else "grid"}" x1="{x(level):.1f}" x2="{x(level):.1f}" '
                     f'y1="{top - 4}" y2="{height - 4}"/>')
    parts.append(_text(x(-2), 14, "very negative", "start") + _text(x(2), 14, "very positive", "end")
                 + _text(x(0), 28, "neutral", "middle"))
    if touchpoints:
        points = " ".join(f"{x(t['emotion']):.1f},{y(i):.1f}" for i, t in enumerate(touchpoints))
        parts.append(f'<polyline class="curve" points="{points}"/>')
    for i, t in enumerate(touchpoints):
        parts.append(_text(0, y(i) + 4, short(f"{i + 1}. {t['name']}", int(name_w / 7)), "start", "label"))
        parts.append(_point(i + 1, t, x(t["emotion"]), y(i)))
    parts.append("</svg>")
    return "".join(parts)


def stage_friction(stages: list[dict], limit: float | None = None) -> str:
    """Friction per stage as horizontal bars on a fixed 0..100 scale; a stage with no touchpoint is a gap."""
    row, top, left, right = 28, 26, 132, 44
    width = 560
    height = top + row * max(len(stages), 1) + 10

    def x(value: float) -> float:
        return left + value / 100 * (width - left - right)

    label = "Friction per stage, % of its customers hurt there, lower is better: " + "; ".join(
        f"{st['id']} {'no touchpoint' if st['friction'] is None else fmt_score(st['friction'])}" for st in stages)
    parts = [_open(width, height, label, "capped")]
    for level in (0, 25, 50, 75, 100):
        parts.append(f'<line class="grid" x1="{x(level):.1f}" x2="{x(level):.1f}" y1="{top - 6}" '
                     f'y2="{height - 6}"/>' + _text(x(level), 14, str(level), "middle"))
    for i, st in enumerate(stages):
        y0 = top + row * i + 5
        parts.append(_text(left - 8, y0 + 14, short(st["id"], 18), "end", "label"))
        if st["friction"] is None:
            tip = f"{st['id']}: no touchpoint (a gap)"
            shape = (f'<rect class="gap" x="{x(0):.1f}" y="{y0}" width="{x(100) - x(0):.1f}" height="{row - 10}"/>'
                     + _text(x(50), y0 + 14, "gap: no touchpoint", "middle", "label"))
        else:
            value = st["friction"]
            band = mood(value, False)
            tip = (f"{st['id']}: friction {fmt_score(value)}, {st['touchpoints']} touchpoint"
                   f"{'s' * (st['touchpoints'] != 1)}, emotion {fmt_emotion(st['emotion'])}")
            shape = (f'<rect class="bar-{band}" x="{x(0):.1f}" y="{y0}" width="{max(x(value) - x(0), 1):.1f}" '
                     f'height="{row - 10}"/>' + _text(x(value) + 4, y0 + 14, fmt_score(value), "start", "label"))
        parts.append(f"<g><title>{esc(tip)}</title>{shape}</g>")
    if limit is not None:
        parts.append(f'<g><title>{esc(f"touchpoint friction threshold {limit:g}")}</title><line class="limit" '
                     f'x1="{x(limit):.1f}" x2="{x(limit):.1f}" y1="{top - 6}" y2="{height - 6}"/></g>')
    parts.append("</svg>")
    return "".join(parts)


def line_chart(series: list[tuple[str, list[float | None]]], labels: list[str], title: str,
               low: float = 0.0, high: float = 100.0, levels: tuple[float, ...] = (0, 25, 50, 75, 100),
               level_text: dict[float, str] | None = None) -> str:
    """One line per series over shared x labels (versions, stages) on a fixed scale; series 2..4 are dashed
    as well as coloured, so they stay apart in greyscale print."""
    count = max(len(labels), 1)
    left = 104 if level_text else 40
    step = max(48.0, min(120.0, 720.0 / count))
    right, top, plot = 24, 16, 160
    slant = max((len(label) for label in labels), default=0) > 8
    bottom = 34
    if slant:  # labels slant down-left at 35°: room below for the longest, on the left for the first
        bottom += int(3.9 * max(len(short(label, 18)) for label in labels))
        left = max(left, int(5.6 * len(short(labels[0], 18)) - step / 2 + 6))
    width, height = left + right + step * count, top + plot + bottom

    def x(i: int) -> float:
        return left + step * (i + 0.5)

    def y(value: float) -> float:
        return top + (high - min(max(value, low), high)) / ((high - low) or 1) * plot

    parts = [_open(width, height, title, "capped")]
    for level in levels:
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right:.1f}" y1="{y(level):.1f}" '
                     f'y2="{y(level):.1f}"/>' + _text(left - 6, y(level) + 4,
                                                    (level_text or {}).get(level, f"{level:g}"), "end"))
    for n, (name, values) in enumerate(series, 1):
        klass = f"line s{min(n, 4)}" + (f" dash{min(n, 4)}" if n > 1 else "")
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            parts.append(f'<polyline class="{klass}" points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in points)}"/>')
        for i, value in enumerate(values):
            if value is not None:
                parts.append(f'<circle class="dot" cx="{x(i):.1f}" cy="{y(value):.1f}" r="4"><title>'
                             f"{esc(f'{name}, {labels[i]}: {value:g}')}</title></circle>")
    for i, label in enumerate(labels):
        base = top + plot + 18
        if slant:
            parts.append(_text(x(i) + 4, base, short(label, 18), "end", "label",
                               f' transform="rotate(-35 {x(i) + 4:.1f} {base})"'))
        else:
            parts.append(_text(x(i), base, label, "middle", "label"))
    parts.append("</svg>")
    return "".join(parts)
