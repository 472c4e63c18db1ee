"""Benchmark: grade a national-scale set of indicators with kenko21.

1,741 municipalities × 100 indicators, 8 fiscal years each (baseline in year 1, actuals in
years 2–8), generated deterministically. Building the inputs is not timed; evaluate_many over
all 174,100 indicators is, best of 3. Two references measured in the same run show how fast
this machine is: a bare loop that builds one tuple per indicator, and a JSON round trip
(dumps + loads) of the same data in the `sasaeai evaluate --input` format.

Goal: the whole set in under 2 s on a 2-core machine. The script reports; it never fails on a
slow machine.

    .venv/bin/python bench/bench_grading.py [--municipalities N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sasaeai.grading import (
    BUILTIN_SCHEMES,
    IndicatorInput,
    Observation,
    TargetInput,
    evaluate_many,
)

SEED = 1741
MUNICIPALITIES = 1741
INDICATORS = 100
FIRST_YEAR = 2019  # year 1: the baseline
YEARS = 8
AS_OF = FIRST_YEAR + YEARS - 1
GOAL_SECONDS = 2.0
RUNS = 3


def indicator_data(rng: random.Random, ident: str) -> dict[str, object]:
    """Return one indicator in the input format: a mix of aims, surveys, gaps and oddities."""
    survey = rng.random() < 0.2
    aim = rng.choices(["increase", "decrease", "maintain", None], [50, 25, 10, 15])[0]
    sign = {"increase": 1, "decrease": -1}.get(aim or "", rng.choice((1, -1)))
    base = round(rng.uniform(5, 95), 1) if survey else float(rng.randint(0, 50_000))
    step = base * rng.uniform(-0.04, 0.06) if base else rng.uniform(0, 20)
    values = [round(base + step * sign * k + rng.gauss(0, abs(step) + 0.1), 1) for k in range(8)]
    cumulative = not survey and rng.random() < 0.05
    if cumulative:  # a running total (累計) grows
        aim, values = "increase", [base + 10.0 * k * rng.randint(1, 5) for k in range(8)]
    return {
        "id": ident,
        "direction": aim if rng.random() < 0.85 else None,
        "survey": survey,
        "cumulative": cumulative,
        "baseline": {"fiscal_year": FIRST_YEAR, "value": None if rng.random() < 0.02 else base},
        "targets": targets(rng, base, sign, aim),
        "actuals": [
            {
                "fiscal_year": FIRST_YEAR + k,
                "value": None if rng.random() < 0.05 else values[k],
                "method_changed": rng.random() < 0.003,
            }
            for k in range(1, YEARS)
        ],
    }


def targets(rng: random.Random, base: float, sign: int, aim: str | None) -> list[dict[str, object]]:
    """Return one or two targets: numeric, direction-only (10%) or not set (1%)."""
    years = [FIRST_YEAR + 4, FIRST_YEAR + 7] if rng.random() < 0.5 else [FIRST_YEAR + 6]
    out: list[dict[str, object]] = []
    for k, year in enumerate(years, start=1):
        roll = rng.random()
        if roll < 0.01:
            out.append({"fiscal_year": year, "not_set_reason": "新型コロナで未実施"})
        elif roll < 0.11 or aim == "maintain":
            out.append({"fiscal_year": year, "direction": aim or "increase"})
        else:
            gain = rng.uniform(0.02, 0.3) * k * (rng.random() < 0.95 or -1)
            value = round(base * (1 + sign * gain), 1) if base else float(rng.randint(1, 50))
            out.append({"fiscal_year": year, "value": value})
    return out


def to_input(d: dict[str, object]) -> IndicatorInput:
    """Return the IndicatorInput of one generated indicator."""
    base = d["baseline"]
    assert isinstance(base, dict)
    return IndicatorInput(
        id=str(d["id"]),
        baseline=Observation(base["fiscal_year"], base["value"]),
        targets=tuple(
            TargetInput(
                t["fiscal_year"], t.get("value"), t.get("direction"), t.get("not_set_reason")
            )
            for t in d["targets"]  # type: ignore[attr-defined]
        ),
        actuals=tuple(
            Observation(a["fiscal_year"], a["value"], a["method_changed"])
            for a in d["actuals"]  # type: ignore[attr-defined]
        ),
        direction=d["direction"],  # type: ignore[arg-type]
        survey=bool(d["survey"]),
        cumulative=bool(d["cumulative"]),
    )


def generate(municipalities: int) -> list[dict[str, object]]:
    """Return the generated set in the input format, deterministically."""
    rng = random.Random(SEED)
    return [
        indicator_data(rng, f"{m:04d}-{i:03d}")
        for m in range(municipalities)
        for i in range(INDICATORS)
    ]


def best_of(runs: int, work: Callable[[], object]) -> float:
    """Return the fastest of runs timings of work, in seconds."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return min(timings)


def bare_loop(indicators: list[IndicatorInput]) -> list[tuple[object, ...]]:
    """Return one tuple per indicator: the floor of any per-indicator Python work."""
    return [(i.id, i.baseline, i.targets, i.actuals, i.direction) for i in indicators]


def main() -> int:
    """Generate, time, and print the summary line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=MUNICIPALITIES)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run")
    args = parser.parse_args()

    data = generate(args.municipalities)
    indicators = [to_input(d) for d in data]
    scheme = BUILTIN_SCHEMES["kenko21"]
    count = len(indicators)

    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(evaluate_many, indicators, scheme, AS_OF)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)

    grading = best_of(RUNS, lambda: evaluate_many(indicators, scheme, AS_OF))
    loop = best_of(RUNS, lambda: bare_loop(indicators))
    document = {"scheme": "kenko21", "as_of": AS_OF, "indicators": data}
    round_trip = best_of(RUNS, lambda: json.loads(json.dumps(document, ensure_ascii=False)))

    grades = Counter(r.grade for r in evaluate_many(indicators, scheme, AS_OF))
    print(f"python {platform.python_version()} ({sys.executable}), {os.cpu_count()} CPUs")
    print("grades: " + ", ".join(f"{g} {grades[g]:,}" for g in scheme.grades))
    if count != MUNICIPALITIES * INDICATORS:
        verdict = f"the goal of < {GOAL_SECONDS:.0f} s is for the full set"
    elif grading < GOAL_SECONDS:
        verdict = f"goal < {GOAL_SECONDS:.0f} s met"
    else:
        verdict = f"goal < {GOAL_SECONDS:.0f} s not met on this machine"
    print(
        f"grading: {count:,} indicators in {grading:.2f} s ({count / grading:,.0f}/s; {verdict}); "
        f"reference in the same run: a JSON dumps+loads round trip of the same input "
        f"{round_trip:.2f} s (grading = {grading / round_trip:.2f}× that), "
        f"a bare loop over the inputs {loop:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
