#!/usr/bin/env bash
# Run the pytest suite on PostgreSQL (arguments go to pytest).
#
# 1. If nothing answers on TEST_PG_HOST:TEST_PG_PORT and we are root, start the local cluster that
#    listens on that port (`pg_ctlcluster 15 main start` on this machine). PostgreSQL is never
#    apt-installed here.
# 2. As root, create (or reset) the role and database idempotently as the postgres superuser: the
#    role gets CREATEDB because pytest-django creates test_<name>.
# 3. Run pytest with DATABASE_URL pointing there.
#
# When no PostgreSQL can be found, started or logged into, say so loudly and exit 0 (the SQLite run
# stands alone) - or exit 1 when REQUIRE_POSTGRES=1.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
HOST=${TEST_PG_HOST:-127.0.0.1}
PORT=${TEST_PG_PORT:-5432}
USER_=${TEST_PG_USER:-sasaeai}
PASSWORD=${TEST_PG_PASSWORD:-sasaeai}
DB=${TEST_PG_DB:-sasaeai}
URL="postgres://$USER_:$PASSWORD@$HOST:$PORT/$DB"

sqlite_only() {
    echo
    echo "!! $1"
    echo "!! ======================================================================="
    echo "!! PostgreSQL が見つからないため SQLite のみで実行しました"
    echo "!! PostgreSQL not found: ran on SQLite only"
    echo "!! ======================================================================="
    if [[ ${REQUIRE_POSTGRES:-} == 1 ]]; then
        echo "ERROR: REQUIRE_POSTGRES=1 and PostgreSQL is not available." >&2
        exit 1
    fi
    exit 0
}

is_root() { [[ $(id -u) -eq 0 ]]; }
ready() { pg_isready -q -h "$HOST" -p "$PORT" >/dev/null 2>&1; }

# psql as the postgres superuser over the local socket (peer authentication).
as_postgres() {
    if command -v runuser >/dev/null 2>&1; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
    fi
}

command -v pg_isready >/dev/null 2>&1 && command -v psql >/dev/null 2>&1 ||
    sqlite_only "PostgreSQL client tools (psql, pg_isready) are not installed."

if ! ready; then
    if is_root && command -v pg_lsclusters >/dev/null 2>&1; then
        # "15 main 5432 down postgres ..." -> the cluster on our port
        read -r version cluster < <(pg_lsclusters -h | awk -v port="$PORT" '$3 == port { print $1, $2; exit }') || true
        if [[ -n ${version:-} ]]; then
            echo "Starting PostgreSQL: pg_ctlcluster $version $cluster start"
            pg_ctlcluster "$version" "$cluster" start || echo "pg_ctlcluster $version $cluster start failed"
            for _ in $(seq 30); do ready && break; sleep 1; done
        fi
    fi
fi
ready || sqlite_only "No PostgreSQL answers on $HOST:$PORT$(is_root || echo ' (not root: cannot start one)')."

if is_root && [[ $HOST == 127.0.0.1 || $HOST == localhost || $HOST == ::1 ]] && id postgres >/dev/null 2>&1; then
    echo "Ensuring role $USER_ (CREATEDB) and database $DB"
    as_postgres psql -X -q -p "$PORT" -v ON_ERROR_STOP=1 \
        -v user="$USER_" -v password="$PASSWORD" -v db="$DB" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
ALTER ROLE :"user" LOGIN CREATEDB PASSWORD :'password';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
fi

PGPASSWORD=$PASSWORD PGCONNECT_TIMEOUT=10 \
    psql -X -q -At -h "$HOST" -p "$PORT" -U "$USER_" -d "$DB" -c 'SELECT 1' >/dev/null ||
    sqlite_only "PostgreSQL runs on $HOST:$PORT but $USER_ cannot log in to $DB (create them as root: make test-postgres)."

echo "DATABASE_URL=postgres://$USER_:***@$HOST:$PORT/$DB"
exec env DATABASE_URL="$URL" PYTEST_DB_LABEL=PostgreSQL bash scripts/pytest.sh "$@"
