"""Read a filled template back into a plan-file dict, collecting every problem with its cell.

Like pretix's importers, each cell is resolved and cleaned on its own and every problem is
collected; the caller gets the whole list at once (`WorkbookError`), never just the first.
Nothing here touches the database: organizations already known are passed in.
"""

import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sasaeai.lib.numtext import ParsedValue, ValueParseError, parse_value, to_halfwidth
from sasaeai.lib.wareki import WarekiError, parse_fiscal_year

from ..reader import Path_
from ..shape import FORMAT as PLAN_FORMAT
from ..shape import ordered
from ..validate import KnownOrganization
from .problems import Location, WorkbookError, WorkbookProblem
from .sheets import (
    ACTUALS,
    DIRECTIONS,
    EXAMPLE,
    KINDS,
    NODE_KINDS,
    NODES,
    ORGANIZATIONS,
    PLANS,
    QUALIFIERS,
    RELATIONS,
    REQUIRED_SHEETS,
    TARGET_HEADER,
    TARGET_PARTS,
    Column,
    Sheet,
    indicator_sheet,
    normalized_header,
    target_columns,
)

Number = int | Decimal
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls are OLE2 files
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUE = {"○", "〇", "◯", "●", "✓", "✔", "はい", "有", "あり", "true", "yes", "y", "1"}
_FALSE = {"×", "✕", "いいえ", "無", "なし", "false", "no", "n", "0", "-", "－", "―"}
_LIMIT = Decimal(10) ** 14  # the database keeps 20 digits, 6 of them decimals
_PLACES = re.compile(r"\.(0+)")


def read_workbook(
    content: bytes, filename: str, known: dict[str, KnownOrganization] | None = None
) -> dict[str, Any]:
    """Return the workbook as a plan-file dict in canonical shape.

    Raise WorkbookError listing every problem with its sheet, row and column.
    """
    return ordered("plan", read(content, filename, known).data)


@dataclass
class Reading:
    """A workbook read: the plan-file dict, where each value came from, rows skipped."""

    data: dict[str, Any]
    where: dict[Path_, Location] = field(default_factory=dict)
    skipped: list[Location] = field(default_factory=list)
    warnings: list[WorkbookProblem] = field(default_factory=list)

    def locate(self, path: Path_) -> Location | None:
        """Return the cell of the value at a plan-file path, or of its nearest enclosing row."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.where:
                return self.where[path[:end]]
        return None


def read(
    content: bytes, filename: str, known: dict[str, KnownOrganization] | None = None
) -> Reading:
    """Return the workbook read; raise WorkbookError with every problem found."""
    book = _open(content, filename)
    reader = _Reader(book, known or {}, filename)
    data = reader.run()
    if reader.problems:
        raise WorkbookError(reader.problems, filename)
    reading = Reading(data, skipped=reader.skipped, warnings=reader.warnings)
    _index(data, (), reader.locs, reading.where)
    return reading


# -- the file ----------------------------------------------------------------------------------


def _name(filename: str) -> str:
    return f"「{filename}」" if filename else "このファイル"


def _file_error(filename: str, message: str) -> WorkbookError:
    return WorkbookError([WorkbookProblem(Location(), message)], filename)


def _open(content: bytes, filename: str) -> Any:
    from openpyxl import load_workbook

    name = _name(filename)
    if content.startswith(_OLE):
        raise _file_error(
            filename,
            f"{name}はパスワードで保護されているか、古い Excel 形式（.xls）です。"
            "パスワードを外し、Excel ブック（.xlsx）として保存し直してください。",
        )
    if not content.startswith(b"PK"):
        raise _file_error(
            filename,
            f"{name}は Excel ブック（.xlsx）ではありません。テンプレートに記入してください。",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it skips
            return load_workbook(io.BytesIO(content), data_only=True)
    except Exception as exc:  # a damaged zip or XML raises many kinds; all mean the same here
        raise _file_error(
            filename,
            f"{name}を Excel ブック（.xlsx）として読めません。"
            "ファイルが壊れているか、途中で切れています。もう一度保存・ダウンロードしてください。",
        ) from exc


def _check_sheets(book: Any, filename: str) -> None:
    missing = [name for name in REQUIRED_SHEETS if name not in book.sheetnames]
    if not missing:
        return
    there = "、".join(f"「{n}」" for n in book.sheetnames)
    name = _name(filename)
    wanted = "".join(f"「{n}」" for n in missing)
    if len(missing) == len(REQUIRED_SHEETS):
        message = (
            f"{name}は Sasaeai の記入用テンプレートではありません（シート{wanted}がありません。"
            f"このファイルのシート: {there}）。テンプレートをダウンロードして記入してください。"
        )
    else:
        message = (
            f"{name}にシート{wanted}がありません"
            f"（このファイルのシート: {there}）。"
            "テンプレートのシートは名前を変えたり消したりしないでください。"
        )
    raise _file_error(filename, message)


# -- one row -----------------------------------------------------------------------------------


class _Row:
    """One data row: reads its cells by field, reporting problems with the cell's place."""

    def __init__(self, reader: "_Reader", sheet: Sheet, number: int, cells: dict[str, Any]):
        self.reader, self.sheet, self.line, self.cells = reader, sheet, number, cells
        self.columns = reader.columns[sheet.name]

    def at(self, name: str) -> Location:
        cell = self.cells.get(name)
        return Location(self.sheet.name, self.line, cell.column_letter if cell else None)

    def fail(self, name: str, message: str) -> None:
        self.reader.problems.append(WorkbookProblem(self.at(name), message))

    def header(self, name: str) -> str:
        return self.columns[name].header

    def raw(self, name: str) -> Any:
        cell = self.cells.get(name)
        value = cell.value if cell is not None else None
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return None if value == "" else value

    def blank(self, name: str) -> bool:
        return self.raw(name) is None

    def required(self, *names: str) -> bool:
        """Report each required cell left empty; return whether all are filled."""
        empty = [n for n in names if self.blank(n)]
        for name in empty:
            self.fail(name, f"「{self.header(name)}」が空欄です（必須）")
        return not empty

    def text(self, name: str) -> str | None:
        value = self.raw(name)
        if value is None:
            return None
        if isinstance(value, bool | datetime | date | time):
            self.fail(name, f"文字で書いてください（書かれている値: {_show(value)}）")
            return None
        text = value if isinstance(value, str) else _number_text(value)
        if _CONTROL.search(text):
            self.fail(name, "使えない文字（制御文字）が含まれています")
            return None
        limit = self.columns[name].max_length
        if limit and len(text) > limit:
            self.fail(name, f"{limit}文字までにしてください（{len(text)}文字あります）")
            return None
        return text

    def short_enough(self, name: str, text: str) -> bool:
        """Report text longer than the column holds (a derived key, a unit from a bracket)."""
        limit = self.columns[name].max_length
        if limit and len(text) > limit:
            self.fail(
                name, f"「{text[:20]}…」は{limit}文字までにしてください（{len(text)}文字あります）"
            )
            return False
        return True

    def names(self, name: str) -> list[str]:
        text = self.text(name)
        if text is None:
            return []
        parts = text.split("\n") if "\n" in text else re.split("[、，,]", text)
        items = [p.strip() for p in parts if p.strip()]
        limit = self.columns[name].max_length
        for item in items:
            if limit and len(item) > limit:
                self.fail(name, f"「{item[:20]}…」は{limit}文字までにしてください")
                return []
        return items

    def lines(self, name: str) -> list[str]:
        text = self.text(name)
        return [line.strip() for line in (text or "").split("\n") if line.strip()]

    def choice(self, name: str, choices: tuple[tuple[str, str], ...]) -> str | None:
        value = self.text(name)
        if value is None:
            return None
        wanted = "".join(to_halfwidth(value).split())
        for label, code in choices:
            if wanted in (label, code):
                return code or None
        shown = "、".join(label for label, _ in choices)
        self.fail(name, f"次のいずれかにしてください: {shown}（書かれている値: 「{value}」）")
        return None

    def flag(self, name: str) -> bool:
        value = self.raw(name)
        if value is None or value is False or value == 0:
            return False
        if value is True or value == 1:
            return True
        text = to_halfwidth(str(value)).strip().lower()
        if text in _TRUE:
            return True
        if text not in _FALSE:
            self.fail(
                name,
                "当てはまるときは○、当てはまらなければ空欄にしてください"
                f"（書かれている値: {_show(value)}）",
            )
        return False

    def year(self, name: str) -> int | None:
        value = self.raw(name)
        if value is None:
            return None
        if isinstance(value, bool | datetime | date | time):
            self.fail(
                name,
                "年度は 2024 や 令和6年度 のように書いてください"
                f"（書かれている値: {_show(value)}）",
            )
            return None
        if isinstance(value, float) and not value.is_integer():
            self.fail(name, f"年度は整数で書いてください（書かれている値: {_show(value)}）")
            return None
        text = str(int(value)) if isinstance(value, int | float) else str(value)
        try:
            parsed = parse_fiscal_year(text)
        except (WarekiError, ValueError) as exc:
            self.fail(name, str(exc))
            return None
        for warning in parsed.warnings:
            self.reader.warnings.append(WorkbookProblem(self.at(name), warning))
        return parsed.fiscal_year

    def number(self, name: str, *, target: bool = False) -> tuple[Number | None, ParsedValue]:
        """Return the number of a cell and what else its text said (ratio, note, direction)."""
        cell = self.cells.get(name)
        value = self.raw(name)
        if value is None:
            return None, ParsedValue(no_value=True)
        if isinstance(value, bool | datetime | date | time):
            self.fail(name, f"数値を書いてください（書かれている値: {_show(value)}）")
            return None, ParsedValue()
        if isinstance(value, str):
            return self._number_text(name, value, target)
        number_format = cell.number_format if cell is not None else "General"
        return self._checked(name, _cell_number(value, number_format)), ParsedValue()

    def _number_text(self, name: str, text: str, target: bool) -> tuple[Number | None, ParsedValue]:
        try:
            parsed = parse_value(text)
        except ValueParseError as exc:
            self.fail(name, str(exc))
            return None, ParsedValue()
        if (parsed.direction or parsed.qualifier) and not target:
            self.fail(name, f"数値を書いてください（「{text}」は目標値の列にだけ書けます）")
            return None, ParsedValue()
        if parsed.value is None:
            return None, parsed
        return self._checked(name, parsed.value), parsed

    def _checked(self, name: str, value: Decimal | None) -> Number | None:
        if value is None:
            self.fail(name, "数値として読めません")
            return None
        if abs(value) >= _LIMIT:
            self.fail(name, "大きすぎる数です（整数部は14桁まで）")
            return None
        exponent = value.as_tuple().exponent
        if not isinstance(exponent, int) or exponent < -6:
            self.fail(
                name, "小数点以下は6桁までにしてください（セルの表示形式で桁数を決められます）"
            )
            return None
        return int(value) if exponent >= 0 else value

    def parts(self, values: dict[str, Any], parsed: ParsedValue, names: dict[str, str]) -> None:
        """Fill ratio and note columns left blank from a cell's bracket: 83.0（39/47校）."""
        found: dict[str, Any] = {"ratio_unit": parsed.ratio_unit, "note": parsed.note}
        for key in ("numerator", "denominator"):
            part = getattr(parsed, key)
            if part is not None and key in names:
                found[key] = self._checked(names[key], part)
        for key, value in found.items():
            if value is None or key not in names:
                continue
            if key == "ratio_unit" and not self.short_enough(names[key], value):
                continue
            if values.get(key) is None:
                values[key] = value
            elif values[key] != value:
                self.fail(names[key], f"括弧の中の値（{value}）とこの列の値が違います")


def _show(value: Any) -> str:
    text = f"「{value}」"
    return text if len(text) <= 42 else text[:40] + "…」"


def _number_text(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell_number(value: int | float, number_format: str) -> Decimal | None:
    """Return a numeric cell as the number its format shows: 83 in 「0.0」 is 83.0."""
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    section = (number_format or "General").split(";")[0]
    if "%" in re.sub(r'"[^"]*"', "", section):
        number *= 100
    if abs(number) >= _LIMIT:
        return number  # refused as too large by the caller; quantize would overflow
    match = _PLACES.search(section)
    if match:  # more than 6 places are refused by the caller as they are
        places = Decimal(1).scaleb(-len(match[1]))
        return number.quantize(places, rounding=ROUND_HALF_UP) if len(match[1]) <= 6 else number
    if section != "General" and "0" in section:
        return number.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return number.normalize() if number == number.to_integral_value() else number


# -- the sheets --------------------------------------------------------------------------------


class _Reader:
    def __init__(self, book: Any, known: dict[str, KnownOrganization], filename: str) -> None:
        self.book, self.known, self.filename = book, known, filename
        self.problems: list[WorkbookProblem] = []
        self.warnings: list[WorkbookProblem] = []
        self.skipped: list[Location] = []
        self.columns: dict[str, dict[str, Column]] = {}
        self.locs: dict[int, tuple[str, int, dict[str, str | None]]] = {}
        self.stopped = False  # a sheet lacks a required column: later sheets would only echo it

    def run(self) -> dict[str, Any]:
        _check_sheets(self.book, self.filename)
        organizations = self.organizations(self.table(ORGANIZATIONS))
        plans = None if self.stopped else self.plans(self.table(PLANS), organizations)
        if plans is None or self.stopped:
            return {}
        main, subs = plans
        by_slug = {p["slug"]: p for p in [main, *subs]}
        nodes = self.nodes(self.table(NODES), by_slug, main["slug"])
        indicators = self.indicators(self.table(self.indicator_sheet()), nodes, main["slug"])
        self.actuals(self.table(ACTUALS), indicators, main["slug"])
        data = {"format": PLAN_FORMAT, "organizations": organizations, **main, "sub_plans": subs}
        self.locs[id(data)] = self.locs[id(main)]
        return data

    def table(self, sheet: Sheet) -> list[_Row]:
        """Return a sheet's data rows; none once a sheet has lacked a required column."""
        return [] if self.stopped else list(self.rows(sheet))

    def remember(self, obj: dict[str, Any], row: _Row, fields: dict[str, str]) -> None:
        """Note the row of obj and the column of each of its fields, to name them in errors."""
        letters = {key: row.at(name).column for key, name in fields.items()}
        self.locs[id(obj)] = (row.sheet.name, row.line, letters)

    def indicator_sheet(self) -> Sheet:
        """Return the 指標 sheet with as many target slots as its headers have."""
        heads = (normalized_header(c.value) for c in self.book["指標"][1])
        slots = [int(m[1]) for h in heads if (m := TARGET_HEADER.fullmatch(h))]
        return indicator_sheet(max([0, *slots]))

    def rows(self, sheet: Sheet) -> Iterator[_Row]:
        """Yield the data rows of a sheet, after checking its header row."""
        ws = self.book[sheet.name]
        by_header = {normalized_header(c.header): c for c in sheet.columns}
        self.columns[sheet.name] = {c.field: c for c in sheet.columns}
        positions: dict[str, int] = {}
        for cell in next(ws.iter_rows(min_row=1, max_row=1), ()):
            column = by_header.get(normalized_header(cell.value))
            if column is None:
                continue
            if column.field in positions:
                self.problems.append(
                    WorkbookProblem(
                        Location(sheet.name, 1, cell.column_letter),
                        f"列「{column.header}」が二つあります",
                    )
                )
            positions[column.field] = cell.column - 1
        missing = [c.header for c in sheet.columns if c.required and c.field not in positions]
        for header in missing:
            self.problems.append(
                WorkbookProblem(Location(sheet.name, 1), f"必須の列「{header}」がありません")
            )
        if missing:
            self.stopped = True
            return
        first = sheet.columns[0].field
        for number, cells in enumerate(ws.iter_rows(min_row=2), start=2):
            values = {f: cells[i] for f, i in positions.items() if i < len(cells)}
            row = _Row(self, sheet, number, values)
            if all(row.blank(f) for f in values):
                continue
            if row.raw(first) == EXAMPLE:
                self.skipped.append(Location(sheet.name, number))
                continue
            yield row

    # -- 組織 -------------------------------------------------------------------------------

    def organizations(self, rows: list[_Row]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        rows_of: dict[str, int] = {}
        for row in rows:
            row.required("key", "name", "kind")
            org: dict[str, Any] = {
                "key": row.text("key"),
                "name": row.text("name"),
                "short_name": row.text("short_name"),
                "kind": row.choice("kind", KINDS),
                "parent": row.text("parent"),
                "departments": row.names("departments"),
            }
            if org["key"] in rows_of:
                row.fail("key", f"組織「{org['key']}」が{rows_of[org['key']]}行にもあります")
            elif org["key"]:
                rows_of[org["key"]] = row.line
            self.remember(org, row, {f: f for f in org})
            found.append(org)
        names = self.name_index(found)
        for org in found:
            if org["parent"]:
                org["parent"] = names.get(org["parent"], org["parent"])
        return found

    def name_index(self, organizations: list[dict[str, Any]]) -> dict[str, str]:
        """Map each organization's key, name and short name to its key.

        The workbook's own organizations win; a name two known organizations share (every
        社協 is 「社会福祉協議会」 for short) is left for the validator to refuse.
        """
        index: dict[str, set[str]] = {}
        for group in (self.known.values(), [o for o in organizations if o["key"]]):
            found: dict[str, set[str]] = {}
            for org in group:
                key, name, short = (
                    (org.key, org.name, org.short_name)
                    if isinstance(org, KnownOrganization)
                    else (org["key"], org["name"], org["short_name"])
                )
                for label in {name, short} - {None, ""}:
                    found.setdefault(label, set()).add(key)
            index |= found
        keys = {k.key for k in self.known.values()} | {o["key"] for o in organizations}
        index |= {key: {key} for key in keys if key}
        return {label: next(iter(k)) for label, k in index.items() if len(k) == 1}

    # -- 計画 -------------------------------------------------------------------------------

    def plans(
        self, rows: list[_Row], organizations: list[dict[str, Any]]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        names = self.name_index(organizations)
        main: dict[str, Any] | None = None
        subs: list[dict[str, Any]] = []
        slugs: dict[str, int] = {}
        for row in rows:
            plan = self.plan(row, names)
            if plan["slug"] in slugs:
                row.fail("slug", f"計画「{plan['slug']}」が{slugs[plan['slug']]}行にもあります")
            slugs.setdefault(plan["slug"], row.line)
            if plan.get("relation"):
                subs.append(plan)
            elif main is None:
                main = plan
            else:
                row.fail("relation", "本計画の行が二つあります（含まれる計画は関係を「一部」に）")
        if main is None:
            self.problems.append(
                WorkbookProblem(Location(PLANS.name), "本計画の行がありません（関係が本計画の行）")
            )
            return None
        if not main["owners"] and main["slug"]:
            self.problems.append(
                WorkbookProblem(
                    self.locate_row(main, "owners"), "「策定主体」が空欄です（本計画には必須）"
                )
            )
        return main, subs

    def plan(self, row: _Row, names: dict[str, str]) -> dict[str, Any]:
        row.required("slug", "title", "level_names")
        period = {
            "start": row.year("start"),
            "end": row.year("end"),
            "note": row.text("period_note"),
        }
        plan: dict[str, Any] = {
            "slug": row.text("slug"),
            "title": row.text("title"),
            "subtitle": row.text("subtitle"),
            "owners": [names.get(o, o) for o in row.names("owners")],
            "period": period if any(v is not None for v in period.values()) else None,
            "vision": row.text("vision"),
            "level_names": row.names("level_names"),
            "description": row.text("description"),
            "source": row.text("source"),
            "nodes": [],
        }
        relation = row.choice("relation", RELATIONS)
        if relation:
            plan["relation"] = relation
        fields = {k: k for k in plan if k not in ("period", "nodes")} | {"relation": "relation"}
        self.remember(plan, row, fields)
        self.remember(period, row, {"start": "start", "end": "end", "note": "period_note"})
        return plan

    def locate_row(self, obj: dict[str, Any], name: str) -> Location:
        sheet, number, letters = self.locs[id(obj)]
        return Location(sheet, number, letters.get(name))

    # -- 体系 -------------------------------------------------------------------------------

    def plan_of(self, row: _Row, plans: dict[str, Any], main: str) -> str | None:
        slug = row.text("plan") or main
        if slug not in plans:
            row.fail("plan", f"計画「{slug}」が計画シートにありません")
            return None
        return slug

    def nodes(
        self, rows: list[_Row], plans: dict[str, dict[str, Any]], main: str
    ) -> dict[str, dict[str, tuple[dict[str, Any], int]]]:
        """Build each plan's tree; return plan slug → node key → (node, depth)."""
        found: dict[str, dict[str, tuple[dict[str, Any], int]]] = {s: {} for s in plans}
        rows_of: dict[tuple[str, str], int] = {}
        for row in rows:
            slug = self.plan_of(row, plans, main)
            if slug is None or not row.required("title"):
                continue
            node = self.node(row, plans[slug], found[slug])
            if node is None:
                continue
            key = node["key"]
            if (slug, key) in rows_of:
                row.fail("key", f"識別子「{key}」の項目が{rows_of[slug, key]}行にもあります")
                continue
            rows_of[slug, key] = row.line
        return found

    def node(
        self, row: _Row, plan: dict[str, Any], tree: dict[str, tuple[dict[str, Any], int]]
    ) -> dict[str, Any] | None:
        parent_key = row.text("parent")
        parent = tree.get(parent_key) if parent_key else None
        if parent_key and parent is None:
            row.fail(
                "parent",
                f"上位の項目「{parent_key}」がありません（上位の項目はこの行より上に書いてください）",
            )
            return None
        depth = parent[1] + 1 if parent else 0
        code, title = row.text("code"), row.text("title")
        segment = code or title or ""
        key = row.text("key") or (f"{parent_key}/{segment}" if parent_key else segment)
        if not row.short_enough("key", key):
            return None
        node: dict[str, Any] = {
            "key": key,
            "code": code,
            "level": self.level(row, plan["level_names"], depth),
            "title": title,
            "subtitle": row.text("subtitle"),
            "kind": row.choice("kind", NODE_KINDS) or "measure",
            "priority": row.flag("priority"),
            "related": row.names("related"),
            "relist_of": row.text("relist_of"),
            "page_ref": row.text("page_ref"),
            "indicator_notes": row.lines("indicator_notes"),
            "indicators": [],
            "children": [],
        }
        self.remember(node, row, {k: k for k in node if k not in ("indicators", "children")})
        if key in tree:
            return node  # the caller reports the duplicate
        tree[key] = (node, depth)
        (parent[0]["children"] if parent else plan["nodes"]).append(node)
        return node

    def level(self, row: _Row, names: list[str], depth: int) -> str | None:
        """Return the node's own level name, None when it is the plan's name for its depth."""
        level = row.text("level")
        default = names[depth] if depth < len(names) else None
        if level is None or level == default:
            return None
        if level in names:
            row.fail(
                "level",
                f"階層「{level}」はこの行の段（{depth + 1}段目: {default or '名前なし'}）"
                "と合いません"
                "（上位の識別子を確かめてください）",
            )
        return level

    # -- 指標 -------------------------------------------------------------------------------

    def indicators(
        self,
        rows: list[_Row],
        nodes: dict[str, dict[str, tuple[dict[str, Any], int]]],
        main: str,
    ) -> dict[str, dict[str, tuple[dict[str, Any], str]]]:
        """Attach indicators to their nodes; return plan slug → key → (indicator, node key)."""
        found: dict[str, dict[str, tuple[dict[str, Any], str]]] = {s: {} for s in nodes}
        rows_of: dict[tuple[str, str], int] = {}
        for row in rows:
            slug = self.plan_of(row, nodes, main)
            if slug is None or not row.required("node", "name"):
                continue
            node_key = row.text("node") or ""
            node = nodes[slug].get(node_key)
            if node is None:
                row.fail("node", f"項目「{node_key}」が体系シートにありません")
                continue
            indicator = self.indicator(row)
            key = indicator["key"] = (
                indicator["key"] or f"{node_key}#{len(node[0]['indicators']) + 1}"
            )
            if not row.short_enough("key", key):
                continue
            if (slug, key) in rows_of:
                row.fail("key", f"識別子「{key}」の指標が{rows_of[slug, key]}行にもあります")
                continue
            rows_of[slug, key] = row.line
            node[0]["indicators"].append(indicator)
            found[slug][key] = (indicator, node_key)
        return found

    def indicator(self, row: _Row) -> dict[str, Any]:
        value, parsed = row.number("baseline.value")
        baseline = {
            "fiscal_year": row.year("baseline.fiscal_year"),
            "value": value,
            "note": row.text("baseline.note"),
        }
        indicator: dict[str, Any] = {
            "key": row.text("key"),
            "name": row.text("name"),
            "unit": row.text("unit"),
            "source_note": row.text("source_note"),
            "definition": row.text("definition"),
            "responsible": row.names("responsible"),
            "cumulative": row.flag("cumulative"),
            "survey": row.flag("survey"),
            "direction": row.choice("direction", DIRECTIONS),
            "numerator": row.number("numerator")[0],
            "denominator": row.number("denominator")[0],
            "ratio_unit": row.text("ratio_unit"),
            "footnotes": row.names("footnotes"),
            "notes": row.lines("notes"),
            "baseline": baseline,
            "targets": self.targets(row),
            "actuals": [],
        }
        row.parts(indicator, parsed, {k: k for k in ("numerator", "denominator", "ratio_unit")})
        row.parts(baseline, parsed, {"note": "baseline.note"})
        fields = {k: k for k in indicator if k not in ("baseline", "targets", "actuals")}
        self.remember(indicator, row, fields)
        self.remember(baseline, row, {k: f"baseline.{k}" for k in baseline})
        return indicator

    def targets(self, row: _Row) -> list[dict[str, Any]]:
        slots = sorted(
            {int(name.split(".")[1]) for name in row.cells if name.startswith("targets.")}
        )
        targets = []
        for slot in slots:
            names = {part[1]: f"targets.{slot}.{part[1]}" for part in TARGET_PARTS}
            if all(row.blank(n) for n in names.values()):
                continue
            targets.append(self.target(row, names, slot))
        return targets

    def target(self, row: _Row, names: dict[str, str], slot: int) -> dict[str, Any]:
        if row.blank(names["fiscal_year"]):
            row.fail(names["fiscal_year"], f"目標{slot}の年度が空欄です")
        value, parsed = row.number(names["value"], target=True)
        target = {
            "fiscal_year": row.year(names["fiscal_year"]),
            "value": value,
            "direction": row.choice(names["direction"], DIRECTIONS),
            "qualifier": row.choice(names["qualifier"], QUALIFIERS),
            "numerator": row.number(names["numerator"])[0],
            "denominator": row.number(names["denominator"])[0],
            "note": row.text(names["note"]),
            "not_set_reason": row.text(names["not_set_reason"]),
        }
        for key in ("direction", "qualifier"):
            said = getattr(parsed, key)
            if said and target[key] and said != target[key]:
                row.fail(names[key], f"目標値の「{row.raw(names['value'])}」とこの列が違います")
            target[key] = target[key] or said
        row.parts(target, parsed, {k: names[k] for k in ("numerator", "denominator", "note")})
        self.remember(target, row, names)
        return target

    # -- 実績 -------------------------------------------------------------------------------

    def actuals(
        self,
        rows: list[_Row],
        indicators: dict[str, dict[str, tuple[dict[str, Any], str]]],
        main: str,
    ) -> None:
        rows_of: dict[tuple[str, str, int], int] = {}
        for row in rows:
            slug = self.plan_of(row, indicators, main)
            if slug is None or not row.required("fiscal_year"):
                continue
            found = self.find_indicator(row, indicators[slug])
            actual = self.actual(row)
            if found is None or actual["fiscal_year"] is None:
                continue
            indicator, key = found
            where = (slug, key, actual["fiscal_year"])
            if where in rows_of:
                row.fail(
                    "fiscal_year",
                    f"この指標の{actual['fiscal_year']}年度の実績が{rows_of[where]}行にもあります",
                )
                continue
            rows_of[where] = row.line
            indicator["actuals"].append(actual)
        for plan in indicators.values():
            for indicator, _ in plan.values():
                indicator["actuals"].sort(key=lambda a: a["fiscal_year"])

    def find_indicator(
        self, row: _Row, indicators: dict[str, tuple[dict[str, Any], str]]
    ) -> tuple[dict[str, Any], str] | None:
        key, node, name = row.text("indicator"), row.text("node"), row.text("name")
        if key:
            if key not in indicators:
                row.fail("indicator", f"指標「{key}」が指標シートにありません")
                return None
            indicator, node_key = indicators[key]
            if name and name != indicator["name"]:
                row.fail("name", f"指標「{key}」の指標名は「{indicator['name']}」です")
                return None
            if node and node != node_key:
                row.fail("node", f"指標「{key}」は項目「{node_key}」の指標です")
                return None
            return indicator, key
        if not (node and name):
            row.fail("indicator", "指標の識別子、または項目の識別子と指標名を書いてください")
            return None
        matches = [(i, k) for k, (i, n) in indicators.items() if n == node and i["name"] == name]
        if len(matches) != 1:
            problem = (
                "ありません"
                if not matches
                else "二つ以上あります（指標の識別子で指定してください）"
            )
            row.fail("name", f"項目「{node}」に指標「{name}」が{problem}")
            return None
        return matches[0]

    def actual(self, row: _Row) -> dict[str, Any]:
        value, parsed = row.number("value")
        actual = {
            "fiscal_year": row.year("fiscal_year"),
            "value": value,
            "numerator": row.number("numerator")[0],
            "denominator": row.number("denominator")[0],
            "note": row.text("note"),
            "method_changed": row.flag("method_changed"),
            "sample": row.flag("sample"),
        }
        row.parts(actual, parsed, {k: k for k in ("numerator", "denominator", "note")})
        self.remember(actual, row, {k: k for k in actual})
        return actual


def _index(
    obj: Any,
    path: Path_,
    locs: dict[int, tuple[str, int, dict[str, str | None]]],
    where: dict[Path_, Location],
) -> None:
    """Map the plan-file path of every value read to the cell it came from."""
    if isinstance(obj, dict):
        if id(obj) in locs:
            sheet, number, letters = locs[id(obj)]
            where[path] = Location(sheet, number)
            for key, letter in letters.items():
                where[(*path, key)] = Location(sheet, number, letter)
        for key, value in obj.items():
            _index(value, (*path, key), locs, where)
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            _index(value, (*path, i), locs, where)


__all__ = ["Reading", "WorkbookError", "read", "read_workbook", "target_columns"]
