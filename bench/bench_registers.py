"""Counting the register-bound indicators over 10 million activity records, on PostgreSQL.

Creates a database of its own beside the one DATABASE_URL names (`sasaeai_bench_registers`,
dropped at the end: the dev database is never touched), migrates it, loads the demo (the ageo
council, its 13 branches, their sample places, meetings and courses, and the bound indicators),
then loads 50,000 volunteers and 10,000,000 activity records over 13 branches and 10 fiscal years
(FY2016–FY2025) with one `INSERT … SELECT generate_series` (indexes and foreign keys dropped during
the load and rebuilt after, as pg_restore does), and builds the tallies with one set-based
`tallies.rebuild()`. Then, best of N and median:

  (a) every measure bound to an indicator, for every branch and year: its `by_branch` over the
      council and its 13 branches × 10 years, and `computed(binding, years)` (the totals) —
      the four ageo indicators of issue 9, the cumulative one of the demo, and
      volunteers.active bound to one more indicator. Goal (issue 9): under 1 s.
  (b) the reference: a bare `SELECT branch_id, fiscal_year, count(*) … GROUP BY 1, 2` over the
      activity table, and the same with sum(people).
  (c) (a) again with the activity measures counted straight from the records, without tallies
      (once: COUNT(DISTINCT) sorts the 10 million records, about a minute a run); its figures
      must equal (a)'s, which checks the tallies at full size.
  (d) what a page save pays: one activity record created (its signal refreshes its bucket of
      ~77,000 records), a refresh of one bucket alone; and, once each, the first build of every
      tally from empty and a rebuild over existing tallies (`sasaeai rebuild_tallies`).

It reports; it never fails on a slow machine. About 5 minutes on 2 cores.

    DATABASE_URL=postgres://sasaeai:sasaeai@127.0.0.1:5432/sasaeai \
        .venv/bin/python bench/bench_registers.py [--runs N] [--records N] [--keep]
"""

import argparse
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCH_DB = "sasaeai_bench_registers"
RECORDS, VOLUNTEERS, BRANCHES = 10_000_000, 50_000, 13
YEARS = list(range(2016, 2026))  # FY2016-04-01 … FY2025 ends 2026-03-31
GOAL_SECONDS = 1.0
NEW_BINDING = "volunteers.active"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records", type=int, default=RECORDS)
    parser.add_argument("--keep", action="store_true", help="leave the database for a look")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql", "pgsql"):
        print(
            "skipped: bench/bench_registers.py needs PostgreSQL; set DATABASE_URL=postgres://… "
            "(a role that may CREATE DATABASE; the named database is left alone)"
        )
        return
    _create_database(url)
    try:
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{BENCH_DB}"))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sasaeai.settings")
        import django

        django.setup()
        run(args.runs, args.records)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _drop_database(url)


def run(runs: int, records: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from sasaeai.demo.services import load_demo

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_demo()
    branches, bindings = _bindings()
    setup = time.perf_counter() - started
    print(f"database {BENCH_DB}: migrated and demo loaded in {setup:.1f} s")
    first_volunteer = _load_volunteers(branches)
    started = time.perf_counter()
    _load_activities(branches, first_volunteer, records)
    load = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE volunteers_activity")
    vacuum = time.perf_counter() - started
    print(f"{records:,} activity records loaded in {load:.1f} s, VACUUM ANALYZE {vacuum:.1f} s")
    initial = _rebuild("built from empty")
    _report_sizes()
    rebuild = _rebuild("rebuilt over themselves (rebuild_tallies)")
    with connection.cursor() as cursor:  # as autovacuum would, after so many new rows
        cursor.execute("VACUUM ANALYZE volunteers_activitytally, volunteers_volunteeryear")

    results = {}
    results["(a) every bound measure, tallied"] = _timed(runs, lambda: _all_measures(bindings))
    results["(b) SELECT branch, year, count(*) GROUP BY"] = _timed(
        runs,
        lambda: _sql(
            "SELECT branch_id, fiscal_year, count(*) FROM volunteers_activity GROUP BY 1, 2"
        ),
    )
    results["(b) … count(*), sum(people) GROUP BY"] = _timed(
        runs,
        lambda: _sql(
            "SELECT branch_id, fiscal_year, count(*), sum(people) FROM volunteers_activity"
            " GROUP BY 1, 2"
        ),
    )
    tallied = _all_measures(bindings)
    with _direct_measures():  # once: each run sorts the 10 million records twice
        started = time.perf_counter()
        direct = _all_measures(bindings)
        results["(c) every bound measure, from the records (once)"] = [
            time.perf_counter() - started
        ]
    assert direct == tallied, "tallies and records disagree"
    save, one = _single_row(branches, first_volunteer, runs)
    results["(d) create one record (its bucket refreshed)"] = save
    results["(d) refresh one bucket"] = one
    results["(d) full build from empty (once)"] = [initial]
    results["(d) full rebuild over the tallies (once)"] = [rebuild]
    _report(results, runs, len(bindings), tallied)


def _bindings() -> tuple[list[int], list]:  # type: ignore[type-arg]
    """Bind the demo's indicators for all ten years, and volunteers.active to one more."""
    from sasaeai.accounts.models import Organization
    from sasaeai.plans.models import Indicator
    from sasaeai.registers.models import IndicatorBinding

    council = Organization.objects.get(key="ageo-council")
    branches = list(council.branches.order_by("order", "id").values_list("pk", flat=True))
    assert len(branches) == BRANCHES, branches
    spare = Indicator.objects.filter(node__plan__slug="ageo", binding__isnull=True).first()
    IndicatorBinding.objects.create(indicator=spare, measure=NEW_BINDING, council=council)
    bindings = IndicatorBinding.objects.filter(council=council).order_by("pk")
    bindings.update(first_year=None)
    return branches, list(bindings.select_related("indicator"))


def _load_volunteers(branches: list[int]) -> int:
    """Insert the volunteers, spread over the branches; return the first id (ids run on)."""
    rows = _sql(
        "INSERT INTO volunteers_volunteer (branch_id, sample, created_at, updated_at, name, kana,"
        " phone, email, address, availability, note)"
        " SELECT (%s::bigint[])[1 + g %% %s], true, now(), now(), 'ボランティア' || g, '', '',"
        " '', '', '[]', '' FROM generate_series(0, %s - 1) AS g RETURNING id",
        [branches, len(branches), VOLUNTEERS],
    )
    ids = sorted(r[0] for r in rows)
    assert ids[-1] - ids[0] == VOLUNTEERS - 1, "volunteer ids are not consecutive"
    return ids[0]


# A quarter of the records are a group's (no volunteer); a volunteer works in their own branch
# but one record in twenty is in another branch, so some volunteers are active in two.
ACTIVITIES = """
INSERT INTO volunteers_activity (branch_id, sample, created_at, updated_at, date, fiscal_year,
    volunteer_id, description, hours, people)
SELECT (%(branches)s::bigint[])[1 + CASE WHEN k IS NULL OR stray THEN other ELSE k %% %(n)s END],
    true, now(), now(), day, extract(year FROM day - interval '3 months')::int,
    %(first)s + k, '', hours, people
FROM (
    SELECT date '2016-04-01' + (random() * 3651)::int AS day,
        CASE WHEN random() < 0.75 THEN (random() * (%(volunteers)s - 1))::int END AS k,
        random() < 0.05 AS stray,
        (random() * (%(n)s - 1))::int AS other,
        (1 + (random() * 5)::int) * 0.5 AS hours,
        1 + (random() * 4)::int AS people
    FROM generate_series(1, %(records)s)
) AS generated
ORDER BY day  -- records are entered as the days go by
"""


def _load_activities(branches: list[int], first_volunteer: int, records: int) -> None:
    """Insert the records with the table's indexes and foreign keys dropped, then restore them."""
    from django.db import connection, transaction

    from sasaeai.volunteers.models import Activity

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        Activity.objects.all()._raw_delete(Activity.objects.db)  # type: ignore[attr-defined]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = 'volunteers_activity'::regclass AND contype = 'f'"
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = 'volunteers_activity'::regclass AND NOT indisprimary"
        )
        indexes = cursor.fetchall()
        for name, _ in keys:
            cursor.execute(f'ALTER TABLE volunteers_activity DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        params = {"branches": branches, "n": len(branches), "first": first_volunteer}
        started = time.perf_counter()
        cursor.execute(ACTIVITIES, {**params, "volunteers": VOLUNTEERS, "records": records})
        inserted = time.perf_counter()
        for _, definition in indexes:
            cursor.execute(definition)
        print(
            f"  INSERT … SELECT {inserted - started:.1f} s, {len(indexes)} indexes "
            f"{time.perf_counter() - inserted:.1f} s"
        )
        # NOT VALID: the generated ids are valid by construction, and checking 10 million rows
        # four times would double the load; the constraints hold for every later write.
        for name, definition in keys:
            cursor.execute(
                f'ALTER TABLE volunteers_activity ADD CONSTRAINT "{name}" {definition} NOT VALID'
            )


def _rebuild(how: str) -> float:
    from sasaeai.volunteers import tallies

    started = time.perf_counter()
    buckets = tallies.rebuild()
    elapsed = time.perf_counter() - started
    print(f"tallies of every record {how} in {elapsed:.1f} s: {buckets} buckets")
    return elapsed


def _report_sizes() -> None:
    for table in ("volunteers_activity", "volunteers_activitytally", "volunteers_volunteeryear"):
        ((rows, size),) = _sql(
            f"SELECT count(*), pg_size_pretty(pg_total_relation_size('{table}')) FROM {table}"
        )
        print(f"  {table:28s} {rows:>12,} rows  {size:>8s} with indexes")


def _all_measures(bindings: list) -> dict:  # type: ignore[type-arg]
    """Count every binding per branch and year, and its totals, as the indicator pages do."""
    from sasaeai.registers import measures

    out = {}
    for binding in bindings:
        units = measures.binding_units(binding)
        measure = measures.get(binding.measure)
        by_branch = measure.by_branch(units, YEARS, binding.params or {})
        out[binding.pk] = (by_branch, measures.computed(binding, YEARS))
    return out


class _direct_measures:
    """Swap the activity measures for ones that count the records directly, while inside."""

    def __enter__(self) -> None:
        from django.db.models import Count, Sum

        from sasaeai.registers import measures
        from sasaeai.volunteers.models import Activity

        def grouped(value):  # type: ignore[no-untyped-def]
            def by_branch(branch_ids, years, params):  # type: ignore[no-untyped-def]
                rows = (
                    Activity.objects.filter(branch__in=branch_ids, fiscal_year__in=years)
                    .order_by()
                    .values_list("branch", "fiscal_year")
                    .annotate(n=value)
                )
                return {(b, fy): n for b, fy, n in rows}

            return by_branch

        def active_totals(branch_ids, years, params):  # type: ignore[no-untyped-def]
            rows = (
                Activity.objects.filter(branch__in=branch_ids, fiscal_year__in=years)
                .order_by()
                .values_list("fiscal_year")
                .annotate(n=Count("volunteer", distinct=True))
            )
            counted = dict(rows)
            return {fy: counted.get(fy, 0) for fy in years}

        self.saved = dict(measures.REGISTRY)
        registry = measures.REGISTRY
        registry["volunteers.participants"] = replace(
            registry["volunteers.participants"], by_branch=grouped(Sum("people"))
        )
        registry["volunteers.active"] = replace(
            registry["volunteers.active"],
            by_branch=grouped(Count("volunteer", distinct=True)),
            total=active_totals,
        )

    def __exit__(self, *exc: object) -> None:
        from sasaeai.registers import measures

        measures.REGISTRY.update(self.saved)


def _single_row(branches: list[int], volunteer: int, runs: int) -> tuple[list, list]:  # type: ignore[type-arg]
    """Time creating one record in a full bucket (the signal refreshes it), and a refresh alone."""
    from sasaeai.volunteers import tallies
    from sasaeai.volunteers.models import Activity

    saves, refreshes = [], []
    for n in range(runs):
        started = time.perf_counter()
        record = Activity.objects.create(
            branch_id=branches[0],
            date=date(2020, 7, 1 + n),
            volunteer_id=volunteer,
            hours=Decimal("1.5"),
        )
        saves.append(time.perf_counter() - started)
        started = time.perf_counter()
        tallies.refresh([(branches[0], 2020)])
        refreshes.append(time.perf_counter() - started)
        record.delete()
    return saves, refreshes


def _timed(runs: int, work: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def _sql(sql: str, params: object = None) -> list:  # type: ignore[type-arg]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _report(results: dict, runs: int, bindings: int, tallied: dict) -> None:  # type: ignore[type-arg]
    print()
    print(f"{'':50s} {'best':>10s} {'median':>10s}   (of {runs})")
    for name, times in results.items():
        print(f"{name:50s} {min(times) * 1000:8.1f} ms {statistics.median(times) * 1000:8.1f} ms")
    best = min(results["(a) every bound measure, tallied"])
    reference = min(results["(b) SELECT branch, year, count(*) GROUP BY"])
    direct = min(results["(c) every bound measure, from the records (once)"])
    print(
        f"\n(a) {bindings} bindings × {BRANCHES} branches × {len(YEARS)} years: "
        f"{best * 1000:.1f} ms (goal < {GOAL_SECONDS * 1000:.0f} ms -> "
        f"{'met' if best < GOAL_SECONDS else 'NOT met'}); "
        f"the bare count(*) GROUP BY takes {reference / best:.1f} × as long, "
        f"{direct / best:.0f} × faster than counting the records"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS of this python process: {rss:.0f} MB")


def _admin(url: str):  # type: ignore[no-untyped-def]
    """Connect (autocommit) to the database DATABASE_URL names, or to `postgres` without it."""
    import psycopg

    parts = urlsplit(url)
    for name in (parts.path.lstrip("/"), "postgres"):
        try:
            return psycopg.connect(urlunsplit(parts._replace(path=f"/{name}")), autocommit=True)
        except psycopg.OperationalError:
            continue
    raise SystemExit(f"cannot connect to PostgreSQL at {parts.hostname}:{parts.port}")


def _create_database(url: str) -> None:
    with _admin(url) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")  # a run cut short
        admin.execute(f"CREATE DATABASE {BENCH_DB}")


def _drop_database(url: str) -> None:
    with _admin(url) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    print(f"database {BENCH_DB} dropped")


if __name__ == "__main__":
    main()
