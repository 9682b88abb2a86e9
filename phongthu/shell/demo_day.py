"""The work waiting for each demo role on an ordinary day, added on top of `seed_demo`.

Written through the same services (and the same actions) the screens use, by the users who
would have done each earlier step, so what the next role sees is what it would see in the office:

- nine boys of the commune turn 17 this year, none registered (the commune's to-do);
- the commune sent its figures of last month (the region approves them);
- a student of the commune is proposed for deferment in this year's call-up (the province decides);
- another young man of the commune is in the call-up's source, not yet reviewed (the ward's council);
- a Giấy khen is proposed at the commune and a Bằng khen at the province (each council reviews);
- a citizen's name was corrected by the commune (the auditor reads its History).

`manage.py seed_demo_day` adds it (and a call-up in progress, `call_up_in_progress`) to the demo
database; `scripts/demo.sh` runs it, and the browser journeys build the same scene.
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


def call_up(province: Any, year: int) -> Any:
    """The province's call-up of `year`: examinations in November–December before it, handover
    on 4–6 March, under the Prime Minister's and the Ministry's decisions."""
    from phongthu.campaigns.models import Campaign

    return Campaign.objects.create(
        unit=province,
        year=year,
        ttg_decision_ref="183/QĐ-TTg",
        bqp_decision_ref="4807/QĐ-BQP",
        exam_from=datetime.date(year - 1, 11, 1),
        exam_to=datetime.date(year - 1, 12, 31),
        handover_from=datetime.date(year, 3, 4),
        handover_to=datetime.date(year, 3, 6),
    )


def build() -> dict[str, Any]:
    from phongthu.accounts.models import RoleAssignment, User
    from phongthu.activities.choices import AwardAuthority, AwardTitle, RecipientKind
    from phongthu.activities.models import Award
    from phongthu.campaigns.models import Candidate
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
    campaign = call_up(province, today.year + 1)
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
    review, propose = actions.get(Candidate, "review"), actions.get(Candidate, "propose")
    assert review is not None and propose is not None
    actions.perform(review, candidate, xa, {"on": on})
    candidate.refresh_from_db()
    actions.perform(
        propose,
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


# A call-up in progress in the same commune, on top of `build()`: registered young men in the
# source, quotas from the province down to the commune, some examined (fit, and one unfit whose
# deferment proposal waits for the province), so the campaign page, its dashboard and the GNN
# forms have figures to show. Only the demo command adds it; the journeys count on `build()` alone.
REGISTERED = (
    ("Phạm Văn Bình", 2004, 12),
    ("Lê Văn Cường", 2005, 12),
    ("Trần Minh Đức", 2006, 9),
    ("Hoàng Văn Giang", 2003, 12),
    ("Vũ Văn Hải", 2007, 11),
    ("Đặng Quốc Khánh", 2005, 8),
    ("Bùi Văn Long", 2002, 12),
    ("Ngô Văn Mạnh", 2006, 12),
    ("Đỗ Văn Nam", 2004, 10),
    ("Phan Văn Phúc", 2007, 12),
)
FIT = {"score_eyes": 1, "score_ent": 2, "score_dental": 1, "score_internal": 2}
UNFIT = {"score_eyes": 5, "score_ent": 2, "score_dental": 1, "score_internal": 2}


def call_up_in_progress(scene: dict[str, Any]) -> dict[str, Any]:
    from decimal import Decimal

    from phongthu.accounts.models import User
    from phongthu.campaigns.models import Candidate
    from phongthu.campaigns.services import pipeline
    from phongthu.campaigns.services.campaigns import QuotaInput, quotas_allocate
    from phongthu.campaigns.services.pool import pool_add_commune
    from phongthu.military_service.models import MilitaryServiceRegistration
    from phongthu.people.models import Person

    commune, region, province, campaign = scene["commune"], scene["region"], scene["province"], scene["campaign"]
    xa, tinh = User.objects.get(username="xa"), User.objects.get(username="tinh")
    today = datetime.date.today()
    exam_day = min(max(today, campaign.exam_from), campaign.exam_to)

    for i, (name, born, grade) in enumerate(REGISTERED):
        person = Person.objects.create(
            full_name=name,
            date_of_birth=datetime.date(born, 1 + i, 5 + i),
            sex="male",
            residence_unit=commune,
            residence_address=f"Tổ dân phố {1 + i % 4}",
            education_grade=grade,
        )
        MilitaryServiceRegistration.objects.create(
            person=person,
            registering_unit=commune,
            status="REGISTERED_READY",
            first_registration_date=datetime.date(born + 17, 4, 10),
            village=f"Tổ dân phố {1 + i % 4}",
        )

    army = "ARMY"
    quotas_allocate(campaign=campaign, parent_unit=None, rows=[QuotaInput(province, army, 1900, 38)], actor=tinh)
    quotas_allocate(campaign=campaign, parent_unit=province, rows=[QuotaInput(region, army, 120, 2)], actor=tinh)
    quotas_allocate(campaign=campaign, parent_unit=region, rows=[QuotaInput(commune, army, 6, 0)], actor=tinh)

    pool_add_commune(campaign=campaign, commune=commune, actor=xa)
    names = [name for name, _born, _grade in REGISTERED]
    by_name = {c.person.full_name: c for c in Candidate.objects.filter(campaign=campaign).select_related("person")}
    reviewed_on = max(campaign.exam_from - datetime.timedelta(days=30), today - datetime.timedelta(days=60))
    for name in names[:8]:
        pipeline.candidate_review(candidate=by_name[name], actor=xa, on=reviewed_on)
    for name in names[:6]:
        c = by_name[name]
        c.refresh_from_db()
        pipeline.candidate_call_screening(candidate=c, actor=xa, on=reviewed_on + datetime.timedelta(days=5))
        c.refresh_from_db()
        pipeline.candidate_record_screening(
            candidate=c, actor=xa, on=reviewed_on + datetime.timedelta(days=7), passed=True
        )
        c.refresh_from_db()
        pipeline.candidate_nominate(candidate=c, actor=xa, on=exam_day)
        c.refresh_from_db()
        pipeline.candidate_call_exam(candidate=c, actor=xa, on=exam_day)
    for k, name in enumerate(names[:5]):
        c = by_name[name]
        c.refresh_from_db()
        pipeline.candidate_record_exam(
            candidate=c,
            actor=xa,
            exam_date=exam_day,
            height_cm=Decimal(166 + k),
            weight_kg=Decimal(58 + k),
            scores=dict(UNFIT if k == 4 else FIT),
            council="Hội đồng khám sức khỏe phường",
        )
    return {"registered": names, "exam_day": exam_day}
