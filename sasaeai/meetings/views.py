"""Staff pages of the community-meeting register (地域福祉懇談会): list, detail, create, edit,
and linking an issue to the plan node it concerns. Every view starts with registers.access."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sasaeai.accounts.models import Organization
from sasaeai.registers.access import get_for_user, require
from sasaeai.registers.models import Neighbourhood

from . import services
from .forms import IssueFormSet, MeetingForm, issue_inputs, node_choices
from .models import Meeting

PER_PAGE = 50


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


@login_required
@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings of the branches the user reads, filtered, with yearly totals."""
    scope = require(request.user)
    chosen = {
        "branch": _int(request.GET.get("branch")),
        "neighbourhood": _int(request.GET.get("neighbourhood")),
        "fiscal_year": _int(request.GET.get("fy")),
        "theme": request.GET.get("theme", "").strip(),
    }
    visible = Meeting.objects.filter(branch__in=scope.read)
    meetings = services.filtered(visible, **chosen).select_related("branch", "neighbourhood")
    # Totals come from the plain rows: a join on the issues would repeat each meeting's count.
    listed = meetings.annotate(issue_count=Count("issues")).order_by("-held_on", "-id")
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/list.html",
        {
            "page": page,
            "chosen": chosen,
            "totals": services.totals_by_year(meetings),
            "branches": scope.branches(),
            "neighbourhoods": Neighbourhood.objects.filter(branch__in=scope.read).select_related(
                "branch"
            ),
            "years": visible.order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .distinct(),
            "can_create": bool(scope.edit),
            "query": _without_page(request),
        },
    )


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting, its record and its issues; editors may link an issue to a plan node."""
    meeting = get_for_user(
        Meeting.objects.select_related("branch__parent", "neighbourhood"), request.user, pk
    )
    scope = require(request.user)
    can_edit = scope.can_edit(meeting.branch_id)
    nodes = list(services.linkable_nodes(meeting.branch)) if can_edit else []
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "issues": meeting.issues.select_related("node__plan"),
            "can_edit": can_edit,
            "node_choices": node_choices(nodes),
        },
    )


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    scope = require(request.user, "edit")
    initial = {"branch": _int(request.GET.get("branch"))}
    return _edit(request, scope.edit, None, initial=initial, issues=[])


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require(request.user, "edit")
    meeting = get_for_user(Meeting.objects.all(), request.user, pk, "edit")
    initial = {f: getattr(meeting, f) for f in services.FIELDS}
    issues = [{"text": i.text, "node": i.node_id} for i in meeting.issues.all()]
    return _edit(request, scope.edit, meeting, initial=initial, issues=issues)


def _edit(
    request: HttpRequest,
    branches: frozenset[int],
    meeting: Meeting | None,
    *,
    initial: dict[str, Any],
    issues: list[dict[str, Any]],
) -> HttpResponse:
    units = Organization.objects.filter(pk__in=branches).select_related("parent")
    nodes = {n.pk: n for n in services.linkable_nodes(*units)}
    choices = node_choices(list(nodes.values()))
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, initial=initial, branches=branches)
    formset = IssueFormSet(
        data, initial=issues, prefix="issue", form_kwargs={"node_choices": choices}
    )
    if data is not None and form.is_valid() and formset.is_valid():
        saved = _save(request, form, formset, meeting, nodes)
        if saved is not None:
            messages.success(request, _("地域福祉懇談会の記録を保存しました。"))
            return redirect("meetings:detail", pk=saved.pk)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "formset": formset, "meeting": meeting},
        status=400 if data is not None else 200,
    )


def _save(
    request: HttpRequest, form: MeetingForm, formset: Any, meeting: Meeting | None, nodes: dict
) -> Meeting | None:
    """Save through the services; put a refusal on the form's fields and return None."""
    issues = issue_inputs(formset, nodes)
    values = {f: form.cleaned_data[f] for f in services.FIELDS}
    try:
        if meeting is None:
            return services.create_meeting(user=request.user, issues=issues, **values)
        return services.update_meeting(meeting, user=request.user, issues=issues, **values)
    except services.MeetingError as exc:
        for key, message in exc.problems.items():
            form.add_error(key if key in form.fields else None, message)
        return None


@login_required
@require_POST
def issue_link(request: HttpRequest, pk: int, issue_id: int) -> HttpResponse:
    """Link an issue of the meeting to a plan node, or unlink it (an empty node)."""
    meeting = get_for_user(
        Meeting.objects.select_related("branch__parent"), request.user, pk, "edit"
    )
    issue = get_object_or_404(meeting.issues, pk=issue_id)
    node_id = _int(request.POST.get("node"))
    node = services.linkable_nodes(meeting.branch).filter(pk=node_id).first() if node_id else None
    if node_id and node is None:
        raise Http404
    services.link_issue(issue, node, user=request.user)
    if node is None:
        messages.success(request, _("課題と施策の結びつきを外しました。"))
    else:
        messages.success(
            request, _("課題を施策「%(node)s」に結びつけました。") % {"node": node.title}
        )
    return redirect("meetings:detail", pk=meeting.pk)
