"""和暦 (Japanese eras) ⇄ fiscal years (年度) and dates.

Fiscal year (年度) N runs from 1 April N to 31 March N+1. Fiscal years are plain ints
(the western year in which they start); `fiscal_year_of` is the one place that decides
which fiscal year a date belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sasaeai.lib.numtext import to_halfwidth

__all__ = [
    "ERAS",
    "MAX_YEAR",
    "MIN_YEAR",
    "Era",
    "ParsedFiscalYear",
    "WarekiError",
    "era_name_of_fiscal_year",
    "fiscal_year_of",
    "format_fiscal_year",
    "parse_fiscal_year",
    "parse_wareki_date",
]

MIN_YEAR = 1868
MAX_YEAR = 2200


class WarekiError(ValueError):
    """Raised when text cannot be read as a fiscal year or date; the message quotes it."""


@dataclass(frozen=True)
class Era:
    """A Japanese era: its name, first and last day (None while current) and initial."""

    name: str
    start: date
    end: date | None
    initial: str

    def western_year(self, era_year: int) -> int:
        """Return the western year of year `era_year` of this era (元年 = 1)."""
        return self.start.year + era_year - 1

    def overlaps(self, first: date, last: date) -> bool:
        """Return whether the days first..last (inclusive) share at least one day with the era."""
        return self.start <= last and (self.end is None or first <= self.end)


ERAS: tuple[Era, ...] = (
    Era("明治", date(1868, 1, 25), date(1912, 7, 29), "M"),
    Era("大正", date(1912, 7, 30), date(1926, 12, 24), "T"),
    Era("昭和", date(1926, 12, 25), date(1989, 1, 7), "S"),
    Era("平成", date(1989, 1, 8), date(2019, 4, 30), "H"),
    Era("令和", date(2019, 5, 1), None, "R"),
)
_ERA_BY_LABEL: dict[str, Era] = {label: e for e in ERAS for label in (e.name, e.initial)}

_ERA_PART = r"(?P<era>[^0-9().\-]+?)(?P<year>元|-?[0-9]{1,4})"
_WESTERN_FY = re.compile(r"(?P<year>[0-9]{1,6})(?:年度)?")
_ERA_FY = re.compile(_ERA_PART + r"(?:\((?P<w1>[0-9]{1,6})\)年度|年度\((?P<w2>[0-9]{1,6})\)|年度)?")
_ERA_DATES = (
    re.compile(_ERA_PART + r"\.(?P<month>[0-9]{1,2})\.(?P<day>[0-9]{1,2})"),
    re.compile(_ERA_PART + r"年(?P<month>[0-9]{1,2})月(?:(?P<day>[0-9]{1,2})日)?"),
)
_WESTERN_DATES = (
    re.compile(r"(?P<year>[0-9]{4})(?P<sep>[-/.])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})"),
    re.compile(r"(?P<year>[0-9]{4})年(?P<month>[0-9]{1,2})月(?:(?P<day>[0-9]{1,2})日)?"),
)


@dataclass(frozen=True)
class ParsedFiscalYear:
    """A fiscal year read from text; era and era_year only when the text was written in 和暦."""

    fiscal_year: int
    era: str | None = None
    era_year: int | None = None
    warnings: tuple[str, ...] = ()


def fiscal_year_of(d: date) -> int:
    """Return the fiscal year of d: its year from April, the previous year in January–March."""
    return d.year if d.month >= 4 else d.year - 1


def parse_fiscal_year(text: str) -> ParsedFiscalYear:
    """Return the fiscal year written as text (「令和2年度」「R2」「2020年度」…).

    Raise WarekiError for empty or unreadable text, unknown eras, era year 0, western years
    outside MIN_YEAR..MAX_YEAR, and an era year that contradicts a bracketed western year.
    Warn (not raise) when the era had already ended before that fiscal year began.
    """
    compact = _compact(text)
    if not compact:
        raise WarekiError(f"{_quote(text)}は空のため年度として解釈できません。")
    western = _WESTERN_FY.fullmatch(compact)
    if western is not None:
        return ParsedFiscalYear(_checked_year(int(western["year"]), text))
    match = _ERA_FY.fullmatch(compact)
    if match is None:
        raise WarekiError(f"{_quote(text)}を年度として解釈できません。")
    return _era_fiscal_year(match, text)


def era_name_of_fiscal_year(fy: int) -> tuple[str, int]:
    """Return (era name, era year) used to write fiscal year fy.

    Use the era in force on 1 April fy, or the era that began later in calendar year fy
    (as year 1): FY2019 → ("令和", 1), FY1988 → ("昭和", 63). Raise WarekiError before 1868.
    """
    if fy < MIN_YEAR:
        raise WarekiError(f"「{fy}年度」は明治より前のため和暦で書けません。")
    era = next(e for e in reversed(ERAS) if e.start.year <= fy)
    return era.name, fy - era.start.year + 1


def format_fiscal_year(fy: int, *, western: bool = True) -> str:
    """Return fy as 「令和2年度（2020）」, or 「令和2年度」 when western is False; 1 is 「元」."""
    name, era_year = era_name_of_fiscal_year(fy)
    label = f"{name}{_era_year_text(era_year)}年度"
    return f"{label}（{fy}）" if western else label


def parse_wareki_date(text: str) -> date:
    """Return the date written as text (「R3.3.31」「令和3年3月31日」「2021-03-31」…).

    A missing day (「平成30年7月」) means day 1. Raise WarekiError for anything else,
    impossible dates, and 和暦 dates before their era began.
    """
    compact = _compact(text)
    for pattern in _ERA_DATES:
        match = pattern.fullmatch(compact)
        if match is not None:
            return _era_date(match, text)
    for pattern in _WESTERN_DATES:
        match = pattern.fullmatch(compact)
        if match is not None:
            return _make_date(int(match["year"]), match, text)
    raise WarekiError(f"{_quote(text)}を日付として解釈できません。")


def _compact(text: str) -> str:
    """Return text half-width with every space and line break removed."""
    return "".join(to_halfwidth(text).split())


def _quote(text: str) -> str:
    """Return the offending text, trimmed, in Japanese quotation brackets."""
    return f"「{text.strip()}」"


def _era_year_text(era_year: int) -> str:
    """Return the era year as written: 「元」 for 1, digits otherwise."""
    return "元" if era_year == 1 else str(era_year)


def _checked_year(year: int, text: str) -> int:
    """Return year, or raise WarekiError when it is outside MIN_YEAR..MAX_YEAR."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise WarekiError(f"{_quote(text)}の年（{year}）は{MIN_YEAR}～{MAX_YEAR}年の範囲外です。")
    return year


def _era(label: str, text: str) -> Era:
    """Return the era named or abbreviated as label."""
    era = _ERA_BY_LABEL.get(label)
    if era is None:
        raise WarekiError(f"{_quote(text)}の元号「{label}」は扱えません。")
    return era


def _era_year(year: str, text: str) -> int:
    """Return the era year written as 「元」 or digits; raise WarekiError below 1."""
    value = 1 if year == "元" else int(year)
    if value < 1:
        raise WarekiError(f"{_quote(text)}の元号の年（{value}）は1以上でなければなりません。")
    return value


def _era_fiscal_year(match: re.Match[str], text: str) -> ParsedFiscalYear:
    """Return the fiscal year of a matched 「元号＋年＋年度＋（西暦）」."""
    era = _era(match["era"], text)
    era_year = _era_year(match["year"], text)
    fy = _checked_year(era.western_year(era_year), text)
    western = match["w1"] or match["w2"]
    if western is not None and int(western) != fy:
        written = f"{era.name}{_era_year_text(era_year)}年度＝{fy}年度"
        raise WarekiError(f"{_quote(text)}の和暦（{written}）と西暦（{western}）が一致しません。")
    return ParsedFiscalYear(fy, era.name, era_year, _overrun_warnings(era, era_year, fy))


def _overrun_warnings(era: Era, era_year: int, fy: int) -> tuple[str, ...]:
    """Return a warning when fiscal year fy begins after the era had ended."""
    if era.overlaps(date(fy, 4, 1), date(fy + 1, 3, 31)):
        return ()
    written = f"{era.name}{_era_year_text(era_year)}年度"
    treated = format_fiscal_year(fy)
    return (f"{written}は{era.name}の期間を過ぎています。{treated}として扱います。",)


def _era_date(match: re.Match[str], text: str) -> date:
    """Return the date of a matched 和暦 date; raise WarekiError before the era's first day."""
    era = _era(match["era"], text)
    year = _checked_year(era.western_year(_era_year(match["year"], text)), text)
    result = _make_date(year, match, text)
    if result < era.start:
        start = f"{era.start.year}年{era.start.month}月{era.start.day}日"
        raise WarekiError(f"{_quote(text)}は{era.name}の始まり（{start}）より前の日付です。")
    return result


def _make_date(year: int, match: re.Match[str], text: str) -> date:
    """Return date(year, month, day or 1) from the match; raise WarekiError if impossible."""
    day = int(match["day"]) if match["day"] else 1
    checked = _checked_year(year, text)
    try:
        return date(checked, int(match["month"]), day)
    except ValueError as error:
        raise WarekiError(f"{_quote(text)}は存在しない日付です。") from error
