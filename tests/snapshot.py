"""Load the demo once per test session and copy its rows into each test that asks for it.

`load_demo()` runs about 1,300 queries and a good deal of Python (reading the plan files,
grading, the yearly cycle): 1–2 s a test, and some 600 tests ask for it. The first of them runs
it for real, inside its own transaction, and keeps the rows it left in every table it changed;
the next ones get the same rows written back with one bulk insert per table. Each test still
runs in its own transaction and sees nothing of another's, as before.

A copy is only written into a database in the state the first load started from (the tables it
changes hold what they held then); otherwise the test gets the real `load_demo()`.
tests/test_snapshot.py checks that a copy written back equals what was taken.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

Rows = dict[type[models.Model], list[tuple]]


def tables() -> list[type[models.Model]]:
    """Every concrete table Django manages, many-to-many tables included."""
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]


def _columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def dump(only: list[type[models.Model]] | None = None) -> Rows:
    """Return every row of the given tables (all of them by default), in primary-key order."""
    return {
        m: list(m._base_manager.order_by("pk").values_list(*_columns(m)))
        for m in (tables() if only is None else only)
    }


@dataclass
class Snapshot:
    before: dict[type[models.Model], int]  # row counts of the changed tables before the load
    after: Rows  # their rows after it

    @classmethod
    def take(cls, load: Callable[[], object]) -> "Snapshot":
        """Run `load` and return what it changed."""
        start = dump()
        load()
        end = dump()
        changed = [m for m in end if end[m] != start[m]]
        return cls({m: len(start[m]) for m in changed}, {m: end[m] for m in changed})

    def fits(self) -> bool:
        """Whether the database is as the load found it, as far as the counts of its tables show."""
        return all(m._base_manager.count() == n for m, n in self.before.items())

    def restore(self) -> None:
        """Write the rows back: empty the changed tables, then one bulk insert per table."""
        with transaction.atomic():
            for model in self.after:
                model._base_manager.all()._raw_delete(connection.alias)
            for model, rows in self.after.items():
                names = _columns(model)
                objects = [model(**dict(zip(names, row, strict=True))) for row in rows]
                _insert_as_is(model, objects)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(self.after)):
                    cursor.execute(sql)
        from sasaeai.public.signals import renew

        renew()  # as the real load does through its signals: no cached public page survives


def _insert_as_is(model: type[models.Model], objects: list[models.Model]) -> None:
    """bulk_create, without letting auto_now fields or signals change what was taken."""
    fields = model._meta.concrete_fields
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields if hasattr(f, "auto_now")]
    try:
        for f, _, _ in saved:
            f.auto_now = f.auto_now_add = False
        model._base_manager.bulk_create(objects, batch_size=500)
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


_taken: dict[tuple[str, bool], Snapshot] = {}


def load_demo_fast(*, registers: bool) -> None:
    """`load_demo(registers=…)`, from this session's copy when there is one that fits."""
    from sasaeai.demo.services import load_demo

    key = (connection.vendor, registers)
    snapshot = _taken.get(key)
    if snapshot is None:
        _taken[key] = Snapshot.take(lambda: load_demo(registers=registers))
    elif snapshot.fits():
        snapshot.restore()
    else:
        load_demo(registers=registers)
