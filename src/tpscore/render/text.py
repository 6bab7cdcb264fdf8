"""Small text helpers shared by the renderers (sparklines, arrows, number formatting)."""

from __future__ import annotations

from collections.abc import Sequence

SPARK = "▁▂▃▄▅▆▇█"
_EMOTION_GLYPHS = {-2: "▁", -1: "▃", 0: "▄", 1: "▆", 2: "█"}


def emotion_curve(emotions: Sequence[float | None]) -> str:
    """One glyph per touchpoint from very negative ▁ to very positive █ (emotion after evidence, to the
    nearest whole step); · where unknown."""
    return "".join(_EMOTION_GLYPHS.get(round(e), "·") if e is not None else "·" for e in emotions)


def sparkline(values: Sequence[float | None], low: float = 0.0, high: float = 100.0) -> str:
    """Glyphs for values on a fixed scale (so two sparklines compare); · for missing values."""
    span = (high - low) or 1.0
    out = []
    for value in values:
        if value is None:
            out.append("·")
        else:
            position = int(round((min(max(value, low), high) - low) / span * (len(SPARK) - 1)))
            out.append(SPARK[position])
    return "".join(out)


def fmt_score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def fmt_emotion(value: float | None) -> str:
    if value is None:
        return "–"
    if value == 0:
        return "0"
    return f"{value:+.1f}" if isinstance(value, float) and not float(value).is_integer() else f"{int(value):+d}"


def metric_readings(metrics: dict) -> list[str]:
    """``drop_off=0.45`` per measured metric, each value exactly as the journey file gives it (``:g`` would
    turn a volume of 12345678 into 1.23457e+07)."""
    return [f"{key}={int(value) if float(value).is_integer() else value!r}" for key, value in metrics.items()]


# What each number is, said where it is shown: the friction of a journey, a route or a stage is a share of
# customers (those who meet at least one bad outcome: "hurt"), a touchpoint's friction is a 0..100 index.
#: Under each score's value: its unit, in words.
SCORE_UNIT = {"friction": "% of customers hurt", "coverage": "% of checks passed",
              "experience": "remembered, of 100"}
#: A stage's or a route's friction: the share of the customers meeting it who are hurt there.
FRICTION_HURT = "friction (% hurt)"


MOMENT_MARKS = {"first": "F", "last": "L", "emotional": "E"}


def moment_marks(moments: Sequence[str]) -> str:
    return "".join(MOMENT_MARKS[m] for m in moments)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 error``, ``2 errors``, ``0 errors``, ``1,510 customers`` (``many`` for irregular plurals)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"
