"""Write a cleaned plan file to the database: all of it in one transaction, or nothing."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from sasaeai.accounts.models import Base, Department, Organization
from sasaeai.plans.models import (
    Action,
    ActionAssignment,
    Actual,
    GlossaryTerm,
    Indicator,
    IndicatorAssignment,
    Message,
    Narrative,
    Node,
    Plan,
    PlanOwner,
    Target,
    decimals_of,
)
from sasaeai.progress.models import Cycle, Entry, ValueSlot

from .reader import PlanFileError, Problem
from .validate import CleanPlan, KnownOrganization


@dataclass
class ImportSummary:
    slug: str
    dry_run: bool = False
    replaced: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def lines(self) -> list[str]:
        """Return the summary in Japanese, one line per fact."""
        head = "確認のみ（書き込みなし）" if self.dry_run else "取り込みました"
        out = [f"{head}: {self.slug}"]
        if self.replaced:
            out.append(f"置き換えた計画: {', '.join(self.replaced)}")
        out += [f"  {_LABELS.get(k, k)}: {v}" for k, v in self.counts.items()]
        return out


_LABELS = {
    "plans": "計画",
    "organizations": "組織",
    "nodes": "施策体系の項目",
    "actions": "取組",
    "indicators": "指標",
    "targets": "目標値",
    "actuals": "実績値",
    "cycles": "進捗報告",
    "entries": "進捗",
}


class _DryRun(Exception):
    pass


def known_organizations() -> dict[str, KnownOrganization]:
    """Return the organizations in the database, for validating a file that names them."""
    departments: dict[int, list[str]] = {}
    for org_id, name in Department.objects.values_list("organization_id", "name"):
        departments.setdefault(org_id, []).append(name)
    return {
        o.key: KnownOrganization(o.key, o.name, o.short_name, tuple(departments.get(o.pk, [])))
        for o in Organization.objects.all()
    }


def import_plan(clean: CleanPlan, *, replace: bool = False, dry_run: bool = False) -> ImportSummary:
    """Create the plan (and its sub-plans) from a cleaned file; with dry_run, roll back.

    An existing plan of the same slug is replaced only when `replace` is given.
    """
    writer = _Writer(clean, dry_run)
    try:
        with transaction.atomic():
            writer.write(replace)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return writer.summary


class _Writer:
    def __init__(self, clean: CleanPlan, dry_run: bool) -> None:
        self.clean = clean
        self.summary = ImportSummary(slug=clean.data["slug"], dry_run=dry_run)
        self.orgs: dict[str, Organization] = {}
        self.departments: dict[tuple[str, str], Department] = {}

    def write(self, replace: bool) -> None:
        self.remove_existing(replace)
        self.write_organizations(self.clean.data["organizations"])
        self.orgs.update({o.key: o for o in Organization.objects.exclude(key__in=self.orgs)})
        for order, (plan, parent) in enumerate(self.clean.plans()):
            self.write_plan(plan, parent, order)

    def remove_existing(self, replace: bool) -> None:
        slugs = [p["slug"] for p, _ in self.clean.plans()]
        existing = list(Plan.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if existing and not replace:
            names = "」「".join(existing)
            message = f"計画「{names}」は既にあります。置き換えるには --replace を付けてください"
            raise PlanFileError([Problem(("slug",), message)])
        Plan.objects.filter(slug__in=existing, parent=None).delete()
        Plan.objects.filter(slug__in=existing).delete()
        self.summary.replaced = existing

    # -- organizations -----------------------------------------------------------------------

    def write_organizations(self, organizations: list[dict[str, Any]]) -> None:
        for order, data in enumerate(organizations):
            org, _ = Organization.objects.update_or_create(
                key=data["key"],
                defaults={
                    "name": data["name"],
                    "short_name": data["short_name"] or "",
                    "kind": data["kind"],
                    "order": order,
                },
            )
            self.orgs[org.key] = org
            self.write_departments(org, data["departments"])
            org.bases.all().delete()
            Base.objects.bulk_create(
                Base(organization=org, order=i, **_blank(b)) for i, b in enumerate(data["bases"])
            )
            self.summary.add("organizations")
        for data in organizations:
            parent = Organization.objects.get(key=data["parent"]) if data["parent"] else None
            Organization.objects.filter(key=data["key"]).update(parent=parent)

    def write_departments(self, org: Organization, names: list[str]) -> None:
        for order, name in enumerate(names):
            dept, _ = Department.objects.update_or_create(
                organization=org, name=name, defaults={"order": order}
            )
            self.departments[(org.key, name)] = dept

    # -- plan ---------------------------------------------------------------------------------

    def write_plan(self, data: dict[str, Any], parent: dict[str, Any] | None, order: int) -> None:
        period = data["period"] or {}
        plan = Plan.objects.create(
            slug=data["slug"],
            title=data["title"],
            subtitle=data["subtitle"] or "",
            period_start=period.get("start"),
            period_end=period.get("end"),
            period_note=period.get("note") or "",
            vision=data["vision"] or "",
            level_names=data["level_names"],
            description=data["description"] or "",
            source=data["source"] or "",
            order=order,
            parent=Plan.objects.get(slug=parent["slug"]) if parent else None,
            relation=data.get("relation", "") or "",
            grading_scheme=data["grading"],
        )
        owners = data["owners"] or (parent["owners"] if parent else [])
        PlanOwner.objects.bulk_create(
            PlanOwner(plan=plan, organization=self.orgs[k], order=i) for i, k in enumerate(owners)
        )
        GlossaryTerm.objects.bulk_create(
            GlossaryTerm(plan=plan, term=t["term"], description=t["description"] or "", order=i)
            for i, t in enumerate(data["glossary"])
        )
        nodes: dict[str, Node] = {}
        self.write_nodes(plan, data["nodes"], None, 0, nodes)
        self.link_nodes(data["nodes"], nodes)
        self.write_cycles(plan, data["cycles"], nodes)
        self.summary.add("plans")

    def write_nodes(
        self,
        plan: Plan,
        items: list[dict[str, Any]],
        parent: Node | None,
        depth: int,
        nodes: dict[str, Node],
    ) -> None:
        for order, data in enumerate(items):
            node = Node.objects.create(
                plan=plan,
                parent=parent,
                depth=depth,
                order=order,
                key=data["key"],
                code=data["code"] or "",
                level=data["level"] or "",
                title=data["title"],
                subtitle=data["subtitle"] or "",
                kind=data["kind"],
                priority=data["priority"],
                page_ref=data["page_ref"] or "",
                indicator_notes=data["indicator_notes"],
            )
            nodes[node.key] = node
            self.write_node_content(node, data)
            self.summary.add("nodes")
            self.write_nodes(plan, data["children"], node, depth + 1, nodes)

    def write_node_content(self, node: Node, data: dict[str, Any]) -> None:
        Narrative.objects.bulk_create(
            [
                Narrative(node=node, kind=Narrative.Kind.SECTION, order=i, **s)
                for i, s in enumerate(data["sections"])
            ]
            + [
                Narrative(node=node, kind=Narrative.Kind.COLUMN, order=i, **c)
                for i, c in enumerate(data["columns"])
            ]
        )
        Message.objects.bulk_create(
            Message(
                node=node,
                audience=m["audience"] or "",
                label=m["label"] or "",
                items=m["items"],
                order=i,
            )
            for i, m in enumerate(data["messages"])
        )
        node.footnotes.bulk_create(
            node.footnotes.model(node=node, order=i, **f) for i, f in enumerate(data["footnotes"])
        )
        for order, action in enumerate(data["actions"]):
            self.write_action(node, action, order)
        for order, indicator in enumerate(data["indicators"]):
            self.write_indicator(node, indicator, order)

    def write_action(self, node: Node, data: dict[str, Any], order: int) -> None:
        action = Action.objects.create(
            node=node,
            order=order,
            actor=data["actor"] or "",
            title=data["title"],
            content=data["content"] or "",
            priority=data["priority"],
            note=data["note"] or "",
        )
        ActionAssignment.objects.bulk_create(
            ActionAssignment(action=action, order=i, **self.responsible(name))
            for i, name in enumerate(data["departments"])
        )
        self.summary.add("actions")

    def write_indicator(self, node: Node, data: dict[str, Any], order: int) -> None:
        base = data["baseline"]
        indicator = Indicator.objects.create(
            node=node,
            order=order,
            key=data["key"],
            name=data["name"],
            unit=data["unit"] or "",
            source_note=data["source_note"] or "",
            definition=data["definition"] or "",
            cumulative=data["cumulative"],
            survey=data["survey"],
            direction=data["direction"] or "",
            numerator=_dec(data["numerator"]),
            denominator=_dec(data["denominator"]),
            ratio_unit=data["ratio_unit"] or "",
            footnotes=data["footnotes"],
            notes=data["notes"],
            baseline_year=base["fiscal_year"],
            baseline_value=_dec(base["value"]),
            baseline_precision=_places(base["value"]),
            baseline_note=base["note"] or "",
        )
        IndicatorAssignment.objects.bulk_create(
            IndicatorAssignment(indicator=indicator, order=i, **self.responsible(name))
            for i, name in enumerate(data["responsible"])
        )
        Target.objects.bulk_create(_target(indicator, t, i) for i, t in enumerate(data["targets"]))
        Actual.objects.bulk_create(_actual(indicator, a) for a in data["actuals"])
        self.summary.add("indicators")
        self.summary.add("targets", len(data["targets"]))
        self.summary.add("actuals", len(data["actuals"]))

    def responsible(self, name: str) -> dict[str, Any]:
        org_key, dept_name = self.clean.responsible[name]
        org = self.orgs[org_key]
        if dept_name is None:
            return {"organization": org, "department": None, "printed_name": name}
        dept = self.departments.get((org_key, dept_name))
        if dept is None:
            dept = self.departments[(org_key, dept_name)] = Department.objects.get(
                organization=org, name=dept_name
            )
        return {"organization": org, "department": dept, "printed_name": name}

    def link_nodes(self, items: list[dict[str, Any]], nodes: dict[str, Node]) -> None:
        """Set the references between nodes once every node of the plan exists."""
        for data in items:
            node = nodes[data["key"]]
            if data["relist_of"]:
                Node.objects.filter(pk=node.pk).update(relist_of=nodes[data["relist_of"]])
            node.related.set([nodes[k] for k in data["related"]])
            for order, action in enumerate(data["actions"]):
                if action["relist_of"]:
                    node.actions.filter(order=order).update(relist_of=nodes[action["relist_of"]])
            self.link_nodes(data["children"], nodes)

    def write_cycles(
        self, plan: Plan, cycles: list[dict[str, Any]], nodes: dict[str, Node]
    ) -> None:
        for order, data in enumerate(cycles):
            cycle = Cycle.objects.create(
                plan=plan,
                order=order,
                fiscal_year=data["fiscal_year"],
                title=data["title"],
                status=data["status"],
                confirmed_by=data["confirmed_by"] or "",
                confirmed_on=data["confirmed_on"],
            )
            for i, entry in enumerate(data["entries"]):
                self.write_entry(cycle, nodes, entry, i)
            self.summary.add("cycles")
            self.summary.add("entries", len(data["entries"]))

    def write_entry(
        self, cycle: Cycle, nodes: dict[str, Node], data: dict[str, Any], order: int
    ) -> None:
        who = self.responsible(data["department"]) if data["department"] else {}
        who.pop("printed_name", None)
        node = nodes[data["node"]]
        default = (
            Entry.Status.CONFIRMED if cycle.status == Cycle.Status.CONFIRMED else Entry.Status.DRAFT
        )
        entry = Entry.objects.create(
            cycle=cycle,
            node=node,
            action=node.actions.get(order=data["action"]) if data["action"] is not None else None,
            status=data["status"] or default,
            order=order,
            actor=data["actor"] or "",
            progress=data["progress"] or "",
            issues=data["issues"] or "",
            next_steps=data["next_steps"] or "",
            self_rating=data["self_rating"] or "",
            **who,
        )
        indicators = {i.key: i for i in Indicator.objects.filter(node__plan=cycle.plan)}
        ValueSlot.objects.bulk_create(
            ValueSlot(
                entry=entry,
                indicator=indicators[v["indicator"]],
                value=_dec(v["value"]),
                precision=_places(v["value"]),
                note=v["note"] or "",
                method_changed=v["method_changed"],
                sample=v["sample"],
            )
            for v in data["values"]
        )


def _target(indicator: Indicator, data: dict[str, Any], order: int) -> Target:
    return Target(
        indicator=indicator,
        order=order,
        fiscal_year=data["fiscal_year"],
        value=_dec(data["value"]),
        precision=_places(data["value"]),
        direction=data["direction"] or "",
        qualifier=data["qualifier"] or "",
        numerator=_dec(data["numerator"]),
        denominator=_dec(data["denominator"]),
        note=data["note"] or "",
        not_set_reason=data["not_set_reason"] or "",
    )


def _actual(indicator: Indicator, data: dict[str, Any]) -> Actual:
    return Actual(
        indicator=indicator,
        fiscal_year=data["fiscal_year"],
        value=_dec(data["value"]),
        precision=_places(data["value"]),
        numerator=_dec(data["numerator"]),
        denominator=_dec(data["denominator"]),
        note=data["note"] or "",
        method_changed=data["method_changed"],
        sample=data["sample"],
    )


def _dec(value: Any) -> Decimal | None:
    return (
        None if value is None else Decimal(str(value)) if not isinstance(value, Decimal) else value
    )


def _places(value: Any) -> int:
    return 0 if value is None else decimals_of(_dec(value) or Decimal(0))


def _blank(values: dict[str, Any]) -> dict[str, Any]:
    """Return values with None as "" for text columns."""
    return {k: ("" if v is None else v) for k, v in values.items()}
