"""The registers to and from Excel and CSV: round trips, problems by cell, scope, tallies."""

import io
from datetime import date, datetime, time
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from sasaeai.accounts.models import Organization, User
from sasaeai.audit.models import Event
from sasaeai.meetings.models import Meeting, MeetingIssue
from sasaeai.places.models import GatheringPlace, Schedule
from sasaeai.planfiles.workbook import WorkbookError
from sasaeai.registers import tabular
from sasaeai.registers.models import Neighbourhood
from sasaeai.registers.sheets import BY_KEY, REGISTERS
from sasaeai.registers.tabular import Lookup, export_csv, export_xlsx, import_file
from sasaeai.volunteers.models import (
    Activity,
    ActivityTally,
    Attendance,
    Course,
    Request,
    Skill,
    Volunteer,
    VolunteerGroup,
)


@pytest.fixture
def world(demo):
    """Rows in every register, in 上尾東支部 and 上尾西支部 of the ageo 社協."""
    council = Organization.objects.get(key="ageo-council")
    higashi = Organization.objects.get(key="ageo-branch-ageo-higashi")
    nishi = Organization.objects.get(key="ageo-branch-ageo-nishi")
    listen, drive = (Skill.objects.get_or_create(name=n)[0] for n in ("傾聴", "送迎"))
    hood = Neighbourhood.objects.create(branch=higashi, name="東町自治会", households=120)
    place = GatheringPlace.objects.create(
        branch=higashi,
        name="ふれあいサロン東",
        neighbourhood=hood,
        latitude=Decimal("35.977000"),
        longitude=Decimal("139.593000"),
        started_on=date(2022, 4, 1),
        note='=HYPERLINK("http://example.invalid")',
        sample=True,
    )
    Schedule.objects.create(
        place=place, freq="MONTHLY", byday="2TU,4TU", opens_at=time(10), closes_at=time(12)
    )
    group = VolunteerGroup.objects.create(branch=higashi, name="東おはなし会", members=8)
    hanako = Volunteer.objects.create(
        branch=higashi,
        name="上尾 花子",
        kana="あげお はなこ",
        phone="048-000-0000",
        email="hanako@example.jp",
        availability=["tue_am", "sat_pm"],
        registered_on=date(2023, 5, 1),
    )
    hanako.skills.set([listen, drive])
    hanako.areas.set([higashi, nishi])
    hanako.groups.set([group])
    request = Request.objects.create(
        branch=higashi,
        requester="特養あげお",
        what="話し相手",
        starts_at=timezone.make_aware(datetime(2024, 6, 1, 10)),
        ends_at=timezone.make_aware(datetime(2024, 6, 1, 12)),
        area=higashi,
    )
    request.skills.set([listen])
    activity = Activity.objects.create(
        branch=higashi, date=date(2024, 6, 1), volunteer=hanako, hours=Decimal("2.5"), people=3
    )
    course = Course.objects.create(
        branch=council,
        title="認知症サポーター養成講座",
        kind="dementia_supporter",
        held_on=date(2024, 7, 1),
    )
    Attendance.objects.create(course=course, volunteer=hanako)
    Attendance.objects.create(course=course, name="市民 一郎")
    meeting = Meeting.objects.create(
        branch=higashi,
        neighbourhood=hood,
        held_on=date(2024, 9, 1),
        theme="見守り",
        participants=25,
    )
    MeetingIssue.objects.create(meeting=meeting, text="移動の手段がない", order=0)
    MeetingIssue.objects.create(meeting=meeting, text="集まる場所が遠い", order=1)
    nishi_activity = Activity.objects.create(branch=nishi, date=date(2024, 6, 2), people=4)
    return {
        "hood": hood,
        "nishi_activity": nishi_activity,
        "council": council,
        "higashi": higashi,
        "nishi": nishi,
        "place": place,
        "hanako": hanako,
        "activity": activity,
        "meeting": meeting,
    }


def user(name: str) -> User:
    return User.objects.get(username=name)


def xlsx(name: str = "vc") -> bytes:
    return export_xlsx(REGISTERS, Lookup.of(user(name)))


def run(content: bytes, filename: str = "registers.xlsx", name: str = "vc", **kw):
    return import_file(content, filename, user=user(name), registers=REGISTERS, **kw)


def edit(content: bytes, sheet: str, header: str, obj, value) -> bytes:
    """Return the workbook with one cell changed: the row of obj, the column of header."""
    book = load_workbook(io.BytesIO(content))
    ws = book[sheet]
    top = next(r for r in range(1, 5) if ws.cell(r, 1).value == "ID")
    column = next(c for c in range(1, ws.max_column + 1) if ws.cell(top, c).value == header)
    row = next(r for r in range(top + 1, ws.max_row + 1) if ws.cell(r, 1).value == obj.pk)
    ws.cell(row, column).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row_of(content: bytes, sheet: str, obj) -> int:
    ws = load_workbook(io.BytesIO(content))[sheet]
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == obj.pk)


def problems(error: WorkbookError) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.message) for p in error.value.problems]


# -- export ----------------------------------------------------------------------------------


def test_every_register_is_a_sheet_with_japanese_headers(world):
    book = load_workbook(io.BytesIO(xlsx()))
    assert book.sheetnames == [r.title for r in REGISTERS]
    ws = book["活動記録"]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["ID", "支部", "活動日", "年度"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    row = rows[world["activity"].pk]
    assert row[1] == "上尾東支部" and row[2].date() == date(2024, 6, 1) and row[3] == 2024
    assert row[5] == "上尾 花子"


def test_texts_lists_and_schedules_are_written_as_a_clerk_reads_them(world):
    book = load_workbook(io.BytesIO(xlsx()))
    places = {c.value: n for n, c in enumerate(book["集いの場"][1])}
    place = next(book["集いの場"].iter_rows(min_row=2, values_only=True))
    assert place[places["開催日程"]] == "毎月第2・第4火曜 10:00–12:00"
    assert place[places["自治会・町内会"]] == "東町自治会"
    assert place[places["架空のデモ値"]] == "○"
    volunteers = {c.value: n for n, c in enumerate(book["ボランティア"][1])}
    hanako = next(book["ボランティア"].iter_rows(min_row=2, values_only=True))
    assert hanako[volunteers["できること"]] == "傾聴、送迎"
    assert hanako[volunteers["活動できる時間帯"]] == "火午前、土午後"
    assert hanako[volunteers["活動できる地区"]] == "上尾東支部、上尾西支部"
    meeting = next(book["地域福祉懇談会"].iter_rows(min_row=2, values_only=True))
    assert "移動の手段がない\n集まる場所が遠い" in meeting


def test_a_formula_looking_cell_is_text_in_excel_and_guarded_in_csv(world):
    book = load_workbook(io.BytesIO(xlsx()))
    note = next(c for c in book["集いの場"][2] if str(c.value).startswith("=HYPERLINK"))
    assert note.data_type == "s"  # a string, never a formula Excel would run
    text = export_csv(BY_KEY["places"], Lookup.of(user("vc"))).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_csv_is_utf8_with_a_bom(world):
    content = export_csv(BY_KEY["activities"], Lookup.of(user("vc")))
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").splitlines()[0].startswith("ID,支部,活動日")


def test_contact_columns_are_there_for_the_volunteer_centre_only(world):
    vc = load_workbook(io.BytesIO(xlsx("vc")))["ボランティア"]
    shakyo = load_workbook(io.BytesIO(xlsx("shakyo")))["ボランティア"]
    vc_headers = [c.value for c in vc[1]]
    shakyo_headers = [c.value for c in shakyo[1]]
    assert {"ふりがな", "電話番号", "メールアドレス", "住所"} <= set(vc_headers)
    assert not {"ふりがな", "電話番号", "メールアドレス", "住所"} & set(shakyo_headers)
    assert "048-000-0000" not in str(list(shakyo.values))


def test_a_branch_user_exports_only_its_branch_rows(world):
    book = load_workbook(io.BytesIO(xlsx("shibu")))
    branches = {r[1] for r in book["活動記録"].iter_rows(min_row=2, values_only=True)}
    assert branches == {"上尾東支部"}
    assert "講座" in book.sheetnames
    assert list(book["講座"].iter_rows(min_row=2, values_only=True)) == []


def test_the_city_exports_no_register_that_names_people(world):
    book = load_workbook(io.BytesIO(xlsx("somu")))
    assert "ボランティア" not in book.sheetnames and "活動記録" not in book.sheetnames
    assert "集いの場" in book.sheetnames


# -- round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["vc", "shakyo", "admin"])
def test_an_export_imported_back_changes_nothing(world, name):
    events = Event.objects.count()
    summary = run(xlsx(name), name=name)
    assert summary.total_changes == 0
    assert all(c.unchanged > 0 for t, c in summary.changes.items() if t != "依頼" or name != "x")
    assert Event.objects.count() == events
    assert summary.changes["活動記録"].unchanged == 2


def test_a_branch_s_export_comes_back_unchanged_when_it_names_other_branches_rows(world):
    nishi = world["nishi"]
    world["hanako"].groups.add(VolunteerGroup.objects.create(branch=nishi, name="西の会"))
    taro = Volunteer.objects.create(branch=nishi, name="西 太郎")
    Activity.objects.create(branch=world["higashi"], date=date(2024, 8, 1), volunteer=taro)
    summary = run(xlsx("shibu"), name="shibu")
    assert summary.total_changes == 0
    assert summary.changes["活動記録"].unchanged == 2
    content = edit(xlsx("shibu"), "活動記録", "ボランティアID", world["activity"], taro.pk)
    with pytest.raises(WorkbookError, match=f"ID {taro.pk} のボランティアはありません"):
        run(content, name="shibu")


def test_every_csv_imported_back_changes_nothing(world):
    lookup = Lookup.of(user("vc"))
    for register in REGISTERS:
        summary = run(export_csv(register, lookup), f"{register.key}.csv")
        change = summary.changes[register.title]
        assert (change.created, change.updated, change.unchanged > 0) == (0, 0, True), register.key


def test_a_changed_cell_is_one_update_audited_once(world):
    content = edit(xlsx(), "地域福祉懇談会", "参加人数", world["meeting"], 30)
    summary = run(content)
    assert summary.changes["地域福祉懇談会"].updated == 1
    assert summary.total_changes == 1
    world["meeting"].refresh_from_db()
    assert world["meeting"].participants == 30
    event = Event.objects.get(action="meetings.import")
    assert event.before == {"参加人数": 25} and event.after == {"参加人数": 30}
    assert event.actor.username == "vc"


def test_a_dry_run_says_what_would_change_and_writes_nothing(world):
    content = edit(xlsx(), "地域福祉懇談会", "テーマ", world["meeting"], "移動支援")
    summary = run(content, dry_run=True)
    assert summary.changes["地域福祉懇談会"].updated == 1
    assert summary.lines()[0].startswith("確認のみ（書き込みなし）")
    assert "地域福祉懇談会: 新規 0、更新 1、変更なし 0" in "\n".join(summary.lines())
    world["meeting"].refresh_from_db()
    assert world["meeting"].theme == "見守り"
    assert not Event.objects.filter(action="meetings.import").exists()


def test_new_rows_lists_and_schedules_are_created(world):
    content = xlsx()
    book = load_workbook(io.BytesIO(content))
    ws = book["集いの場"]
    headers = [c.value for c in ws[1]]
    row = dict.fromkeys(headers)
    row.update(
        {"支部": "上尾東支部", "名称": "子ども食堂ひがし", "種類": "子ども食堂", "対象": "子育て"}
    )
    row["開催日程"] = "毎週水曜 17:00-19:00\n毎月最終土曜 11:00-13:00（祝日は休み）"
    row["自治会・町内会"] = "東町自治会"
    ws.append([row[h] for h in headers])
    out = io.BytesIO()
    book.save(out)
    summary = run(out.getvalue())
    assert summary.changes["集いの場"].created == 1
    place = GatheringPlace.objects.get(name="子ども食堂ひがし")
    assert place.kind == "kodomo_shokudo" and place.neighbourhood.name == "東町自治会"
    assert [(s.freq, s.byday, s.opens_at, s.description) for s in place.schedules.all()] == [
        ("WEEKLY", "WE", time(17), ""),
        ("MONTHLY", "-1SA", time(11), "祝日は休み"),
    ]
    assert Event.objects.filter(action="places.import", target_id=str(place.pk)).count() == 1


def test_a_stored_schedule_that_no_longer_reads_comes_back_unchanged(world):
    world["place"].schedules.update(closes_at=time(9))  # before it opens: not a valid rule
    content = xlsx()
    assert run(content).total_changes == 0
    with pytest.raises(WorkbookError) as error:
        run(edit(content, "集いの場", "開催日程", world["place"], "毎月第2火曜 10:00-9:00"))
    assert "終了時刻（9:00）は開始時刻（10:00）より後にしてください" in problems(error)[0][3]
    assert problems(error)[0][2] == "「開催日程」"


def test_a_volunteer_s_lists_are_read_from_text(world):
    content = edit(xlsx(), "ボランティア", "できること", world["hanako"], "送迎")
    content = edit(content, "ボランティア", "活動できる時間帯", world["hanako"], "月午前、日夜間")
    summary = run(content)
    assert summary.changes["ボランティア"].updated == 1
    hanako = world["hanako"]
    assert [s.name for s in hanako.skills.all()] == ["送迎"]
    hanako.refresh_from_db()
    assert hanako.availability == ["mon_am", "sun_eve"]


def test_meeting_issues_that_stay_keep_their_link_to_the_plan(world):
    issue = world["meeting"].issues.get(text="移動の手段がない")
    content = edit(
        xlsx(), "地域福祉懇談会", "出された課題", world["meeting"], "移動の手段がない\n買い物が不便"
    )
    run(content)
    assert list(world["meeting"].issues.values_list("text", flat=True)) == [
        "移動の手段がない",
        "買い物が不便",
    ]
    assert world["meeting"].issues.get(text="移動の手段がない").pk == issue.pk


def test_the_sample_flag_survives_a_round_trip_and_can_be_cleared(world):
    run(xlsx())
    world["place"].refresh_from_db()
    assert world["place"].sample is True
    run(edit(xlsx(), "集いの場", "架空のデモ値", world["place"], None))
    world["place"].refresh_from_db()
    assert world["place"].sample is False


# -- problems --------------------------------------------------------------------------------


def test_bad_cells_are_named_by_sheet_row_and_column_and_nothing_is_written(world):
    content = edit(xlsx(), "活動記録", "活動日", world["activity"], "きのう")
    content = edit(content, "活動記録", "参加人数", world["nishi_activity"], "たくさん")
    content = edit(content, "地域福祉懇談会", "支部", world["meeting"], "どこか支部")
    content = edit(content, "ボランティア", "できること", world["hanako"], "傾聴、手品")
    content = edit(content, "集いの場", "名称", world["place"], "名前を変えた")
    events = Event.objects.count()
    with pytest.raises(WorkbookError) as error:
        run(content)
    found = problems(error)
    day, people = (row_of(content, "活動記録", world[k]) for k in ("activity", "nishi_activity"))
    meeting = row_of(content, "地域福祉懇談会", world["meeting"])
    hanako = row_of(content, "ボランティア", world["hanako"])
    assert ("活動記録", day, "「活動日」", "「きのう」を日付として読めません。") in found
    assert ("活動記録", people, "「参加人数」", "「たくさん」を整数として読めません。") in found
    assert (
        "地域福祉懇談会",
        meeting,
        "「支部」",
        "「どこか支部」という支部はありません。",
    ) in found
    assert any(
        p[:3] == ("ボランティア", hanako, "「できること」") and "手品" in p[3] for p in found
    )
    said = f"シート「活動記録」 {day}行 「活動日」列: 「きのう」を日付として読めません。"
    assert said in str(error.value)
    world["place"].refresh_from_db()
    assert world["place"].name == "ふれあいサロン東"
    assert Event.objects.count() == events


def test_a_bad_number_a_missing_required_value_and_an_unknown_id(world):
    content = edit(xlsx(), "活動記録", "時間", world["activity"], "2時間")
    content = edit(content, "地域福祉懇談会", "テーマ", world["meeting"], None)
    content = edit(content, "自治会・町内会", "ID", world["hood"], 999999)
    with pytest.raises(WorkbookError) as error:
        run(content)
    found = {p[:3]: p[3] for p in problems(error)}
    day = row_of(content, "活動記録", world["activity"])
    assert found[("活動記録", day, "「時間」")] == "「2時間」を数値として読めません。"
    meeting = row_of(content, "地域福祉懇談会", world["meeting"])
    hood = row_of(content, "自治会・町内会", SimpleNamespace(pk=999999))
    assert found[("地域福祉懇談会", meeting, "「テーマ」")] == "必須です。"
    assert "ID 999999 の行はありません" in found[("自治会・町内会", hood, "「ID」")]


def test_a_row_the_database_refuses_is_named_even_in_a_dry_run(world):
    lines = _csv_text("neighbourhoods").strip().splitlines()
    new = ",上尾東支部,西町自治会,自治会,,,,"
    content = "\r\n".join([*lines, new, new]).encode()
    with pytest.raises(WorkbookError) as error:
        run(content, "neighbourhoods.csv", dry_run=True)
    message = "同じ支部に同じ名前などの行が既にあるため、書き込めません。"
    assert problems(error) == [("自治会・町内会", len(lines) + 2, None, message)]
    assert not Neighbourhood.objects.filter(name="西町自治会").exists()


def test_a_branch_user_cannot_import_another_branch_s_rows(world):
    content = edit(xlsx("shibu"), "活動記録", "支部", world["activity"], "上尾西支部")
    with pytest.raises(WorkbookError) as error:
        run(content, name="shibu")
    assert problems(error) == [
        (
            "活動記録",
            row_of(content, "活動記録", world["activity"]),
            "「支部」",
            "「上尾西支部」の登録簿には取り込めません（変更できる支部ではありません）。",
        )
    ]
    assert not Activity.objects.filter(branch=world["nishi"], date=date(2024, 6, 1)).exists()


def test_a_row_of_a_branch_out_of_reach_is_a_problem_not_skipped(world):
    vc_rows = xlsx("vc")  # both branches' activity records
    with pytest.raises(WorkbookError) as error:
        run(vc_rows, name="shibu")
    assert any(p[0] == "活動記録" and "ID" in p[2] for p in problems(error))


def test_contact_columns_are_refused_from_staff_who_do_not_see_contacts(world):
    content = export_csv(BY_KEY["volunteers"], Lookup.of(user("vc")))
    with pytest.raises(WorkbookError) as error:
        run(content, "volunteers.csv", name="shakyo")
    columns = {p[2] for p in problems(error)}
    assert columns == {"「ふりがな」", "「電話番号」", "「メールアドレス」", "「住所」"}


def test_staff_without_contacts_keep_them_when_importing_their_own_export(world):
    content = edit(xlsx("shakyo"), "ボランティア", "備考", world["hanako"], "送迎は午前のみ")
    run(content, name="shakyo")
    world["hanako"].refresh_from_db()
    assert world["hanako"].phone == "048-000-0000" and world["hanako"].note == "送迎は午前のみ"


def test_contact_changes_are_audited_without_their_values(world):
    run(edit(xlsx(), "ボランティア", "電話番号", world["hanako"], "048-111-1111"))
    event = Event.objects.get(action="volunteers.volunteer.import")
    assert "048" not in str(event.before) + str(event.after)
    assert event.after == {"電話番号": tabular.HIDDEN}


# -- activity records and their tallies --------------------------------------------------------


def test_imported_activity_records_update_the_tallies(world):
    higashi = world["higashi"]
    assert ActivityTally.objects.get(branch=higashi, fiscal_year=2024).people == 3
    content = edit(xlsx(), "活動記録", "参加人数", world["activity"], 10)
    book = load_workbook(io.BytesIO(content))
    ws = book["活動記録"]
    ws.append([None, "上尾東支部", "2025-04-02", None, None, None, None, None, "新年度", 1.5, 6])
    out = io.BytesIO()
    book.save(out)
    summary = run(out.getvalue())
    change = summary.changes["活動記録"]
    assert (change.created, change.updated, change.unchanged) == (1, 1, 1)
    row = {a.date: a for a in Activity.objects.filter(branch=higashi)}
    assert row[date(2025, 4, 2)].fiscal_year == 2025 and row[date(2025, 4, 2)].hours == Decimal(
        "1.5"
    )
    assert ActivityTally.objects.get(branch=higashi, fiscal_year=2024).people == 10
    tally = ActivityTally.objects.get(branch=higashi, fiscal_year=2025)
    assert (tally.records, tally.people) == (1, 6)
    assert Event.objects.filter(action="volunteers.activity.import").count() == 2


def test_moving_an_activity_to_another_year_refreshes_both_years(world):
    higashi = world["higashi"]
    run(edit(xlsx(), "活動記録", "活動日", world["activity"], "2023-06-01"))
    assert not ActivityTally.objects.filter(branch=higashi, fiscal_year=2024).exists()
    assert ActivityTally.objects.get(branch=higashi, fiscal_year=2023).people == 3


def test_an_activity_names_a_volunteer_in_reach(world):
    content = edit(xlsx(), "活動記録", "ボランティアID", world["activity"], 999999)
    with pytest.raises(WorkbookError) as error:
        run(content)
    assert problems(error) == [
        (
            "活動記録",
            row_of(content, "活動記録", world["activity"]),
            "「ボランティアID」",
            "ID 999999 のボランティアはありません（見られる範囲にありません）。",
        )
    ]


# -- CSV encodings -------------------------------------------------------------------------------


def _csv_text(register: str) -> str:
    return export_csv(BY_KEY[register], Lookup.of(user("vc"))).decode("utf-8-sig")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp932"])
def test_csv_is_read_with_or_without_bom_and_as_excel_s_shift_jis(world, encoding):
    text = _csv_text("meetings").replace(",25,", ",40,")
    summary = run(text.encode(encoding), "meetings.csv")
    assert summary.changes["地域福祉懇談会"].updated == 1
    world["meeting"].refresh_from_db()
    assert world["meeting"].participants == 40


def test_a_csv_is_recognised_by_its_header_or_named(world):
    text = _csv_text("neighbourhoods")
    assert run(text.encode(), "x.csv").changes == {"自治会・町内会": tabular.Change(0, 0, 1, 0)}
    with pytest.raises(WorkbookError) as error:
        run(b"ID,what\r\n", "x.csv")
    assert "どの登録簿の CSV か分かりません" in str(error.value)
    with pytest.raises(WorkbookError) as error:
        run(text.encode(), "x.csv", register="meetings")
    assert {p[3] for p in problems(error)} >= {"この登録簿にない列です。"}


def test_a_csv_problem_names_the_register_row_and_column(world):
    text = _csv_text("activities")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "2024-06-01" in t)
    with pytest.raises(WorkbookError) as error:
        run(text.replace("2024-06-01", "2024-13-01").encode(), "activities.csv")
    message = "「2024-13-01」を日付として読めません。"
    assert problems(error) == [("活動記録", line, "「活動日」", message)]


def test_an_unknown_sheet_or_a_file_that_is_not_a_workbook(world):
    book = Workbook()
    book.active.title = "何かの表"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(WorkbookError, match="登録簿のシートではありません"):
        run(out.getvalue())
    with pytest.raises(WorkbookError, match="Excel ファイルとして開けません"):
        run(b"not a zip")


def test_the_blank_template_has_a_guide_and_empty_sheets(world):
    book = load_workbook(io.BytesIO(export_xlsx(REGISTERS, Lookup.of(user("vc")), blank=True)))
    assert book.sheetnames[0] == "説明" and "活動記録" in book.sheetnames
    assert list(book["活動記録"].iter_rows(min_row=2, values_only=True)) == []
    out = io.BytesIO()
    book.save(out)
    summary = run(out.getvalue())
    assert summary.total_changes == 0
