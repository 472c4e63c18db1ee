"""Bringing an existing plan in: upload a document, review the proposed plan, accept it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from sasaeai.planfiles import intake, workbook
from sasaeai.planfiles.models import ImportDraft
from sasaeai.plans.access import get_plan_for_user

LOW = 0.9  # below this confidence an item is shown as needing a look


def _importer(request: HttpRequest) -> None:
    """Only the secretariat brings plans in; to anyone else these pages do not exist."""
    if not intake.can_import(request.user):
        raise Http404


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    _importer(request)
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        start = (
            intake.start_workbook
            if request.POST.get("kind") == ImportDraft.Kind.WORKBOOK
            else intake.start_document
        )
        if upload is None:
            messages.error(request, "ファイルを選んでください。")
            status = 400
        else:
            try:
                draft = start(request.user, upload.name, upload.read())
            except intake.IntakeError as error:
                messages.error(request, f"読み取れません: {error} 何も作っていません。")
                status = 400
            else:
                return redirect("plans:import_review", draft_id=draft.pk)
    drafts = intake.drafts_for(request.user).filter(status=ImportDraft.Status.OPEN)
    return render(request, "imports/start.html", {"drafts": drafts[:20]}, status=status)


@login_required
def import_review(request: HttpRequest, draft_id: int) -> HttpResponse:
    _importer(request)
    try:
        draft = intake.drafts_for(request.user).get(pk=draft_id)
    except ImportDraft.DoesNotExist:
        raise Http404 from None
    action = request.POST.get("action", "check") if request.method == "POST" else ""
    if action and draft.status == ImportDraft.Status.OPEN and action == "discard":
        draft.status = ImportDraft.Status.DISCARDED
        draft.save(update_fields=["status", "updated_at"])
        messages.info(request, f"{draft.filename} の下書きを破棄しました。")
        return redirect("plans:import")
    if draft.kind == ImportDraft.Kind.WORKBOOK:
        return _workbook_review(request, draft, action)
    text, replace, outcome, status = draft.text, False, None, 200
    if action and draft.status == ImportDraft.Status.OPEN:
        text = request.POST.get("text", "")
        replace = request.POST.get("replace") == "on"
        if action == "accept":
            outcome = intake.accept(draft, text, replace=replace, user=request.user)
            if not outcome.problems and outcome.plan is not None:
                messages.success(request, f"「{outcome.plan.title}」を取り込みました。")
                return redirect("plans:detail", slug=outcome.plan.slug)
        else:
            outcome = intake.check(draft, text, replace=replace)
            draft.text = text
            draft.save(update_fields=["text", "updated_at"])
        status = 400 if outcome.problems else 200
    parsed = outcome.draft if outcome and outcome.draft is not None else _parsed(draft.text)
    items = list(_outline(parsed.get("nodes", []) if isinstance(parsed, dict) else []))
    return render(
        request,
        "imports/review.html",
        {
            "draft": draft,
            "text": text,
            "replace": replace,
            "outcome": outcome,
            "plan": parsed if isinstance(parsed, dict) else {},
            "items": items,
            "source": _source(draft.source_lines, items),
            "counts": _counts(items),
        },
        status=status,
    )


def _workbook_review(request: HttpRequest, draft: ImportDraft, action: str) -> HttpResponse:
    """A workbook is checked as soon as it is shown: what it would change, or its problems."""
    replace = request.POST.get("replace") == "on"
    if action == "accept" and draft.status == ImportDraft.Status.OPEN:
        outcome = intake.accept_workbook(draft, replace=replace, user=request.user)
        if outcome.plan is not None:
            messages.success(request, f"「{outcome.plan.title}」を取り込みました。")
            return redirect("plans:detail", slug=outcome.plan.slug)
    else:
        outcome = intake.check_workbook(draft, replace=replace)
    return render(
        request,
        "imports/workbook.html",
        {"draft": draft, "outcome": outcome, "replace": replace},
        status=400 if outcome.problems else 200,
    )


@login_required
@require_safe
def workbook_template(request: HttpRequest) -> HttpResponse:
    """The empty Excel template with its instructions, for anyone signed in to fill."""
    return _xlsx(workbook.blank_template(), "sasaeai-plan-template.xlsx")


@login_required
@require_safe
def plan_workbook(request: HttpRequest, slug: str) -> HttpResponse:
    """A plan in the same template, to correct in Excel and bring back."""
    plan = get_plan_for_user(request.user, slug)
    return _xlsx(workbook.export_workbook(plan), f"{plan.slug}.xlsx")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=workbook.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _parsed(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return {}


def _outline(nodes: list[Any], depth: int = 0) -> Any:
    """Yield (depth, kind, item) for the proposed plan's nodes and their indicators, in order."""
    for node in nodes:
        if not isinstance(node, dict):
            continue
        yield {"depth": depth, "kind": "node", "item": node, **_review(node)}
        for key in ("sections", "actions"):
            for child in node.get(key) or []:
                if isinstance(child, dict):
                    yield {"depth": depth + 1, "kind": key, "item": child, **_review(child)}
        for indicator in node.get("indicators") or []:
            if isinstance(indicator, dict):
                yield {
                    "depth": depth + 1,
                    "kind": "indicator",
                    "item": indicator,
                    **_review(indicator),
                }
        yield from _outline(node.get("children") or [], depth + 1)


def _review(item: dict[str, Any]) -> dict[str, Any]:
    confidence = item.get("confidence")
    lines = item.get("source_lines") or []
    unsure = item.get("unsure") or []
    low = bool(unsure) or (isinstance(confidence, int | float) and confidence < LOW)
    first, last = (lines + [None, None])[:2] if isinstance(lines, list) else (None, None)
    return {"confidence": confidence, "unsure": unsure, "low": low, "first": first, "last": last}


def _source(lines: list[str], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the source text's lines, those behind an unsure item marked."""
    marked: set[int] = set()
    for item in items:
        if item["low"] and isinstance(item["first"], int):
            marked.update(range(item["first"], (item["last"] or item["first"]) + 1))
    return [{"n": n, "text": t, "unsure": n in marked} for n, t in enumerate(lines, start=1)]


def _counts(items: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "nodes": sum(1 for i in items if i["kind"] == "node"),
        "indicators": sum(1 for i in items if i["kind"] == "indicator"),
        "low": sum(1 for i in items if i["low"]),
    }
