"""Tests for sasaeai.lib.wareki: 和暦 ⇄ fiscal year and dates."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sasaeai.lib.wareki import (
    ERAS,
    MAX_YEAR,
    MIN_YEAR,
    Era,
    ParsedFiscalYear,
    WarekiError,
    era_name_of_fiscal_year,
    fiscal_year_of,
    format_fiscal_year,
    parse_fiscal_year,
    parse_wareki_date,
)


def to_fullwidth(text: str) -> str:
    """Return text with printable ASCII made full-width and spaces made U+3000."""
    return "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text
    )


# --- eras -------------------------------------------------------------------------------


def test_eras_table() -> None:
    expected = (
        Era("明治", date(1868, 1, 25), date(1912, 7, 29), "M"),
        Era("大正", date(1912, 7, 30), date(1926, 12, 24), "T"),
        Era("昭和", date(1926, 12, 25), date(1989, 1, 7), "S"),
        Era("平成", date(1989, 1, 8), date(2019, 4, 30), "H"),
        Era("令和", date(2019, 5, 1), None, "R"),
    )
    assert expected == ERAS


def test_eras_are_contiguous() -> None:
    for earlier, later in pairwise(ERAS):
        assert earlier.end is not None
        assert earlier.end + timedelta(days=1) == later.start


def test_era_is_frozen() -> None:
    with pytest.raises(AttributeError):
        ERAS[0].name = "x"  # type: ignore[misc]


# --- fiscal_year_of ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2020, 4, 1), 2020),
        (date(2020, 3, 31), 2019),
        (date(2021, 3, 31), 2020),
        (date(2020, 12, 31), 2020),
        (date(2021, 1, 1), 2020),
        (date(2019, 4, 30), 2019),
        (date(2019, 5, 1), 2019),
        (date(1989, 1, 7), 1988),
        (date(1989, 1, 8), 1988),
    ],
)
def test_fiscal_year_of(day: date, expected: int) -> None:
    assert fiscal_year_of(day) == expected


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2300, 12, 31)))
def test_fiscal_year_of_april_boundaries(day: date) -> None:
    fy = fiscal_year_of(day)
    assert date(fy, 4, 1) <= day <= date(fy + 1, 3, 31)
    assert fy == (day.year - 1 if day.month <= 3 else day.year)


# --- parse_fiscal_year: accepted --------------------------------------------------------

REIWA2 = ParsedFiscalYear(2020, "令和", 2, ())
REIWA1 = ParsedFiscalYear(2019, "令和", 1, ())
HEISEI31 = ParsedFiscalYear(2019, "平成", 31, ())
WESTERN2020 = ParsedFiscalYear(2020, None, None, ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和2年度", REIWA2),
        ("令和２年度", REIWA2),
        ("令和元年度", REIWA1),
        ("令和1年度", REIWA1),
        ("令和元", REIWA1),
        ("平成31年度", HEISEI31),
        ("平成３１年度", HEISEI31),
        ("H31", HEISEI31),
        ("R2年度", REIWA2),
        ("R2", REIWA2),
        ("Ｒ２年度", REIWA2),
        ("Ｒ２", REIWA2),
        ("令和2（2020）年度", REIWA2),
        ("令和2(2020)年度", REIWA2),
        ("令和２年度（2020）", REIWA2),
        ("令和２年度（２０２０）", REIWA2),
        ("令和元（2019）年度", REIWA1),
        ("R元年度", REIWA1),
        ("2020年度", WESTERN2020),
        ("２０２０年度", WESTERN2020),
        ("2020", WESTERN2020),
        ("  令和2年度\n", REIWA2),
        ("\n 2020 \t", WESTERN2020),
        ("令和 ２ 年度", REIWA2),
        ("令 和 ２ 年 度", REIWA2),
        ("令\u3000和\u3000２\u3000年\u3000度", REIWA2),
        ("令和2\n年度", REIWA2),
        ("令和02年度", REIWA2),
        ("昭和63年度", ParsedFiscalYear(1988, "昭和", 63, ())),
        ("平成元年度", ParsedFiscalYear(1989, "平成", 1, ())),
        ("S63", ParsedFiscalYear(1988, "昭和", 63, ())),
        ("大正元年度", ParsedFiscalYear(1912, "大正", 1, ())),
        ("T15年度", ParsedFiscalYear(1926, "大正", 15, ())),
        ("明治元年度", ParsedFiscalYear(1868, "明治", 1, ())),
        ("M45", ParsedFiscalYear(1912, "明治", 45, ())),
        ("1868年度", ParsedFiscalYear(1868, None, None, ())),
        ("2200", ParsedFiscalYear(2200, None, None, ())),
        ("令和182年度", ParsedFiscalYear(2200, "令和", 182, ())),
    ],
)
def test_parse_fiscal_year(text: str, expected: ParsedFiscalYear) -> None:
    assert parse_fiscal_year(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "平成35年度",
            ParsedFiscalYear(
                2023,
                "平成",
                35,
                ("平成35年度は平成の期間を過ぎています。令和5年度（2023）として扱います。",),
            ),
        ),
        (
            "H35",
            ParsedFiscalYear(
                2023,
                "平成",
                35,
                ("平成35年度は平成の期間を過ぎています。令和5年度（2023）として扱います。",),
            ),
        ),
        (
            "平成32年度",
            ParsedFiscalYear(
                2020,
                "平成",
                32,
                ("平成32年度は平成の期間を過ぎています。令和2年度（2020）として扱います。",),
            ),
        ),
        (
            "平成32（2020）年度",
            ParsedFiscalYear(
                2020,
                "平成",
                32,
                ("平成32年度は平成の期間を過ぎています。令和2年度（2020）として扱います。",),
            ),
        ),
        (
            "昭和64年度",
            ParsedFiscalYear(
                1989,
                "昭和",
                64,
                ("昭和64年度は昭和の期間を過ぎています。平成元年度（1989）として扱います。",),
            ),
        ),
        (
            "大正16年度",
            ParsedFiscalYear(
                1927,
                "大正",
                16,
                ("大正16年度は大正の期間を過ぎています。昭和2年度（1927）として扱います。",),
            ),
        ),
    ],
)
def test_parse_fiscal_year_past_era_end_warns(text: str, expected: ParsedFiscalYear) -> None:
    assert parse_fiscal_year(text) == expected


# --- parse_fiscal_year: rejected --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "「」は空のため年度として解釈できません。"),
        ("  \n ", "「」は空のため年度として解釈できません。"),
        ("令和0年度", "「令和0年度」の元号の年（0）は1以上でなければなりません。"),
        ("令和-1年度", "「令和-1年度」の元号の年（-1）は1以上でなければなりません。"),
        ("慶応3年度", "「慶応3年度」の元号「慶応」は扱えません。"),
        ("X2年度", "「X2年度」の元号「X」は扱えません。"),
        ("r2", "「r2」の元号「r」は扱えません。"),
        ("令和年度", "「令和年度」を年度として解釈できません。"),
        ("年度", "「年度」を年度として解釈できません。"),
        ("garbage", "「garbage」を年度として解釈できません。"),
        ("令和2年", "「令和2年」を年度として解釈できません。"),
        ("令和2年度(2020)(2020)", "「令和2年度(2020)(2020)」を年度として解釈できません。"),
        ("1867年度", "「1867年度」の年（1867）は1868～2200年の範囲外です。"),
        ("2201", "「2201」の年（2201）は1868～2200年の範囲外です。"),
        ("99", "「99」の年（99）は1868～2200年の範囲外です。"),
        ("令和183年度", "「令和183年度」の年（2201）は1868～2200年の範囲外です。"),
        (
            "令和2年度（2021）",
            "「令和2年度（2021）」の和暦（令和2年度＝2020年度）と西暦（2021）が一致しません。",
        ),
        (
            "令和元（2020）年度",
            "「令和元（2020）年度」の和暦（令和元年度＝2019年度）と西暦（2020）が一致しません。",
        ),
        (
            "平成31年度（2020）",
            "「平成31年度（2020）」の和暦（平成31年度＝2019年度）と西暦（2020）が一致しません。",
        ),
    ],
)
def test_parse_fiscal_year_rejects(text: str, message: str) -> None:
    with pytest.raises(WarekiError) as caught:
        parse_fiscal_year(text)
    assert str(caught.value) == message


def test_wareki_error_is_value_error() -> None:
    assert issubclass(WarekiError, ValueError)


# --- era_name_of_fiscal_year / format_fiscal_year ---------------------------------------


@pytest.mark.parametrize(
    ("fy", "expected"),
    [
        (2019, ("令和", 1)),
        (2020, ("令和", 2)),
        (2018, ("平成", 30)),
        (1989, ("平成", 1)),
        (1988, ("昭和", 63)),
        (1926, ("昭和", 1)),
        (1925, ("大正", 14)),
        (1912, ("大正", 1)),
        (1911, ("明治", 44)),
        (1868, ("明治", 1)),
        (2200, ("令和", 182)),
    ],
)
def test_era_name_of_fiscal_year(fy: int, expected: tuple[str, int]) -> None:
    assert era_name_of_fiscal_year(fy) == expected


def test_era_name_of_fiscal_year_rejects_before_meiji() -> None:
    with pytest.raises(WarekiError) as caught:
        era_name_of_fiscal_year(1867)
    assert str(caught.value) == "「1867年度」は明治より前のため和暦で書けません。"


@pytest.mark.parametrize(
    ("fy", "western", "expected"),
    [
        (2020, True, "令和2年度（2020）"),
        (2019, True, "令和元年度（2019）"),
        (2018, True, "平成30年度（2018）"),
        (1989, True, "平成元年度（1989）"),
        (1988, True, "昭和63年度（1988）"),
        (2020, False, "令和2年度"),
        (2019, False, "令和元年度"),
        (1868, False, "明治元年度"),
    ],
)
def test_format_fiscal_year(fy: int, western: bool, expected: str) -> None:
    assert format_fiscal_year(fy, western=western) == expected


def test_format_fiscal_year_default_is_western() -> None:
    assert format_fiscal_year(2024) == "令和6年度（2024）"


def test_format_fiscal_year_rejects_before_meiji() -> None:
    with pytest.raises(WarekiError):
        format_fiscal_year(1800)


fiscal_years = st.integers(min_value=MIN_YEAR, max_value=MAX_YEAR)


@given(fiscal_years, st.booleans())
def test_format_then_parse_round_trips(fy: int, western: bool) -> None:
    parsed = parse_fiscal_year(format_fiscal_year(fy, western=western))
    assert parsed.fiscal_year == fy
    assert parsed.warnings == ()
    assert (parsed.era, parsed.era_year) == era_name_of_fiscal_year(fy)


@given(fiscal_years, st.booleans())
def test_fullwidth_format_parses_the_same(fy: int, western: bool) -> None:
    text = to_fullwidth(format_fiscal_year(fy, western=western))
    assert parse_fiscal_year(text) == parse_fiscal_year(format_fiscal_year(fy, western=western))


@given(fiscal_years)
def test_written_era_overlaps_the_fiscal_year(fy: int) -> None:
    name, era_year = era_name_of_fiscal_year(fy)
    era = next(e for e in ERAS if e.name == name)
    assert era.western_year(era_year) == fy
    assert era.overlaps(date(fy, 4, 1), date(fy + 1, 3, 31))


@given(fiscal_years)
def test_western_year_parses_without_era(fy: int) -> None:
    assert parse_fiscal_year(f"{fy}年度") == ParsedFiscalYear(fy, None, None, ())
    assert parse_fiscal_year(to_fullwidth(str(fy))) == ParsedFiscalYear(fy, None, None, ())


@given(st.text())
def test_parse_fiscal_year_only_raises_wareki_error(text: str) -> None:
    try:
        result = parse_fiscal_year(text)
    except WarekiError:
        return
    assert MIN_YEAR <= result.fiscal_year <= MAX_YEAR


@given(st.text(alphabet="令和平成昭元RHS0123456789年度()（）２０ -", max_size=16))
def test_parse_fiscal_year_near_misses_only_raise_wareki_error(text: str) -> None:
    try:
        result = parse_fiscal_year(text)
    except WarekiError:
        return
    assert MIN_YEAR <= result.fiscal_year <= MAX_YEAR


# --- parse_wareki_date ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R3.3.31", date(2021, 3, 31)),
        ("Ｒ３．３．３１", date(2021, 3, 31)),
        ("令和3年3月31日", date(2021, 3, 31)),
        ("令和３年３月３１日", date(2021, 3, 31)),
        ("令和 ３ 年 ３ 月 ３１ 日", date(2021, 3, 31)),
        ("平成30年7月", date(2018, 7, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("R1.5.1", date(2019, 5, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("平成33年3月31日", date(2021, 3, 31)),
        ("S64.1.7", date(1989, 1, 7)),
        ("2021/3/31", date(2021, 3, 31)),
        ("2021-03-31", date(2021, 3, 31)),
        ("２０２１／０３／３１", date(2021, 3, 31)),
        ("2021.3.31", date(2021, 3, 31)),
        ("2021年3月31日", date(2021, 3, 31)),
        ("2021年3月", date(2021, 3, 1)),
        (" 2020-02-29 \n", date(2020, 2, 29)),
    ],
)
def test_parse_wareki_date(text: str, expected: date) -> None:
    assert parse_wareki_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("R3.2.30", "「R3.2.30」は存在しない日付です。"),
        ("令和3年13月1日", "「令和3年13月1日」は存在しない日付です。"),
        ("2021-02-29", "「2021-02-29」は存在しない日付です。"),
        ("2021/0/1", "「2021/0/1」は存在しない日付です。"),
        ("令和1年4月1日", "「令和1年4月1日」は令和の始まり（2019年5月1日）より前の日付です。"),
        ("H1.1.7", "「H1.1.7」は平成の始まり（1989年1月8日）より前の日付です。"),
        ("R0.5.1", "「R0.5.1」の元号の年（0）は1以上でなければなりません。"),
        ("K3.3.31", "「K3.3.31」の元号「K」は扱えません。"),
        ("2021/3-31", "「2021/3-31」を日付として解釈できません。"),
        ("R3.3", "「R3.3」を日付として解釈できません。"),
        ("令和3年度", "「令和3年度」を日付として解釈できません。"),
        ("", "「」を日付として解釈できません。"),
        ("1867/12/31", "「1867/12/31」の年（1867）は1868～2200年の範囲外です。"),
    ],
)
def test_parse_wareki_date_rejects(text: str, message: str) -> None:
    with pytest.raises(WarekiError) as caught:
        parse_wareki_date(text)
    assert str(caught.value) == message


days = st.dates(min_value=ERAS[0].start, max_value=date(MAX_YEAR, 12, 31))


@given(days)
def test_iso_dates_round_trip(day: date) -> None:
    assert parse_wareki_date(day.isoformat()) == day


@given(days, st.booleans())
def test_era_dates_round_trip(day: date, initial: bool) -> None:
    era = next(e for e in reversed(ERAS) if e.start <= day)
    era_year = day.year - era.start.year + 1
    label = era.initial if initial else era.name
    assert parse_wareki_date(f"{label}{era_year}年{day.month}月{day.day}日") == day
    assert parse_wareki_date(to_fullwidth(f"{label}{era_year}.{day.month}.{day.day}")) == day


@given(st.text())
def test_parse_wareki_date_only_raises_wareki_error(text: str) -> None:
    try:
        result = parse_wareki_date(text)
    except WarekiError:
        return
    assert MIN_YEAR <= result.year <= MAX_YEAR
