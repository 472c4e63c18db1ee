"""The read-only open-data API (/api/v1/public/…) and a plan's whole confirmed data as a download.

What is public is decided once, in sasaeai.public.selectors (the public site's read model): the
plan as published, `Actual` values, computed grades, and confirmed entries of confirmed cycles.
Nothing here reads a `ValueSlot`, a return reason or an unconfirmed entry. Every answer carries
the licence of settings.OPEN_DATA_LICENSE so that data taken away keeps its terms.
"""

import io
import zipfile
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone

from sasaeai.evaluation.selectors import PlanEvaluation, evaluate_plan
from sasaeai.lib.wareki import format_fiscal_year
from sasaeai.plans.models import Action, Indicator, Node, Plan
from sasaeai.plans.selectors import TreeNode, nodes_with_content, plan_tree
from sasaeai.public import selectors
from sasaeai.public.views import cached_page
from sasaeai.reports.base import Head, Section, write_csv

from .views import endpoint

View = Callable[..., HttpResponse]
SAMPLE_NOTE = "推進委員会で確定した内容だけを含みます。sample が true の値は架空のデモ値です。"


def public_endpoint(view: View) -> View:
    """GET only, no sign-in, errors as JSON, readable from any origin's JavaScript (CORS), and
    served from the public pages' cache, which any change to published content renews."""
    inner = endpoint("GET", public=True)(cached_page(view))

    @wraps(inner)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        response = inner(request, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    wrapper.methods = ("GET",)  # type: ignore[attr-defined]
    return wrapper


def license_info() -> dict[str, str]:
    """Return the licence the open data is published under (the OPEN_DATA_LICENSE setting)."""
    return dict(settings.OPEN_DATA_LICENSE)


def _json(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(
        {**data, "license": license_info()}, json_dumps_params={"ensure_ascii": False}
    )


def number(value: Decimal | None) -> int | float | None:
    """Return a stored decimal as a plain JSON number: 12.500000 → 12.5, 100.000000 → 100."""
    if value is None:
        return None
    plain = plain_decimal(value)
    return int(plain) if plain == plain.to_integral_value() else float(plain)


def plain_decimal(value: Decimal) -> Decimal:
    """Return the decimal without trailing zeros and never in exponent form (for CSV)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal.as_tuple().exponent > 0 else normal  # type: ignore[operator]


# -- records ------------------------------------------------------------------------------------


def owners(plan: Plan) -> list[str]:
    """Return the names of the organisations that made the plan (the data's source)."""
    return [o.organization.name for o in plan.ownerships.select_related("organization")]


def plan_record(plan: Plan) -> dict[str, Any]:
    return {
        "slug": plan.slug,
        "title": plan.title,
        "subtitle": plan.subtitle,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "period_note": plan.period_note,
        "vision": plan.vision,
        "description": plan.description,
        "source": plan.source,
        "parent": plan.parent.slug if plan.parent_id else None,
        "owners": owners(plan),
        "page": reverse("public:plan", args=[plan.slug]),
    }


def _tree_record(item: TreeNode) -> dict[str, Any]:
    node = item.node
    return {
        **_node_head(node),
        "children": [_tree_record(child) for child in item.children],
    }


def _node_head(node: Node) -> dict[str, Any]:
    return {
        "id": node.pk,
        "parent_id": node.parent_id,
        "key": node.key,
        "code": node.code,
        "level": node.level_label,
        "title": node.title,
        "subtitle": node.subtitle,
        "kind": node.kind,
        "priority": node.priority,
        "depth": node.depth,
    }


def node_record(node: Node, evaluation: PlanEvaluation | None) -> dict[str, Any]:
    """Return a node with its texts and actions; its graded indicators, or without an
    evaluation only their ids (the download lists indicators once, on their own)."""
    indicators = list(node.indicators.all())
    return {
        **_node_head(node),
        "narratives": [
            {"kind": n.kind, "title": n.title, "body": n.body} for n in node.narratives.all()
        ],
        "messages": [
            {"audience": m.audience, "label": m.label, "items": m.items}
            for m in node.messages.all()
        ],
        "footnotes": [{"number": f.number, "text": f.text} for f in node.footnotes.all()],
        "actions": [action_record(a) for a in node.actions.all()],
        "indicator_ids": [i.pk for i in indicators],
        **(
            {"indicators": [indicator_record(i, evaluation) for i in indicators]}
            if evaluation
            else {}
        ),
    }


def action_record(action: Action) -> dict[str, Any]:
    return {
        "id": action.pk,
        "node_id": action.node_id,
        "actor": action.actor,
        "actor_label": action.get_actor_display() if action.actor else "",
        "title": action.title,
        "content": action.content,
        "priority": action.priority,
        "note": action.note,
        "departments": [a.label for a in action.assignments.all()],
    }


def indicator_record(indicator: Indicator, evaluation: PlanEvaluation) -> dict[str, Any]:
    """Return an indicator with its numbers and its computed grade (overrides are not public)."""
    graded = evaluation.graded.get(indicator.pk)
    result = graded.result if graded else None
    return {
        "id": indicator.pk,
        "node_id": indicator.node_id,
        "key": indicator.key,
        "name": indicator.name,
        "unit": indicator.unit,
        "definition": indicator.definition,
        "source_note": indicator.source_note,
        "direction": indicator.direction,
        "cumulative": indicator.cumulative,
        "baseline": {
            "fiscal_year": indicator.baseline_year,
            "value": number(indicator.baseline_value),
            "note": indicator.baseline_note,
        },
        "targets": [
            {
                "fiscal_year": t.fiscal_year,
                "value": number(t.value),
                "qualifier": t.qualifier,
                "direction": t.direction,
                "note": t.note,
                "not_set_reason": t.not_set_reason,
            }
            for t in indicator.targets.all()
        ],
        "actuals": [
            {
                "fiscal_year": a.fiscal_year,
                "value": number(a.value),
                "note": a.note,
                "method_changed": a.method_changed,
                "sample": a.sample,
            }
            for a in indicator.actuals.all()
        ],
        "responsible": [a.label for a in indicator.assignments.all()],
        "grade": None
        if result is None
        else {
            "grade": result.grade,
            "label": evaluation.scheme.label(result.grade),
            "achievement": result.achievement,
            "explanation": result.explanation,
            "as_of": evaluation.as_of,
            "actual_year": result.actual_year,
            "target_year": result.target_year,
        },
    }


def progress_record(plan: Plan) -> list[dict[str, Any]]:
    """Return the confirmed cycles, each with its confirmed entries (nothing else exists here)."""
    by_cycle: dict[int, list[dict[str, Any]]] = {}
    for entry in selectors.confirmed_entries(plan):
        by_cycle.setdefault(entry.cycle_id, []).append(
            {
                "id": entry.pk,
                "node_id": entry.node_id,
                "node": entry.node.title,
                "action_id": entry.action_id,
                "action": entry.action.title if entry.action_id else None,
                "responsible": entry.responsible_label,
                "progress": entry.progress,
                "issues": entry.issues,
                "next_steps": entry.next_steps,
                "self_rating": entry.self_rating,
            }
        )
    return [
        {
            "id": cycle.pk,
            "title": cycle.title,
            "fiscal_year": cycle.fiscal_year,
            "confirmed_by": cycle.confirmed_by,
            "confirmed_on": cycle.confirmed_on.isoformat() if cycle.confirmed_on else None,
            "entries": by_cycle.get(cycle.pk, []),
        }
        for cycle in selectors.confirmed_cycles(plan)
    ]


def _all_indicators(plan: Plan) -> list[Indicator]:
    return list(
        Indicator.objects.filter(node__plan=plan)
        .select_related("node")
        .prefetch_related(
            "targets", "actuals", "assignments__organization", "assignments__department"
        )
        .order_by("node__depth", "node__order", "node_id", "order", "id")
    )


def open_data(plan: Plan) -> dict[str, Any]:
    """Return everything public about a plan, flat lists joined by ids (the .json download)."""
    evaluation = evaluate_plan(plan)
    nodes = list(nodes_with_content(plan))
    return {
        "plan": plan_record(plan),
        "generated_on": timezone.localdate().isoformat(),
        "note": SAMPLE_NOTE,
        "nodes": [node_record(n, None) for n in nodes],
        "actions": [action_record(a) for n in nodes for a in n.actions.all()],
        "indicators": [indicator_record(i, evaluation) for i in _all_indicators(plan)],
        "progress": progress_record(plan),
    }


# -- views --------------------------------------------------------------------------------------


@public_endpoint
def plans(request: HttpRequest) -> HttpResponse:
    """List every plan, sub-plans included (they name their parent)."""
    found = Plan.objects.select_related("parent").order_by("order", "id")
    return _json({"plans": [plan_record(p) for p in found]})


@public_endpoint
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    """Return a plan with its node tree."""
    found = selectors.get_plan(slug)
    return _json({"plan": plan_record(found), "nodes": [_tree_record(t) for t in plan_tree(found)]})


@public_endpoint
def node(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    """Return one node with what the node page shows, and its confirmed progress."""
    found = selectors.get_plan(slug)
    item = selectors.get_node(found, node_id)
    progress = [
        {**e, "cycle": c["title"], "fiscal_year": c["fiscal_year"]}
        for c in progress_record(found)
        for e in c["entries"]
        if e["node_id"] == item.pk
    ]
    record = {**node_record(item, evaluate_plan(found)), "progress": progress}
    return _json({"plan": found.slug, "node": record})


@public_endpoint
def indicators(request: HttpRequest, slug: str) -> HttpResponse:
    """Return every indicator of a plan with its values and computed grade."""
    found = selectors.get_plan(slug)
    evaluation = evaluate_plan(found)
    records = [indicator_record(i, evaluation) for i in _all_indicators(found)]
    return _json(
        {"plan": found.slug, "as_of": evaluation.as_of, "note": SAMPLE_NOTE, "indicators": records}
    )


@public_endpoint
def progress(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the confirmed progress reports of a plan, by cycle."""
    found = selectors.get_plan(slug)
    return _json({"plan": found.slug, "cycles": progress_record(found)})


@public_endpoint
def download_json(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the whole confirmed data of a plan as one JSON file to save."""
    response = _json(open_data(selectors.get_plan(slug)))
    response["Content-Disposition"] = f'attachment; filename="{slug}-opendata.json"'
    return response


@public_endpoint
def download_zip(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the whole confirmed data of a plan as CSV files with the licence, in a zip."""
    found = selectors.get_plan(slug)
    response = HttpResponse(open_data_zip(found), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{slug}-opendata.zip"'
    return response


# -- the zip ------------------------------------------------------------------------------------


def open_data_zip(plan: Plan) -> bytes:
    """Return the zip: one BOM-prefixed UTF-8 CSV per kind of record, LICENSE.txt, README.txt."""
    data = open_data(plan)
    files = {name: write_csv([section]) for name, section in _sections(data).items()}
    files["LICENSE.txt"] = _license_text(data).encode("utf-8")
    files["README.txt"] = _readme_text(data, list(files)).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(f"{plan.slug}/{name}", content)
    return out.getvalue()


def _section(title: str, header: list[str], rows: list[list[Any]]) -> Section:
    return Section(title=title, header=[[Head(h) for h in header]], rows=rows)


def _csv_number(value: int | float | None) -> Decimal | None:
    return None if value is None else plain_decimal(Decimal(str(value)))


def _flag(value: bool) -> int:
    return 1 if value else 0


def _sections(data: dict[str, Any]) -> dict[str, Section]:
    plan = data["plan"]
    return {
        "plan.csv": _section(
            "計画",
            ["識別子", "計画名", "副題", "開始年度", "終了年度", "親計画", "策定", "出典"],
            [
                [
                    plan["slug"],
                    plan["title"],
                    plan["subtitle"],
                    plan["period_start"],
                    plan["period_end"],
                    plan["parent"] or "",
                    "・".join(plan["owners"]),
                    plan["source"],
                ]
            ],
        ),
        "nodes.csv": _section(
            "施策",
            ["施策ID", "親施策ID", "識別子", "番号", "階層", "名称", "副題", "種別", "重点"],
            [
                [
                    n["id"],
                    n["parent_id"],
                    n["key"],
                    n["code"],
                    n["level"],
                    n["title"],
                    n["subtitle"],
                    n["kind"],
                    _flag(n["priority"]),
                ]
                for n in data["nodes"]
            ],
        ),
        "actions.csv": _section(
            "取組",
            ["取組ID", "施策ID", "主体", "取組", "内容", "重点", "担当", "備考"],
            [
                [
                    a["id"],
                    a["node_id"],
                    a["actor_label"],
                    a["title"],
                    a["content"],
                    _flag(a["priority"]),
                    "、".join(a["departments"]),
                    a["note"],
                ]
                for a in data["actions"]
            ],
        ),
        "indicators.csv": _indicator_section(data["indicators"]),
        "values.csv": _values_section(data["indicators"]),
        "progress.csv": progress_section(data["progress"]),
    }


def _indicator_section(indicators: list[dict[str, Any]]) -> Section:
    header = ["指標ID", "施策ID", "識別子", "指標名", "単位", "定義", "出典", "めざす方向"]
    header += ["現状値の年度", "現状値", "担当", "評価", "評価の意味", "達成率", "評価の説明"]
    header += ["評価の年度"]
    rows = []
    for i in indicators:
        grade = i["grade"] or {}
        rows.append(
            [
                i["id"],
                i["node_id"],
                i["key"],
                i["name"],
                i["unit"],
                i["definition"],
                i["source_note"],
                i["direction"],
                i["baseline"]["fiscal_year"],
                _csv_number(i["baseline"]["value"]),
                "、".join(i["responsible"]),
                grade.get("grade", ""),
                grade.get("label", ""),
                _csv_number(grade.get("achievement")),
                grade.get("explanation", ""),
                grade.get("as_of"),
            ]
        )
    return _section("指標", header, rows)


def _values_section(indicators: list[dict[str, Any]]) -> Section:
    """One row per indicator and fiscal year that has a target or an actual value."""
    header = ["指標ID", "指標名", "単位", "年度", "年度（和暦）", "目標値", "目標値の注記"]
    header += ["実績値", "実績値の注記", "架空のデモ値"]
    rows = []
    for i in indicators:
        targets = {t["fiscal_year"]: t for t in i["targets"] if t["fiscal_year"] is not None}
        actuals = {a["fiscal_year"]: a for a in i["actuals"]}
        for year in sorted(set(targets) | set(actuals)):
            target, actual = targets.get(year, {}), actuals.get(year, {})
            rows.append(
                [
                    i["id"],
                    i["name"],
                    i["unit"],
                    year,
                    format_fiscal_year(year),
                    _csv_number(target.get("value")),
                    target.get("note", ""),
                    _csv_number(actual.get("value")),
                    actual.get("note", ""),
                    _flag(actual.get("sample", False)),
                ]
            )
    return _section("値", header, rows)


def progress_section(cycles: list[dict[str, Any]]) -> Section:
    header = ["進捗報告", "年度", "確定した会議体", "確定日", "施策ID", "施策", "取組ID", "取組"]
    header += ["担当", "進捗状況", "課題", "今後の方向", "自己評価"]
    rows = [
        [
            c["title"],
            c["fiscal_year"],
            c["confirmed_by"],
            c["confirmed_on"],
            e["node_id"],
            e["node"],
            e["action_id"],
            e["action"],
            e["responsible"],
            e["progress"],
            e["issues"],
            e["next_steps"],
            e["self_rating"],
        ]
        for c in cycles
        for e in c["entries"]
    ]
    return _section("進捗", header, rows)


def _source(data: dict[str, Any]) -> str:
    return "・".join(data["plan"]["owners"]) or data["plan"]["title"]


def _license_text(data: dict[str, Any]) -> str:
    licence = license_info()
    return (
        f"ライセンス: {licence['name']}\n"
        f"{licence['url']}\n\n"
        f"このデータは {licence['name']} の条件で利用できます。\n"
        f"出典の表記例: 「{data['plan']['title']}」（{_source(data)}）の"
        "オープンデータを加工して作成\n"
    )


def _readme_text(data: dict[str, Any], names: list[str]) -> str:
    licence = license_info()
    descriptions = {
        "plan.csv": "計画の基本情報（1行）",
        "nodes.csv": "施策の体系（基本目標・施策。親施策IDで木構造になります）",
        "actions.csv": "取組と担当",
        "indicators.csv": "指標、現状値、評価（評価は確定した実績値から計算したもの）",
        "values.csv": "指標ごと・年度ごとの目標値と実績値（架空のデモ値は 1）",
        "progress.csv": "推進委員会で確定した進捗報告",
        "LICENSE.txt": "ライセンス",
    }
    lines = [
        f"「{data['plan']['title']}」オープンデータ",
        "",
        f"出典: {_source(data)}",
        f"ライセンス: {licence['name']}（{licence['url']}）",
        f"作成日: {data['generated_on']}",
        "",
        "推進委員会で確定した内容だけを含みます。入力中・提出済・差戻しの進捗は含みません。",
        "CSV は BOM 付きの UTF-8 です。数値は桁区切りなしの数字です。",
        "",
        "ファイル:",
        *(f"- {name}: {descriptions.get(name, '説明')}" for name in names if name in descriptions),
        "- README.txt: このファイル",
    ]
    return "\n".join(lines) + "\n"
