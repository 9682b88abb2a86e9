#!/usr/bin/env bash
# The whole test suite: lint, types, unit + integration + browser tests, on SQLite and PostgreSQL.
# PostgreSQL: $PHONGTHU_TEST_PG_URL, else the local server on 127.0.0.1:5432 if it answers.
# In CI (CI=true) a missing PostgreSQL or Chromium is a failure, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh dev

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian's chromium for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if [ "${CI:-}" = "true" ] && ! command -v soffice >/dev/null 2>&1; then
  echo "LibreOffice (soffice) is missing: CI must render the PDF documents" >&2
  exit 1
fi

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy phongthu config
echo "== import rules (import-linter: .importlinter)"
.venv/bin/lint-imports --no-cache
echo "== migrations match the models"
DATABASE_URL=sqlite:///$(pwd)/.venv/check.sqlite3 .venv/bin/python manage.py makemigrations --check --dry-run >/dev/null

# Parallel: one worker per core (each worker has its own test database).
WORKERS=${PHONGTHU_TEST_WORKERS:-$(nproc)}
PYTEST=(.venv/bin/python -m pytest -q -n "$WORKERS" --dist loadfile)

PG_URL=${PHONGTHU_TEST_PG_URL:-postgres://postgres:postgres@127.0.0.1:5432/phongthu}
pg_ok=0
if .venv/bin/python - "$PG_URL" <<'PY' 2>/dev/null; then pg_ok=1; fi
import sys, psycopg, dj_database_url
cfg = dj_database_url.parse(sys.argv[1])
psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], password=cfg["PASSWORD"], dbname="postgres", connect_timeout=3).close()
PY
if [ "$pg_ok" != 1 ] && [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable at $PG_URL: CI must test on PostgreSQL" >&2
  exit 1
fi

echo "== pytest on SQLite"
DATABASE_URL=sqlite:///$(pwd)/.venv/test.sqlite3 "${PYTEST[@]}" "$@"
if [ "$pg_ok" = 1 ]; then
  echo "== pytest on PostgreSQL"
  DATABASE_URL=$PG_URL "${PYTEST[@]}" "$@"
else
  echo "== PostgreSQL not reachable at $PG_URL: skipped the PostgreSQL run (CI requires it)"
fi
