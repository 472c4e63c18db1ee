#!/usr/bin/env bash
# `make demo` after the install: migrate the database (SQLite ./db.sqlite3 unless DATABASE_URL or
# SQLITE_PATH say otherwise), load the demo (idempotent), tell how to log in, and serve.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
ADDR=${DEMO_ADDR:-127.0.0.1:8000}
sasaeai="$VENV/bin/sasaeai"

echo "== sasaeai migrate =="
"$sasaeai" migrate --noinput
echo "== sasaeai load-demo =="
"$sasaeai" load-demo

cat <<BANNER

========================================================================
 Sasaeai デモ / demo:  http://$ADDR/
------------------------------------------------------------------------
 ログイン（パスワードは全員 sasaeai-demo）
   secretariat  事務局（上尾市）
   somu         福祉総務課 担当
   kourei       高齢介護課 担当
   shakyo       上尾市社会福祉協議会 担当
   iin          推進委員
   chair        推進委員長
 管理画面 http://$ADDR/admin/ は admin / sasaeai-demo
 止めるには Ctrl+C
------------------------------------------------------------------------
 Log in with password sasaeai-demo as one of:
   secretariat (city secretariat), somu / kourei (department clerks),
   shakyo (social welfare council), iin (committee member), chair (committee chair)
 Admin site http://$ADDR/admin/: user admin, password sasaeai-demo
 Stop with Ctrl+C
========================================================================

BANNER

exec "$sasaeai" runserver "$ADDR"
