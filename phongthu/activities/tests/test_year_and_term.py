"""The unit's year view (scoped, subtree and lineage) and the exercise term plan ("5/7")."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from phongthu.activities.choices import ExerciseType
from phongthu.activities.crud.education import CourseCrud
from phongthu.activities.crud.exercises import ExerciseCrud
from phongthu.activities.models import Exercise
from phongthu.activities.selectors import term_plan, year_summary
from phongthu.core.tests.factories import sample
from phongthu.units.choices import Hierarchy
from phongthu.units.models import Unit
from phongthu.units.selectors import children, predecessors

pytestmark = pytest.mark.django_db
URLS = "phongthu.activities.tests.urls"


def year_url(unit, year):
    """The year view lives with the report it previews (reports:year); the old address redirects."""
    return reverse("reports:year", args=[unit.pk]) + f"?period={year}"


def rows_by_model(resp):
    return {row.config.model.__name__: row for row in resp.context["rows"]}


@override_settings(ROOT_URLCONF=URLS)
def test_year_view_is_scoped(commune_a, commune_b, two_regions, user_a, region_user, client_for):
    c = client_for(user_a)
    assert c.get(year_url(commune_a, 2024)).status_code == 200
    old = c.get(reverse("activities:year", args=[commune_a.pk, 2024]))
    assert old.status_code == 302 and old["Location"] == year_url(commune_a, 2024)
    assert c.get(reverse("activities:year", args=[commune_b.pk, 2024]), follow=True).status_code == 404
    assert c.get(year_url(commune_b, 2024)).status_code == 404
    # the region is visible to navigate the tree, but it is not within the commune user's reach
    assert c.get(year_url(two_regions[0], 2024)).status_code == 404
    r = client_for(region_user)
    assert r.get(year_url(two_regions[0], 2024)).status_code == 200
    assert r.get(year_url(commune_b, 2024)).status_code == 404


@override_settings(ROOT_URLCONF=URLS)
def test_year_view_counts_subtree_year_and_figures(
    commune_a, commune_a2, commune_b, two_regions, region_user, client_for
):
    sample(CourseCrud, commune_a)  # 60 trainees, 2024
    sample(CourseCrud, commune_a2)
    sample(CourseCrud, commune_b)  # other region
    other_year = sample(CourseCrud, commune_a, save=False)
    other_year.year, other_year.start_date, other_year.end_date = 2023, None, None
    other_year.save()
    resp = client_for(region_user).get(year_url(two_regions[0], 2024))
    row = rows_by_model(resp)["Course"]
    assert row.count == 2
    assert dict(row.figures)["Học viên bồi dưỡng"] == 120
    assert "?year=2024" in row.url
    assert CourseCrud.list_url() in resp.content.decode()
    # The figures are the report's own (the same ReviewReport the document is written from).
    report = resp.context["report"]
    trainees = next(r for r in report.appendix if r.code == "course.trainees")
    assert trainees.value == "120" and f">{trainees.label}</a>" in resp.content.decode()
    # every registered model with a year_lookup is listed, other apps' included
    from phongthu.core.crud import registry

    listed = {r.config for r in resp.context["rows"]}
    assert listed == {c for c in registry.values() if c.year_lookup}


def test_year_view_of_a_2025_commune_includes_the_wards_it_replaced(commune_a, user_a):
    old = predecessors(commune_a).first()
    assert old is not None and old.valid_to is not None
    Exercise.objects.create(unit=old, year=2019, exercise_type=ExerciseType.PCTT_TKCN, type_label="Diễn tập PCTT")
    rows = {r.config.model.__name__: r for r in year_summary(unit=commune_a, year=2019, user=user_a)}
    assert rows["Exercise"].count == 1


def _le_chan() -> Unit:
    return Unit.objects.get(level="DISTRICT", code="305")


def test_term_plan_five_of_seven(admin_user):
    district = _le_chan()
    wards = list(children(district, on=datetime.date(2024, 1, 1)))
    assert len(wards) == 7
    kind = ExerciseType.CHIEN_DAU_PHONG_THU_XA
    for i, ward in enumerate(wards[:4]):
        Exercise.objects.create(unit=ward, year=2021 + i % 3, exercise_type=kind, party_term="2020–2025")
    Exercise.objects.create(unit=wards[4], year=2023, exercise_type=kind)  # no term: its year is in the term
    Exercise.objects.create(unit=wards[5], year=2019, exercise_type=kind)  # the previous term
    Exercise.objects.create(unit=wards[6], year=2022, exercise_type=ExerciseType.PCTT_TKCN)  # another type
    plan = term_plan(unit=district, term="2020-2025", exercise_type=kind, user=admin_user)
    assert plan.ratio == "5/7"
    assert plan.on == datetime.date(2025, 6, 30)  # the district ended with the two-tier reform
    assert {u.pk for u in plan.pending} == {wards[5].pk, wards[6].pk}
    # as of a date after the reform the district has no wards any more
    assert term_plan(unit=district, term="2020–2025", exercise_type=kind, on=datetime.date(2025, 8, 1)).total == 0


def test_term_plan_follows_the_dated_military_tree(two_regions, commune_a, admin_user):
    region = two_regions[0]
    communes = list(children(region, on=datetime.date(2026, 1, 1), hierarchy=Hierarchy.MILITARY))
    Exercise.objects.create(
        unit=commune_a, year=2026, exercise_type=ExerciseType.PHONG_KHONG_ND, party_term="2025–2030"
    )
    plan = term_plan(unit=region, term="2025–2030", exercise_type=ExerciseType.PHONG_KHONG_ND, user=admin_user)
    assert plan.total == len(communes) and plan.ratio == f"1/{len(communes)}"


@override_settings(ROOT_URLCONF=URLS)
def test_term_plan_page(admin_user, user_a, client_for):
    district = _le_chan()
    ward = children(district, on=datetime.date(2024, 1, 1)).first()
    ex = Exercise.objects.create(unit=ward, year=2022, exercise_type=ExerciseType.CHIEN_DAU_PHONG_THU_XA)
    url = reverse("activities:term-plan")
    resp = client_for(admin_user).get(url, {"unit": district.pk, "term": "2020–2025"})
    body = resp.content.decode()
    assert resp.status_code == 200 and "1/7" in body and ExerciseCrud.url("detail", ex.pk) in body
    assert client_for(admin_user).get(url, {"unit": district.pk, "term": "2025"}).status_code == 400
    assert client_for(user_a).get(url, {"unit": district.pk}).status_code == 404
