"""Pages: status actions posted from the detail pages, flags and figures shown to users."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from phongthu.forces.choices import MilitiaCategory, MilitiaStatus, ReservistStatus
from phongthu.forces.crud import (
    MilitiaMemberCrud,
    MilitiaTrainingCrud,
    ReserveUnitCrud,
    ReservistCrud,
)
from phongthu.forces.models import MilitiaMember, MilitiaTraining, ReserveAssignment

pytestmark = pytest.mark.django_db
START = datetime.date(2025, 8, 1)  # the fixtures' wards exist from 1/7/2025


def _action(model, pk, name):
    return f"/r/forces/{model}/{pk}/actions/{name}/"


def test_member_page_offers_actions_and_applies_them(make_member, user_a, client_for):
    member = make_member(start=START)
    client = client_for(user_a)
    page = client.get(MilitiaMemberCrud.url("detail", member.pk)).content.decode()
    assert "Bắt đầu thực hiện nghĩa vụ" in page and "Huấn luyện hằng năm" in page
    assert _action("militiamember", member.pk, "start") in page
    assert _action("militiamember", member.pk, "complete") not in page  # not offered from SELECTED
    resp = client.post(_action("militiamember", member.pk, "start"), {"decision_ref": "15/QĐ-UBND"}, follow=True)
    member.refresh_from_db()
    assert member.status == MilitiaStatus.SERVING
    body = resp.content.decode()
    assert "Đã thực hiện" in body and "15/QĐ-UBND" in body  # the status history shows the decision
    assert "<td>Đã tuyển chọn (có quyết định)</td><td>Đang thực hiện nghĩa vụ</td>" in body  # words, not codes


def test_refused_action_shows_the_rule(make_member, user_a, client_for):
    member = make_member(start=START)
    MilitiaMember.objects.filter(pk=member.pk).update(status=MilitiaStatus.SERVING)
    client = client_for(user_a)
    resp = client.post(_action("militiamember", member.pk, "extend"), {"months": "30"}, follow=True)
    assert "tối đa 24 tháng" in resp.content.decode()
    member.refresh_from_db()
    assert member.status == MilitiaStatus.SERVING and member.extension_months == 0


def test_action_on_another_units_member_is_404(make_member, user_b, client_for):
    member = make_member(start=START)
    resp = client_for(user_b).post(_action("militiamember", member.pk, "start"), {})
    assert resp.status_code == 404
    member.refresh_from_db()
    assert member.status == MilitiaStatus.SELECTED


def test_recognition_flag_on_member_page(make_member, user_a, client_for):
    member = make_member(category=MilitiaCategory.THUONG_TRUC, start=datetime.date(2022, 1, 1))
    MilitiaMember.objects.filter(pk=member.pk).update(status=MilitiaStatus.SERVING)
    page = client_for(user_a).get(MilitiaMemberCrud.url("detail", member.pk)).content.decode()
    assert "Đã đủ 24 tháng" in page


def test_assign_reservist_from_its_page(make_reservist, make_reserve_unit, user_a, client_for):
    reservist = make_reservist()
    unit = make_reserve_unit(establishment=5)
    client = client_for(user_a)
    page = client.get(ReservistCrud.url("detail", reservist.pk)).content.decode()
    # The DBĐV unit is searched (core.pickers), never listed whole in the page.
    assert "Sắp xếp vào đơn vị DBĐV" in page and "/pick/reserve_unit/" in page
    resp = client.post(
        _action("reservist", reservist.pk, "assign"),
        {"reserve_unit": unit.pk, "post": "Xạ thủ súng máy", "speciality_match": "NEAR", "on": "2025-08-01"},
    )
    assert resp.status_code == 302
    reservist.refresh_from_db()
    assert reservist.status == ReservistStatus.ASSIGNED_TO_UNIT
    assert ReserveAssignment.objects.filter(reservist=reservist, reserve_unit=unit).exists()
    unit_page = client.get(ReserveUnitCrud.url("detail", unit.pk)).content.decode()
    assert "thiếu 5" in unit_page and reservist.person.full_name in unit_page


def test_training_list_sorts_and_exports_computed_columns(make_member, user_a, client_for):
    standing = make_member(category=MilitiaCategory.THUONG_TRUC)
    local = make_member(category=MilitiaCategory.TAI_CHO)
    MilitiaTraining.objects.create(member=standing, year=2025, days_done=20)
    MilitiaTraining.objects.create(member=local, year=2025, days_done=7)
    client = client_for(user_a)
    resp = client.get(MilitiaTrainingCrud.url("list"), {"sort": "-shortfall"})
    body = resp.content.decode()
    assert resp.status_code == 200 and "Số ngày còn thiếu" in body
    assert body.index(standing.person.full_name) < body.index(local.person.full_name)
    sheet = load_workbook(io.BytesIO(client.get(MilitiaTrainingCrud.url("list"), {"export": "xlsx"}).content)).active
    header = [c.value for c in sheet[1]]
    assert "số ngày còn thiếu" in header
    values = {row[header.index("số ngày phải huấn luyện")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values == {60, 7}


def test_home_page_shows_the_forces_figure(make_member, user_a, client_for):
    member = make_member(start=datetime.date(2025, 1, 1))
    MilitiaMember.objects.filter(pk=member.pk).update(status=MilitiaStatus.SERVING)
    body = client_for(user_a).get("/").content.decode()
    assert "Dân quân tự vệ, dự bị động viên" in body and "Dân quân tự vệ đang thực hiện nghĩa vụ" in body
