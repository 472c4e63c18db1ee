"""Tests for sasaeai.lib.numtext: numbers as printed in Japanese plan documents."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sasaeai.lib.numtext import (
    ParsedValue,
    ValueParseError,
    format_value,
    parse_value,
    to_halfwidth,
)

D = Decimal

# --- to_halfwidth -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("３，２３２件", "3,232件"),
        ("１０．２％", "10.2%"),
        ("（３９／４７）", "(39/47)"),
        ("－＋＊", "-+*"),
        ("ＡＢＣｘｙｚ", "ABCxyz"),
        ("令和\u3000２年度", "令和 2年度"),
        ("Ⅰ①※", "Ⅰ①※"),
        ("ｱｲｳ", "ｱｲｳ"),
        ("あいう漢字ー―", "あいう漢字ー―"),
        ("～", "~"),
        ("abc 123", "abc 123"),
    ],
)
def test_to_halfwidth(text: str, expected: str) -> None:
    assert to_halfwidth(text) == expected


@given(st.text())
def test_to_halfwidth_is_idempotent(text: str) -> None:
    once = to_halfwidth(text)
    assert to_halfwidth(once) == once
    assert len(once) == len(text)


# --- parse_value: accepted --------------------------------------------------------------

PV = ParsedValue
NO_VALUE = PV(no_value=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3,232", PV(value=D("3232"))),
        ("３，２３２", PV(value=D("3232"))),
        ("３，２３２件", PV(value=D("3232"), unit="件")),
        ("２１，９１１件", PV(value=D("21911"), unit="件")),
        ("1,056人", PV(value=D("1056"), unit="人")),
        ("１３５人", PV(value=D("135"), unit="人")),
        ("600人", PV(value=D("600"), unit="人")),
        ("10.2％", PV(value=D("10.2"), precision=1, unit="％")),
        ("10.2%", PV(value=D("10.2"), precision=1, unit="％")),
        ("１０．２％", PV(value=D("10.2"), precision=1, unit="％")),
        ("68.4", PV(value=D("68.4"), precision=1)),
        ("83.0", PV(value=D("83.0"), precision=1)),
        ("0.125", PV(value=D("0.125"), precision=3)),
        ("8,572,349", PV(value=D("8572349"))),
        ("1,234.56円", PV(value=D("1234.56"), precision=2, unit="円")),
        ("0", PV(value=D("0"))),
        ("3中学校区", PV(value=D("3"), unit="中学校区")),
        ("12箇所", PV(value=D("12"), unit="箇所")),
        ("4,321世帯", PV(value=D("4321"), unit="世帯")),
        ("1,200万円", PV(value=D("1200"), unit="万円")),
        ("2回/年", PV(value=D("2"), unit="回/年")),
        ("  600 人 \n", PV(value=D("600"), unit="人")),
        ("3, 232", PV(value=D("3232"))),
        # negatives
        ("-3", PV(value=D("-3"))),
        ("－３", PV(value=D("-3"))),
        ("▲3", PV(value=D("-3"))),
        ("△3", PV(value=D("-3"))),
        ("▲1,234.5人", PV(value=D("-1234.5"), precision=1, unit="人")),
        ("+3", PV(value=D("3"))),
        # no value
        ("－", NO_VALUE),
        ("―", NO_VALUE),
        ("-", NO_VALUE),
        ("‐", NO_VALUE),
        ("—", NO_VALUE),
        ("‒", NO_VALUE),
        ("–", NO_VALUE),
        ("ー", NO_VALUE),
        (" － ", NO_VALUE),
        ("－（※）", PV(no_value=True, footnote_mark=True)),
        ("―※", PV(no_value=True, footnote_mark=True)),
        # directions
        ("増加", PV(direction="increase")),
        ("減少", PV(direction="decrease")),
        ("維持", PV(direction="maintain")),
        (" 増加\n", PV(direction="increase")),
        ("\u3000維持\u3000", PV(direction="maintain")),
        # qualifiers
        ("100以上", PV(value=D("100"), qualifier="以上")),
        ("80％以上", PV(value=D("80"), unit="％", qualifier="以上")),
        ("5件以下", PV(value=D("5"), unit="件", qualifier="以下")),
        ("10未満", PV(value=D("10"), qualifier="未満")),
        ("100人超", PV(value=D("100"), unit="人", qualifier="超")),
        # ratios
        (
            "83.0（39/47校）",
            PV(
                value=D("83.0"),
                precision=1,
                numerator=D("39"),
                denominator=D("47"),
                ratio_unit="校",
            ),
        ),
        (
            "83.0\n（39/47 校）",
            PV(
                value=D("83.0"),
                precision=1,
                numerator=D("39"),
                denominator=D("47"),
                ratio_unit="校",
            ),
        ),
        (
            "94.6（469/496）",
            PV(value=D("94.6"), precision=1, numerator=D("469"), denominator=D("496")),
        ),
        (
            "９４．６％（４６９／４９６人）",
            PV(
                value=D("94.6"),
                precision=1,
                unit="％",
                numerator=D("469"),
                denominator=D("496"),
                ratio_unit="人",
            ),
        ),
        ("39（39/47）", PV(value=D("39"), numerator=D("39"), denominator=D("47"))),
        ("0（0/0）", PV(value=D("0"), numerator=D("0"), denominator=D("0"))),
        ("－（0/12）", PV(no_value=True, numerator=D("0"), denominator=D("12"))),
        # notes
        ("31（267点）", PV(value=D("31"), note="267点")),
        ("13（全26施設）", PV(value=D("13"), note="全26施設")),
        ("100（R3.3.31 現在）", PV(value=D("100"), note="R3.3.31 現在")),
        ("１００（Ｒ３．３．３１\u3000現在）", PV(value=D("100"), note="R3.3.31 現在")),
        ("13（全 26\n施設）", PV(value=D("13"), note="全 26 施設")),
        ("5（2021/3/31現在）", PV(value=D("5"), note="2021/3/31現在")),
        # footnote marks
        ("83.0※", PV(value=D("83.0"), precision=1, footnote_mark=True)),
        ("※83.0", PV(value=D("83.0"), precision=1, footnote_mark=True)),
        ("83.0（※）", PV(value=D("83.0"), precision=1, footnote_mark=True)),
        ("83.0（※1）", PV(value=D("83.0"), precision=1, footnote_mark=True)),
        ("83.0＊", PV(value=D("83.0"), precision=1, footnote_mark=True)),
        ("31（267点）※", PV(value=D("31"), note="267点", footnote_mark=True)),
    ],
)
def test_parse_value(text: str, expected: ParsedValue) -> None:
    assert parse_value(text) == expected


def test_parse_value_keeps_printed_precision() -> None:
    assert str(parse_value("83.0").value) == "83.0"
    assert str(parse_value("1,000.50").value) == "1000.50"


def test_parse_value_warns_on_inconsistent_ratio() -> None:
    assert parse_value("50（10/47）") == PV(
        value=D("50"),
        numerator=D("10"),
        denominator=D("47"),
        warnings=("「50（10/47）」の値50が10/47から求めた割合と合いません。",),
    )


@pytest.mark.parametrize("text", ["83.0（39/47）", "82.9（39/47）", "0.83（39/47）", "21（21/47）"])
def test_parse_value_accepts_consistent_ratio(text: str) -> None:
    assert parse_value(text).warnings == ()


# --- parse_value: rejected --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "「」に値がありません。"),
        ("   \n", "「」に値がありません。"),
        ("（※）", "「（※）」に値がありません。"),
        ("※", "「※」に値がありません。"),
        (".", "「.」を数値として解釈できません。"),
        (",", "「,」を数値として解釈できません。"),
        ("．", "「．」を数値として解釈できません。"),
        (".5", "「.5」を数値として解釈できません。"),
        ("5.", "「5.」を数値として解釈できません。"),
        ("3.3.31", "「3.3.31」を数値として解釈できません。"),
        ("abc", "「abc」を数値として解釈できません。"),
        ("Ⅰ", "「Ⅰ」を数値として解釈できません。"),
        ("①", "「①」を数値として解釈できません。"),
        ("なし", "「なし」を数値として解釈できません。"),
        ("増加傾向", "「増加傾向」を数値として解釈できません。"),
        ("3-4", "「3-4」を数値として解釈できません。"),
        ("--3", "「--3」を数値として解釈できません。"),
        ("ー3", "「ー3」を数値として解釈できません。"),
        ("1e5", "「1e5」を数値として解釈できません。"),
        (
            "令和２年度（R3.3.31 現在）",
            "「令和２年度（R3.3.31 現在）」を数値として解釈できません。",
        ),
        (
            "1万2千",
            "「1万2千」は漢数字を含むため数値として解釈できません。算用数字で書いてください。",
        ),
        ("三", "「三」は漢数字を含むため数値として解釈できません。算用数字で書いてください。"),
        ("32,32", "「32,32」の桁区切り（，）の位置が正しくありません。"),
        ("1,0000", "「1,0000」の桁区切り（，）の位置が正しくありません。"),
        ("1234,567", "「1234,567」の桁区切り（，）の位置が正しくありません。"),
        ("3,", "「3,」の桁区切り（，）の位置が正しくありません。"),
        ("1,,000", "「1,,000」の桁区切り（，）の位置が正しくありません。"),
        ("1 000", "「1 000」は数字の間に空白があるため解釈できません。"),
        ("８３．０（）", "「８３．０（）」の括弧の中が空です。"),
        ("3（4", "「3（4」の括弧の使い方を解釈できません。"),
        ("3（4）（5）", "「3（4）（5）」の括弧の使い方を解釈できません。"),
        ("(4)3", "「(4)3」の括弧の使い方を解釈できません。"),
        ("83.0（3,9/47）", "「83.0（3,9/47）」の桁区切り（，）の位置が正しくありません。"),
    ],
)
def test_parse_value_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_value(text)
    assert str(caught.value) == message


def test_value_parse_error_is_value_error() -> None:
    assert issubclass(ValueParseError, ValueError)


@given(st.text())
def test_parse_value_only_raises_value_parse_error(text: str) -> None:
    try:
        result = parse_value(text)
    except ValueParseError:
        return
    assert isinstance(result, ParsedValue)


@given(st.text(alphabet="0123456789,.，．-▲()（）/%％※ 件人以上万ー―増加", max_size=20))
def test_parse_value_near_misses_only_raise_value_parse_error(text: str) -> None:
    try:
        result = parse_value(text)
    except ValueParseError:
        return
    assert result.no_value or result.direction is not None or result.value is not None


# --- format_value -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision", "unit", "expected"),
    [
        (D("3232"), 0, None, "3,232"),
        (D("83.0"), 1, None, "83.0"),
        (D("83"), 1, None, "83.0"),
        (D("10.2"), 1, "％", "10.2％"),
        (D("10.2"), 1, "%", "10.2％"),
        (D("1056"), 0, "人", "1,056人"),
        (D("8572349"), 0, None, "8,572,349"),
        (D("999"), 0, None, "999"),
        (D("0"), 2, None, "0.00"),
        (D("-1234.5"), 1, None, "-1,234.5"),
        (D("2.5"), 0, None, "3"),
        (D("0.05"), 1, None, "0.1"),
        (D("94.55"), 1, "％", "94.6％"),
        (None, 0, None, "―"),
        (None, 1, "人", "―"),
    ],
)
def test_format_value(
    value: Decimal | None, precision: int, unit: str | None, expected: str
) -> None:
    assert format_value(value, precision, unit) == expected


def test_format_value_defaults() -> None:
    assert format_value(D("1234")) == "1,234"


@pytest.mark.parametrize(("value", "precision"), [(D("1"), -1), (D("NaN"), 0), (D("Infinity"), 0)])
def test_format_value_rejects(value: Decimal, precision: int) -> None:
    with pytest.raises(ValueParseError):
        format_value(value, precision)


UNITS = [None, "件", "人", "％", "回", "箇所", "円", "世帯", "団体", "校", "個", "中学校区", "施設"]


@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(UNITS),
)
def test_format_then_parse_round_trips(digits: int, precision: int, unit: str | None) -> None:
    value = Decimal(digits).scaleb(-precision)
    parsed = parse_value(format_value(value, precision, unit))
    assert (parsed.value, parsed.precision, parsed.unit) == (value, precision, unit)
    assert parsed.warnings == ()


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(UNITS),
)
def test_fullwidth_format_parses_the_same(digits: int, precision: int, unit: str | None) -> None:
    text = format_value(Decimal(digits).scaleb(-precision), precision, unit)
    fullwidth = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    assert parse_value(fullwidth) == parse_value(text)
