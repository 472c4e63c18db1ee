"""Plans as an Excel workbook a clerk can fill in (docs/workbook.md).

The template has the sheets 説明 (instructions), 組織, 計画, 体系, 指標 and 実績. It is a view of
the plan file (`sasaeai.plan/1`): export goes through `exporter.export_plan`, import through the
plan-file validator and importer, so the workbook, the YAML and the database always agree.

The functions a page or command calls:

    blank_template() -> bytes
        the empty template with instructions and example rows (examples are never imported)
    export_workbook(plan) -> bytes
        any plan (with its sub-plans) filled into the same template
    read_workbook(content, filename) -> dict
        the workbook as a plan-file dict, or WorkbookError
    import_workbook(content, filename, *, dry_run=False, replace=False) -> WorkbookSummary
        check, compare with the existing plan and import in one transaction (dry_run: roll
        back). `summary.lines()` is the Japanese summary; `summary.changes` counts created /
        updated / unchanged / removed nodes, indicators and actuals; `summary.skipped` the
        example rows; `summary.needs_replace` says the plan exists and `replace` is needed.

Every problem raises one WorkbookError whose `problems` each have `sheet`, `row`, `column`
and `message` (`str(error)` lists them all as 「シート「指標」 12行 D列: …」); nothing is written.
"""

from .load import Change, WorkbookSummary, import_workbook
from .problems import Location, WorkbookError, WorkbookProblem
from .read import read_workbook
from .write import blank_template, export_workbook, write_workbook

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

__all__ = [
    "CONTENT_TYPE",
    "Change",
    "Location",
    "WorkbookError",
    "WorkbookProblem",
    "WorkbookSummary",
    "blank_template",
    "export_workbook",
    "import_workbook",
    "read_workbook",
    "write_workbook",
]
