"""Unit master data: only administrators, only through the audited services, always with a
legal basis. A ward user can no longer rename its own ward through the generic API or form."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from rest_framework.test import APIClient

from phongthu.accounts.models import Role, RoleAssignment
from phongthu.core.models import ObjectChange
from phongthu.units import services
from phongthu.units.choices import Hierarchy, Kind
from phongthu.units.models import LineageEvent, Unit, UnitLink, valid_on

pytestmark = pytest.mark.django_db

BASIS = "Nghị quyết 1656/NQ-UBTVQH15"


@pytest.fixture
def province_admin(make_user, hai_phong):
    return make_user(Role.PROVINCE_ADMIN, hai_phong)


@pytest.fixture
def other_province():
    """A second province with one commune (the test database holds only Hải Phòng)."""
    province = services.unit_create(parent=None, kind=Kind.PROVINCE, code="99", name="Tỉnh Thử Nghiệm", rebuild=False)
    commune = services.unit_create(parent=province, kind=Kind.COMMUNE, code="99001", name="Xã Thử Nghiệm")
    return province, commune


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def _changes(unit):
    return ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Unit), object_id=str(unit.pk), action="update"
    )


# ---------------------------------------------------------------- the reproduction (issue 7)


def test_ward_user_cannot_patch_its_own_unit_through_the_api(user_a, commune_a):
    """Before: PATCH /api/v1/units/unit/<id>/ → 200 and the ward renamed itself."""
    api = _api(user_a)
    name, valid_to = commune_a.name, commune_a.valid_to
    for method in (api.patch, api.put):
        resp = method(f"/api/v1/units/unit/{commune_a.pk}/", {"name": "Phường Tự Đặt", "valid_to": "2025-12-31"})
        assert resp.status_code in (403, 405), resp.content
    assert api.post("/api/v1/units/unit/", {"name": "Xã Mới", "kind": "COMMUNE"}).status_code in (403, 405)
    assert api.delete(f"/api/v1/units/unit/{commune_a.pk}/").status_code in (403, 405)
    commune_a.refresh_from_db()
    assert (commune_a.name, commune_a.valid_to) == (name, valid_to)
    assert not _changes(commune_a).exists()


def test_ward_user_gets_no_generic_edit_form_and_no_admin_page(user_a, commune_a):
    c = Client()
    c.force_login(user_a)
    assert c.get(f"/r/units/unit/{commune_a.pk}/edit/").status_code == 403
    assert c.post(f"/r/units/unit/{commune_a.pk}/edit/", {"name": "X"}).status_code == 403
    assert c.get(f"/units/{commune_a.pk}/admin/").status_code == 403
    resp = c.post(f"/units/{commune_a.pk}/admin/", {"op": "rename", "rename-name": "X", "rename-legal_basis": BASIS})
    assert resp.status_code == 403
    resp = _api(user_a).post(f"/api/v1/units/unit/{commune_a.pk}/rename/", {"name": "X", "legal_basis": BASIS})
    assert resp.status_code == 403
    commune_a.refresh_from_db()
    assert commune_a.name != "X"
    detail = c.get(f"/r/units/unit/{commune_a.pk}/").content.decode()
    assert f"/units/{commune_a.pk}/admin/" not in detail and f"/r/units/unit/{commune_a.pk}/edit/" not in detail


def test_even_a_system_admin_has_no_generic_unit_edit(admin_user, commune_a):
    assert _api(admin_user).patch(f"/api/v1/units/unit/{commune_a.pk}/", {"name": "X"}).status_code == 405
    c = Client()
    c.force_login(admin_user)
    assert c.get(f"/r/units/unit/{commune_a.pk}/edit/").status_code == 403


@pytest.mark.parametrize("role", [Role.PROVINCE_STAFF, Role.REGION_STAFF, Role.COMMUNE_STAFF, Role.COUNCIL_MEMBER])
def test_staff_roles_are_not_unit_administrators(make_user, hai_phong, commune_a, role):
    user = make_user(role, hai_phong)
    with pytest.raises(PermissionDenied):
        services.unit_rename(unit=commune_a, name="Tên Khác", actor=user, legal_basis=BASIS)


def test_an_admin_role_held_on_a_ward_is_not_a_unit_administrator(commune_a):
    from phongthu.accounts.models import User

    user = User.objects.create_user(username="qt-phuong", password="Mat-khau-2025")
    RoleAssignment.objects.create(user=user, role=Role.ADMIN, unit=commune_a)
    assert not services.can_admin_unit(user, commune_a)
    with pytest.raises(PermissionDenied):
        services.unit_rename(unit=commune_a, name="Tên Khác", actor=user, legal_basis=BASIS)


# ---------------------------------------------------------------- province administrators


def test_province_admin_renames_in_its_province_audited_with_the_legal_basis(province_admin, commune_a):
    resp = _api(province_admin).post(
        f"/api/v1/units/unit/{commune_a.pk}/rename/", {"name": "Phường Tên Mới", "legal_basis": BASIS}, format="json"
    )
    assert resp.status_code == 200, resp.content
    assert resp.json()["name"] == "Phường Tên Mới"
    commune_a.refresh_from_db()
    assert commune_a.name == "Phường Tên Mới"
    change = _changes(commune_a).get()
    assert change.reason == BASIS and change.user_name == province_admin.username
    assert change.after["name"] == "Phường Tên Mới"


def test_province_admin_cannot_touch_another_province(province_admin, other_province):
    province, commune = other_province
    for unit in (province, commune):
        with pytest.raises(PermissionDenied):
            services.unit_rename(unit=unit, name="Tên Khác", actor=province_admin, legal_basis=BASIS)
    assert _api(province_admin).post(
        f"/api/v1/units/unit/{commune.pk}/rename/", {"name": "X", "legal_basis": BASIS}
    ).status_code in (403, 404)
    commune.refresh_from_db()
    assert commune.name == "Xã Thử Nghiệm"


def test_province_admin_cannot_rename_the_province_itself(province_admin, hai_phong):
    with pytest.raises(PermissionDenied):
        services.unit_rename(unit=hai_phong, name="Thành phố Khác", actor=province_admin, legal_basis=BASIS)


def test_province_admin_must_be_assigned_on_a_province(province_admin, commune_a):
    bad = RoleAssignment(user=province_admin, role=Role.PROVINCE_ADMIN, unit=commune_a)
    with pytest.raises(ValidationError):
        bad.full_clean()


def test_system_admin_renames_anywhere(admin_user, other_province, hai_phong):
    province, commune = other_province
    services.unit_rename(unit=commune, name="Xã Đổi Tên", actor=admin_user, legal_basis=BASIS)
    services.unit_rename(unit=province, name="Tỉnh Đổi Tên", actor=admin_user, legal_basis=BASIS)
    commune.refresh_from_db()
    assert commune.name == "Xã Đổi Tên"
    assert _changes(commune).get().reason == BASIS


def test_a_legal_basis_is_required(province_admin, commune_a):
    with pytest.raises(ValidationError) as exc:
        services.unit_rename(unit=commune_a, name="Tên Khác", actor=province_admin, legal_basis="  ")
    assert "căn cứ pháp lý" in str(exc.value)
    with pytest.raises(ValidationError):
        services.lineage_record(kind="MERGE", date=datetime.date(2027, 1, 1), predecessors=[commune_a],
                                successors=[commune_a], actor=province_admin, legal_basis="Nghị quyết " * 40)  # fmt: skip
    resp = _api(province_admin).post(f"/api/v1/units/unit/{commune_a.pk}/rename/", {"name": "X"}, format="json")
    assert resp.status_code == 400 and "căn cứ pháp lý" in resp.content.decode()
    commune_a.refresh_from_db()
    assert commune_a.name != "X"


def test_admin_page_renames_and_sets_validity(province_admin, commune_a):
    c = Client()
    c.force_login(province_admin)
    page = c.get(f"/units/{commune_a.pk}/admin/")
    assert page.status_code == 200 and "Căn cứ pháp lý" in page.content.decode()
    assert f"/units/{commune_a.pk}/admin/" in c.get(f"/r/units/unit/{commune_a.pk}/").content.decode()
    resp = c.post(
        f"/units/{commune_a.pk}/admin/", {"op": "rename", "rename-name": "Phường Qua Trang", "rename-legal_basis": ""}
    )
    assert resp.status_code == 400 and "Hãy nhập căn cứ pháp lý" in resp.content.decode()
    resp = c.post(
        f"/units/{commune_a.pk}/admin/",
        {"op": "rename", "rename-name": "Phường Qua Trang", "rename-legal_basis": BASIS},
    )
    assert resp.status_code == 302
    resp = c.post(
        f"/units/{commune_a.pk}/admin/",
        {"op": "validity", "validity-valid_from": "2025-07-01", "validity-valid_to": "2025-01-01",
         "validity-legal_basis": BASIS},
    )  # fmt: skip
    assert resp.status_code == 400 and "phải sau ngày bắt đầu" in resp.content.decode()
    resp = c.post(
        f"/units/{commune_a.pk}/admin/",
        {"op": "validity", "validity-valid_from": "2025-07-01", "validity-valid_to": "2030-12-31",
         "validity-legal_basis": BASIS},
    )  # fmt: skip
    assert resp.status_code == 302
    commune_a.refresh_from_db()
    assert commune_a.name == "Phường Qua Trang" and commune_a.valid_to == datetime.date(2030, 12, 31)
    assert set(_changes(commune_a).values_list("reason", flat=True)) == {BASIS}


def test_reparent_is_a_dated_link_change(province_admin, commune_a, two_regions):
    old_region, new_region = two_regions
    on = datetime.date(2026, 1, 1)
    resp = _api(province_admin).post(
        f"/api/v1/units/unit/{commune_a.pk}/reparent/",
        {"parent": new_region.pk, "hierarchy": Hierarchy.MILITARY, "on": on.isoformat(), "legal_basis": BASIS},
        format="json",
    )
    assert resp.status_code == 200, resp.content
    links = UnitLink.objects.filter(child=commune_a, hierarchy=Hierarchy.MILITARY)
    old = links.get(parent=old_region)
    assert old.valid_to == datetime.date(2025, 12, 31)
    assert links.filter(valid_on(on)).get().parent == new_region
    assert links.filter(valid_on(datetime.date(2025, 12, 1))).get().parent == old_region
    assert ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(UnitLink), reason=BASIS, action="create"
    ).exists()


def test_reparent_under_its_own_descendant_is_refused(admin_user, hai_phong, commune_a):
    with pytest.raises(ValidationError):
        services.unit_reparent(unit=hai_phong, parent=commune_a, on=datetime.date(2026, 1, 1), actor=admin_user,
                               legal_basis=BASIS)  # fmt: skip


def test_province_admin_cannot_reparent_into_another_province(province_admin, commune_a, other_province):
    with pytest.raises(PermissionDenied):
        services.unit_reparent(unit=commune_a, parent=other_province[0], on=datetime.date(2026, 1, 1),
                               actor=province_admin, legal_basis=BASIS)  # fmt: skip


def test_defense_region_membership_set(province_admin, two_regions, commune_a, commune_b):
    region, _other = two_regions
    on = datetime.date(2026, 2, 1)
    services.defense_region_set_members(region=region, communes=[commune_a, commune_b], on=on, actor=province_admin,
                                        legal_basis=BASIS)  # fmt: skip
    members = set(
        UnitLink.objects.filter(valid_on(on), parent=region, hierarchy=Hierarchy.MILITARY).values_list(
            "child_id", flat=True
        )
    )
    assert members == {commune_a.pk, commune_b.pk}
    # commune_b left its former region that day
    assert (
        not UnitLink.objects.filter(valid_on(on), child=commune_b, hierarchy=Hierarchy.MILITARY)
        .exclude(parent=region)
        .exists()
    )
    with pytest.raises(ValidationError):
        services.defense_region_set_members(region=commune_a, communes=[], on=on, actor=province_admin,
                                            legal_basis=BASIS)  # fmt: skip


def test_lineage_record_by_admin_only(province_admin, user_a, commune_a, commune_a2):
    day = datetime.date(2027, 1, 1)
    with pytest.raises(PermissionDenied):
        services.lineage_record(kind="MERGE", date=day, predecessors=[commune_a2], successors=[commune_a],
                                actor=user_a, legal_basis=BASIS)  # fmt: skip
    event = services.lineage_record(kind="MERGE", date=day, predecessors=[commune_a2], successors=[commune_a],
                                    actor=province_admin, legal_basis=BASIS)  # fmt: skip
    assert LineageEvent.objects.get(pk=event.pk).legal_basis == BASIS
    commune_a2.refresh_from_db()
    assert commune_a2.valid_to == datetime.date(2026, 12, 31)
    assert _changes(commune_a2).get().reason == BASIS


@pytest.mark.parametrize(
    ("op", "data"),
    [
        ("rename", {"name": "\ud800", "legal_basis": BASIS}),
        ("rename", {"name": "Tên", "legal_basis": {"x": ["y"]}}),
        ("validity", {"valid_from": "31/02/2025", "legal_basis": BASIS}),
        ("reparent", {"parent": "abc", "on": "2026-01-01", "legal_basis": BASIS}),
        ("reparent", {"parent": 99999999999999999999, "on": "2026-01-01", "legal_basis": BASIS}),
        ("reparent", {"hierarchy": "ZZZ", "on": "2026-01-01", "legal_basis": BASIS}),
    ],
)
def test_admin_api_bad_input_is_a_400_in_vietnamese(province_admin, commune_a, op, data):
    import json

    body = json.dumps(data)  # ASCII escapes: a lone surrogate reaches the server as such
    resp = _api(province_admin).post(f"/api/v1/units/unit/{commune_a.pk}/{op}/", body, content_type="application/json")
    assert resp.status_code == 400, resp.content
    commune_a.refresh_from_db()
    assert not _changes(commune_a).exists()
