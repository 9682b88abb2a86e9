"""A fast import of people writes each new person's stored eligibility answer with its chunk
(`core.bulk.derived`, `reevaluation.import_rows`), not by a refresh after the last chunk: the
answer is the engine's (the same as `reevaluate` / the person page), a re-evaluation right after
changes nothing, the history rows are the ones the refresh wrote, the refresh is not run, rows
left out of the import get no answer, and a refused import leaves none. On SQLite and PostgreSQL
(the streaming writer, with small chunks so that several are written before the end)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from phongthu.core import bulk
from phongthu.core.context import change_context
from phongthu.core.models import StatusChange
from phongthu.military_service.importers import RegisterImportSpec
from phongthu.military_service.models import StoredEligibility
from phongthu.military_service.selectors import person_eligibility
from phongthu.military_service.services import reevaluation
from phongthu.military_service.tests.fixtures import cccd_for
from phongthu.people.importers import PersonImportSpec
from phongthu.people.models import Person
from phongthu.people.tests.test_import import HEADER, _csv, _row, _run

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
REGISTER_HEADER = [*HEADER, "Giới tính", "Ngày đăng ký NVQS", "Số GCN đăng ký", "Sức khỏe"]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 4)


@pytest.fixture
def refreshes(monkeypatch):
    """The people `refresh_stored` was asked to refresh (a spy: it still runs)."""
    calls: list[list[int]] = []
    original = reevaluation.refresh_stored

    def spy(people: Any, *args: Any, **kw: Any) -> Any:
        calls.append(sorted(people.values_list("pk", flat=True)))
        return original(people, *args, **kw)

    monkeypatch.setattr(reevaluation, "refresh_stored", spy)
    return calls


def _register_rows(commune, n=30):  # type: ignore[no-untyped-def]
    """Men and women of 15 to 29, with a file of each health class, some without a file."""
    rows = []
    for i in range(1, n + 1):
        dob = datetime.date(TODAY.year - 15 - i % 15, 1 + i % 12, 1 + i % 28)
        sex = "Nữ" if i % 7 == 0 else "Nam"
        grade = ["12/12", "9/12", "5/12"][i % 3]
        cccd = cccd_for(dob, "female" if sex == "Nữ" else "male")
        row = [*_row(i, commune, dob=dob, grade=grade, cccd=cccd), sex]
        if i % 5 and TODAY.year - dob.year >= 19:
            row += ["08/04/2024", f"{i}/GCN", str(1 + i % 6)]
        else:
            row += ["", "", ""]
        rows.append(row)
    return rows


def _imported() -> list[Person]:
    return list(Person.objects.filter(full_name__startswith="Đỗ Văn Nhập").order_by("pk"))


def _history(people: list[Person], after: int | None = None) -> list[tuple[Any, ...]]:
    return list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(StoredEligibility),
            field="eligibility",
            object_id__in=[str(p.pk) for p in people],
            id__gt=after or 0,
        )
        .order_by("object_id")
        .values_list(
            "object_id", "from_status", "to_status", "unit_id", "reason", "effective_date", "legal_ground", "actor_id"
        )
    )


def _stored(people: list[Person]) -> dict[int, tuple[str, str, str, datetime.date]]:
    return {
        s.person_id: (s.status, s.codes, s.rule_set, s.as_of)
        for s in StoredEligibility.objects.filter(person__in=people)
    }


def test_a_register_import_stores_the_engines_answers_with_the_refreshs_history(commune_a, user_a, refreshes):
    with change_context(user=user_a, job_id="derived"):
        result = _run(_csv(_register_rows(commune_a), header=REGISTER_HEADER), user_a, spec=RegisterImportSpec)
    assert result.committed and result.created == 30, [str(e) for e in result.errors]
    assert refreshes == []  # written with the chunks: no refresh after the last one
    people = _imported()
    assert len(people) == 30 and sum(1 for p in people if hasattr(p, "registration")) > 10
    stored = _stored(people)
    assert set(stored) == {p.pk for p in people}
    for person in people:
        live = person_eligibility(person, TODAY)
        assert live is not None
        status, codes, rule_set = reevaluation.answer_of(live.evaluation)
        assert stored[person.pk] == (status, codes, rule_set, TODAY), person
    assert len({s[0] for s in stored.values()}) > 2  # the facts differ: several answers
    summary = reevaluation.reevaluate(Person.objects.filter(pk__in=[p.pk for p in people]), TODAY, write=False)
    assert summary.evaluated == 30 and summary.changed == 0

    imported = _history(people)
    assert len(imported) == 30
    assert {(h[1], h[2]) for h in imported} == {("", s[0]) for s in stored.values()}
    assert {int(h[0]): h[3] for h in imported} == {p.pk: p.residence_unit_id for p in people}
    # The refresh path, run on the same people with their answers removed (the history is
    # append-only: its rows come after), writes the same answers and history rows (but the time).
    last = StatusChange.objects.order_by("-id").values_list("id", flat=True).first()
    StoredEligibility.objects.filter(person__in=people).delete()
    with change_context(user=user_a, job_id="derived"):
        reevaluation.refresh_stored(Person.objects.filter(pk__in=[p.pk for p in people]), TODAY)
    assert _history(people, after=last) == imported
    assert _stored(people) == stored


def test_a_people_import_stores_the_answers_of_people_without_a_file(commune_a, user_a, refreshes):
    rows = [_row(i, commune_a, dob=datetime.date(TODAY.year - 16 - i, 2, 1 + i)) for i in range(1, 10)]
    with change_context(user=user_a):
        result = _run(_csv(rows), user_a, spec=PersonImportSpec)
    assert result.committed and result.created == 9
    assert refreshes == []
    people = _imported()
    summary = reevaluation.reevaluate(Person.objects.filter(pk__in=[p.pk for p in people]), TODAY, write=False)
    assert summary.evaluated == 9 and summary.changed == 0
    assert len(_stored(people)) == 9 and len(_history(people)) == 9


def test_rows_left_out_get_no_answer_and_the_existing_person_keeps_hers(commune_a, user_a, make_person):
    rows = _register_rows(commune_a, 12)
    dob = datetime.datetime.strptime(rows[5][2], "%d/%m/%Y").date()  # a man's row
    existing = make_person(commune_a, name="Đã Có Sẵn", dob=dob, id_number=rows[5][3])
    before = _stored([existing])
    history_before = _history([existing])
    assert len(before) == 1 and len(history_before) == 1
    rows[2][2] = "31/02/2006"  # an invalid row
    with change_context(user=user_a):
        result = _run(_csv(rows, header=REGISTER_HEADER), user_a, spec=RegisterImportSpec, valid_only=True)
    assert result.committed and result.created == 10 and result.duplicates == 1
    people = _imported()
    assert len(people) == 10
    assert len(_stored(people)) == 10 and len(_history(people)) == 10
    assert _stored([existing]) == before and _history([existing]) == history_before
    assert StoredEligibility.objects.count() == Person.objects.count()


def test_a_refused_import_leaves_no_answer(commune_a, user_a):
    rows = _register_rows(commune_a, 14)
    rows[12][2] = "31/02/2006"  # the fourth chunk: three are written first on PostgreSQL
    stored_before = StoredEligibility.objects.count()
    history_before = StatusChange.objects.count()
    with change_context(user=user_a):
        result = _run(_csv(rows, header=REGISTER_HEADER), user_a, spec=RegisterImportSpec)
    assert not result.committed and result.created == 0
    assert not _imported()
    assert StoredEligibility.objects.count() == stored_before
    assert StatusChange.objects.count() == history_before


def test_other_bulk_writes_of_people_still_refresh(commune_a, user_a, make_person, refreshes):
    from phongthu.core.audit import audited_update

    person = make_person(commune_a, name="Sửa Hàng Loạt", dob=datetime.date(TODAY.year - 20, 1, 1), education_grade=12)
    refreshes.clear()
    audited_update(Person.objects.filter(pk=person.pk), education_grade=5)
    assert refreshes == [[person.pk]]
