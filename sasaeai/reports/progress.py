"""進捗のまとめ: per top-level goal, each 取組 × responsible body with 進捗状況 and 課題 (seed 003).

The texts come from the year's cycle, and only from entries the secretariat accepted or the
committee confirmed (`reportable_entries`): a report never prints a draft. A year without a cycle
gives the blank form, every 取組 and body listed, for the secretariat to send out.
"""

from dataclasses import dataclass, field
from typing import Any

from sasaeai.lib.wareki import format_fiscal_year
from sasaeai.plans.models import Action, Node, Plan
from sasaeai.plans.selectors import plan_tree, walk
from sasaeai.progress.access import reportable_entries
from sasaeai.progress.models import Cycle, Entry
from sasaeai.progress.selectors import cycle_for
from sasaeai.progress.services import TEXT_FIELDS, planned_entries

from .base import Head, ListExporter, Scope, Section, Value, register
from .editions import Edition, edition_of_cycle

# What a row prints when its entry is not (yet) in the report, by where it stands.
NOT_REPORTED = "―"


@dataclass
class Line:
    """One responsible body's progress on a 取組."""

    who: str
    texts: dict[str, str]
    reported: bool
    cells: list[str] = field(default_factory=list)  # the texts in the report's column order


@dataclass
class Item:
    """A 取組 of the report: a node or one of its actions, and a line per responsible body."""

    node: Node
    action: Action | None
    lines: list[Line] = field(default_factory=list)

    under_heading: bool = False  # the node's heading row is printed above (it has actions)

    @property
    def code(self) -> str:
        return "" if self.under_heading else self.node.code

    @property
    def title(self) -> str:
        if self.action:
            return self.action.title
        return "（施策全体・指標の実績）" if self.under_heading else self.node.title


@dataclass
class Heading:
    """A node between the goal and its items, printed as a row heading (施策 ① …)."""

    node: Node


@dataclass
class Goal:
    node: Node
    parts: list[Item | Heading] = field(default_factory=list)

    @property
    def items(self) -> list[Item]:
        return [p for p in self.parts if isinstance(p, Item)]


@dataclass
class ProgressReport:
    plan: Plan
    fiscal_year: int
    cycle: Cycle | None
    edition: Edition
    goals: list[Goal]
    columns: list[tuple[str, str]]  # (field, heading) of the text columns with any text
    version: int | None = None

    @property
    def period_label(self) -> str:
        """Return what the report covers: its fiscal year, or the cycle's own title."""
        if self.cycle is not None and self.cycle.fiscal_year is None:
            return "計画期間"
        return format_fiscal_year(self.fiscal_year)

    @property
    def withheld(self) -> bool:
        return any(not line.reported for g in self.goals for i in g.items for line in i.lines)


@register
class ProgressExporter(ListExporter):
    identifier = "progress"
    verbose_name = "進捗のまとめ"
    description = "基本目標ごとに、取組と主体（市・社協・担当課）別の進捗状況と課題"
    template_name = "reports/progress.html"
    stylesheets = ("print.css", "progress.css")

    def collect(self, scope: Scope) -> ProgressReport:
        plan = scope.plan
        cycle = cycle_for(plan, scope.fiscal_year)
        tree = walk(plan_tree(plan, Node.objects.filter(plan=plan).select_related("parent")))
        position = {t.node.pk: n for n, t in enumerate(tree)}
        top = {t.node.pk: _top(t.node, {x.node.pk: x.node for x in tree}) for t in tree}
        rows = _rows(cycle, scope.user) if cycle else _blank_rows(plan)
        rows.sort(key=lambda r: (position[r[0].pk], r[1].order if r[1] else -1, r[3]))
        with_actions = {r[0].pk for r in rows if r[1] is not None}
        goals: dict[int, Goal] = {}
        items: dict[tuple[int, int | None], Item] = {}
        for node, action, line, _order in rows:
            goal_node = top[node.pk]
            goal = goals.setdefault(goal_node.pk, Goal(goal_node))
            key = (node.pk, action.pk if action else None)
            if key not in items:
                # A node whose 取組 are its actions gets a heading row; its own entry (the
                # indicators' values) then reads as the whole measure.
                headed = node.pk != goal_node.pk and node.pk in with_actions
                if headed and not _headed(goal, node):
                    goal.parts.append(Heading(node))
                items[key] = Item(node, action, under_heading=headed)
                goal.parts.append(items[key])
            items[key].lines.append(line)
        ordered = sorted(goals.values(), key=lambda g: position[g.node.pk])
        used = {
            f for g in ordered for i in g.items for ln in i.lines for f, t in ln.texts.items() if t
        }
        columns = [
            (f, h) for f, h in TEXT_FIELDS.items() if f in used or f in ("progress", "issues")
        ]
        for line in (ln for g in ordered for i in g.items for ln in i.lines):
            line.cells = [line.texts.get(f, "") for f, _h in columns]
        version = (
            cycle.versions.order_by("-number").values_list("number", flat=True).first()
            if cycle
            else None
        )
        return ProgressReport(
            plan, scope.fiscal_year, cycle, edition_of_cycle(cycle), ordered, columns, version
        )

    def title_lines(self, data: ProgressReport) -> list[str]:
        return [
            f"{data.plan.title}　{self.verbose_name}",
            f"{data.period_label}　{data.edition.full_label}",
        ]

    def context(self, data: ProgressReport) -> dict[str, Any]:
        return {
            "report": data,
            "verbose_name": self.verbose_name,
            "not_reported": NOT_REPORTED,
        }

    def sections(self, data: ProgressReport) -> list[Section]:
        header = [
            [
                Head("番号"),
                Head("取組"),
                Head("主体・担当"),
                *(Head(heading) for _f, heading in data.columns),
            ]
        ]
        sections = []
        for goal in data.goals:
            rows: list[list[Value]] = []
            for part in goal.parts:
                if isinstance(part, Heading):
                    rows.append(
                        [part.node.code, part.node.title, None, *(None for _ in data.columns)]
                    )
                    continue
                for line in part.lines:
                    texts: list[Value] = [text or None for text in line.cells]
                    if not line.reported:
                        texts = [NOT_REPORTED, *(None for _ in data.columns[1:])]
                    rows.append([part.code, part.title, line.who, *texts])
            title = f"{goal.node.level_label}{goal.node.code}".strip() or goal.node.title
            lead: list[list[Value]] = [[title, goal.node.title]]
            widths = {1: 28, 2: 14, **{3 + n: 50 for n in range(len(data.columns))}}
            sections.append(Section(title, header, rows, freeze_cols=3, widths=widths, lead=lead))
        return sections


def _top(node: Node, by_pk: dict[int, Node]) -> Node:
    while node.parent_id:
        node = by_pk[node.parent_id]
    return node


def _headed(goal: Goal, node: Node) -> bool:
    return any(isinstance(p, Heading) and p.node.pk == node.pk for p in goal.parts)


def _rows(cycle: Cycle, user: Any) -> list[tuple[Node, Action | None, Line, int]]:
    """Return the cycle's entries as lines; an entry not reported (yet) prints as 「―」."""
    shown = set(reportable_entries(user).filter(cycle=cycle).values_list("pk", flat=True))
    entries = cycle.entries.select_related("node", "action", "organization", "department")
    out = []
    for entry in entries:
        reported = entry.pk in shown
        texts = {f: getattr(entry, f) for f in TEXT_FIELDS} if reported else {}
        out.append((entry.node, entry.action, Line(_who(entry), texts, reported), entry.order))
    return out


def _blank_rows(plan: Plan) -> list[tuple[Node, Action | None, Line, int]]:
    """Return the lines of a year not yet opened: every 取組 × body, with nothing written."""
    out = []
    for order, p in enumerate(planned_entries(plan)):
        entry = Entry(
            node=p.node,
            action=p.action,
            actor=p.actor,
            organization=p.organization,
            department=p.department,
        )
        out.append((p.node, p.action, Line(_who(entry), {}, True), order))
    return out


def _who(entry: Entry) -> str:
    """Return the body as the seed prints it: 市 / 社協 for actors, else the department."""
    return entry.responsible_label
