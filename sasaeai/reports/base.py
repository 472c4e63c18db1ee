"""One exporter interface for every report, and the registry of report kinds.

The shape is pretix's: an exporter has an `identifier`, a `verbose_name` and
`render(plan, fiscal_year, fmt, node=None, user=None) -> (filename, content_type, bytes)`. `node`
narrows the report to a node and its subtree where the kind allows it (`takes_node`); `user` is
whoever downloads it from the web, whose scope decides which progress texts the report may show
(None from the command line: the secretariat's view of what was accepted or confirmed).

A `ListExporter` only collects its data once, yields header and data rows per section (numbers
as Decimal or int, never pre-formatted text) and names one template; the base writes CSV and XLSX
from the rows, and HTML and PDF from the template (the PDF is WeasyPrint printing that same HTML).
"""

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from sasaeai.plans.models import Node, Plan

Value = str | int | Decimal | None

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
STATIC = Path(__file__).parent / "static" / "reports"
# Excel runs a cell starting with these as a formula (CSV injection); a leading ' keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportError(ValueError):
    """Raised for a format or report kind that does not exist; the message is Japanese."""


@dataclass(frozen=True)
class Head:
    """A header cell; colspan and rowspan make the merged group headings (目標値 over its years)."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Section:
    """One table of a list report: a sheet of the XLSX, a block of the CSV."""

    title: str
    header: list[list[Head]]
    rows: list[list[Value]]
    freeze_cols: int = 1
    widths: dict[int, int] = field(default_factory=dict)
    # Label/text lines printed above the table (a sheet's 達成目標, 取組 …), in XLSX and CSV.
    lead: list[list[Value]] = field(default_factory=list)


@dataclass(frozen=True)
class Scope:
    """What a report is asked for: a plan's year, perhaps one node's subtree, for whom."""

    plan: Plan
    fiscal_year: int
    node: Node | None = None
    user: Any = None


class Exporter:
    """A report kind. Subclasses set identifier and verbose_name and implement render_<fmt>."""

    identifier = ""
    verbose_name = ""
    description = ""
    formats: tuple[str, ...] = ("pdf", "xlsx", "html", "csv")
    takes_node = False  # whether the report can be narrowed to a node and its subtree

    def render(
        self,
        plan: Plan,
        fiscal_year: int,
        fmt: str,
        *,
        node: Node | None = None,
        user: Any = None,
    ) -> tuple[str, str, bytes]:
        """Return (filename, content type, bytes) of the report of a plan for a fiscal year."""
        if fmt not in self.formats:
            raise ExportError(f"形式「{fmt}」はありません（{'、'.join(self.formats)}）。")
        if node is not None and not self.takes_node:
            raise ExportError(f"{self.verbose_name}は施策ごとには作れません（計画全体だけです）。")
        if node is not None and node.plan_id != plan.pk:
            raise ExportError(f"施策「{node.key}」はこの計画のものではありません。")
        scope = Scope(plan, fiscal_year, node, user)
        content = getattr(self, f"render_{fmt}")(scope)
        return self.filename(scope, fmt), CONTENT_TYPES[fmt], content

    def filename(self, scope: Scope, fmt: str) -> str:
        part = f"-{scope.node.code or scope.node.pk}" if scope.node else ""
        return f"{scope.plan.slug}-{self.identifier}{part}-{scope.fiscal_year}.{fmt}"


class ListExporter(Exporter):
    """A report whose data is tables: subclasses implement collect, sections and context."""

    template_name = ""
    stylesheets: tuple[str, ...] = ("print.css",)

    def collect(self, scope: Scope) -> Any:
        """Return everything the report shows, read from the database once."""
        raise NotImplementedError

    def sections(self, data: Any) -> list[Section]:
        raise NotImplementedError

    def title_lines(self, data: Any) -> list[str]:
        """Return the title block as lines, for the top of each sheet."""
        raise NotImplementedError

    def context(self, data: Any) -> dict[str, Any]:
        raise NotImplementedError

    def render_html(self, scope: Scope) -> bytes:
        return self._html(self.collect(scope)).encode()

    def render_pdf(self, scope: Scope) -> bytes:
        from weasyprint import HTML  # imported here: it is slow to load and only PDFs need it

        html = self._html(self.collect(scope))
        return HTML(string=html, base_url=str(STATIC)).write_pdf()

    def render_csv(self, scope: Scope) -> bytes:
        return write_csv(self.sections(self.collect(scope)))

    def render_xlsx(self, scope: Scope) -> bytes:
        data = self.collect(scope)
        return write_xlsx(self.sections(data), self.title_lines(data))

    def _html(self, data: Any) -> str:
        css = "\n".join((STATIC / name).read_text(encoding="utf-8") for name in self.stylesheets)
        context = {**self.context(data), "stylesheet": mark_safe(css), "font_url": font_url()}
        return render_to_string(self.template_name, context)


@cache
def font_url() -> str:
    """Return the file:// URL of IPAexGothic as installed with matplotlib-fontja."""
    package = resources.files("matplotlib_fontja")
    found = sorted(Path(str(package)).rglob("ipaexg*.ttf"))
    if not found:
        raise ExportError("IPAexゴシックのフォントファイルが見つかりません（matplotlib-fontja）。")
    return found[0].resolve().as_uri()


# --- CSV -------------------------------------------------------------------------------------


def write_csv(sections: Sequence[Section]) -> bytes:
    """Return the sections as CSV in UTF-8 with a BOM (Excel reads it as UTF-8 then)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for number, section in enumerate(sections):
        if number:
            writer.writerow([])
        if len(sections) > 1:
            writer.writerow([csv_cell(section.title)])
        writer.writerows([csv_cell(v) for v in row] for row in section.lead)
        writer.writerow([csv_cell(text) for text in flat_header(section.header)])
        writer.writerows([csv_cell(v) for v in row] for row in section.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_cell(value: Value) -> str:
    """Return a cell as CSV text; text Excel would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


def flat_header(header: list[list[Head]]) -> list[str]:
    """Return one header line, each column's group heading and its own joined (目標値 令和5年度)."""
    columns: dict[int, list[str]] = {}
    for _row, col, head in layout(header):
        for c in range(col, col + head.colspan):
            columns.setdefault(c, []).append(head.text)
    return [" ".join(t for t in columns[c] if t) for c in sorted(columns)]


def layout(header: list[list[Head]]) -> Iterable[tuple[int, int, Head]]:
    """Yield (row, column, head) of header cells placed as an HTML table places them."""
    taken: set[tuple[int, int]] = set()
    for r, heads in enumerate(header):
        col = 0
        for head in heads:
            while (r, col) in taken:
                col += 1
            yield r, col, head
            taken.update(
                (r + dr, col + dc) for dr in range(head.rowspan) for dc in range(head.colspan)
            )
            col += head.colspan


# --- XLSX ------------------------------------------------------------------------------------


def write_xlsx(sections: Sequence[Section], title_lines: list[str]) -> bytes:
    """Return the sections as an Excel workbook, one sheet each, numbers stored as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for section in sections:
        _sheet(book.create_sheet(_sheet_name(section.title)), section, title_lines)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(sheet: Any, section: Section, title_lines: list[str]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    for line in title_lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    top = len(title_lines) + 2
    edge = Side(style="thin", color="808080")
    box = Border(left=edge, right=edge, top=edge, bottom=edge)
    if section.lead:
        _lead(sheet, section, top)
        top += len(section.lead) + 1
    for r, c, head in layout(section.header):
        cell = sheet.cell(row=top + r, column=c + 1, value=head.text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF4")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if head.colspan > 1 or head.rowspan > 1:
            sheet.merge_cells(
                start_row=top + r,
                start_column=c + 1,
                end_row=top + r + head.rowspan - 1,
                end_column=c + head.colspan,
            )
    first_data = top + len(section.header)
    for offset, row in enumerate(section.rows):
        for c, value in enumerate(row):
            _put(sheet.cell(row=first_data + offset, column=c + 1), value, box)
    _finish(sheet, section, top, first_data)


def _lead(sheet: Any, section: Section, top: int) -> None:
    """Write the label/text lines above the table, each text merged across the table's width."""
    from openpyxl.styles import Alignment, Font

    width = max(len(flat_header(section.header)), 2)
    for offset, (label, *rest) in enumerate(section.lead):
        row = top + offset
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        text = "\n".join(str(v) for v in rest if v is not None)
        cell = sheet.cell(row=row, column=2, value=text)
        cell.data_type = "s"
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
        lines = sum(1 + display_width(part) // 120 for part in text.split("\n"))
        sheet.row_dimensions[row].height = 15 * max(lines, 1)


def _put(cell: Any, value: Value, border: Any) -> None:
    from openpyxl.styles import Alignment

    cell.border = border
    if isinstance(value, Decimal):
        places = max(0, -int(value.as_tuple().exponent))
        # A Decimal is written as its own text: 「83.0」 reads back as a float, 「68.4」 stays 68.4.
        cell.value = value
        cell.number_format = "#,##0" + ("." + "0" * places if places else "")
    elif isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would otherwise store 「=…」 as a formula
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    else:
        cell.value = value
        if isinstance(value, int):
            cell.number_format = "#,##0"


def _finish(sheet: Any, section: Section, top: int, first_data: int) -> None:
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = sheet.cell(row=first_data, column=section.freeze_cols + 1)
    sheet.print_title_rows = f"{top}:{first_data - 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for c in range(1, sheet.max_column + 1):
        width = section.widths.get(c - 1) or _width(sheet, c, top)
        sheet.column_dimensions[get_column_letter(c)].width = width


def _width(sheet: Any, column: int, top: int) -> float:
    """Return a column width fitting its widest cell, counting full-width characters as two."""
    texts = (sheet.cell(row=r, column=column).value for r in range(top, sheet.max_row + 1))
    longest = max(
        (display_width(f"{t:,}" if isinstance(t, int) else str(t)) for t in texts if t is not None),
        default=4,
    )
    return min(max(longest + 2, 6), 48)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sheet_name(title: str) -> str:
    """Return a title Excel accepts as a sheet name (31 characters, none of []:*?/\\)."""
    return "".join("・" if ch in "[]:*?/\\" else ch for ch in title)[:31]


# --- registry ---------------------------------------------------------------------------------

_REGISTRY: dict[str, type[Exporter]] = {}


def register(exporter_class: type[Exporter]) -> type[Exporter]:
    """Add a report kind under its identifier (usable as a class decorator)."""
    _REGISTRY[exporter_class.identifier] = exporter_class
    return exporter_class


def get(identifier: str) -> Exporter:
    """Return an exporter for the identifier; ExportError names the kinds there are."""
    try:
        return _REGISTRY[identifier]()
    except KeyError:
        kinds = "、".join(_REGISTRY) or "なし"
        raise ExportError(f"帳票の種類「{identifier}」はありません。使える種類: {kinds}") from None


def all() -> list[type[Exporter]]:
    """Return the registered report kinds in registration order."""
    return list(_REGISTRY.values())
