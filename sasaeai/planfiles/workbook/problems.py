"""What is wrong with a workbook, named by sheet, row and column as Excel shows them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A place in the workbook: a sheet, and a row and column letter when known."""

    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def label(self) -> str:
        """Return 「シート「指標」 12行 D列」, leaving out what is not known."""
        parts = [f"シート「{self.sheet}」"] if self.sheet else []
        parts += [f"{self.row}行"] if self.row else []
        parts += [f"{self.column}列"] if self.column else []
        return " ".join(parts)


@dataclass(frozen=True)
class WorkbookProblem:
    """One problem; `where` is empty for a problem with the file as a whole."""

    where: Location
    message: str

    @property
    def sheet(self) -> str | None:
        return self.where.sheet

    @property
    def row(self) -> int | None:
        return self.where.row

    @property
    def column(self) -> str | None:
        return self.where.column

    def format(self, filename: str = "") -> str:
        """Return `シート「指標」 12行 D列: message`; a whole-file message names the file itself."""
        place = self.where.label()
        return f"{place}: {self.message}" if place else self.message


class WorkbookError(ValueError):
    """The workbook cannot be imported; `problems` lists every reason, nothing was written."""

    def __init__(self, problems: list[WorkbookProblem], filename: str = "") -> None:
        self.problems = problems
        self.filename = filename
        super().__init__("\n".join(p.format(filename) for p in problems))
