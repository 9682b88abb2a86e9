"""The queue lists work waiting, not every tool a record offers (issue 13 item 2).

A ready registration file offers "Đăng ký chuyển đi" and a reviewed candidate offers a
deferment proposal: both stay on the record page, neither is work waiting for the commune.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from phongthu.campaigns.models import Campaign, Candidate
from phongthu.core import actions
from phongthu.military_service.models import MilitaryServiceRegistration
from phongthu.people.models import Person
from phongthu.shell.queue import waiting

pytestmark = pytest.mark.django_db
D = datetime.date


def _man(name: str, commune: Any) -> Person:
    man: Person = Person.objects.create(full_name=name, date_of_birth=D(2005, 5, 1), sex="male", residence_unit=commune)
    return man


def _groups(user: Any) -> dict[str, list[str]]:
    return {g.action_label: [str(r.obj) for r in g.rows] for g in waiting(user)}


@pytest.fixture
def campaign(hai_phong: Any) -> Campaign:
    today = datetime.date.today()
    return Campaign.objects.create(
        unit=hai_phong,
        year=today.year + 1,
        ttg_decision_ref="183/QĐ-TTg",
        bqp_decision_ref="4807/QĐ-BQP",
        exam_from=D(today.year, 1, 1),
        exam_to=D(today.year, 12, 31),
        handover_from=D(today.year + 1, 3, 4),
        handover_to=D(today.year + 1, 3, 6),
    )


def test_a_ready_file_offers_moving_away_but_does_not_wait_for_it(user_a, commune_a):
    file = MilitaryServiceRegistration.objects.create(
        person=_man("Lê Văn Sẵn", commune_a),
        registering_unit=commune_a,
        status="REGISTERED_READY",
        first_registration_date=D(2022, 4, 10),
    )
    assert "move_out" in {a.name for a in actions.offered(file, user_a)}  # the tool is there
    assert "Đăng ký chuyển đi" not in _groups(user_a)
    assert "Đăng ký tạm vắng" not in _groups(user_a)


def test_a_candidate_waits_for_its_next_step_not_for_an_optional_one(user_a, commune_a, campaign):
    reviewed = Candidate.objects.create(
        campaign=campaign, person=_man("Trần Văn Duyệt", commune_a), commune=commune_a, status="REVIEWED"
    )
    failed = Candidate.objects.create(
        campaign=campaign, person=_man("Trần Văn Trượt", commune_a), commune=commune_a, status="SCREEN_FAIL"
    )
    assert "propose" in {a.name for a in actions.offered(reviewed, user_a)}
    groups = _groups(user_a)
    assert str(reviewed) in groups.get("Gọi sơ tuyển", [])
    # After a failed pre-screening, proposing a deferment or exemption is the commune's next task.
    assert groups.get("Đề nghị tạm hoãn / miễn") == [str(failed)]
