"""指標一覧: every indicator of a plan with its values, achievement and grade for a fiscal year."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from sasaeai.evaluation.selectors import Graded, PlanEvaluation, evaluate_plan
from sasaeai.lib.wareki import format_fiscal_year
from sasaeai.plans.display import IndicatorTable, Row, indicator_table
from sasaeai.plans.models import Actual, Direction, Indicator, Node, Plan, Target
from sasaeai.plans.selectors import plan_tree, walk

from .base import Head, ListExporter, Scope, Section, Value, register
from .editions import Edition, edition_of


@dataclass
class Group:
    node: Node
    rows: list[Row]


@dataclass
class IndicatorReport:
    plan: Plan
    fiscal_year: int
    edition: Edition
    evaluation: PlanEvaluation
    table: IndicatorTable
    groups: list[Group]
    grade_rows: list[dict[str, Any]]
    indicator_notes: list[tuple[str, str]] = field(default_factory=list)


def plan_indicators(plan: Plan, fiscal_year: int) -> list[Indicator]:
    """Return the plan's indicators in printed order, actuals up to the fiscal year only."""
    nodes = list(Node.objects.filter(plan=plan).order_by("depth", "order", "id"))
    position = {item.node.pk: n for n, item in enumerate(walk(plan_tree(plan, nodes)))}
    by_pk = {node.pk: node for node in nodes}
    indicators = list(
        Indicator.objects.filter(node__plan=plan).prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("order", "id")),
            Prefetch(
                "actuals",
                queryset=Actual.objects.filter(fiscal_year__lte=fiscal_year).order_by(
                    "fiscal_year"
                ),
            ),
            "assignments__organization",
            "assignments__department",
        )
    )
    for indicator in indicators:
        indicator.node = by_pk[indicator.node_id]
    return sorted(indicators, key=lambda i: (position[i.node_id], i.order, i.pk))


def grade_rows(evaluation: PlanEvaluation, groups: list[Group]) -> list[dict[str, Any]]:
    """Return a grade-distribution row per node with indicators and one for the whole plan."""
    rows = [_grade_row(evaluation, g.node, [r.graded for r in g.rows]) for g in groups]
    everything = [r.graded for g in groups for r in g.rows]
    return [*rows, _grade_row(evaluation, None, everything)] if everything else rows


def _grade_row(evaluation: PlanEvaluation, node: Node | None, graded: list[Any]) -> dict[str, Any]:
    average, grade = evaluation.composite(graded)
    return {
        "node": node,
        "label": f"{node.code} {node.title}".strip() if node else "計画全体",
        "counts": list(evaluation.distribution(graded).items()),
        "total": len(graded),
        "average": None if average is None else Decimal(f"{average:.2f}"),
        "grade": grade or "",
    }


def percent(graded: Graded | None) -> Decimal | None:
    """Return the achievement rate in percent with one decimal, None when there is none."""
    if graded is None or graded.result.achievement is None:
        return None
    return Decimal(f"{graded.result.achievement * 100:.1f}")


def printed(value: Decimal | None, precision: int) -> Decimal | None:
    """Return a stored value with the places it was printed with (8572349.000000 → 8572349)."""
    return None if value is None else value.quantize(Decimal(1).scaleb(-precision))


def era(year: int | None) -> str:
    return format_fiscal_year(year, western=False) if year else "年度なし"


@register
class IndicatorsExporter(ListExporter):
    identifier = "indicators"
    verbose_name = "指標一覧"
    description = "すべての指標の現状値・目標値・実績値・達成率・評価と、評価の分布"
    template_name = "reports/indicators.html"

    def collect(self, scope: Scope) -> IndicatorReport:
        plan, fiscal_year = scope.plan, scope.fiscal_year
        indicators = plan_indicators(plan, fiscal_year)
        evaluation = evaluate_plan(plan, fiscal_year)
        table = indicator_table(indicators)
        groups: list[Group] = []
        for row in table.rows:
            row.graded = evaluation.graded.get(row.indicator.pk)
            if not groups or groups[-1].node.pk != row.indicator.node_id:
                groups.append(Group(row.indicator.node, []))
            groups[-1].rows.append(row)
        report = IndicatorReport(
            plan, fiscal_year, edition_of(plan, fiscal_year), evaluation, table, groups, []
        )
        report.grade_rows = grade_rows(evaluation, groups)
        report.indicator_notes = _indicator_notes(indicators)
        return report

    def title_lines(self, data: IndicatorReport) -> list[str]:
        return [
            f"{data.plan.title}　{self.verbose_name}",
            f"{format_fiscal_year(data.fiscal_year)}評価　{data.edition.full_label}",
        ]

    def context(self, data: IndicatorReport) -> dict[str, Any]:
        return {
            "report": data,
            "verbose_name": self.verbose_name,
            "fiscal_year_label": format_fiscal_year(data.fiscal_year),
            "scheme": data.evaluation.scheme,
            "legend": [(g, data.evaluation.scheme.label(g)) for g in data.evaluation.scheme.grades],
            "columns": 5 + len(data.table.target_years) + len(data.table.actual_years) + 1,
        }

    def sections(self, data: IndicatorReport) -> list[Section]:
        return [self._indicator_section(data), self._distribution_section(data)]

    def _indicator_section(self, data: IndicatorReport) -> Section:
        table = data.table
        header = [
            [
                *(Head(t, rowspan=2) for t in ("番号", "施策", "指標名", "単位")),
                Head("現状値", colspan=2),
                *([Head("目標値", colspan=len(table.target_years))] if table.target_years else []),
                *([Head("実績値", colspan=len(table.actual_years))] if table.actual_years else []),
                *(Head(t, rowspan=2) for t in ("達成率（％）", "評価", "担当", "注記")),
            ],
            [
                Head("年度"),
                Head("値"),
                *(Head(era(y)) for y in table.target_years),
                *(Head(era(y)) for y in table.actual_years),
            ],
        ]
        rows = [self._row(data, group.node, row) for group in data.groups for row in group.rows]
        return Section("指標一覧", header, rows, freeze_cols=3, widths={1: 28, 2: 40, 15: 40})

    def _row(self, data: IndicatorReport, node: Node, row: Row) -> list[Value]:
        indicator = row.indicator
        targets = {t.fiscal_year: t for t in indicator.targets.all()}
        actuals = {a.fiscal_year: a for a in indicator.actuals.all()}
        graded = row.graded if isinstance(row.graded, Graded) else None
        notes = _row_notes(indicator, targets, actuals)
        return [
            node.code,
            node.title,
            indicator.name,
            indicator.unit,
            era(indicator.baseline_year) if indicator.baseline_year else None,
            printed(indicator.baseline_value, indicator.baseline_precision),
            *(_target_value(targets.get(y)) for y in data.table.target_years),
            *(_actual_value(actuals.get(y)) for y in data.table.actual_years),
            percent(graded),
            graded.grade if graded else None,
            "、".join(row.responsible),
            "／".join(notes),
        ]

    def _distribution_section(self, data: IndicatorReport) -> Section:
        grades = [g for g, _ in data.grade_rows[0]["counts"]] if data.grade_rows else []
        header = [
            [Head("項目"), *(Head(g) for g in grades), *map(Head, ("指標数", "総合評価", "平均"))]
        ]
        rows: list[list[Value]] = [
            [r["label"], *(c for _, c in r["counts"]), r["total"], r["grade"], r["average"]]
            for r in data.grade_rows
        ]
        return Section("評価の分布", header, rows, widths={0: 44})


def _target_value(target: Target | None) -> Value:
    if target is None:
        return None
    if target.value is not None:
        return printed(target.value, target.precision)
    return str(Direction(target.direction).label) if target.direction else "―"


def _actual_value(actual: Actual | None) -> Value:
    return None if actual is None else printed(actual.value, actual.precision)


def _row_notes(
    indicator: Indicator, targets: dict[int | None, Target], actuals: dict[int, Actual]
) -> list[str]:
    """Return the notes a list row carries beside its bare numbers."""
    notes = []
    if indicator.numerator is not None and indicator.denominator is not None:
        ratio = f"{indicator.numerator.normalize():f}/{indicator.denominator.normalize():f}"
        notes.append(f"現状値 {ratio}{indicator.ratio_unit}")
    if indicator.baseline_note:
        notes.append(f"現状値: {indicator.baseline_note}")
    for year, t in targets.items():
        said = " ".join(x for x in (t.qualifier, t.note, t.not_set_reason) if x)
        if said:
            notes.append(f"目標値 {era(year)}: {said}")
    notes += [f"実績値 {era(y)}: {a.note}" for y, a in actuals.items() if a.note and not a.sample]
    if any(a.sample for a in actuals.values()):
        notes.append("実績値は架空のデモ値")
    return notes + list(indicator.notes)


def _indicator_notes(indicators: list[Indicator]) -> list[tuple[str, str]]:
    """Number the indicators' own notes (注1, 注2 …) for the footnote list under the table."""
    out: list[tuple[str, str]] = []
    for indicator in indicators:
        marks = []
        for text in indicator.notes:
            out.append((f"注{len(out) + 1}", text))
            marks.append(out[-1][0])
        indicator.note_marks = marks
    return out
