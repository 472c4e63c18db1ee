"""The demo: the three plans transcribed from the seeds, sample yearly values, demo users.

Numbers in samples/ are made up to make the demo live; every one is stored with sample=True
and shown as 架空のデモ値. The plans themselves are real (transcribed from shared/seeds).
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from sasaeai.accounts.models import Department, Organization, User
from sasaeai.planfiles import load, read
from sasaeai.planfiles.reader import PlanFileError, Problem
from sasaeai.plans.models import Actual, Indicator, decimals_of

DEMO_DIR = Path(__file__).parent
PLAN_SLUGS = ("ageo", "tokorozawa", "shimotsuke")
PASSWORD = "sasaeai-demo"
SAMPLE_NOTE = "架空のデモ値"

# username → (organization key, department name or None, role, last name shown)
USERS = {
    "secretariat": ("ageo-city", None, User.Role.SECRETARIAT, "上尾市 事務局"),
    "somu": ("ageo-city", "福祉総務課", User.Role.CLERK, "福祉総務課 担当"),
    "kourei": ("ageo-city", "高齢介護課", User.Role.CLERK, "高齢介護課 担当"),
    "shakyo": ("ageo-council", None, User.Role.COUNCIL_STAFF, "上尾市社会福祉協議会 担当"),
    "shibu": (
        "ageo-branch-ageo-higashi",
        None,
        User.Role.COUNCIL_STAFF,
        "上尾東支部 コーディネーター",
    ),
    "vc": ("ageo-council", None, User.Role.VOLUNTEER_STAFF, "ボランティアセンター 担当"),
    "iin": ("ageo-city", None, User.Role.COMMITTEE_MEMBER, "推進委員"),
    "chair": ("ageo-city", None, User.Role.COMMITTEE_CHAIR, "推進委員長"),
}


@transaction.atomic
def load_demo(*, registers: bool = True) -> list[str]:
    """Load (or reload) the demo plans, their sample values and the demo users; with
    `registers`, also ageo's registers (all sample rows) and the indicators bound to them."""
    from .registers import clear_registers, load_registers

    lines: list[str] = []
    clear_registers()
    for slug in PLAN_SLUGS:
        summary = load(str(DEMO_DIR / "plans" / f"{slug}.yaml"), replace=True)
        lines += summary.lines()
        samples = DEMO_DIR / "samples" / f"{slug}.yaml"
        if samples.exists():
            lines.append(f"  架空のデモ値: {apply_samples(samples)}")
    create_users()
    if registers:
        lines.append(load_registers())
    lines.append(open_demo_cycle())
    return lines


def apply_samples(path: Path) -> int:
    """Add the sample yearly values of a samples file; return how many were added."""
    doc = read(str(path))
    slug, rows = doc.data.get("slug"), doc.data.get("actuals") or []
    indicators = {i.key: i for i in Indicator.objects.filter(node__plan__slug=slug)}
    problems = [
        doc.problem(
            ("actuals", n, "indicator"),
            f"指標「{row.get('indicator')}」が計画「{slug}」にありません",
        )
        for n, row in enumerate(rows)
        if row.get("indicator") not in indicators
    ]
    if problems:
        raise PlanFileError(problems, str(path))
    actuals = [
        _sample(indicators[row["indicator"]], fy, value)
        for row in rows
        for fy, value in row["values"].items()
    ]
    Actual.objects.bulk_create(actuals)
    return len(actuals)


def _sample(indicator: Indicator, fiscal_year: Any, value: Any) -> Actual:
    number = Decimal(str(value))
    if indicator.actuals.filter(fiscal_year=int(fiscal_year)).exists():
        raise PlanFileError(
            [Problem((), f"{indicator.key} の {fiscal_year} 年度には実際の値があります")]
        )
    return Actual(
        indicator=indicator,
        fiscal_year=int(fiscal_year),
        value=number,
        precision=decimals_of(number),
        note=SAMPLE_NOTE,
        sample=True,
    )


def create_users() -> None:
    """Create or reset the demo users (password: sasaeai-demo) and the admin."""
    for username, (org_key, dept_name, role, label) in USERS.items():
        org = Organization.objects.get(key=org_key)
        dept = Department.objects.get(organization=org, name=dept_name) if dept_name else None
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "organization": org,
                "department": dept,
                "role": role,
                "last_name": label,
                "email": f"{username}@example.jp",
            },
        )
        user.set_password(PASSWORD)
        user.save()
    admin, _ = User.objects.update_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "last_name": "システム管理者",
        },
    )
    admin.set_password(PASSWORD)
    admin.save()


DEMO_TEXT = "【架空のデモ記述】"
RETURN_REASON = "実施回数と参加人数を追記してください。（デモ）"


def open_demo_cycle() -> str:
    """Open 上尾市's FY2023 cycle: 福祉総務課 submitted, 高齢介護課 submitted with one returned,
    the 社協 part-way through; texts and values are made up and marked so."""
    from sasaeai.plans.models import Plan
    from sasaeai.progress import services
    from sasaeai.progress.models import Entry, ValueSlot

    users = {u.username: u for u in User.objects.filter(username__in=USERS)}
    plan = Plan.objects.get(slug="ageo")
    cycle = services.open_cycle(
        plan,
        fiscal_year=2023,
        deadline=timezone.localdate() + timedelta(days=21),
        user=users["secretariat"],
    )
    # The 集計値 the cycle opened with are counted from the demo's registers, all made up.
    ValueSlot.objects.filter(entry__cycle=cycle, value__isnull=False).update(sample=True)
    entries = cycle.entries.select_related("department", "organization", "action", "node")
    for entry in entries.filter(department__name__in=["福祉総務課", "高齢介護課"]):
        who = users["somu"] if entry.department.name == "福祉総務課" else users["kourei"]
        _fill(services, entry, who)
        services.submit(entry, user=who)
    returned = entries.filter(department__name="高齢介護課", action__priority=True).first()
    if returned is not None:
        services.return_entry(returned, user=users["secretariat"], reason=RETURN_REASON)
    for entry in entries.filter(organization__key="ageo-council", department=None)[:3]:
        _fill(services, entry, users["shakyo"])
    counts = {s: entries.filter(status=s).count() for s in Entry.Status.values}
    return f"  令和5年度の進捗報告（受付中）: {counts}"


def _fill(services, entry, user) -> None:  # type: ignore[no-untyped-def]
    subject = entry.action.title if entry.action else entry.node.title
    # A slot already holding a 集計値 (a bound indicator, filled when the cycle opened) keeps it.
    values = {
        slot.indicator_id: (
            {"value": str(slot.value), "note": slot.note}
            if slot.value is not None
            else _demo_value(slot)
        )
        for slot in entry.value_slots.select_related("indicator")
    }
    services.save_entry(
        entry,
        user=user,
        version=entry.version,
        values=values,
        texts={
            "progress": f"{DEMO_TEXT}{subject}について、計画どおり事業を実施しました。",
            "issues": f"{DEMO_TEXT}参加者の固定化が課題です。",
            "next_steps": f"{DEMO_TEXT}周知の方法を見直し、新たな参加者を募ります。",
            "self_rating": "B 概ね計画どおり",
        },
    )
    entry.value_slots.filter(value__isnull=False).update(sample=True)


def _demo_value(slot) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Return a made-up value a little above last year's, or a note where none exists."""
    last = slot.indicator.actuals.filter(fiscal_year=2022).first()
    if last is None or last.value is None or slot.indicator.survey:
        return {"value": None, "note": "市民アンケートは計画策定時に実施（令和5年度の値なし）"}
    return {"value": str((last.value * Decimal("1.04")).quantize(Decimal(1))), "note": SAMPLE_NOTE}
