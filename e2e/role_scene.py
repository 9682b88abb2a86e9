"""The work waiting for each demo role on an ordinary day, added on top of `seed_demo`.

Written through the same services (and the same actions) the screens use, by the users who
would have done each earlier step, so what the next role sees is what it would see in the office:

- nine boys of the commune turn 17 this year, none registered (the commune's to-do);
- the commune sent its figures of last month (the region approves them);
- a student of the commune is proposed for deferment in this year's call-up (the province decides);
- another young man of the commune is in the call-up's source, not yet reviewed (the ward's council);
- a Giấy khen is proposed at the commune and a Bằng khen at the province (each council reviews);
- a citizen's name was corrected by the commune (the auditor reads its History).

`python manage.py shell < e2e/role_scene.py` adds it to a demo database for a look by hand.
"""

from __future__ import annotations

import datetime
from typing import Any

STUDENT = "Nguyễn Văn Học"
IN_POOL = "Phạm Văn Nguồn"  # in the source pool, waiting for the ward council's review
CORRECTED = ("Đỗ Văn Sưa", "Đỗ Văn Sửa")  # before → after the commune's correction
COMMUNE_AWARD = "Trung đội dân quân cơ động"
PROVINCE_AWARD = "Ban Chỉ huy quân sự phường An Dương"


def boys_turning_17(commune: Any, n: int = 9) -> None:
    from phongthu.people.models import Person

    year = datetime.date.today().year - 17
    for i in range(n):
        Person.objects.create(
            full_name=f"Nguyễn Văn An {i + 1}",
            date_of_birth=datetime.date(year, 1 + i, 10),
            sex="male",
            residence_unit=commune,
        )


def last_month() -> str:
    first = datetime.date.today().replace(day=1)
    prev = first - datetime.timedelta(days=1)
    return f"{prev.year}{prev.month:02d}"


def build() -> dict[str, Any]:
    from phongthu.accounts.models import RoleAssignment, User
    from phongthu.activities.choices import AwardAuthority, AwardTitle, RecipientKind
    from phongthu.activities.models import Award
    from phongthu.campaigns.models import Campaign, Candidate
    from phongthu.campaigns.services.pool import pool_add_commune
    from phongthu.core import actions
    from phongthu.core.context import change_context
    from phongthu.core.periods import Period
    from phongthu.core.services import object_save
    from phongthu.figures import approval
    from phongthu.military_service.models import MilitaryServiceRegistration
    from phongthu.people.models import Person
    from phongthu.units.models import Unit

    commune = RoleAssignment.objects.select_related("unit").get(user__username="xa").unit
    region = RoleAssignment.objects.select_related("unit").get(user__username="khuvuc").unit
    province = Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True)
    xa = User.objects.get(username="xa")
    today = datetime.date.today()

    boys_turning_17(commune)

    # The commune's figures of last month, sent to the region.
    period = Period.parse(last_month())
    approval.approval_row(commune, period)
    approval.act("submit", commune, period, xa)

    # This year's call-up: the student is proposed for deferment by the commune.
    campaign = Campaign.objects.create(
        unit=province,
        year=today.year + 1,
        ttg_decision_ref="183/QĐ-TTg",
        bqp_decision_ref="4807/QĐ-BQP",
        exam_from=datetime.date(today.year, 11, 1),
        exam_to=datetime.date(today.year, 12, 31),
        handover_from=datetime.date(today.year + 1, 3, 4),
        handover_to=datetime.date(today.year + 1, 3, 6),
    )
    person = Person.objects.create(
        full_name=STUDENT,
        date_of_birth=datetime.date(today.year - 19, 3, 10),
        sex="male",
        residence_unit=commune,
        residence_address="Tổ dân phố 1",
        education_grade=12,
    )
    MilitaryServiceRegistration.objects.create(
        person=person,
        registering_unit=commune,
        status="REGISTERED_READY",
        first_registration_date=datetime.date(today.year - 2, 4, 10),
    )
    source = Person.objects.create(
        full_name=IN_POOL,
        date_of_birth=datetime.date(today.year - 20, 6, 2),
        sex="male",
        residence_unit=commune,
        residence_address="Tổ dân phố 2",
        education_grade=12,
    )
    MilitaryServiceRegistration.objects.create(
        person=source,
        registering_unit=commune,
        status="REGISTERED_READY",
        first_registration_date=datetime.date(today.year - 3, 4, 10),
    )
    pool_add_commune(campaign=campaign, commune=commune, actor=xa)
    candidate = Candidate.objects.get(campaign=campaign, person=person)
    on = today.isoformat()
    actions.perform(actions.get(Candidate, "review"), candidate, xa, {"on": on})
    candidate.refresh_from_db()
    actions.perform(
        actions.get(Candidate, "propose"),
        candidate,
        xa,
        {"on": on, "ground": "TH_G", "evidence": "Giấy xác nhận đang học lớp 12"},
    )

    # Award proposals waiting for the councils.
    with change_context(reason="Đề nghị khen thưởng"):
        for unit, title, office, name in (
            (commune, AwardTitle.GIAY_KHEN, AwardAuthority.CHU_TICH_UBND_XA, COMMUNE_AWARD),
            (province, AwardTitle.BANG_KHEN, AwardAuthority.CHU_TICH_UBND_TINH, PROVINCE_AWARD),
        ):
            award = Award(
                unit=unit,
                year=today.year,
                title=title,
                recipient_kind=RecipientKind.COLLECTIVE,
                recipient_name=name,
                authority=office,
                reason="Hoàn thành xuất sắc nhiệm vụ huấn luyện dân quân",
            )
            award.full_clean()
            award.save()

    # A name corrected by the commune: one change in its History.
    corrected = Person.objects.create(
        full_name=CORRECTED[0], date_of_birth=datetime.date(1990, 5, 2), sex="male", residence_unit=commune
    )
    corrected.full_name = CORRECTED[1]
    object_save(obj=corrected, actor=xa, reason="Sửa lỗi chính tả họ tên theo CCCD")

    return {
        "commune": commune,
        "region": region,
        "province": province,
        "campaign": campaign,
        "candidate": candidate,
        "in_pool": Candidate.objects.get(campaign=campaign, person=source),
        "period": period,
        "corrected": corrected,
    }


if __name__ in {"__main__", "django.core.management.commands.shell"}:
    print(build())
