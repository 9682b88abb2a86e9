"""Hand-written forms choose units with the search pickers (core.pickers.use), not a full list:
moving a citizen (to_unit), the user administration's unit, a unit's new parent. Each: the picker
is rendered, the search offers the form's own choices, a value out of those or not in force on the
form's date is refused with a Vietnamese message naming the field (issue 13). The sources are
declared the same way (`pickers.declare`)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from phongthu.accounts.models import Role
from phongthu.accounts.user_admin import AssignmentForm
from phongthu.core import pickers, scoping
from phongthu.core.tests.test_authority import old_ward_with_district
from phongthu.military_service.forms import MoveOutForm
from phongthu.units.admin_views import ReparentForm

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _pick(user: Any, kind: str, **params: str) -> Any:
    return _client(user).get(f"/pick/{kind}/", params)


def _ids(resp: Any) -> set[int]:
    assert resp.status_code == 200, resp.content.decode()
    return {row["id"] for row in resp.json()["results"]}


# ---- moving a citizen --------------------------------------------------------------------------


def _move(user: Any, to_unit: Any, on: datetime.date = TODAY) -> MoveOutForm:
    data = {"on": on.isoformat(), "channel": "IN_PERSON", "to_unit": str(to_unit)}
    return MoveOutForm(data=data, user=user)


def test_move_out_destination_is_a_picker_over_any_commune(user_a, commune_b, two_regions):
    form = MoveOutForm(user=user_a)
    field = form.fields["to_unit"]
    assert isinstance(field, pickers.PickerField)
    html = str(form["to_unit"])
    assert "data-picker" in html and "choices=communes" in html and "<select" not in html
    # The destination is not the mover's reach: another region's commune is offered, a region not.
    found = _ids(_pick(user_a, "unit", q=commune_b.name, choices="communes", on=TODAY.isoformat()))
    assert commune_b.pk in found
    assert two_regions[1].pk not in _ids(_pick(user_a, "unit", q=two_regions[1].name, choices="communes"))
    assert _move(user_a, commune_b.pk).is_valid()


def test_move_out_refuses_a_region_and_a_commune_not_in_force(user_a, two_regions, commune_a):
    form = _move(user_a, two_regions[0].pk)
    assert not form.is_valid()
    assert (
        "Xã, phường chuyển đến" in form.errors["to_unit"][0] and "không có trong phạm vi" in form.errors["to_unit"][0]
    )
    old, _district = old_ward_with_district()
    form = _move(user_a, old.pk)
    assert not form.is_valid()
    message = form.errors["to_unit"][0]
    assert "Xã, phường chuyển đến" in message and "không còn hiệu lực vào ngày" in message
    assert TODAY.strftime("%d/%m/%Y") in message
    # On a day it stood, the old commune is a valid destination (moves entered late).
    assert _move(user_a, old.pk, on=old.valid_to - datetime.timedelta(days=1)).is_valid()
    assert old.pk not in _ids(_pick(user_a, "unit", q=old.name, choices="communes", on=TODAY.isoformat()))


def test_unknown_choice_list_is_refused(user_a):
    resp = _pick(user_a, "unit", q="an", choices="everything")
    assert resp.status_code == 404 and "error" in resp.json()


# ---- the user administration's unit ------------------------------------------------------------


def test_user_admin_unit_is_a_picker_over_the_grantable_units(province_user, user_a, commune_a, commune_b):
    form = AssignmentForm(manager=province_user, prefix="a")
    assert isinstance(form.fields["unit"], pickers.PickerField)
    assert "choices=grantable" in str(form["unit"])
    assert commune_b.pk in _ids(_pick(province_user, "unit", q=commune_b.name, choices="grantable"))
    page = _client(province_user).get("/accounts/users/new/").content.decode()
    assert 'name="a-unit"' in page and '<select name="a-unit"' not in page


def test_user_admin_unit_out_of_reach_or_before_it_existed_is_refused(make_user, commune_a, two_regions):
    region_manager = make_user(Role.PROVINCE_STAFF, two_regions[0])
    data = {"a-role": Role.COMMUNE_STAFF, "a-mode": "ENTER", "a-unit": "", "a-valid_from": ""}
    old, _district = old_ward_with_district()
    form = AssignmentForm({**data, "a-unit": str(old.pk)}, manager=region_manager, prefix="a")
    assert not form.is_valid()
    assert "Đơn vị" in form.errors["unit"][0]
    form = AssignmentForm(
        {**data, "a-unit": str(commune_a.pk), "a-valid_from": "2020-01-01"}, manager=region_manager, prefix="a"
    )
    assert not form.is_valid()
    assert "Đơn vị" in form.errors["unit"][0] and "01/01/2020" in form.errors["unit"][0]
    form = AssignmentForm({**data, "a-unit": str(commune_a.pk)}, manager=region_manager, prefix="a")
    assert form.is_valid(), form.errors


# ---- a unit's new parent -----------------------------------------------------------------------


def test_reparent_parent_is_a_picker_within_the_administered_province(make_user, hai_phong, commune_a, two_regions):
    admin = make_user(Role.PROVINCE_ADMIN, hai_phong)
    form = ReparentForm(user=admin, unit=commune_a)
    assert isinstance(form.fields["parent"], pickers.PickerField)
    assert two_regions[1].pk in _ids(_pick(admin, "unit", q=two_regions[1].name, choices="new_parents"))
    data = {"hierarchy": "MILITARY", "on": TODAY.isoformat(), "legal_basis": "Quyết định 1/QĐ"}
    form = ReparentForm({**data, "parent": "999999999"}, user=admin, unit=commune_a)
    assert not form.is_valid() and "Đơn vị cấp trên mới" in form.errors["parent"][0]
    form = ReparentForm({**data, "parent": str(commune_a.pk)}, user=admin, unit=commune_a)
    assert not form.is_valid(), "a unit is not its own parent"
    assert ReparentForm({**data, "parent": str(two_regions[1].pk)}, user=admin, unit=commune_a).is_valid()
    # A commune's staff administers no unit: the search offers nothing.
    staff = make_user(Role.COMMUNE_STAFF, commune_a)
    assert not _ids(_pick(staff, "unit", q=two_regions[1].name, choices="new_parents"))


# ---- declared sources --------------------------------------------------------------------------


def test_sources_are_declared_from_their_modules():
    from phongthu.forces import pickers as forces_pickers
    from phongthu.people import pickers as people_pickers
    from phongthu.units import pickers as unit_pickers

    for module, kind in ((people_pickers, "person"), (unit_pickers, "unit"), (forces_pickers, "reserve_unit")):
        source = pickers.source_named(kind)
        assert source is module.SOURCE
        assert source.search is module.search and source.label is module.label
    assert pickers.source_named("person").resolve is people_pickers.resolve
    assert pickers.source_named("unit").valid_on is unit_pickers.valid_on
    assert pickers.source_named("unit").reach_action(scoping.ADD) == scoping.ADD
