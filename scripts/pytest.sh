#!/usr/bin/env bash
# Run pytest with the venv's python, passing the arguments through. pytest's exit 5 ("no tests
# collected") is turned into a failure: a run that tests nothing must never pass.
# Environment: VENV (.venv), PYTEST_DB_LABEL (names the database in messages).
set -uo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
label=${PYTEST_DB_LABEL:-}

"$VENV/bin/python" -m pytest "$@"
rc=$?
if ((rc == 5)); then
    echo "ERROR: pytest${label:+ ($label)} collected no tests (exit 5): counted as a failure." >&2
    exit 1
fi
if ((rc != 0)); then
    echo "ERROR: pytest${label:+ ($label)} failed (exit $rc)." >&2
fi
exit "$rc"
