#!/bin/sh
# Regenerate docs/screens/: each demo role's home page (1280 px) and the phone views (390 px),
# taken by the browser tests on the Hải Phòng demo with the day's work of phongthu/shell/demo_day.py.
set -e
cd "$(dirname "$0")/.."
PHONGTHU_SCREENSHOTS=1 .venv/bin/python -m pytest -q -p no:cacheprovider -n 0 \
  e2e/test_role_navigation.py::test_every_menu_and_home_link_opens e2e/test_phone_layout.py "$@"
