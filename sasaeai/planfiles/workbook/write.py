"""Write the template: blank with example rows, or filled from a plan through its plan-file dict.

Going through `exporter.export_plan` keeps the workbook and the YAML in agreement: the workbook
is a view of the plan file's structure, indicators and actual values.
"""

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sasaeai.plans.models import Plan, decimals_of

from ..exporter import export_plan
from .sheets import (
    ACTUALS,
    DIRECTIONS,
    EXAMPLE,
    FORMAT,
    INSTRUCTIONS,
    KINDS,
    MAX_ROWS,
    NODE_KINDS,
    NODES,
    ORGANIZATIONS,
    PLANS,
    RELATIONS,
    YES,
    Column,
    Sheet,
    indicator_sheet,
)

Row = dict[str, Any]
TEXT_KINDS = ("text", "slug", "names", "lines", "choice", "flag")


def blank_template() -> bytes:
    """Return the empty template: instructions, headers, input lists and example rows."""
    return _save(_EXAMPLES, slots=2, examples=True)


def export_workbook(plan: Plan) -> bytes:
    """Return the plan (with its sub-plans) filled into the template."""
    return write_workbook(export_plan(plan))


def write_workbook(data: dict[str, Any]) -> bytes:
    """Return a plan-file dict (as `export_plan` gives it) filled into the template."""
    plans = [(data, None), *((sub, sub["slug"]) for sub in data["sub_plans"])]
    slots = max([2, *(len(i["targets"]) for p, _ in plans for i, _n in _indicators(p))])
    rows = {
        ORGANIZATIONS.name: [_organization(o) for o in data["organizations"]],
        PLANS.name: [_plan(p, sub) for p, sub in plans],
        NODES.name: [r for p, sub in plans for r in _nodes(p, sub)],
        "指標": [_indicator(i, n, sub) for p, sub in plans for i, n in _indicators(p)],
        ACTUALS.name: [
            _actual(a, i, n, sub)
            for p, sub in plans
            for i, n in _indicators(p)
            for a in i["actuals"]
        ],
    }
    return _save(rows, slots=slots, examples=False)


# -- rows from a plan-file dict ----------------------------------------------------------------


def label(choices: tuple[tuple[str, str], ...], code: str | None) -> str | None:
    """Return the label a cell shows for a plan-file value (city → 市)."""
    return next((lab for lab, c in choices if c == (code or "")), None) if code else None


def joined(names: list[str]) -> str | None:
    """Return names joined by 、, or one per line when a name itself holds 、."""
    if not names:
        return None
    return ("\n" if any("、" in n for n in names) else "、").join(names)


def _flag(value: bool) -> str | None:
    return YES if value else None


def _organization(org: dict[str, Any]) -> Row:
    return {
        "key": org["key"],
        "name": org["name"],
        "short_name": org["short_name"],
        "kind": label(KINDS, org["kind"]),
        "parent": org["parent"],
        "departments": joined(org["departments"]),
    }


def _plan(plan: dict[str, Any], sub: str | None) -> Row:
    period = plan["period"] or {}
    return {
        "slug": plan["slug"],
        "relation": label(RELATIONS, plan.get("relation")) or RELATIONS[0][0],
        "title": plan["title"],
        "subtitle": plan["subtitle"],
        "start": period.get("start"),
        "end": period.get("end"),
        "period_note": period.get("note"),
        "level_names": joined(plan["level_names"]),
        "owners": joined(plan["owners"]),
        "vision": plan["vision"],
        "description": plan["description"],
        "source": plan["source"],
    }


def _nodes(plan: dict[str, Any], sub: str | None) -> list[Row]:
    rows: list[Row] = []
    names = plan["level_names"]

    def walk(nodes: list[dict[str, Any]], parent: str | None, depth: int) -> None:
        for node in nodes:
            default = names[depth] if depth < len(names) else None
            rows.append(
                {
                    "plan": sub,
                    "key": node["key"],
                    "parent": parent,
                    "level": node["level"] or default,
                    "code": node["code"],
                    "title": node["title"],
                    "subtitle": node["subtitle"],
                    "kind": label(NODE_KINDS, node["kind"]) if node["kind"] != "measure" else None,
                    "priority": _flag(node["priority"]),
                    "related": joined(node["related"]),
                    "relist_of": node["relist_of"],
                    "page_ref": node["page_ref"],
                    "indicator_notes": "\n".join(node["indicator_notes"]) or None,
                }
            )
            walk(node["children"], node["key"], depth + 1)

    walk(plan["nodes"], None, 0)
    return rows


def _indicators(plan: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Return (indicator, node) in the order of the tree."""
    found: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            found.extend((i, node) for i in node["indicators"])
            walk(node["children"])

    walk(plan["nodes"])
    return found


def _indicator(indicator: dict[str, Any], node: dict[str, Any], sub: str | None) -> Row:
    base = indicator["baseline"]
    row: Row = {
        "plan": sub,
        "node": node["key"],
        "key": indicator["key"],
        "name": indicator["name"],
        "unit": indicator["unit"],
        "baseline.fiscal_year": base["fiscal_year"],
        "baseline.value": base["value"],
        "baseline.note": base["note"],
        "direction": label(DIRECTIONS, indicator["direction"]),
        "responsible": joined(indicator["responsible"]),
        "source_note": indicator["source_note"],
        "definition": indicator["definition"],
        "cumulative": _flag(indicator["cumulative"]),
        "survey": _flag(indicator["survey"]),
        "numerator": indicator["numerator"],
        "denominator": indicator["denominator"],
        "ratio_unit": indicator["ratio_unit"],
        "footnotes": joined([str(f) for f in indicator["footnotes"]]),
        "notes": "\n".join(indicator["notes"]) or None,
    }
    for slot, target in enumerate(indicator["targets"], start=1):
        value = target["value"]
        if value is None and target["not_set_reason"]:
            value = "―"
        row |= {
            f"targets.{slot}.fiscal_year": target["fiscal_year"],
            f"targets.{slot}.value": value,
            f"targets.{slot}.qualifier": target["qualifier"],
            f"targets.{slot}.direction": label(DIRECTIONS, target["direction"]),
            f"targets.{slot}.note": target["note"],
            f"targets.{slot}.not_set_reason": target["not_set_reason"],
            f"targets.{slot}.numerator": target["numerator"],
            f"targets.{slot}.denominator": target["denominator"],
        }
    return row


def _actual(
    actual: dict[str, Any], indicator: dict[str, Any], node: dict[str, Any], sub: str | None
) -> Row:
    return {
        "plan": sub,
        "node": node["key"],
        "indicator": indicator["key"],
        "name": indicator["name"],
        "fiscal_year": actual["fiscal_year"],
        "value": actual["value"],
        "numerator": actual["numerator"],
        "denominator": actual["denominator"],
        "note": actual["note"],
        "method_changed": _flag(actual["method_changed"]),
        "sample": _flag(actual["sample"]),
    }


# -- the workbook ------------------------------------------------------------------------------


def _save(rows: dict[str, list[Row]], *, slots: int, examples: bool) -> bytes:
    book = Workbook()
    book.remove(book.active)
    tables = (ORGANIZATIONS, PLANS, NODES, indicator_sheet(slots), ACTUALS)
    _instructions(book.create_sheet(INSTRUCTIONS), tables)
    for sheet in tables:
        _table(book.create_sheet(sheet.name), sheet, rows[sheet.name], examples)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="E8EEF4")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_EXAMPLE_FONT = Font(italic=True, color="808080")


def _table(ws: Worksheet, sheet: Sheet, rows: list[Row], examples: bool) -> None:
    for c, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=c, value=column.header)
        cell.font = _HEAD_FONT
        cell.fill = _REQUIRED_FILL if column.required else _HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(("必須。" if column.required else "") + column.help, "Sasaeai")
        ws.column_dimensions[get_column_letter(c)].width = column.width
    ws.row_dimensions[1].height = 30
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(sheet.columns, start=1):
            _put(ws.cell(row=r, column=c), row.get(column.field), column)
        if examples:
            ws.cell(row=r, column=1, value=EXAMPLE)
            for c in range(1, len(sheet.columns) + 1):
                ws.cell(row=r, column=c).font = _EXAMPLE_FONT
    ws.freeze_panes = sheet.freeze
    _input_aids(ws, sheet, last=max(MAX_ROWS, len(rows) + 200))


def _put(cell: Any, value: Any, column: Column) -> None:
    if column.kind in TEXT_KINDS:
        cell.number_format = "@"  # so that Excel keeps a typed 「(1)」 as text, not -1
    if value is None:
        return
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would store 「=…」 as a formula
        if "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return
    cell.value = value
    if column.kind in ("number", "value"):
        cell.number_format = number_format(value)


def number_format(value: int | float | Decimal) -> str:
    """Return the format showing value with its written decimals: 83.0 → 「#,##0.0」."""
    places = 0 if isinstance(value, int) else decimals_of(Decimal(repr(value)))
    return "#,##0" + ("." + "0" * places if places else "")


def _input_aids(ws: Worksheet, sheet: Sheet, last: int) -> None:
    """Add the input lists of choice and ○ columns, and the text format of text columns."""
    for c, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(c)
        if column.kind in TEXT_KINDS:
            ws.column_dimensions[letter].number_format = "@"
        options = [YES] if column.kind == "flag" else [lab for lab, _ in column.choices]
        if not options:
            continue
        check = DataValidation(
            type="list",
            formula1='"' + ",".join(options) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="選択肢にない値です",
            error=f"{'、'.join(options)} のいずれかを選んでください",
        )
        check.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(check)


# -- 説明 ---------------------------------------------------------------------------------------

_GUIDE = [
    "Sasaeai 計画の記入用テンプレート",
    f"様式 {FORMAT}",
    "",
    "このファイルに計画の施策体系・指標・実績値を書き、Sasaeai に取り込みます"
    "（画面からアップロード、または sasaeai import-workbook ファイル.xlsx）。",
    "取り込む前に、確認だけ（書き込みなし）で、新しく登録・更新される件数と誤りを見られます"
    "（--dry-run）。",
    "",
    "■ シート",
    *(
        f"・{s.name}: {s.purpose}"
        for s in (ORGANIZATIONS, PLANS, NODES, indicator_sheet(), ACTUALS)
    ),
    "",
    "■ 書き方",
    "・1行目の見出しは変えないでください。列の順番は入れ替えてもかまいません。見出しのない列は読みません。",
    f"・最初の列が「{EXAMPLE}」の行は見本です。取り込まれません（消してもかまいません）。"
    f"見本の行を書き換えて使うときは「{EXAMPLE}」を消してください。",
    "・見出しが赤みの列は必須です。",
    "・年度は西暦（2024）でも和暦（令和6年度、R6、平成31年度）でも書けます。"
    "平成31年度と令和元年度はどちらも2019年度です。",
    "・数値は全角でも、「3,232」のように桁区切りがあってもかまいません。"
    "小数の桁数（83.0 の「.0」）はセルの表示形式で決まります。"
    "％の表示形式の値は百分率として読みます。",
    "・「―」（「－」「-」も同じ）や空欄は値なしです。目標値の「―」は、目標をあえて設定しないことを表します"
    "（理由は「設定しない理由」の列に書きます）。",
    "・方向だけの目標は、目標値の列に「増加」「減少」「維持」と書くか、「方向」の列で選びます。"
    "「80以上」の「以上」「以下」は「以上以下」の列で選びます（目標値の列に「80以上」と書いてもかまいません）。",
    f"・{YES}の列（重点、累計、調査、集計方法の変更、デモ値）は、当てはまるとき{YES}を、当てはまらなければ空欄にします。",
    "・複数の名前を書く列（担当、関連、階層名、策定主体など）は「、」で区切ります。"
    "名前に「、」が入るときは1行に1つ書きます（セル内の改行は Alt+Enter）。",
    "・識別子は項目と指標を結び付ける名前です。体系の項目の識別子は、空欄なら番号から作られます"
    "（1、1/(1)、1/(1)/①）。指標の識別子は、空欄なら「項目の識別子#1」「#2」… です。",
    "",
    "■ 取り込むと",
    "・誤りが一つでもあれば何も書き込まず、すべての誤りをシート・行・列で示します。",
    "・同じ識別子の計画が既にあるときは、置き換え（--replace）を指定したときだけ取り込みます。"
    "体系・指標・実績値はこのファイルのとおりになり、ファイルにない項目・指標・実績値はなくなります。",
    "・このファイルが持たない内容（現状と課題などの文章、取組、市民へのメッセージ、コラム、脚注、用語、"
    "評価方式、進捗報告、組織の拠点）は、同じ識別子の項目・計画・組織から引き継ぎます。",
    "",
    "■ 列の一覧",
]


def _instructions(ws: Worksheet, tables: tuple[Sheet, ...]) -> None:
    for line in _GUIDE:
        ws.append([line or None])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["シート", "列", "必須", "書き方"])
    for cell in ws[ws.max_row]:
        cell.font = _HEAD_FONT
        cell.fill = _HEAD_FILL
    for sheet in tables:
        for column in sheet.columns:
            ws.append([sheet.name, column.header, YES if column.required else None, column.help])
            ws.cell(row=ws.max_row, column=4).alignment = Alignment(wrap_text=True)
    for letter, width in zip("ABCD", (10, 22, 6, 100), strict=True):
        ws.column_dimensions[letter].width = width


# -- the blank template's examples ------------------------------------------------------------

_EXAMPLES: dict[str, list[Row]] = {
    ORGANIZATIONS.name: [
        {"name": "例市", "kind": "市", "departments": "福祉総務課、高齢介護課"},
        {
            "name": "例市社会福祉協議会",
            "short_name": "社会福祉協議会",
            "kind": "社協",
            "departments": "地域福祉課",
        },
    ],
    PLANS.name: [
        {
            "relation": "本計画",
            "title": "第1次例市地域福祉計画・地域福祉活動計画",
            "start": "令和6年度",
            "end": "令和11年度",
            "level_names": "基本目標、施策",
            "owners": "例市、例市社会福祉協議会",
            "vision": "誰もが支え合い、安心して暮らせるまち",
        }
    ],
    NODES.name: [
        {"code": "1", "title": "支え合いの地域づくり"},
        {"parent": "1", "code": "(1)", "title": "交流の場づくり"},
        {
            "key": "A",
            "level": "重点施策",
            "code": "A",
            "title": "身近な相談の場づくり",
            "kind": "横断",
            "priority": YES,
            "related": "1/(1)",
        },
    ],
    "指標": [
        {
            "node": "1/(1)",
            "name": "サロンの数",
            "unit": "箇所",
            "baseline.fiscal_year": "令和5年度",
            "baseline.value": 75,
            "targets.1.fiscal_year": "令和8年度",
            "targets.1.value": "増加",
            "targets.2.fiscal_year": "令和11年度",
            "targets.2.value": 90,
            "targets.2.qualifier": "以上",
            "responsible": "高齢介護課、社会福祉協議会",
        },
        {
            "node": "1/(1)",
            "name": "福祉を学ぶ授業をしている学校の割合",
            "unit": "％",
            "baseline.fiscal_year": 2023,
            "baseline.value": 83.0,
            "targets.1.fiscal_year": 2026,
            "targets.1.value": "―",
            "targets.1.not_set_reason": "調査方法を見直すため",
            "targets.2.fiscal_year": 2029,
            "targets.2.value": 100.0,
            "numerator": 39,
            "denominator": 47,
            "ratio_unit": "校",
            "survey": YES,
            "responsible": "福祉総務課",
        },
    ],
    ACTUALS.name: [
        {"node": "1/(1)", "name": "サロンの数", "fiscal_year": "令和6年度", "value": 78},
        {
            "indicator": "1/(1)#1",
            "fiscal_year": 2025,
            "value": 80,
            "note": "この年度から休止中のサロンを数えない",
            "method_changed": YES,
        },
    ],
}
