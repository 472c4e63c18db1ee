"""Benchmark: read seed 004 (所沢市, 70 KB of PDF text, 47 indicators) into a draft plan file.

Timed, best of N: `read_document` on the seed (decode, lines, headings, tables, the draft in
the plan-file shape). Two references measured in the same run show how fast this machine is:
reading the file and splitting its lines, and a JSON round trip (dumps + loads) of the draft.

Goal: under 0.5 s. The script reports; it never fails on a slow machine.

    .venv/bin/python bench/bench_documents.py [--runs N] [--seed PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sasaeai.documents import read_document  # noqa: E402

GOAL_SECONDS = 0.5
SEEDS = ROOT.parent / "shared" / "seeds"


def best_of(runs: int, work: Callable[[], object]) -> float:
    """Return the fastest of `runs` timings of work(), in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--seed", type=Path, default=next(iter(sorted(SEEDS.glob("004_*.txt"))), None)
    )
    args = parser.parse_args()
    if args.seed is None or not args.seed.exists():
        print(f"seed 004 not found under {SEEDS}: nothing to measure")
        return
    draft = read_document(args.seed)
    count = _count(draft["nodes"])
    size = args.seed.stat().st_size
    read = best_of(args.runs, lambda: read_document(args.seed))
    split = best_of(args.runs, lambda: args.seed.read_text(encoding="utf-8").split("\n"))
    text = json.dumps(draft, ensure_ascii=False)
    round_trip = best_of(args.runs, lambda: json.loads(json.dumps(draft, ensure_ascii=False)))
    print(f"seed: {args.seed.name} ({size / 1024:.0f} KB, {count} indicators read)")
    print(f"  read_document          {read * 1000:8.1f} ms   (goal < {GOAL_SECONDS * 1000:.0f} ms)")
    print(f"  reference: read+split  {split * 1000:8.1f} ms")
    print(f"  reference: JSON trip   {round_trip * 1000:8.1f} ms   ({len(text) / 1024:.0f} KB)")
    verdict = "met" if read < GOAL_SECONDS else "NOT met"
    print(f"  goal {verdict}: {read / GOAL_SECONDS:.0%} of the budget, best of {args.runs}")


def _count(nodes: list[dict[str, object]]) -> int:
    total = 0
    for node in nodes:
        total += len(node["indicators"])  # type: ignore[arg-type]
        total += _count(node["children"])  # type: ignore[arg-type]
    return total


if __name__ == "__main__":
    main()
