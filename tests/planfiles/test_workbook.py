"""Plans as an Excel workbook: the template, export → import → export, and a clerk's filled copy."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from sasaeai.accounts.models import Organization
from sasaeai.planfiles.exporter import export_plan
from sasaeai.planfiles.workbook import (
    WorkbookError,
    blank_template,
    export_workbook,
    import_workbook,
    read_workbook,
)
from sasaeai.plans.models import Actual, Indicator, Narrative, Node, Plan
from sasaeai.progress.models import Cycle

SHEETS = ["説明", "組織", "計画", "体系", "指標", "実績"]


def cells(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    """Return every sheet's cell values, as a clerk would see them in Excel."""
    book = load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Plan, Node, Indicator, Actual, Narrative, Organization, Cycle)
    )


def put(ws, values: dict[str, object]) -> int:
    """Write a row below the last one, by header, as a clerk would; return its row number."""
    headers = {c.value: c.column for c in ws[1]}
    row = ws.max_row + 1
    for header, value in values.items():
        ws.cell(row=row, column=headers[header], value=value)
    return row


def save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- the template ------------------------------------------------------------------------------


def test_the_blank_template_has_its_sheets_headers_and_input_aids():
    book = load_workbook(io.BytesIO(blank_template()))
    assert book.sheetnames == SHEETS
    indicators = book["指標"]
    headers = [c.value for c in indicators[1]]
    assert headers[:8] == ["計画", "項目の識別子", "指標の識別子", "指標名", "単位"] + [
        "現状値の年度",
        "現状値",
        "現状値の注記",
    ]
    assert "目標1 年度" in headers and "目標2 値" in headers
    assert all(c.font.b for c in indicators[1])
    assert indicators.freeze_panes == "E2"
    lists = {dv.formula1 for dv in indicators.data_validations.dataValidation}
    assert '"増加,減少,維持"' in lists and '"○"' in lists
    assert '"市,社協,支部"' in {dv.formula1 for dv in book["組織"].data_validations.dataValidation}
    assert indicators["D1"].comment.text.startswith("必須。")
    assert {row[0] for row in cells(blank_template())["指標"][1:]} == {"記入例"}


def test_the_instructions_explain_every_column_in_japanese():
    guide = cells(blank_template())["説明"]
    text = "\n".join(str(v) for row in guide for v in row if v)
    for phrase in ("令和6年度", "増加", "以上", "―", "記入例", "引き継ぎます"):
        assert phrase in text
    listed = {(row[0], row[1]) for row in guide}
    book = load_workbook(io.BytesIO(blank_template()))
    for name in SHEETS[1:]:
        assert {(name, c.value) for c in book[name][1]} <= listed


def test_the_blank_template_alone_imports_nothing(db):
    with pytest.raises(WorkbookError) as caught:
        import_workbook(blank_template(), "template.xlsx", dry_run=True)
    assert [p.format() for p in caught.value.problems] == [
        "シート「計画」: 本計画の行がありません（関係が本計画の行）"
    ]


# -- round trip --------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["ageo", "tokorozawa", "shimotsuke"])
def test_workbook_import_workbook_gives_the_same_cells_and_loses_nothing(demo, slug):
    plan_file = export_plan(Plan.objects.get(slug=slug))
    first = export_workbook(Plan.objects.get(slug=slug))
    summary = import_workbook(first, f"{slug}.xlsx", replace=True)
    assert summary.existed and not summary.dry_run
    assert {k: (c.created, c.updated, c.removed) for k, c in summary.changes.items()} == {
        "nodes": (0, 0, 0),
        "indicators": (0, 0, 0),
        "actuals": (0, 0, 0),
    }
    assert cells(export_workbook(Plan.objects.get(slug=slug))) == cells(first)
    assert export_plan(Plan.objects.get(slug=slug)) == plan_file


@pytest.mark.parametrize("slug", ["ageo", "tokorozawa", "shimotsuke"])
def test_a_deleted_plan_comes_back_from_its_workbook(demo, slug):
    first = export_workbook(Plan.objects.get(slug=slug))
    Plan.objects.filter(slug=slug).delete()
    summary = import_workbook(first, f"{slug}.xlsx")
    assert not summary.existed and summary.changes["nodes"].created > 0
    assert cells(export_workbook(Plan.objects.get(slug=slug))) == cells(first)


def test_the_workbook_shows_numbers_as_printed(demo):
    book = load_workbook(io.BytesIO(export_workbook(Plan.objects.get(slug="tokorozawa"))))
    ws = book["指標"]
    at = {c.value: c.column - 1 for c in ws[1]}
    row = next(r for r in ws.iter_rows(min_row=2) if str(r[3].value).startswith("総合的な学習"))
    assert (row[at["現状値"]].value, row[at["現状値"]].number_format) == (83, "#,##0.0")
    assert row[at["分子"]].value == 39
    year = row[at["現状値の年度"]]
    assert year.value == 2019


def test_read_workbook_gives_the_plan_file_shape(demo):
    data = read_workbook(export_workbook(Plan.objects.get(slug="tokorozawa")), "t.xlsx")
    assert list(data)[:3] == ["format", "organizations", "slug"]
    assert data["sub_plans"][0]["relation"] == "part"
    school = next(
        i
        for n in data["nodes"]
        for c in n["children"]
        for i in c["indicators"]
        if i["name"].startswith("総合的な学習")
    )
    assert school["baseline"]["value"] == Decimal("83.0")
    assert (school["numerator"], school["denominator"], school["ratio_unit"]) == (39, 47, "校")


# -- editing in Excel --------------------------------------------------------------------------


def _edited_ageo() -> bytes:
    book = load_workbook(io.BytesIO(export_workbook(Plan.objects.get(slug="ageo"))))
    actuals = book["実績"]
    headers = {c.value: c.column for c in actuals[1]}
    first = next(r for r in actuals.iter_rows(min_row=2) if r[0].value is None)
    first[headers["実績値"] - 1].value = 12345
    last = actuals.max_row
    actuals.delete_rows(last)
    put(
        actuals,
        {
            "項目の識別子": first[headers["項目の識別子"] - 1].value,
            "指標の識別子": first[headers["指標の識別子"] - 1].value,
            "年度": "令和12年度",
            "実績値": 7,
        },
    )
    return save(book)


def test_a_dry_run_counts_what_would_change_and_writes_nothing(demo):
    before = counts()
    plan_file = export_plan(Plan.objects.get(slug="ageo"))
    summary = import_workbook(_edited_ageo(), "ageo.xlsx", dry_run=True)
    actuals = summary.changes["actuals"]
    assert (actuals.created, actuals.updated, actuals.removed) == (1, 1, 1)
    assert summary.needs_replace and summary.dry_run and summary.imported.dry_run
    assert "  実績値: 新規 1、更新 1、変更なし 38、削除 1" in summary.lines()
    assert counts() == before
    assert export_plan(Plan.objects.get(slug="ageo")) == plan_file


def test_an_existing_plan_is_updated_only_when_asked(demo):
    with pytest.raises(WorkbookError, match="--replace"):
        import_workbook(_edited_ageo(), "ageo.xlsx")
    import_workbook(_edited_ageo(), "ageo.xlsx", replace=True)
    values = Actual.objects.filter(indicator__node__plan__slug="ageo", fiscal_year=2030)
    assert [a.value for a in values] == [7]


def test_a_workbook_cannot_take_over_another_plans_sub_plan(demo):
    book = load_workbook(io.BytesIO(export_workbook(Plan.objects.get(slug="shimotsuke"))))
    book["計画"]["A2"].value = "ageo-review-5th"
    before = counts()
    with pytest.raises(WorkbookError) as caught:
        import_workbook(save(book), "shimotsuke.xlsx", replace=True)
    assert [p.format() for p in caught.value.problems] == [
        "シート「計画」: 計画の識別子「ageo-review-5th」は計画「ageo」に含まれる計画で"
        "使われています。別の識別子にしてください。"
    ]
    assert counts() == before


def test_what_the_workbook_cannot_hold_is_kept(demo):
    plan = Plan.objects.get(slug="ageo")
    kept = {
        "sections": Narrative.objects.filter(node__plan=plan).count(),
        "cycles": list(plan.cycles.values_list("title", flat=True)),
        "glossary": plan.glossary.count(),
    }
    book = load_workbook(io.BytesIO(export_workbook(plan)))
    nodes = book["体系"]
    title = next(c for c in nodes[1] if c.value == "名称").column
    nodes.cell(row=2, column=title).value = "新しい名称"
    summary = import_workbook(save(book), "ageo.xlsx", replace=True)
    plan = Plan.objects.get(slug="ageo")
    assert summary.changes["nodes"].updated == 1 and summary.kept["actions"] > 0
    assert plan.nodes.filter(title="新しい名称").exists()
    assert Narrative.objects.filter(node__plan=plan).count() == kept["sections"]
    assert list(plan.cycles.values_list("title", flat=True)) == kept["cycles"]
    assert plan.glossary.count() == kept["glossary"]
    assert Plan.objects.filter(slug="ageo-review-5th", parent=plan).exists()


# -- a clerk fills the blank template ----------------------------------------------------------


def filled_template() -> Workbook:
    """Return the blank template filled in as a clerk would, 和暦 and full-width included."""
    book = load_workbook(io.BytesIO(blank_template()))
    put(
        book["組織"],
        {"組織": "rei-city", "名称": "例市", "種別": "市", "担当課": "福祉総務課、高齢介護課"},
    )
    put(
        book["組織"],
        {
            "組織": "rei-council",
            "名称": "例市社会福祉協議会",
            "略称": "社会福祉協議会",
            "種別": "社協",
            "担当課": "地域福祉課",
        },
    )
    put(
        book["計画"],
        {
            "計画": "rei",
            "関係": "本計画",
            "計画名": "第1次例市地域福祉計画",
            "開始年度": "令和6年度",
            "終了年度": "R11",
            "階層名": "基本目標、施策",
            "策定主体": "例市、例市社会福祉協議会",
        },
    )
    put(book["体系"], {"番号": "1", "名称": "支え合いの地域づくり"})
    put(book["体系"], {"上位の識別子": "1", "番号": "(1)", "名称": "交流の場づくり"})
    put(
        book["体系"],
        {"番号": "A", "階層": "重点施策", "名称": "相談の場", "種別": "横断", "重点": "○"},
    )
    put(
        book["指標"],
        {
            "項目の識別子": "1/(1)",
            "指標名": "サロンの数",
            "単位": "箇所",
            "現状値の年度": "令和５年度",
            "現状値": "７５",
            "目標1 年度": "令和8年度",
            "目標1 値": "増加",
            "目標2 年度": 2029,
            "目標2 値": "９０以上",
            "担当": "高齢介護課、社会福祉協議会",
        },
    )
    put(
        book["指標"],
        {
            "項目の識別子": "1/(1)",
            "指標名": "福祉を学ぶ学校の割合",
            "単位": "％",
            "現状値の年度": "平成31年度",
            "現状値": "83.0（39/47校）",
            "目標1 年度": "令和元年度",
            "目標1 値": "―",
            "目標1 設定しない理由": "調査を見直すため",
            "累計": None,
            "調査": "○",
            "担当": "福祉総務課",
        },
    )
    put(
        book["実績"],
        {
            "項目の識別子": "1/(1)",
            "指標名": "サロンの数",
            "年度": "令和6年度",
            "実績値": "３，２３２",
        },
    )
    row = put(book["実績"], {"指標の識別子": "1/(1)#2", "年度": "R6", "実績値": 0.832})
    book["実績"].cell(row=row, column=6).number_format = "0.0%"
    return book


def test_a_filled_blank_template_imports(db):
    summary = import_workbook(save(filled_template()), "rei.xlsx")
    assert len(summary.skipped) == 10  # the template's example rows
    assert summary.changes["indicators"].created == 2
    plan = Plan.objects.get(slug="rei")
    assert (plan.period_start, plan.period_end) == (2024, 2029)
    assert list(plan.nodes.values_list("key", flat=True)) == ["1", "A", "1/(1)"]
    assert plan.nodes.get(key="A").kind == "cross_cutting"
    salon = Indicator.objects.get(key="1/(1)#1")
    assert salon.baseline_year == 2023 and salon.baseline_value == 75
    targets = [(t.fiscal_year, t.value, t.direction, t.qualifier) for t in salon.targets.all()]
    assert targets == [(2026, None, "increase", ""), (2029, 90, "", "以上")]
    assert [a.value for a in salon.actuals.all()] == [3232]
    assert [a.printed_name for a in salon.assignments.all()] == ["高齢介護課", "社会福祉協議会"]
    school = Indicator.objects.get(key="1/(1)#2")
    assert (school.baseline_year, school.baseline_value, school.baseline_precision) == (
        2019,
        Decimal("83.0"),
        1,
    )
    assert (school.numerator, school.denominator, school.ratio_unit) == (39, 47, "校")
    assert school.targets.get().not_set_reason == "調査を見直すため"
    actual = school.actuals.get()
    assert (actual.fiscal_year, actual.value, actual.precision) == (2024, Decimal("83.2"), 1)


# -- errors ------------------------------------------------------------------------------------


def test_every_error_is_named_by_sheet_row_and_column(db):
    book = filled_template()
    put(book["体系"], {"上位の識別子": "9", "番号": "(2)", "名称": "見守り"})
    put(book["体系"], {"番号": "1", "名称": "重複"})
    put(book["指標"], {"項目の識別子": "3/(1)", "指標名": "どこにもない項目の指標"})
    put(book["指標"], {"項目の識別子": "1", "指標名": "数", "現状値": "たくさん", "累計": "はい?"})
    put(book["実績"], {"指標の識別子": "1/(1)#1", "年度": "令和二十年度", "実績値": 1})
    with pytest.raises(WorkbookError) as caught:
        import_workbook(save(book), "rei.xlsx")
    assert [p.format() for p in caught.value.problems] == [
        "シート「体系」 8行 C列: 上位の項目「9」がありません"
        "（上位の項目はこの行より上に書いてください）",
        "シート「体系」 9行 B列: 識別子「1」の項目が5行にもあります",
        "シート「指標」 6行 B列: 項目「3/(1)」が体系シートにありません",
        "シート「指標」 7行 G列: 「たくさん」を数値として解釈できません。",
        "シート「指標」 7行 AC列: 当てはまるときは○、当てはまらなければ空欄にしてください"
        "（書かれている値: 「はい?」）",
        "シート「実績」 6行 E列: 「令和二十年度」を年度として解釈できません。",
    ]
    assert not Plan.objects.exists()


def test_the_validators_problems_point_at_the_cell(db):
    book = filled_template()
    ws = book["指標"]
    responsible = next(c for c in ws[1] if c.value == "担当").column
    ws.cell(row=4, column=responsible).value = "障害福祉課"
    with pytest.raises(WorkbookError) as caught:
        import_workbook(save(book), "rei.xlsx")
    ((problem,),) = [caught.value.problems]
    assert (problem.sheet, problem.row, problem.column) == ("指標", 4, "Z")
    assert problem.message == (
        "担当「障害福祉課」がどの組織の担当課にもありません（組織シートの担当課に書いてください）"
    )
    assert str(caught.value).startswith("シート「指標」 4行 Z列: 担当「障害福祉課」")


def test_a_missing_required_column_is_named(db):
    book = filled_template()
    book["指標"].delete_cols(4)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(save(book), "rei.xlsx")
    assert [p.format() for p in caught.value.problems] == [
        "シート「指標」 1行: 必須の列「指標名」がありません"
    ]


def _without_indicators() -> bytes:
    book = filled_template()
    del book["指標"]
    return save(book)


def _csv() -> bytes:
    return "計画,計画名\nrei,第1次例市地域福祉計画\n".encode("utf-8-sig")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: save(filled_template())[:5000],
            "「rei.xlsx」を Excel ブック（.xlsx）として読めません",
        ),
        (
            lambda: save(filled_template())[:-200],
            "「rei.xlsx」を Excel ブック（.xlsx）として読めません",
        ),
        (lambda: bytes(range(256)) * 20, "「rei.xlsx」は Excel ブック（.xlsx）ではありません"),
        (_csv, "「rei.xlsx」は Excel ブック（.xlsx）ではありません"),
        (
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
            "「rei.xlsx」はパスワードで保護されているか、古い Excel 形式（.xls）です",
        ),
        (_without_indicators, "「rei.xlsx」にシート「指標」がありません"),
        (lambda: save(Workbook()), "「rei.xlsx」は Sasaeai の記入用テンプレートではありません"),
    ],
    ids=["truncated", "tail-cut", "random", "csv", "encrypted", "no-indicators", "other-book"],
)
def test_a_bad_file_gives_one_clear_message_and_writes_nothing(demo, make, message):
    before = counts()
    with pytest.raises(WorkbookError) as caught:
        import_workbook(make(), "rei.xlsx", replace=True)
    (problem,) = caught.value.problems
    assert problem.message.startswith(message)
    assert problem.sheet is None and str(caught.value) == problem.message
    assert counts() == before


def test_kept_content_that_no_longer_fits_is_named(demo):
    book = load_workbook(io.BytesIO(export_workbook(Plan.objects.get(slug="shimotsuke"))))
    book["体系"].delete_rows(3)  # a node the confirmed progress report speaks of
    with pytest.raises(WorkbookError) as caught:
        import_workbook(save(book), "shimotsuke.xlsx", replace=True)
    messages = [p.message for p in caught.value.problems]
    assert messages and all(m.startswith("既存の計画から引き継ぐ内容（cycles[0]") for m in messages)
    assert caught.value.problems[0].sheet == "計画"


# -- commands ----------------------------------------------------------------------------------


def test_the_commands_export_check_and_import(demo, tmp_path, capsys):
    path = tmp_path / "ageo.xlsx"
    call_command("export_workbook", "ageo", "-o", str(path))
    call_command("import_workbook", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "確認のみ（書き込みなし）: ageo（既存の計画を更新）" in out
    assert "指標: 新規 0、更新 0、変更なし 17、削除 0" in out
    call_command("import_workbook", str(path), "--replace")
    assert "取り込みました: ageo" in capsys.readouterr().out


def test_the_blank_template_command(db, tmp_path):
    path = tmp_path / "template.xlsx"
    call_command("export_workbook", "--blank", "-o", str(path))
    assert load_workbook(path).sheetnames == SHEETS
    with pytest.raises(CommandError, match="どちらか一方"):
        call_command("export_workbook", "-o", str(path))


def test_the_import_command_lists_every_error(db, tmp_path):
    book = filled_template()
    put(book["指標"], {"項目の識別子": "9", "指標名": "数"})
    put(book["実績"], {"指標の識別子": "9#1", "年度": 2024})
    path = tmp_path / "rei.xlsx"
    path.write_bytes(save(book))
    with pytest.raises(CommandError) as caught:
        call_command("import_workbook", str(path))
    assert str(caught.value).splitlines() == [
        "シート「指標」 6行 B列: 項目「9」が体系シートにありません",
        "シート「実績」 6行 C列: 指標「9#1」が指標シートにありません",
        "取り込めません: 誤り 2 件。何も書き込んでいません。",
    ]
    assert not Plan.objects.exists()


def test_the_docs_describe_every_column_and_command():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "workbook.md").read_text()
    book = load_workbook(io.BytesIO(blank_template()))
    for name in SHEETS:
        assert f"| {name} |" in docs, name
        for cell in book[name][1] if name != "説明" else ():
            header = cell.value.replace("目標1", "目標N").replace("目標2", "目標N")
            assert header in docs, header
    for command in (
        "export-workbook --blank",
        "export-workbook tokorozawa",
        "--dry-run",
        "--replace",
    ):
        assert command in docs
