"""The 進捗のまとめ report: seed 003's shape, 案 until confirmed, never a draft's text."""

import csv
import io
import re
import subprocess

import pytest
import yaml
from django.core.management import call_command
from openpyxl import load_workbook
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextContainer

from sasaeai.accounts.models import User
from sasaeai.plans.models import Action, Plan
from sasaeai.progress.models import Cycle, Entry
from sasaeai.reports import base

pytestmark = pytest.mark.django_db

SHIMOTSUKE = "sasaeai/demo/plans/shimotsuke.yaml"


def _render(slug, fy, fmt, **options):
    return base.get("progress").render(Plan.objects.get(slug=slug), fy, fmt, **options)


def _squeezed(text):
    return re.sub(r"\s+", "", text)


def _pdf_text_by_column(path):
    """Return the PDF's text with each table column read top to bottom (pdftotext reads across
    the row, interleaving the lines of neighbouring cells)."""
    boxes = [
        _squeezed(element.get_text())
        for page in extract_pages(str(path), laparams=LAParams(line_margin=1.5))
        for element in page
        if isinstance(element, LTTextContainer)
    ]
    return "".join(boxes)


def _shimotsuke_entries():
    with open(SHIMOTSUKE, encoding="utf-8") as f:
        return yaml.safe_load(f)["cycles"][0]["entries"]


def test_the_confirmed_pdf_holds_every_row_of_the_seed_and_says_who_confirmed_it(demo, tmp_path):
    path = tmp_path / "progress.pdf"
    path.write_bytes(_render("shimotsuke", 2021, "pdf")[2])
    text = _pdf_text_by_column(path)
    entries = _shimotsuke_entries()
    assert len(entries) == 28
    missing = [
        e["node"]
        for e in entries
        if _squeezed(e["progress"]) not in text or _squeezed(e["issues"]) not in text
    ]
    assert missing == []
    assert "確定版" in text and "案" not in text.replace("提案", "")
    assert "※この内容は、第２期計画推進委員会において確定したものです。" in text
    assert "基本目標3" in text and "相談体制の充実" in text and "1/" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    ipaex = [line for line in fonts.splitlines() if "IPAex" in line]
    assert ipaex and all(line.split()[-5] == "yes" for line in ipaex)


def test_rows_are_printed_as_the_seed_prints_them_per_goal_and_actor(demo):
    html = _render("shimotsuke", 2021, "html")[2].decode()
    goals = re.findall(r"<h2>(.*?)</h2>", html)
    assert [g.strip() for g in goals] == [
        "基本目標1　ふれあい、支え合い、助け合いの輪が広がる地域づくり",
        "基本目標2　安全・安心な暮らしやすいまちづくり",
        "基本目標3　地域福祉を推進するためのしくみづくり",
    ]
    first = html.index("ふれあい交流の促進")
    assert html.index(">市<", first) < html.index(">社協<", first) < html.index("拠点づくり")


def test_an_open_cycle_is_a_draft_that_prints_only_accepted_entries(demo):
    cycle = Cycle.objects.get(plan__slug="ageo", fiscal_year=2023)
    submitted = cycle.entries.filter(status=Entry.Status.SUBMITTED).exclude(progress="")
    drafts = cycle.entries.filter(status=Entry.Status.DRAFT).exclude(progress="")
    assert submitted.exists() and drafts.exists()
    html = _render("ageo", 2023, "html")[2].decode()
    assert ">案<" in html and "受理された進捗だけ" in html
    assert "【架空のデモ記述】" not in html  # nothing is accepted yet: no text at all
    accepted = submitted.first()
    Entry.objects.filter(pk=accepted.pk).update(status=Entry.Status.ACCEPTED)
    html = _render("ageo", 2023, "html")[2].decode()
    assert accepted.progress in html
    assert html.count("【架空のデモ記述】") == 3  # that entry's 進捗状況, 課題 and 今後の方向
    assert all(d.progress not in html.replace(accepted.progress, "") for d in drafts)


def test_the_readers_scope_narrows_what_the_download_shows(demo):
    cycle = Cycle.objects.get(plan__slug="ageo", fiscal_year=2023)
    kourei = cycle.entries.filter(department__name="高齢介護課", status=Entry.Status.SUBMITTED)[0]
    Entry.objects.filter(pk=kourei.pk).update(status=Entry.Status.ACCEPTED)
    text = kourei.progress
    secretariat = User.objects.get(username="secretariat")
    somu = User.objects.get(username="somu")
    assert text in _render("ageo", 2023, "html", user=secretariat)[2].decode()
    assert text not in _render("ageo", 2023, "html", user=somu)[2].decode()


def test_confirming_the_cycle_makes_it_the_confirmed_edition(demo):
    plan = Plan.objects.get(slug="ageo")
    Cycle.objects.filter(plan=plan, fiscal_year=2023).update(
        status="confirmed", confirmed_by="上尾市地域福祉推進委員会", confirmed_on="2024-07-10"
    )
    Entry.objects.filter(cycle__plan=plan).update(status=Entry.Status.CONFIRMED)
    html = _render("ageo", 2023, "html")[2].decode()
    assert ">確定版<" in html and "2024年7月10日" in html
    assert "上尾市地域福祉推進委員会において確定したものです" in html
    assert "【架空のデモ記述】" in html and ">―<" not in html


def test_a_year_without_a_cycle_is_the_blank_form_of_every_action(demo):
    html = _render("tokorozawa", 2024, "html")[2].decode()
    assert "進捗報告はまだ始まっていません" in html and ">案<" in html
    titles = Action.objects.filter(node__plan__slug="tokorozawa").values_list("title", flat=True)
    assert titles and [t for t in titles if t not in html] == []


def test_the_xlsx_has_a_sheet_per_goal_with_the_texts(demo):
    book = load_workbook(io.BytesIO(_render("shimotsuke", 2021, "xlsx")[2]))
    assert book.sheetnames == ["基本目標1", "基本目標2", "基本目標3"]
    sheet = book["基本目標1"]
    assert sheet["A1"].value.endswith("進捗のまとめ")
    assert sheet["B4"].value == "ふれあい、支え合い、助け合いの輪が広がる地域づくり"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert rows[0] == ["番号", "取組", "主体・担当", "進捗状況", "課題"]
    assert rows[1][:3] == ["①", "ふれあい交流の促進", "市"]
    assert rows[1][3].startswith("地域活動団体や学校")
    assert sheet.freeze_panes == "D7"


def test_the_csv_has_a_bom_and_every_row(demo):
    content = _render("shimotsuke", 2021, "csv")[2]
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert sum(1 for r in rows if len(r) == 5 and r[2] in ("市", "社協")) == 28


@pytest.mark.parametrize("slug,fy", [("ageo", 2023), ("tokorozawa", 2024), ("shimotsuke", 2021)])
def test_the_command_writes_every_format_for_each_demo_plan(demo, tmp_path, slug, fy):
    magic = {"xlsx": b"PK", "html": b"<!doctype", "csv": b"\xef\xbb\xbf"}
    for fmt, start in magic.items():
        out = tmp_path / f"progress.{fmt}"
        call_command("report", "progress", plan=slug, fy=fy, format=fmt, output=str(out))
        assert out.read_bytes().startswith(start)


def test_the_progress_report_cannot_be_narrowed_to_a_node(demo):
    plan = Plan.objects.get(slug="ageo")
    with pytest.raises(base.ExportError, match="施策ごとには作れません"):
        base.get("progress").render(plan, 2023, "html", node=plan.nodes.first())


def test_the_edition_line_names_the_committee_and_the_day_once_confirmed():
    from sasaeai.reports.editions import Edition

    assert Edition(False).full_label == "案"
    assert (
        Edition(True, "推進委員会", "2024年6月20日").full_label
        == "確定版（推進委員会 2024年6月20日）"
    )
    assert Edition(True).full_label == "確定版"
