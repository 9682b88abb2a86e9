"""SM-4 transitions through the services: allowed, refused, and the history they leave."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from phongthu.core.models import ObjectChange, StatusChange
from phongthu.core.transitions import TransitionError
from phongthu.forces import services
from phongthu.forces.choices import (
    DefermentGround,
    EarlyReleaseGround,
    ExemptionGround,
    MilitiaCategory,
    MilitiaStatus,
)
from phongthu.forces.models import MilitiaMember

pytestmark = pytest.mark.django_db
# The wards of the fixtures exist from 1/7/2025: a step is authorised on the map of its date.
START = datetime.date(2025, 8, 1)


def _history(member: MilitiaMember) -> list[StatusChange]:
    ct = ContentType.objects.get_for_model(MilitiaMember)
    return list(StatusChange.objects.filter(content_type=ct, object_id=str(member.pk)))


def test_start_writes_status_history_and_audit(make_member, user_a):
    member = make_member(decision_ref="12/QĐ-UBND", start=START)
    services.militia_member_start(member, actor=user_a, reason="Quyết định của Chủ tịch UBND xã")
    member.refresh_from_db()
    assert member.status == MilitiaStatus.SERVING
    [row] = _history(member)
    assert (row.from_status, row.to_status) == (MilitiaStatus.SELECTED, MilitiaStatus.SERVING)
    assert row.actor_name == user_a.username and row.decision_ref == "12/QĐ-UBND"
    assert "Luật Dân quân tự vệ" in row.legal_ground
    assert row.effective_date == member.start_date
    assert ObjectChange.objects.filter(object_id=str(member.pk), action="transition").exists()


def test_refused_transition_changes_nothing(make_member, user_a):
    member = make_member(start=START)
    with pytest.raises(TransitionError):
        services.militia_member_complete(member, on=datetime.date(2030, 1, 1), actor=user_a)
    member.refresh_from_db()
    assert member.status == MilitiaStatus.SELECTED and member.end_date is None
    assert _history(member) == []


def test_user_of_another_commune_cannot_change_status(make_member, user_b):
    member = make_member(start=START)
    with pytest.raises(PermissionDenied):
        services.militia_member_start(member, actor=user_b)
    member.refresh_from_db()
    assert member.status == MilitiaStatus.SELECTED


def test_extend_within_and_beyond_the_limit(make_member, user_a):
    member = make_member(start=START)
    services.militia_member_start(member, actor=user_a)
    with pytest.raises(ValidationError) as exc:
        services.militia_member_extend(member, months=25, actor=user_a)
    assert "tối đa 24 tháng" in " ".join(exc.value.messages)
    member.refresh_from_db()
    assert member.status == MilitiaStatus.SERVING and member.extension_months == 0
    services.militia_member_extend(member, months=24, actor=user_a, decision_ref="5/QĐ")
    member.refresh_from_db()
    assert member.status == MilitiaStatus.EXTENDED and member.extension_months == 24
    assert member.planned_end_date == datetime.date(2031, 8, 1)


def test_complete_only_at_the_end_of_the_term(make_member, user_a):
    member = make_member(category=MilitiaCategory.THUONG_TRUC, start=datetime.date(2025, 7, 10))
    services.militia_member_start(member, actor=user_a)
    with pytest.raises(ValidationError) as exc:
        services.militia_member_complete(member, on=datetime.date(2027, 7, 9), actor=user_a)
    assert "Chưa hết thời hạn" in " ".join(exc.value.messages)
    services.militia_member_complete(member, on=datetime.date(2027, 7, 10), actor=user_a)
    member.refresh_from_db()
    assert member.status == MilitiaStatus.COMPLETED and member.end_date == datetime.date(2027, 7, 10)
    assert [h.to_status for h in _history(member)] == [MilitiaStatus.SERVING, MilitiaStatus.COMPLETED]


def test_release_early_needs_an_article_12_ground(make_member, user_a):
    member = make_member(start=START)
    services.militia_member_start(member, actor=user_a)
    with pytest.raises(ValidationError):
        services.militia_member_release(
            member, ground=DefermentGround.STUDYING, on=datetime.date(2025, 9, 1), actor=user_a
        )
    services.militia_member_release(
        member, ground=EarlyReleaseGround.CALLED_UP, on=datetime.date(2025, 9, 1), actor=user_a
    )
    member.refresh_from_db()
    assert member.status == MilitiaStatus.RELEASED_EARLY
    assert member.ground == EarlyReleaseGround.CALLED_UP
    assert "Điều 12" in _history(member)[-1].legal_ground


def test_release_date_before_start_is_refused(make_member, user_a):
    member = make_member(start=START)
    services.militia_member_start(member, actor=user_a)
    with pytest.raises(ValidationError):
        services.militia_member_release(
            member, ground=EarlyReleaseGround.HEALTH, on=datetime.date(2025, 7, 15), actor=user_a
        )
    member.refresh_from_db()
    assert member.status == MilitiaStatus.SERVING


def test_defer_resume_and_exempt(make_member, user_a):
    member = make_member(start=START)
    services.militia_member_defer(member, ground=DefermentGround.STUDYING, actor=user_a)
    member.refresh_from_db()
    assert member.status == MilitiaStatus.DEFERRED and member.ground == DefermentGround.STUDYING
    with pytest.raises(TransitionError):
        services.militia_member_start(member, actor=user_a)
    services.militia_member_resume(member, actor=user_a)
    member.refresh_from_db()
    assert member.status == MilitiaStatus.SELECTED and member.ground == ""
    with pytest.raises(ValidationError):
        services.militia_member_exempt(member, ground=EarlyReleaseGround.HEALTH, actor=user_a)
    services.militia_member_exempt(member, ground=ExemptionGround.MARTYR_FAMILY, actor=user_a)
    member.refresh_from_db()
    assert member.status == MilitiaStatus.EXEMPTED
    with pytest.raises(TransitionError):
        services.militia_member_start(member, actor=user_a)
    assert len(_history(member)) == 3


def test_a_new_term_is_possible_after_completion(make_person, make_member, user_a):
    person = make_person()
    first = make_member(person=person, category=MilitiaCategory.THUONG_TRUC, start=datetime.date(2025, 7, 1))
    services.militia_member_start(first, actor=user_a)
    services.militia_member_complete(first, on=datetime.date(2027, 7, 1), actor=user_a)
    make_member(person=person, start=datetime.date(2027, 8, 1))  # validates: the old term is over
