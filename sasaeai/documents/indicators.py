"""Indicator tables (指標): a header that names the columns, then rows however the PDF broke them.

A row is read as a stream of tokens rather than line by line, because the extraction puts a
cell on the name's line, on the next line, or splits it: the name (with footnote numbers and a
source note interleaved), an optional unit, one value per value column, then 担当 when the
table has that column. The header tells how many values a row holds, which is what decides
whether a lone number is a footnote mark or a value. Whatever is guessed is said in `unsure`
and lowers the row's confidence; nothing missing is filled in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sasaeai.lib.numtext import DIRECTIONS, ParsedValue, ValueParseError, parse_value
from sasaeai.lib.wareki import WarekiError, parse_fiscal_year

from .text import join_lines, looks_like_department, squash, tidy, to_halfwidth

__all__ = ["Header", "IndicatorTable", "is_table_start", "read_header", "read_rows"]

_ERA = r"(?:明治|大正|昭和|平成|令和)"
_YEAR = (
    rf"{_ERA}(?:元|\d{{1,2}})年度?(?:\(\d{{4}}(?:年度)?\))?"
    r"|\(\d{4}(?:年度)?\)|\d{4}年度|[RH](?:元|\d{1,2})(?:年度?)?"
)
_KIND_WORDS = {
    "baseline": ("現状", "現況", "基準", "策定時", "計画策定時", "直近"),
    "target": ("目標", "中間目標", "最終目標"),
    "actual": ("実績",),
}
_HEADER_TOKEN = re.compile(
    rf"(?P<year>{_YEAR})"
    r"|(?P<kind>計画策定時|策定時|中間目標|最終目標|現状|現況|基準|直近|目標|実績)値?"
    r"|(?P<unit>単位)"
    r"|(?P<resp>担当(?:課等?|部署|部局)?|所管(?:課|部署)?|実施主体)"
    r"|(?P<name>指標名?|項目名?|評価指標|成果指標)"
    r"|(?P<other>備考|年度|前期|後期|中間|最終|値|の|[()・/※])"
)
_NOTE_START = re.compile(r"^\s*(?:[（(]?※\s*\d*[）)]?|＊|\*|注\s*\d*\s*[）)：:])")
_FOOTNOTE_DEF = re.compile(r"^\s*\d{1,3}\s+\S")
_BARE_INT = re.compile(r"^\d{1,3}$")
_BRACKET_SPACES = re.compile(r"[（(][^（）()]*[）)]")
_MARKERS = re.compile(r"^\s*(?:[●■◆◇▼]|==)")

UNITS = (
    "人",
    "件",
    "回",
    "円",
    "千円",
    "万円",
    "％",
    "%",
    "ポイント",
    "箇所",
    "か所",
    "カ所",
    "ヶ所",
    "ケ所",
    "世帯",
    "団体",
    "個",
    "軒",
    "校",
    "校区",
    "中学校区",
    "小学校区",
    "圏域",
    "日常生活圏域",
    "地区",
    "施設",
    "事業所",
    "日",
    "時間",
    "人日",
    "冊",
    "部",
    "点",
    "園",
    "店",
    "組",
    "戸",
    "社",
    "法人",
    "自治会",
    "歳",
    "年",
    "倍",
    "割",
    "名",
    "グループ",
    "クラブ",
    "講座",
    "台",
    "本",
    "床",
    "人/年",
    "件/年",
    "回/年",
)


@dataclass
class Column:
    kind: str  # baseline, target, actual
    year: int | None


@dataclass
class Header:
    columns: list[Column]
    unit: bool = False
    unit_after: bool = False
    responsible: bool = False
    unsure: list[str] = field(default_factory=list)


@dataclass
class Token:
    text: str
    line: int  # 0-based index into the document's lines
    kind: str  # val, brk, txt
    parsed: ParsedValue | None = None
    first_on_line: bool = False


@dataclass
class Row:
    name: list[Token] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    source_notes: list[str] = field(default_factory=list)
    unit: str | None = None
    cells: list[tuple[Token, list[Token]]] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)
    confidence: float = 1.0

    def doubt(self, reason: str, factor: float) -> None:
        self.unsure.append(reason)
        self.confidence = round(self.confidence * factor, 2)


@dataclass
class IndicatorTable:
    indicators: list[dict[str, Any]]
    notes: list[str]
    end: int
    unsure: list[str] = field(default_factory=list)


def is_table_start(line: str) -> bool:
    """Return whether the line opens an indicator table (its header's first line)."""
    text = squash(to_halfwidth(line))
    return (
        bool(text)
        and _is_header_line(text)
        and bool(re.match(r"(?:指標名|評価指標|成果指標|指標)", text))
    )


def _is_header_line(text: str) -> bool:
    pos = 0
    while pos < len(text):
        match = _HEADER_TOKEN.match(text, pos)
        if match is None:
            return False
        pos = match.end()
    return True


def read_header(lines: list[str], start: int) -> tuple[Header, int]:
    """Return the table's header read from lines[start:], and the index after it."""
    tokens: list[tuple[str, str]] = []
    i = start
    while i < len(lines):
        text = squash(to_halfwidth(lines[i]))
        if text and not _is_header_line(text):
            break
        for match in _HEADER_TOKEN.finditer(text):
            kind = match.lastgroup or "other"
            tokens.append((kind, match.group(0)))
        i += 1
    return _header(tokens), i


def _header(tokens: list[tuple[str, str]]) -> Header:
    kinds = [_kind_of(text) for kind, text in tokens if kind == "kind"]
    years = _years([text for kind, text in tokens if kind == "year"])
    order = [kind for kind, _ in tokens]
    first_value = next((n for n, k in enumerate(order) if k in ("kind", "year")), len(order))
    header = Header(columns=[])
    if "unit" in order:
        header.unit = True
        header.unit_after = order.index("unit") > first_value
    header.responsible = "resp" in order
    if not kinds:
        kinds = ["baseline"] + ["target"] * max(len(years) - 1, 0)
        header.unsure.append(
            "表の見出しに現状値・目標値の区別がないため、最初の年度を現状値とみなしました"
        )
    while len(kinds) < len(years):
        kinds.append(kinds[-1])
    if len(years) < len(kinds):
        header.unsure.append("表の見出しに年度が足りません（年度を空にしました）")
    header.columns = [
        Column(kind, years[n] if n < len(years) else None) for n, kind in enumerate(kinds)
    ]
    return header


def _kind_of(word: str) -> str:
    word = word.removesuffix("値")
    return next(kind for kind, words in _KIND_WORDS.items() if word in words)


def _years(texts: list[str]) -> list[int]:
    """Return the fiscal years of the header, a bracketed western year after 和暦 not twice."""
    years: list[int] = []
    after_era = False
    for text in texts:
        bracketed = text.startswith("(")
        if bracketed and after_era:
            after_era = False
            continue
        try:
            years.append(parse_fiscal_year(text.strip("()")).fiscal_year)
        except WarekiError:
            continue
        after_era = not bracketed and not text[0].isdigit()
        if after_era and "(" in text:
            after_era = False
    return years


# -- rows ------------------------------------------------------------------------------------


def read_rows(lines: list[str], start: int, header: Header, is_boundary: Any) -> IndicatorTable:
    """Return the indicators of the table whose rows begin at lines[start].

    `is_boundary(i)` says whether line i is something else (a heading, a section) that ends the
    table. Notes under the table (※…, 注）…) are returned apart; the caller attaches them.
    """
    tokens, notes, note_spans, end = _table_tokens(lines, start, is_boundary)
    rows, skipped = _rows(tokens, header)
    table = IndicatorTable([], [], end)
    for line in skipped:
        table.unsure.append(f"{line + 1}行目の値を、どの指標のものか判断できず読み飛ばしました")
    indicators = [_indicator(row, header, lines) for row in rows]
    table.notes = _attach_notes(indicators, rows, list(zip(notes, note_spans, strict=True)))
    table.indicators = indicators
    return table


def _table_tokens(
    lines: list[str], start: int, is_boundary: Any
) -> tuple[list[Token], list[str], list[tuple[int, int]], int]:
    tokens: list[Token] = []
    notes: list[list[str]] = []
    note_lines: list[int] = []
    note_starts: list[int] = []
    blanks = 0
    i = start
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            blanks += 1
            if blanks >= 5:
                break
            i += 1
            continue
        blanks = 0
        if is_boundary(i) or _MARKERS.match(line) or is_table_start(line):
            break
        if _NOTE_START.match(line):
            notes.append([line])
            note_lines.append(i)
            note_starts.append(i)
        elif notes:
            ended = notes[-1][-1].rstrip().endswith("。")
            if ended or i - note_lines[-1] > 2 or len(line.strip()) > 60:
                break
            notes[-1].append(line)
            note_lines[-1] = i
        elif "。" in line or _starts_footnotes(line, tokens):
            break
        else:
            tokens.extend(_tokenize(line, i))
        i += 1
    spans = [(first, last) for first, last in zip(note_starts, note_lines, strict=True)]
    return tokens, [join_lines(n) for n in notes], spans, i


def _starts_footnotes(line: str, tokens: list[Token]) -> bool:
    """Return whether the line defines a footnote (「34 p.4 参照」) rather than continuing a row."""
    return bool(_FOOTNOTE_DEF.match(line)) and not _row_open(tokens) and not _values_only(line)


def _row_open(tokens: list[Token]) -> bool:
    """Return whether the last row so far may still be waiting for values."""
    return bool(tokens) and tokens[-1].kind != "val"


def _values_only(line: str) -> bool:
    return all(t.kind != "txt" for t in _tokenize(line, 0))


def _tokenize(line: str, index: int) -> list[Token]:
    line = _BRACKET_SPACES.sub(lambda m: squash(m.group(0)), line)
    out: list[Token] = []
    for n, text in enumerate(line.split()):
        token = _classify(text, index)
        token.first_on_line = n == 0
        if out and _glue(out[-1], token):
            merged = _classify(out[-1].text + token.text, index)
            merged.first_on_line = out[-1].first_on_line
            out[-1] = merged
            continue
        out.append(token)
    return out


def _glue(before: Token, after: Token) -> bool:
    """Return whether a unit or 以上/以下 printed apart from its number belongs to it."""
    if before.kind != "val" or before.parsed is None or before.parsed.value is None:
        return False
    if before.parsed.unit or before.parsed.note or before.parsed.numerator is not None:
        return False
    word = to_halfwidth(after.text)
    return word in ("以上", "以下", "未満", "超") or (word in UNITS and word not in ("年",))


def _classify(text: str, index: int) -> Token:
    half = to_halfwidth(text)
    if half.startswith("(") and half.endswith(")") and not _starts_value(half):
        return Token(text, index, "brk")
    if _starts_value(half) or squash(half) in DIRECTIONS:
        try:
            parsed = parse_value(half)
        except ValueParseError:
            return Token(text, index, "txt")
        if parsed.unit is None or len(parsed.unit) <= 4 or parsed.unit in UNITS:
            return Token(text, index, "val", parsed)
    return Token(text, index, "txt")


def _starts_value(half: str) -> bool:
    core = half.lstrip("▲△+")
    if not core:
        return False
    if core[0].isdigit():
        return True
    dash = core.split("(")[0].rstrip("※*")
    return bool(dash) and all(ch in "-‐‒–—―−ー" for ch in dash)


def _rows(tokens: list[Token], header: Header) -> tuple[list[Row], list[int]]:
    need = len(header.columns)
    rows: list[Row] = []
    skipped: list[int] = []
    row = Row()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if row.cells and (len(row.cells) >= need or token.kind != "val"):
            if _tail(row, token, header):
                i += 1
                continue
            rows.append(row)
            row = Row()
            continue
        if token.kind == "val":
            if not row.cells and _is_footnote(tokens, i, row, need):
                row.footnotes.append(to_halfwidth(token.text))
                row.lines.append(token.line)
                i += 1
                continue
            if not row.cells and header.unit and not header.unit_after:
                _take_unit(row)
            i = _take_cell(row, tokens, i)
            continue
        if token.kind == "brk" and not row.cells and _is_source(token.text):
            row.source_notes.append(tidy(token.text)[1:-1])
        else:
            row.name.append(token)
        row.lines.append(token.line)
        i += 1
    if row.cells:
        rows.append(row)
    elif row.name:
        skipped.extend(t.line for t in row.name if t.kind == "val")
    return [r for r in rows if _keep(r, skipped)], skipped


def _keep(row: Row, skipped: list[int]) -> bool:
    if row.name:
        return True
    skipped.extend(cell.line for cell, _ in row.cells)
    return False


def _is_footnote(tokens: list[Token], i: int, row: Row, need: int) -> bool:
    """Return whether the lone number at i marks a footnote in the name (「事業」54「への」)."""
    token = tokens[i]
    if not row.name or not _BARE_INT.match(to_halfwidth(token.text)):
        return False
    if i + 1 >= len(tokens) or tokens[i + 1].kind == "val":
        return False
    return _run(tokens, i) < need


def _run(tokens: list[Token], i: int) -> int:
    """Return how many value cells follow from i (a bracket after a value is its note)."""
    count = 0
    while i < len(tokens) and tokens[i].kind == "val":
        count += 1
        i += 1
        if i < len(tokens) and tokens[i].kind == "brk" and _cell_bracket(tokens[i].text):
            i += 1
    return count


def _cell_bracket(text: str) -> bool:
    return not _is_source(text) and "累計" not in text


def _is_source(text: str) -> bool:
    return any(word in text for word in ("参照", "調査", "アンケート", "出典", "資料"))


def _take_unit(row: Row) -> None:
    """Move the unit cell, printed before the values, from the end of the name to the row."""
    if not row.name:
        return
    last = row.name[-1]
    unit = squash(last.text)
    if len(unit) > 6 or any(ch in unit for ch in "（(「、"):
        row.doubt("単位の列が読めません", 0.6)
        return
    row.name.pop()
    # A unit cell broken over lines: 「中学」「校区」.
    while row.name and row.name[-1].first_on_line and row.name[-1].line != last.line:
        before = squash(row.name[-1].text)
        if len(before) <= 3 and re.fullmatch(r"[一-龥]+", before) and before + unit in UNITS:
            unit = before + unit
            row.name.pop()
            row.doubt("行をまたいだ単位をつなげました", 0.9)
            break
        break
    row.unit = unit
    if unit not in UNITS and not unit.endswith(UNITS):
        row.doubt(f"単位「{unit}」は見慣れない単位です", 0.85)


def _take_cell(row: Row, tokens: list[Token], i: int) -> int:
    cell = tokens[i]
    extra: list[Token] = []
    i += 1
    if i < len(tokens) and tokens[i].kind == "brk" and _cell_bracket(tokens[i].text):
        extra.append(tokens[i])
        i += 1
    row.cells.append((cell, extra))
    row.lines.extend([cell.line, *(t.line for t in extra)])
    return i


def _tail(row: Row, token: Token, header: Header) -> bool:
    """Take a token that follows the values (担当, a unit after the values); False if it is not."""
    text = tidy(token.text)
    if token.kind == "txt" and header.responsible and looks_like_department(text):
        row.responsible.append(text)
        row.lines.append(token.line)
        return True
    if (
        token.kind == "txt"
        and header.responsible
        and not row.responsible
        and not token.first_on_line
    ):
        row.responsible.append(text)
        row.lines.append(token.line)
        row.doubt(f"担当「{text}」は担当課の名前らしく見えません", 0.8)
        return True
    if token.kind == "txt" and header.unit and header.unit_after and row.unit is None:
        row.unit = squash(text)
        row.lines.append(token.line)
        return True
    if token.kind == "brk" and _is_source(token.text):
        row.source_notes.append(tidy(token.text)[1:-1])
        row.lines.append(token.line)
        return True
    return False


# -- a row as an indicator ---------------------------------------------------------------------


def _indicator(row: Row, header: Header, lines: list[str]) -> dict[str, Any]:
    name = _name(row)
    cells = [_cell(cell, extra, row) for cell, extra in row.cells]
    indicator: dict[str, Any] = {
        "name": name,
        "unit": row.unit,
        "source_note": "、".join(row.source_notes) or None,
        "responsible": row.responsible,
        "cumulative": "累計" in name,
        "survey": any(w in n for n in row.source_notes for w in ("アンケート", "調査")),
        "footnotes": row.footnotes,
    }
    if row.unit is None:
        indicator["unit"] = next((c.unit for c in cells if c.unit), None)
    if len(cells) < len(header.columns):
        row.doubt(
            f"値が{len(header.columns)}列のはずが{len(cells)}つしか読めません（空欄にしました）",
            0.4,
        )
    if len(cells) > len(header.columns):
        row.doubt("列より多い値があります（余りを無視しました）", 0.4)
    baseline: dict[str, Any] = {"fiscal_year": None, "value": None}
    targets: list[dict[str, Any]] = []
    actuals: list[dict[str, Any]] = []
    placed: list[tuple[_Cell, dict[str, Any], str]] = []
    for column, cell in zip(header.columns, cells, strict=False):
        if column.kind == "baseline":
            baseline = _baseline(column, cell, indicator, row)
            placed.append((cell, baseline, column.kind))
        elif column.kind == "target":
            targets.append(_target(column, cell, row))
            placed.append((cell, targets[-1], column.kind))
        else:
            actuals.append(_actual(column, cell, row))
            placed.append((cell, actuals[-1], column.kind))
    indicator.update(baseline=baseline, targets=targets, actuals=actuals)
    for reason in header.unsure:
        row.doubt(reason, 0.7)
    if len(name) < 3 or len(name) > 90:
        row.doubt("指標名の長さが不自然です", 0.6)
    indicator["confidence"] = row.confidence
    indicator["source_lines"] = [min(row.lines) + 1, max(row.lines) + 1]
    indicator["unsure"] = row.unsure
    indicator["_cells"] = placed  # for the notes under the table; removed by the caller
    return indicator


def _name(row: Row) -> str:
    pieces = [t.text for t in row.name]
    return join_lines(pieces)


@dataclass
class _Cell:
    value: Any = None
    unit: str | None = None
    direction: str | None = None
    qualifier: str | None = None
    numerator: Any = None
    denominator: Any = None
    ratio_unit: str | None = None
    note: str | None = None
    no_value: bool = False
    mark: bool = False
    line: int = 0


def _cell(token: Token, extra: list[Token], row: Row) -> _Cell:
    parsed = token.parsed
    assert parsed is not None
    for bracket in extra:
        try:
            parsed = parse_value(to_halfwidth(token.text) + to_halfwidth(bracket.text))
        except ValueParseError:
            row.doubt(f"「{token.text}{bracket.text}」の括弧を読めません", 0.7)
    for warning in parsed.warnings:
        row.doubt(warning, 0.7)
    return _Cell(
        value=_number(parsed.value, parsed.precision),
        unit=parsed.unit,
        direction=parsed.direction,
        qualifier=parsed.qualifier,
        numerator=_number(parsed.numerator, 0),
        denominator=_number(parsed.denominator, 0),
        ratio_unit=parsed.ratio_unit,
        note=_printed_note(parsed.note),
        no_value=parsed.no_value,
        mark=parsed.footnote_mark,
        line=token.line,
    )


def _printed_note(note: str | None) -> str | None:
    return squash(note) if note else None


def _number(value: Decimal | None, precision: int) -> int | float | None:
    if value is None:
        return None
    if precision > 0 or value != value.to_integral_value():
        return float(value)
    return int(value)


def _baseline(column: Column, cell: _Cell, indicator: dict[str, Any], row: Row) -> dict[str, Any]:
    if cell.direction:
        row.doubt("現状値の欄に方向（増加・減少・維持）があります", 0.5)
    indicator.update(
        numerator=cell.numerator, denominator=cell.denominator, ratio_unit=cell.ratio_unit
    )
    if column.year is None:
        row.doubt("現状値の年度がわかりません", 0.8)
    return {"fiscal_year": column.year, "value": cell.value, "note": cell.note}


def _target(column: Column, cell: _Cell, row: Row) -> dict[str, Any]:
    if column.year is None:
        row.doubt("目標値の年度がわかりません", 0.8)
    return {
        "fiscal_year": column.year,
        "value": cell.value,
        "direction": cell.direction,
        "qualifier": cell.qualifier,
        "numerator": cell.numerator,
        "denominator": cell.denominator,
        "note": cell.note,
        "not_set_reason": None,
    }


def _actual(column: Column, cell: _Cell, row: Row) -> dict[str, Any]:
    if column.year is None:
        row.doubt("実績値の年度がわかりません", 0.8)
    return {
        "fiscal_year": column.year,
        "value": cell.value,
        "numerator": cell.numerator,
        "denominator": cell.denominator,
        "note": cell.note,
    }


# -- notes under the table ---------------------------------------------------------------------

_MARK_PREFIX = re.compile(r"^[（(]\s*※\s*\d*\s*[）)]\s*")
_NOT_SET_PREFIX = re.compile(r"^注\s*\d*\s*[）)：:]\s*")


def _attach_notes(
    indicators: list[dict[str, Any]], rows: list[Row], notes: list[tuple[str, tuple[int, int]]]
) -> list[str]:
    """Give marked values their （※） note and 「―」 targets their 注） reason; return the rest."""
    left = []
    for note, span in notes:
        used: list[dict[str, Any]] = []
        if _MARK_PREFIX.match(note):
            used = _to_marked(indicators, _MARK_PREFIX.sub("", note))
        elif _NOT_SET_PREFIX.match(note):
            used = _to_dashes(indicators, _NOT_SET_PREFIX.sub("", note))
        for indicator in used:
            lines = indicator["source_lines"]
            indicator["source_lines"] = [min(lines[0], span[0] + 1), max(lines[1], span[1] + 1)]
        if not used:
            left.append(note)
    for indicator, row in zip(indicators, rows, strict=True):
        for target in indicator["targets"]:
            if target["value"] is None and not target["direction"] and not target["not_set_reason"]:
                row.doubt(
                    f"{target['fiscal_year']}年度の目標値が空欄か「―」です（理由は見つかりません）",
                    0.9,
                )
        indicator["confidence"] = row.confidence
        del indicator["_cells"]
    return left


def _to_marked(indicators: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    found = []
    for indicator in indicators:
        for cell, part, _ in indicator["_cells"]:
            if cell.mark:
                part["note"] = text
                found.append(indicator)
    return found


def _to_dashes(indicators: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    found = []
    for indicator in indicators:
        for cell, target, kind in indicator["_cells"]:
            if cell.no_value and kind == "target":
                target["not_set_reason"] = text
                found.append(indicator)
    return found
