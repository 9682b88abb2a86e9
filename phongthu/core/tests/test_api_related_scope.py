"""Related records named through the API (core/api.ScopedRelatedField): only those in the
user's reach can be chosen, whatever the method; a list answer, which only prints their ids,
does not resolve the choices at all (it used to walk the unit tree on every request)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from phongthu.activities.crud.exercises import ExerciseCrud
from phongthu.activities.models import Exercise
from phongthu.core.tests.factories import sample
from phongthu.people.crud import FamilyRelationCrud
from phongthu.people.models import FamilyRelation

pytestmark = pytest.mark.django_db

EXERCISES = "/api/v1/activities/exercise/"
RELATIONS = "/api/v1/people/familyrelation/"


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def _exercise_data(unit):
    record = sample(ExerciseCrud, unit, save=False)
    record.date, record.year = datetime.date(2026, 3, 1), 2026
    data = {k: v for k, v in model_to_dict(record, fields=ExerciseCrud.fields).items() if v is not None}
    data.update(unit=unit.pk, date="2026-03-01")
    return data


def test_a_unit_out_of_reach_is_refused_on_the_unit_field(user_a, commune_a, commune_b):
    api = _api(user_a)
    before = Exercise.objects.count()
    refused = api.post(EXERCISES, _exercise_data(commune_b), format="json")
    assert refused.status_code == 400, refused.content
    assert "unit" in refused.json(), refused.json()
    assert Exercise.objects.count() == before
    created = api.post(EXERCISES, _exercise_data(commune_a), format="json")
    assert created.status_code == 201, created.content
    moved = api.patch(f"{EXERCISES}{created.json()['id']}/", {"unit": commune_b.pk}, format="json")
    assert moved.status_code == 400 and "unit" in moved.json()
    assert Exercise.objects.get(pk=created.json()["id"]).unit_id == commune_a.pk


def test_a_related_record_out_of_reach_is_refused(user_a, commune_a, commune_b):
    ours = sample(FamilyRelationCrud, commune_a)
    theirs = sample(FamilyRelationCrud, commune_b)
    data = {k: v for k, v in model_to_dict(ours, fields=FamilyRelationCrud.fields).items() if v is not None}
    api = _api(user_a)
    before = FamilyRelation.objects.count()
    refused = api.post(RELATIONS, {**data, "person": theirs.person_id}, format="json")
    assert refused.status_code == 400, refused.content
    assert "person" in refused.json(), refused.json()
    assert FamilyRelation.objects.count() == before
    assert api.post(RELATIONS, {**data, "person": ours.person_id}, format="json").status_code == 201


def test_the_browsable_form_offers_only_units_in_reach(user_a, commune_a, commune_b):
    page = _api(user_a).get(EXERCISES, HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{commune_a.pk}"' in html
    assert f'value="{commune_b.pk}"' not in html


def test_a_list_answer_does_not_resolve_the_choices(user_a, commune_a):
    sample(ExerciseCrud, commune_a)
    api = _api(user_a)
    api.get(EXERCISES)  # the session and the user's grants are read once per request anyway
    with CaptureQueriesContext(connection) as queries:
        listed = api.get(EXERCISES)
    assert listed.status_code == 200 and listed.json()["results"]
    walked = [q["sql"] for q in queries.captured_queries if "units_unitlink" in q["sql"]]
    assert not walked, walked
