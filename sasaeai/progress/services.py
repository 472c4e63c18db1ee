"""The yearly cycle's writes: open, save, submit, return, accept, comment, confirm, reopen.

Every change goes through one function here, inside one transaction, with an audit event
(who, when, before, after, reason). Views and the API only call these.
"""

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from sasaeai.accounts.models import Department, Organization, User
from sasaeai.audit.models import Event
from sasaeai.audit.services import record
from sasaeai.lib.numtext import ValueParseError, parse_value
from sasaeai.lib.wareki import format_fiscal_year
from sasaeai.plans.models import Action, Actor, Actual, Indicator, Node, Plan, decimals_of
from sasaeai.registers.bindings import PROPOSAL_NOTE, proposed_values

from . import access
from .models import Comment, ConfirmedVersion, Cycle, Entry, ValueSlot

TEXT_FIELDS = {
    "progress": "進捗状況",
    "issues": "課題",
    "next_steps": "今後の方向",
    "self_rating": "自己評価",
}
JUMP = Decimal("0.5")
LIMIT = Decimal(10) ** 14  # what a value column holds (20 digits, 6 of them decimals)


class WorkflowError(ValueError):
    """The change is refused; `problems` maps a field to a Japanese message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("；".join(problems.values()))


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: Any
    after: Any
    by: str
    at: datetime
    by_id: int | None = None


class Conflict(Exception):
    """Someone else saved the entry since the version being edited (HTTP 409)."""

    def __init__(self, entry: Entry, changes: list[Change]) -> None:
        self.entry = entry
        self.changes = changes
        super().__init__(f"版{entry.version}で他の人が更新しました")


def _now() -> datetime:
    return timezone.now()


# -- opening a cycle -----------------------------------------------------------------------------


@transaction.atomic
def open_cycle(
    plan: Plan, *, fiscal_year: int, deadline: date | None, user: User, now: datetime | None = None
) -> Cycle:
    """Open the plan's cycle for a fiscal year with one entry per node/action × department."""
    access.require(access.manages(user, plan))
    if plan.cycles.filter(fiscal_year=fiscal_year).exists():
        raise WorkflowError(
            {"fiscal_year": f"{format_fiscal_year(fiscal_year)}の進捗報告は既にあります。"}
        )
    cycle = Cycle.objects.create(
        plan=plan,
        fiscal_year=fiscal_year,
        deadline=deadline,
        status=Cycle.Status.OPEN,
        title=f"{format_fiscal_year(fiscal_year)} 進捗状況報告",
        order=plan.cycles.count(),
    )
    entries = _create_entries(cycle)
    proposed = _fill_proposals(cycle)
    record(
        "cycle.open",
        cycle,
        user=user,
        after={
            "fiscal_year": fiscal_year,
            "entries": entries,
            "proposed": proposed,
            "deadline": str(deadline) if deadline else None,
        },
        now=now,
    )
    return cycle


@dataclass
class Planned:
    """An entry a cycle of the plan has: a node or action and one body responsible for it."""

    node: Node
    action: Action | None
    actor: str
    organization: Organization | None
    department: Department | None
    indicators: list[Indicator] = dataclasses.field(default_factory=list)


def planned_entries(plan: Plan) -> list[Planned]:
    """Return one entry per node/action × responsible body, with the indicators each reports."""
    owners = {
        o.organization.kind: o.organization
        for o in (plan.parent or plan).ownerships.select_related("organization")
    }
    made: dict[tuple, Planned] = {}
    nodes = (
        Node.objects.filter(plan=plan)
        .prefetch_related(
            "actions__assignments__organization",
            "actions__assignments__department",
            "indicators__assignments__organization",
            "indicators__assignments__department",
        )
        .order_by("depth", "order", "id")
    )
    for node in nodes:
        for action in node.actions.all():
            for who in _responsible(action.assignments.all(), action.actor, owners):
                _planned(made, node, action, who)
        for indicator in node.indicators.all():
            for who in _responsible(indicator.assignments.all(), "", owners):
                _planned(made, node, None, who).indicators.append(indicator)
    return list(made.values())


def _planned(
    made: dict[tuple, Planned], node: Node, action: Action | None, who: tuple[str, Any, Any]
) -> Planned:
    actor, org, dept = who
    key = (
        node.pk,
        action.pk if action else None,
        org.pk if org else None,
        dept.pk if dept else None,
    )
    if key not in made:
        made[key] = Planned(node, action, actor, org, dept)
    return made[key]


def _create_entries(cycle: Cycle) -> int:
    planned = planned_entries(cycle.plan)
    for order, p in enumerate(planned):
        entry = Entry.objects.create(
            cycle=cycle,
            node=p.node,
            action=p.action,
            actor=p.actor,
            organization=p.organization,
            department=p.department,
            status=Entry.Status.DRAFT,
            order=order,
        )
        ValueSlot.objects.bulk_create(ValueSlot(entry=entry, indicator=i) for i in p.indicators)
    return len(planned)


def _fill_proposals(cycle: Cycle) -> int:
    """Put the 集計値 of bound indicators into their empty slots, as drafts the department
    reviews and submits (nothing becomes an actual before the cycle is confirmed)."""
    if cycle.fiscal_year is None:
        return 0
    slots = list(
        ValueSlot.objects.filter(
            entry__cycle=cycle, value__isnull=True, indicator__binding__isnull=False
        )
    )
    values = proposed_values({s.indicator_id for s in slots}, cycle.fiscal_year)
    filled = [s for s in slots if s.indicator_id in values]
    for slot in filled:
        slot.value, slot.note = values[slot.indicator_id], PROPOSAL_NOTE
    ValueSlot.objects.bulk_update(filled, ["value", "note"])
    return len(filled)


def _responsible(
    assignments: Any, actor: str, owners: dict[str, Any]
) -> list[tuple[str, Any, Any]]:
    """Return (actor, organization, department) for each responsible body, in printed order."""
    found = [
        (actor or _actor_of(a.organization), a.organization, a.department) for a in assignments
    ]
    if found:
        return found
    kind = {Actor.CITY: "city", Actor.COUNCIL: "council"}.get(actor)
    org = owners.get(kind) if kind else None
    return [(actor, org, None)]


def _actor_of(organization: Any) -> str:
    return Actor.COUNCIL if organization.kind in ("council", "branch") else Actor.CITY


# -- writing an entry ----------------------------------------------------------------------------


@transaction.atomic
def save_entry(
    entry: Entry,
    *,
    user: User,
    version: int,
    texts: dict[str, str] | None = None,
    values: dict[int, dict[str, Any]] | None = None,
    now: datetime | None = None,
) -> Entry:
    """Save texts and values of an entry edited at `version`; refuse a stale version (Conflict).

    `values` maps an indicator id to {"value": text or number, "note": text}.
    """
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    access.require(access.writes(user, entry))
    if version != entry.version:
        raise Conflict(entry, changes_since(entry, version))
    before = snapshot(entry)
    _apply_texts(entry, texts or {})
    _apply_values(entry, values or {})
    entry.version += 1
    entry.updated_by, entry.updated_at = user, now or _now()
    entry.save()
    record(
        "entry.save", entry, user=user, before=before, after=snapshot(entry), now=entry.updated_at
    )
    return entry


def _apply_texts(entry: Entry, texts: dict[str, str]) -> None:
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise WorkflowError({f: f"項目「{f}」は変更できません。" for f in sorted(unknown)})
    if len((texts.get("self_rating") or "").strip()) > 50:
        raise WorkflowError({"self_rating": "自己評価は50文字以内にしてください。"})
    for field, text in texts.items():
        setattr(entry, field, (text or "").strip())


def _apply_values(entry: Entry, values: dict[int, dict[str, Any]]) -> None:
    slots = {s.indicator_id: s for s in entry.value_slots.select_related("indicator")}
    problems: dict[str, str] = {}
    for indicator_id, given in values.items():
        slot = slots.get(int(indicator_id))
        if slot is None:
            problems[f"values.{indicator_id}"] = "この進捗にない指標です。"
            continue
        problem = _set_value(entry, slot, given)
        if problem:
            problems[f"values.{indicator_id}"] = problem
    if problems:
        raise WorkflowError(problems)


def _set_value(entry: Entry, slot: ValueSlot, given: dict[str, Any]) -> str:
    """Set one slot from what was typed; return a problem in Japanese, or ''."""
    raw = given.get("value")
    note = (given.get("note") or "").strip()
    name = slot.indicator.name
    try:
        number = _number(raw, slot.indicator.unit)
    except ValueParseError as exc:
        return f"{name}: {exc}"
    if number is not None and abs(number) >= LIMIT:
        return f"{name}: 値が大きすぎます（{LIMIT:,} 未満にしてください）。"
    previous = last_confirmed_value(slot.indicator, entry.cycle.fiscal_year)
    if (
        number is not None
        and previous
        and not note
        and abs(number - previous) > abs(previous) * JUMP
    ):
        return (
            f"{name}: 前年度の{_show(previous)}から大きく変わっています（半分以上）。"
            "理由を注記に書いてください。"
        )
    slot.value, slot.precision, slot.note = (
        number,
        decimals_of(number) if number is not None else 0,
        note,
    )
    slot.method_changed = bool(given.get("method_changed", slot.method_changed))
    slot.save()
    return ""


def _number(raw: Any, unit: str) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return Decimal(str(raw))
    parsed = parse_value(str(raw))
    if parsed.no_value:
        return None
    if parsed.value is None or parsed.direction:
        raise ValueParseError(f"「{raw}」は数値ではありません")
    if parsed.unit and unit and parsed.unit != unit:
        raise ValueParseError(f"単位が違います（この指標は「{unit}」、入力は「{parsed.unit}」）")
    return parsed.value


def _show(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def last_confirmed_value(indicator: Any, fiscal_year: int | None) -> Decimal | None:
    """Return the indicator's confirmed actual of the year before, if any."""
    if fiscal_year is None:
        return None
    actual = Actual.objects.filter(
        indicator=indicator, fiscal_year=fiscal_year - 1, value__isnull=False
    ).first()
    return actual.value if actual else None


def snapshot(entry: Entry) -> dict[str, Any]:
    """Return the entry's editable content and state as JSON, for the audit log."""
    return {
        **{f: getattr(entry, f) for f in TEXT_FIELDS},
        "values": {
            str(s.indicator_id): {
                "value": None if s.value is None else str(s.value),
                "note": s.note,
            }
            for s in entry.value_slots.all()
        },
        "status": entry.status,
        "version": entry.version,
    }


def changes_since(entry: Entry, version: int) -> list[Change]:
    """Return what was changed in the entry after `version`: fields, values and status."""
    events = (
        Event.objects.filter(
            target_type=entry._meta.label_lower,
            target_id=str(entry.pk),
            action__startswith="entry.",
            after__version__gt=version,
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
    return [change for event in events for change in _event_changes(event)]


def _event_changes(event: Event) -> list[Change]:
    who = (event.actor.last_name or event.actor.username) if event.actor else "―"
    before, after = event.before or {}, event.after or {}
    labels = {**TEXT_FIELDS, "values": "実績値", "status": "状態"}
    return [
        Change(
            field, label, before.get(field), after.get(field), who, event.created_at, event.actor_id
        )
        for field, label in labels.items()
        if field in after and before.get(field) != after.get(field)
    ]


# -- transitions ---------------------------------------------------------------------------------


def _transition(
    entry: Entry,
    status: str,
    *,
    user: User,
    action: str,
    reason: str = "",
    now: datetime | None = None,
    **fields: Any,
) -> Entry:
    before = {"status": entry.status}
    entry.status = status
    entry.version += 1
    entry.updated_by, entry.updated_at = user, now or _now()
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.save()
    record(
        action,
        entry,
        user=user,
        before=before,
        after={"status": status, "version": entry.version},
        reason=reason,
        now=entry.updated_at,
    )
    return entry


@transaction.atomic
def submit(entry: Entry, *, user: User, now: datetime | None = None) -> Entry:
    """Submit an entry to the secretariat; after the deadline it is accepted and flagged."""
    entry = Entry.objects.select_for_update().select_related("cycle").get(pk=entry.pk)
    access.require(access.writes(user, entry))
    missing = _missing(entry)
    if missing:
        raise WorkflowError(missing)
    now = now or _now()
    deadline = entry.cycle.deadline
    late = bool(deadline and timezone.localdate(now) > deadline)
    return _transition(
        entry,
        Entry.Status.SUBMITTED,
        user=user,
        action="entry.submit",
        now=now,
        submitted_at=now,
        late=late,
    )


def _missing(entry: Entry) -> dict[str, str]:
    problems = {}
    if entry.action_id and not entry.progress.strip():
        problems["progress"] = "進捗状況を書いてから提出してください。"
    for slot in entry.value_slots.select_related("indicator"):
        if slot.value is None and not slot.note:
            problems[f"values.{slot.indicator_id}"] = (
                f"{slot.indicator.name}: 実績値を入力するか、"
                "入力できない理由を注記に書いてください。"
            )
    return problems


@transaction.atomic
def return_entry(entry: Entry, *, user: User, reason: str, now: datetime | None = None) -> Entry:
    """Send a submitted entry back to its department with a reason (差戻し)."""
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    access.require(access.reviews(user, entry))
    _expect(entry, Entry.Status.SUBMITTED, "差し戻せるのは提出済の進捗だけです。")
    return _send_back(entry, user, "entry.return", _reason(reason, "差戻しの理由"), now)


@transaction.atomic
def accept(entry: Entry, *, user: User, now: datetime | None = None) -> Entry:
    """Accept a submitted entry (受理)."""
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    access.require(access.reviews(user, entry))
    _expect(entry, Entry.Status.SUBMITTED, "受理できるのは提出済の進捗だけです。")
    return _transition(entry, Entry.Status.ACCEPTED, user=user, action="entry.accept", now=now)


@transaction.atomic
def accept_many(entries: list[Entry], *, user: User, now: datetime | None = None) -> int:
    """Accept every submitted entry of the list; return how many were accepted."""
    done = 0
    for entry in entries:
        if entry.status == Entry.Status.SUBMITTED:
            accept(entry, user=user, now=now)
            done += 1
    return done


@transaction.atomic
def reopen(entry: Entry, *, user: User, reason: str, now: datetime | None = None) -> Entry:
    """Reopen one confirmed entry for a correction, with the reason logged."""
    entry = Entry.objects.select_for_update().select_related("cycle").get(pk=entry.pk)
    access.require(access.reviews(user, entry))
    _expect(entry, Entry.Status.CONFIRMED, "再開できるのは確定した進捗だけです。")
    reason = _reason(reason, "訂正の理由")
    Cycle.objects.filter(pk=entry.cycle_id).update(status=Cycle.Status.OPEN)
    return _send_back(entry, user, "entry.reopen", reason, now)


def _reason(reason: str | None, what: str) -> str:
    """Return the reason stripped, or refuse the step when there is none."""
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError({"reason": f"{what}を書いてください。"})
    return reason


def _send_back(entry: Entry, user: User, action: str, reason: str, now: datetime | None) -> Entry:
    return _transition(
        entry,
        Entry.Status.RETURNED,
        user=user,
        action=action,
        reason=reason,
        now=now,
        return_reason=reason,
    )


def _expect(entry: Entry, status: str, message: str) -> None:
    if entry.status != status:
        raise WorkflowError({"status": message})


@transaction.atomic
def comment(entry: Entry, *, user: User, text: str, now: datetime | None = None) -> Comment:
    """Add a committee member's comment to an entry."""
    access.require(access.comments(user, entry))
    if not text.strip():
        raise WorkflowError({"text": "コメントを書いてください。"})
    made = Comment.objects.create(
        entry=entry, author=user, text=text.strip(), created_at=now or _now()
    )
    record("entry.comment", entry, user=user, after={"comment": made.text}, now=made.created_at)
    return made


# -- confirming ----------------------------------------------------------------------------------


@transaction.atomic
def confirm_cycle(
    cycle: Cycle, *, user: User, committee: str = "", now: datetime | None = None
) -> ConfirmedVersion:
    """Confirm the whole cycle (確定): lock its entries, record its values, freeze a version."""
    cycle = Cycle.objects.select_for_update().select_related("plan").get(pk=cycle.pk)
    access.require(access.confirms(user, cycle))
    waiting = cycle.entries.exclude(status__in=[Entry.Status.ACCEPTED, Entry.Status.CONFIRMED])
    if waiting.exists():
        raise WorkflowError(
            {
                "entries": f"受理されていない進捗が{waiting.count()}件あります。"
                "すべて受理されてから確定してください。"
            }
        )
    now = now or _now()
    for entry in cycle.entries.filter(status=Entry.Status.ACCEPTED):
        _transition(entry, Entry.Status.CONFIRMED, user=user, action="entry.confirm", now=now)
    _record_actuals(cycle)
    cycle.status, cycle.confirmed_on = Cycle.Status.CONFIRMED, timezone.localdate(now)
    cycle.confirmed_by = committee or cycle.confirmed_by or "推進委員会"
    cycle.save(update_fields=["status", "confirmed_on", "confirmed_by"])
    number = cycle.versions.count() + 1
    version = ConfirmedVersion.objects.create(
        cycle=cycle,
        number=number,
        confirmed_at=now,
        confirmed_by=user,
        committee=cycle.confirmed_by,
        content=cycle_content(cycle),
    )
    record("cycle.confirm", cycle, user=user, after={"version": number}, now=now)
    return version


def _record_actuals(cycle: Cycle) -> None:
    """Write the cycle's reported values as the indicators' actual values of its year."""
    if cycle.fiscal_year is None:
        return
    slots = ValueSlot.objects.filter(entry__cycle=cycle, value__isnull=False)
    for slot in slots.order_by("entry__order", "id"):
        Actual.objects.update_or_create(
            indicator_id=slot.indicator_id,
            fiscal_year=cycle.fiscal_year,
            defaults={
                "value": slot.value,
                "precision": slot.precision,
                "note": slot.note,
                "method_changed": slot.method_changed,
                "sample": slot.sample,
            },
        )


def cycle_content(cycle: Cycle) -> dict[str, Any]:
    """Return the cycle as confirmed: every entry's texts and values, as JSON."""
    entries = cycle.entries.select_related(
        "node", "action", "organization", "department"
    ).prefetch_related("value_slots__indicator")
    return {
        "plan": cycle.plan.slug,
        "fiscal_year": cycle.fiscal_year,
        "title": cycle.title,
        "entries": [
            {
                "id": e.pk,
                "node": e.node.key,
                "node_title": e.node.title,
                "action": e.action.title if e.action else None,
                "actor": e.actor or None,
                "responsible": e.responsible_label,
                **{f: getattr(e, f) for f in TEXT_FIELDS},
                "values": [
                    {
                        "indicator": s.indicator.key,
                        "name": s.indicator.name,
                        "unit": s.indicator.unit,
                        "value": None if s.value is None else str(s.value),
                        "note": s.note,
                    }
                    for s in e.value_slots.all()
                ],
            }
            for e in entries
        ],
    }


# -- reminders -----------------------------------------------------------------------------------


def send_reminders(cycle: Cycle, *, user: User, now: datetime | None = None) -> int:
    """E-mail each department that has unsubmitted entries; return how many mails were sent."""
    access.require(access.manages(user, cycle.plan))
    waiting = cycle.entries.filter(status__in=[Entry.Status.DRAFT, Entry.Status.RETURNED])
    departments = {e.department_id for e in waiting if e.department_id}
    organizations = {
        e.organization_id for e in waiting if not e.department_id and e.organization_id
    }
    people = User.objects.filter(is_active=True).exclude(email="").filter(
        department_id__in=departments
    ) | User.objects.filter(
        is_active=True, role=User.Role.COUNCIL_STAFF, organization_id__in=organizations
    ).exclude(email="")
    deadline = f"（期限 {cycle.deadline:%Y年%m月%d日}）" if cycle.deadline else ""
    subject = f"【{cycle.plan.title}】{cycle.title}の入力のお願い"
    body = (
        f"{cycle.title}{deadline}の入力・提出がまだの項目があります。"
        "支え合い Sasaeai でご確認ください。"
    )
    messages = [(subject, body, None, [p.email]) for p in people.distinct()]
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    record("cycle.remind", cycle, user=user, after={"sent": sent}, now=now)
    return sent
