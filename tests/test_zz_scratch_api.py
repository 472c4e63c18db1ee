import pytest
from sasaeai.accounts.models import User
from sasaeai.plans.models import Plan
from sasaeai.progress import access, services
from sasaeai.progress.models import Entry


def test_explore(demo):
    sec = User.objects.get(username="secretariat")
    plan = Plan.objects.get(slug="ageo")
    cycle = services.open_cycle(plan, fiscal_year=2023, deadline=None, user=sec)
    orphan = User.objects.create(username="orphan", role=User.Role.SECRETARIAT)
    print("orphan secretariat sees", access.visible_entries(orphan).filter(status="draft").count())
    member = User.objects.create(username="m2", role=User.Role.COMMITTEE_MEMBER)
    cs = User.objects.create(username="cs", role=User.Role.COUNCIL_STAFF)
    e = cycle.entries.filter(department__name="福祉総務課").first()
    print("council staff w/o org writes?", access.writes(cs, e))
    noorg = cycle.entries.filter(department=None, organization=None).first()
    print("entry with neither", noorg)
    slot_entry = cycle.entries.filter(value_slots__isnull=False, department__name="福祉総務課").first()
    s = slot_entry.value_slots.first()
    somu = User.objects.get(username="somu")
    try:
        services.save_entry(slot_entry, user=somu, version=1, values={s.indicator_id: {"value": 1e30, "note": "x"}})
        print("saved 1e30", slot_entry.value_slots.first().value)
    except Exception as exc:
        print("1e30 ->", type(exc), exc)
    try:
        services.save_entry(slot_entry, user=somu, version=slot_entry.version, values={s.indicator_id: {"value": float("nan"), "note": "x"}})
        print("saved nan")
    except Exception as exc:
        print("nan ->", type(exc), exc)
