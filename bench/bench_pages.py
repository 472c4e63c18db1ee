"""Server time of the plan pages with every grade, beside a trivial page of the same app.

Runs in-process through Django's test client on a fresh SQLite database with the demo loaded,
so it measures the view, the queries and the template — not the network. Goal (issue 4): the
largest demo plan's page with all grades under 100 ms, with a bounded number of queries.
"""

import os
import statistics
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RUNS = 40


def main() -> None:
    from django.core.signals import request_started
    from django.db import close_old_connections, reset_queries

    # As Django's test runner does: keep the connection and its query log across requests.
    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    from sasaeai.plans.models import Node

    client = Client()
    client.login(username="somu", password="sasaeai-demo")
    node = Node.objects.get(plan__slug="tokorozawa", key="Ⅰ/4")
    pages = {
        "trivial (login page)": ("/accounts/login/", Client()),
        "plan page, tokorozawa, all 47 grades": ("/plans/tokorozawa/", client),
        "node page, tokorozawa Ⅰ/4": (f"/plans/tokorozawa/nodes/{node.pk}/", client),
    }
    for name, (url, who) in pages.items():
        times, queries = measure(who, url)
        print(
            f"{name:40s} median {statistics.median(times):6.1f} ms  "
            f"p95 {percentile(times, 95):6.1f} ms  queries {queries}"
        )


def measure(client: Client, url: str) -> tuple[list[float], int]:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return times, captured.final_queries - captured.initial_queries


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


if __name__ == "__main__":
    main()
