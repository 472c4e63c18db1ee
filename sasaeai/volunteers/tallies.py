"""Keep ActivityTally and VolunteerYear equal to the activity records they summarise.

A change to activity records names the (branch, fiscal year) buckets it touched; each bucket is
recomputed from its records in the same transaction. Recomputing rather than adding means a
tally cannot drift, whatever path changed the records (a page, an import, the admin).
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Activity, ActivityTally, VolunteerYear

Bucket = tuple[int, int]  # (branch id, fiscal year)


@transaction.atomic
def refresh(buckets: Iterable[Bucket]) -> None:
    """Recompute the tallies of the given (branch, fiscal year) buckets from their records."""
    for branch_id, fy in sorted(set(buckets)):
        records = Activity.objects.filter(branch_id=branch_id, fiscal_year=fy)
        totals = records.aggregate(
            n=Count("pk"),
            people=Sum("people"),
            hours=Sum("hours"),
            volunteers=Count("volunteer", distinct=True),
        )
        VolunteerYear.objects.filter(branch_id=branch_id, fiscal_year=fy).delete()
        if not totals["n"]:
            ActivityTally.objects.filter(branch_id=branch_id, fiscal_year=fy).delete()
            continue
        ActivityTally.objects.update_or_create(
            branch_id=branch_id,
            fiscal_year=fy,
            defaults={
                "records": totals["n"],
                "people": totals["people"] or 0,
                "hours": totals["hours"] or 0,
                "volunteers": totals["volunteers"],
            },
        )
        VolunteerYear.objects.bulk_create(
            VolunteerYear(volunteer_id=v, branch_id=branch_id, fiscal_year=fy)
            for v in records.exclude(volunteer=None)
            .order_by()
            .values_list("volunteer", flat=True)
            .distinct()
        )


@receiver(pre_save, sender=Activity)
def _remember_old_bucket(sender, instance: Activity, **kwargs) -> None:  # type: ignore[no-untyped-def]
    old = None
    if instance.pk:
        old = Activity.objects.filter(pk=instance.pk).values_list("branch", "fiscal_year").first()
    instance._old_bucket = old  # type: ignore[attr-defined]


@receiver(post_save, sender=Activity)
def _after_save(sender, instance: Activity, **kwargs) -> None:  # type: ignore[no-untyped-def]
    buckets = {(instance.branch_id, instance.fiscal_year)}
    old = getattr(instance, "_old_bucket", None)
    if old:
        buckets.add(old)
    refresh(buckets)


@receiver(post_delete, sender=Activity)
def _after_delete(sender, instance: Activity, **kwargs) -> None:  # type: ignore[no-untyped-def]
    refresh({(instance.branch_id, instance.fiscal_year)})
