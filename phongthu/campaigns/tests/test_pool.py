"""The source pool is built from people records and judged by the eligibility engine."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongthu.campaigns.models import Candidate
from phongthu.campaigns.services.pool import candidate_add, grounds_from_relations, pool_add_commune
from phongthu.people.models import FamilyRelation

pytestmark = pytest.mark.django_db
day = datetime.date


def test_grounds_from_family():
    assert grounds_from_relations([("FATHER", "MARTYR")]) == ("MI_A",)
    assert grounds_from_relations([("OLDER_BROTHER", "IN_SERVICE"), ("MOTHER", "SICK_SOLDIER_61_80")]) == (
        "TH_C",
        "TH_D",
    )
    assert grounds_from_relations([("FATHER", "")]) == ()


def test_pool_takes_men_of_age_only(campaign, make_person, commune_a, commune_a2, user_a):
    # Reference date: the exam start, 1/11/2025.
    ok = make_person(commune_a, dob=day(2005, 6, 15))
    turns_18_after = make_person(commune_a, dob=day(2007, 11, 2))
    just_18 = make_person(commune_a, dob=day(2007, 11, 1))
    too_old = make_person(commune_a, dob=day(1999, 10, 31))  # 26
    woman = make_person(commune_a, dob=day(2005, 1, 1), sex="female")
    martyr_child = make_person(commune_a, dob=day(2004, 2, 2))
    FamilyRelation.objects.create(
        person=martyr_child, relation="FATHER", relative_name="Liệt sĩ", relative_status="MARTYR"
    )
    elsewhere = make_person(commune_a2, dob=day(2005, 6, 15))
    result = pool_add_commune(campaign=campaign, commune=commune_a, actor=user_a)
    people = set(Candidate.objects.filter(campaign=campaign).values_list("person_id", flat=True))
    assert people == {ok.pk, just_18.pk, martyr_child.pk}
    assert result.added == 3
    assert result.skipped == {"NOT_OF_AGE": 1, "OVER_AGE": 1}
    assert turns_18_after.pk not in people and too_old.pk not in people
    assert woman.pk not in people and elsewhere.pk not in people
    c = Candidate.objects.get(campaign=campaign, person=martyr_child)
    assert c.eligibility_status == "EXEMPTED" and c.eligibility_codes.startswith("MI_A")
    assert c.commune_id == commune_a.pk and c.status == "IN_SOURCE_POOL" and c.age_at_reference == 21
    plain = Candidate.objects.get(campaign=campaign, person=ok)
    assert plain.eligibility_status == "NEEDS_EXAM" and plain.eligibility_rule_set == "NVQS-2025-07-01"
    # Running again adds nobody twice.
    assert pool_add_commune(campaign=campaign, commune=commune_a, actor=user_a).added == 0


def test_pool_includes_residents_of_predecessor_wards(campaign, make_person, commune_a, user_a):
    from phongthu.units.models import Unit, UnitScope

    old = (
        Unit.objects.filter(pk__in=UnitScope.objects.filter(ancestor=commune_a).values("descendant_id"))
        .exclude(pk=commune_a.pk)
        .filter(valid_to__isnull=False)
        .first()
    )
    assert old is not None, "commune A was formed from earlier wards"
    person = make_person(old, dob=day(2004, 4, 4))
    pool_add_commune(campaign=campaign, commune=commune_a, actor=user_a)
    assert Candidate.objects.get(campaign=campaign, person=person).commune_id == commune_a.pk


def test_pool_of_another_commune_is_refused(campaign, make_person, commune_b, user_a):
    make_person(commune_b)
    with pytest.raises(PermissionDenied):
        pool_add_commune(campaign=campaign, commune=commune_b, actor=user_a)
    assert not Candidate.objects.exists()


def test_pool_needs_a_commune(campaign, two_regions, province_user):
    with pytest.raises(ValidationError):
        pool_add_commune(campaign=campaign, commune=two_regions[0], actor=province_user)


def test_add_one_volunteer(campaign, make_person, commune_a, user_a):
    woman = make_person(commune_a, dob=day(2005, 1, 1), sex="female")
    with pytest.raises(ValidationError) as info:
        candidate_add(campaign=campaign, person=woman, commune=commune_a, actor=user_a)
    assert "không thuộc diện" in str(info.value)
    c = candidate_add(campaign=campaign, person=woman, commune=commune_a, actor=user_a, volunteer=True)
    assert c.volunteer and c.eligibility_status == "NEEDS_EXAM"
