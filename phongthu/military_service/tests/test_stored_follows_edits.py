"""The stored eligibility answer (StoredEligibility) follows single edits without the bulk
command: a person edit, a health exam, a ground decided or ended, a bulk update; the person
list filtered by eligibility shows the new answer, and a rolled-back edit keeps the old one."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from phongthu.accounts.models import User
from phongthu.core.audit import audited_update
from phongthu.core.services import object_save
from phongthu.military_service import services
from phongthu.military_service.models import RegistrationGround, StoredEligibility
from phongthu.military_service.selectors import person_eligibility
from phongthu.people.crud import PersonCrud
from phongthu.people.models import Person

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _stored(person: Person) -> str:
    return StoredEligibility.objects.get(person_id=person.pk).status


def _live(person: Person) -> str:
    view = person_eligibility(Person.objects.get(pk=person.pk), TODAY)
    assert view is not None
    return str(view.evaluation.status)


def _listed(user: User, status: str) -> bool:
    c = Client()
    c.force_login(user)
    return "Hùng Theo Dõi" in c.get(PersonCrud.url("list"), {"eligibility": status}).content.decode()


@pytest.fixture
def registered(make_person, commune_a, user_a):
    person = make_person(commune_a, name="Hùng Theo Dõi", dob=datetime.date(TODAY.year - 20, 1, 1), education_grade=12)
    services.registration_first(person, on=TODAY, actor=user_a)
    services.registration_health_record(person.registration, health_class=1, exam_date=TODAY, actor=user_a)
    return Person.objects.get(pk=person.pk)


def test_a_health_exam_refreshes_the_stored_answer_and_the_filtered_list(registered, user_a):
    before = _stored(registered)
    assert before == _live(registered)
    assert _listed(user_a, before)
    services.registration_health_record(registered.registration, health_class=6, exam_date=TODAY, actor=user_a)
    after = _stored(registered)
    assert after == _live(registered) != before
    assert _listed(user_a, after) and not _listed(user_a, before)


def test_a_person_edit_and_a_ground_decided_then_ended_refresh_it(registered, user_a):
    before = _stored(registered)
    registered.education_grade = 5
    object_save(obj=registered, actor=user_a, reason="Sửa trình độ")
    assert _stored(registered) == _live(registered) != before
    registered.education_grade = 12
    object_save(obj=registered, actor=user_a, reason="Sửa trình độ")
    assert _stored(registered) == before

    ground = RegistrationGround.objects.create(registration=registered.registration, code="TH_D", evidence="Xác nhận")
    assert _stored(registered) == _live(registered) != before
    ground.valid_until = TODAY - datetime.timedelta(days=1)
    ground.save()
    assert _stored(registered) == before


def test_a_bulk_update_refreshes_it(registered, user_a):
    before = _stored(registered)
    audited_update(Person.objects.filter(pk=registered.pk), education_grade=5)
    assert _stored(registered) == _live(registered) != before


def test_a_rolled_back_edit_keeps_the_old_stored_answer(registered, user_a):
    before = _stored(registered)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.registration_health_record(registered.registration, health_class=6, exam_date=TODAY, actor=user_a)
        assert _stored(registered) != before  # refreshed inside the edit's transaction
        raise RuntimeError("the edit fails after the save")
    assert _stored(registered) == before
    assert _listed(user_a, before)


def test_an_import_update_by_id_number_refreshes_it(registered, user_a):
    from phongthu.core.imports import ImportContext, execute_import, open_table
    from phongthu.people.importers import PersonImportSpec

    before = _stored(registered)
    data = f"Số CCCD,Trình độ văn hóa\n{registered.id_number},5\n".encode()
    reader = open_table("f.csv", data, hints=PersonImportSpec.hints())
    ctx = ImportContext(user=user_a, commit=True, mode="update")
    result = execute_import(PersonImportSpec, reader, PersonImportSpec.auto_map(reader.headers), ctx)
    assert result.committed and result.updated == 1, result.errors
    assert _stored(registered) == _live(registered) != before
    assert _listed(user_a, _stored(registered)) and not _listed(user_a, before)
