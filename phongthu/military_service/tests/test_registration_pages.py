"""Registry screens: the April drive, the person page (eligibility, actions, timeline), the
movements page, the printable register and its XLSX, the sample import file."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from phongthu.core.models import ObjectChange
from phongthu.military_service import selectors, services
from phongthu.military_service.choices import RegistrationStatus
from phongthu.military_service.models import MilitaryServiceRegistration, RegistrationGround
from phongthu.people.crud import PersonCrud

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _reg_date() -> datetime.date:
    april = datetime.date(YEAR, 4, 8)
    return april if april <= TODAY else TODAY


@pytest.fixture
def drive_people(make_person, commune_a, user_a):
    on_time = make_person(commune_a, name="An Đúng Hạn", dob=datetime.date(YEAR - 17, 3, 1))
    late = make_person(commune_a, name="Bình Muộn", dob=datetime.date(YEAR - 17, 5, 2))
    pending = make_person(commune_a, name="Cường Chưa", dob=datetime.date(YEAR - 17, 12, 30))
    woman = make_person(commune_a, name="Dung Nữ", dob=datetime.date(YEAR - 17, 2, 2), sex="female")
    older = make_person(commune_a, name="Em Lớn", dob=datetime.date(YEAR - 18, 2, 2))
    services.registration_first(on_time, on=_reg_date(), actor=user_a)
    if datetime.date(YEAR, 4, 30) < TODAY:
        services.registration_first(late, on=TODAY, actor=user_a)
    return {"on_time": on_time, "late": late, "pending": pending, "woman": woman, "older": older}


def test_drive_report_counts_who_turns_17_and_who_is_late(drive_people, commune_a, two_regions, user_a):
    after = datetime.date(YEAR, 6, 1)
    report = selectors.first_registration_drive(unit=commune_a, year=YEAR, user=user_a, today=after)
    states = {row.person.full_name: row.state for row in report.rows}
    assert "Dung Nữ" not in states and "Em Lớn" not in states
    assert states["An Đúng Hạn"] == "registered"
    assert states["Cường Chưa"] == "late"
    if datetime.date(YEAR, 4, 30) < TODAY:
        assert states["Bình Muộn"] == "registered_late"
    before = selectors.first_registration_drive(unit=commune_a, year=YEAR, user=user_a, today=datetime.date(YEAR, 4, 2))
    assert {r.person.full_name: r.state for r in before.rows}["Cường Chưa"] == "pending"
    # Read through the region: the same people; another commune's user sees none of them.
    region = selectors.first_registration_drive(unit=two_regions[0], year=YEAR, user=user_a, today=after)
    assert {r.person.pk for r in region.rows} == {r.person.pk for r in report.rows}
    assert dict(report.totals)["Nam đủ 17 tuổi trong năm"] == 3


def test_drive_page_and_bulk_registration(drive_people, commune_a, user_a, user_b):
    c = _client(user_a)
    url = reverse("military_service:drive")
    body = c.get(url, {"unit": commune_a.pk, "year": YEAR}).content.decode()
    assert "Cường Chưa" in body and "An Đúng Hạn" in body and "Dung Nữ" not in body
    resp = c.post(
        url,
        {
            "unit": commune_a.pk,
            "year": YEAR,
            "person": [drive_people["pending"].pk],
            "on": TODAY.isoformat(),
            "channel": "ONLINE",
        },
    )
    assert resp.status_code == 302
    registration = MilitaryServiceRegistration.objects.get(person=drive_people["pending"])
    assert registration.status == RegistrationStatus.REGISTERED_READY
    assert registration.events.get().channel == "ONLINE"
    # Another commune's staff cannot list or register these people.
    other = _client(user_b).get(url, {"unit": commune_a.pk, "year": YEAR}).content.decode()
    assert "Cường Chưa" not in other


def test_person_page_shows_eligibility_actions_and_timeline_and_is_audited(make_person, commune_a, user_a):
    person = make_person(commune_a, name="Giang Văn Trang", dob=datetime.date(YEAR - 19, 1, 10), studying="general")
    services.registration_first(person, on=TODAY, actor=user_a)
    c = _client(user_a)
    before = ObjectChange.objects.filter(action="view", object_id=str(person.pk)).count()
    body = c.get(PersonCrud.url("detail", person.pk)).content.decode()
    assert "Tạm hoãn gọi nhập ngũ" in body  # still at school: TH_G
    assert "TH_G" in body and "Điểm g khoản 1 Điều 41" in body
    assert "Đăng ký NVQS lần đầu" in body  # the timeline event
    assert "Sẵn sàng nhập ngũ" in body
    assert "Đăng ký chuyển đi" in body  # an available procedure
    assert ObjectChange.objects.filter(action="view", object_id=str(person.pk)).count() == before + 1


def _action_url(obj: Any, name: str) -> str:
    meta = obj._meta
    return reverse(
        "record-action", kwargs={"app": meta.app_label, "model": meta.model_name, "pk": obj.pk, "name": name}
    )


def test_person_page_action_runs_the_service_and_reports_errors(make_person, commune_a, user_a, user_b):
    person = make_person(commune_a, dob=datetime.date(YEAR - 17, 1, 10))
    page = PersonCrud.url("detail", person.pk)
    body = _client(user_a).get(page).content.decode()
    url = _action_url(person, "register_first")
    assert f'action="{url}"' in body  # offered on the person page
    resp = _client(user_a).post(url, {"on": "", "channel": "IN_PERSON", "next": page}, follow=True)
    assert "Ngày thực hiện" in resp.content.decode()
    assert not MilitaryServiceRegistration.objects.filter(person=person).exists()
    assert _client(user_b).post(url, {"on": TODAY.isoformat(), "channel": "IN_PERSON"}).status_code == 404
    resp = _client(user_a).post(url, {"on": TODAY.isoformat(), "channel": "IN_PERSON", "next": page}, follow=True)
    assert "Đã thực hiện: Đăng ký NVQS lần đầu" in resp.content.decode()
    assert MilitaryServiceRegistration.objects.get(person=person).status == RegistrationStatus.REGISTERED_READY
    # A procedure that does not apply any more is no longer offered, and refused with a message.
    body = _client(user_a).get(page).content.decode()
    assert f'action="{url}"' not in body
    assert f'action="{_action_url(person.registration, "move_out")}"' in body
    resp = _client(user_a).post(url, {"on": TODAY.isoformat(), "channel": "IN_PERSON", "next": page}, follow=True)
    assert "Không thể “Đăng ký NVQS lần đầu”" in resp.content.decode()
    assert person.registration.events.count() == 1


def test_movements_page_lists_incoming_people_and_registers_them(make_person, commune_a, commune_b, user_a, user_b):
    person = make_person(commune_a, name="Hải Chuyển Đến", dob=datetime.date(YEAR - 20, 1, 10))
    services.registration_first(person, on=TODAY, actor=user_a)
    services.registration_move_out(person.registration, on=TODAY, to_unit=commune_b, actor=user_a)
    c = _client(user_b)
    movements = f"{reverse('military_service:movements')}?unit={commune_b.pk}"
    body = c.get(movements).content.decode()
    url = _action_url(person.registration, "move_in")
    assert "Hải Chuyển Đến" in body and f'action="{url}"' in body
    data = {"on": TODAY.isoformat(), "arrival_date": TODAY.isoformat(), "channel": "IN_PERSON", "next": movements}
    # The sending commune sees the file but does not record the move-in: the receiving one does.
    refused = _client(user_a).post(url, data, follow=True).content.decode()
    assert "Ban Chỉ huy quân sự" in refused and "thẩm quyền" in refused
    person.registration.refresh_from_db()
    assert person.registration.registering_unit == commune_a
    resp = c.post(url, data)
    assert resp.status_code == 302 and resp["Location"] == movements
    person.refresh_from_db()
    assert person.residence_unit == commune_b
    assert "Đăng ký NVQS chuyển đến" in c.get(PersonCrud.url("detail", person.pk)).content.decode()
    assert "Hải Chuyển Đến" not in c.get(movements).content.decode()


def test_register_book_page_and_xlsx_are_scoped_and_audited(make_person, commune_a, commune_b, user_a):
    mine = make_person(commune_a, name="Khánh Trong Sổ", dob=datetime.date(YEAR - 20, 1, 10))
    services.registration_first(mine, on=TODAY, actor=user_a)
    make_person(commune_a, name="Lâm Chưa Đăng Ký", dob=datetime.date(YEAR - 20, 2, 10))
    c = _client(user_a)
    url = reverse("military_service:book")
    body = c.get(url, {"unit": commune_a.pk}).content.decode()
    assert "Khánh Trong Sổ" in body and "Lâm Chưa Đăng Ký" not in body
    assert "SỔ ĐĂNG KÝ CÔNG DÂN SẴN SÀNG NHẬP NGŨ" in body
    resp = c.get(url, {"unit": commune_a.pk, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(resp.content)).active
    names = [sheet.cell(row=r, column=2).value for r in range(4, sheet.max_row + 1)]
    assert names == ["Khánh Trong Sổ"]
    assert ObjectChange.objects.filter(action="export", user_name=user_a.username).exists()
    # A unit out of reach falls back to the user's own unit, never the other's register.
    assert "Khánh Trong Sổ" in c.get(url, {"unit": commune_b.pk}).content.decode()


def test_person_list_filters_and_export_follow_the_filters(
    make_person, make_user, commune_a, commune_a2, two_regions, region_user
):
    from phongthu.accounts.models import Role

    staff_a2 = make_user(Role.COMMUNE_STAFF, commune_a2)
    young = make_person(commune_a, name="Mạnh Lớp Bảy", dob=datetime.date(YEAR - 17, 1, 1), education_grade=7)
    registered = make_person(commune_a2, name="Nam Đã Đăng Ký", dob=datetime.date(YEAR - 19, 1, 1))
    services.registration_first(registered, on=TODAY, actor=staff_a2)
    services.registration_health_record(registered.registration, health_class=3, exam_date=TODAY, actor=staff_a2)
    RegistrationGround.objects.create(registration=registered.registration, code="TH_D", evidence="Xác nhận")
    c = _client(region_user)
    url = PersonCrud.url("list")

    def names(**params):
        body = c.get(url, params).content.decode()
        return {n for n in ("Mạnh Lớp Bảy", "Nam Đã Đăng Ký") if n in body}

    assert names(unit=two_regions[0].pk) == {"Mạnh Lớp Bảy", "Nam Đã Đăng Ký"}
    assert names(unit=commune_a.pk) == {"Mạnh Lớp Bảy"}
    assert names(birth_year=YEAR - 19) == {"Nam Đã Đăng Ký"}
    assert names(registration_status="NONE") == {"Mạnh Lớp Bảy"}
    assert names(registration_status="REGISTERED_READY") == {"Nam Đã Đăng Ký"}
    assert names(ground="TH_D") == {"Nam Đã Đăng Ký"}
    assert names(education="lt8") == {"Mạnh Lớp Bảy"}
    assert names(health_class=3) == {"Nam Đã Đăng Ký"}
    assert names(q="nam da dang ky") == {"Nam Đã Đăng Ký"}  # without diacritics
    assert c.get(url, {"sort": "-registration_status"}).status_code == 200
    resp = c.get(url, {"unit": commune_a.pk, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(resp.content)).active
    exported = {sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)}
    assert exported == {"Mạnh Lớp Bảy"}
    assert young.pk


def test_import_template_downloads_and_imports_cleanly(commune_a, user_a):
    from phongthu.core.imports import ImportContext, execute_import, open_table
    from phongthu.military_service.importers import RegisterImportSpec

    resp = _client(user_a).get(reverse("military_service:import-template"))
    assert resp.status_code == 200
    sheet = load_workbook(io.BytesIO(resp.content))["Du lieu"]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["STT", "Họ và tên *", "Ngày sinh *", "Giới tính"]
    reader = open_table("mau.xlsx", resp.content, hints=RegisterImportSpec.hints())
    mapping = RegisterImportSpec.auto_map(reader.headers)
    result = execute_import(
        RegisterImportSpec,
        reader,
        mapping,
        ImportContext(user=user_a, commit=False, defaults={"residence_unit": commune_a.pk}),
    )
    # The sample's unit name is an example: with the user's own commune as default every cell passes.
    assert result.total == 1
    assert [str(e) for e in result.errors if "Xã, phường" not in str(e)] == []
