"""The 計画書 (booklet) report: the files it writes are opened and read back."""

import csv
import io
import re
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from sasaeai.plans.models import Action, Indicator, Message, Narrative, Node, Plan
from sasaeai.reports import base
from sasaeai.reports.booklet import BookletExporter

pytestmark = pytest.mark.django_db

MAGIC = {"pdf": b"%PDF", "xlsx": b"PK", "html": b"<!doctype", "csv": b"\xef\xbb\xbf"}
A4_WIDTH = 595.3  # points
MARGIN = 14 * 72 / 25.4  # the portrait page's side margin, 14 mm


def _render(fmt, slug="tokorozawa", fy=2024, node=None):
    plan = Plan.objects.get(slug=slug)
    node = Node.objects.get(plan=plan, key=node) if node else None
    return base.get("booklet").render(plan, fy, fmt, node=node)


def _pdf_text(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def _squeezed(text):
    return re.sub(r"\s+", "", text)


def _missing(texts, text):
    return [t for t in texts if _squeezed(t) not in text]


def _right_edges(path):
    """Return the right edge of every word pdftotext finds, in points."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True
    ).stdout
    return [float(x) for x in re.findall(r'xMax="([\d.]+)"', out)]


def test_the_tokorozawa_pdf_holds_the_whole_plan_in_an_embedded_font(demo, tmp_path):
    filename, content_type, content = _render("pdf")
    assert (filename, content_type) == ("tokorozawa-booklet-2024.pdf", "application/pdf")
    path = tmp_path / filename
    path.write_bytes(content)
    text = _squeezed(_pdf_text(path))
    plan = {"node__plan__slug": "tokorozawa"}
    names = list(Indicator.objects.filter(**plan).values_list("name", flat=True))
    assert len(names) == 47 and _missing(names, text) == []
    actions = list(Action.objects.filter(**plan).values_list("title", flat=True))
    assert len(actions) == 50 and _missing(actions, text) == []
    headings = set(Narrative.objects.filter(**plan).values_list("title", flat=True))
    assert {"課題", "６年後のめざす姿", "３つの支援からなる重層的支援体制整備事業"} <= headings
    assert _missing(headings, text) == []
    assert "8,572,349" in text and "9,248,730" in text  # 現状値 and the 令和6年度 actual
    assert "令和6年度" in text and "令和7年度" not in text  # actuals stop at the year asked
    assert "架空のデモ値" in text and "市民の皆さんへ、トコろんからのメッセージ" in text
    assert "施策の体系" in text  # the whole plan opens with its structure
    pages = int(re.search(r"Pages:\s+(\d+)", _pdfinfo(path)).group(1))
    assert pages > 10
    assert [f"{n}/{pages}" in text for n in (1, 2, pages)] == [True, True, True]
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    ipaex = [line for line in fonts.splitlines() if "IPAex" in line]
    assert ipaex and all(line.split()[-5] == "yes" for line in ipaex)
    # Nothing runs past the right margin of the A4 portrait page (the widest tables included).
    assert max(_right_edges(path)) <= A4_WIDTH - MARGIN + 1


def _pdfinfo(path):
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout


def test_a_nodes_booklet_holds_its_subtree_only(demo):
    html = _render("html", node="Ⅰ")[2].decode()
    below = Node.objects.filter(plan__slug="tokorozawa", parent__key="Ⅰ")
    assert below.count() == 4
    assert all(n.title in html for n in below)
    assert "障害者就労施設等からの物品等の調達実績額" in html and "8,572,349" in html
    assert "地域生活課題の解決に向けた取り組みの強化" not in html  # 重点施策 A
    assert "住民同士の見守り・支え合いの推進" not in html  # under 基本方針 Ⅱ
    assert '<nav class="toc">' not in html  # the 施策の体系 page is the whole plan's


def test_a_nodes_booklet_names_its_ancestors(demo):
    html = _render("html", slug="ageo", fy=2023, node="3/6/(2)")[2].decode()
    assert "誰もが役割を持つことができる地域づくり" in html  # 基本目標 3, in the breadcrumb
    assert "支え合いの意識づくり" in html and "交流の場・居場所によるつながりづくり" in html
    assert "交流の場の充実（高齢者）" in html
    assert "啓発活動の充実" not in html  # under (1), a sibling


def test_the_ageo_booklet_prints_actions_messages_and_columns(demo, tmp_path):
    path = tmp_path / "ageo.pdf"
    path.write_bytes(_render("pdf", slug="ageo", fy=2023)[2])
    text = _squeezed(_pdf_text(path))
    plan = {"node__plan__slug": "ageo"}
    items = [i for m in Message.objects.filter(**plan) for i in m.items]
    assert len(items) == 18 and _missing(items, text) == []
    assert "【自治会・町内会・区会など】" in text and "地域で取り組んでみましょう" in text
    columns = Narrative.objects.filter(kind="column", **plan).values_list("title", flat=True)
    assert "フレイル予防" in columns and _missing(columns, text) == []
    assert "市の取組" in text and "社会福祉協議会の取組" in text
    assert "市民活動支援センター" in text  # a 担当 of 啓発活動の充実
    # The booklet's own order: the city's actions on (1) (2), then the 社協's, then messages.
    order = [text.index(t) for t in ("地域福祉への意識の醸成", "ボランティア活動の広報・周知")]
    assert order == sorted(order)
    assert "令和3年度" in text and "令和4年度" in text  # the sample actuals up to 2023


def test_the_xlsx_has_three_sheets_of_numbers_and_texts(demo):
    book = load_workbook(io.BytesIO(_render("xlsx")[2]))
    assert book.sheetnames == ["指標", "取組", "本文"]
    sheet = book["指標"]
    values = [c.value for row in sheet.iter_rows() for c in row]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == 8572349)
    assert isinstance(cell.value, int) and cell.number_format == "#,##0"
    school = next(r for r in sheet.iter_rows() if r[2].value and "学校の割合" in r[2].value)
    assert school[5].value == 83 and school[5].number_format == "#,##0.0"
    assert school[0].value == "1" and school[1].value == "相互理解・共生の推進"
    assert sheet.freeze_panes == "D6"
    assert {"目標値", "実績値", "令和8年度", "令和6年度"} <= set(values)
    assert len([r for r in sheet.iter_rows(min_row=6) if r[2].value]) == 47
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A4:A5", "E4:F4", "G4:H4", "I4:M4"} <= merged
    actions = book["取組"]
    assert [c.value for c in actions[4]][:6] == ["施策番号", "施策", "主体", "取組", "内容", "担当"]
    assert actions.freeze_panes == "C5" and actions.max_row - 4 == 50
    texts = book["本文"]
    kinds = [r[2].value for r in texts.iter_rows(min_row=5)]
    assert {"本文", "コラム", "メッセージ", "注"} == set(kinds)
    column = next(r for r in texts.iter_rows(min_row=5) if r[2].value == "コラム")
    assert column[3].value == "３つの支援からなる重層的支援体制整備事業"
    assert "断らない相談支援" in column[4].value


def test_the_xlsx_of_ageo_names_actors_and_departments(demo):
    sheet = load_workbook(io.BytesIO(_render("xlsx", slug="ageo", fy=2023)[2]))["取組"]
    row = next(r for r in sheet.iter_rows(min_row=5) if r[3].value == "啓発活動の充実")
    assert [c.value for c in row[:3]] == ["(1)", "地域福祉への意識の醸成", "市"]
    assert row[5].value.split("、")[:2] == ["子ども支援課", "福祉総務課"]
    council = next(r for r in sheet.iter_rows(min_row=5) if r[3].value == "福祉教育の推進")
    assert council[2].value == "社協" and not council[5].value
    priority = next(r for r in sheet.iter_rows(min_row=5) if r[3].value.startswith("フレイル"))
    assert priority[6].value == "重点項目"


def test_the_csv_has_a_bom_and_guards_formulas(demo):
    Action.objects.filter(node__plan__slug="tokorozawa", title="多世代交流の促進").update(
        title="=HYPERLINK(1)"
    )
    content = _render("csv")[2]
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert ["指標"] in rows and ["取組"] in rows and ["本文"] in rows
    cells = [c for row in rows for c in row]
    assert "'=HYPERLINK(1)" in cells and "=HYPERLINK(1)" not in cells
    assert "8572349" in cells and "83.0" in cells


def test_the_booklet_reads_the_database_a_fixed_number_of_times(demo):
    counts = []
    for slug in ("shimotsuke", "tokorozawa"):
        with CaptureQueriesContext(connection) as queries:
            _render("html", slug=slug)
        counts.append(len(queries))
    assert counts[1] <= 15 and counts[1] - counts[0] <= 4  # no query per node or row


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "html", "csv"])
def test_the_command_writes_each_format(demo, tmp_path, fmt):
    out = tmp_path / f"booklet.{fmt}"
    call_command("report", "booklet", plan="shimotsuke", fy=2024, format=fmt, output=str(out))
    assert out.read_bytes().startswith(MAGIC[fmt])
    node = tmp_path / f"node.{fmt}"
    call_command(
        "report", "booklet", plan="ageo", fy=2023, format=fmt, node="3/7", output=str(node)
    )
    content = node.read_bytes()
    assert content.startswith(MAGIC[fmt])
    if fmt in ("html", "csv"):
        text = content.decode("utf-8-sig")
        assert "地域福祉活動の活性化と担い手の育成" in text and "健康づくりの推進" in text
        assert "支え合いの意識づくり" not in text  # 3/6, a sibling


@pytest.mark.parametrize("slug,node", [("ageo", "3/6"), ("tokorozawa", "Ⅲ/9"), ("shimotsuke", "2")])
def test_the_command_writes_every_plan_and_node_in_the_light_formats(demo, tmp_path, slug, node):
    title = Node.objects.get(plan__slug=slug, key=node).title
    for fmt in ("xlsx", "html", "csv"):
        for options in ({}, {"node": node}):
            out = tmp_path / f"{slug}.{fmt}"
            call_command(
                "report", "booklet", plan=slug, fy=2024, format=fmt, output=str(out), **options
            )
            assert out.read_bytes().startswith(MAGIC[fmt])
            if fmt == "html":
                assert title in out.read_text(encoding="utf-8")


def test_the_registry_lists_the_booklet():
    assert BookletExporter in base.all()
    exporter = base.get("booklet")
    assert exporter.verbose_name == "計画書" and exporter.takes_node
    assert exporter.stylesheets == ("print.css", "booklet.css")
