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


def test_a_register_import_stores_each_answer_once(commune_a, user_a):
    """The register import writes people and their files: every person's stored answer is the
    live one (the files' health classes count: their people are evaluated once, with the files
    already stored — the files' own announcement is skipped, `parents_announced`), with one
    history row each."""
    from django.contrib.contenttypes.models import ContentType

    from phongthu.core.models import StatusChange
    from phongthu.military_service.importers import RegisterImportSpec
    from phongthu.people.tests.test_import import HEADER, _csv, _row, _run

    header = [*HEADER, "Ngày đăng ký NVQS", "Số GCN đăng ký", "Sức khỏe"]
    rows = [
        [*_row(n, commune_a, dob=datetime.date(2004 + n % 3, 1 + n % 12, 1 + n % 28)), "08/04/2024", f"{n}/GCN",
         str(1 + n % 6)]
        for n in range(1, 13)
    ]  # fmt: skip
    rows.append(_row(13, commune_a, dob=datetime.date(2005, 3, 3)))  # no file
    result = _run(_csv(rows, header=header), user_a, spec=RegisterImportSpec)
    assert result.committed and result.created == 13, [str(e) for e in result.errors]
    people = list(Person.objects.filter(full_name__startswith="Đỗ Văn Nhập"))
    assert len(people) == 13
    assert {_stored(p) for p in people} != {_stored(people[0])}  # the health classes differ
    for person in people:
        assert _stored(person) == _live(person), person
    history = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(StoredEligibility),
        object_id__in=[str(p.pk) for p in people],
    )
    assert sorted(history.values_list("object_id", flat=True)) == sorted(str(p.pk) for p in people)
