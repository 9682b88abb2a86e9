"""Who may carry out the registration procedures (military_service/authority.py), through the
API and the UI alike: the right role at the right unit succeeds; every other demo role, and the
right role at the wrong unit or in read-only mode, is refused and nothing changes."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from phongthu.accounts.models import AccessMode, Role
from phongthu.core import actions
from phongthu.core.models import StatusChange
from phongthu.military_service import services
from phongthu.military_service.choices import Presence, Procedure, RegistrationStatus
from phongthu.military_service.models import MilitaryServiceRegistration, RegistrationEvent
from phongthu.people.models import Person
from phongthu.units.models import OfficeHolder, Unit, UnitLink, valid_on

pytestmark = pytest.mark.django_db

S = RegistrationStatus
TODAY = timezone.localdate()
BEFORE = datetime.date(2024, 12, 2)  # under the district (pre-1/7/2025) rules
OTHERS = ["admin", "province_staff", "region_staff", "other_commune_staff", "council_member", "auditor", "viewer"]


def api_post(user: Any, obj: Any, name: str, data: dict[str, Any]) -> Any:
    client = APIClient()
    client.force_authenticate(user)
    meta = obj._meta
    return client.post(f"/api/v1/{meta.app_label}/{meta.model_name}/{obj.pk}/actions/{name}/", data, format="json")


def ui_post(user: Any, obj: Any, name: str, data: dict[str, Any]) -> Any:
    client = Client()
    client.force_login(user)
    meta = obj._meta
    url = reverse("record-action", kwargs={"app": meta.app_label, "model": meta.model_name, "pk": obj.pk, "name": name})
    return client.post(url, {**data, "next": "/"})


def visible(user: Any, obj: Any) -> bool:
    return bool(type(obj).objects.restrict(user, "view").filter(pk=obj.pk).exists())


def refused(response: Any, user: Any, obj: Any) -> bool:
    """API: 403 with the reason; 404 when the record is not even visible to the user."""
    return bool(response.status_code == (403 if visible(user, obj) else 404))


def ui_refused(response: Any, user: Any, obj: Any) -> bool:
    if not visible(user, obj):
        return bool(response.status_code == 404)
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    return response.status_code == 302 and bool(texts) and not any("Đã thực hiện" in t for t in texts)


@pytest.fixture
def people(make_user, commune_a, commune_b, hai_phong, user_a, user_b, region_user, province_user, admin_user, auditor):
    """The demo roles; `other_commune_staff` is the commune staff of commune_b."""
    return {
        "right": user_a,
        "admin": admin_user,
        "province_staff": province_user,
        "region_staff": region_user,
        "other_commune_staff": user_b,
        "council_member": make_user(Role.COUNCIL_MEMBER, commune_a),
        "auditor": auditor,
        "viewer": make_user(Role.COMMUNE_STAFF, commune_a, mode=AccessMode.VIEW),
    }


def _born(years: int) -> datetime.date:
    return datetime.date(TODAY.year - years, 3, 15)


@pytest.fixture
def chairman(commune_a):
    return OfficeHolder.objects.create(
        unit=commune_a, office="PC_CHAIR", full_name="Trần Văn Chủ", valid_from=datetime.date(2025, 7, 1)
    )


@pytest.fixture
def registered(make_person, commune_a, user_a):
    person = make_person(commune_a, dob=_born(19))
    services.registration_first(person, on=TODAY - datetime.timedelta(days=30), actor=user_a)
    return MilitaryServiceRegistration.objects.get(person=person)


FIRST = {"on": TODAY.isoformat(), "channel": "IN_PERSON"}


# ---------------------------------------------------------------- REGISTRATION_RECORD


def test_record_first_registration_by_the_commune_s_own_staff(make_person, commune_a, people):
    person = make_person(commune_a, dob=_born(17))
    response = api_post(people["right"], person, "register_first", FIRST)
    assert response.status_code == 200, response.content
    assert MilitaryServiceRegistration.objects.get(person=person).status == S.REGISTERED_READY


@pytest.mark.parametrize("who", OTHERS)
def test_record_first_registration_refused_for_every_other_role(make_person, commune_a, people, who):
    person = make_person(commune_a, dob=_born(17))
    assert refused(api_post(people[who], person, "register_first", FIRST), people[who], person)
    assert ui_refused(ui_post(people[who], person, "register_first", FIRST), people[who], person)
    assert not MilitaryServiceRegistration.objects.filter(person=person).exists()
    assert not RegistrationEvent.objects.filter(registration__person=person).exists()


def test_refusal_says_who_may(make_person, commune_a, people):
    person = make_person(commune_a, dob=_born(17))
    body = api_post(people["province_staff"], person, "register_first", FIRST).json()
    text = str(body)
    assert "Ban Chỉ huy quân sự" in text and "cán bộ cấp xã" in text


MOVE_OUT = {"on": TODAY.isoformat(), "channel": "IN_PERSON", "destination": "Tỉnh Thái Bình"}


def test_record_move_out_by_the_commune_s_own_staff(registered, people):
    response = api_post(people["right"], registered, "move_out", MOVE_OUT)
    assert response.status_code == 200, response.content
    registered.refresh_from_db()
    assert registered.presence == Presence.MOVING


@pytest.mark.parametrize("who", OTHERS)
def test_record_move_out_refused_for_every_other_role(registered, people, who):
    assert refused(api_post(people[who], registered, "move_out", MOVE_OUT), people[who], registered)
    assert ui_refused(ui_post(people[who], registered, "move_out", MOVE_OUT), people[who], registered)
    registered.refresh_from_db()
    assert registered.presence == Presence.PRESENT
    assert not registered.events.filter(procedure=Procedure.REG_MOVE_OUT).exists()


# ---------------------------------------------------------------- move-in: the receiving commune


@pytest.fixture
def moving(registered, commune_b, user_a):
    services.registration_move_out(registered, on=TODAY, to_unit=commune_b, actor=user_a)
    registered.refresh_from_db()
    return registered


MOVE_IN = {"on": TODAY.isoformat(), "arrival_date": TODAY.isoformat(), "channel": "IN_PERSON"}


def test_move_in_is_offered_to_and_recorded_by_the_receiving_commune(moving, commune_b, people):
    receiver = people["other_commune_staff"]
    client = APIClient()
    client.force_authenticate(receiver)
    listed = client.get(f"/api/v1/military_service/militaryserviceregistration/{moving.pk}/actions/").json()
    assert [a["name"] for a in listed["offered"]] == ["move_in"]
    response = api_post(receiver, moving, "move_in", MOVE_IN)
    assert response.status_code == 200, response.content
    moving.refresh_from_db()
    assert moving.registering_unit == commune_b and moving.presence == Presence.PRESENT


@pytest.mark.parametrize("who", ["right", "admin", "province_staff", "region_staff", "council_member", "auditor"])
def test_move_in_refused_for_the_sending_commune_and_every_other_role(moving, commune_a, people, who):
    # "right" is the sending commune's staff: the right role at the wrong unit for a move-in.
    assert refused(api_post(people[who], moving, "move_in", MOVE_IN), people[who], moving)
    assert ui_refused(ui_post(people[who], moving, "move_in", MOVE_IN), people[who], moving)
    moving.refresh_from_db()
    assert moving.registering_unit == commune_a and moving.presence == Presence.MOVING


def test_move_in_refused_for_a_third_commune_and_a_read_only_receiver(
    moving, commune_a, commune_a2, commune_b, make_user
):
    third = make_user(Role.COMMUNE_STAFF, commune_a2)
    assert not visible(third, moving)
    assert refused(api_post(third, moving, "move_in", MOVE_IN), third, moving)
    reader = make_user(Role.COMMUNE_STAFF, commune_b, mode=AccessMode.VIEW)
    assert refused(api_post(reader, moving, "move_in", MOVE_IN), reader, moving)
    moving.refresh_from_db()
    assert moving.registering_unit == commune_a and moving.presence == Presence.MOVING


# ---------------------------------------------------------------- REGISTRATION_REMOVE


REMOVE = {"on": TODAY.isoformat(), "reason": "DEATH", "decision_ref": "12/QĐ-UBND", "confirmed": True}


def test_removal_is_the_commune_chairman_s_and_he_signs_it(registered, commune_a, chairman, people):
    response = api_post(people["right"], registered, "remove", {**REMOVE, "confirmed": False})
    assert response.status_code == 400 and "confirmed" in response.json()
    response = api_post(people["right"], registered, "remove", REMOVE)
    assert response.status_code == 200, response.content
    registered.refresh_from_db()
    assert registered.status == S.REMOVED
    event = registered.events.get(procedure=Procedure.REMOVAL)
    assert event.signer_title == f"Chủ tịch Ủy ban nhân dân {commune_a.name[0].lower()}{commune_a.name[1:]}"
    assert event.signer_name == "Trần Văn Chủ"


@pytest.mark.parametrize("who", OTHERS)
def test_removal_refused_for_every_other_role(registered, people, who):
    assert refused(api_post(people[who], registered, "remove", REMOVE), people[who], registered)
    assert ui_refused(ui_post(people[who], registered, "remove", {**REMOVE, "confirmed": "1"}), people[who], registered)
    registered.refresh_from_db()
    assert registered.status == S.REGISTERED_READY


def old_ward_and_district() -> tuple[Unit, Unit]:
    link = (
        UnitLink.objects.filter(valid_on(BEFORE), hierarchy="CIVIL", child__level="COMMUNE", parent__level="DISTRICT")
        .filter(child__valid_to__lt=datetime.date(2025, 7, 1))
        .select_related("child", "parent")
        .order_by("child__code")
        .first()
    )
    assert link is not None
    return link.child, link.parent


@pytest.fixture
def old_file(make_person):
    """A file kept by a pre-2025 ward, registered before the reform."""
    ward, _district = old_ward_and_district()
    person = make_person(ward, dob=_born(20))
    return MilitaryServiceRegistration.objects.create(
        person=person, registering_unit=ward, status=S.REGISTERED_READY, first_registration_date=BEFORE
    )


def test_before_the_reform_the_district_commander_removed(old_file, make_user, province_user):
    ward, district = old_ward_and_district()
    data = {**REMOVE, "on": BEFORE.isoformat()}
    ward_staff = make_user(Role.COMMUNE_STAFF, ward)
    district_staff = make_user(Role.REGION_STAFF, district)
    for other in (ward_staff, province_user):
        assert refused(api_post(other, old_file, "remove", data), other, old_file)
    old_file.refresh_from_db()
    assert old_file.status == S.REGISTERED_READY
    response = api_post(district_staff, old_file, "remove", data)
    assert response.status_code == 200, response.content
    event = old_file.events.get(procedure=Procedure.REMOVAL)
    assert event.signer_title.startswith("Chỉ huy trưởng Ban Chỉ huy quân sự ")


# ---------------------------------------------------------------- REGISTRATION_CERTIFY


def test_the_certificate_is_signed_by_the_commune_chairman(make_person, commune_a, chairman, people):
    person = make_person(commune_a, dob=_born(17))
    response = api_post(people["right"], person, "register_first", {**FIRST, "certificate_no": "15/GCN"})
    assert response.status_code == 200, response.content
    event = RegistrationEvent.objects.get(registration__person=person, procedure=Procedure.REG_FIRST)
    assert event.signer_title.startswith("Chủ tịch Ủy ban nhân dân ") and event.signer_name == "Trần Văn Chủ"
    assert event.registration.certificate_no == "15/GCN"


@pytest.mark.parametrize("who", OTHERS)
def test_certificate_refused_for_every_other_role(make_person, commune_a, people, who):
    person = make_person(commune_a, dob=_born(17))
    data = {**FIRST, "certificate_no": "15/GCN"}
    assert refused(api_post(people[who], person, "register_first", data), people[who], person)
    assert not MilitaryServiceRegistration.objects.filter(person=person).exists()


def test_before_the_reform_the_ward_recorded_but_the_district_certified(make_person, make_user):
    from django.core.exceptions import PermissionDenied

    from phongthu.core import authority

    ward, district = old_ward_and_district()
    ward_staff = make_user(Role.COMMUNE_STAFF, ward)
    # The ward's own staff recorded registrations; the certificate was the district commander's.
    assert authority.require(ward_staff, "REGISTRATION_RECORD", ward.pk, BEFORE).unit.id == ward.pk
    with pytest.raises(PermissionDenied):
        authority.require(ward_staff, "REGISTRATION_CERTIFY", ward.pk, BEFORE)
    assert authority.require(make_user(Role.REGION_STAFF, district), "REGISTRATION_CERTIFY", ward.pk, BEFORE)
    person = make_person(ward, dob=datetime.date(BEFORE.year - 17, 2, 1))
    data = {"on": BEFORE.isoformat(), "channel": "IN_PERSON", "certificate_no": "7/GCN"}
    response = api_post(ward_staff, person, "register_first", data)
    assert response.status_code == 403
    assert "Chỉ huy trưởng Ban Chỉ huy quân sự" in str(response.json())
    assert not MilitaryServiceRegistration.objects.filter(person=person).exists()


# ---------------------------------------------------------------- every path is checked


def test_a_direct_service_call_is_held_to_the_same_table(registered, province_user):
    """Imports, commands and jobs call services: the authority check is in the transition."""
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.registration_remove(registered, actor=province_user, on=TODAY, reason="DEATH")
    with pytest.raises(PermissionDenied):
        services.registration_supplement(registered, actor=province_user, on=TODAY, change_date=TODAY, note="x")
    registered.refresh_from_db()
    assert registered.status == S.REGISTERED_READY
    assert StatusChange.objects.filter(object_id=str(registered.pk), to_status=S.REMOVED).count() == 0


def test_every_registration_action_names_a_registration_authority_row():
    for model in (MilitaryServiceRegistration, Person):
        for action in actions.for_model(model):
            assert action.authority in {"REGISTRATION_RECORD", "REGISTRATION_REMOVE"}, action.name


def test_every_action_form_feeds_its_service():
    """The cleaned fields are the service's keyword arguments: none missing, none unknown."""
    import inspect

    for model in (MilitaryServiceRegistration, Person):
        for action in actions.for_model(model):
            form = action.form()
            names = set(form.fields) | (
                {"person_changes"} if "person_changes" in inspect.getsource(action.form) else set()
            )
            names -= {name for name in form.fields if name in getattr(action.form, "PERSON_FIELDS", ())}
            params = inspect.signature(action.service).parameters
            assert names <= set(params), (action.name, names - set(params))
            required = {n for n, p in params.items() if p.kind is p.KEYWORD_ONLY and p.default is p.empty}
            assert required - {"actor"} <= names, (action.name, required - names)


# ---------------------------------------------------------------- the April drive board and the person page


@pytest.mark.parametrize("who", ["admin", "province_staff", "region_staff", "viewer"])
def test_drive_batch_registers_only_for_the_commune_s_staff(make_person, commune_a, people, who):
    person = make_person(commune_a, dob=_born(17))
    client = Client()
    client.force_login(people[who])
    url = reverse("military_service:drive")
    page = client.get(url, {"unit": commune_a.pk, "year": TODAY.year}).content.decode()
    assert f'name="person" value="{person.pk}"' not in page  # nothing to tick
    response = client.post(url, {"unit": commune_a.pk, "year": TODAY.year, "person": [person.pk], **FIRST})
    assert response.status_code == 302
    assert not MilitaryServiceRegistration.objects.filter(person=person).exists()
    client.force_login(people["right"])
    page = client.get(url, {"unit": commune_a.pk, "year": TODAY.year}).content.decode()
    assert f'name="person" value="{person.pk}"' in page
    client.post(url, {"unit": commune_a.pk, "year": TODAY.year, "person": [person.pk], **FIRST})
    assert MilitaryServiceRegistration.objects.get(person=person).status == S.REGISTERED_READY


def test_person_page_offers_nothing_to_the_province_and_says_why(registered, people):
    from phongthu.people.crud import PersonCrud

    client = Client()
    client.force_login(people["province_staff"])
    page = client.get(PersonCrud.url("detail", registered.person_id)).content.decode()
    assert "/actions/move_out/" not in page and "/actions/remove/" not in page
    assert "Vì sao không thấy một số thao tác?" in page and "Ban Chỉ huy quân sự" in page
    client.force_login(people["right"])
    page = client.get(PersonCrud.url("detail", registered.person_id)).content.decode()
    assert "/actions/move_out/" in page and "/actions/remove/" in page
    # Each action form's fields have their own ids, so every label names its own input.
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_the_old_procedure_views_are_gone():
    """Issue 7: one way to act — no per-app action table, adapters or endpoints remain."""
    from django.urls import NoReverseMatch

    from phongthu.military_service import views

    assert not [name for name in vars(views) if name.startswith("_run_") or name in {"ACTIONS", "PersonActionView"}]
    for name in ("person-action", "move-in"):
        with pytest.raises(NoReverseMatch):
            reverse(f"military_service:{name}", args=[1])
