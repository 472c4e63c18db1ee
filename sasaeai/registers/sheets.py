"""Each register as a sheet: its Japanese columns and how its rows are read and written.

The engine is registers/tabular.py; `REGISTERS` lists the registers in the order an import
writes them (neighbourhoods before the places and meetings that name them, volunteers and
groups before the activities that refer to them, courses before their attendees).
"""

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sasaeai.meetings.models import Meeting, MeetingIssue
from sasaeai.places import schedule as words
from sasaeai.places.models import GatheringPlace, Schedule
from sasaeai.places.services import write_schedules
from sasaeai.registers.fiscal import fiscal_year_of
from sasaeai.registers.models import Neighbourhood
from sasaeai.volunteers import tallies
from sasaeai.volunteers.models import (
    AVAILABILITY_CHOICES,
    Activity,
    Attendance,
    Course,
    Request,
    Skill,
    Volunteer,
    VolunteerGroup,
)

from .access import RegisterScope
from .tabular import (
    BRANCH,
    ID,
    SAMPLE,
    CellError,
    Column,
    Lookup,
    Pending,
    Register,
    choice,
    parse_bool,
    parse_branch,
    parse_branches,
    parse_date,
    parse_datetime,
    parse_decimal,
    parse_email,
    parse_int,
    parse_lines,
    parse_list,
    show_branch,
    show_branches,
    show_choice,
    show_lines,
)


def _id() -> Column:
    return Column(
        ID, "id", parse_int, help="空欄なら新しい行。書き出したファイルの ID は変えないでください。"
    )


def _branch() -> Column:
    return Column(BRANCH, "branch", parse_branch, show_branch, required=True, help="支部名か略称。")


def _sample() -> Column:
    return Column(SAMPLE, "sample", parse_bool, help="架空のデモ値なら ○。")


def _choice(header: str, key: str, choices: Sequence[tuple[str, str]], **kw: Any) -> Column:
    labels = "・".join(label for _, label in choices)
    return Column(
        header, key, choice(choices), show_choice(choices), help=f"{labels} のいずれか。", **kw
    )


def _date(header: str, key: str, **kw: Any) -> Column:
    return Column(header, key, parse_date, help="例：2024-05-01、令和6年5月1日。", **kw)


def _fiscal_year() -> Column:
    return Column("年度", "fiscal_year", parse_int, readonly=True, help="日付から決まります。")


# -- 自治会・町内会 ---------------------------------------------------------------------------


class Neighbourhoods(Register):
    key, title, model, action = (
        "neighbourhoods",
        "自治会・町内会",
        Neighbourhood,
        "neighbourhoods.import",
    )
    columns = (
        _id(),
        _branch(),
        Column("名称", "name", required=True),
        _choice("種別", "kind", Neighbourhood.Kind.choices),
        Column("世帯数", "households", parse_int),
        Column("表示順", "order", parse_int),
        Column("備考", "note"),
        _sample(),
    )


def _neighbourhood_problem(
    values: dict[str, Any], obj: Any, lookup: Lookup
) -> list[tuple[str, str]]:
    """Check that a named neighbourhood is one of the row's branch."""
    name = values.get("neighbourhood")
    if not name:
        return []
    branch = values.get("branch", obj.branch_id if obj else None)
    if _neighbourhood_id(branch, name) is None:
        return [("neighbourhood", f"「{name}」はこの支部の自治会・町内会にありません。")]
    return []


def _neighbourhood_id(branch_id: int | None, name: str) -> int | None:
    found = Neighbourhood.objects.filter(branch_id=branch_id, name=name).values_list(
        "pk", flat=True
    )
    return found.first()


def _neighbourhood_name(obj: Any) -> str:
    return obj.neighbourhood.name if obj.neighbourhood_id else ""


# -- 集いの場 ---------------------------------------------------------------------------------


def parse_schedules(cell: Any, lookup: Lookup) -> tuple[str, ...]:
    """Return each line's schedule as schedule.py writes it (「毎月第2・第4火曜 10:00–12:00」).

    A line that does not read is kept as it is here and refused by `Places.check` only if the
    cell changed: a stored schedule that no longer holds together comes back unchanged.
    """
    return tuple(_schedule_text(line) for line in parse_lines(cell, lookup))


def _schedule_text(line: str) -> str:
    try:
        return words.render(words.parse(line))
    except words.ScheduleError:
        return line


def _schedule_problems(lines: tuple[str, ...]) -> list[tuple[str, str]]:
    problems = []
    for line in lines:
        try:
            words.parse(line)
        except words.ScheduleError as error:
            problems.append(("schedules", f"「{line}」: {error}"))
    return problems


class Places(Register):
    key, title, model, action = "places", "集いの場", GatheringPlace, "places.import"
    columns = (
        _id(),
        _branch(),
        Column("名称", "name", required=True),
        _choice("種類", "kind", GatheringPlace.Kind.choices),
        _choice("対象", "category", GatheringPlace.Category.choices),
        Column("自治会・町内会", "neighbourhood", help="支部の自治会・町内会の名称。"),
        Column("運営主体", "organizer"),
        Column(
            "個人宅など", "private_host", parse_bool, help="個人の住まいなら ○（公開は地区まで）。"
        ),
        Column("地区", "area"),
        Column("住所", "address"),
        Column("緯度", "latitude", parse_decimal),
        Column("経度", "longitude", parse_decimal),
        Column("問い合わせ電話番号", "phone"),
        Column("内容", "description"),
        Column("定員", "capacity", parse_int),
        Column("参加費", "fee"),
        _choice("助成", "subsidy", GatheringPlace.Subsidy.choices),
        Column("助成年度", "subsidy_year", parse_int),
        _date("開始日", "started_on"),
        _date("終了日", "ended_on"),
        Column("公開に同意", "published", parse_bool),
        Column(
            "開催日程",
            "schedules",
            parse_schedules,
            show_lines,
            help="1 行に一つ。例：毎月第2・第4火曜 10:00-12:00（祝日は休み）。",
        ),
        Column("備考（内部）", "note"),
        _sample(),
    )

    def queryset(self) -> QuerySet[Any]:
        return super().queryset().select_related("neighbourhood").prefetch_related("schedules")

    def get(self, obj: Any, key: str) -> Any:
        if key == "neighbourhood":
            return _neighbourhood_name(obj)
        if key == "schedules":
            return tuple(_schedule_words(s) for s in obj.schedules.all())
        return super().get(obj, key)

    def check(self, values: dict[str, Any], obj: Any, lookup: Lookup) -> list[tuple[str, str]]:
        problems = _neighbourhood_problem(values, obj, lookup)
        schedules = values.get("schedules", ())
        if obj is None or schedules != self.get(obj, "schedules"):
            problems += _schedule_problems(schedules)
        start, end = values.get("started_on"), values.get("ended_on")
        if start and end and end < start:
            problems.append(("ended_on", "終了日が開始日より前です。"))
        for key in ("latitude", "longitude"):
            if values.get(key) is not None and abs(values[key]) >= 1000:
                problems.append((key, "緯度・経度は度で書いてください（例：35.977）。"))
        return problems

    def pre_neighbourhood(self, obj: Any, value: str, lookup: Lookup) -> None:
        obj.neighbourhood_id = _neighbourhood_id(obj.branch_id, value) if value else None

    def post_schedules(self, obj: Any, value: tuple[str, ...], lookup: Lookup) -> None:
        write_schedules(obj, [words.parse(text) for text in value])


def _schedule_words(row: Schedule) -> str:
    try:
        rule = words.Rule(
            row.freq,
            words.parse_byday(row.byday),
            row.interval,
            row.opens_at,
            row.closes_at,
            row.description,
        )
        return words.render(words.validate(rule))
    except words.ScheduleError:
        return f"{row.get_freq_display()} {row.byday}"


# -- ボランティア ------------------------------------------------------------------------------


AVAILABILITY_LABELS = dict(AVAILABILITY_CHOICES)
AVAILABILITY_CODES = {label: code for code, label in AVAILABILITY_CHOICES}


def parse_skills(cell: Any, lookup: Lookup) -> tuple[str, ...]:
    """Return skill names, each one the centre knows (できること)."""
    known = lookup.remember("skills", lambda: set(Skill.objects.values_list("name", flat=True)))
    names = parse_list(cell, lookup)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise CellError(f"「{'、'.join(unknown)}」は登録されている「できること」にありません。")
    return tuple(sorted(set(names)))


def parse_availability(cell: Any, lookup: Lookup) -> tuple[str, ...]:
    """Return availability codes from labels such as 「火午前、土午後」 (or the codes)."""
    codes = []
    for item in parse_list(cell, lookup):
        code = AVAILABILITY_CODES.get(item, item if item in AVAILABILITY_LABELS else None)
        if code is None:
            raise CellError(f"「{item}」は時間帯として読めません（例：火午前、土午後、日夜間）。")
        codes.append(code)
    return tuple(c for c, _ in AVAILABILITY_CHOICES if c in codes)


def show_availability(value: Sequence[str], lookup: Lookup) -> str | None:
    return "、".join(AVAILABILITY_LABELS.get(v, v) for v in value) or None


def _skill_set(obj: Any, names: Sequence[str]) -> None:
    obj.skills.set(Skill.objects.filter(name__in=names))


class Volunteers(Register):
    key, title, model, action = (
        "volunteers",
        "ボランティア",
        Volunteer,
        "volunteers.volunteer.import",
    )
    level = "personal"
    columns = (
        _id(),
        _branch(),
        Column("氏名", "name", required=True),
        Column("ふりがな", "kana", contacts=True),
        Column("電話番号", "phone", contacts=True),
        Column("メールアドレス", "email", parse_email, contacts=True),
        Column("住所", "address", contacts=True),
        Column("できること", "skills", parse_skills, help="登録済みの名称を「、」で区切って。"),
        Column(
            "活動できる地区",
            "areas",
            parse_branches,
            show_branches,
            help="支部名を「、」で区切って。",
        ),
        Column(
            "活動できる時間帯",
            "availability",
            parse_availability,
            show_availability,
            help="例：火午前、土午後。",
        ),
        Column("所属グループ", "groups", parse_list, help="グループ名を「、」で区切って。"),
        Column("保険加入年度", "insurance_year", parse_int),
        _date("登録日", "registered_on"),
        _date("登録終了日", "ended_on"),
        Column("備考", "note"),
        _sample(),
    )

    def queryset(self) -> QuerySet[Any]:
        return super().queryset().prefetch_related("skills", "areas", "groups")

    def get(self, obj: Any, key: str) -> Any:
        if key == "skills":
            return tuple(sorted(s.name for s in obj.skills.all()))
        if key == "areas":
            return tuple(sorted(a.pk for a in obj.areas.all()))
        if key == "groups":
            return tuple(sorted(g.name for g in obj.groups.all()))
        if key == "availability":
            return tuple(c for c, _ in AVAILABILITY_CHOICES if c in (obj.availability or []))
        return super().get(obj, key)

    def check(self, values: dict[str, Any], obj: Any, lookup: Lookup) -> list[tuple[str, str]]:
        problems = []
        for name in values.get("groups", ()):
            found = _group_ids(obj, name, lookup)
            if len(found) != 1:
                said = "同じ名前のグループが複数あります" if found else "グループがありません"
                problems.append(("groups", f"「{name}」という{said}。"))
        return problems

    def pre_availability(self, obj: Any, value: tuple[str, ...], lookup: Lookup) -> None:
        obj.availability = list(value)

    def post_skills(self, obj: Any, value: tuple[str, ...], lookup: Lookup) -> None:
        _skill_set(obj, value)

    def post_areas(self, obj: Any, value: tuple[int, ...], lookup: Lookup) -> None:
        obj.areas.set(value)

    def post_groups(self, obj: Any, value: tuple[str, ...], lookup: Lookup) -> None:
        obj.groups.set([_group_ids(obj, name, lookup)[0] for name in value])


def _group_ids(volunteer: Any, name: str, lookup: Lookup) -> list[int]:
    """Return the groups a name may mean: one the volunteer is in already, else any in scope."""
    if volunteer is not None and volunteer.pk:
        current = [g.pk for g in volunteer.groups.all() if g.name == name]
        if current:
            return current[:1]
    return _groups(lookup).get(name, [])


def _groups(lookup: Lookup) -> dict[str, list[int]]:
    """Return the groups the user sees by name (a name may be shared by two branches' groups)."""

    def load() -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        groups = VolunteerGroup.objects.filter(branch__in=lookup.scope.personal)
        for pk, name in groups.values_list("pk", "name"):
            found.setdefault(name, []).append(pk)
        return found

    return lookup.remember("groups", load)  # type: ignore[no-any-return]


# -- ボランティアグループ・依頼 ---------------------------------------------------------------


class Groups(Register):
    key, title, model, action = (
        "groups",
        "ボランティアグループ",
        VolunteerGroup,
        "volunteers.volunteergroup.import",
    )
    level = "personal"
    columns = (
        _id(),
        _branch(),
        Column("団体名", "name", required=True),
        Column("活動内容", "activity"),
        Column("会員数", "members", parse_int),
        Column("代表者", "representative"),
        Column("連絡先電話番号", "phone"),
        Column("メールアドレス", "email", parse_email),
        _date("登録日", "registered_on"),
        _date("登録終了日", "ended_on"),
        Column("備考", "note"),
        _sample(),
    )


class Requests(Register):
    key, title, model, action = "requests", "依頼", Request, "volunteers.request.import"
    level = "personal"
    columns = (
        _id(),
        _branch(),
        Column("依頼者", "requester", required=True),
        _choice("依頼者の種別", "requester_kind", Request.RequesterKind.choices),
        Column("依頼の内容", "what", required=True),
        Column(
            "必要なこと",
            "skills",
            parse_skills,
            help="登録済みの「できること」を「、」で区切って。",
        ),
        Column("場所", "place"),
        Column("地区", "area", parse_branch, show_branch, help="支部名。"),
        Column(
            "開始日時", "starts_at", parse_datetime, required=True, help="例：2024-05-01 10:00。"
        ),
        Column("終了日時", "ends_at", parse_datetime, required=True, help="例：2024-05-01 12:00。"),
        Column("必要な人数", "people_needed", parse_int),
        _choice("状態", "status", Request.Status.choices),
        Column("備考", "note"),
        _sample(),
    )

    def queryset(self) -> QuerySet[Any]:
        return super().queryset().prefetch_related("skills")

    def get(self, obj: Any, key: str) -> Any:
        if key == "skills":
            return tuple(sorted(s.name for s in obj.skills.all()))
        if key == "area":
            return obj.area_id
        return super().get(obj, key)

    def check(self, values: dict[str, Any], obj: Any, lookup: Lookup) -> list[tuple[str, str]]:
        starts = values.get("starts_at", obj and obj.starts_at)
        ends = values.get("ends_at", obj and obj.ends_at)
        if starts and ends and ends < starts:
            return [("ends_at", "終了日時が開始日時より前です。")]
        return []

    def pre_area(self, obj: Any, value: int | None, lookup: Lookup) -> None:
        obj.area_id = value

    def post_skills(self, obj: Any, value: tuple[str, ...], lookup: Lookup) -> None:
        _skill_set(obj, value)


# -- 活動記録 ---------------------------------------------------------------------------------


def _reaches(model: Any, pk: int, obj: Any, key: str, lookup: Lookup, level: str) -> bool:
    """Whether a row may name `pk`: one it names already, or one in the user's scope."""
    if obj is not None and getattr(obj, f"{key}_id") == pk:
        return True
    branches = getattr(lookup.scope, level)
    ids = lookup.remember(
        f"{model._meta.label}:{level}",
        lambda: set(model.objects.filter(branch__in=branches).values_list("pk", flat=True)),
    )
    return pk in ids


class Activities(Register):
    """Activity records are written in bulk (an import may hold years of them); bulk writes send
    no signals, so the tallies of the touched (branch, fiscal year) buckets are refreshed after."""

    key, title, model, action = "activities", "活動記録", Activity, "volunteers.activity.import"
    level = "personal"
    columns = (
        _id(),
        _branch(),
        _date("活動日", "date", required=True),
        _fiscal_year(),
        Column("ボランティアID", "volunteer", parse_int, help="ボランティアのシートの ID。"),
        Column("ボランティア", "volunteer_name", readonly=True),
        Column("グループID", "group", parse_int, help="ボランティアグループのシートの ID。"),
        Column("依頼ID", "request", parse_int, help="依頼のシートの ID。"),
        Column("活動内容", "description"),
        Column("時間", "hours", parse_decimal, help="例：1.5。"),
        Column("参加人数", "people", parse_int),
        _sample(),
    )

    def queryset(self) -> QuerySet[Any]:
        return super().queryset().select_related("volunteer")

    def get(self, obj: Any, key: str) -> Any:
        if key in ("volunteer", "group", "request"):
            return getattr(obj, f"{key}_id")
        if key == "volunteer_name":
            return obj.volunteer.name if obj.volunteer_id else ""
        return super().get(obj, key)

    def check(self, values: dict[str, Any], obj: Any, lookup: Lookup) -> list[tuple[str, str]]:
        problems = []
        models = {"volunteer": Volunteer, "group": VolunteerGroup, "request": Request}
        labels = {"volunteer": "ボランティア", "group": "ボランティアグループ", "request": "依頼"}
        for key, model in models.items():
            pk = values.get(key)
            if pk is not None and not _reaches(model, pk, obj, key, lookup, "personal"):
                problems.append(
                    (key, f"ID {pk} の{labels[key]}はありません（見られる範囲にありません）。")
                )
        hours = values.get("hours")
        if hours is not None and (hours < 0 or hours >= 10000 or hours != round(hours, 2)):
            problems.append(("hours", "時間は 0 以上、小数第2位までにしてください。"))
        return problems

    def write(self, rows: list[Pending], lookup: Lookup) -> list[Any]:
        old = {(r.obj.branch_id, r.obj.fiscal_year) for r in rows if r.obj is not None}
        objs = [self._filled(row) for row in rows]
        Activity.objects.bulk_create([o for o in objs if o.pk is None], batch_size=1000)
        updated = [o for o, r in zip(objs, rows, strict=True) if r.obj is not None]
        if updated:
            Activity.objects.bulk_update(updated, ACTIVITY_FIELDS, batch_size=1000)
        for row, obj in zip(rows, objs, strict=True):
            self.audit(row, obj, lookup)
        tallies.refresh(old | {(o.branch_id, o.fiscal_year) for o in objs})
        return []

    def _filled(self, row: Pending) -> Activity:
        obj = row.obj or Activity()
        for key, value in row.values.items():
            setattr(obj, f"{key}_id" if key in ACTIVITY_LINKS else key, value)
        obj.fiscal_year = fiscal_year_of(obj.date)
        obj.updated_at = timezone.now()
        return obj


ACTIVITY_LINKS = ("branch", "volunteer", "group", "request")
ACTIVITY_FIELDS = [*ACTIVITY_LINKS, "date", "fiscal_year", "description", "hours", "people"]
ACTIVITY_FIELDS += ["sample", "updated_at"]


# -- 講座・受講者 -----------------------------------------------------------------------------


class Courses(Register):
    key, title, model, action = "courses", "講座", Course, "volunteers.course.import"
    columns = (
        _id(),
        _branch(),
        Column("講座名", "title", required=True),
        _choice("種類", "kind", Course.Kind.choices),
        _date("開催日", "held_on", required=True),
        _fiscal_year(),
        Column("会場", "venue"),
        Column("定員", "capacity", parse_int),
        Column("備考", "note"),
        _sample(),
    )


class Attendances(Register):
    """The attendees of courses; a row belongs to its course's branch."""

    key, title, model, action = "attendances", "受講者", Attendance, "volunteers.attendance.import"
    level = "personal"
    columns = (
        _id(),
        Column("講座ID", "course", parse_int, required=True, help="講座のシートの ID。"),
        Column("講座名", "course_title", readonly=True),
        Column(BRANCH, "course_branch", readonly=True),
        Column("ボランティアID", "volunteer", parse_int, help="登録ボランティアなら、その ID。"),
        Column("氏名", "name", help="登録ボランティアでない受講者の氏名。"),
        Column("修了", "completed", parse_bool, help="修了なら ○。"),
    )

    def queryset(self) -> QuerySet[Any]:
        return Attendance.objects.select_related("course", "course__branch")

    def rows_for(self, scope: RegisterScope) -> QuerySet[Any]:
        return self.queryset().filter(course__branch__in=scope.personal)

    def branch_id(self, obj: Any) -> int | None:
        return obj.course.branch_id  # type: ignore[no-any-return]

    def target_branch(self, values: dict[str, Any], obj: Any, lookup: Lookup) -> int | None:
        if values.get("course") is None:
            return self.branch_id(obj) if obj else None
        branches = lookup.remember(
            "course_branches", lambda: dict(Course.objects.values_list("pk", "branch"))
        )
        return branches.get(values["course"])  # type: ignore[no-any-return]

    def get(self, obj: Any, key: str) -> Any:
        if key in ("course", "volunteer"):
            return getattr(obj, f"{key}_id")
        if key == "course_title":
            return obj.course.title
        if key == "course_branch":
            return obj.course.branch.name
        return super().get(obj, key)

    def check(self, values: dict[str, Any], obj: Any, lookup: Lookup) -> list[tuple[str, str]]:
        problems = []
        course = values.get("course")
        if course is not None and not _reaches(Course, course, obj, "course", lookup, "edit"):
            problems.append(
                ("course", f"ID {course} の講座はありません（見られる範囲にありません）。")
            )
        volunteer = values.get("volunteer", obj and obj.volunteer_id)
        if volunteer is not None and not _reaches(
            Volunteer, volunteer, obj, "volunteer", lookup, "personal"
        ):
            problems.append(
                (
                    "volunteer",
                    f"ID {volunteer} のボランティアはありません（見られる範囲にありません）。",
                )
            )
        if volunteer is None and not values.get("name", obj and obj.name):
            problems.append(("name", "ボランティアID か氏名のどちらかを書いてください。"))
        return problems

    def pre_course(self, obj: Any, value: int, lookup: Lookup) -> None:
        obj.course_id = value

    def pre_volunteer(self, obj: Any, value: int | None, lookup: Lookup) -> None:
        obj.volunteer_id = value


# -- 地域福祉懇談会 ---------------------------------------------------------------------------


class Meetings(Register):
    key, title, model, action = "meetings", "地域福祉懇談会", Meeting, "meetings.import"
    columns = (
        _id(),
        _branch(),
        Column(
            "自治会・町内会",
            "neighbourhood",
            help="支部の自治会・町内会の名称（支部全体なら空欄）。",
        ),
        _date("開催日", "held_on", required=True),
        _fiscal_year(),
        Column("テーマ", "theme", required=True),
        Column("会場", "venue"),
        Column("参加人数", "participants", parse_int),
        Column("記録", "note"),
        Column("出された課題", "issues", parse_lines, show_lines, help="1 行に一つ。"),
        _sample(),
    )

    def queryset(self) -> QuerySet[Any]:
        return super().queryset().select_related("neighbourhood").prefetch_related("issues")

    def get(self, obj: Any, key: str) -> Any:
        if key == "neighbourhood":
            return _neighbourhood_name(obj)
        if key == "issues":
            return tuple(i.text for i in obj.issues.all())
        return super().get(obj, key)

    def check(self, values: dict[str, Any], obj: Any, lookup: Lookup) -> list[tuple[str, str]]:
        return _neighbourhood_problem(values, obj, lookup)

    def pre_neighbourhood(self, obj: Any, value: str, lookup: Lookup) -> None:
        obj.neighbourhood_id = _neighbourhood_id(obj.branch_id, value) if value else None

    def post_issues(self, obj: Any, value: tuple[str, ...], lookup: Lookup) -> None:
        """Keep the issues whose text stays (with their link to the plan), replace the rest."""
        kept = {i.text: i for i in obj.issues.all()}
        obj.issues.exclude(text__in=value).delete()
        for order, text in enumerate(value):
            issue = kept.get(text) or MeetingIssue(meeting=obj, text=text)
            issue.order = order
            issue.save()


REGISTERS: tuple[Register, ...] = (
    Neighbourhoods(),
    Places(),
    Groups(),
    Volunteers(),
    Requests(),
    Activities(),
    Courses(),
    Attendances(),
    Meetings(),
)
BY_KEY = {r.key: r for r in REGISTERS}
