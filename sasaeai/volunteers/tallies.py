"""Keep ActivityTally and VolunteerYear equal to the activity records they summarise.

A change to activity records names the (branch, fiscal year) buckets it touched; those buckets are
recomputed from their records in the same transaction. Recomputing rather than adding means a
tally cannot drift, whatever path changed the records (a page, an import, the admin).

Single rows are kept by the signals below (save, delete, and QuerySet.delete, which sends
post_delete for each row because these receivers exist). Paths that skip signals
(`bulk_create`, `QuerySet.update`, raw SQL) call `refresh(buckets)` themselves; a batch of
ordinary saves or deletes runs inside `deferred()` so that its buckets are recomputed once.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce
from itertools import groupby
from operator import or_

from django.db import connections, router, transaction
from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Activity, ActivityTally, VolunteerYear

Bucket = tuple[int, int]  # (branch id, fiscal year)

# SQLite allows 32,766 parameters per statement (999 before 3.32); a bucket costs at most two.
CHUNK = 400
_pending: ContextVar[set[Bucket] | None] = ContextVar("pending_tally_buckets", default=None)


def refresh(buckets: Iterable[Bucket]) -> None:
    """Recompute the tallies and volunteer-years of the given (branch, fiscal year) buckets.

    Five set-based statements per 400 buckets, however many records they hold: the
    volunteer-years that no longer hold are deleted and the missing ones inserted by one
    `INSERT … SELECT DISTINCT`; the tallies are deleted, inserted again by one grouped
    `INSERT … SELECT`, and given their volunteer-years' count by one `UPDATE`. Inside
    `deferred()` the buckets are only noted, and recomputed when the block ends.
    """
    wanted = sorted(set(buckets))
    pending = _pending.get()
    if pending is not None:
        pending.update(wanted)
        return
    if not wanted:
        return
    with transaction.atomic(using=_db()):
        _lock(wanted)
        for start in range(0, len(wanted), CHUNK):
            _recompute(_in_buckets(wanted[start : start + CHUNK]))


def rebuild() -> int:
    """Recompute every tally from all the activity records; return how many buckets hold any."""
    with transaction.atomic(using=_db()):
        _recompute(Q())
        return ActivityTally.objects.count()


@contextmanager
def deferred() -> Iterator[None]:
    """Run a batch of changes in one transaction and recompute their buckets once, at the end."""
    if _pending.get() is not None:  # an outer block refreshes
        yield
        return
    pending: set[Bucket] = set()
    token = _pending.set(pending)
    try:
        with transaction.atomic(using=_db()):
            yield
            _pending.reset(token)
            token = None
            refresh(pending)
    finally:
        if token is not None:
            _pending.reset(token)


def _recompute(where: Q) -> None:
    records = Activity.objects.filter(where).order_by()
    # Volunteer-years change by a row or two when a record does: delete and insert only those,
    # since each inserted row also pays two foreign-key checks.
    VolunteerYear.objects.filter(where).exclude(_same_triple(Activity)).delete()
    missing = (
        records.exclude(volunteer=None)
        .exclude(_same_triple(VolunteerYear))
        .values_list("volunteer", "branch", "fiscal_year")
        .distinct()
    )
    _insert_from(VolunteerYear, ("volunteer", "branch", "fiscal_year"), missing)
    totals = (
        records.values("branch", "fiscal_year")
        .annotate(n=Count("pk"), p=Sum("people"), h=Sum("hours"), v=Value(0))
        .values_list("branch", "fiscal_year", "n", "p", "h", "v")
    )
    ActivityTally.objects.filter(where).delete()
    _insert_from(
        ActivityTally, ("branch", "fiscal_year", "records", "people", "hours", "volunteers"), totals
    )
    # A bucket's distinct volunteers are its volunteer-years: counting those rows is much
    # cheaper than COUNT(DISTINCT) over the records (a sort of every record).
    volunteer_years = (
        VolunteerYear.objects.filter(branch=OuterRef("branch"), fiscal_year=OuterRef("fiscal_year"))
        .order_by()
        .values("fiscal_year")
        .annotate(n=Count("pk"))
        .values("n")
    )
    ActivityTally.objects.filter(where).update(volunteers=Coalesce(Subquery(volunteer_years), 0))


def _same_triple(model: type[Model]) -> Exists:
    """Return whether `model` has a row with the outer row's volunteer, branch and year."""
    triple = {f: OuterRef(f) for f in ("volunteer", "branch", "fiscal_year")}
    return Exists(model._default_manager.filter(**triple))


def _insert_from(model: type[Model], fields: tuple[str, ...], rows: QuerySet) -> None:
    """INSERT INTO model (fields) SELECT …: the rows never travel through Python."""
    db = _db()
    quote = connections[db].ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)  # type: ignore[union-attr]
    select, params = rows.query.get_compiler(using=db).as_sql()
    with connections[db].cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {select}", params)


def _in_buckets(buckets: list[Bucket]) -> Q:
    """Return a filter matching the buckets: one `branch IN (…)` per fiscal year."""
    by_year = groupby(sorted(buckets, key=lambda b: (b[1], b[0])), key=lambda b: b[1])
    return reduce(
        or_, (Q(fiscal_year=fy, branch_id__in=[b for b, _ in group]) for fy, group in by_year)
    )


def _lock(buckets: list[Bucket]) -> None:
    """Serialise concurrent refreshes of a bucket until commit, in a fixed order (no deadlock).

    Without it two transactions saving records of the same bucket could each delete the old
    tally and insert their own, and the second would break the unique constraint. SQLite
    serialises writers by itself.
    """
    connection = connections[_db()]
    if connection.vendor != "postgresql":
        return
    keys = [f"sasaeai.activity_tally {branch} {fy}" for branch, fy in buckets]
    with connection.cursor() as cursor:
        # A bucket's statements cost PostgreSQL's JIT more to compile than they take to run.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))"
            " FROM (SELECT k FROM unnest(%s::text[]) AS k ORDER BY k) AS ordered",
            [keys],
        )


def _db() -> str:
    return router.db_for_write(ActivityTally)


@receiver(pre_save, sender=Activity)
def _remember_old_bucket(sender, instance: Activity, **kwargs) -> None:  # type: ignore[no-untyped-def]
    old = None
    if not instance._state.adding and instance.pk:
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
