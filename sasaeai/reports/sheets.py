"""取組シート: a printed sheet per initiative, as 上尾市社協 reviews its plan (seed 001).

A sheet holds an initiative's goal (達成目標, or the plan's 目指す姿), its actions with who carries
them out, each indicator's numbers over the years with its trend chart, the remaining texts of the
node and the year's reviewed progress. XLSX gets one worksheet per initiative, CSV one block.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.functional import Promise
from django.utils.safestring import SafeString

from sasaeai.evaluation.charts import indicator_trend
from sasaeai.evaluation.selectors import evaluate_plan
from sasaeai.lib.numtext import format_value
from sasaeai.lib.wareki import format_fiscal_year
from sasaeai.plans.display import INLINE_NOTE_MAX, action_groups
from sasaeai.plans.models import (
    Action,
    Actor,
    Actual,
    Direction,
    Indicator,
    Narrative,
    Node,
    Plan,
    Target,
)
from sasaeai.plans.selectors import TreeNode, ancestors, plan_tree, walk
from sasaeai.progress.access import reportable_entries
from sasaeai.progress.models import Cycle, Entry
from sasaeai.progress.selectors import cycle_for

from .base import Head, ListExporter, Scope, Section, Value, register
from .editions import Edition, edition_of_cycle
from .indicators import era, printed

GOAL_TITLE = "達成目標"
# Plans without a 達成目標 state the goal as a vision: 目指す姿, ６年後のめざす姿 …
GOAL_ENDINGS = ("目指す姿", "めざす姿")
BASELINE, ACTUAL, TARGET = "現状値", "実績値", "目標値"
GROUPS = (BASELINE, ACTUAL, TARGET)
PROGRESS_FIELDS = (("progress", "進捗状況"), ("issues", "課題"), ("next_steps", "今後の方向"))
ACTION_GROUP_TITLES: dict[str, str | Promise] = {
    Actor.CITY: "市の取り組み",
    Actor.COUNCIL: "社会福祉協議会の取り組み",
    Actor.RESIDENT: "市民の取り組み",
    Actor.NEIGHBORHOOD: "自治会・町内会などの取り組み",
    Actor.GROUP: "団体の取り組み",
    Actor.WELFARE_CORPORATION: "社会福祉法人の取り組み",
}
NO_SHEETS = "この計画（またはこの施策の下）には、取組・指標・進捗のある施策がありません。"


@dataclass
class Figure:
    """One number of an indicator's table: its 現状値, an 実績値 or a 目標値 of one year."""

    group: str
    year: int | None
    value: Value
    text: str
    inline_note: str = ""
    mark: str = ""
    sample: bool = False
    method_changed: bool = False
    note: str = ""

    @property
    def heading(self) -> str:
        return era(self.year)


@dataclass
class Numbers:
    """An indicator on its sheet: the chart, its figures and the marks of its own notes."""

    indicator: Indicator
    chart: SafeString
    figures: list[Figure]
    marks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[str, list[Figure]]]:
        """Return the figures by group (現状値, 実績値, 目標値) for the rowspans of the table."""
        return [(g, fs) for g in GROUPS if (fs := [f for f in self.figures if f.group == g])]

    def figure(self, group: str, year: int | None) -> Figure | None:
        return next((f for f in self.figures if (f.group, f.year) == (group, year)), None)


@dataclass
class ProgressRow:
    """An entry's texts; cells holds those of the columns the sheet prints."""

    label: str
    texts: dict[str, str]
    cells: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    """What one initiative's sheet prints, in the order it prints it."""

    node: Node
    path: list[Node]
    goal: Narrative | None
    action_groups: list[tuple[str, list[Action]]]
    numbers: list[Numbers]
    notes: list[tuple[str, str]]
    narratives: list[Narrative]
    progress: list[ProgressRow]
    progress_columns: list[tuple[str, str]]

    @property
    def has_sample(self) -> bool:
        return any(f.sample for n in self.numbers for f in n.figures)

    @property
    def heading(self) -> str:
        return f"{self.node.code} {self.node.title}".strip()

    @property
    def has_box(self) -> bool:
        """Return whether the plan says anything of the node (some hold progress only)."""
        return bool(self.goal or self.action_groups or self.numbers or self.narratives)


@dataclass
class SheetReport:
    """The sheets of a plan (or of one node's subtree) for a fiscal year."""

    plan: Plan
    fiscal_year: int
    edition: Edition
    cycle: Cycle | None
    sheets: list[Sheet]


class _Notes:
    """A sheet's numbered notes (※1 …): a short one stays beside its value, as plans print it;
    the same text twice gets one number."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def mark(self, text: str) -> str:
        for mark, said in self.items:
            if said == text:
                return mark
        self.items.append((f"※{len(self.items) + 1}", text))
        return self.items[-1][0]

    def attach(self, figure: Figure, text: str) -> Figure:
        if text and len(text) <= INLINE_NOTE_MAX and not figure.inline_note:
            figure.inline_note = text
        elif text:
            figure.mark = self.mark(text)
        return figure


@register
class SheetsExporter(ListExporter):
    identifier = "sheets"
    verbose_name = "取組シート"
    description = (
        "施策ごとに1枚：達成目標・取り組み・数値の推移（グラフ）・評価の文章・その年度の進捗"
    )
    takes_node = True
    stylesheets = ("print.css", "sheets.css")
    template_name = "reports/sheets.html"

    def collect(self, scope: Scope) -> SheetReport:
        plan, fiscal_year = scope.plan, scope.fiscal_year
        cycle = cycle_for(plan, fiscal_year)
        items = _initiatives(plan, fiscal_year, scope.node)
        entries = _entries(cycle, scope.user, [item.node for item, _path in items])
        results = {pk: g.result for pk, g in evaluate_plan(plan, fiscal_year).graded.items()}
        sheets = [
            _sheet(item.node, path, entries.get(item.node.pk, []), results)
            for item, path in items
            if item.node.actions.all() or item.node.indicators.all() or item.node.pk in entries
        ]
        # The edition of the cycle whose texts are printed (下野市's covers the whole period).
        return SheetReport(plan, fiscal_year, edition_of_cycle(cycle), cycle, sheets)

    def title_lines(self, data: SheetReport) -> list[str]:
        return [
            f"{data.plan.title}　{self.verbose_name}",
            f"{format_fiscal_year(data.fiscal_year)}　{data.edition.full_label}",
        ]

    def context(self, data: SheetReport) -> dict[str, Any]:
        return {
            "report": data,
            "verbose_name": self.verbose_name,
            "fiscal_year_label": format_fiscal_year(data.fiscal_year),
            "no_sheets": NO_SHEETS,
        }

    def sections(self, data: SheetReport) -> list[Section]:
        if not data.sheets:  # a workbook needs one sheet: say why it is empty
            return [Section(self.verbose_name, [[Head("")]], [], lead=[["", NO_SHEETS]])]
        return [self._section(sheet) for sheet in data.sheets]

    def _section(self, sheet: Sheet) -> Section:
        columns = _columns(sheet.numbers)
        header = [
            [
                Head("指標名", rowspan=2 if columns else 1),
                Head("単位", rowspan=2 if columns else 1),
                *(
                    Head(g, colspan=n)
                    for g in GROUPS
                    if (n := sum(1 for group, _y in columns if group == g))
                ),
                Head("注記", rowspan=2 if columns else 1),
            ],
            *([[Head(era(year)) for _g, year in columns]] if columns else []),
        ]
        rows = [_numbers_row(numbers, columns) for numbers in sheet.numbers]
        notes_column = 2 + len(columns)
        widths = {0: 40, notes_column: 48}
        return Section(sheet.heading, header, rows, widths=widths, lead=_lead(sheet))


# --- what the sheets hold ----------------------------------------------------------------------


def _initiatives(
    plan: Plan, fiscal_year: int, top: Node | None
) -> list[tuple[TreeNode, list[Node]]]:
    """Return the nodes in printed order, each with its ancestors, from top's subtree if given."""
    tree = plan_tree(plan, _nodes(plan, fiscal_year))
    by_pk = {item.node.pk: item.node for item in walk(tree)}
    if top is not None:
        tree = [item for item in walk(tree) if item.node.pk == top.pk]
    return [(item, ancestors(item.node, by_pk)) for item in walk(tree)]


def _nodes(plan: Plan, fiscal_year: int) -> QuerySet[Node]:
    """Return the plan's nodes with all a sheet shows, actuals up to the fiscal year only."""
    return Node.objects.filter(plan=plan).prefetch_related(
        Prefetch("narratives", queryset=Narrative.objects.filter(kind=Narrative.Kind.SECTION)),
        "footnotes",
        Prefetch(
            "actions",
            queryset=Action.objects.prefetch_related(
                "assignments__organization", "assignments__department"
            ),
        ),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related(
                Prefetch("targets", queryset=Target.objects.order_by("order", "id")),
                Prefetch(
                    "actuals",
                    queryset=Actual.objects.filter(fiscal_year__lte=fiscal_year).order_by(
                        "fiscal_year"
                    ),
                ),
            ),
        ),
    )


def _entries(cycle: Cycle | None, user: Any, nodes: list[Node]) -> dict[int, list[Entry]]:
    """Return the cycle's reviewed entries (受理・確定, never a draft) with text, by node."""
    if cycle is None:
        return {}
    entries = (
        reportable_entries(user)
        .filter(cycle=cycle, node__in=nodes)
        .select_related("department", "organization", "action")
        .order_by("order", "id")
    )
    by_node: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        if any(getattr(entry, name).strip() for name, _label in PROGRESS_FIELDS):
            by_node[entry.node_id].append(entry)
    return dict(by_node)


def _sheet(node: Node, path: list[Node], entries: list[Entry], results: dict[int, Any]) -> Sheet:
    narratives = list(node.narratives.all())
    goal = _goal(narratives)
    notes = _Notes()
    numbers = [_numbers(i, notes, results.get(i.pk)) for i in node.indicators.all()]
    referenced = {str(n) for i in node.indicators.all() for n in i.footnotes}
    notes.items += [(f.number, f.text) for f in node.footnotes.all() if f.number in referenced]
    notes.items += [("", text) for text in node.indicator_notes]
    rows = [_progress_row(entry) for entry in entries]
    columns = [(n, label) for n, label in PROGRESS_FIELDS if any(r.texts[n] for r in rows)]
    for row in rows:
        row.cells = [row.texts[n] for n, _label in columns]
    return Sheet(
        node=node,
        path=path,
        goal=goal,
        action_groups=action_groups(list(node.actions.all()), ACTION_GROUP_TITLES, "主な取り組み"),
        numbers=numbers,
        notes=notes.items,
        narratives=[n for n in narratives if n is not goal],
        progress=rows,
        progress_columns=columns,
    )


def _goal(narratives: list[Narrative]) -> Narrative | None:
    """Return the narrative that states the goal: 達成目標, else the plan's 目指す姿."""
    exact = next((n for n in narratives if n.title.strip() == GOAL_TITLE), None)
    return exact or next((n for n in narratives if n.title.strip().endswith(GOAL_ENDINGS)), None)


def _progress_row(entry: Entry) -> ProgressRow:
    label = entry.responsible_label
    if entry.action_id:
        label += f"（{entry.action.title}）"
    return ProgressRow(label, {name: getattr(entry, name).strip() for name, _ in PROGRESS_FIELDS})


# --- numbers -----------------------------------------------------------------------------------


def _numbers(indicator: Indicator, notes: _Notes, result: Any) -> Numbers:
    """Return an indicator's figures; notes on the indicator itself are numbered first."""
    marks = []
    if indicator.baseline_note and not _has_baseline(indicator):  # no 現状値 to carry it
        marks.append(notes.mark(indicator.baseline_note))
    # A transcribed note may begin with the plan's own ※; the sheet numbers it anew.
    marks += [notes.mark(text.removeprefix("※").strip()) for text in indicator.notes]
    figures = [
        *_baseline(indicator, notes),
        *(_actual(actual, indicator.ratio_unit, notes) for actual in indicator.actuals.all()),
        *(_target(target, notes) for target in indicator.targets.all()),
    ]
    chart = indicator_trend(indicator, result)
    return Numbers(indicator, chart, figures, marks, _row_notes(indicator, figures))


def _has_baseline(indicator: Indicator) -> bool:
    return indicator.baseline_value is not None or indicator.baseline_year is not None


def _baseline(indicator: Indicator, notes: _Notes) -> list[Figure]:
    if not _has_baseline(indicator):
        return []
    value = printed(indicator.baseline_value, indicator.baseline_precision)
    figure = Figure(BASELINE, indicator.baseline_year, value, _text(value))
    figure.inline_note = _ratio(indicator.numerator, indicator.denominator, indicator.ratio_unit)
    figure.note = indicator.baseline_note
    return [notes.attach(figure, indicator.baseline_note)]


def _actual(actual: Actual, ratio_unit: str, notes: _Notes) -> Figure:
    value = printed(actual.value, actual.precision)
    figure = Figure(ACTUAL, actual.fiscal_year, value, _text(value))
    figure.sample, figure.method_changed = actual.sample, actual.method_changed
    if actual.sample:  # a sample's note only says 架空のデモ値: the 架空 mark says it
        return figure
    figure.inline_note = _ratio(actual.numerator, actual.denominator, ratio_unit)
    figure.note = actual.note
    return notes.attach(figure, actual.note)


def _target(target: Target, notes: _Notes) -> Figure:
    if target.value is not None:
        value: Value = printed(target.value, target.precision)
        text = _text(value) + target.qualifier
    else:
        value = str(Direction(target.direction).label) if target.direction else "―"
        text = str(value)
    figure = Figure(TARGET, target.fiscal_year, value, text)
    figure.note = " ".join(x for x in (target.note, target.not_set_reason) if x)
    return notes.attach(figure, figure.note)


def _text(value: Value) -> str:
    if isinstance(value, Decimal):
        return format_value(value, max(0, -int(value.as_tuple().exponent)))
    return "―" if value is None else str(value)


def _ratio(numerator: Decimal | None, denominator: Decimal | None, unit: str) -> str:
    if numerator is None or denominator is None:
        return ""
    return f"{numerator.normalize():f}/{denominator.normalize():f}{unit}"


def _row_notes(indicator: Indicator, figures: list[Figure]) -> list[str]:
    """Return the notes the XLSX/CSV row carries beside its bare numbers."""
    out = [f"現状値: {indicator.baseline_note}"] if indicator.baseline_note else []
    for f in figures:
        said = "。".join(x for x in ("集計方法の変更" if f.method_changed else "", f.note) if x)
        if said and f.group != BASELINE:
            out.append(f"{f.group} {f.heading}: {said}")
    if any(f.sample for f in figures):
        out.append("実績値は架空のデモ値")
    return out + list(indicator.notes)


# --- rows of the XLSX and CSV ------------------------------------------------------------------


def _columns(numbers: list[Numbers]) -> list[tuple[str, int | None]]:
    """Return the sheet's year columns: 現状値 years, then 実績値 years, then 目標値 years."""
    seen = {(f.group, f.year) for n in numbers for f in n.figures}
    return sorted(seen, key=lambda c: (GROUPS.index(c[0]), c[1] is None, c[1] or 0))


def _numbers_row(numbers: Numbers, columns: list[tuple[str, int | None]]) -> list[Value]:
    indicator = numbers.indicator
    cells = [numbers.figure(group, year) for group, year in columns]
    return [
        indicator.name,
        indicator.unit,
        *(f.value if f else None for f in cells),
        "／".join(numbers.notes),
    ]


def _lead(sheet: Sheet) -> list[list[Value]]:
    """Return the sheet's texts as label/text lines above its numbers."""
    node = sheet.node
    lead: list[list[Value]] = [[node.level_label or "施策", sheet.heading]]
    if sheet.path:
        lead.append(["位置づけ", " ＞ ".join(f"{n.code} {n.title}".strip() for n in sheet.path)])
    if node.page_ref:
        lead.append(["参照", node.page_ref])
    if sheet.goal:
        lead.append([sheet.goal.title, sheet.goal.body])
    lead += [
        [title, "\n".join(map(_action_line, actions))] for title, actions in sheet.action_groups
    ]
    lead += [[n.title, n.body] for n in sheet.narratives]
    lead += [[f"進捗　{row.label}", _progress_text(sheet, row)] for row in sheet.progress]
    return lead


def _action_line(action: Action) -> str:
    who = "、".join(a.label for a in action.assignments.all())
    line = f"○{action.title}" + ("（再掲）" if action.relist_of_id else "")
    return line + (f"（担当: {who}）" if who else "")


def _progress_text(sheet: Sheet, row: ProgressRow) -> str:
    return "\n".join(f"【{label}】{row.texts[name]}" for name, label in sheet.progress_columns)
