"""The measures of the volunteer centre: participants, active volunteers, course attendees."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Count

from sasaeai.registers.measures import Counts, Measure, Param, cumulative, register

from . import tallies  # noqa: F401  (connects the signals that keep the tallies)
from .models import Activity, ActivityTally, Attendance, Course, VolunteerYear


def _tallied(field: str):  # type: ignore[no-untyped-def]
    def by_branch(branch_ids: Sequence[int], years: Sequence[int], params: dict) -> Counts:
        rows = ActivityTally.objects.filter(branch__in=branch_ids, fiscal_year__in=years)
        return {(b, fy): int(v) for b, fy, v in rows.values_list("branch", "fiscal_year", field)}

    return by_branch


def active_volunteer_totals(branch_ids: Sequence[int], years: Sequence[int], params: dict):  # type: ignore[no-untyped-def]
    """Count each volunteer once per year, however many branches they were active in."""
    rows = (
        VolunteerYear.objects.filter(branch__in=branch_ids, fiscal_year__in=years)
        .values("fiscal_year")
        .annotate(n=Count("volunteer", distinct=True))
    )
    counted = {row["fiscal_year"]: row["n"] for row in rows}
    return {fy: counted.get(fy, 0) for fy in years}


def activity_records(branch_ids: Sequence[int], fy: int, params: dict):  # type: ignore[no-untyped-def]
    return (
        Activity.objects.filter(branch__in=branch_ids, fiscal_year=fy)
        .select_related("branch", "volunteer", "group")
        .order_by("date", "id")
    )


def _activity_row(activity: Activity, people: bool) -> list[Any]:
    who = activity.group.name if activity.group else ""
    if activity.volunteer and people:
        who = activity.volunteer.name
    elif activity.volunteer:
        who = "（個人）"
    return [
        activity.date,
        activity.branch.short_name or activity.branch.name,
        who,
        activity.description,
        activity.hours,
        activity.people,
        "架空" if activity.sample else "",
    ]


ACTIVITY_HEADERS = (
    "活動日",
    "支部",
    "ボランティア・グループ",
    "活動内容",
    "時間",
    "参加人数",
    "デモ",
)

register(
    Measure(
        key="volunteers.participants",
        label="ボランティア活動の参加者数（年度計・延べ）",
        unit="人",
        description="年度中の活動記録の参加人数の合計（延べ人数）",
        by_branch=_tallied("people"),
        records=activity_records,
        headers=ACTIVITY_HEADERS,
        row=_activity_row,
        names_people=True,
    )
)
register(
    Measure(
        key="volunteers.active",
        label="活動したボランティアの実人数（年度）",
        unit="人",
        description="年度中に一度以上活動記録のある登録ボランティアの実人数",
        by_branch=_tallied("volunteers"),
        total=active_volunteer_totals,
        records=activity_records,
        headers=ACTIVITY_HEADERS,
        row=_activity_row,
        names_people=True,
    )
)


def _courses(branch_ids: Sequence[int], params: dict):  # type: ignore[no-untyped-def]
    courses = Course.objects.filter(branch__in=branch_ids)
    return courses.filter(kind=params["course_kind"]) if params.get("course_kind") else courses


def _attendances(branch_ids: Sequence[int], params: dict):  # type: ignore[no-untyped-def]
    attendances = Attendance.objects.filter(course__in=_courses(branch_ids, params))
    return attendances.filter(completed=True) if params.get("completed_only") else attendances


def attendees_by_branch(branch_ids: Sequence[int], years: Sequence[int], params: dict) -> Counts:
    """Count attendances per branch and fiscal year (never cumulated: see attendee_totals)."""
    rows = (
        _attendances(branch_ids, params)
        .filter(course__fiscal_year__in=list(years))
        .values("course__branch", "course__fiscal_year")
        .annotate(n=Count("pk"))
    )
    return {(r["course__branch"], r["course__fiscal_year"]): r["n"] for r in rows}


def attendee_totals(branch_ids: Sequence[int], years: Sequence[int], params: dict):  # type: ignore[no-untyped-def]
    """Total attendances per year; with `cumulative`, running totals from `since` plus `base`."""
    if not params.get("cumulative"):
        per = attendees_by_branch(branch_ids, years, params)
        return {fy: sum(n for (_, y), n in per.items() if y == fy) for fy in years}
    since = int(params.get("since") or min(years, default=0))
    span = range(since, max(years, default=since) + 1)
    per = attendees_by_branch(branch_ids, span, params)
    per_year = {fy: sum(n for (_, y), n in per.items() if y == fy) for fy in span}
    return cumulative(per_year, years, since, int(params.get("base") or 0))


def attendance_records(branch_ids: Sequence[int], fy: int, params: dict):  # type: ignore[no-untyped-def]
    attendances = _attendances(branch_ids, params)
    if params.get("cumulative"):
        since = int(params.get("since") or 0)
        attendances = attendances.filter(
            course__fiscal_year__gte=since, course__fiscal_year__lte=fy
        )
    else:
        attendances = attendances.filter(course__fiscal_year=fy)
    return attendances.select_related("course", "course__branch", "volunteer").order_by(
        "course__held_on", "id"
    )


def _attendance_row(attendance: Attendance, people: bool) -> list[Any]:
    course = attendance.course
    return [
        course.held_on,
        course.branch.short_name or course.branch.name,
        course.title,
        (attendance.name or str(attendance.volunteer or "")) if people else "（受講者）",
        "修了" if attendance.completed else "",
        "架空" if course.sample else "",
    ]


register(
    Measure(
        key="volunteers.attendees",
        label="講座の受講者数",
        unit="人",
        description="講座の受講者の数",
        by_branch=attendees_by_branch,
        total=attendee_totals,
        records=attendance_records,
        headers=("開催日", "支部", "講座名", "受講者", "修了", "デモ"),
        row=_attendance_row,
        names_people=True,
        sample_field="course__sample",
        params=(
            Param("course_kind", "講座の種類", Course.Kind.choices),
            Param("completed_only", "修了者のみ", kind=bool),
            Param("cumulative", "累計", kind=bool),
            Param("since", "累計の起点年度", kind=int),
            Param("base", "起点より前からの累計（登録簿にない分）", kind=int),
        ),
    )
)
