"""Time to produce the tokorozawa 指標一覧 and 計画書 as PDF and as XLSX, beside their HTML alone.

Runs in-process on a fresh SQLite database with the demo loaded; each figure is the best of 3
(the first PDF also pays for loading WeasyPrint, so one warm-up run is not timed). Goals
(issue 6): PDF under 3 s, XLSX under 0.5 s. The script reports; it never fails on a slow machine.

    .venv/bin/python bench/bench_reports.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sasaeai.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

RUNS = 3
KINDS = ("indicators", "booklet")
GOALS = {"html": None, "xlsx": 0.5, "pdf": 3.0}


def main() -> None:
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    from sasaeai.plans.models import Plan
    from sasaeai.reports import base

    plan = Plan.objects.get(slug="tokorozawa")
    for kind in KINDS:
        exporter = base.get(kind)
        for fmt, goal in GOALS.items():
            exporter.render(plan, 2024, fmt)  # warm-up: imports, template and font loading
            best, size = best_of(lambda e=exporter, f=fmt: e.render(plan, 2024, f)[2])
            verdict = "reference" if goal is None else ("ok" if best < goal else f"over {goal} s")
            print(
                f"{exporter.verbose_name}\ttokorozawa {fmt:5s} best of {RUNS}: "
                f"{best:6.3f} s  {size:9,d} B  {verdict}"
            )


def best_of(produce) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        size = len(produce())
        times.append(time.perf_counter() - start)
    return min(times), size


if __name__ == "__main__":
    main()
