"""Who records the seed reports' awards: a system account holding, for the day of the load, the
role the authority table asks of the receiving unit (its staff to record a decision taken
outside the system, a council member for a review). Administrators administer; they do not
act for an office, so the loader grants the role openly (audited) instead of bypassing the check."""

from __future__ import annotations

import datetime

from django.utils import timezone

from phongthu.accounts.models import AccessMode, RoleAssignment, User
from phongthu.core import authority
from phongthu.units.models import Unit

USERNAME = "he-thong-nhap-du-kien-mau"


def _account() -> User:
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        user = User(username=USERNAME, full_name="Hệ thống — nhập dữ kiện báo cáo mẫu", is_active=True)
        user.set_unusable_password()  # nobody logs in as it
        user.save()
    return user


def recorder(unit: Unit, action: str, day: datetime.date) -> User:
    """The system account, assigned today (only) to `unit` with a role that performs `action` there."""
    answers = authority.offices(action, unit.pk, day)
    if not answers or answers[0].unit is None:
        raise authority.AuthorityQueryError({"unit": [f"Không xác định được người ghi nhận tại {unit}."]})
    office = answers[0]
    assert office.unit is not None
    roles = office.rule.recording_roles(office.unit.level if office.level == authority.RECORD else office.level)
    user = _account()
    today = timezone.localdate()
    RoleAssignment.objects.update_or_create(
        user=user,
        unit_id=office.unit.id,
        role=sorted(roles)[0],
        defaults={"mode": AccessMode.ENTER, "include_descendants": False, "valid_from": today, "valid_to": today},
    )
    user.__dict__.pop("_phongthu_authority_cache", None)
    return user
