"""Issue 13 item 7: with English chosen, the shell and the main pages read English.

Every visible text node (outside <script>/<style>, the language picker, and elements marked
`translate="no"`) is split at the separators pages put between words and names; a piece that
still carries a Vietnamese letter must be a data value (a unit's, a person's, a user's name or
address in the database) — anything else is a string missing from locale/en/.../django.po or a
string the code shows without gettext.
"""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from phongthu.accounts.models import User
from phongthu.people.models import Person
from phongthu.units.models import Unit

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)
# An official document's number ("13/2016/NĐ-CP", "183/QĐ-TTg") is a name, kept as issued.
DOCUMENT_NUMBER = re.compile(r"\b\d+/(?:\d{4}/)?[\wĐđ]+(?:-[\wĐđ]+)+")
SEPARATORS = re.compile(r"\s*(?:—|–|·|:|\||\(|\)|,|;|\t|\n| / )\s*")


class _Text(HTMLParser):
    """Visible text nodes, skipping scripts, styles, the language picker and translate=no."""

    SKIP = {"script", "style", "template", "noscript"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # per open element: is its content hidden from this check
        self.nodes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        a = dict(attrs)
        hidden = (
            tag in self.SKIP
            or a.get("translate") == "no"
            or "lang" in (a.get("class") or "").split()
            or (self.stack and self.stack[-1])
        )
        self.stack.append(bool(hidden))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]) and data.strip():
            self.nodes.append(data.strip())


def data_values() -> set[str]:
    """Names and addresses stored in the database (they stay as typed in any language)."""
    values: set[str] = set()
    for name, short, military in Unit.objects.values_list("name", "short_name", "military_name"):
        values.update({name, short, military})
    for full_name, address in Person.objects.values_list("full_name", "residence_address"):
        values.update({full_name, address})
    values.update(User.objects.values_list("full_name", flat=True))
    return {v.strip() for v in values if v and v.strip()}


def untranslated(html: str, data: set[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    found = []
    for node in parser.nodes:
        if node in data:
            continue
        for piece in SEPARATORS.split(node):
            piece = piece.strip(" .…*")
            # A single letter is a legal point ("Article 41(1)(đ)"), not a sentence.
            if (
                len(piece) > 1
                and VIETNAMESE.search(DOCUMENT_NUMBER.sub("", piece))
                and piece not in data
                and not _is_data(piece, data)
            ):
                found.append(piece)
    return list(dict.fromkeys(found))


def _is_data(piece: str, data: set[str]) -> bool:
    """A unit picker indents names ("— — Phường An Dương"); a row may end in a unit's name."""
    bare = piece.lstrip("—– ").strip()
    return bare in data


def _english(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return c


@pytest.fixture
def office(make_user, hai_phong, commune_a):
    """A province's staff with a citizen, a call-up campaign and a figures period to show."""
    from phongthu.accounts.models import Role
    from phongthu.campaigns.models import Campaign

    user = make_user(Role.PROVINCE_STAFF, hai_phong)
    user.full_name = "Tran Van Tinh"
    user.save()
    person = Person.objects.create(
        full_name="Nguyen Van A", date_of_birth=datetime.date(2006, 3, 10), sex="male", residence_unit=commune_a
    )
    campaign = Campaign.objects.create(
        unit=hai_phong,
        year=2027,
        ttg_decision_ref="183/QD-TTg",
        bqp_decision_ref="4807/QD-BQP",
        exam_from=datetime.date(2026, 11, 1),
        exam_to=datetime.date(2026, 12, 31),
        handover_from=datetime.date(2027, 3, 4),
        handover_to=datetime.date(2027, 3, 6),
    )
    return {"user": user, "person": person, "campaign": campaign, "unit": hai_phong}


def main_pages(office: dict[str, Any]) -> dict[str, str]:
    unit, campaign, person = office["unit"], office["campaign"], office["person"]
    return {
        "home": "/",
        "queue": "/queue/",
        "people": "/r/people/person/",
        "person": f"/r/people/person/{person.pk}/",
        "campaign": f"/r/campaigns/campaign/{campaign.pk}/",
        "quotas": f"/campaigns/{campaign.pk}/quotas/",
        "figures": f"/figures/{unit.pk}/2026/",
        "report": f"/reports/unit/{unit.pk}/?period=2026",
        "year": f"/reports/unit/{unit.pk}/year/?period=2026",
        "users": "/accounts/users/",
    }


def commune_pages(office: dict[str, Any], commune: Unit) -> dict[str, str]:
    """What a commune's staff opens: its queue, its figures and year view, a citizen's page
    (the commune's own actions and their authority texts)."""
    return {
        "commune home": "/",
        "commune queue": "/queue/",
        "commune person": f"/r/people/person/{office['person'].pk}/",
        "commune figures": f"/figures/{commune.pk}/2026/",
        "commune year": f"/reports/unit/{commune.pk}/year/?period=2026",
    }


def test_shell_and_main_pages_read_english(office, make_user, commune_a):
    from phongthu.accounts.models import Role

    data = data_values()
    problems, shell = {}, {}
    commune_user = make_user(Role.COMMUNE_STAFF, commune_a)
    visits = [(office["user"], main_pages(office)), (commune_user, commune_pages(office, commune_a))]
    for user, pages in visits:
        c = _english(user)
        for url in pages.values():
            resp = c.get(url)
            assert resp.status_code == 200, (url, resp.status_code)
            assert resp.headers.get("Content-Language") == "en"
            html = resp.content.decode()
            header = html[html.index('<header class="topbar">') : html.index("</header>")]
            if found := untranslated(header, data):
                shell[url] = found
            if found := untranslated(html, data):
                problems[url] = found
    assert not shell, f"the shell is not English: {shell}"
    assert not problems, "\n".join(f"{url}: {found}" for url, found in problems.items())


def test_the_check_sees_an_untranslated_string():
    """The checker itself: a Vietnamese label fails, a data value and the language name pass."""
    html = (
        '<header><form class="lang"><option>Tiếng Việt</option></form></header>'
        "<main><h1>Phường An Dương</h1><p>Số liệu</p><td>— — Phường An Dương</td>"
        '<span translate="no">Ghi chú gõ tay</span><script>var a = "Tiếng";</script></main>'
    )
    assert untranslated(html, {"Phường An Dương"}) == ["Số liệu"]
    assert untranslated("<p>Article 41(1)(đ)</p>", set()) == []
    assert untranslated("<p>Decree 13/2016/NĐ-CP; Decision 183/QĐ-TTg</p>", set()) == []
    assert untranslated("<p>Nghị định 13/2016/NĐ-CP</p>", set()) == ["Nghị định 13/2016/NĐ-CP"]
