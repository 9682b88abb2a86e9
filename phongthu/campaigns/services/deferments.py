"""Deferment and exemption (Art. 41; SM-3): proposed by the commune, decided by the authority
the legal regime names, then published for the configured number of days (20, P16)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction

from phongthu.campaigns.choices import (
    DEFERMENT_TRANSITIONS,
    CandidateStatus,
    DefermentKind,
    DefermentStatus,
    Ground,
    ground_citation,
    kind_of_ground,
)
from phongthu.campaigns.models import Candidate, DefermentDecision
from phongthu.campaigns.services.common import acting_office, assert_open, fmt, move, refuse, signer_of
from phongthu.core import authority, scoping
from phongthu.core.transitions import transition

if TYPE_CHECKING:
    from phongthu.accounts.models import User

S = CandidateStatus
D = DefermentStatus
OPEN_DEFERMENT = frozenset({D.PROPOSED, D.DECIDED, D.PUBLISHED, D.ACTIVE})
# Grounds limited to one child / one brother per qualifying relative (V-NVQS-8).
REVIEW = "CANDIDATE_REVIEW"
ONE_PER_RELATIVE = {"TH_C": {"FATHER", "MOTHER"}, "MI_C": {"FATHER", "MOTHER"}}


def _check_one_per_relative(candidate: Candidate, ground: str) -> None:
    """TH_C / MI_C: one child per qualifying parent, when the parent has a person record."""
    from phongthu.people.models import FamilyRelation

    relations = ONE_PER_RELATIVE.get(ground)
    if not relations:
        return
    parents = FamilyRelation.objects.filter(
        person_id=candidate.person_id, relation__in=relations, relative__isnull=False
    ).values("relative_id")
    siblings = (
        FamilyRelation.objects.filter(relative_id__in=parents, relation__in=relations)
        .exclude(person_id=candidate.person_id)
        .values("person_id")
    )
    clash = DefermentDecision.objects.filter(
        candidate__person_id__in=siblings,
        candidate__campaign__year=candidate.campaign.year,
        ground=ground,
        status__in=OPEN_DEFERMENT,
    ).first()
    if clash is not None:
        raise refuse(
            "ground",
            f"Lý do {ground} chỉ áp dụng cho một người con: {clash.candidate.person.full_name} "
            "đã được đề nghị/giải quyết theo lý do này trong năm.",
        )


@transaction.atomic
def deferment_propose(
    candidate: Candidate,
    *,
    actor: User,
    on: datetime.date,
    ground: str,
    evidence: str = "",
    expected_end_date: datetime.date | None = None,
    proposed_by: str = "",
) -> DefermentDecision:
    """HĐNVQS xã proposes a deferment (TH_*) or exemption (MI_*) for the competent chairman to decide."""
    assert_open(candidate.campaign)
    acting_office(actor, REVIEW, candidate.commune_id, on)
    if ground not in Ground.values:
        raise refuse("ground", "Chọn lý do theo Điều 41 (TH_A … TH_H, MI_A … MI_DD).")
    if candidate.deferments.filter(status__in=OPEN_DEFERMENT).exists():
        raise refuse("ground", "Công dân đã có đề nghị hoặc quyết định tạm hoãn, miễn trong đợt này.")
    health_stage = candidate.status in (S.SCREEN_FAIL, S.UNFIT)
    if ground == "TH_A" and not health_stage:
        raise refuse(
            "ground",
            "Lý do TH_A (chưa đủ sức khỏe) chỉ đề nghị sau khi có kết quả sơ tuyển hoặc khám sức khỏe không đạt.",
        )
    if health_stage and ground != "TH_A" and candidate.status == S.UNFIT:
        raise refuse("ground", "Công dân không đủ sức khỏe được đề nghị tạm hoãn theo lý do TH_A.")
    if candidate.status not in (S.REVIEWED, S.SCREEN_FAIL, S.UNFIT):
        raise refuse(
            None,
            "Chỉ đề nghị tạm hoãn, miễn cho công dân đã được xét duyệt cấp xã "
            "(hoặc không đạt sơ tuyển, không đủ sức khỏe).",
        )
    if kind_of_ground(ground) == "EXEMPTION" and candidate.status != S.REVIEWED:
        raise refuse("ground", "Đề nghị miễn gọi nhập ngũ được lập khi xét duyệt cấp xã.")
    if not evidence.strip() and ground != "TH_A":
        raise refuse("evidence", "Ghi giấy tờ chứng minh (xác nhận của nhà trường, UBND xã, đơn vị, ...).")
    _check_one_per_relative(candidate, ground)
    deferment = DefermentDecision(
        candidate=candidate,
        ground=ground,
        kind=kind_of_ground(ground),
        evidence=evidence,
        expected_end_date=expected_end_date,
        proposed_by=proposed_by or f"Hội đồng nghĩa vụ quân sự {candidate.commune.name}",
        proposed_on=on,
    )
    deferment.full_clean()
    deferment.save()
    scoping.assert_in_scope(deferment, actor, scoping.ADD)
    if candidate.status != S.UNFIT:  # an unfit citizen already stands for TH_A (SM-2)
        to = S.PROPOSED_DEFERMENT if deferment.kind == "DEFERMENT" else S.PROPOSED_EXEMPTION
        move(candidate, to, actor=actor, authority=REVIEW, effective_date=on, legal_ground=ground_citation(ground))
    return deferment


def decide_code(deferment: DefermentDecision) -> str:
    """The authority row: the same chairman decides both, under two articles (codes.md §4)."""
    return "EXEMPTION_DECIDE" if deferment.kind == DefermentKind.EXEMPTION else "DEFERMENT_DECIDE"


def deciding_office(deferment: DefermentDecision, on: datetime.date) -> authority.OfficeAnswer | None:
    """Who decides this proposal on `on` (shown on the page; the check is `authority.require`)."""
    try:
        found = authority.offices(decide_code(deferment), deferment.candidate.commune_id, on)
    except authority.AuthorityQueryError:
        return None
    return found[0] if found else None


@transaction.atomic
def deferment_decide(
    deferment: DefermentDecision, *, actor: User, on: datetime.date, decision_ref: str
) -> DefermentDecision:
    """The chairman competent on the decision's date decides (V-NVQS-9): the district's before
    1/7/2025 (the district of the candidate's commune), the province's since. The signer's title
    and name come from that office and its holder on the date, never from typed text."""
    candidate = deferment.candidate
    assert_open(candidate.campaign)
    code = decide_code(deferment)
    office = acting_office(actor, code, candidate.commune_id, on)
    if not decision_ref.strip():
        raise refuse("decision_ref", "Nhập số, ký hiệu quyết định.")
    if deferment.proposed_on and on < deferment.proposed_on:
        raise refuse("on", f"Ngày quyết định không được trước ngày đề nghị ({fmt(deferment.proposed_on)}).")
    signer = signer_of(office, on)
    transition(
        deferment,
        D.DECIDED,
        actor=actor,
        allowed=DEFERMENT_TRANSITIONS,
        authority=code,
        legal_ground=f"{ground_citation(deferment.ground)}; thẩm quyền: {office.citation}",
        decision_ref=decision_ref,
        effective_date=on,
        extra={
            "decided_by": office.title[:120],
            "decision_ref": decision_ref.strip(),
            "decision_date": on,
            "signer_name": signer[:150],
            "review_on": deferment.review_on or deferment.expected_end_date,
        },
    )
    to = S.DEFERRED if deferment.kind == "DEFERMENT" else S.EXEMPTED
    move(
        candidate,
        to,
        actor=actor,
        authority=code,
        decision_ref=decision_ref,
        effective_date=on,
        legal_ground=ground_citation(deferment.ground),
    )
    return deferment


@transaction.atomic
def deferment_reject(deferment: DefermentDecision, *, actor: User, on: datetime.date, note: str) -> DefermentDecision:
    candidate = deferment.candidate
    assert_open(candidate.campaign)
    code = decide_code(deferment)
    acting_office(actor, code, candidate.commune_id, on)
    if not note.strip():
        raise refuse("note", "Ghi lý do không chấp thuận đề nghị.")
    transition(
        deferment,
        D.REJECTED,
        actor=actor,
        allowed=DEFERMENT_TRANSITIONS,
        authority=code,
        reason=note,
        effective_date=on,
    )
    if candidate.status in (S.PROPOSED_DEFERMENT, S.PROPOSED_EXEMPTION):
        move(candidate, S.REVIEWED, actor=actor, authority=code, effective_date=on, reason=f"Không chấp thuận: {note}")
    return deferment


@transaction.atomic
def deferment_publish(
    deferment: DefermentDecision, *, actor: User, on: datetime.date | None = None, portal_url: str = ""
) -> DefermentDecision:
    """Công khai at the commune: from the signing date (or later) for `publication_days` days (P16, SM-3)."""
    candidate = deferment.candidate
    campaign = candidate.campaign
    assert_open(campaign)
    start = on or deferment.decision_date
    if start is None:
        raise refuse("on", "Chưa có ngày quyết định: quyết định trước khi công khai.")
    if deferment.decision_date and start < deferment.decision_date:
        raise refuse(
            "on",
            f"Ngày bắt đầu công khai không được trước ngày ký quyết định ({fmt(deferment.decision_date)}).",
        )
    end = start + datetime.timedelta(days=campaign.publication_days)
    transition(
        deferment,
        D.PUBLISHED,
        actor=actor,
        allowed=DEFERMENT_TRANSITIONS,
        authority=REVIEW,
        legal_ground="Khoản 4 Điều 41 Luật Nghĩa vụ quân sự 2015",
        decision_ref=deferment.decision_ref,
        effective_date=start,
        extra={"posted_from": start, "posted_to": end, "portal_url": portal_url},
    )
    move(
        candidate,
        S.PUBLISHED,
        actor=actor,
        authority=REVIEW,
        effective_date=start,
        decision_ref=deferment.decision_ref,
    )
    return deferment


def deferments_activate(campaign: Any, *, actor: User, on: datetime.date) -> int:
    """Publication windows that have ended: the decisions are in force for the year (SM-3),
    recorded by the commune that posted them."""
    assert_open(campaign)
    done = 0
    due = DefermentDecision.objects.filter(
        candidate__campaign=campaign, status=D.PUBLISHED, posted_to__lte=on
    ).restrict(actor, scoping.CHANGE)
    for deferment in due:
        if not authority.allowed(actor, REVIEW, deferment.candidate.commune_id, on):
            continue  # another commune's posting: its own staff record it
        deferment_activate(deferment, actor=actor, on=on)
        done += 1
    return done


def deferment_activate(deferment: DefermentDecision, *, actor: User, on: datetime.date) -> DefermentDecision:
    """The posting ran its full time without a complaint upheld: the decision is in force."""
    assert_open(deferment.candidate.campaign)
    if deferment.posted_to is None or on < deferment.posted_to:
        raise refuse("on", f"Chưa hết thời gian công khai (đến ngày {fmt(deferment.posted_to)}).")
    transition(
        deferment,
        D.ACTIVE,
        actor=actor,
        allowed=DEFERMENT_TRANSITIONS,
        authority=REVIEW,
        reason="Hết thời gian công khai",
        effective_date=on,
    )
    return deferment


def deferment_lapse(deferment: DefermentDecision, *, actor: User, on: datetime.date, note: str) -> DefermentDecision:
    """The ground ended (e.g. school finished): the citizen is called in a later cycle."""
    assert_open(deferment.candidate.campaign)
    if not note.strip():
        raise refuse("note", "Ghi lý do (ví dụ: đã tốt nghiệp, anh trai đã xuất ngũ).")
    transition(
        deferment,
        D.LAPSED,
        actor=actor,
        allowed=DEFERMENT_TRANSITIONS,
        authority=REVIEW,
        reason=note,
        effective_date=on,
    )
    return deferment
