"""Staff pages of the yearly cycle: open, dashboard, entry form, review, confirm, 確定版."""

from collections import Counter, OrderedDict
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from sasaeai.audit.services import history
from sasaeai.plans.access import get_plan_for_user
from sasaeai.plans.models import Plan
from sasaeai.progress import access, services
from sasaeai.progress.models import ConfirmedVersion, Cycle, Entry
from sasaeai.registers.bindings import proposed_values
from sasaeai.reports.views import menu as report_menu

STATUS_COLUMNS = ["not_started", *Entry.Status.values]
STATUS_LABELS = {"not_started": _("未着手"), **dict(Entry.Status.choices)}
SELF_RATINGS = ["A 計画どおり進んでいる", "B 概ね計画どおり", "C 遅れている", "D 未着手・休止"]


@login_required
def cycle_list(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_for_user(request.user, slug)
    if request.method == "POST":
        return _open_cycle(request, plan)
    return render(
        request,
        "progress/cycle_list.html",
        {
            "plan": plan,
            "cycles": plan.cycles.order_by("-fiscal_year", "order"),
            "can_open": access.manages(request.user, plan),
        },
    )


def _open_cycle(request: HttpRequest, plan: Plan) -> HttpResponse:
    try:
        year = int(request.POST.get("fiscal_year", ""))
        deadline = (
            date.fromisoformat(request.POST["deadline"]) if request.POST.get("deadline") else None
        )
        services.open_cycle(plan, fiscal_year=year, deadline=deadline, user=request.user)
    except access.Forbidden:
        raise PermissionDenied from None
    except (ValueError, services.WorkflowError) as exc:
        messages.error(request, f"開始できません: {exc}")
        return redirect("plans:cycles", slug=plan.slug)
    return redirect("plans:cycle", slug=plan.slug, fy=year)


def _cycle(request: HttpRequest, slug: str, fy: int) -> tuple[Plan, Cycle]:
    plan = get_plan_for_user(request.user, slug)
    cycle = plan.cycles.filter(fiscal_year=fy).first()
    if cycle is None:
        raise Http404
    return plan, cycle


@login_required
@require_safe
def cycle_dashboard(request: HttpRequest, slug: str, fy: int) -> HttpResponse:
    plan, cycle = _cycle(request, slug, fy)
    entries = list(
        access.visible_entries(request.user)
        .filter(cycle=cycle)
        .select_related("node", "action", "organization", "department")
        .order_by("order")
    )
    return render(
        request,
        "progress/cycle_dashboard.html",
        {
            "plan": plan,
            "cycle": cycle,
            "entries": entries,
            "rows": _status_rows(entries),
            "columns": [STATUS_LABELS[c] for c in STATUS_COLUMNS],
            "manages": access.manages(request.user, plan),
            "confirms": access.confirms(request.user, cycle),
            "versions": cycle.versions.all(),
            "submitted": [e for e in entries if e.status == Entry.Status.SUBMITTED],
            # Counted over the whole cycle: the chair sees only accepted entries, yet must know
            # how many are still missing before confirming.
            "waiting": cycle.entries.exclude(
                status__in=[Entry.Status.ACCEPTED, Entry.Status.CONFIRMED]
            ).count(),
            **report_menu(plan, fiscal_year=fy, kinds=("progress", "indicators")),
        },
    )


def _status_rows(entries: list[Entry]) -> list[dict]:
    """Return one row per department: counts by status, 未着手 split from 入力中, late ones."""
    groups: OrderedDict[str, list[Entry]] = OrderedDict()
    for entry in entries:
        groups.setdefault(entry.responsible_label, []).append(entry)
    rows = []
    for label, items in groups.items():
        counts = Counter(_status_key(e) for e in items)
        rows.append(
            {
                "label": label,
                "counts": [counts.get(c, 0) for c in STATUS_COLUMNS],
                "late": sum(e.late for e in items),
                "total": len(items),
            }
        )
    return rows


def _status_key(entry: Entry) -> str:
    if entry.status == Entry.Status.DRAFT and not entry.started:
        return "not_started"
    return entry.status


@login_required
@require_POST
def cycle_accept(request: HttpRequest, slug: str, fy: int) -> HttpResponse:
    plan, cycle = _cycle(request, slug, fy)
    if not access.manages(request.user, plan):
        raise PermissionDenied
    chosen = request.POST.getlist("entry")
    entries = cycle.entries.filter(status=Entry.Status.SUBMITTED)
    if chosen:
        entries = entries.filter(pk__in=[int(c) for c in chosen if c.isdigit()])
    done = services.accept_many(list(entries), user=request.user)
    messages.success(request, f"{done}件を受理しました。")
    return redirect("plans:cycle", slug=slug, fy=fy)


@login_required
@require_POST
def cycle_remind(request: HttpRequest, slug: str, fy: int) -> HttpResponse:
    _plan, cycle = _cycle(request, slug, fy)
    try:
        sent = services.send_reminders(cycle, user=request.user)
    except access.Forbidden:
        raise PermissionDenied from None
    messages.success(request, f"{sent}人に入力のお願いを送りました。")
    return redirect("plans:cycle", slug=slug, fy=fy)


@login_required
@require_POST
def cycle_confirm(request: HttpRequest, slug: str, fy: int) -> HttpResponse:
    _plan, cycle = _cycle(request, slug, fy)
    try:
        version = services.confirm_cycle(
            cycle, user=request.user, committee=request.POST.get("committee", "")
        )
    except access.Forbidden:
        raise PermissionDenied from None
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("plans:cycle", slug=slug, fy=fy)
    messages.success(request, f"確定しました（第{version.number}版）。")
    return redirect("plans:cycle_version", slug=slug, fy=fy, number=version.number)


@login_required
@require_safe
def cycle_version(request: HttpRequest, slug: str, fy: int, number: int) -> HttpResponse:
    plan, cycle = _cycle(request, slug, fy)
    version = ConfirmedVersion.objects.filter(cycle=cycle, number=number).first()
    if version is None:
        raise Http404
    grouped: OrderedDict[str, list[dict]] = OrderedDict()
    for entry in version.content["entries"]:
        grouped.setdefault(f"{entry['node']} {entry['node_title']}", []).append(entry)
    return render(
        request,
        "progress/cycle_version.html",
        {
            "plan": plan,
            "cycle": cycle,
            "version": version,
            "grouped": grouped,
        },
    )


# -- one entry ----------------------------------------------------------------------------------


def _entry(request: HttpRequest, slug: str, entry_id: int) -> Entry:
    entry = access.get_entry_for_user(request.user, entry_id)
    if entry.cycle.plan.slug != slug:
        raise Http404
    return entry


@login_required
def entry_detail(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    entry = _entry(request, slug, entry_id)
    if request.method == "POST":
        return _save(request, entry)
    return _render_entry(request, entry)


def _render_entry(
    request: HttpRequest,
    entry: Entry,
    *,
    problems: dict | None = None,
    conflict: services.Conflict | None = None,
    status: int = 200,
) -> HttpResponse:
    slots = list(entry.value_slots.select_related("indicator"))
    fy = entry.cycle.fiscal_year
    # 集計値 of bound indicators, offered beside the input while the entry is being written.
    proposals = proposed_values([s.indicator for s in slots], fy) if fy and slots else {}
    return render(
        request,
        "progress/entry_detail.html",
        {
            "plan": entry.cycle.plan,
            "cycle": entry.cycle,
            "entry": entry,
            "slots": [
                (
                    s,
                    services.last_confirmed_value(s.indicator, entry.cycle.fiscal_year),
                    proposals.get(s.indicator_id),
                )
                for s in slots
            ],
            "previous": previous_entry(entry),
            "writes": access.writes(request.user, entry),
            "reviews": access.reviews(request.user, entry),
            "comments_allowed": access.comments(request.user, entry),
            "comments": entry.comments.select_related("author"),
            "events": history(entry)[:50],
            "problems": problems or {},
            "conflict": conflict,
            "self_ratings": SELF_RATINGS,
        },
        status=status,
    )


def previous_entry(entry: Entry) -> Entry | None:
    """Return last year's confirmed entry for the same node, action and department."""
    if entry.cycle.fiscal_year is None:
        return None
    return (
        Entry.objects.filter(
            cycle__plan=entry.cycle.plan,
            cycle__fiscal_year=entry.cycle.fiscal_year - 1,
            node=entry.node,
            action=entry.action,
            department=entry.department,
            organization=entry.organization,
            status=Entry.Status.CONFIRMED,
        )
        .prefetch_related("value_slots")
        .first()
    )


def _save(request: HttpRequest, entry: Entry) -> HttpResponse:
    wants_json = "application/json" in request.headers.get("Accept", "")
    texts = {f: request.POST.get(f, "") for f in services.TEXT_FIELDS if f in request.POST}
    values = {
        s.indicator_id: {
            "value": request.POST.get(f"value-{s.indicator_id}", ""),
            "note": request.POST.get(f"note-{s.indicator_id}", ""),
            "method_changed": request.POST.get(f"method-{s.indicator_id}") == "on",
        }
        for s in entry.value_slots.all()
        if f"value-{s.indicator_id}" in request.POST
    }
    try:
        entry = services.save_entry(
            entry,
            user=request.user,
            texts=texts,
            values=values,
            version=int(request.POST.get("version", "0")),
        )
    except access.Forbidden:
        raise PermissionDenied from None
    except services.Conflict as exc:
        if wants_json:
            return JsonResponse({"error": "conflict", "version": exc.entry.version}, status=409)
        return _render_entry(request, exc.entry, conflict=exc, status=409)
    except services.WorkflowError as exc:
        if wants_json:
            return JsonResponse({"error": "invalid", "problems": exc.problems}, status=400)
        return _render_entry(request, entry, problems=exc.problems, status=400)
    if wants_json:
        return JsonResponse({"version": entry.version, "saved_at": entry.updated_at.isoformat()})
    if request.POST.get("then") == "submit":
        return entry_transition(request, entry.cycle.plan.slug, entry.pk, "submit")
    messages.success(request, "保存しました。")
    return redirect("plans:entry", slug=entry.cycle.plan.slug, entry_id=entry.pk)


TRANSITIONS = {
    "submit": lambda e, u, p: services.submit(e, user=u),
    "return": lambda e, u, p: services.return_entry(e, user=u, reason=p.get("reason", "")),
    "accept": lambda e, u, p: services.accept(e, user=u),
    "reopen": lambda e, u, p: services.reopen(e, user=u, reason=p.get("reason", "")),
    "comment": lambda e, u, p: services.comment(e, user=u, text=p.get("text", "")),
}
DONE = {
    "submit": "提出しました。",
    "return": "差し戻しました。",
    "accept": "受理しました。",
    "reopen": "訂正のために再開しました。",
    "comment": "コメントを書きました。",
}


@login_required
@require_POST
def entry_transition(request: HttpRequest, slug: str, entry_id: int, action: str) -> HttpResponse:
    entry = _entry(request, slug, entry_id)
    if action not in TRANSITIONS:
        raise Http404
    try:
        TRANSITIONS[action](entry, request.user, request.POST)
    except access.Forbidden:
        raise PermissionDenied from None
    except services.WorkflowError as exc:
        entry.refresh_from_db()
        return _render_entry(request, entry, problems=exc.problems, status=400)
    messages.success(request, DONE[action])
    return redirect("plans:entry", slug=slug, entry_id=entry.pk)
