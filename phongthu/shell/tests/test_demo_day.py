"""`manage.py seed_demo_day`: the demo a new user opens has a day's work and a call-up in progress."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phongthu.accounts.models import User
from phongthu.campaigns.models import Candidate, DefermentDecision, Quota
from phongthu.shell.demo_day import REGISTERED
from phongthu.shell.queue import waiting

pytestmark = pytest.mark.django_db


def test_needs_the_demo_first():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_demo_day", stdout=StringIO())


def test_the_demo_day_fills_the_queues_and_the_campaign_once():
    call_command("seed_demo", "--password", "Mat-khau-demo-2025", stdout=StringIO())
    call_command("seed_demo_day", stdout=StringIO())

    candidates = Candidate.objects.filter(person__full_name__in=[n for n, _b, _g in REGISTERED])
    statuses = sorted(candidates.values_list("status", flat=True))
    assert statuses.count("FIT") == 4 and statuses.count("UNFIT") == 1
    unfit = DefermentDecision.objects.get(candidate__person__full_name=REGISTERED[4][0])
    assert unfit.ground == "TH_A" and unfit.status == "PROPOSED"
    assert Quota.objects.filter(unit__name="Phường An Dương", official_count=6).exists()

    labels = {g.action_label for g in waiting(User.objects.get(username="xa"))}
    assert {"Thẩm tra chính trị", "Xét duyệt cấp xã", "Gọi sơ tuyển"} <= labels
    assert "Quyết định tạm hoãn" in {g.action_label for g in waiting(User.objects.get(username="tinh"))}

    out = StringIO()
    call_command("seed_demo_day", stdout=out)
    assert "không thêm gì" in out.getvalue()
    assert Candidate.objects.filter(person__full_name__in=[n for n, _b, _g in REGISTERED]).count() == len(REGISTERED)
