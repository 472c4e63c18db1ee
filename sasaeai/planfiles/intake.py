"""Bringing a plan in through the browser: upload, review the proposed plan, accept it.

A document (PDF or text) is read into a draft plan file whose items carry `confidence`,
`source_lines` and `unsure`; the person edits that YAML beside the source text and accepts it.
The review keys are dropped after parsing, so the line numbers of any error are the lines of the
text the person sees. Accepting imports in one transaction, through the same validator and
importer as `sasaeai import-plan`, and is audited.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from sasaeai.audit.services import record
from sasaeai.documents import DocumentError, dump_draft, read_lines, strip_review
from sasaeai.documents.extract import extract_bytes
from sasaeai.plans.models import Plan

from . import workbook
from .importer import ImportSummary, import_plan, known_organizations
from .models import ImportDraft
from .reader import PlanFileError, Problem, read
from .validate import validate

MAX_UPLOAD = 20 * 1024 * 1024  # a 100-page plan PDF is a few MB


class IntakeError(ValueError):
    """The upload cannot be read; the message is Japanese and names the file."""


def can_import(user: Any) -> bool:
    """Return whether the user may bring plans in: the secretariat (or a superuser)."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.role == user.Role.SECRETARIAT)


def start_document(user: Any, filename: str, data: bytes) -> ImportDraft:
    """Read an uploaded PDF or text into a draft to review; IntakeError when it cannot be."""
    if len(data) > MAX_UPLOAD:
        raise IntakeError(f"{filename}: ファイルが大きすぎます（20MB まで）。")
    try:
        lines = extract_bytes(data, filename)
        draft = read_lines(lines, filename)
    except DocumentError as error:
        raise IntakeError(str(error)) from None
    return ImportDraft.objects.create(
        kind=ImportDraft.Kind.DOCUMENT,
        filename=filename,
        created_by=user,
        source_lines=lines,
        text=dump_draft(draft, "yaml"),
    )


def start_workbook(user: Any, filename: str, data: bytes) -> ImportDraft:
    """Keep an uploaded workbook to check and import; IntakeError when it is not one."""
    if len(data) > MAX_UPLOAD:
        raise IntakeError(f"{filename}: ファイルが大きすぎます（20MB まで）。")
    if not data.startswith(b"PK"):
        raise IntakeError(f"{filename}: Excel ブック（.xlsx）ではありません。")
    return ImportDraft.objects.create(
        kind=ImportDraft.Kind.WORKBOOK, filename=filename, created_by=user, content=data
    )


@dataclass
class WorkbookOutcome:
    """Checking or importing a workbook: its summary, or the problems by sheet, row, column."""

    summary: workbook.WorkbookSummary | None = None
    problems: list[workbook.WorkbookProblem] = field(default_factory=list)
    plan: Plan | None = None


def check_workbook(draft: ImportDraft, *, replace: bool) -> WorkbookOutcome:
    """Say what importing the workbook would create, update and keep; nothing is written."""
    try:
        summary = workbook.import_workbook(
            bytes(draft.content), draft.filename, dry_run=True, replace=replace
        )
    except workbook.WorkbookError as error:
        return WorkbookOutcome(problems=list(error.problems))
    return WorkbookOutcome(summary=summary)


@transaction.atomic
def accept_workbook(draft: ImportDraft, *, replace: bool, user: Any) -> WorkbookOutcome:
    """Import the workbook (one transaction) and record who did it."""
    try:
        summary = workbook.import_workbook(bytes(draft.content), draft.filename, replace=replace)
    except workbook.WorkbookError as error:
        return WorkbookOutcome(problems=list(error.problems))
    plan = Plan.objects.get(slug=summary.slug, parent=None)
    draft.status, draft.plan = ImportDraft.Status.IMPORTED, plan
    draft.save(update_fields=["status", "plan", "updated_at"])
    record(
        "plan.import",
        plan,
        user=user,
        after={"file": draft.filename, "kind": draft.kind, "replace": replace},
    )
    return WorkbookOutcome(summary=summary, plan=plan)


def drafts_for(user: Any) -> Any:
    """Return the drafts the user may open: their own (a superuser's, everyone's)."""
    drafts = ImportDraft.objects.all()
    return drafts if user.is_superuser else drafts.filter(created_by=user)


@dataclass
class Outcome:
    """What checking or accepting a draft gave: a summary, or the problems found."""

    summary: ImportSummary | None = None
    problems: list[Problem] = field(default_factory=list)
    plan: Plan | None = None
    draft: Any = None  # the draft as parsed, with its review keys, for the outline


def check(draft: ImportDraft, text: str, *, replace: bool) -> Outcome:
    """Validate the edited draft and import it in a dry run (nothing is written)."""
    return _run(draft, text, replace=replace, dry_run=True)


@transaction.atomic
def accept(draft: ImportDraft, text: str, *, replace: bool, user: Any) -> Outcome:
    """Import the edited draft as a plan (one transaction) and record who did it."""
    outcome = _run(draft, text, replace=replace, dry_run=False)
    if outcome.problems:
        return outcome
    slug = outcome.draft.get("slug") if isinstance(outcome.draft, dict) else None
    outcome.plan = Plan.objects.get(slug=slug)
    draft.text, draft.status, draft.plan = text, ImportDraft.Status.IMPORTED, outcome.plan
    draft.save(update_fields=["text", "status", "plan", "updated_at"])
    record(
        "plan.import",
        outcome.plan,
        user=user,
        after={"file": draft.filename, "kind": draft.kind, "replace": replace},
    )
    return outcome


def _run(draft: ImportDraft, text: str, *, replace: bool, dry_run: bool) -> Outcome:
    name = f"{draft.filename}.yaml"
    try:
        document = read(name, text=text)
    except PlanFileError as error:
        return Outcome(problems=error.problems)
    parsed = document.data
    document.data = strip_review(parsed)  # paths, and so line numbers, stay those of `text`
    try:
        clean = validate(document, known_organizations())
        summary = import_plan(clean, replace=replace, dry_run=dry_run)
    except PlanFileError as error:
        return Outcome(problems=error.problems, draft=parsed)
    summary.warnings = [w.format(name) for w in clean.warnings]
    return Outcome(summary=summary, draft=parsed)
