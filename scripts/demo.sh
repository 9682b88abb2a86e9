#!/usr/bin/env bash
# One command: set up, migrate an embedded SQLite database, load the demo and serve it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export DJANGO_DEBUG=${DJANGO_DEBUG:-0}
export PHONGTHU_SECURE_COOKIES=${PHONGTHU_SECURE_COOKIES:-0}  # plain http on 127.0.0.1
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py seed_demo
# The facts of the published seed reports (../shared/seeds), so the year views have real figures.
if [ -f ../shared/seeds/facts.yaml ]; then
  .venv/bin/python manage.py load_seed_facts --load-units >/dev/null || echo "warning: seed facts not loaded" >&2
fi
# An ordinary day: work waiting in each role's queue and a call-up in progress in phường An Dương.
.venv/bin/python manage.py seed_demo_day
echo "phongthu: http://127.0.0.1:${PORT:-8000}/  (Ctrl+C để dừng)"
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}" --noreload
