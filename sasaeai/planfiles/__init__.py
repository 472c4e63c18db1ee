"""Plan files (docs/plan-file.md): read, check, import and export a whole plan."""

from typing import TYPE_CHECKING

from .reader import PlanFileError, read

if TYPE_CHECKING:
    from .importer import ImportSummary


def load(
    path_or_name: str, *, text: str | None = None, replace: bool = False, dry_run: bool = False
) -> "ImportSummary":
    """Read, check and import a plan file; return the import summary.

    Raise PlanFileError naming every problem; nothing is written then.
    """
    from .importer import import_plan, known_organizations
    from .validate import validate

    clean = validate(read(path_or_name, text=text), known_organizations())
    summary = import_plan(clean, replace=replace, dry_run=dry_run)
    summary.warnings = [w.format(path_or_name) for w in clean.warnings]
    return summary


__all__ = ["PlanFileError", "load", "read"]
