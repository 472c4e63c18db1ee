"""The measures of the community-meeting register."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Sum

from sasaeai.registers.measures import Counts, Measure, register

from .models import Meeting


def _grouped(branch_ids: Sequence[int], years: Sequence[int], value) -> Counts:  # type: ignore[no-untyped-def]
    rows = (
        Meeting.objects.filter(branch__in=branch_ids, fiscal_year__in=years)
        .values("branch", "fiscal_year")
        .annotate(n=value)
    )
    return {(row["branch"], row["fiscal_year"]): row["n"] or 0 for row in rows}


def participants_by_branch(branch_ids: Sequence[int], years: Sequence[int], params: dict) -> Counts:
    return _grouped(branch_ids, years, Sum("participants"))


def meetings_by_branch(branch_ids: Sequence[int], years: Sequence[int], params: dict) -> Counts:
    return _grouped(branch_ids, years, Count("pk"))


def records(branch_ids: Sequence[int], fy: int, params: dict):  # type: ignore[no-untyped-def]
    return (
        Meeting.objects.filter(branch__in=branch_ids, fiscal_year=fy)
        .select_related("branch", "neighbourhood")
        .order_by("held_on", "id")
    )


def _row(meeting: Meeting, people: bool) -> list[Any]:
    return [
        meeting.held_on,
        meeting.branch.short_name or meeting.branch.name,
        meeting.neighbourhood.name if meeting.neighbourhood else "",
        meeting.theme,
        meeting.participants,
        "架空" if meeting.sample else "",
    ]


HEADERS = ("開催日", "支部", "自治会・町内会", "テーマ", "参加人数", "デモ")

register(
    Measure(
        key="meetings.participants",
        label="地域福祉懇談会の参加人数（年度計）",
        unit="人",
        description="年度中に開いた地域福祉懇談会の参加人数の合計",
        by_branch=participants_by_branch,
        records=records,
        headers=HEADERS,
        row=_row,
    )
)
register(
    Measure(
        key="meetings.count",
        label="地域福祉懇談会の開催回数（年度計）",
        unit="回",
        description="年度中に開いた地域福祉懇談会の回数",
        by_branch=meetings_by_branch,
        records=records,
        headers=HEADERS,
        row=_row,
    )
)
