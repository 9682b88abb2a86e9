"""Issue 13: each role's menu holds only what it may open; to-do providers; history in words;
no raw codes on the main pages and in exported files; import headers as the page shows them."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.test import Client

from phongthu.accounts.models import Role
from phongthu.core import navigation, todo
from phongthu.core.crud import registry
from phongthu.core.imports.specs import spec_for
from phongthu.core.tests.factories import sample
from phongthu.shell.navigation import all_links

pytestmark = pytest.mark.django_db

ROLES = [Role.ADMIN, Role.PROVINCE_STAFF, Role.COUNCIL_MEMBER, Role.AUDITOR, Role.PROVINCE_ADMIN]


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _menu_urls(user: Any) -> list[str]:
    return [url for _key, _group, links in navigation.menu(user, all_links()) for _label, url in links]


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_opens_for_each_role(make_user, hai_phong, role):
    user = make_user(role, hai_phong)
    c = _client(user)
    urls = _menu_urls(user)
    assert urls
    bad = [(u, r.status_code) for u in urls if (r := c.get(u)).status_code >= 400]
    assert not bad, bad


def test_commune_staff_menu_opens(user_a):
    c = _client(user_a)
    bad = [(u, r.status_code) for u in _menu_urls(user_a) if (r := c.get(u)).status_code >= 400]
    assert not bad, bad


def test_menus_follow_roles(make_user, hai_phong, user_a):
    auditor = _menu_urls(make_user(Role.AUDITOR, hai_phong))
    commune = _menu_urls(user_a)
    assert "/audit/" in auditor and "/audit/" not in commune
    assert "/jobs/" in commune and "/jobs/" not in auditor
    council = _menu_urls(make_user(Role.COUNCIL_MEMBER, hai_phong))
    assert "/queue/" in council and "/audit/" not in council


def test_auditor_reads_records_and_history_without_write_buttons(make_user, hai_phong, commune_a):
    auditor = make_user(Role.AUDITOR, hai_phong)
    c = _client(auditor)
    resp = c.get(f"/r/units/unit/{commune_a.pk}/?tab=history")
    assert resp.status_code == 200
    assert "/edit/" not in resp.content.decode()
    assert c.get(f"/r/units/unit/{commune_a.pk}/edit/").status_code in (403, 404)


def test_edit_button_only_where_the_record_may_be_written(user_a, hai_phong):
    """A commune's staff reads the province's unit page but gets no "Sửa" leading to a 404."""
    resp = _client(user_a).get(f"/r/units/unit/{hai_phong.pk}/")
    if resp.status_code == 200:
        assert f"/r/units/unit/{hai_phong.pk}/edit/" not in resp.content.decode()


def test_error_pages_are_vietnamese(user_a):
    c = _client(user_a)
    resp = c.get("/r/units/unit/999999999/")
    assert resp.status_code == 404 and "Không tìm thấy trang hoặc hồ sơ" in resp.content.decode()
    resp = c.get("/audit/")
    assert resp.status_code == 403 and "Bạn không có quyền" in resp.content.decode()
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(user_a)
    resp = csrf.post("/switch-unit/", {"unit": "1"})
    assert resp.status_code == 403 and "Biểu mẫu đã hết hạn" in resp.content.decode()


def test_todo_providers_are_gathered_and_a_broken_one_is_skipped(user_a, commune_a):
    calls = []

    def good(user, unit, today):
        calls.append(unit)
        yield todo.Item(title="Việc thử nghiệm", url="/", level=todo.OVERDUE)

    def broken(user, unit, today):
        raise RuntimeError("boom")

    todo.provide(good)
    todo.provide(broken)
    try:
        resp = _client(user_a).get("/")
        assert resp.status_code == 200
        assert "Việc thử nghiệm" in resp.content.decode()
        assert calls
    finally:
        todo._providers.remove(good)
        todo._providers.remove(broken)


def test_registration_drive_item_counts_boys_turning_17(user_a, commune_a):
    import datetime

    from phongthu.people.models import Person
    from phongthu.shell.todo_items import registration_drive

    year = datetime.date.today().year
    for i in range(3):
        Person.objects.create(
            full_name=f"Nguyễn Văn Thử {i}",
            date_of_birth=datetime.date(year - 17, 3, 1 + i),
            sex="male",
            residence_unit=commune_a,
        ) if hasattr(Person, "full_name") else None
    items = list(registration_drive(user_a, commune_a, datetime.date(year, 5, 2)))
    if Person.objects.filter(residence_unit=commune_a).count() == 3:
        assert items and items[0].level == todo.OVERDUE
        assert items[0].title.startswith("3/3 ")


def test_history_shows_field_labels_and_values_not_columns(admin_user, commune_a):
    from phongthu.core import services

    config = registry["people.person"]
    person = sample(config, commune_a)
    person.full_name = "Trần Thị Sửa Đổi" if hasattr(person, "full_name") else person.name
    services.object_save(obj=person, actor=admin_user)
    page = _client(admin_user).get(config.url("detail", person.pk) + "?tab=history").content.decode()
    history = page[page.index('class="history"') :]
    assert "residence_unit_id" not in history
    assert commune_a.name in history  # the related record by name, not its id


# ---------------------------------------------------------------- words, not codes


# Codes a page may still show; empty since the ground labels read "Điểm g khoản 1 Điều 41 — …".
KNOWN_GAPS: set[str] = set()


def _known_codes() -> set[str]:
    codes: set[str] = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            for value, _label in getattr(f, "flatchoices", None) or []:
                if isinstance(value, str) and re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+", value):
                    codes.add(value)
            attname = getattr(f, "attname", "")
            if attname and "_" in attname and attname.endswith("_id"):
                codes.add(attname)
    return codes - KNOWN_GAPS


def _visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)  # attributes (values of options, names) are not read


def test_main_pages_and_exports_show_no_raw_codes(admin_user, commune_a):
    codes = _known_codes()
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, codes), key=len, reverse=True)) + r")\b")
    for key in ("people.person", "units.unit", "campaigns.campaign", "forces.militiamember"):
        if key in registry:
            sample(registry[key], commune_a)
    c = _client(admin_user)
    pages = ["/", "/queue/", *(cfg.list_url() for cfg in registry.values())]
    found = {}
    for url in pages:
        resp = c.get(url)
        hits = set(pattern.findall(_visible_text(resp.content.decode())))
        if hits:
            found[url] = sorted(hits)
    for cfg in registry.values():
        resp = c.get(cfg.list_url() + "?export=xlsx")
        if resp.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
            wb = openpyxl.load_workbook(io.BytesIO(resp.content), read_only=True)
            cells = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
            hits = set(pattern.findall(" ".join(cells)))
            if hits:
                found[cfg.list_url() + " (xlsx)"] = sorted(hits)
    assert not found, repr(found)


# ---------------------------------------------------------------- import headers


def test_import_headers_match_labels_variants_and_required_mark():
    spec = spec_for("people.person")
    assert spec is not None
    labels = {c.key: c.label for c in spec.get_columns()}
    id_label = labels["id_number"]
    mapping = spec.auto_map(["STT", "HỌ VÀ TÊN *", "ngay sinh", f"{id_label} (CCCD)", "Số định danh cá nhân (CCCD)"])
    assert mapping["full_name"] == 1
    assert mapping["date_of_birth"] == 2
    assert mapping["id_number"] in (3, 4)


# ---------------------------------------------------------------- English catalogue

VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")


def test_english_menu_and_home_have_no_untranslated_shell_string(make_user, hai_phong):
    """The shell in English: the menu, the to-do card and the error pages. Unit and person
    names stay Vietnamese (they are data), so only the shell's own parts are read."""
    user = make_user(Role.PROVINCE_STAFF, hai_phong)
    c = _client(user)
    c.cookies["django_language"] = "en"
    html = c.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    nav = html[html.index('<nav id="nav"') : html.index("</nav>")]
    todo_card = html[html.index('class="card todo"') : html.index("</section>", html.index('class="card todo"'))]
    left = VIETNAMESE.findall(_visible_text(nav)) + VIETNAMESE.findall(_visible_text(todo_card))
    assert not left, _visible_text(nav) + _visible_text(todo_card)
    page = c.get("/r/units/unit/999999999/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    main = page[page.index("<main") :]
    assert not VIETNAMESE.findall(_visible_text(main)), _visible_text(main)


# ---------------------------------------------------------------- forms


def test_empty_choice_list_offers_create_one_and_errors_keep_values(user_a):
    c = _client(user_a)
    page = c.get("/r/forces/militiamember/new/").content.decode()
    assert "Danh sách chọn đang trống" in page
    assert "/r/forces/militiaunit/new/" in page
    resp = c.post("/r/forces/militiamember/new/", {"_reason": "Nhập thử lý do"})
    assert resp.status_code == 400
    assert "Nhập thử lý do" in resp.content.decode()
