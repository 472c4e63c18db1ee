"""Small text helpers for explanations: 和暦 fiscal years and numbers as a committee reads them.

The grading package imports nothing of the project, so the few lines of 和暦 it needs are
kept here rather than taken from `sasaeai.lib.wareki` (which they agree with).
"""

from __future__ import annotations

__all__ = ["FY_FULL", "FY_SHORT", "decimals", "fy_full", "fy_short", "num", "round_half_up"]

# Multiplying by _UP before rounding turns round-half-even on the binary value into
# round-half-up on the decimal one (2.675 → 2.68), away from zero for negatives. The nudge
# (1e-12 relative) stays below half a unit of the last digit shown as long as values are
# under _NUDGED (under _NUDGED_SCALED once multiplied by 10^decimals); larger ones are
# rounded as they are, where a binary value's error is already in the digits shown.
_UP = 1.0 + 1e-12
_NUDGED = 1e8  # num() nudges values below this
_NUDGED_SCALED = 1e11  # round_half_up() nudges values below this once scaled
_WHOLE = 2.0**52
_CLOSE = 1e-9
_SPECS = (",.0f", ",.1f", ",.2f", ",.3f")
_PLAIN = ("%.0f", "%.1f", "%.2f", "%.3f")  # faster than format() when no separator is needed
_POWERS = (1.0, 10.0, 100.0, 1000.0)


def _era(fy: int) -> str:
    """Return fiscal year fy in 和暦 as 「令和元年度」 (the era on 1 April, or new that year)."""
    if fy >= 2019:
        name, year = "令和", fy - 2018
    elif fy >= 1989:
        name, year = "平成", fy - 1988
    elif fy >= 1926:
        name, year = "昭和", fy - 1925
    elif fy >= 1912:
        name, year = "大正", fy - 1911
    elif fy >= 1868:
        name, year = "明治", fy - 1867
    else:
        return f"{fy}年度"
    return f"{name}{'元' if year == 1 else year}年度"


def fy_full(fy: int) -> str:
    """Return 「令和4年度（2022）」 for 2022."""
    return FY_FULL.get(fy) or f"{_era(fy)}（{fy}）"


def fy_short(fy: int) -> str:
    """Return 「令和元年度」 for 2019."""
    return FY_SHORT.get(fy) or _era(fy)


# Every fiscal year a plan can have, written out once: the hot path looks them up directly.
FY_FULL: dict[int, str] = {fy: f"{_era(fy)}（{fy}）" for fy in range(1868, 2201)}
FY_SHORT: dict[int, str] = {fy: _era(fy) for fy in range(1868, 2201)}


def decimals(x: float) -> int:
    """Return how many decimals x needs to be shown exactly, at most 3 (10.2 → 1, 3232.0 → 0)."""
    if x.is_integer() or x - x != 0:
        return 0
    scaled = x * 10.0
    if scaled.is_integer() or _near_whole(scaled):
        return 1
    return 2 if _near_whole(x * 100.0) else 3


def _near_whole(scaled: float) -> bool:
    """Return whether scaled is a whole number but for binary noise (11.000000000000002)."""
    fraction, noise = scaled % 1.0, _CLOSE + abs(scaled) * 1e-15
    return fraction <= noise or fraction >= 1.0 - noise


def num(x: float, d: int) -> str:
    """Return x with d (0–3) decimals, rounded half up, with separators (「3,232」「11.0」)."""
    if x >= 0.0:
        if x < 999.0:  # no separator needed: "%" formatting is the cheaper one
            return _PLAIN[d] % (x * _UP + 0.0)
        return format(x * _UP if x < _NUDGED else x, _SPECS[d])
    if x < 0.0:
        text = "-" + num(-x, d)
        return text[1:] if not text.strip("-0.,") else text  # 「-0.0」 from a tiny negative is 0
    return str(x)  # nan


def round_half_up(x: float, d: int) -> float:
    """Return x rounded half up (away from zero) to d decimals (x itself when not finite)."""
    scale = _POWERS[d]
    y = x * scale
    if -_NUDGED_SCALED < y < _NUDGED_SCALED:
        y *= _UP
    elif not -_WHOLE < y < _WHOLE:
        return x  # not finite, or already whole at this scale
    return (int(y + 0.5) if y >= 0 else -int(0.5 - y)) / scale
