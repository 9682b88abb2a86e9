"""SM-2: every allowed transition goes through and writes a history row; refused ones do not."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.contrib.contenttypes.models import ContentType

from phongthu.campaigns.choices import ALLOWED_TRANSITIONS, LEGAL_GROUND, CandidateStatus
from phongthu.campaigns.models import Candidate
from phongthu.campaigns.services.common import move
from phongthu.core.models import StatusChange
from phongthu.core.transitions import TransitionError, history_of

pytestmark = pytest.mark.django_db
S = CandidateStatus

SM2_STATES = {
    "IN_SOURCE_POOL", "REVIEWED", "PROPOSED_DEFERMENT", "PROPOSED_EXEMPTION", "DEFERRED", "EXEMPTED", "PUBLISHED",
    "VOLUNTEER_OVERRIDE", "CALLED_TO_SCREENING", "SCREENED", "SCREEN_FAIL", "EXEMPT_FROM_REGISTRATION", "NOMINATED",
    "CALLED_TO_EXAM", "EXAMINED", "UNFIT", "FIT", "POLITICAL_CHECK", "NOT_SELECTED", "SHORTLISTED",
    "DECIDED_BY_PROVINCE", "CALL_DELIVERED", "HANDED_OVER", "RECHECKED_OK", "ENLISTED", "RETURNED", "NO_SHOW", "REFUSED",
}  # fmt: skip

PAIRS = sorted((a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in targets)


def test_states_are_exactly_sm2():
    assert set(S.values) == SM2_STATES
    assert set(ALLOWED_TRANSITIONS) == SM2_STATES
    for targets in ALLOWED_TRANSITIONS.values():
        assert targets <= SM2_STATES


def test_main_path_and_side_exits_are_in_the_table():
    main = [
        "IN_SOURCE_POOL", "REVIEWED", "CALLED_TO_SCREENING", "SCREENED", "NOMINATED", "CALLED_TO_EXAM", "EXAMINED",
        "FIT", "POLITICAL_CHECK", "SHORTLISTED", "DECIDED_BY_PROVINCE", "CALL_DELIVERED", "HANDED_OVER",
        "RECHECKED_OK", "ENLISTED",
    ]  # fmt: skip
    for a, b in itertools.pairwise(main):
        assert b in ALLOWED_TRANSITIONS[a], (a, b)
    assert {"DEFERRED"} <= ALLOWED_TRANSITIONS["PROPOSED_DEFERMENT"]
    assert "DEFERRED" in ALLOWED_TRANSITIONS["UNFIT"]
    assert "RETURNED" in ALLOWED_TRANSITIONS["HANDED_OVER"]
    assert {"NO_SHOW", "REFUSED"} <= ALLOWED_TRANSITIONS["CALL_DELIVERED"]
    for terminal in ("ENLISTED", "RETURNED", "NO_SHOW", "REFUSED", "NOT_SELECTED"):
        assert ALLOWED_TRANSITIONS[terminal] == set()


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_allowed_transition_writes_history(source, target, make_candidate, commune_a, user_a):
    candidate = make_candidate(commune_a, status=source)
    move(
        candidate,
        target,
        actor=user_a,
        authority="CANDIDATE_REVIEW",
        decision_ref="12/QĐ-UBND",
        effective_date=datetime.date(2026, 1, 5),
    )
    candidate.refresh_from_db()
    assert candidate.status == target
    rows = list(history_of(candidate))
    assert len(rows) == 1
    row = rows[0]
    assert (row.from_status, row.to_status) == (source, target)
    assert row.actor_name == user_a.username
    assert row.decision_ref == "12/QĐ-UBND"
    assert row.effective_date == datetime.date(2026, 1, 5)
    assert row.legal_ground == LEGAL_GROUND.get(target, "")
    assert row.unit_id == commune_a.pk


REFUSED = [
    ("IN_SOURCE_POOL", "FIT"),
    ("IN_SOURCE_POOL", "ENLISTED"),
    ("REVIEWED", "SHORTLISTED"),
    ("FIT", "HANDED_OVER"),
    ("UNFIT", "FIT"),
    ("SHORTLISTED", "ENLISTED"),
    ("HANDED_OVER", "ENLISTED"),
    ("ENLISTED", "RETURNED"),
    ("RETURNED", "HANDED_OVER"),
    ("NO_SHOW", "CALL_DELIVERED"),
    ("PUBLISHED", "CALLED_TO_SCREENING"),
    ("NOT_SELECTED", "SHORTLISTED"),
]


@pytest.mark.parametrize(("source", "target"), REFUSED, ids=[f"{a}->{b}" for a, b in REFUSED])
def test_refused_transitions_change_nothing(source, target, make_candidate, commune_a, user_a):
    candidate = make_candidate(commune_a, status=source)
    before = StatusChange.objects.count()
    with pytest.raises(TransitionError) as info:
        move(candidate, target, actor=user_a, authority="CANDIDATE_REVIEW")
    assert "Không thể chuyển" in str(info.value)
    assert Candidate.objects.get(pk=candidate.pk).status == source
    assert StatusChange.objects.count() == before


def test_other_commune_user_cannot_move(make_candidate, commune_b, user_a):
    from django.core.exceptions import PermissionDenied

    candidate = make_candidate(commune_b, status="IN_SOURCE_POOL")
    with pytest.raises(PermissionDenied):
        move(candidate, "REVIEWED", actor=user_a, authority="CANDIDATE_REVIEW")
    assert Candidate.objects.get(pk=candidate.pk).status == "IN_SOURCE_POOL"
    assert not StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Candidate), object_id=str(candidate.pk)
    ).exists()


def test_status_is_not_editable_in_forms():
    from phongthu.campaigns.crud import CampaignCrud, CandidateCrud, DefermentDecisionCrud
    from phongthu.core.forms import form_class_for

    for config in (CandidateCrud, DefermentDecisionCrud, CampaignCrud):
        assert "status" not in form_class_for(config).base_fields
