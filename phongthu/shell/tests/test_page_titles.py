"""A page's <title> is words: no markup leaked into the title block (the quota page's once held a <script>)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from phongthu.shell.tests.test_english import main_pages, office  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def test_main_pages_have_plain_titles(office):  # noqa: F811
    c = Client()
    c.force_login(office["user"])
    bad = {}
    for name, url in main_pages(office).items():
        html = c.get(url).content.decode()
        title = TITLE.search(html)
        if title is None or "<" in title.group(1) or "&lt;" in title.group(1):
            bad[name] = title.group(1) if title else None
    assert not bad, bad
