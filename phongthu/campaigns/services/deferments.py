"""Deferment and exemption (Art. 41; SM-3): proposed by the commune, decided by the authority
the legal regime names, then published for the configured number of days (20, P16)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from phongthu.campaigns.choices import (
    AUTHORITY,
    CUTOVER_2025,
    DEFERMENT_TRANSITIONS,
    CandidateStatus,
    DefermentStatus,
    Ground,
    LegalRegime,
    ground_citation,
    kind_of_ground,
)
from phongthu.campaigns.models import Candidate, DefermentDecision
from phongthu.campaigns.services.common import assert_open, assert_province_authority, fmt, move, refuse
from phongthu.core import scoping
from phongthu.core.transitions import transition

S = CandidateStatus
D = DefermentStatus
OPEN_DEFERMENT = frozenset({D.PROPOSED, D.DECIDED, D.PUBLISHED, D.ACTIVE})
# Grounds limited to one child / one brother per qualifying relative (V-NVQS-8).
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
def propose_deferment(
    *,
    candidate: Candidate,
    ground: str,
    actor: Any,
    proposed_on: datetime.date,
    evidence: str = "",
    expected_end_date: datetime.date | None = None,
    proposed_by: str = "",
) -> DefermentDecision:
    """HĐNVQS xã proposes a deferment (TH_*) or exemption (MI_*) for the province to decide."""
    assert_open(candidate.campaign)
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
        proposed_on=proposed_on,
    )
    deferment.full_clean()
    deferment.save()
    scoping.assert_in_scope(deferment, actor, scoping.ADD)
    if candidate.status != S.UNFIT:  # an unfit citizen already stands for TH_A (SM-2)
        to = S.PROPOSED_DEFERMENT if deferment.kind == "DEFERMENT" else S.PROPOSED_EXEMPTION
        move(candidate, to, actor=actor, effective_date=proposed_on, legal_ground=ground_citation(ground))
    return deferment


def authority_for(deferment: DefermentDecision) -> str:
    return AUTHORITY[deferment.candidate.campaign.regime()]["deferment"]


@transaction.atomic
def decide_deferment(
    *,
    deferment: DefermentDecision,
    actor: Any,
    decision_ref: str,
    decision_date: datetime.date,
    signer_name: str,
) -> DefermentDecision:
    """The authority of the regime decides (V-NVQS-9): provincial chair from 1/7/2025."""
    candidate = deferment.candidate
    campaign = candidate.campaign
    assert_open(campaign)
    assert_province_authority(campaign, actor)
    if not decision_ref.strip():
        raise refuse("decision_ref", "Nhập số, ký hiệu quyết định.")
    if not signer_name.strip():
        raise refuse("signer_name", "Nhập họ tên người ký quyết định.")
    regime = campaign.regime()
    if regime == LegalRegime.FROM_2025_07 and decision_date < CUTOVER_2025:
        raise refuse(
            "decision_date",
            "Trước 01/7/2025 quyết định tạm hoãn, miễn do Chủ tịch UBND cấp huyện ký: "
            "kiểm tra ngày quyết định hoặc chế độ pháp lý của đợt.",
        )
    if regime == LegalRegime.PRE_2025 and decision_date >= CUTOVER_2025:
        raise refuse(
            "decision_date",
            "Từ 01/7/2025 không còn cấp huyện: quyết định tạm hoãn, miễn do Chủ tịch UBND cấp tỉnh ký.",
        )
    if deferment.proposed_on and decision_date < deferment.proposed_on:
        raise refuse("decision_date", f"Ngày quyết định không được trước ngày đề nghị ({fmt(deferment.proposed_on)}).")
    transition(
        deferment,
        D.DECIDED,
        actor=actor,
        allowed=DEFERMENT_TRANSITIONS,
        legal_ground=ground_citation(deferment.ground),
        decision_ref=decision_ref,
        effective_date=decision_date,
        extra={
            "decided_by": AUTHORITY[regime]["deferment"],
            "decision_ref": decision_ref.strip(),
            "decision_date": decision_date,
            "signer_name": signer_name.strip(),
        },
    )
    to = S.DEFERRED if deferment.kind == "DEFERMENT" else S.EXEMPTED
    move(
        candidate,
        to,
        actor=actor,
        decision_ref=decision_ref,
        effective_date=decision_date,
        legal_ground=ground_citation(deferment.ground),
    )
    return deferment


@transaction.atomic
def reject_deferment(*, deferment: DefermentDecision, actor: Any, on: datetime.date, note: str) -> DefermentDecision:
    candidate = deferment.candidate
    assert_open(candidate.campaign)
    assert_province_authority(candidate.campaign, actor)
    if not note.strip():
        raise refuse("note", "Ghi lý do không chấp thuận đề nghị.")
    transition(deferment, D.REJECTED, actor=actor, allowed=DEFERMENT_TRANSITIONS, reason=note, effective_date=on)
    if candidate.status in (S.PROPOSED_DEFERMENT, S.PROPOSED_EXEMPTION):
        move(candidate, S.REVIEWED, actor=actor, effective_date=on, reason=f"Không chấp thuận: {note}")
    return deferment


@transaction.atomic
def publish_deferment(
    *, deferment: DefermentDecision, actor: Any, posted_from: datetime.date | None = None, portal_url: str = ""
) -> DefermentDecision:
    """Công khai: from the signing date (or later) for `publication_days` days (P16, SM-3)."""
    candidate = deferment.candidate
    campaign = candidate.campaign
    assert_open(campaign)
    start = posted_from or deferment.decision_date
    if start is None:
        raise refuse("posted_from", "Chưa có ngày quyết định: quyết định trước khi công khai.")
    if deferment.decision_date and start < deferment.decision_date:
        raise refuse(
            "posted_from",
            f"Ngày bắt đầu công khai không được trước ngày ký quyết định ({fmt(deferment.decision_date)}).",
        )
    end = start + datetime.timedelta(days=campaign.publication_days)
    transition(
        deferment,
        D.PUBLISHED,
        actor=actor,
        allowed=DEFERMENT_TRANSITIONS,
        legal_ground="Khoản 4 Điều 41 Luật Nghĩa vụ quân sự 2015",
        decision_ref=deferment.decision_ref,
        effective_date=start,
        extra={"posted_from": start, "posted_to": end, "portal_url": portal_url},
    )
    move(candidate, S.PUBLISHED, actor=actor, effective_date=start, decision_ref=deferment.decision_ref)
    return deferment


def activate_published(*, campaign: Any, actor: Any, on: datetime.date) -> int:
    """Publication windows that have ended: the decision is in force for the year (SM-3)."""
    assert_open(campaign)
    done = 0
    due = DefermentDecision.objects.filter(
        candidate__campaign=campaign, status=D.PUBLISHED, posted_to__lte=on
    ).restrict(actor, scoping.CHANGE)
    for deferment in due:
        transition(
            deferment,
            D.ACTIVE,
            actor=actor,
            allowed=DEFERMENT_TRANSITIONS,
            reason="Hết thời gian công khai",
            effective_date=on,
        )
        done += 1
    return done


def lapse_deferment(*, deferment: DefermentDecision, actor: Any, on: datetime.date, note: str) -> DefermentDecision:
    """The ground ended (e.g. school finished): the citizen is called in a later cycle."""
    assert_open(deferment.candidate.campaign)
    if not note.strip():
        raise refuse("note", "Ghi lý do (ví dụ: đã tốt nghiệp, anh trai đã xuất ngũ).")
    transition(deferment, D.LAPSED, actor=actor, allowed=DEFERMENT_TRANSITIONS, reason=note, effective_date=on)
    return deferment
