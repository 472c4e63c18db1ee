"""Requests per second and p95 latency of the public pages over HTTP, under 50 concurrent clients.

Starts gunicorn on a fresh SQLite database with the demo loaded (127.0.0.1, a free port, DEBUG
off, the default per-process LocMem cache) and drives it with wrk (`-t2 -c50 -d8s`) against a
trivial page of the same server (/public/healthz/, "ok" without database or template) as the
reference, the tokorozawa plan page and the indicator API. Goal (issue 8): the plan page at no less
than a third of the trivial page's requests per second, p95 under 200 ms, no errors. wrk runs on
the same machine and takes CPU from the server, so the ratio matters more than the figures.
The script reports; it never fails on a slow machine. About 50 s (four pages of 8 s, the demo).

    .venv/bin/python bench/bench_public.py
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp())
os.environ["SQLITE_PATH"] = str(TMP / "bench.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("CACHE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sasaeai.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

WORKERS, THREADS = 2, 4  # two cores: a process each, threads to overlap the socket waits
CLIENTS, DURATION = 50, "8s"
GOAL_RATIO, GOAL_P95_MS = 1 / 3, 200.0

# wrk's done hook: the figures as key=value lines, p95 included (--latency stops at 90 and 99).
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50=%.3f p95=%.3f p99=%.3f requests=%d "
    .. "non2xx=%d socket=%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests,
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def main() -> None:
    wrk, gunicorn = (
        shutil.which("wrk"),
        shutil.which("gunicorn", path=str(Path(sys.executable).parent)),
    )
    if wrk is None or gunicorn is None:
        print("skipped: needs wrk (Debian package `wrk`) and gunicorn (pip install -e .)")
        return
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    from sasaeai.plans.models import Node

    node = Node.objects.filter(plan__slug="tokorozawa", indicators__isnull=False).first()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            gunicorn,
            "sasaeai.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
        ],
        env={
            **os.environ,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECRET_KEY": "bench-only-secret-key-not-for-production",
        },
        start_new_session=True,
    )
    try:
        _wait(f"{base}/public/healthz/")
        api = "/api/v1/public/plans/tokorozawa/indicators"
        if _status(base + api) != 200:
            print(f"note: {api} does not answer 200 yet; measuring the public indicator JSON")
            api = ""
        sibling = f"/public/tokorozawa/nodes/{node.pk}/indicators.json"
        pages = {
            "trivial (/public/healthz/)": "/public/healthz/",
            "plan page /public/tokorozawa/": "/public/tokorozawa/",
            **({f"indicator API {api}": api} if api else {}),
            f"public indicator JSON {sibling}": sibling,
        }
        script = TMP / "p95.lua"
        script.write_text(LUA)
        print(
            f"gunicorn -w {WORKERS} --threads {THREADS}, wrk -t2 -c{CLIENTS} -d{DURATION}, "
            f"{os.cpu_count()} CPUs, LocMem cache per worker"
        )
        results = {}
        for name, path in pages.items():
            for _ in range(WORKERS * THREADS * 4):  # warm every worker's cache and connections
                _status(base + path)
            results[name] = _wrk(wrk, script, base + path)
        _report(results)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        shutil.rmtree(TMP, ignore_errors=True)


def _wrk(wrk: str, script: Path, url: str) -> dict[str, float]:
    out = subprocess.run(
        [wrk, "-t2", f"-c{CLIENTS}", f"-d{DURATION}", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    return {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}


def _report(results: dict[str, dict[str, float]]) -> None:
    (_, ref), *others = results.items()
    for name, r in results.items():
        print(
            f"{name:62s} {r['rps']:8.1f} req/s  p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms  "
            f"p99 {r['p99']:6.1f} ms  non-2xx {r['non2xx']:.0f}  socket errors {r['socket']:.0f}"
        )
    for name, r in others:
        ratio = r["rps"] / ref["rps"] if ref["rps"] else 0.0
        ok = ratio >= GOAL_RATIO and r["p95"] < GOAL_P95_MS and not r["non2xx"] + r["socket"]
        print(
            f"  {name}: {ratio:.2f} × the trivial page's req/s (goal ≥ {GOAL_RATIO:.2f}), "
            f"p95 {r['p95']:.1f} ms (goal < {GOAL_P95_MS:.0f}), "
            f"errors {r['non2xx'] + r['socket']:.0f} (goal 0) -> {'met' if ok else 'NOT met'}"
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait(url: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            if _status(url) == 200:
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


if __name__ == "__main__":
    main()
