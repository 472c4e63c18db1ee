"""The 指標一覧 report: the files it writes are opened and read back."""

import csv
import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from sasaeai.plans.models import Indicator, Plan
from sasaeai.reports import base
from sasaeai.reports.indicators import IndicatorsExporter

pytestmark = pytest.mark.django_db


def _render(fmt, slug="tokorozawa", fy=2024):
    return base.get("indicators").render(Plan.objects.get(slug=slug), fy, fmt)


def _pdf_text(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def _squeezed(text):
    return re.sub(r"\s+", "", text)


def test_the_pdf_holds_every_indicator_name_and_value_in_an_embedded_font(demo, tmp_path):
    filename, content_type, content = _render("pdf")
    assert (filename, content_type) == ("tokorozawa-indicators-2024.pdf", "application/pdf")
    path = tmp_path / filename
    path.write_bytes(content)
    text = _squeezed(_pdf_text(path))
    names = Indicator.objects.filter(node__plan__slug="tokorozawa").values_list("name", flat=True)
    assert len(names) == 47
    assert [n for n in names if _squeezed(n) not in text] == []
    assert "8,572,349" in text and "令和6年度" in text and "案" in text and "1/" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    ipaex = [line for line in fonts.splitlines() if "IPAex" in line]
    assert ipaex and all(line.split()[-5] == "yes" for line in ipaex)


def test_the_xlsx_stores_numbers_as_numbers_under_frozen_headers(demo):
    _filename, _type, content = _render("xlsx")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["指標一覧", "評価の分布"]
    sheet = book["指標一覧"]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert 8572349 in values and isinstance(values[values.index(8572349)], int)
    # Excel's XML has one kind of number: 83.0 is written 「83」 and openpyxl reads it back as an
    # int; the printed precision lives in the number format.
    school = next(r for r in sheet.iter_rows() if r[2].value and "学校の割合" in r[2].value)
    assert school[5].value == 83 and school[5].number_format == "#,##0.0"
    assert isinstance(school[13].value, float)  # the achievement rate
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == 8572349)
    assert cell.number_format == "#,##0"
    assert sheet.freeze_panes == "D6"
    assert "目標値" in values and "令和5年度" in values
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A4:A5", "E4:F4", "G4:H4", "I4:M4"} <= merged
    assert sheet.page_setup.orientation == "landscape"


def test_the_csv_has_a_bom_and_japanese_and_guards_formulas(demo):
    Indicator.objects.filter(node__plan__slug="tokorozawa", order=0).update(unit="=cmd")
    content = _render("csv")[2]
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][:3] == ["番号", "施策", "指標名"]
    cells = [c for row in rows for c in row]
    assert "'=cmd" in cells and "=cmd" not in cells
    assert "8572349" in cells


def test_negative_numbers_stay_numbers_in_csv():
    assert base.csv_cell(Decimal("-3")) == "-3"
    assert base.csv_cell("-3") == "'-3"
    assert base.csv_cell("@SUM(A1)") == "'@SUM(A1)"


def test_the_xlsx_keeps_a_formula_like_text_as_text():
    section = base.Section("s", [[base.Head("a")]], [["=cmd"]])
    sheet = load_workbook(io.BytesIO(base.write_xlsx([section], ["t"])))["s"]
    assert sheet["A4"].value == "=cmd" and sheet["A4"].data_type == "s"


def test_the_report_is_a_draft_until_the_cycle_is_confirmed(demo):
    from sasaeai.progress.models import Cycle

    plan = Plan.objects.get(slug="ageo")
    html = IndicatorsExporter().render(plan, 2023, "html")[2].decode()
    assert ">案<" in html
    Cycle.objects.filter(plan=plan, fiscal_year=2023).update(
        status="confirmed", confirmed_by="地域福祉推進委員会", confirmed_on="2024-06-20"
    )
    html = IndicatorsExporter().render(plan, 2023, "html")[2].decode()
    assert ">確定版<" in html and "地域福祉推進委員会" in html and "2024年6月20日" in html


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "html", "csv"])
def test_the_command_writes_each_format(demo, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    call_command("report", "indicators", plan="shimotsuke", fy=2024, format=fmt, output=str(out))
    magic = {"pdf": b"%PDF", "xlsx": b"PK", "html": b"<!doctype", "csv": b"\xef\xbb\xbf"}
    assert out.read_bytes().startswith(magic[fmt])


def test_an_unknown_kind_names_the_available_ones(demo, tmp_path):
    with pytest.raises(CommandError, match="使える種類: progress、indicators"):
        call_command("report", "nope", plan="ageo", fy=2024, output=str(tmp_path / "x"))


def test_the_registry_lists_the_indicators_report():
    assert IndicatorsExporter in base.all()
    assert base.get("indicators").verbose_name == "指標一覧"
    assert base.font_url().startswith("file://") and base.font_url().endswith(".ttf")


def test_a_direction_target_is_written_as_its_word_in_the_xlsx(demo):
    content = base.get("indicators").render(Plan.objects.get(slug="ageo"), 2023, "xlsx")[2]
    values = [
        c.value for row in load_workbook(io.BytesIO(content))["指標一覧"].iter_rows() for c in row
    ]
    assert "減少" in values or "増加" in values
