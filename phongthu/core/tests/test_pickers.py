"""Search-as-you-type pickers (core/pickers.py): the endpoint stays within the user's reach and
the form's date, and a form refuses an id out of scope with a message naming the field."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from phongthu.people.models import Person
from phongthu.units.models import Unit

HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def person(unit: Unit, name: str, born: datetime.date, id_number: str | None = None) -> Person:
    return Person.objects.create(
        full_name=name, date_of_birth=born, sex="male", residence_unit=unit, id_number=id_number
    )


def pick(c: Client, kind: str, **params: Any) -> Any:
    response = c.get(reverse("pick", args=[kind]), params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def labels(data: dict[str, Any]) -> list[str]:
    return [row["label"] for row in data["results"]]


@pytest.fixture
def people(commune_a: Unit, commune_b: Unit) -> dict[str, Person]:
    return {
        "a": person(commune_a, "Nguyễn Văn Đức", datetime.date(2005, 3, 10), "031205000123"),
        "a2": person(commune_a, "Trần Thị Đức Hạnh", datetime.date(1999, 7, 1)),
        "b": person(commune_b, "Nguyễn Văn Đức", datetime.date(2005, 4, 11), "031205000456"),
    }


def test_person_search_without_diacritics_stays_in_the_commune(user_a, people):
    data = pick(client_for(user_a), "person", q="nguyen van duc")
    assert [r["id"] for r in data["results"]] == [people["a"].pk]
    assert data["results"][0]["label"] == "Nguyễn Văn Đức"
    assert "10/03/2005" in data["results"][0]["detail"]


def test_person_search_by_cccd_and_birth_year(user_a, people):
    c = client_for(user_a)
    assert [r["id"] for r in pick(c, "person", q="000123")["results"]] == [people["a"].pk]
    assert [r["id"] for r in pick(c, "person", q="031205000123")["results"]] == [people["a"].pk]
    # another commune's CCCD is not found, not even whole
    assert pick(c, "person", q="031205000456")["results"] == []
    assert labels(pick(c, "person", q="duc 1999")) == ["Trần Thị Đức Hạnh"]
    assert labels(pick(c, "person", q="đức")) == ["Nguyễn Văn Đức", "Trần Thị Đức Hạnh"]  # Vietnamese order


def test_region_user_sees_both_communes_of_the_region_only(region_user, commune_a2, people):
    other = person(commune_a2, "Nguyễn Văn Đức", datetime.date(2001, 1, 1))
    ids = {r["id"] for r in pick(client_for(region_user), "person", q="nguyen van duc")["results"]}
    assert ids == {people["a"].pk, other.pk}


def test_results_are_limited(user_a, commune_a):
    for i in range(25):
        person(commune_a, f"Lê Văn Giới {i}", datetime.date(2000, 1, 1 + i))
    data = pick(client_for(user_a), "person", q="le van gioi")
    assert len(data["results"]) == 20 and data["more"] is True


def test_unit_search_is_scoped_and_starts_at_the_own_unit(user_a, commune_a, commune_b):
    c = client_for(user_a)
    assert pick(c, "unit", action="add")["results"][0]["id"] == commune_a.pk
    assert pick(c, "unit", action="add", q=commune_b.name_search)["results"] == []
    found = pick(c, "unit", action="add", q=commune_a.name_search)["results"]
    assert [r["id"] for r in found] == [commune_a.pk]


def test_units_are_those_valid_on_the_forms_date(admin_user):
    old = Unit.objects.filter(valid_to__isnull=False, level="COMMUNE").order_by("pk").first()
    assert old is not None and old.valid_to is not None
    c = client_for(admin_user)
    before = pick(c, "unit", action="add", q=old.name_search, on=old.valid_to.isoformat())
    assert old.pk in [r["id"] for r in before["results"]]
    after = pick(c, "unit", action="add", q=old.name_search, on=(old.valid_to + datetime.timedelta(days=1)).isoformat())
    assert old.pk not in [r["id"] for r in after["results"]]
    assert old.pk not in [r["id"] for r in pick(c, "unit", action="add", q=old.name_search)["results"]]  # today


@pytest.mark.parametrize(
    ("kind", "params", "status"),
    [
        ("person", {"action": "delete"}, 400),
        ("unit", {"on": "31/02/2025"}, 400),
        ("unit", {"on": "hôm qua"}, 400),
        ("person", {"q": "x" * 500}, 400),
        ("nobody", {}, 404),
    ],
)
def test_bad_requests_get_a_message_not_a_500(user_a, kind, params, status):
    c = client_for(user_a)
    response = c.get(reverse("pick", args=[kind]), params)
    assert response.status_code == status
    assert json.loads(response.content)["error"]
    response = c.get(reverse("pick", args=[kind]), params, **HTMX)
    assert response.status_code == status
    assert 'role="alert"' in response.content.decode()


def test_htmx_gets_options_and_a_short_query_a_hint(user_a, people):
    c = client_for(user_a)
    html = c.get(reverse("pick", args=["person"]), {"q": "nguyen"}, **HTMX).content.decode()
    assert f'data-value="{people["a"].pk}"' in html and 'role="option"' in html
    assert f'data-value="{people["b"].pk}"' not in html
    assert "ít nhất 2 ký tự" in c.get(reverse("pick", args=["person"]), {"q": "n"}, **HTMX).content.decode()


def test_anonymous_is_sent_to_log_in(db):
    response = Client().get(reverse("pick", args=["person"]), {"q": "nguyen"})
    assert response.status_code == 302 and "/login/" in response["Location"]


# ---- forms ---------------------------------------------------------------------------------


def reservist_data(person_value: Any, unit_value: Any) -> dict[str, Any]:
    return {
        "person": person_value,
        "unit": unit_value,
        "speciality_code": "BB001",
        "speciality_name": "Bộ binh",
        "registration_date": "2025-06-01",
        "_reason": "nhập thử",
    }


@pytest.fixture
def reservist_choices() -> dict[str, str]:
    from phongthu.forces.choices import Rank, ReserveGrade, ReservistType

    return {"personnel_type": ReservistType.NCO_SOLDIER, "grade": str(ReserveGrade.ONE), "rank": Rank.HA_SI}


def test_add_form_renders_pickers_defaulting_to_the_own_unit(user_a, commune_a):
    from phongthu.activities.crud.exercises import ExerciseCrud
    from phongthu.campaigns.crud import QuotaCrud

    # Units are offered as they stood on the record's date (an exercise's date)…
    html = client_for(user_a).get(ExerciseCrud.add_url()).content.decode()
    assert 'data-picker data-date-field="date"' in html
    # …never "dated" by a relation (a quota's campaign is not a day).
    assert "data-date-field" not in client_for(user_a).get(QuotaCrud.add_url()).content.decode()
    from phongthu.forces.crud import ReservistCrud

    html = client_for(user_a).get(ReservistCrud.add_url()).content.decode()
    assert html.count("data-picker") == 2
    assert reverse("pick", args=["person"]) in html and reverse("pick", args=["unit"]) + "?action=add" in html
    assert f'name="unit" id="id_unit" value="{commune_a.pk}"' in html  # the user's own commune
    assert "<select" not in html.split('name="person"')[0].rsplit("<div", 1)[-1]


@pytest.mark.parametrize("bad", ["other-commune", "abc", "99999999999999999999999", "-1", "1.5"])
def test_an_id_out_of_scope_is_refused_naming_the_field(user_a, commune_a, people, reservist_choices, bad):
    from phongthu.forces.crud import ReservistCrud
    from phongthu.forces.models import Reservist

    value = people["b"].pk if bad == "other-commune" else bad
    data = {**reservist_data(value, commune_a.pk), **reservist_choices}
    response = client_for(user_a).post(ReservistCrud.add_url(), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "“Công dân”" in html and "không có trong phạm vi của bạn" in html
    assert 'value="nhập thử"' in html and 'value="BB001"' in html  # the typed values stay
    assert not Reservist.objects.exists()


def test_a_unit_of_another_commune_is_refused(user_a, commune_a, commune_b, people, reservist_choices):
    from phongthu.forces.crud import ReservistCrud

    data = {**reservist_data(people["a"].pk, commune_b.pk), **reservist_choices}
    response = client_for(user_a).post(ReservistCrud.add_url(), data)
    assert response.status_code == 400
    assert "không có trong phạm vi của bạn" in response.content.decode()


def test_picked_or_typed_cccd_saves(user_a, commune_a, people, reservist_choices):
    from phongthu.forces.crud import ReservistCrud
    from phongthu.forces.models import Reservist

    c = client_for(user_a)
    data = {**reservist_data(people["a"].id_number, commune_a.pk), **reservist_choices}
    response = c.post(ReservistCrud.add_url(), data)
    assert response.status_code == 302, response.content.decode()
    saved = Reservist.objects.get()
    assert saved.person_id == people["a"].pk and saved.unit_id == commune_a.pk
    # The edit form shows the chosen person by name, not by number only.
    html = c.get(ReservistCrud.url("edit", saved.pk)).content.decode()
    assert "Nguyễn Văn Đức" in html


def test_create_one_link_only_for_who_may_create(user_a, admin_user, auditor):
    from django.test import RequestFactory

    from phongthu.core.views import ObjectEditView
    from phongthu.forces.crud import MilitiaMemberCrud, MilitiaUnitCrud, ReserveAssignmentCrud
    from phongthu.units.crud import OfficeHolderCrud

    html = client_for(user_a).get(MilitiaMemberCrud.add_url()).content.decode()
    assert "Danh sách chọn đang trống" in html and MilitiaUnitCrud.add_url() in html

    def may(user: Any, config: Any) -> bool:
        view = ObjectEditView(config=MilitiaMemberCrud)
        view.request = RequestFactory().get("/")
        view.request.user = user
        return view.may_create(config)

    assert may(user_a, MilitiaUnitCrud) and may(admin_user, MilitiaUnitCrud)
    assert not may(user_a, OfficeHolderCrud)  # unit master data: administrators only
    assert may(admin_user, OfficeHolderCrud)
    assert not may(user_a, ReserveAssignmentCrud)  # created by a service, never by a form
    assert not may(auditor, MilitiaUnitCrud)  # reads only
