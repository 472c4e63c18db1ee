"""Import a workbook through the plan-file validator and importer, keeping what it cannot hold.

The workbook holds structure, indicators and actual values. Importing it over an existing plan
carries everything else over from that plan (narratives, actions, messages, columns, footnotes
by node key; glossary, grading and progress cycles by plan; bases by organization), so a plan
edited in Excel loses nothing. Then the ordinary validator and the one-transaction importer run.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from sasaeai.accounts.models import Base
from sasaeai.plans.models import Plan

from ..exporter import export_plan
from ..importer import ImportSummary, import_plan, known_organizations
from ..reader import Document, PlanFileError, dotted
from ..shape import FIELDS
from ..validate import CleanPlan, validate
from .problems import Location, WorkbookError, WorkbookProblem
from .read import Reading, read

NODE_CONTENT = ("sections", "actions", "messages", "columns", "footnotes")
PLAN_CONTENT = ("grading", "glossary", "cycles")
KINDS = {"nodes": "施策体系の項目", "indicators": "指標", "actuals": "実績値"}
CONTENT_LABELS = {
    "sections": "文章",
    "actions": "取組",
    "messages": "市民へのメッセージ",
    "columns": "コラム",
    "footnotes": "脚注",
    "glossary": "用語",
    "cycles": "進捗報告",
    "sub_plans": "ファイルにない計画",
}


@dataclass
class Change:
    """How many of one kind of thing the import creates, updates, leaves alone and removes."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class WorkbookSummary:
    """What a workbook import did (or, with dry_run, would do); `lines()` says it in Japanese."""

    slug: str
    dry_run: bool
    existed: bool
    needs_replace: bool
    changes: dict[str, Change]
    skipped: list[Location]
    kept: dict[str, int]
    warnings: list[str]
    imported: ImportSummary

    def lines(self) -> list[str]:
        """Return the summary, one fact a line."""
        head = "確認のみ（書き込みなし）" if self.dry_run else "取り込みました"
        out = [f"{head}: {self.slug}（{'既存の計画を更新' if self.existed else '新しい計画'}）"]
        for kind, change in self.changes.items():
            out.append(
                f"  {KINDS[kind]}: 新規 {change.created}、更新 {change.updated}、"
                f"変更なし {change.unchanged}、削除 {change.removed}"
            )
        if self.skipped:
            out.append(f"  読み飛ばした行（記入例）: {len(self.skipped)}")
        if self.kept:
            kept = "、".join(f"{CONTENT_LABELS[k]} {n}" for k, n in self.kept.items())
            out.append(f"  既存の計画から引き継いだ内容: {kept}")
        if self.needs_replace:
            out.append("計画は既にあります。取り込むには置き換え（--replace）を指定してください。")
        return out


def import_workbook(
    content: bytes, filename: str, *, dry_run: bool = False, replace: bool = False
) -> WorkbookSummary:
    """Read, check and import a filled template; with dry_run, only say what would change.

    Raise WorkbookError naming every problem by sheet, row and column; nothing is written then.
    An existing plan of the same slug is updated only with `replace` (a dry run says so).
    """
    reading = read(content, filename, known_organizations())
    slug = reading.data["slug"]
    existing = Plan.objects.filter(slug=slug, parent=None).first()
    if existing is not None and not replace and not dry_run:
        message = (
            f"計画「{slug}」は既にあります。更新するには置き換え（--replace）を指定してください。"
        )
        raise WorkbookError([WorkbookProblem(Location("計画"), message)], filename)
    _check_slugs_free(reading.data, existing, filename)
    before = export_plan(existing) if existing is not None else None
    kept = carry_over(reading.data, before)
    clean = _validated(reading, filename)
    imported, after = _write(clean, slug, dry_run)
    return WorkbookSummary(
        slug=slug,
        dry_run=dry_run,
        existed=existing is not None,
        needs_replace=existing is not None and not replace,
        changes=changes(before, after),
        skipped=reading.skipped,
        kept=kept,
        warnings=[p.format(filename) for p in reading.warnings]
        + [_located(reading, p.path, p.message).format(filename) for p in clean.warnings],
        imported=imported,
    )


def _check_slugs_free(data: dict[str, Any], existing: Plan | None, filename: str) -> None:
    """Refuse slugs of other plans: importing would replace a plan the workbook is not about."""
    ours: set[str] = set()
    if existing is not None:
        family = Plan.objects.filter(pk=existing.pk) | Plan.objects.filter(parent=existing)
        ours = set(family.values_list("slug", flat=True))
    slugs = [data["slug"], *(s["slug"] for s in data["sub_plans"])]
    taken = Plan.objects.filter(slug__in=slugs).exclude(slug__in=ours).select_related("parent")
    problems = [
        WorkbookProblem(
            Location("計画"),
            f"計画の識別子「{plan.slug}」は"
            + (f"計画「{plan.parent.slug}」に含まれる計画で" if plan.parent else "別の計画で")
            + "使われています。別の識別子にしてください。",
        )
        for plan in taken
    ]
    if problems:
        raise WorkbookError(problems, filename)


# -- what the workbook cannot hold -------------------------------------------------------------


def carry_over(data: dict[str, Any], before: dict[str, Any] | None) -> dict[str, int]:
    """Copy into data what only the existing plan holds; return how much of each was kept."""
    kept: Counter[str] = Counter()
    _keep_bases(data["organizations"])
    if before is None:
        return {}
    old_plans = {p["slug"]: p for p in [before, *before["sub_plans"]]}
    for plan in [data, *data["sub_plans"]]:
        old = old_plans.pop(plan["slug"], None)
        if old is None:
            continue
        for key in PLAN_CONTENT:
            plan[key] = old[key]
            kept[key] += len(old[key]) if isinstance(old[key], list) else 0
        old_nodes = dict(_walk(old["nodes"]))
        for key, node in _walk(plan["nodes"]):
            for part in NODE_CONTENT:
                node[part] = old_nodes[key][part] if key in old_nodes else []
                kept[part] += len(node[part])
    # A sub-plan the workbook leaves out stays as it was: the importer would drop it otherwise.
    data["sub_plans"] += [p for p in old_plans.values() if p["slug"] != data["slug"]]
    kept["sub_plans"] += len(old_plans) - (data["slug"] in old_plans)
    return {k: n for k, n in kept.items() if n}


def _keep_bases(organizations: list[dict[str, Any]]) -> None:
    """Give each organization its bases from the database: the importer rewrites them."""
    fields = [k for k, _ in FIELDS["base"]]
    keys = [o["key"] for o in organizations]
    bases: dict[str, list[dict[str, Any]]] = {}
    for base in Base.objects.filter(organization__key__in=keys).select_related("organization"):
        values = {f: getattr(base, f) or None for f in fields}
        bases.setdefault(base.organization.key, []).append(values)
    for org in organizations:
        org["bases"] = bases.get(org["key"], [])


def _walk(nodes: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for node in nodes:
        found.append((node["key"], node))
        found += _walk(node.get("children", []))
    return found


# -- validate and write ------------------------------------------------------------------------


def _validated(reading: Reading, filename: str) -> CleanPlan:
    try:
        return validate(Document(reading.data, filename), known_organizations())
    except PlanFileError as exc:
        problems = [_located(reading, p.path, p.message) for p in exc.problems]
        raise WorkbookError(problems, filename) from exc


# The validator speaks of the plan file's keys; a clerk knows the sheets.
_WORDING = {
    "organizations の departments に書いてください": "組織シートの担当課に書いてください",
    "organizations に書いてください": "組織シートに書いてください",
}


def _located(reading: Reading, path: tuple[str | int, ...], message: str) -> WorkbookProblem:
    """Return a validator problem at its cell; kept content is named by its plan-file path."""
    for said, meant in _WORDING.items():
        message = message.replace(said, meant)
    end = len(path)
    while end > 0 and path[:end] not in reading.where:
        end -= 1
    where = reading.where.get(path[:end], Location())
    rest = path[end:]
    if rest and rest[0] in (*NODE_CONTENT, *PLAN_CONTENT, "sub_plans"):
        kept = f"既存の計画から引き継ぐ内容（{dotted(path)}）: {message}"
        return WorkbookProblem(Location(where.sheet, where.row), kept)
    return WorkbookProblem(where, message)


class _Rollback(Exception):
    pass


def _write(clean: CleanPlan, slug: str, dry_run: bool) -> tuple[ImportSummary, dict[str, Any]]:
    """Import in one transaction and export the result to compare; roll back on a dry run."""
    result: dict[str, Any] = {}
    try:
        with transaction.atomic():
            result["summary"] = import_plan(clean, replace=True)
            result["after"] = export_plan(Plan.objects.get(slug=slug))
            if dry_run:
                raise _Rollback
    except _Rollback:
        result["summary"].dry_run = True
    return result["summary"], result["after"]


# -- what changed ------------------------------------------------------------------------------


def changes(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Change]:
    """Return, per kind, what is new, changed, the same and gone between two plan files."""
    old, new = _items(before), _items(after)
    out = {kind: Change() for kind in KINDS}
    for (kind, key), value in new.items():
        if (kind, key) not in old:
            out[kind].created += 1
        elif old[kind, key] != value:
            out[kind].updated += 1
        else:
            out[kind].unchanged += 1
    for kind, _key in old.keys() - new.keys():
        out[kind].removed += 1
    return out


def _items(data: dict[str, Any] | None) -> dict[tuple[str, tuple[Any, ...]], Any]:
    items: dict[tuple[str, tuple[Any, ...]], Any] = {}
    if data is None:
        return items
    for plan in [data, *data["sub_plans"]]:
        slug = plan["slug"]
        for key, node in _walk(plan["nodes"]):
            items["nodes", (slug, key)] = {
                k: v for k, v in node.items() if k not in ("children", "indicators")
            }
            for indicator in node["indicators"]:
                ikey = indicator["key"]
                items["indicators", (slug, ikey)] = {
                    k: v for k, v in indicator.items() if k != "actuals"
                } | {"node": key}
                for actual in indicator["actuals"]:
                    items["actuals", (slug, ikey, actual["fiscal_year"])] = actual
    return items
