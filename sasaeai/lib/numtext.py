"""Numbers as printed in Japanese plan documents (計画書に印刷された数値).

`parse_value` reads one table cell such as 「３，２３２件」「83.0（39/47校）」「－（※）」
「80％以上」「▲3」 into a `ParsedValue`; `format_value` writes a number back the way
plan documents print it. Everything here is plain text in, plain values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext

__all__ = [
    "DASHES",
    "DIRECTIONS",
    "QUALIFIERS",
    "ParsedValue",
    "ValueParseError",
    "format_value",
    "parse_value",
    "to_halfwidth",
]

# Full-width ASCII block U+FF01..U+FF5E maps onto U+0021..U+007E; ideographic space onto space.
_HALFWIDTH_TABLE: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH_TABLE[0x3000] = 0x20

DASHES = "-‐‒–—―−ー"
"""Characters that, standing alone, mean 「no value」 (after `to_halfwidth`, so 「－」 is "-")."""

DIRECTIONS: dict[str, str] = {"増加": "increase", "減少": "decrease", "維持": "maintain"}
QUALIFIERS: tuple[str, ...] = ("以上", "以下", "未満", "超")
_NEGATIVE_MARKS = "-−▲△"

_NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?"
_UNIT = r"(?:[^\W\d_]|[%％/・㎡])+"
_FOOTNOTE = re.compile(r"\(\s*[※*][0-9]*\s*\)|^\s*[※*]|[※*]\s*$")
_BRACKETED = re.compile(r"(?P<main>[^()]*)\((?P<inner>[^()]*)\)", re.DOTALL)
_VALUE = re.compile(rf"(?P<sign>[{_NEGATIVE_MARKS}+])?(?P<number>{_NUMBER})(?P<tail>.*)", re.DOTALL)
_RATIO = re.compile(rf"(?P<num>{_NUMBER})/(?P<den>{_NUMBER})(?P<unit>{_UNIT})?")
_UNIT_RE = re.compile(_UNIT)
_SPACED_DIGITS = re.compile(r"[0-9]\s+[0-9]")
_KANJI_NUMERAL = re.compile("[〇一二三四五六七八九十百千万億兆]")


class ValueParseError(ValueError):
    """Raised when a printed value cannot be read; the message quotes the text."""


@dataclass(frozen=True)
class ParsedValue:
    """One printed value, taken apart.

    `precision` is the number of decimal places as printed ("83.0" → 1), 0 without a value.
    `note` is bracketed text that is not a ratio, without the brackets.
    """

    value: Decimal | None = None
    precision: int = 0
    unit: str | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    ratio_unit: str | None = None
    note: str | None = None
    qualifier: str | None = None
    direction: str | None = None
    no_value: bool = False
    footnote_mark: bool = False
    warnings: tuple[str, ...] = ()


def to_halfwidth(text: str) -> str:
    """Return text with full-width ASCII (Ａ１，．％（）…) and U+3000 made half-width.

    Leave kana, kanji and symbols such as Ⅰ ① ※ untouched (unlike NFKC).
    """
    return text.translate(_HALFWIDTH_TABLE)


def parse_value(text: str) -> ParsedValue:
    """Return the value printed as `text`; raise ValueParseError if it is not one."""
    cleaned, footnote = _strip_footnote(to_halfwidth(text).strip())
    main, inner = _split_bracket(cleaned, text)
    parsed = _parse_main(_squeeze(main, text), text)
    if inner is not None:
        parsed = _with_bracket(parsed, inner, text)
    return replace(parsed, footnote_mark=footnote)


def format_value(value: Decimal | None, precision: int = 0, unit: str | None = None) -> str:
    """Return value as printed: thousands commas, `precision` places (half up), unit glued.

    Return 「―」 for None. Write "%" as 「％」.
    """
    if value is None:
        return "―"
    if precision < 0 or not value.is_finite():
        raise ValueParseError(f"「{value}」を桁数{precision}で書き出せません。")
    with localcontext(rounding=ROUND_HALF_UP):
        number = f"{value:,.{precision}f}"
    return number + _normalize_unit(unit or "")


def _quote(text: str) -> str:
    """Return the offending text, trimmed, in Japanese quotation brackets."""
    return f"「{text.strip()}」"


def _normalize_unit(unit: str) -> str:
    """Return unit with the half-width percent sign written full-width."""
    return unit.replace("%", "％")


def _strip_footnote(text: str) -> tuple[str, bool]:
    """Return text without （※）/※/＊ marks, and whether there was one."""
    cleaned, count = _FOOTNOTE.subn("", text)
    return cleaned.strip(), count > 0


def _split_bracket(text: str, source: str) -> tuple[str, str | None]:
    """Return (text before the trailing bracket, bracket contents or None)."""
    match = _BRACKETED.fullmatch(text)
    if match is not None:
        return match["main"], match["inner"]
    if "(" in text or ")" in text:
        raise ValueParseError(f"{_quote(source)}の括弧の使い方を解釈できません。")
    return text, None


def _squeeze(text: str, source: str) -> str:
    """Return text without any whitespace; refuse whitespace between two digits."""
    if _SPACED_DIGITS.search(text):
        raise ValueParseError(f"{_quote(source)}は数字の間に空白があるため解釈できません。")
    return "".join(text.split())


def _parse_main(main: str, source: str) -> ParsedValue:
    """Return the no-value dash, direction word or number with unit that `main` is."""
    if not main:
        raise ValueParseError(f"{_quote(source)}に値がありません。")
    if all(char in DASHES for char in main):
        return ParsedValue(no_value=True)
    if main in DIRECTIONS:
        return ParsedValue(direction=DIRECTIONS[main])
    match = _VALUE.fullmatch(main)
    if match is None:
        raise _unparsable(source)
    value, precision = _decimal(match["number"], source)
    if match["sign"] is not None and match["sign"] in _NEGATIVE_MARKS:
        value = -value
    unit, qualifier = _split_tail(match["tail"], source)
    return ParsedValue(value=value, precision=precision, unit=unit, qualifier=qualifier)


def _decimal(number: str, source: str) -> tuple[Decimal, int]:
    """Return (value, decimal places) of an unsigned number such as "8,572,349" or "83.0"."""
    whole, _, fraction = number.partition(".")
    groups = whole.split(",")
    head_ok = 1 <= len(groups[0]) <= 3
    if len(groups) > 1 and not (head_ok and all(len(group) == 3 for group in groups[1:])):
        raise ValueParseError(f"{_quote(source)}の桁区切り（，）の位置が正しくありません。")
    digits = "".join(groups) + (f".{fraction}" if fraction else "")
    return Decimal(digits), len(fraction)


def _split_tail(tail: str, source: str) -> tuple[str | None, str | None]:
    """Return (unit, qualifier) from the text glued after a number, e.g. "件以下"."""
    qualifier = next((word for word in QUALIFIERS if tail.endswith(word)), None)
    unit = tail[: len(tail) - len(qualifier)] if qualifier else tail
    if unit and not _UNIT_RE.fullmatch(unit):
        raise _unparsable(source)
    return (_normalize_unit(unit) if unit else None), qualifier


def _unparsable(source: str) -> ValueParseError:
    """Return the error for text that is not a value, naming kanji numerals if present."""
    if _KANJI_NUMERAL.search(source):
        message = "は漢数字を含むため数値として解釈できません。算用数字で書いてください。"
        return ValueParseError(_quote(source) + message)
    return ValueParseError(f"{_quote(source)}を数値として解釈できません。")


def _with_bracket(parsed: ParsedValue, inner: str, source: str) -> ParsedValue:
    """Return parsed with the bracket contents added as a ratio or as a note."""
    match = None if _SPACED_DIGITS.search(inner) else _RATIO.fullmatch("".join(inner.split()))
    if match is None:
        note = " ".join(inner.split())
        if not note:
            raise ValueParseError(f"{_quote(source)}の括弧の中が空です。")
        return replace(parsed, note=note)
    numerator, _ = _decimal(match["num"], source)
    denominator, _ = _decimal(match["den"], source)
    unit = _normalize_unit(match["unit"]) if match["unit"] else None
    warnings = _ratio_warnings(parsed, numerator, denominator, source)
    return replace(
        parsed, numerator=numerator, denominator=denominator, ratio_unit=unit, warnings=warnings
    )


def _ratio_warnings(
    parsed: ParsedValue, numerator: Decimal, denominator: Decimal, source: str
) -> tuple[str, ...]:
    """Return a warning when the value is neither the numerator nor its share (％ or fraction)."""
    if parsed.value is None or denominator == 0:
        return ()
    share = numerator / denominator
    tolerance = Decimal(1).scaleb(-parsed.precision)
    candidates = (numerator, share * 100, share)
    if any(abs(parsed.value - candidate) <= tolerance for candidate in candidates):
        return ()
    ratio = f"{numerator}/{denominator}"
    return (f"{_quote(source)}の値{parsed.value}が{ratio}から求めた割合と合いません。",)
