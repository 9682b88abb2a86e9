"""Fixtures of the campaign tests: a 2026 campaign of Hải Phòng, people, and a helper that walks
a candidate through the pipeline by calling the real services."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

import pytest

from phongthu.campaigns.choices import Branch, CandidateStatus, ListKind
from phongthu.campaigns.models import Campaign, Candidate, Quota
from phongthu.campaigns.services import calls, pipeline
from phongthu.people.models import Person

S = CandidateStatus
D = datetime.date
_ids = itertools.count(1)


PROVINCE_CHAIR = "Nguyễn Văn Tỉnh"
COMMUNE_CHAIR = "Lê Văn Xã"


@pytest.fixture(autouse=True)
def office_holders(request: Any) -> None:
    """The chairmen in office since 1/7/2025: decisions carry their names, never a typed one."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    from phongthu.units.models import OfficeHolder

    units = [request.getfixturevalue(name) for name in ("hai_phong", "commune_a", "commune_a2", "commune_b")]
    for unit in units:
        name = (
            PROVINCE_CHAIR
            if unit.level == "PROVINCE"
            else f"{COMMUNE_CHAIR}{'' if unit == units[1] else ' ' + unit.code}"
        )
        OfficeHolder.objects.create(unit=unit, office="PC_CHAIR", full_name=name, valid_from=D(2025, 7, 1))


@pytest.fixture
def campaign(hai_phong: Any) -> Campaign:
    return Campaign.objects.create(
        unit=hai_phong,
        year=2026,
        ttg_decision_ref="183/QĐ-TTg",
        bqp_decision_ref="4807/QĐ-BQP",
        exam_from=D(2025, 11, 1),
        exam_to=D(2025, 12, 31),
        handover_from=D(2026, 3, 4),
        handover_to=D(2026, 3, 6),
    )


@pytest.fixture
def make_person() -> Any:
    def make(
        unit: Any,
        *,
        dob: datetime.date | None = None,
        sex: str = "male",
        grade: int = 12,
        registered: bool = True,
        **kw: Any,
    ) -> Person:
        """A citizen of `unit`; `registered`: with a file in the ready book (the source pool's rule)."""
        n = next(_ids)
        dob = dob or D(2005, 6, 15)
        person: Person = Person.objects.create(
            full_name=kw.pop("full_name", f"Trần Văn Thử {n}"),
            date_of_birth=dob,
            sex=sex,
            id_number=f"0312{dob.year % 100:02d}{n:06d}" if sex == "male" else f"0313{dob.year % 100:02d}{n:06d}",
            residence_unit=unit,
            education_grade=grade,
            **kw,
        )
        if registered:
            from phongthu.military_service.models import MilitaryServiceRegistration

            MilitaryServiceRegistration.objects.create(
                person=person,
                registering_unit=unit,
                status="REGISTERED_READY",
                register_book="SAN_SANG_NHAP_NGU",
                first_registration_date=D(max(dob.year + 17, 2016), 4, 10),
            )
        return person

    return make


@pytest.fixture
def make_candidate(campaign: Campaign, make_person: Any) -> Any:
    def make(commune: Any, *, status: str = S.IN_SOURCE_POOL, **kw: Any) -> Candidate:
        person = kw.pop("person", None) or make_person(commune)
        return Candidate.objects.create(
            campaign=kw.pop("campaign", campaign), person=person, commune=commune, status=status, **kw
        )

    return make


@pytest.fixture
def quotas(
    campaign: Campaign, hai_phong: Any, two_regions: Any, commune_a: Any, commune_a2: Any, commune_b: Any
) -> dict[str, Quota]:
    """Province 100 army (+2 reserve): region A 10 (communes 5 + 5), region B 90 (+2), of which commune B 60 (+2)."""
    region_a, region_b = two_regions
    top = Quota.objects.create(
        campaign=campaign, unit=hai_phong, branch=Branch.ARMY, official_count=100, reserve_count=2
    )
    ra = Quota.objects.create(
        campaign=campaign, unit=region_a, parent=top, branch=Branch.ARMY, official_count=10, reserve_count=0
    )
    rb = Quota.objects.create(
        campaign=campaign, unit=region_b, parent=top, branch=Branch.ARMY, official_count=90, reserve_count=2
    )
    qa = Quota.objects.create(
        campaign=campaign, unit=commune_a, parent=ra, branch=Branch.ARMY, official_count=5, reserve_count=0
    )
    qa2 = Quota.objects.create(
        campaign=campaign, unit=commune_a2, parent=ra, branch=Branch.ARMY, official_count=5, reserve_count=0
    )
    qb = Quota.objects.create(
        campaign=campaign, unit=commune_b, parent=rb, branch=Branch.ARMY, official_count=60, reserve_count=2
    )
    return {"top": top, "ra": ra, "rb": rb, "a": qa, "a2": qa2, "b": qb}


FIT_SCORES = {"score_eyes": 1, "score_ent": 2, "score_dental": 1, "score_internal": 2}


def _next_step(c: Candidate, actor: Any, kw: dict[str, Any]) -> None:
    province_actor = kw.get("province_actor", actor)
    status = c.status
    if status == S.IN_SOURCE_POOL:
        pipeline.candidate_review(candidate=c, actor=actor, on=D(2025, 9, 1))
    elif status == S.REVIEWED:
        pipeline.candidate_call_screening(candidate=c, actor=actor, on=D(2025, 10, 1))
    elif status == S.CALLED_TO_SCREENING:
        pipeline.candidate_record_screening(candidate=c, actor=actor, on=D(2025, 10, 5), passed=True)
    elif status == S.SCREENED:
        pipeline.candidate_nominate(candidate=c, actor=actor, on=D(2025, 11, 10))
    elif status == S.NOMINATED:
        pipeline.candidate_call_exam(candidate=c, actor=actor, on=D(2025, 11, 12))
    elif status == S.CALLED_TO_EXAM:
        pipeline.candidate_record_exam(
            candidate=c,
            actor=actor,
            exam_date=D(2025, 11, 20),
            height_cm=Decimal("170"),
            weight_kg=Decimal("62"),
            scores=dict(FIT_SCORES),
        )
    elif status == S.FIT:
        pipeline.candidate_start_political_check(candidate=c, actor=actor, on=D(2025, 12, 1))
        pipeline.candidate_record_political_check(candidate=c, actor=actor, on=D(2025, 12, 10), passed=True)
    elif status == S.POLITICAL_CHECK:
        pipeline.candidate_shortlist(
            candidate=c,
            actor=actor,
            on=D(2026, 1, 15),
            branch=kw.get("branch", Branch.ARMY),
            list_kind=kw.get("list_kind", ListKind.OFFICIAL),
        )
    elif status == S.SHORTLISTED:
        calls.callup_list_decide(
            campaign=c.campaign,
            actor=province_actor,
            branch=c.branch,
            on=D(2026, 1, 20),
        )
    elif status == S.DECIDED_BY_PROVINCE:
        if c.call_decision_id is None:
            calls.call_orders_issue(campaign=c.campaign, commune=c.commune, actor=actor, on=D(2026, 1, 25))
            c.refresh_from_db()
        calls.candidate_deliver(candidate=c, actor=actor, on=D(2026, 2, 5))
    elif status == S.CALL_DELIVERED:
        calls.candidate_hand_over(
            candidate=c, actor=actor, on=D(2026, 3, 4), point="Ban CHPTKV 1", receiving_unit="Sư đoàn 395"
        )
    elif status == S.HANDED_OVER:
        calls.candidate_recheck_ok(candidate=c, actor=actor, on=D(2026, 3, 9))
    elif status == S.RECHECKED_OK:
        calls.candidate_enlist(candidate=c, actor=actor, on=D(2026, 3, 11))
    else:
        raise AssertionError(f"no step from {status}")


def advance(candidate: Candidate, target: str, actor: Any, **kw: Any) -> Candidate:
    """Walk `candidate` along the main path of SM-2 up to `target` with the real services."""
    candidate.refresh_from_db()
    for _ in range(20):
        if candidate.status == target:
            return candidate
        _next_step(candidate, actor, kw)
        candidate.refresh_from_db()
    raise AssertionError(f"{candidate.status} never reached {target}")


def advance_all(candidates: list[Candidate], target: str, actor: Any, **kw: Any) -> None:
    """Like advance(), with one province decision for everyone shortlisted."""
    for c in candidates:
        advance(c, S.SHORTLISTED if _after(target, S.SHORTLISTED) else target, actor, **kw)
    if not _after(target, S.SHORTLISTED):
        return
    campaign = candidates[0].campaign
    for branch in sorted({c.branch for c in candidates if c.list_kind == ListKind.OFFICIAL}):
        calls.callup_list_decide(
            campaign=campaign, actor=kw.get("province_actor", actor), branch=branch, on=D(2026, 1, 20),
        )  # fmt: skip
    for c in candidates:
        if c.list_kind == ListKind.OFFICIAL:
            advance(c, target, actor, **kw)


_ORDER: list[str] = [
    S.IN_SOURCE_POOL, S.REVIEWED, S.CALLED_TO_SCREENING, S.SCREENED, S.NOMINATED, S.CALLED_TO_EXAM, S.FIT,
    S.POLITICAL_CHECK, S.SHORTLISTED, S.DECIDED_BY_PROVINCE, S.CALL_DELIVERED, S.HANDED_OVER, S.RECHECKED_OK,
    S.ENLISTED,
]  # fmt: skip


def _after(target: str, ref: str) -> bool:
    return _ORDER.index(target) > _ORDER.index(ref)
