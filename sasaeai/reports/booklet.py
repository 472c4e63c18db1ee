"""計画書: the plan, or one node and its subtree, printed as the city's booklet prints it.

Each node brings its heading, its narratives and its indicator table, then its sub-nodes, then its
own actions, messages to residents, columns and footnotes. That is the booklet's own order: on the
上尾 pages the city's actions sit on the sub-measures (1)(2) and come first, and the node's
社協 actions, 「地域で取り組んでみましょう」 and コラム close its section.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from sasaeai.lib.wareki import format_fiscal_year
from sasaeai.plans.display import IndicatorTable, indicator_table
from sasaeai.plans.models import (
    Action,
    ActionAssignment,
    Actor,
    Actual,
    Footnote,
    Indicator,
    IndicatorAssignment,
    Message,
    Narrative,
    Node,
    Plan,
    Target,
)
from sasaeai.plans.selectors import TreeNode, ancestors, plan_tree, walk

from .base import Head, ListExporter, Scope, Section, Value, register
from .indicators import _actual_value, _row_notes, _target_value, era, printed

# The heading a group of actions carries, by actor, as the booklets print it.
GROUP_TITLES = {
    Actor.CITY: "市の取組",
    Actor.COUNCIL: "社会福祉協議会の取組",
    Actor.RESIDENT: "市民の取組",
    Actor.NEIGHBORHOOD: "自治会・町内会などの取組",
    Actor.GROUP: "団体の取組",
    Actor.WELFARE_CORPORATION: "社会福祉法人の取組",
}
MAIN_ACTIONS = "主な取り組み"


@dataclass
class ActionGroup:
    """A node's actions of one actor: a 取組/内容/担当 table, or a plain list of titles."""

    title: str
    actions: list[Action]
    has_content: bool = False
    has_who: bool = False

    @property
    def tabular(self) -> bool:
        return self.has_content or self.has_who


@dataclass
class Part:
    """One node as the booklet prints it, with everything it holds."""

    node: Node
    depth: int  # below the top of the booklet: 0 for a 基本目標 (or the node asked for)
    sections: list[Narrative]
    columns: list[Narrative]
    table: IndicatorTable | None
    notes: list[tuple[str, str]]  # the indicators' own notes, numbered 注1, 注2 …
    action_groups: list[ActionGroup]
    messages: list[Message]
    footnotes: list[Footnote]
    all_sample: bool = False  # every actual is a demo value: one mark on 実績値 says so
    chapter: bool = False  # a top-level node with sub-nodes, which opens a page
    relist: Node | None = None
    related: list[Node] = field(default_factory=list)

    @property
    def heading(self) -> int:
        """Return the HTML heading level: h2 for the top, h3 below it, down to h5."""
        return min(self.depth + 2, 5)

    @property
    def value_columns(self) -> int:
        """Return how many value columns the indicator table has (現状値, 目標値, 実績値)."""
        table = self.table
        return 1 + len(table.target_years) + len(table.actual_years) if table else 0

    @property
    def has_who(self) -> bool:
        return bool(self.table and any(row.responsible for row in self.table.rows))

    @property
    def has_tail(self) -> bool:
        return bool(self.action_groups or self.messages or self.columns or self.footnotes)


@dataclass
class Booklet:
    """Everything the booklet prints, read from the database once."""

    plan: Plan
    fiscal_year: int
    node: Node | None
    ancestors: list[Node]
    owners: list[str]
    parts: list[Part]
    # ("head", part) … its sub-nodes' blocks … ("tail", part), in printed order
    blocks: list[tuple[str, Part]]

    @property
    def toc(self) -> list[Part]:
        """Return the parts the contents page lists: the whole plan's top two levels."""
        return [p for p in self.parts if p.depth <= 1] if self.node is None else []

    @property
    def has_sample(self) -> bool:
        return any(p.all_sample or (p.table and p.table.has_sample) for p in self.parts)


def booklet_nodes(plan: Plan, year: int) -> QuerySet[Node]:
    """Return the plan's nodes with all they print, actuals up to the fiscal year only.

    Like selectors.nodes_with_content, but the actuals are cut at the year the booklet reports
    and every related object comes in one query per kind (no per-node or per-row queries).
    """
    assignments = ("organization", "department")
    return (
        Node.objects.filter(plan=plan)
        .prefetch_related(
            "narratives",
            "messages",
            "footnotes",
            Prefetch("related", queryset=Node.objects.only("id")),
            Prefetch(
                "actions",
                queryset=Action.objects.prefetch_related(
                    Prefetch(
                        "assignments",
                        queryset=ActionAssignment.objects.select_related(*assignments),
                    )
                ),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    "targets",
                    Prefetch("actuals", queryset=Actual.objects.filter(fiscal_year__lte=year)),
                    Prefetch(
                        "assignments",
                        queryset=IndicatorAssignment.objects.select_related(*assignments),
                    ),
                ),
            ),
        )
        .order_by("depth", "order", "id")
    )


def action_groups(actions: list[Action]) -> list[ActionGroup]:
    """Group a node's actions by actor in printed order (市の取組, 社会福祉協議会の取組 …)."""
    groups: dict[str, ActionGroup] = {}
    for action in actions:
        group = groups.setdefault(
            action.actor, ActionGroup(GROUP_TITLES.get(action.actor, MAIN_ACTIONS), [])
        )
        group.actions.append(action)
        group.has_content |= bool(action.content)
        group.has_who |= bool(action.assignments.all())
    return list(groups.values())


def mark_samples_once(table: IndicatorTable | None) -> bool:
    """Return whether every actual of the table is a demo value, and then unmark its cells.

    The table then carries one 架空 mark on its 実績値 heading: a mark in each of hundreds of
    cells says the same thing, and each costs the PDF boxes to build and lay out.
    """
    cells = [cell for row in table.rows for cell in row.actuals if cell.text] if table else []
    if not cells or not all(cell.sample for cell in cells):
        return False
    for cell in cells:
        cell.sample = False
    return True


def numbered_notes(indicators: list[Indicator]) -> list[tuple[str, str]]:
    """Number the indicators' own notes under their table (注1, 注2 …) and mark each row."""
    out: list[tuple[str, str]] = []
    for indicator in indicators:
        indicator.note_marks = []
        for text in indicator.notes:
            out.append((f"注{len(out) + 1}", text))
            indicator.note_marks.append(out[-1][0])
    return out


def _part(node: Node, depth: int, by_pk: dict[int, Node]) -> Part:
    narratives = list(node.narratives.all())
    indicators = list(node.indicators.all())
    table = indicator_table(indicators) if indicators else None
    return Part(
        node=node,
        depth=depth,
        sections=[n for n in narratives if n.kind == Narrative.Kind.SECTION],
        columns=[n for n in narratives if n.kind == Narrative.Kind.COLUMN],
        table=table,
        all_sample=mark_samples_once(table),
        notes=numbered_notes(indicators),
        action_groups=action_groups(list(node.actions.all())),
        messages=list(node.messages.all()),
        footnotes=list(node.footnotes.all()),
        relist=by_pk.get(node.relist_of_id) if node.relist_of_id else None,
        related=[by_pk[r.pk] for r in node.related.all() if r.pk in by_pk],
    )


def _blocks(
    items: list[TreeNode], depth: int, by_pk: dict[int, Node]
) -> Iterator[tuple[str, Part]]:
    """Yield each node's head, its sub-nodes' blocks, then its tail (actions … footnotes)."""
    for item in items:
        part = _part(item.node, depth, by_pk)
        part.chapter = depth == 0 and bool(item.children)
        yield "head", part
        yield from _blocks(item.children, depth + 1, by_pk)
        if part.has_tail:
            yield "tail", part


def _find(tree: list[TreeNode], pk: int) -> TreeNode:
    return next(item for item in walk(tree) if item.node.pk == pk)


def _period(plan: Plan) -> str:
    if not plan.period_start:
        return ""
    end = format_fiscal_year(plan.period_end) if plan.period_end else ""
    return f"{format_fiscal_year(plan.period_start)}〜{end}"


def _audience(message: Message) -> str:
    return message.label or message.get_audience_display()


def _heading(node: Node) -> str:
    return " ".join(t for t in (node.level_label, node.code, node.title) if t)


@register
class BookletExporter(ListExporter):
    identifier = "booklet"
    verbose_name = "計画書"
    description = "計画の本文・指標・取組・メッセージ・コラムを冊子の形で（施策ごとにも）"
    takes_node = True
    stylesheets = ("print.css", "booklet.css")
    template_name = "reports/booklet.html"

    def collect(self, scope: Scope) -> Booklet:
        plan = scope.plan
        nodes = list(booklet_nodes(plan, scope.fiscal_year))
        by_pk = {n.pk: n for n in nodes}
        tree = plan_tree(plan, nodes)  # type: ignore[arg-type]  # a list serves as a queryset here
        roots = [_find(tree, scope.node.pk)] if scope.node else tree
        blocks = list(_blocks(roots, 0, by_pk))
        owners = [o.organization.name for o in plan.ownerships.select_related("organization")]
        node = by_pk[scope.node.pk] if scope.node else None
        return Booklet(
            plan,
            scope.fiscal_year,
            node,
            ancestors(node, by_pk) if node else [],
            owners,
            [part for kind, part in blocks if kind == "head"],
            blocks,
        )

    def title_lines(self, data: Booklet) -> list[str]:
        lines = [f"{data.plan.title}　{self.verbose_name}"]
        if data.node:
            lines.append("　›　".join(_heading(n) for n in [*data.ancestors, data.node]))
        return [*lines, f"指標の実績値：{format_fiscal_year(data.fiscal_year)}まで"]

    def context(self, data: Booklet) -> dict[str, Any]:
        return {
            "report": data,
            "verbose_name": self.verbose_name,
            "fiscal_year_label": format_fiscal_year(data.fiscal_year),
            "period": _period(data.plan),
        }

    def sections(self, data: Booklet) -> list[Section]:
        return [_indicator_section(data), _action_section(data), _text_section(data)]


def _indicator_section(data: Booklet) -> Section:
    tables = [p.table for p in data.parts if p.table]
    target_years = sorted({y for t in tables for y in t.target_years}, key=lambda y: y or 9999)
    actual_years = sorted({y for t in tables for y in t.actual_years})
    header = [
        [
            *(Head(t, rowspan=2) for t in ("施策番号", "施策", "指標名", "単位")),
            Head("現状値", colspan=2),
            *([Head("目標値", colspan=len(target_years))] if target_years else []),
            *([Head("実績値", colspan=len(actual_years))] if actual_years else []),
            *(Head(t, rowspan=2) for t in ("担当", "注記")),
        ],
        [
            Head("年度"),
            Head("値"),
            *(Head(era(y)) for y in target_years),
            *(Head(era(y)) for y in actual_years),
        ],
    ]
    rows = [
        _indicator_row(part.node, row.indicator, row.responsible, target_years, actual_years)
        for part in data.parts
        if part.table
        for row in part.table.rows
    ]
    last = 7 + len(target_years) + len(actual_years)
    return Section("指標", header, rows, freeze_cols=3, widths={1: 28, 2: 40, last: 48})


def _indicator_row(
    node: Node,
    indicator: Indicator,
    responsible: list[str],
    target_years: list[int | None],
    actual_years: list[int],
) -> list[Value]:
    targets: dict[int | None, Target] = {t.fiscal_year: t for t in indicator.targets.all()}
    actuals = {a.fiscal_year: a for a in indicator.actuals.all()}
    notes = _row_notes(indicator, targets, actuals)
    if indicator.source_note:
        notes.insert(0, f"出典: {indicator.source_note}")
    return [
        node.code,
        node.title,
        indicator.name,
        indicator.unit,
        era(indicator.baseline_year) if indicator.baseline_year else None,
        printed(indicator.baseline_value, indicator.baseline_precision),
        *(_target_value(targets.get(y)) for y in target_years),
        *(_actual_value(actuals.get(y)) for y in actual_years),
        "、".join(responsible),
        "／".join(notes),
    ]


def _action_section(data: Booklet) -> Section:
    header = [[Head(t) for t in ("施策番号", "施策", "主体", "取組", "内容", "担当", "備考")]]
    rows: list[list[Value]] = []
    for part in data.parts:
        for group in part.action_groups:
            for action in group.actions:
                remarks = ["重点項目"] if action.priority else []
                remarks += ["再掲"] if action.relist_of_id else []
                remarks += [action.note] if action.note else []
                rows.append(
                    [
                        part.node.code,
                        part.node.title,
                        action.get_actor_display() if action.actor else "",
                        action.title,
                        action.content,
                        "、".join(a.label for a in action.assignments.all()),
                        "／".join(remarks),
                    ]
                )
    return Section("取組", header, rows, freeze_cols=2, widths={1: 28, 3: 36, 4: 60, 5: 28})


def _text_section(data: Booklet) -> Section:
    header = [[Head(t) for t in ("施策番号", "施策", "種別", "見出し", "本文")]]
    rows: list[list[Value]] = []
    for part in data.parts:
        texts = [("本文", n.title, n.body) for n in part.sections]
        texts += [
            ("メッセージ", _audience(m), "\n".join(f"・{i}" for i in m.items))
            for m in part.messages
        ]
        texts += [("コラム", n.title, n.body) for n in part.columns]
        texts += [("注", f.number, f.text) for f in part.footnotes]
        rows += [[part.node.code, part.node.title, *text] for text in texts]
    return Section("本文", header, rows, freeze_cols=2, widths={1: 28, 3: 28, 4: 80})
