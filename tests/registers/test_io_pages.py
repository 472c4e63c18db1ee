"""The registers' export and import pages and commands: download, upload, check, confirm."""

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from sasaeai.accounts.models import Organization, User
from sasaeai.audit.models import Event
from sasaeai.demo.services import PASSWORD
from sasaeai.meetings.models import Meeting
from sasaeai.volunteers.models import Activity, ActivityTally, Volunteer

PAGE = "/registers/io/"


@pytest.fixture
def rows(demo):
    higashi = Organization.objects.get(key="ageo-branch-ageo-higashi")
    nishi = Organization.objects.get(key="ageo-branch-ageo-nishi")
    return {
        "meeting": Meeting.objects.create(
            branch=higashi, held_on=date(2024, 9, 1), theme="見守り", participants=25
        ),
        "volunteer": Volunteer.objects.create(branch=nishi, name="西 太郎", phone="048-222-2222"),
        "activity": Activity.objects.create(branch=higashi, date=date(2024, 6, 1), people=3),
    }


def _as(client, username):
    client.logout()
    assert client.login(username=username, password=PASSWORD)
    return client


def _download(client, **params):
    response = client.get(f"{PAGE}export/", params)
    assert response.status_code == 200, response.status_code
    return response


def _upload(client, content, name="registers.xlsx", **extra):
    return client.post(
        PAGE, {"action": "check", "file": SimpleUploadedFile(name, content), **extra}
    )


def _changed_workbook(content: bytes, sheet: str, header: str, pk: int, value) -> bytes:
    book = load_workbook(io.BytesIO(content))
    ws = book[sheet]
    column = next(c.column for c in ws[1] if c.value == header)
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == pk)
    ws.cell(row, column).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_page_lists_exports_and_offers_the_upload_to_staff(rows, client):
    html = _as(client, "vc").get(PAGE).content.decode()
    assert "?register=all&amp;format=xlsx" in html and "?register=activities&amp;format=csv" in html
    assert 'name="file"' in html and "/registers/io/template/" in html


def test_the_city_may_export_what_it_reads_but_not_import(rows, client):
    html = _as(client, "somu").get(PAGE).content.decode()
    assert "集いの場" in html and "register=volunteers" not in html
    assert 'name="file"' not in html
    assert client.get(f"{PAGE}export/", {"register": "volunteers"}).status_code == 404
    response = _upload(client, b"x")
    assert response.status_code == 404


def test_people_without_registers_and_strangers_are_turned_away(rows, client):
    User.objects.create_user("nobody", password=PASSWORD, role=User.Role.VIEWER)
    assert _as(client, "nobody").get(PAGE).status_code == 404
    assert client.get(f"{PAGE}template/").status_code == 404
    client.logout()
    assert client.get(PAGE).status_code == 302
    assert client.get(f"{PAGE}export/").status_code == 302


def test_the_workbook_download_opens_in_excel_with_a_sheet_per_register(rows, client):
    response = _download(_as(client, "vc"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="sasaeai-all-' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert "活動記録" in book.sheetnames and "ボランティア" in book.sheetnames
    assert "電話番号" in [c.value for c in book["ボランティア"][1]]


def test_council_staff_download_volunteers_without_contact_columns(rows, client):
    response = _download(_as(client, "shakyo"), register="volunteers", format="csv")
    text = response.content.decode("utf-8-sig")
    assert response.content.startswith("\ufeff".encode())
    assert "西 太郎" in text and "電話番号" not in text and "048-222-2222" not in text


def test_a_branch_coordinator_downloads_only_its_branch(rows, client):
    text = _download(_as(client, "shibu"), register="volunteers", format="csv").content
    assert "西 太郎" not in text.decode("utf-8-sig")


def test_unknown_registers_and_formats_are_not_found(rows, client):
    _as(client, "vc")
    for params in (
        {"register": "nothing"},
        {"format": "pdf"},
        {"register": "all", "format": "csv"},
    ):
        assert client.get(f"{PAGE}export/", params).status_code == 404, params


def test_the_blank_template_has_headers_and_the_guide(rows, client):
    response = _as(client, "vc").get(f"{PAGE}template/", {"register": "all"})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "説明"
    assert [c.value for c in book["地域福祉懇談会"][1]][:3] == ["ID", "支部", "自治会・町内会"]
    csv = client.get(f"{PAGE}template/", {"register": "meetings", "format": "csv"})
    assert csv.content.decode("utf-8-sig").strip().startswith("ID,支部,自治会・町内会,開催日")


def test_upload_shows_the_dry_run_then_the_confirmation_imports(rows, client):
    _as(client, "vc")
    content = _download(client).content
    content = _changed_workbook(content, "地域福祉懇談会", "参加人数", rows["meeting"].pk, 40)
    response = _upload(client, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert "確認のみ（書き込みなし）" in html and "地域福祉懇談会: 新規 0、更新 1" in html
    rows["meeting"].refresh_from_db()
    assert rows["meeting"].participants == 25
    digest = response.context["digest"]
    response = client.post(PAGE, {"action": "accept", "digest": digest})
    assert response.status_code == 302
    rows["meeting"].refresh_from_db()
    assert rows["meeting"].participants == 40
    assert Event.objects.filter(action="meetings.import").count() == 1
    assert "取り込みました" in client.get(PAGE).content.decode()


def test_a_file_with_problems_lists_them_by_cell_and_cannot_be_confirmed(rows, client):
    _as(client, "vc")
    content = _changed_workbook(
        _download(client).content, "活動記録", "活動日", rows["activity"].pk, "いつか"
    )
    response = _upload(client, content, "活動.xlsx")
    html = response.content.decode()
    sheet = load_workbook(io.BytesIO(content))["活動記録"]
    row = next(c.row for c in sheet["A"] if c.value == rows["activity"].pk)
    assert response.status_code == 400
    assert "活動.xlsx: 誤りが 1 件あります（何も書き込んでいません）" in html
    assert (
        f"<td>活動記録</td><td>{row}</td><td>「活動日」</td><td>「いつか」を日付として読めません。</td>"
        in html
    )
    assert 'value="accept"' not in html
    assert client.post(PAGE, {"action": "accept", "digest": "x"}).status_code == 400


def test_a_branch_coordinator_s_upload_for_another_branch_is_refused(rows, client):
    _as(client, "shibu")
    content = _download(client, register="activities", format="csv").content.decode("utf-8-sig")
    content = content.replace("上尾東支部", "上尾西支部")
    response = _upload(client, content.encode("utf-8"), "activities.csv")
    assert response.status_code == 400
    assert "「上尾西支部」の登録簿には取り込めません" in response.content.decode()


def test_an_imported_csv_of_activity_records_updates_the_tally(rows, client):
    _as(client, "vc")
    text = _download(client, register="activities", format="csv").content.decode("utf-8-sig")
    header, *lines = text.strip().splitlines()
    new = ",上尾東支部,2024-07-01,,,,,,見守り訪問,1,5,"
    response = _upload(client, "\r\n".join([header, *lines, new]).encode("utf-8-sig"), "a.csv")
    assert "活動記録: 新規 1、更新 0" in response.content.decode()
    client.post(PAGE, {"action": "accept", "digest": response.context["digest"]})
    higashi = rows["activity"].branch
    assert ActivityTally.objects.get(branch=higashi, fiscal_year=2024).people == 8


def test_the_commands_export_and_import_a_workbook(rows, tmp_path):
    path = tmp_path / "registers.xlsx"
    call_command("export_register", "-o", str(path), "--user", "vc", stdout=io.StringIO())
    changed = _changed_workbook(
        path.read_bytes(), "地域福祉懇談会", "テーマ", rows["meeting"].pk, "防災"
    )
    path.write_bytes(changed)
    out = io.StringIO()
    call_command("import_register", str(path), "--dry-run", stdout=out)
    assert "地域福祉懇談会: 新規 0、更新 1" in out.getvalue()
    rows["meeting"].refresh_from_db()
    assert rows["meeting"].theme == "見守り"
    call_command("import_register", str(path), "--user", "vc", stdout=io.StringIO())
    rows["meeting"].refresh_from_db()
    assert rows["meeting"].theme == "防災"


def test_the_import_command_names_the_file_sheet_row_and_column(rows, tmp_path):
    path = tmp_path / "meetings.csv"
    call_command("export_register", "meetings", "-o", str(path), stdout=io.StringIO())
    path.write_text(path.read_text("utf-8-sig").replace("2024-09-01", "9月某日"), "utf-8-sig")
    with pytest.raises(CommandError) as error:
        call_command("import_register", str(path), stdout=io.StringIO())
    where = "meetings.csv シート「地域福祉懇談会」 2行 「開催日」列"
    assert f"{where}: 「9月某日」を日付として読めません。" in str(error.value)


@pytest.mark.browser
def test_in_a_browser_download_change_upload_check_and_import(live_server, rows, page, tmp_path):
    """The whole flow in Chromium: the download is a real file Excel would open."""
    from playwright.sync_api import expect

    page.route(re.compile(r"^(?!http://localhost|http://127\.0\.0\.1).*"), lambda r: r.abort())
    page.goto(live_server.url + PAGE)
    page.get_by_label("利用者名").fill("vc")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.locator("form.login").get_by_role("button", name="ログイン").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="すべての登録簿を Excel で").click()
    path = tmp_path / "registers.xlsx"
    download.value.save_as(path)
    changed = _changed_workbook(
        path.read_bytes(), "地域福祉懇談会", "参加人数", rows["meeting"].pk, 41
    )
    path.write_bytes(changed)

    page.get_by_label("Excel（.xlsx）か CSV（.csv）").set_input_files(str(path))
    page.get_by_role("button", name=re.compile("確認する")).click()
    summary = page.locator("section.checked")
    expect(summary).to_contain_text("地域福祉懇談会: 新規 0、更新 1、変更なし 0")
    rows["meeting"].refresh_from_db()
    assert rows["meeting"].participants == 25
    page.get_by_role("button", name="取り込む").click()
    expect(page.locator("ul.messages")).to_contain_text("取り込みました")
    rows["meeting"].refresh_from_db()
    assert rows["meeting"].participants == 41
