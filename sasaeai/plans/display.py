"""How plan values read on a page: cells of an indicator table, as a plan prints them.

A short note stays beside its value (`31（267点）`); a long one becomes a ※ mark with the text
under the table, as printed plans do.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sasaeai.lib.numtext import format_value
from sasaeai.lib.wareki import format_fiscal_year

from .models import Action, Actor, Actual, Direction, Indicator, Target

INLINE_NOTE_MAX = 12


@dataclass
class Cell:
    text: str
    inline_note: str = ""
    mark: str = ""
    sample: bool = False
    year_label: str = ""

    @property
    def empty(self) -> bool:
        return self.text == "―" and not self.mark


@dataclass
class Row:
    indicator: Indicator
    baseline: Cell
    targets: list[Cell]
    actuals: list[Cell]
    responsible: list[str]
    graded: object = None  # set by a higher layer that grades (evaluation.selectors.Graded)


@dataclass
class IndicatorTable:
    baseline_years: list[int | None]
    target_years: list[int | None]
    actual_years: list[int]
    rows: list[Row] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def has_sample(self) -> bool:
        return any(c.sample for r in self.rows for c in r.actuals)

    @property
    def single_baseline_year(self) -> int | None:
        years = set(self.baseline_years)
        return years.pop() if len(years) == 1 else None


def indicator_table(indicators: list[Indicator]) -> IndicatorTable:
    """Return the table of a node's indicators with a column per target and actual year."""
    table = IndicatorTable(
        baseline_years=[i.baseline_year for i in indicators],
        target_years=sorted(
            {t.fiscal_year for i in indicators for t in i.targets.all()}, key=_year_key
        ),
        actual_years=sorted({a.fiscal_year for i in indicators for a in i.actuals.all()}),
    )
    for indicator in indicators:
        table.rows.append(_row(table, indicator))
    if table.single_baseline_year is None:
        for row in table.rows:
            year = row.indicator.baseline_year
            row.baseline.year_label = format_fiscal_year(year, western=False) if year else ""
    return table


def _year_key(year: int | None) -> int:
    return year if year is not None else 9999


def _row(table: IndicatorTable, indicator: Indicator) -> Row:
    targets = {t.fiscal_year: t for t in indicator.targets.all()}
    actuals = {a.fiscal_year: a for a in indicator.actuals.all()}
    return Row(
        indicator=indicator,
        baseline=_cell(
            table,
            indicator.baseline_value,
            indicator.baseline_precision,
            indicator.baseline_note,
            indicator.numerator,
            indicator.denominator,
            indicator.ratio_unit,
        ),
        targets=[
            _target_cell(table, targets.get(y), indicator.ratio_unit) for y in table.target_years
        ],
        actuals=[
            _actual_cell(table, actuals.get(y), indicator.ratio_unit) for y in table.actual_years
        ],
        responsible=[a.label for a in indicator.assignments.all()],
    )


def _target_cell(table: IndicatorTable, target: Target | None, ratio_unit: str) -> Cell:
    if target is None:
        return Cell("")
    if target.value is None and target.direction:
        return Cell(Direction(target.direction).label)
    if target.not_set_reason:
        return _with_note(table, Cell("―"), target.not_set_reason)
    cell = _cell(
        table,
        target.value,
        target.precision,
        target.note,
        target.numerator,
        target.denominator,
        ratio_unit,
    )
    cell.text += target.qualifier
    return cell


def _actual_cell(table: IndicatorTable, actual: Actual | None, ratio_unit: str) -> Cell:
    if actual is None:
        return Cell("")
    note = "" if actual.sample else actual.note
    cell = _cell(
        table,
        actual.value,
        actual.precision,
        note,
        actual.numerator,
        actual.denominator,
        ratio_unit,
    )
    cell.sample = actual.sample
    return cell


def _cell(
    table: IndicatorTable,
    value: Decimal | None,
    precision: int,
    note: str,
    numerator: Decimal | None,
    denominator: Decimal | None,
    ratio_unit: str,
) -> Cell:
    cell = Cell(format_value(value, precision))
    if numerator is not None and denominator is not None:
        cell.inline_note = f"{_plain(numerator)}/{_plain(denominator)}{ratio_unit}"
    return _with_note(table, cell, note)


def _with_note(table: IndicatorTable, cell: Cell, note: str) -> Cell:
    if not note:
        return cell
    if len(note) <= INLINE_NOTE_MAX and not cell.inline_note:
        cell.inline_note = note
        return cell
    cell.mark = f"※{len(table.notes) + 1}"
    table.notes.append((cell.mark, note))
    return cell


def _plain(number: Decimal) -> str:
    return format_value(number, max(0, -int(number.normalize().as_tuple().exponent)))


def body_blocks(body: str) -> list[tuple[str, list[str]]]:
    """Split a narrative into blocks: ('heading', [text]), ('list', items) or ('para', [text]).

    Lines starting ◇◆● are headings, ・▶○ are list items, anything else a paragraph.
    """
    blocks: list[tuple[str, list[str]]] = []
    for line in (ln.strip() for ln in body.splitlines()):
        if not line:
            continue
        if line[0] in "◇◆●":
            blocks.append(("heading", [line[1:].strip()]))
        elif line[0] in "・▶○":
            if not blocks or blocks[-1][0] != "list":
                blocks.append(("list", []))
            blocks[-1][1].append(line[1:].strip())
        else:
            blocks.append(("para", [line]))
    return blocks


ACTION_GROUP_TITLES: dict[str, str | Promise] = {
    Actor.CITY: _("市の取組"),
    Actor.COUNCIL: _("社会福祉協議会の取組"),
    Actor.RESIDENT: _("市民の取組"),
    Actor.NEIGHBORHOOD: _("自治会・町内会などの取組"),
    Actor.GROUP: _("団体の取組"),
    Actor.WELFARE_CORPORATION: _("社会福祉法人の取組"),
}

OTHER_ACTIONS = _("主な取り組み")


def action_groups(
    actions: list[Action],
    titles: dict[str, str | Promise] = ACTION_GROUP_TITLES,
    default: str | Promise = OTHER_ACTIONS,
) -> list[tuple[str | Promise, list[Action]]]:
    """Group a node's actions by actor in printed order: 市の取組, 社会福祉協議会の取組 …

    Pages pass nothing (titles in the reader's language); a report passes its own printed words.
    """
    groups: dict[str, list[Action]] = {}
    for action in actions:
        groups.setdefault(action.actor, []).append(action)
    return [(titles.get(actor, default), items) for actor, items in groups.items()]
