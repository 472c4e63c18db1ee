"""The public indicator tables as plain records: the words of a grade, and CSV and JSON rows.

One shape serves the HTML page and its .csv and .json siblings, so the data a resident reads
and the data a developer takes are the same.
"""

from typing import Any

from sasaeai.evaluation.selectors import PlanEvaluation
from sasaeai.lib.wareki import format_fiscal_year
from sasaeai.plans.display import Cell, IndicatorTable
from sasaeai.reports.base import Head, Section


def grade_text(evaluation: PlanEvaluation, grade: str) -> str:
    """Return a grade with its meaning in words: 「B（改善傾向）」, so colour never carries it."""
    label = evaluation.scheme.label(grade)
    return f"{grade}（{label}）" if label else grade


def cell_text(cell: Cell, notes: dict[str, str]) -> str:
    """Return a cell as one line of text with its note and the 架空 mark spelled out."""
    text = "" if cell.empty and not cell.inline_note else cell.text
    if cell.inline_note:
        text += f"（{cell.inline_note}）"
    if cell.mark:
        text += f"（{notes.get(cell.mark, '')}）"
    if cell.sample:
        text += "（架空のデモ値）"
    return text


def records(table: IndicatorTable, evaluation: PlanEvaluation) -> list[dict[str, Any]]:
    """Return one JSON-ready record per indicator row."""
    notes = dict(table.notes)
    out = []
    for row in table.rows:
        indicator, result = row.indicator, row.graded.result if row.graded else None
        out.append(
            {
                "id": indicator.pk,
                "name": indicator.name,
                "unit": indicator.unit,
                "baseline": {
                    "fiscal_year": indicator.baseline_year,
                    "value": cell_text(row.baseline, notes),
                },
                "targets": _series(table.target_years, row.targets, notes),
                "actuals": _series(table.actual_years, row.actuals, notes),
                "responsible": row.responsible,
                "grade": result.grade if result else None,
                "grade_label": grade_text(evaluation, result.grade) if result else None,
                "explanation": result.explanation if result else None,
                "as_of": evaluation.as_of,
            }
        )
    return out


def _series(years: list, cells: list[Cell], notes: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"fiscal_year": year, "value": cell_text(cell, notes), "sample": cell.sample}
        for year, cell in zip(years, cells, strict=True)
        if cell.text
    ]


def section(table: IndicatorTable, evaluation: PlanEvaluation, title: str) -> Section:
    """Return the table as a report section (for CSV): one column per year, as on the page."""
    notes = dict(table.notes)
    header = ["指標名", "単位", "現状値の年度", "現状値"]
    header += [f"目標値 {_fy(y)}" for y in table.target_years]
    header += [f"実績値 {_fy(y)}" for y in table.actual_years]
    header += ["担当", f"評価 {_fy(evaluation.as_of)}".strip(), "評価の説明"]
    rows = []
    for row in table.rows:
        result = row.graded.result if row.graded else None
        rows.append(
            [
                row.indicator.name,
                row.indicator.unit,
                _fy(row.indicator.baseline_year),
                cell_text(row.baseline, notes),
                *(cell_text(c, notes) for c in row.targets),
                *(cell_text(c, notes) for c in row.actuals),
                "、".join(row.responsible),
                grade_text(evaluation, result.grade) if result else "",
                result.explanation if result else "",
            ]
        )
    return Section(title=title, header=[[Head(h) for h in header]], rows=rows)


def _fy(year: int | None) -> str:
    return format_fiscal_year(year) if year else ""
