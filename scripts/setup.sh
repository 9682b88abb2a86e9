#!/usr/bin/env bash
# Creates .venv in the repository root and installs the pinned dependencies (PyPI only).
# Usage: scripts/setup.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
req=requirements.txt
[ "${1:-}" = "dev" ] && req=requirements-dev.txt
stamp=".venv/.installed-$(sha256sum requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)-${1:-run}"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
  touch "$stamp"
fi
mkdir -p staticfiles  # WhiteNoise serves collected files from here in production
# Translations are compiled from source at setup (msgfmt is Debian's gettext).
if ! command -v msgfmt >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
  fi
fi
# PDF documents are rendered by LibreOffice headless from Debian's packages (never a download),
# with fonts that carry every Vietnamese letter. Writer (DOCX) and Calc (XLSX forms) are both
# needed: a machine with soffice from writer alone cannot open the GNN forms.
lo=/usr/lib/libreoffice/program
if ! command -v soffice >/dev/null 2>&1 || [ ! -e "$lo/libswlo.so" ] || [ ! -e "$lo/libsclo.so" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation fonts-dejavu-core >/dev/null
  else
    echo "warning: LibreOffice (soffice) is missing; PDF documents cannot be rendered" >&2
  fi
fi
if ! compgen -G "locale/*/LC_MESSAGES/*.po" >/dev/null; then
  :  # no catalogue yet
elif command -v msgfmt >/dev/null 2>&1; then
  (cd locale/.. && .venv/bin/python manage.py compilemessages --ignore .venv -v 0)
else
  echo "warning: gettext (msgfmt) is missing; the English interface will fall back to Vietnamese" >&2
fi
