"""The 社協's registers for the ageo demo: neighbourhoods, gathering places, volunteers, requests,
activity records, courses and meetings — every row made up (sample=True, 架空のデモ値).

The branches and their bases are real (seed 002, loaded with the plan); everything here is
generated from a fixed seed so that the demo is the same on every machine. Five indicators of the
plan are bound to these registers from FY2023 (令和5年度), the first year the registers are kept.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from sasaeai.accounts.models import Organization
from sasaeai.meetings.models import Meeting, MeetingIssue
from sasaeai.places.models import GatheringPlace, Schedule
from sasaeai.plans.models import Indicator, Node
from sasaeai.registers.fiscal import fiscal_year_of
from sasaeai.registers.models import IndicatorBinding, Neighbourhood
from sasaeai.volunteers import tallies
from sasaeai.volunteers.models import (
    Activity,
    Attendance,
    Booking,
    Course,
    Request,
    Skill,
    Volunteer,
    VolunteerGroup,
)

COUNCIL = "ageo-council"
FIRST_YEAR = 2023  # the registers are kept from 令和5年度
CENTRE = (35.9774, 139.5932)  # 上尾市役所の辺り; every position below is made up around it

# Area names taken from the branches' real base addresses (seed 002): the neighbourhood
# associations named after them are made up.
AREAS = {
    "ageo-branch-ageo-higashi": ("二ツ宮", "上町", "宮本町"),
    "ageo-branch-ageo-nishi": ("柏座", "谷津", "春日"),
    "ageo-branch-ageo-minami": ("柏座", "日の出", "緑丘"),
    "ageo-branch-hirakata": ("平方", "上野", "西貝塚"),
    "ageo-branch-haraichi": ("原市", "中妻", "五番町"),
    "ageo-branch-oishi-higashi": ("小泉", "浅間台", "弁財"),
    "ageo-branch-oishi-nishi": ("畔吉", "領家", "藤波"),
    "ageo-branch-kamihira": ("上平中央", "上尾村", "菅谷"),
    "ageo-branch-oya": ("向山", "大谷本郷", "中分"),
    "ageo-branch-haraichi-danchi": ("原市団地",),
    "ageo-branch-oyamadai-danchi": ("尾山台団地",),
    "ageo-branch-nishiageo-daiichi-danchi": ("西上尾第一団地",),
    "ageo-branch-nishiageo-daini-danchi": ("西上尾第二団地",),
}
SURNAMES = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村")
SURNAMES += ("小林", "加藤", "吉田", "山田", "佐々木", "松本", "井上", "木村")
GIVEN = ("花子", "太郎", "恵子", "誠", "陽子", "隆", "由美", "浩")
GIVEN += ("幸子", "健一", "直美", "修", "久美子", "茂", "明美", "勇")
SKILLS = (
    "傾聴",
    "送迎",
    "調理",
    "手芸",
    "音楽",
    "体操指導",
    "パソコン",
    "子育て支援",
    "清掃",
    "配食",
)
PLACE_NAMES = ("ふれあいサロン", "いきいきサロン", "お茶のみ会", "健康体操の会", "ひだまり")
MEETING_THEMES = (
    "災害時に近所で助け合うには",
    "ひとり暮らしの高齢者の見守り",
    "自治会の担い手不足",
    "子どもの居場所づくり",
    "サロンの参加者を増やすには",
)
ISSUES = (
    ("ひとり暮らしの方の様子がわからず、見守りの手が足りない。", "3/6/(1)"),
    ("集会所のサロンに男性の参加が少ない。", "3/6/(2)"),
    ("自治会の役員が高齢化し、行事の担い手がいない。", "3/7/(3)"),
    ("ボランティアをしたい人と困っている人をつなぐ窓口を知らない人が多い。", "3/7/(2)"),
    ("災害時に支援が必要な人の情報が共有されていない。", None),
)
# indicator key → (measure, params) bound from FIRST_YEAR
BINDINGS = {
    "3/6#3": ("places.active", {}),
    "3/6#4": ("meetings.participants", {}),
    "3/7#4": ("volunteers.attendees", {"course_kind": "dementia_supporter"}),
    # The plan's own cumulative figure for 令和4年度 (561, a sample actual) carries over.
    "3/7#5": (
        "volunteers.attendees",
        {"course_kind": "community_leader", "cumulative": True, "since": 2023, "base": 561},
    ),
    "3/7#6": ("volunteers.participants", {}),
}


def load_registers(today: date | None = None) -> str:
    """Create the ageo registers and bind the five indicators; return a one-line summary."""
    rng = random.Random(2023)
    today = today or timezone.localdate()
    council = Organization.objects.get(key=COUNCIL)
    branches = list(council.branches.order_by("order", "id"))
    neighbourhoods = _neighbourhoods(rng, branches)
    places = _places(rng, neighbourhoods)
    skills = [
        Skill.objects.get_or_create(name=name, defaults={"order": i})[0]
        for i, name in enumerate(SKILLS)
    ]
    volunteers = _volunteers(rng, branches, skills)
    groups = _groups(rng, branches, council, volunteers)
    _requests(rng, council, branches, volunteers, skills)
    activities = _activities(rng, branches, volunteers, groups, today)
    attendances = _courses(rng, council, branches, volunteers, today)
    meetings = _meetings(rng, neighbourhoods, today)
    _bind(council)
    return (
        f"  地域の登録簿（架空のデモ値）: 自治会 {len(neighbourhoods)}, 集いの場 {places}, "
        f"ボランティア {len(volunteers)}, 活動記録 {activities}, 受講者 {attendances}, "
        f"懇談会 {meetings}"
    )


def _neighbourhoods(rng: random.Random, branches: list[Organization]) -> list[Neighbourhood]:
    rows = []
    for branch in branches:
        for area in AREAS.get(branch.key, (branch.short_name or branch.name,)):
            kinds = ["自治会", "町内会", "区会"] if "団地" not in area else ["自治会"]
            for n, kind in enumerate(kinds[: rng.randint(1, len(kinds))], start=1):
                rows.append(
                    Neighbourhood(
                        branch=branch,
                        name=f"{area}{kind}" if n == 1 else f"{area}第{n}{kind}",
                        kind={"自治会": "jichikai", "町内会": "chonaikai", "区会": "kukai"}[kind],
                        households=rng.randrange(80, 1400, 10),
                        sample=True,
                        order=len(rows),
                    )
                )
    return Neighbourhood.objects.bulk_create(rows)


def _position(rng: random.Random) -> tuple[Decimal, Decimal]:
    lat = Decimal(str(round(CENTRE[0] + rng.uniform(-0.035, 0.035), 6)))
    lon = Decimal(str(round(CENTRE[1] + rng.uniform(-0.045, 0.045), 6)))
    return lat, lon


def _places(rng: random.Random, neighbourhoods: list[Neighbourhood]) -> int:
    kinds = [("salon", "elderly")] * 6 + [
        ("gathering", "intergenerational"),
        ("kayoi", "elderly"),
        ("kodomo_shokudo", "childcare"),
        ("salon", "disability"),
    ]
    count = 0
    for i in range(84):
        hood = neighbourhoods[i % len(neighbourhoods)]
        kind, category = rng.choice(kinds)
        name = {
            "kodomo_shokudo": f"{hood.name[:4]}こども食堂",
            "kayoi": f"{hood.name[:4]}通いの場（体操）",
        }.get(kind, f"{hood.name[:4]}{rng.choice(PLACE_NAMES)}")
        started = date(rng.randint(2008, 2022), rng.randint(1, 12), 1)
        if i >= 78:  # six places opened during the plan
            started = date(2023 + (i - 78) % 3, rng.choice([5, 7, 10]), 1)
        ended = date(2024, 3, 31) if i in (5, 40) else date(2025, 1, 31) if i == 17 else None
        private = i % 11 == 3
        lat, lon = _position(rng)
        place = GatheringPlace.objects.create(
            branch=hood.branch,
            name=name if i < 78 else f"{name}（新）",
            kind=kind,
            category=category,
            neighbourhood=hood,
            organizer=f"{hood.name}" if not private else "住民有志",
            private_host=private,
            area=f"上尾市{hood.name[:4]}",
            address=""
            if private
            else f"上尾市{hood.name[:4]}{rng.randint(1, 9)}-{rng.randint(1, 30)} 集会所",
            latitude=lat,
            longitude=lon,
            phone="" if private else f"048-000-{1000 + i:04d}",
            description="お茶を飲みながらおしゃべりや体操を楽しむ集まりです。",
            capacity=rng.choice([None, 15, 20, 30]),
            fee=rng.choice(["無料", "100円", "200円（お茶代）"]),
            subsidy="granted" if i % 3 == 0 else "none",
            subsidy_year=2025 if i % 3 == 0 else None,
            started_on=started,
            ended_on=ended,
            published=i % 7 != 2,
            sample=True,
        )
        weekday = rng.choice(["MO", "TU", "WE", "TH", "FR"])
        monthly = rng.random() < 0.7
        opens = rng.choice([10, 13])
        Schedule.objects.create(
            place=place,
            freq="MONTHLY" if monthly else "WEEKLY",
            byday=rng.choice([f"2{weekday},4{weekday}", f"1{weekday}", f"3{weekday}"])
            if monthly
            else weekday,
            opens_at=time(opens, 0),
            closes_at=time(opens + 2, 0),
        )
        count += 1
    return count


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"


def _volunteers(rng: random.Random, branches: list[Organization], skills: list[Skill]) -> list:
    volunteers = []
    slots = [f"{d}_{p}" for d in ("mon", "tue", "wed", "thu", "fri", "sat") for p in ("am", "pm")]
    for i in range(130):
        branch = branches[i % len(branches)]
        volunteer = Volunteer.objects.create(
            branch=branch,
            name=_person(rng),
            kana="",
            phone=f"090-0000-{i:04d}",
            email=f"volunteer{i}@example.jp",
            address=f"上尾市（架空の住所）{i}",
            availability=sorted(rng.sample(slots, rng.randint(2, 5))),
            insurance_year=rng.choice([2025, 2026, 2026, 2026]),
            registered_on=date(rng.randint(2015, 2024), rng.randint(1, 12), 1),
            ended_on=date(2025, 3, 31) if i % 29 == 7 else None,
            sample=True,
        )
        volunteer.skills.set(rng.sample(skills, rng.randint(1, 3)))
        volunteer.areas.set({branch, rng.choice(branches)})
        volunteers.append(volunteer)
    return volunteers


def _groups(rng, branches, council, volunteers) -> list:  # type: ignore[no-untyped-def]
    names = (
        "朗読ボランティアあおぞら",
        "傾聴の会ひまわり",
        "手話サークルみどり",
        "送迎ボランティア上尾",
        "配食ボランティアたんぽぽ",
        "おもちゃ病院あげお",
        "音楽ボランティアドレミ",
        "子育て応援隊",
    )
    groups = []
    for i, name in enumerate(names):
        group = VolunteerGroup.objects.create(
            branch=council if i % 2 == 0 else branches[i % len(branches)],
            name=name,
            activity="施設訪問、地域の行事への協力など",
            members=rng.randint(5, 40),
            representative=_person(rng),
            phone=f"048-000-{2000 + i:04d}",
            registered_on=date(rng.randint(2000, 2020), 4, 1),
            sample=True,
        )
        group.volunteers.set(rng.sample(volunteers, 4))
        groups.append(group)
    return groups


def _requests(rng, council, branches, volunteers, skills) -> None:  # type: ignore[no-untyped-def]
    """Three requests: one matched (two volunteers confirmed), one open, one done."""
    tz = timezone.get_current_timezone()
    soon = timezone.localdate() + timedelta(days=10)
    by_name = {s.name: s for s in skills}
    specs = [
        (
            "特別養護老人ホーム（架空）",
            "facility",
            "夏祭りの模擬店の手伝い",
            ["調理"],
            2,
            "matched",
            0,
        ),
        ("上尾東支部の住民（架空）", "resident", "通院の付き添い（月2回）", ["送迎"], 1, "open", 0),
        ("子育て支援センター（架空）", "facility", "読み聞かせ", ["子育て支援"], 1, "done", -60),
    ]
    for requester, kind, what, needs, people, status, shift in specs:
        day = soon + timedelta(days=shift)
        request = Request.objects.create(
            branch=council,
            requester=requester,
            requester_kind=kind,
            what=what,
            place="上尾市総合福祉センター",
            area=branches[0],
            starts_at=datetime.combine(day, time(10, 0), tz),
            ends_at=datetime.combine(day, time(12, 0), tz),
            people_needed=people,
            status=status,
            sample=True,
        )
        request.skills.set([by_name[n] for n in needs])
        if status == "open":
            continue
        able = [v for v in volunteers if v.ended_on is None and by_name[needs[0]] in v.skills.all()]
        for volunteer in able[:people]:
            Booking.objects.create(request=request, volunteer=volunteer, status="confirmed")


def _activities(rng, branches, volunteers, groups, today) -> int:  # type: ignore[no-untyped-def]
    """About 4,400–4,700 participants a year (the plan's baseline is 4,316)."""
    rows = []
    for fy in range(FIRST_YEAR, fiscal_year_of(today) + 1):
        start = date(fy, 4, 1)
        days = min(365, (today - start).days)
        for _ in range(int(700 * days / 365)):
            day = start + timedelta(days=rng.randrange(max(days, 1)))
            volunteer = rng.choice(volunteers) if rng.random() < 0.75 else None
            group = None if volunteer else rng.choice(groups)
            rows.append(
                Activity(
                    branch=volunteer.branch if volunteer else group.branch,
                    date=day,
                    fiscal_year=fiscal_year_of(day),
                    volunteer=volunteer,
                    group=group,
                    description=rng.choice(
                        ["施設訪問", "サロンの手伝い", "配食", "傾聴", "行事の手伝い"]
                    ),
                    hours=Decimal(rng.choice([1, 1.5, 2, 3])),
                    people=rng.randint(1, 4) if volunteer else rng.randint(8, 25),
                    sample=True,
                )
            )
    Activity.objects.bulk_create(rows)
    tallies.refresh({(a.branch_id, a.fiscal_year) for a in rows})
    return len(rows)


def _courses(rng, council, branches, volunteers, today) -> int:  # type: ignore[no-untyped-def]
    """認知症サポーター養成講座 about 12 a year (~35 each) and 地域の担い手育成講座 twice a year."""
    attendances = []
    for fy in range(FIRST_YEAR, fiscal_year_of(today) + 1):
        plan = [("dementia_supporter", "認知症サポーター養成講座", m, 28, 42) for m in range(4, 16)]
        plan += [("community_leader", "地域の担い手育成講座", m, 15, 30) for m in (6, 11)]
        for kind, title, month, low, high in plan:
            held = date(fy + (month - 1) // 12, (month - 1) % 12 + 1, rng.randint(5, 25))
            if held > today:
                continue
            course = Course.objects.create(
                branch=rng.choice([council, *branches]),
                title=title,
                kind=kind,
                held_on=held,
                venue="上尾市総合福祉センター",
                capacity=high,
                sample=True,
            )
            for n in range(rng.randint(low, high)):
                registered = rng.random() < 0.1
                attendances.append(
                    Attendance(
                        course=course,
                        volunteer=rng.choice(volunteers) if registered else None,
                        name="" if registered else f"受講者{n + 1}（架空）",
                    )
                )
    Attendance.objects.bulk_create(attendances)
    return len(attendances)


def _meetings(rng, neighbourhoods, today) -> int:  # type: ignore[no-untyped-def]
    """Each branch meets once or twice a year, about 600 participants a year in all."""
    nodes = {n.key: n for n in Node.objects.filter(plan__slug="ageo")}
    by_branch: dict[int, list[Neighbourhood]] = {}
    for hood in neighbourhoods:
        by_branch.setdefault(hood.branch_id, []).append(hood)
    count = 0
    for fy in range(FIRST_YEAR, fiscal_year_of(today) + 1):
        for hoods in by_branch.values():
            for _ in range(rng.choice([1, 2, 2])):
                held = date(fy, rng.randint(5, 12), rng.randint(1, 28))
                if held > today:
                    continue
                hood = rng.choice(hoods)
                meeting = Meeting.objects.create(
                    branch=hood.branch,
                    neighbourhood=hood if rng.random() < 0.6 else None,
                    held_on=held,
                    theme=rng.choice(MEETING_THEMES),
                    venue=f"{hood.name[:4]}集会所",
                    participants=rng.randint(18, 40),
                    note="（架空の記録）",
                    sample=True,
                )
                for order, (text, node_key) in enumerate(rng.sample(ISSUES, 2)):
                    MeetingIssue.objects.create(
                        meeting=meeting, text=text, node=nodes.get(node_key or ""), order=order
                    )
                count += 1
    return count


def _bind(council: Organization) -> None:
    indicators = {i.key: i for i in Indicator.objects.filter(node__plan__slug="ageo")}
    for key, (measure, params) in BINDINGS.items():
        IndicatorBinding.objects.update_or_create(
            indicator=indicators[key],
            defaults={
                "measure": measure,
                "params": params,
                "council": council,
                "first_year": FIRST_YEAR,
                "note": "デモ：登録簿の記録はすべて架空のデモ値です。",
            },
        )


def clear_registers() -> None:
    """Remove the ageo registers and bindings so that the demo can be loaded again."""
    from sasaeai.registers.access import units_of
    from sasaeai.volunteers.models import ActivityTally, VolunteerYear

    council = Organization.objects.filter(key=COUNCIL).first()
    if council is None:
        return
    units = units_of({council.pk})
    IndicatorBinding.objects.filter(council=council).delete()
    Attendance.objects.filter(course__branch__in=units).delete()
    Course.objects.filter(branch__in=units).delete()
    # The tallies of these branches go with their records; a row-by-row delete would recompute
    # them once per record.
    ActivityTally.objects.filter(branch__in=units).delete()
    VolunteerYear.objects.filter(branch__in=units).delete()
    activities = Activity.objects.filter(branch__in=units)
    activities._raw_delete(activities.db)  # type: ignore[attr-defined]
    Booking.objects.filter(request__branch__in=units).delete()
    Request.objects.filter(branch__in=units).delete()
    VolunteerGroup.volunteers.through.objects.filter(volunteergroup__branch__in=units).delete()
    VolunteerGroup.objects.filter(branch__in=units).delete()
    Volunteer.objects.filter(branch__in=units).delete()
    Meeting.objects.filter(branch__in=units).delete()
    GatheringPlace.objects.filter(branch__in=units).delete()
    Neighbourhood.objects.filter(branch__in=units).delete()
