"""The registers to and from Excel and CSV: one engine, one `Register` spec each (sheets.py).

Export writes one sheet per register into an XLSX (or one register into a CSV, UTF-8 with a
BOM), through the reports' writers so text Excel would run as a formula stays text. Only rows of
branches in the user's scope are written; a volunteer's contact columns only for users who see
contacts (otherwise the columns are absent).

Import reads the same files back. Rows are matched by the `ID` column (blank = a new row); every
cell is parsed and checked first, and any problem raises the plan workbook's `WorkbookError`,
each problem named by sheet, row and column, with nothing written. Otherwise the changes are
written in one transaction, one audit event per changed row (`<register>.import`); a dry run
rolls that transaction back and only reports what would change (`RegisterImportSummary`, the
same created / updated / unchanged counts as the plan workbook's summary). Rows missing from the
file are never deleted: an export narrowed by scope must not delete the rows it left out.
"""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from sasaeai.accounts.models import Organization
from sasaeai.audit.services import record
from sasaeai.lib.numtext import to_halfwidth
from sasaeai.lib.wareki import WarekiError, parse_wareki_date
from sasaeai.planfiles.workbook import Change, Location, WorkbookError, WorkbookProblem
from sasaeai.reports.base import (
    FORMULA_STARTS,
    Head,
    Section,
    display_width,
    flat_header,
    write_csv,
)

from .access import RegisterScope, scope_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}
GUIDE_SHEET = "説明"
TRUE_WORDS = {"○", "◯", "はい", "1", "true", "yes", "有", "あり", "✓"}
FALSE_WORDS = {"", "×", "いいえ", "0", "false", "no", "無", "なし", "-", "－"}
LIST_SEPARATORS = ("、", ",", "，", "\n", "・")


class CellError(ValueError):
    """A cell cannot be read; the message says why in Japanese."""


# -- reading and showing cells ----------------------------------------------------------------


def unguard(cell: Any) -> Any:
    """Return a cell's value with the apostrophe the CSV export put before formula text removed."""
    if isinstance(cell, str) and cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def cell_text(cell: Any) -> str:
    """Return a cell as stripped text; Excel's 12.0 for a typed 12 comes back as 「12」."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date | time):
        return cell.isoformat()
    return str(cell).strip()


def parse_text(cell: Any, lookup: "Lookup") -> str:
    return cell_text(cell)


def parse_int(cell: Any, lookup: "Lookup") -> int | None:
    """Return a whole number ≥ 0, from a number cell or text such as 「１，２００」."""
    if isinstance(cell, bool):
        raise CellError("整数として読めません。")
    if isinstance(cell, int):
        number = cell
    elif isinstance(cell, float) and cell.is_integer():
        number = int(cell)
    else:
        text = to_halfwidth(cell_text(cell)).replace(",", "")
        if not text:
            return None
        if not text.isdigit():
            raise CellError(f"「{cell_text(cell)}」を整数として読めません。")
        number = int(text)
    if number < 0:
        raise CellError("0 以上の整数にしてください。")
    return number


def parse_decimal(cell: Any, lookup: "Lookup") -> Decimal | None:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return Decimal(str(cell))
    text = to_halfwidth(cell_text(cell)).replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(f"「{cell_text(cell)}」を数値として読めません。") from None
    if not number.is_finite():
        raise CellError(f"「{cell_text(cell)}」を数値として読めません。")
    return number


def parse_date(cell: Any, lookup: "Lookup") -> date | None:
    """Return a date from a date cell or text (2024-05-01, 2024/5/1, 令和6年5月1日, R6.5.1)."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = cell_text(cell)
    if not text:
        return None
    try:
        return parse_wareki_date(text)
    except WarekiError:
        raise CellError(f"「{text}」を日付として読めません。") from None


def parse_datetime(cell: Any, lookup: "Lookup") -> datetime | None:
    """Return an aware date and time from a cell or 「2024-05-01 10:00」 (Japan time)."""
    if isinstance(cell, datetime):
        moment = cell
    else:
        text = to_halfwidth(cell_text(cell)).replace("/", "-")
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise CellError(
                f"「{cell_text(cell)}」を日時として読めません（例：2024-05-01 10:00）。"
            ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.replace(second=0, microsecond=0)


def parse_bool(cell: Any, lookup: "Lookup") -> bool:
    if isinstance(cell, bool):
        return cell
    text = cell_text(cell).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(f"「{cell_text(cell)}」は「○」か空欄にしてください。")


def parse_email(cell: Any, lookup: "Lookup") -> str:
    text = cell_text(cell)
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise CellError(f"「{text}」をメールアドレスとして読めません。") from None
    return text


def parse_list(cell: Any, lookup: "Lookup") -> tuple[str, ...]:
    """Return the items of a text list 「傾聴、送迎」 (also separated by commas or lines)."""
    text = cell_text(cell)
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return tuple(item.strip() for item in text.split(LIST_SEPARATORS[0]) if item.strip())


def parse_lines(cell: Any, lookup: "Lookup") -> tuple[str, ...]:
    """Return the non-blank lines of a cell, each stripped."""
    return tuple(line.strip() for line in cell_text(cell).splitlines() if line.strip())


def choice(choices: Sequence[tuple[str, str]]) -> Callable[[Any, "Lookup"], str | None]:
    """Return a parser taking a choice's label (or its stored value)."""
    by_text = {label: value for value, label in choices} | {value: value for value, _ in choices}

    def parse(cell: Any, lookup: "Lookup") -> str | None:
        text = cell_text(cell)
        if not text:
            return None
        if text not in by_text:
            labels = "・".join(label for _, label in choices)
            raise CellError(f"「{text}」は選べません（{labels} のいずれか）。")
        return by_text[text]

    return parse


def show_plain(value: Any, lookup: "Lookup") -> Any:
    if isinstance(value, bool):
        return "○" if value else None
    if isinstance(value, tuple | list):
        return "、".join(str(v) for v in value) or None
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return None if value == "" else value


def show_lines(value: Sequence[str], lookup: "Lookup") -> str | None:
    return "\n".join(value) or None


def show_choice(choices: Sequence[tuple[str, str]]) -> Callable[[Any, "Lookup"], Any]:
    labels = dict(choices)
    return lambda value, lookup: labels.get(value, value) or None


# -- columns and registers --------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a register's sheet: its Japanese header, the value key it reads and writes."""

    header: str
    key: str
    parse: Callable[[Any, "Lookup"], Any] = parse_text
    show: Callable[[Any, "Lookup"], Any] = show_plain
    required: bool = False
    contacts: bool = False  # a volunteer's contact detail: only for users who see contacts
    readonly: bool = False  # shown for reference (a name beside an ID), ignored on import
    help: str = ""


ID = "ID"
HIDDEN = "（連絡先のため記録しません）"
BRANCH = "支部"
SAMPLE = "架空のデモ値"


@dataclass
class Pending:
    """A row that passed its checks: the object (None for a new row) and its new values."""

    obj: Any
    values: dict[str, Any]
    changed: list[str]
    where: Location
    before: dict[str, Any] = field(default_factory=dict)


class Register:
    """A register as a sheet. Subclasses set the class attributes and override the hooks."""

    action = ""  # the audit action of an imported row, e.g. "places.import"
    key = ""  # the register's name in URLs and commands
    title = ""  # the sheet name and the page's label
    model: type[models.Model]
    level = "read"  # the scope level needed to export it (personal for rows that name people)
    columns: tuple[Column, ...] = ()

    def queryset(self) -> models.QuerySet[Any]:
        return self.model._default_manager.select_related("branch")

    def rows_for(self, scope: RegisterScope) -> models.QuerySet[Any]:
        """Return the rows the scope may export."""
        return self.queryset().filter(branch__in=getattr(scope, self.level))

    def branch_id(self, obj: Any) -> int | None:
        return obj.branch_id  # type: ignore[no-any-return]

    def target_branch(self, values: dict[str, Any], obj: Any, lookup: "Lookup") -> int | None:
        """Return the branch a row will belong to after the import."""
        return values["branch"] if "branch" in values else (obj and self.branch_id(obj))

    def values(self, obj: Any, lookup: "Lookup") -> dict[str, Any]:
        """Return the row's values in the form the parsers return."""
        return {c.key: self.get(obj, c.key) for c in self.columns}

    def get(self, obj: Any, key: str) -> Any:
        if key == "branch":
            return obj.branch_id
        value = getattr(obj, key)
        return "" if value is None and self._is_text(key) else value

    def check(self, values: dict[str, Any], obj: Any, lookup: "Lookup") -> list[tuple[str, str]]:
        """Return (value key, message) problems between columns; resolve names in `values`."""
        return []

    def apply(self, row: Pending, lookup: "Lookup") -> Any:
        """Set the row's fields from its values and save it; return it.

        A hook `pre_<key>(obj, value, lookup)` sets a field the value names (a neighbourhood by
        its name); `post_<key>` runs after the save for what needs the row's id (skills,
        schedules), and only when that value changed.
        """
        obj = row.obj or self.model()
        hooked = [k for k in row.values if hasattr(self, f"pre_{k}") or hasattr(self, f"post_{k}")]
        for key, value in row.values.items():
            if key not in hooked:
                setattr(obj, "branch_id" if key == "branch" else key, value)
        for key in hooked:
            if hasattr(self, f"pre_{key}"):
                getattr(self, f"pre_{key}")(obj, row.values[key], lookup)
        obj.save()
        for key in row.changed:
            if hasattr(self, f"post_{key}"):
                getattr(self, f"post_{key}")(obj, row.values[key], lookup)
        return obj

    def write(self, rows: list[Pending], lookup: "Lookup") -> list[WorkbookProblem]:
        """Write the changed rows, each in a savepoint; return the rows the database refused."""
        problems = []
        for row in rows:
            try:
                with transaction.atomic():
                    self.audit(row, self.apply(row, lookup), lookup)
            except IntegrityError:
                message = "同じ支部に同じ名前などの行が既にあるため、書き込めません。"
                problems.append(WorkbookProblem(row.where, message))
        return problems

    def audit(self, row: Pending, obj: Any, lookup: "Lookup") -> None:
        """Record one event for the row: the changed columns before and after, as shown."""
        columns = {c.key: c for c in self.columns}

        def shown(values: dict[str, Any]) -> dict[str, Any]:
            # A volunteer's contact details stay out of the log, as in volunteers/services.py.
            return {
                columns[k].header: HIDDEN
                if columns[k].contacts
                else _jsonable(columns[k].show(values[k], lookup))
                for k in row.changed
            }

        before = shown(row.before) if row.obj is not None else None
        record(self.action, obj, user=lookup.user, before=before, after=shown(row.values))

    def normalise(self, values: dict[str, Any]) -> None:
        """Give blank cells of fields that cannot be empty their model default."""
        for key, value in values.items():
            if value is None and key not in ("id", "branch"):
                model_field = self._field(key)
                if model_field is not None and not model_field.null:
                    values[key] = model_field.get_default()

    def _field(self, key: str) -> Any:
        try:
            found = self.model._meta.get_field(key)
        except FieldDoesNotExist:
            return None
        return found if isinstance(found, models.Field) and not found.many_to_many else None

    def _is_text(self, key: str) -> bool:
        return isinstance(self._field(key), models.CharField | models.TextField)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | time):
        return value.isoformat()
    return value


# -- what an import and an export know --------------------------------------------------------


@dataclass
class Lookup:
    """The user, their scope and the names a sheet may use, read once per import or export."""

    user: Any
    scope: RegisterScope
    branch_names: dict[int, str] = field(default_factory=dict)
    branch_ids: dict[str, int] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, user: Any, scope: RegisterScope | None = None) -> "Lookup":
        lookup = cls(user=user, scope=scope if scope is not None else scope_for(user))
        units = Organization.objects.filter(
            kind__in=[Organization.Kind.COUNCIL, Organization.Kind.BRANCH]
        )
        # Names in the user's scope win over the same name elsewhere (another city's 東支部).
        for org in sorted(units, key=lambda o: o.pk in lookup.scope.read):
            lookup.branch_names[org.pk] = org.name
            for name in (org.name, org.short_name):
                if name:
                    lookup.branch_ids[name] = org.pk
        return lookup

    @property
    def sees_contacts(self) -> bool:
        """Whether the user sees contacts wherever they see people (so columns may be shown)."""
        return bool(self.scope.contacts) and self.scope.personal <= self.scope.contacts

    def remember(self, name: str, make: Callable[[], Any]) -> Any:
        if name not in self.cache:
            self.cache[name] = make()
        return self.cache[name]


def parse_branch(cell: Any, lookup: Lookup) -> int | None:
    """Return the branch (or 社協) named by its name or short name."""
    text = cell_text(cell)
    if not text:
        return None
    if text not in lookup.branch_ids:
        raise CellError(f"「{text}」という支部はありません。")
    return lookup.branch_ids[text]


def show_branch(value: int | None, lookup: Lookup) -> str | None:
    return lookup.branch_names.get(value) if value else None


def parse_branches(cell: Any, lookup: Lookup) -> tuple[int, ...]:
    ids = []
    for name in parse_list(cell, lookup):
        if name not in lookup.branch_ids:
            raise CellError(f"「{name}」という支部はありません。")
        ids.append(lookup.branch_ids[name])
    return tuple(sorted(set(ids)))


def show_branches(value: Iterable[int], lookup: Lookup) -> str | None:
    return "、".join(lookup.branch_names[v] for v in value) or None


# -- export -----------------------------------------------------------------------------------


def visible_columns(register: Register, lookup: Lookup) -> list[Column]:
    return [c for c in register.columns if not c.contacts or lookup.sees_contacts]


def can_export(register: Register, scope: RegisterScope) -> bool:
    return bool(getattr(scope, register.level))


def section(register: Register, lookup: Lookup, *, blank: bool = False) -> Section:
    """Return the register as a table: its header and, unless blank, the rows in scope."""
    columns = visible_columns(register, lookup)
    rows = [] if blank else list(register.rows_for(lookup.scope))
    data = []
    for obj in rows:
        values = register.values(obj, lookup)
        data.append([c.show(values[c.key], lookup) for c in columns])
    return Section(register.title, [[Head(c.header) for c in columns]], data, freeze_cols=1)


def guide(registers: Sequence[Register], lookup: Lookup) -> Section:
    """Return the 説明 sheet: how to fill each register's columns (never imported)."""
    rows: list[list[Any]] = [
        [
            "（全体）",
            "",
            "ID が空欄の行は新しく登録し、ID のある行はその行を更新します。"
            "ファイルにない行は削除しません。",
        ],
    ]
    for register in registers:
        for column in visible_columns(register, lookup):
            note = column.help + ("（参考。取り込みでは使いません）" if column.readonly else "")
            rows.append(
                [register.title, column.header, ("必須。" if column.required else "") + note]
            )
    header = [[Head("シート"), Head("列"), Head("書き方")]]
    return Section(GUIDE_SHEET, header, rows, freeze_cols=0, widths={2: 80})


def export_xlsx(registers: Sequence[Register], lookup: Lookup, *, blank: bool = False) -> bytes:
    """Return the registers the user may export, one sheet each; blank: headers and 説明 only."""
    chosen = [r for r in registers if can_export(r, lookup.scope)]
    sections = [section(r, lookup, blank=blank) for r in chosen]
    if blank:
        sections.insert(0, guide(chosen, lookup))
    return write_xlsx(sections)


def write_xlsx(sections: Sequence[Section]) -> bytes:
    """Return the tables as a workbook, a sheet each with its header in row 1.

    The reports' writer styles every cell, which takes about a millisecond a cell; a register
    can hold tens of thousands of rows, so this one streams them (openpyxl's write-only mode).
    Text is stored as text like the reports do it, so 「=…」 never becomes a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook(write_only=True)
    head = {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="E8EEF4")}
    wrap = Alignment(wrap_text=True, vertical="top")
    for section in sections:
        sheet = book.create_sheet(section.title[:31])
        headers = flat_header(section.header)
        _widths(sheet, headers, section)
        sheet.freeze_panes = "B2" if section.freeze_cols else "A2"
        sheet.append([_cell(sheet, text, **head) for text in headers])
        for row in section.rows:
            sheet.append([_cell(sheet, value, wrap=wrap) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet: Any, value: Any, wrap: Any = None, **styles: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store 「=…」 as a formula
        if wrap is not None and "\n" in value:
            cell.alignment = wrap
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    for name, style in styles.items():
        setattr(cell, name, style)
    return cell


def _widths(sheet: Any, headers: list[str], section: Section) -> None:
    """Size each column to its header and its first hundred cells (full-width counts two)."""
    from openpyxl.utils import get_column_letter

    for index, header in enumerate(headers):
        texts = [header] + [str(row[index]) for row in section.rows[:100] if row[index] is not None]
        longest = max(display_width(line) for text in texts for line in text.split("\n") or [""])
        width = section.widths.get(index) or min(max(longest + 2, 6), 48)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width


def export_csv(register: Register, lookup: Lookup, *, blank: bool = False) -> bytes:
    """Return one register as CSV in UTF-8 with a BOM, formula-looking text guarded."""
    return write_csv([section(register, lookup, blank=blank)])


# -- reading files ----------------------------------------------------------------------------


@dataclass
class Table:
    """A sheet (or a CSV) as read: its header row and its non-blank rows with their numbers."""

    sheet: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[Any]]]


def read_tables(content: bytes, filename: str) -> list[Table]:
    """Return the tables of an XLSX (one a sheet) or a CSV; raise WorkbookError if unreadable."""
    if filename.lower().endswith(".csv"):
        return [_read_csv(content, filename)]
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content, filename)
    raise WorkbookError(
        [WorkbookProblem(Location(), "Excel（.xlsx）か CSV（.csv）のファイルを選んでください。")],
        filename,
    )


def _read_xlsx(content: bytes, filename: str) -> list[Table]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise WorkbookError(
            [WorkbookProblem(Location(), "Excel ファイルとして開けません。")], filename
        ) from None
    tables = []
    for sheet in book.worksheets:
        if sheet.title != GUIDE_SHEET:
            numbered = [
                (n, list(row)) for n, row in enumerate(sheet.iter_rows(values_only=True), 1)
            ]
            tables.append(_table(sheet.title, numbered))
    book.close()
    return tables


def _read_csv(content: bytes, filename: str) -> Table:
    """Read UTF-8 (with or without a BOM), or else Shift_JIS as Excel saves it (CP932)."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise WorkbookError(
            [WorkbookProblem(Location(), "文字コードを読めません（UTF-8 で保存してください）。")],
            filename,
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    numbered = []
    start = 1
    for row in reader:
        numbered.append((start, list(row)))
        start = reader.line_num + 1
    return _table("", numbered)


def _table(sheet: str, numbered: list[tuple[int, list[Any]]]) -> Table:
    """Return the table under the first non-blank row (the header)."""
    filled = [(n, row) for n, row in numbered if any(cell_text(c) for c in row)]
    if not filled:
        return Table(sheet, 0, [], [])
    (header_row, header), *rows = filled
    return Table(sheet, header_row, [cell_text(h) for h in header], rows)


# -- import -----------------------------------------------------------------------------------


@dataclass
class RegisterImportSummary:
    """What an import did (or, with dry_run, would do); `lines()` says it in Japanese."""

    filename: str
    dry_run: bool
    changes: dict[str, Change]

    def lines(self) -> list[str]:
        head = "確認のみ（書き込みなし）" if self.dry_run else "取り込みました"
        out = [f"{head}: {self.filename}"]
        for title, c in self.changes.items():
            out.append(f"  {title}: 新規 {c.created}、更新 {c.updated}、変更なし {c.unchanged}")
        out.append("  ファイルにない行は削除しません。")
        return out

    @property
    def total_changes(self) -> int:
        return sum(c.created + c.updated for c in self.changes.values())


def import_file(
    content: bytes,
    filename: str,
    *,
    user: Any,
    registers: Sequence[Register],
    register: str | None = None,
    dry_run: bool = False,
    scope: RegisterScope | None = None,
) -> RegisterImportSummary:
    """Check every row of the file, then write the changes in one transaction (dry_run: none).

    A CSV holds one register: `register` names it, or it is recognised by its header. Raise
    WorkbookError naming every problem by sheet, row and column; nothing is written then.
    """
    lookup = Lookup.of(user, scope)
    tables = [_which(t, registers, register, filename) for t in read_tables(content, filename)]
    order = {r.key: n for n, r in enumerate(registers)}
    tables.sort(key=lambda pair: order[pair[1].key])
    problems: list[WorkbookProblem] = []
    plans = []
    for table, spec in tables:
        checker = _Checker(spec, table, lookup)
        plans.append((spec, checker.run()))
        problems += checker.problems
    if problems:
        raise WorkbookError(problems, filename)
    changes = {spec.title: _count(rows) for spec, rows in plans}
    _write(plans, lookup, filename, dry_run)
    return RegisterImportSummary(filename, dry_run, changes)


def _which(
    table: Table, registers: Sequence[Register], named: str | None, filename: str
) -> tuple[Table, Register]:
    """Return the register a table holds: by its sheet's name, the name asked for, its header."""
    by_title = {r.title: r for r in registers}
    if table.sheet:
        if table.sheet in by_title:
            return table, by_title[table.sheet]
        message = "登録簿のシートではありません（シート名を変えずに取り込んでください）。"
        raise WorkbookError([WorkbookProblem(Location(table.sheet), message)], filename)
    if named:
        found = [r for r in registers if r.key == named or r.title == named]
    else:
        found = [r for r in registers if _fits(r, table.headers)]
    if len(found) != 1:
        message = "どの登録簿の CSV か分かりません。登録簿を選んでください。"
        raise WorkbookError([WorkbookProblem(Location(), message)], filename)
    table.sheet = found[0].title
    return table, found[0]


def _fits(register: Register, headers: list[str]) -> bool:
    known = {c.header for c in register.columns}
    required = {c.header for c in register.columns if c.required} | {ID}
    present = {h for h in headers if h}
    return required <= present <= known


def _count(rows: list[Pending]) -> Change:
    change = Change()
    for row in rows:
        if row.obj is None:
            change.created += 1
        elif row.changed:
            change.updated += 1
        else:
            change.unchanged += 1
    return change


class _Rollback(Exception):
    pass


def _write(
    plans: list[tuple[Register, list[Pending]]], lookup: Lookup, filename: str, dry_run: bool
) -> None:
    """Write every changed row in one transaction; roll it back on a dry run or a refusal."""
    problems: list[WorkbookProblem] = []
    try:
        with transaction.atomic():
            for spec, rows in plans:
                problems += spec.write([r for r in rows if r.obj is None or r.changed], lookup)
            if problems or dry_run:
                raise _Rollback
    except _Rollback:
        if problems:
            raise WorkbookError(problems, filename) from None


_MISSING = object()
NO_ROW = (
    "ID {pk} の行はありません（見られる範囲にありません）。新しい行なら ID を空欄にしてください。"
)


class _Checker:
    """Parse and check one table's rows against the register and the user's scope."""

    def __init__(self, spec: Register, table: Table, lookup: Lookup) -> None:
        self.spec, self.table, self.lookup = spec, table, lookup
        self.problems: list[WorkbookProblem] = []
        self.columns: dict[int, Column] = {}

    def problem(self, row: int | None, column: Column | None, message: str) -> None:
        where = Location(self.table.sheet, row, f"「{column.header}」" if column else None)
        self.problems.append(WorkbookProblem(where, message))

    def run(self) -> list[Pending]:
        self._header()
        if self.problems:
            return []
        existing = self._existing()
        seen: set[int] = set()
        pending = []
        for number, cells in self.table.rows:
            row = self._row(number, cells, existing, seen)
            if row is not None:
                pending.append(row)
        return pending

    def _header(self) -> None:
        by_header = {c.header: c for c in self.spec.columns}
        row = self.table.header_row or 1
        for index, header in enumerate(self.table.headers):
            column = by_header.get(header)
            if not header:
                continue
            if column is None:
                self.problems.append(
                    WorkbookProblem(
                        Location(self.table.sheet, row, f"「{header}」"), "この登録簿にない列です。"
                    )
                )
            elif index in self.columns or column in self.columns.values():
                self.problem(row, column, "同じ列が二つあります。")
            elif column.contacts and not self.lookup.sees_contacts:
                self.problem(
                    row,
                    column,
                    "連絡先の列は、連絡先を見られる職員だけが取り込めます。この列を消してください。",
                )
            else:
                self.columns[index] = column
        present = {c.header for c in self.columns.values()} | set(self.table.headers)
        for column in self.spec.columns:
            if (column.required or column.key == "id") and column.header not in present:
                self.problem(row, None, f"「{column.header}」の列がありません。")

    def _existing(self) -> dict[int, Any]:
        id_index = next(i for i, c in self.columns.items() if c.key == "id")
        ids = set()
        for _number, cells in self.table.rows:
            try:
                value = parse_int(
                    unguard(cells[id_index]) if id_index < len(cells) else None, self.lookup
                )
            except CellError:
                continue
            if value is not None:
                ids.add(value)
        found: dict[int, Any] = {}
        ordered = sorted(ids)
        # In batches: SQLite refuses a query with more than 32,766 parameters.
        for start in range(0, len(ordered), 1000):
            batch = ordered[start : start + 1000]
            found |= {o.pk: o for o in self.spec.rows_for(self.lookup.scope).filter(pk__in=batch)}
        return found

    def _row(
        self, number: int, cells: list[Any], existing: dict[int, Any], seen: set[int]
    ) -> Pending | None:
        values: dict[str, Any] = {}
        failed = False
        for index, column in self.columns.items():
            cell = unguard(cells[index]) if index < len(cells) else None
            if column.readonly:
                continue
            try:
                values[column.key] = column.parse(cell, self.lookup)
            except CellError as error:
                self.problem(number, column, str(error))
                failed = True
        if failed:
            return None
        return self._checked(number, values, existing, seen)

    def _checked(
        self, number: int, values: dict[str, Any], existing: dict[int, Any], seen: set[int]
    ) -> Pending | None:
        obj = self._match(number, values.pop("id", None), existing, seen)
        if obj is _MISSING:
            return None
        count = len(self.problems)
        self._scope(number, values, obj)
        self._required(number, values, obj)
        if len(self.problems) == count:
            self.spec.normalise(values)
            for key, message in self.spec.check(values, obj, self.lookup):
                self.problem(number, self._column(key), message)
        return self._pending(number, values, obj) if len(self.problems) == count else None

    def _match(self, number: int, pk: int | None, existing: dict[int, Any], seen: set[int]) -> Any:
        """Return the row an ID names, None for a new row, or _MISSING after saying why."""
        if pk is None:
            return None
        if pk not in existing:
            self.problem(number, self._column("id"), NO_ROW.format(pk=pk))
            return _MISSING
        if pk in seen:
            self.problem(number, self._column("id"), f"ID {pk} の行が二度あります。")
            return _MISSING
        seen.add(pk)
        return existing[pk]

    def _required(self, number: int, values: dict[str, Any], obj: Any) -> None:
        """A new row needs every required column; an existing one may not blank them."""
        for column in self.spec.columns:
            present = obj is None or column.key in values
            if column.required and present and values.get(column.key) in (None, "", ()):
                self.problem(number, column, "必須です。")

    def _scope(self, number: int, values: dict[str, Any], obj: Any) -> None:
        branch_column = self._column("branch")
        if obj is not None and not self.lookup.scope.can_edit(self.spec.branch_id(obj)):
            self.problem(number, branch_column, "この行の支部の登録簿は変更できません。")
            return
        target = self.spec.target_branch(values, obj, self.lookup)
        if target is None:
            return
        if not self.lookup.scope.can_edit(target):
            name = self.lookup.branch_names.get(target, "")
            self.problem(
                number,
                branch_column,
                f"「{name}」の登録簿には取り込めません（変更できる支部ではありません）。",
            )
        elif any(
            c.contacts for c in self.columns.values()
        ) and not self.lookup.scope.can_see_contacts(target):
            self.problem(number, branch_column, "この支部のボランティアの連絡先は取り込めません。")

    def _column(self, key: str) -> Column | None:
        return next((c for c in self.spec.columns if c.key == key), None)

    def _pending(self, number: int, values: dict[str, Any], obj: Any) -> Pending:
        where = Location(self.table.sheet, number)
        if obj is None:
            return Pending(None, values, list(values), where)
        current = self.spec.values(obj, self.lookup)
        changed = [k for k, v in values.items() if k in current and current[k] != v]
        return Pending(obj, values, changed, where, before=current)
