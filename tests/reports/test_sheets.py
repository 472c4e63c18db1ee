"""The 取組シート report: the files it writes are opened and read back."""

import csv
import io
import re
import subprocess

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from sasaeai.accounts.models import User
from sasaeai.plans.models import Action, Indicator, Node, Plan
from sasaeai.progress.models import Cycle, Entry
from sasaeai.reports import base
from sasaeai.reports.sheets import SheetsExporter

pytestmark = pytest.mark.django_db

REVIEW = "ageo-review-5th"


def _render(fmt, slug=REVIEW, fy=2020, **kwargs):
    return base.get("sheets").render(Plan.objects.get(slug=slug), fy, fmt, **kwargs)


def _squeezed(text):
    return re.sub(r"\s+", "", text)


def _pdf_pages(path):
    """Return the text of each page (pdftotext separates pages with a form feed)."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return [_squeezed(page) for page in out.split("\f")[:-1]]


def _page_count(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_the_pdf_holds_every_sheet_on_its_own_pages_in_an_embedded_font(demo, tmp_path):
    filename, content_type, content = _render("pdf")
    assert (filename, content_type) == ("ageo-review-5th-sheets-2020.pdf", "application/pdf")
    path = tmp_path / filename
    path.write_bytes(content)
    pages = _pdf_pages(path)
    text = "".join(pages)
    nodes = list(Node.objects.filter(plan__slug=REVIEW).order_by("order"))
    assert len(nodes) == 3 and len(pages) == _page_count(path) >= len(nodes)
    # Each sheet begins a page of its own, in printed order.
    first_pages = [
        next(n for n, p in enumerate(pages) if _squeezed(node.title) in p) for node in nodes
    ]
    assert first_pages[0] == 0 and first_pages == sorted(set(first_pages))
    plan_title = _squeezed(Plan.objects.get(slug=REVIEW).title)
    assert [n for n in first_pages if not pages[n].startswith(plan_title)] == []
    assert [p for p in pages if p.startswith(plan_title)] == [pages[n] for n in first_pages]
    actions = Action.objects.filter(node__plan__slug=REVIEW).values_list("title", flat=True)
    indicators = list(Indicator.objects.filter(node__plan__slug=REVIEW).prefetch_related("actuals"))
    wanted = [
        *(n.title for n in nodes),
        *(n.page_ref for n in nodes),
        *actions,
        *(i.name for i in indicators),
        *(a.note for i in indicators for a in i.actuals.all() if a.note),
        *(n.narratives.get(title="課題点と今後の取り組み").body.splitlines()[-1] for n in nodes),
    ]
    assert len(wanted) > 30 and [w for w in wanted if _squeezed(w) not in text] == []
    values = [f"{a.value:,.0f}" for i in indicators for a in i.actuals.all()]
    assert "21,911" in values and "2,758" in values
    assert [v for v in values if v not in text] == []
    assert "令和元年度" in text and "集計方法の変更" in text and "案" in pages[0]
    assert "前計画の振り返りのため基準値・目標値の記載なし" in text
    # The trend charts are drawn: their axes are labelled with western years, 2018 included,
    # a year for which no sheet has a number.
    assert "2018" in text and "30,000" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    lines = fonts.splitlines()[2:]
    assert lines and all("IPAex" in line and line.split()[-5] == "yes" for line in lines)


MM = 72 / 25.4  # PDF points per millimetre
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def test_nothing_runs_off_the_a4_portrait_page(demo, tmp_path):
    """Every word of the sheets, the charts' labels included, lies inside print.css's margins."""
    Entry.objects.filter(pk=_unique_submitted_entry().pk).update(status="accepted")
    path = tmp_path / "sheets.pdf"
    path.write_bytes(_render("pdf", slug="ageo", fy=2023)[2])
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True)
    words = [(*map(float, m.groups()[:4]), m.group(5)) for m in WORD.finditer(bbox.stdout)]
    left, right, bottom = 14 * MM, 595.276 - 14 * MM, 841.89 - 18 * MM
    assert len(words) > 500 and "【架空のデモ記述】" in "".join(w[4] for w in words)
    outside = [w for w in words if w[0] < left - 0.5 or w[2] > right + 0.5]
    across_the_foot = [w for w in words if w[1] < bottom - 0.5 < bottom + 0.5 < w[3]]
    assert (outside, across_the_foot) == ([], [])


def test_the_html_has_a_chart_per_indicator_and_marks_the_notes(demo):
    html = _render("html")[2].decode()
    assert html.count("<svg") == Indicator.objects.filter(node__plan__slug=REVIEW).count() == 7
    assert 'font-family="IPAexGothic' in html
    assert html.count('class="sheet"') == 3 and "break-before: page" in html
    assert ">案<" in html and "令和2年度（2020）" in html
    assert "<sup>※2</sup>" in html and "（R3.3.31 現在）" in html  # long notes marked, short inline
    assert "達成目標" in html and "関連する数値の変化" in html


def test_sample_values_are_marked_as_made_up(demo):
    html = _render("html", slug="tokorozawa", fy=2024)[2].decode()
    assert (
        'class="sample-mark">架空<' in html and "架空のデモ値（実在のデータではありません）" in html
    )
    assert "６年後のめざす姿" in html  # the goal box of a plan without a 達成目標


def test_the_xlsx_has_a_sheet_per_initiative_with_numbers_as_numbers(demo):
    book = load_workbook(io.BytesIO(_render("xlsx")[2]))
    nodes = Node.objects.filter(plan__slug=REVIEW).order_by("order")
    assert book.sheetnames == [f"{n.code} {n.title}" for n in nodes]
    sheet = book.worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    number = next(c for c in cells if c.value == 21911)
    assert isinstance(number.value, int) and number.number_format == "#,##0"
    values = [c.value for c in cells]
    assert {"実績値", "平成29年度", "令和元年度", "令和2年度", "指標名", "注記"} <= set(values)
    assert "令和5年度" not in values  # no year after the fiscal year
    lead = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=4, max_row=10)}
    assert lead["達成目標"].startswith("すべての社協支部に")
    assert lead["社会福祉協議会の取り組み"].count("○") == 4
    assert lead["課題点と今後の取り組み"].startswith("・支部拠点に対する")
    notes = next(c.value for c in cells if isinstance(c.value, str) and "集計方法の変更" in c.value)
    assert "実績値 令和元年度" in notes
    assert {str(r) for r in sheet.merged_cells.ranges} >= {"C12:E12", "A12:A13"}


def test_the_csv_has_a_bom_and_a_block_per_initiative(demo):
    content = _render("csv")[2]
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    titles = [r[0] for r in rows if len(r) == 1]
    assert titles == [f"{n.code} {n.title}" for n in Node.objects.filter(plan__slug=REVIEW)]
    cells = [c for row in rows for c in row]
    assert "21911" in cells and "2758" in cells and "指標名" in cells
    assert any(c.startswith("○社協支部のコーディネーター研修") for c in cells)


def test_a_node_narrows_the_sheets_to_its_subtree(demo):
    plan = Plan.objects.get(slug="ageo")
    node = Node.objects.get(plan=plan, key="3/7")
    filename, _type, content = _render("html", slug="ageo", fy=2023, node=node)
    html = content.decode()
    assert filename == "ageo-sheets-7-2023.html"
    below = Node.objects.filter(plan=plan, key__startswith="3/7").values_list("title", flat=True)
    assert len(below) == 4 and all(t in html for t in below)
    assert html.count('class="sheet"') == 4
    assert "支え合いの意識づくり</h1>" not in html and "地域福祉への意識の醸成" not in html
    book = load_workbook(io.BytesIO(_render("xlsx", slug="ageo", fy=2023, node=node)[2]))
    assert (
        len(book.sheetnames) == 4 and book.sheetnames[0] == "7 地域福祉活動の活性化と担い手の育成"
    )


def _unique_submitted_entry():
    """Return a submitted entry whose progress text no other entry of the cycle has."""
    entries = Entry.objects.filter(cycle__plan__slug="ageo", cycle__fiscal_year=2023)
    for entry in entries.filter(status="submitted").exclude(progress=""):
        if entries.filter(progress=entry.progress).count() == 1:
            return entry
    raise AssertionError("the demo has no submitted entry with a text of its own")


def test_only_reviewed_progress_is_printed(demo):
    entries = Entry.objects.filter(cycle__plan__slug="ageo", cycle__fiscal_year=2023)
    written = entries.exclude(progress="")
    assert {e.status for e in written} >= {"draft", "submitted", "returned"}
    html = _render("html", slug="ageo", fy=2023)[2].decode()
    assert "【架空のデモ記述】" not in html and 'class="progress"' not in html

    accepted = _unique_submitted_entry()
    Entry.objects.filter(pk=accepted.pk).update(status="accepted")
    html = _render("html", slug="ageo", fy=2023)[2].decode()
    assert accepted.progress in html and accepted.issues in html and accepted.next_steps in html
    assert accepted.department.name in html and "令和5年度（2023） 進捗状況報告" in html
    # The demo's texts all begin with the same tag: the accepted entry's three are the only ones.
    assert html.count("【架空のデモ記述】") == 3
    assert [e.progress for e in written.exclude(pk=accepted.pk) if e.progress in html] == []
    xlsx = load_workbook(io.BytesIO(_render("xlsx", slug="ageo", fy=2023)[2]))
    texts = [c.value for s in xlsx.worksheets for r in s.iter_rows() for c in r if c.value]
    assert sum("【架空のデモ記述】" in str(t) for t in texts) == 1  # one lead row, three lines


def test_a_reader_sees_only_the_progress_within_their_scope(demo):
    accepted = _unique_submitted_entry()
    Entry.objects.filter(pk=accepted.pk).update(status="accepted")
    own = User.objects.get(department=accepted.department, role=User.Role.CLERK)
    other = User.objects.exclude(department=accepted.department).get(
        username__in=["somu", "kourei"]
    )
    plan = Plan.objects.get(slug="ageo")
    exporter = SheetsExporter()
    assert accepted.progress in exporter.render(plan, 2023, "html", user=own)[2].decode()
    assert accepted.progress not in exporter.render(plan, 2023, "html", user=other)[2].decode()


def test_a_whole_period_report_gives_sheets_to_nodes_with_progress_only(demo):
    # 下野市's nodes hold neither actions nor indicators; its confirmed 進捗のまとめ fills them.
    html = _render("html", slug="shimotsuke", fy=2024)[2].decode()
    entries = Entry.objects.filter(cycle__plan__slug="shimotsuke", status="confirmed")
    nodes = {e.node_id for e in entries}
    assert html.count('class="sheet"') == len(nodes) > 10
    assert all(e.progress.splitlines()[0] in html for e in entries)
    assert "第２期計画 事業進捗のまとめ(確定版)" in html and ">確定版<" in html


def test_the_sheets_are_a_confirmed_edition_once_the_cycle_is(demo):
    plan = Plan.objects.get(slug="ageo")
    Cycle.objects.filter(plan=plan, fiscal_year=2023).update(
        status="confirmed", confirmed_by="地域福祉推進委員会", confirmed_on="2024-06-20"
    )
    html = SheetsExporter().render(plan, 2023, "html")[2].decode()
    assert ">確定版<" in html and "地域福祉推進委員会 2024年6月20日" in html
    book = load_workbook(io.BytesIO(SheetsExporter().render(plan, 2023, "xlsx")[2]))
    assert book.worksheets[0]["A2"].value.endswith("確定版（地域福祉推進委員会 2024年6月20日）")


MAGIC = {"pdf": b"%PDF", "xlsx": b"PK", "html": b"<!doctype", "csv": b"\xef\xbb\xbf"}


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "html", "csv"])
def test_the_command_writes_each_format(demo, tmp_path, fmt):
    out = tmp_path / f"sheets.{fmt}"
    call_command("report", "sheets", plan=REVIEW, fy=2020, format=fmt, output=str(out))
    assert out.read_bytes().startswith(MAGIC[fmt])


@pytest.mark.parametrize("slug", ["ageo", "tokorozawa", "shimotsuke"])
def test_the_command_writes_every_plan(demo, tmp_path, slug):
    for fmt in ("xlsx", "html", "csv"):
        out = tmp_path / f"{slug}.{fmt}"
        call_command("report", "sheets", plan=slug, fy=2024, format=fmt, output=str(out))
        assert out.read_bytes().startswith(MAGIC[fmt])
    book = load_workbook(tmp_path / f"{slug}.xlsx")
    html = (tmp_path / f"{slug}.html").read_text(encoding="utf-8")
    assert len(book.sheetnames) == html.count('class="sheet"') > 0
    first = Node.objects.filter(plan__slug=slug).exclude(actions=None).order_by("depth").first()
    assert first is None or first.title in html


def test_the_registry_lists_the_sheets_report():
    assert SheetsExporter in base.all()
    exporter = base.get("sheets")
    assert exporter.verbose_name == "取組シート" and exporter.takes_node
    assert exporter.stylesheets == ("print.css", "sheets.css")
