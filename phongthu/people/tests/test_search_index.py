"""SQLite's full-text index of the person search keys (people/search_index.py): the list's search
answers what the LIKE scan answers, and stays right after people are added, renamed, deleted —
also after a migration rebuilt the table and dropped its triggers."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client

from phongthu.core import filtering
from phongthu.people import search_index
from phongthu.people.crud import PersonCrud
from phongthu.people.models import Person

# On PostgreSQL the same searches go through the LIKE its trigram indexes serve (0003): the
# answers must be the same there too.
pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn Hùng", "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Hùng", "Đặng Nguyễn Thanh"]


def _add(unit, name, i):
    return Person.objects.create(
        full_name=name, date_of_birth=datetime.date(2006, 1, 1 + i), residence_unit=unit, id_number=None
    )


def _found(client, q):
    response = client.get(PersonCrud.url("list"), {"q": q})
    assert response.status_code == 200
    return sorted(p.pk for p in response.context["page"].object_list)


def test_the_index_answers_like_the_scan(commune_a, commune_b, user_a, monkeypatch):
    people = [_add(commune_a, n, i) for i, n in enumerate(NAMES)] + [_add(commune_b, NAMES[0], 9)]
    client = Client()
    client.force_login(user_a)
    queries = ["nguyen van", "hung", "NGUYỄN", "van h", "ng", "thi binh", "zzz", '"van"']
    scanned = {q: _found(client, q) for q in queries}  # at most 20,000 rows in reach: a scan
    monkeypatch.setattr(filtering, "SEARCH_SCAN_LIMIT", 1)  # every reach "large": the index
    assert {q: _found(client, q) for q in queries} == scanned
    assert scanned["nguyen van"] == sorted([people[0].pk, people[1].pk])  # never commune_b's
    assert scanned["hung"] == sorted([people[0].pk, people[3].pk])

    # kept by the triggers: a rename, a new person, a deletion
    people[2].full_name = "Trần Văn Hùng"
    people[2].save()
    newcomer = _add(commune_a, "Phạm Văn Hùng", 7)
    people[3].delete()
    assert _found(client, "hung") == sorted([people[0].pk, people[2].pk, newcomer.pk])
    assert _found(client, "thi binh") == []


def test_the_triggers_come_back_after_a_table_rebuild(commune_a, user_a, monkeypatch):
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        with connection.cursor() as cursor:
            for name in search_index.TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")  # what a migration's table rebuild does
    person = _add(commune_a, "Vũ Văn Khánh", 1)  # not indexed while the triggers are gone
    assert search_index.ensure(connection) is sqlite  # post_migrate: triggers back, index rebuilt
    monkeypatch.setattr(filtering, "SEARCH_SCAN_LIMIT", 1)
    client = Client()
    client.force_login(user_a)
    assert _found(client, "van khanh") == [person.pk]
    later = _add(commune_a, "Vũ Văn Khánh", 2)
    assert _found(client, "van khanh") == sorted([person.pk, later.pk])
