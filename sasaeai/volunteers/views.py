"""Staff pages of the volunteer centre (ボランティアセンター).

Every view starts with registers/access.py. The home page shows counts to anyone who can read
the registers (a city's staff too); every page that lists people needs the `personal` level, and
a volunteer's contact details are shown only where `can_see_contacts` reaches their branch.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from sasaeai.registers.access import RegisterScope, get_for_user, require
from sasaeai.registers.fiscal import fiscal_year_of

from . import forms, matching, services
from .models import (
    AVAILABILITY_CHOICES,
    Activity,
    ActivityTally,
    Attendance,
    Booking,
    Course,
    Request,
    Volunteer,
    VolunteerGroup,
)

PER_PAGE = 50


def _this_year() -> int:
    return fiscal_year_of(timezone.localdate())


# -- home -----------------------------------------------------------------------------------------


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Counts of the centre for the user's scope, and links to its registers."""
    scope = require(request.user)
    fy = _this_year()
    mine = {"branch__in": scope.read}
    tally = ActivityTally.objects.filter(fiscal_year=fy, **mine).aggregate(
        records=Sum("records"), people=Sum("people"), hours=Sum("hours")
    )
    counts = {
        "volunteers": Volunteer.objects.filter(ended_on__isnull=True, **mine).count(),
        "groups": VolunteerGroup.objects.filter(ended_on__isnull=True, **mine).count(),
        "open_requests": Request.objects.filter(status=Request.Status.OPEN, **mine).count(),
        "records": tally["records"] or 0,
        "people": tally["people"] or 0,
        "hours": tally["hours"] or 0,
        "courses": Course.objects.filter(held_on__gte=timezone.localdate(), **mine).count(),
    }
    context = {"counts": counts, "fy": fy, "people_ok": bool(scope.personal), "scope": scope}
    return render(request, "volunteers/home.html", context)


# -- volunteers -----------------------------------------------------------------------------------


def _filter_volunteers(queryset: QuerySet, data: dict, scope: RegisterScope) -> QuerySet:
    if data.get("q"):
        q = data["q"]
        queryset = queryset.filter(
            Q(name__icontains=q) | Q(kana__icontains=q, branch__in=scope.contacts)
        )
    for key, lookup in (("branch", "branch"), ("skill", "skills"), ("area", "areas")):
        if data.get(key):
            queryset = queryset.filter(**{lookup: data[key]})
    if data.get("slot"):
        # The slot names are distinct words, so a text match on the JSON list is exact.
        queryset = queryset.filter(availability__icontains=data["slot"])
    if data.get("insurance") == "current":
        queryset = queryset.filter(insurance_year=_this_year())
    elif data.get("insurance") == "expired":
        queryset = queryset.exclude(insurance_year=_this_year())
    state = data.get("state") or "active"
    if state == "active":
        queryset = queryset.filter(ended_on__isnull=True)
    elif state == "ended":
        queryset = queryset.filter(ended_on__isnull=False)
    return queryset.distinct()


@login_required
@require_safe
def volunteer_list(request: HttpRequest) -> HttpResponse:
    """Registered volunteers with filters; contact columns only for the branches the user may."""
    scope = require(request.user, "personal")
    form = forms.VolunteerFilter(request.GET or None, scope=scope)
    data = form.cleaned_data if form.is_valid() else {}
    volunteers = _filter_volunteers(
        Volunteer.objects.filter(branch__in=scope.personal), data, scope
    ).select_related("branch")
    page = Paginator(volunteers.prefetch_related("skills"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [_volunteer_row(v, scope) for v in page]
    return render(
        request,
        "volunteers/volunteer_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "contacts": any(r["contacts"] for r in rows),
            "can_create": bool(scope.edit),
            "query": _query_without_page(request),
        },
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _volunteer_row(volunteer: Volunteer, scope: RegisterScope) -> dict:
    return {
        "volunteer": volunteer,
        "contacts": scope.can_see_contacts(volunteer.branch_id),
        "insured": volunteer.insurance_year == _this_year(),
    }


@login_required
@require_safe
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One volunteer: skills, areas, availability, groups, bookings, training taken (受講歴)."""
    scope = require(request.user, "personal")
    volunteer = get_for_user(
        Volunteer.objects.select_related("branch").prefetch_related("skills", "areas", "groups"),
        request.user,
        pk,
        "personal",
    )
    row = _volunteer_row(volunteer, scope)
    chosen = set(volunteer.availability or [])
    grid = forms.AvailabilityGrid().get_context("availability", sorted(chosen), {})
    return render(
        request,
        "volunteers/volunteer_detail.html",
        {
            **row,
            "grid": grid,
            "can_edit": scope.can_edit(volunteer.branch_id),
            "bookings": volunteer.bookings.select_related("request").order_by(
                "-request__starts_at"
            )[:20],
            "trainings": volunteer.attendances.select_related("course").order_by(
                "-course__held_on"
            ),
            "activities": volunteer.activities.order_by("-date")[:20],
        },
    )


@login_required
def volunteer_create(request: HttpRequest) -> HttpResponse:
    scope = require(request.user, "edit")
    return _volunteer_form(request, scope, Volunteer(), contacts=bool(scope.contacts & scope.edit))


@login_required
def volunteer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require(request.user, "edit")
    volunteer = get_for_user(Volunteer.objects.all(), request.user, pk, "edit")
    contacts = scope.can_see_contacts(volunteer.branch_id)
    return _volunteer_form(request, scope, volunteer, contacts=contacts)


def _volunteer_form(
    request: HttpRequest, scope: RegisterScope, volunteer: Volunteer, *, contacts: bool
) -> HttpResponse:
    form = forms.VolunteerForm(
        request.POST or None, instance=volunteer, scope=scope, contacts=contacts
    )
    if request.method == "POST" and form.is_valid():
        saved = services.save(form, user=request.user)
        messages.success(request, f"{saved}さんの登録を保存しました。")
        return redirect("volunteers:volunteer_detail", pk=saved.pk)
    title = "ボランティアの編集" if volunteer.pk else "ボランティアの登録"
    return _form_page(request, form, title, volunteer if volunteer.pk else None)


def _form_page(request: HttpRequest, form, title: str, obj=None, note: str = "") -> HttpResponse:  # type: ignore[no-untyped-def]
    return render(
        request,
        "volunteers/form.html",
        {"form": form, "title": title, "object": obj, "note": note},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def volunteer_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a volunteer's registration today."""
    volunteer = get_for_user(Volunteer.objects.all(), request.user, pk, "edit")
    if volunteer.ended_on is None:
        services.end_volunteer(volunteer, user=request.user)
        messages.success(request, f"{volunteer}さんの登録を終了しました。")
    return redirect("volunteers:volunteer_detail", pk=pk)


# -- groups ---------------------------------------------------------------------------------------


@login_required
@require_safe
def group_list(request: HttpRequest) -> HttpResponse:
    scope = require(request.user, "personal")
    groups = (
        VolunteerGroup.objects.filter(branch__in=scope.personal)
        .select_related("branch")
        .annotate(registered=Count("volunteers", distinct=True))
        .order_by("name", "pk")
    )
    return render(
        request,
        "volunteers/group_list.html",
        {"groups": groups, "can_create": bool(scope.edit)},
    )


@login_required
@require_safe
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require(request.user, "personal")
    group = get_for_user(
        VolunteerGroup.objects.select_related("branch"), request.user, pk, "personal"
    )
    return render(
        request,
        "volunteers/group_detail.html",
        {
            "group": group,
            "members": group.volunteers.filter(ended_on__isnull=True),
            "can_edit": scope.can_edit(group.branch_id),
        },
    )


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    return _group_form(request, None)


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _group_form(request, pk)


def _group_form(request: HttpRequest, pk: int | None) -> HttpResponse:
    scope = require(request.user, "edit")
    group = (
        get_for_user(VolunteerGroup.objects.all(), request.user, pk, "edit")
        if pk
        else VolunteerGroup()
    )
    form = forms.GroupForm(request.POST or None, instance=group, scope=scope)
    if request.method == "POST" and form.is_valid():
        saved = services.save(form, user=request.user)
        messages.success(request, f"{saved}を保存しました。")
        return redirect("volunteers:group_detail", pk=saved.pk)
    return _form_page(request, form, "グループの編集" if pk else "グループの登録", group)


# -- requests and matching ------------------------------------------------------------------------


@login_required
@require_safe
def request_list(request: HttpRequest) -> HttpResponse:
    scope = require(request.user, "personal")
    status = request.GET.get("status", "")
    rows = (
        Request.objects.filter(branch__in=scope.personal)
        .select_related("branch", "area")
        .annotate(confirmed=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED)))
        .order_by("-starts_at", "pk")
    )
    if status in Request.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteers/request_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Request.Status.choices,
            "can_create": bool(scope.edit),
        },
    )


@login_required
@require_safe
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A request with its bookings and, while it is open, the suggested volunteers."""
    scope = require(request.user, "personal")
    req = get_for_user(
        Request.objects.select_related("branch", "area").prefetch_related("skills"),
        request.user,
        pk,
        "personal",
    )
    can_edit = scope.can_edit(req.branch_id)
    bookings = req.bookings.select_related("volunteer").order_by("pk")
    live = req.status in (Request.Status.OPEN, Request.Status.MATCHED)
    suggestions = matching.suggest(req, scope.edit) if can_edit and live else []
    return render(
        request,
        "volunteers/request_detail.html",
        {
            "req": req,
            "bookings": bookings,
            "confirmed": sum(b.status == Booking.Status.CONFIRMED for b in bookings),
            "suggestions": suggestions,
            "can_edit": can_edit,
            "live": live,
            "can_record": req.status in (Request.Status.MATCHED, Request.Status.DONE)
            and not req.activities.exists(),
            "slot": dict(AVAILABILITY_CHOICES)[matching.slot_of(req.starts_at)],
        },
    )


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    return _request_form(request, None)


@login_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_form(request, pk)


def _request_form(request: HttpRequest, pk: int | None) -> HttpResponse:
    scope = require(request.user, "edit")
    req = get_for_user(Request.objects.all(), request.user, pk, "edit") if pk else Request()
    form = forms.RequestForm(request.POST or None, instance=req, scope=scope)
    if request.method == "POST" and form.is_valid():
        saved = services.save(form, user=request.user)
        messages.success(request, "依頼を保存しました。")
        return redirect("volunteers:request_detail", pk=saved.pk)
    return _form_page(request, form, "依頼の編集" if pk else "依頼の登録", req)


@login_required
@require_POST
def request_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a volunteer forward for a request (打診)."""
    req = get_for_user(Request.objects.all(), request.user, pk, "edit")
    volunteer = get_for_user(
        Volunteer.objects.all(), request.user, _int(request.POST.get("volunteer")), "edit"
    )
    services.propose(req, volunteer, user=request.user)
    messages.success(request, f"{volunteer}さんに打診中としました。")
    return redirect("volunteers:request_detail", pk=pk)


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise Http404 from None


def _booking_for(request: HttpRequest, pk: int) -> Booking:
    """Return a booking whose request the user may edit, else raise Http404."""
    booking = Booking.objects.select_related("request", "volunteer").filter(pk=pk).first()
    if booking is None:
        raise Http404
    get_for_user(Request.objects.all(), request.user, booking.request_id, "edit")
    return booking


@login_required
@require_POST
def booking_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_for(request, pk)
    try:
        services.confirm(booking, user=request.user)
    except services.BookingRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{booking.volunteer}さんを決定しました。")
    return redirect("volunteers:request_detail", pk=booking.request_id)


@login_required
@require_POST
def booking_decline(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_for(request, pk)
    services.decline(booking, user=request.user)
    messages.success(request, f"{booking.volunteer}さんを辞退としました。")
    return redirect("volunteers:request_detail", pk=booking.request_id)


@login_required
@require_POST
def request_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a 決定 request 実施済 and record the activity of each confirmed volunteer."""
    req = get_for_user(Request.objects.all(), request.user, pk, "edit")
    try:
        created = services.record_done(req, user=request.user)
    except services.BookingRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"実施済とし、活動記録を{len(created)}件追加しました。")
    return redirect("volunteers:request_detail", pk=pk)


# -- activities -----------------------------------------------------------------------------------


@login_required
@require_safe
def activity_list(request: HttpRequest) -> HttpResponse:
    """Activity records of a fiscal year, optionally one branch, with their totals."""
    scope = require(request.user, "personal")
    fy = _int(request.GET.get("fy")) if request.GET.get("fy") else _this_year()
    units = scope.branches().filter(pk__in=scope.personal)
    branch = _int(request.GET.get("branch")) if request.GET.get("branch") else None
    rows = Activity.objects.filter(branch__in=scope.personal, fiscal_year=fy)
    if branch:
        rows = rows.filter(branch=branch)
    totals = rows.aggregate(records=Count("pk"), people=Sum("people"), hours=Sum("hours"))
    page = Paginator(
        rows.select_related("branch", "volunteer", "group", "request"), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteers/activity_list.html",
        {
            "page": page,
            "totals": totals,
            "fy": fy,
            "years": range(_this_year(), _this_year() - 10, -1),
            "units": units,
            "branch": branch,
            "can_create": bool(scope.edit),
            "query": _query_without_page(request),
        },
    )


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    return _activity_form(request, None)


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_form(request, pk)


def _activity_form(request: HttpRequest, pk: int | None) -> HttpResponse:
    scope = require(request.user, "edit")
    activity = get_for_user(Activity.objects.all(), request.user, pk, "edit") if pk else Activity()
    form = forms.ActivityForm(request.POST or None, instance=activity, scope=scope)
    if request.method == "POST" and form.is_valid():
        saved = services.save(form, user=request.user)
        messages.success(request, "活動記録を保存しました。")
        return redirect(f"{_url('activity_list')}?fy={saved.fiscal_year}")
    return _form_page(request, form, "活動記録の編集" if pk else "活動記録の追加", activity)


def _url(name: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    return reverse(f"volunteers:{name}", kwargs=kwargs or None)


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user(Activity.objects.all(), request.user, pk, "edit")
    fy = activity.fiscal_year
    services.delete_activity(activity, user=request.user)
    messages.success(request, "活動記録を削除しました。")
    return redirect(f"{_url('activity_list')}?fy={fy}")


# -- courses --------------------------------------------------------------------------------------


@login_required
@require_safe
def course_list(request: HttpRequest) -> HttpResponse:
    scope = require(request.user, "personal")
    courses = (
        Course.objects.filter(branch__in=scope.personal)
        .select_related("branch")
        .annotate(
            attendees=Count("attendances"),
            completed=Count("attendances", filter=Q(attendances__completed=True)),
        )
        .order_by("-held_on", "pk")
    )
    page = Paginator(courses, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "volunteers/course_list.html", {"page": page, "can_create": bool(scope.edit)}
    )


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A course and its attendance list, with the form to add an attendee."""
    scope = require(request.user, "personal")
    course = get_for_user(Course.objects.select_related("branch"), request.user, pk, "personal")
    can_edit = scope.can_edit(course.branch_id)
    form = forms.AttendanceForm(request.POST or None, scope=scope)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            services.add_attendance(course, user=request.user, **form.cleaned_data)
            messages.success(request, "受講者を追加しました。")
            return redirect("volunteers:course_detail", pk=pk)
    attendances = course.attendances.select_related("volunteer")
    return render(
        request,
        "volunteers/course_detail.html",
        {"course": course, "attendances": attendances, "form": form, "can_edit": can_edit},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    return _course_form(request, None)


@login_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _course_form(request, pk)


def _course_form(request: HttpRequest, pk: int | None) -> HttpResponse:
    scope = require(request.user, "edit")
    course = get_for_user(Course.objects.all(), request.user, pk, "edit") if pk else Course()
    form = forms.CourseForm(request.POST or None, instance=course, scope=scope)
    if request.method == "POST" and form.is_valid():
        saved = services.save(form, user=request.user)
        messages.success(request, "講座を保存しました。")
        return redirect("volunteers:course_detail", pk=saved.pk)
    return _form_page(request, form, "講座の編集" if pk else "講座の登録", course)


@login_required
@require_POST
def attendance_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = Attendance.objects.filter(pk=pk).first()
    if attendance is None:
        raise Http404
    get_for_user(Course.objects.all(), request.user, attendance.course_id, "edit")
    services.remove_attendance(attendance, user=request.user)
    messages.success(request, "受講者を削除しました。")
    return redirect("volunteers:course_detail", pk=attendance.course_id)
