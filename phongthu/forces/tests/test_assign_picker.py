"""Assigning a reservist to a DBĐV unit picks the unit by search (core.pickers), among the units
the user may write to; another commune's unit is neither offered nor accepted (issue 13)."""

from __future__ import annotations

import pytest
from django.test import Client

from phongthu.core import actions, pickers
from phongthu.forces.actions import AssignForm
from phongthu.forces.models import Reservist

pytestmark = pytest.mark.django_db
DATA = {"post": "Xạ thủ", "speciality_match": "NEAR", "on": "2025-08-01"}


def test_reserve_unit_is_a_scoped_picker(user_a, commune_b, make_reserve_unit, make_reservist):
    mine = make_reserve_unit()
    theirs = make_reserve_unit(unit=commune_b)
    reservist = make_reservist()
    form = AssignForm(user=user_a, record=reservist)
    assert isinstance(form.fields["reserve_unit"], pickers.PickerField)
    assert "/pick/reserve_unit/" in str(form["reserve_unit"]) and "<select" not in str(form["reserve_unit"])
    client = Client()
    client.force_login(user_a)
    found = client.get("/pick/reserve_unit/", {"q": "dai doi du bi", "action": "add"}).json()["results"]
    assert [row["id"] for row in found] == [mine.pk]
    assert commune_b.name not in str(found) and found[0]["label"] == mine.name

    form = AssignForm({**DATA, "reserve_unit": str(theirs.pk)}, user=user_a, record=reservist)
    assert not form.is_valid()
    assert "Đơn vị DBĐV" in form.errors["reserve_unit"][0]
    assert AssignForm({**DATA, "reserve_unit": str(mine.pk)}, user=user_a, record=reservist).is_valid()


def test_assign_with_an_out_of_reach_unit_changes_nothing(user_a, commune_b, make_reserve_unit, make_reservist):
    theirs = make_reserve_unit(unit=commune_b)
    reservist = make_reservist()
    before = Reservist.objects.get(pk=reservist.pk).status
    with pytest.raises(Exception, match="Đơn vị DBĐV"):
        actions.perform(actions.get(Reservist, "assign"), reservist, user_a, {**DATA, "reserve_unit": str(theirs.pk)})
    assert Reservist.objects.get(pk=reservist.pk).status == before
