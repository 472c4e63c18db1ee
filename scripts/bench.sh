#!/usr/bin/env bash
# Run the benchmarks under bench/ with the venv's python (arguments go to pytest):
# pytest-benchmark tests (bench/test_*.py, bench/*_test.py) through `pytest bench --benchmark-only`,
# and every other bench/*.py as a plain script. No benchmark yet: say so and succeed.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob

VENV=${VENV:-.venv}
tests=() scripts=()
for f in bench/*.py; do
    name=${f#bench/}
    case $name in
        test_*.py | *_test.py) tests+=("$f") ;;
        conftest.py | _*) ;;
        *) scripts+=("$f") ;;
    esac
done

if ((${#tests[@]} + ${#scripts[@]} == 0)); then
    echo "no benchmarks yet (bench/ holds none)"
    exit 0
fi
if ((${#tests[@]} > 0)); then
    echo "== pytest bench --benchmark-only =="
    PYTEST_DB_LABEL=bench bash scripts/pytest.sh bench --benchmark-only "$@"
fi
# wrk drives bench/bench_public.py over HTTP; installed here (as root, when missing) rather than
# in `make debs` so that `make test` does not pay for it.
bash scripts/ensure-debs.sh wrk
# bench/bench_registers.py needs PostgreSQL: the local cluster scripts/test-postgres.sh sets up,
# unless DATABASE_URL names one. It creates and drops a database of its own beside it.
PG_URL=postgres://${TEST_PG_USER:-sasaeai}:${TEST_PG_PASSWORD:-sasaeai}@${TEST_PG_HOST:-127.0.0.1}:${TEST_PG_PORT:-5432}/${TEST_PG_DB:-sasaeai}
for f in "${scripts[@]}"; do
    echo "== bench: $f =="
    if [[ $f == bench/bench_registers.py ]]; then
        DATABASE_URL=${DATABASE_URL:-$PG_URL} "$VENV/bin/python" "$f"
    else
        "$VENV/bin/python" "$f"
    fi
done
