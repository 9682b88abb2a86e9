"""From the province's list to enlistment (domain.md §2.5 steps 14–18; V-NVQS-11, V-NVQS-13)."""

from __future__ import annotations

import datetime
import math
from typing import Any

from django.db import transaction
from django.db.models import Sum

from phongthu.campaigns.choices import (
    AUTHORITY,
    Branch,
    CandidateStatus,
    DecisionKind,
    LegalRegime,
    ListKind,
    ReturnReason,
)
from phongthu.campaigns.models import CallUpDecision, Campaign, Candidate, Quota
from phongthu.campaigns.services.common import assert_open, assert_province_authority, fmt, move, refuse, set_fields
from phongthu.core import scoping

S = CandidateStatus


def place_name(unit: Any) -> str:
    """ "Xã An Lão" → "An Lão" (the place in "An Lão, ngày 05 tháng 02 năm 2026")."""
    if unit.short_name:
        return str(unit.short_name)
    name = str(unit.name)
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def people_committee(unit: Any) -> str:
    return f"ỦY BAN NHÂN DÂN {unit.name.upper()}"


@transaction.atomic
def decide_province_list(
    *,
    campaign: Campaign,
    actor: Any,
    branch: str,
    date: datetime.date,
    signer_name: str,
    signing_authority: str = "",
    signer_title: str = "CHỦ TỊCH",
) -> CallUpDecision:
    """The provincial chair decides the list of citizens called (P17): every official
    shortlisted candidate of the branch moves to DECIDED_BY_PROVINCE under one numbered decision."""
    assert_open(campaign)
    assert_province_authority(campaign, actor)
    if branch not in Branch.values:
        raise refuse("branch", "Chọn lực lượng: Quân đội hoặc Công an.")
    if not signer_name.strip():
        raise refuse("signer_name", "Nhập họ tên người ký quyết định.")
    listed = list(
        Candidate.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, branch=branch, list_kind=ListKind.OFFICIAL, status=S.SHORTLISTED)
        .select_related("person", "commune")
        .order_by("commune__name_sort", "person__name_sort")
    )
    if not listed:
        raise refuse(None, "Chưa có công dân nào trong danh sách chính thức để quyết định.")
    branch_label = "nhập ngũ" if branch == Branch.ARMY else "thực hiện nghĩa vụ tham gia Công an nhân dân"
    decision = CallUpDecision(
        campaign=campaign,
        kind=DecisionKind.PROVINCE_LIST,
        issuer=campaign.unit,
        branch=branch,
        date=date,
        place=place_name(campaign.unit),
        issuing_body=people_committee(campaign.unit),
        abstract=f"Về việc gọi công dân {branch_label} năm {campaign.year}",
        signing_authority=signing_authority,
        signer_title=signer_title,
        signer_name=signer_name.strip(),
        recipients="Bộ Chỉ huy quân sự tỉnh (thành phố);\nỦy ban nhân dân các xã, phường, đặc khu;",
    )
    decision.full_clean(exclude=["year", "seq"])
    decision.save()
    scoping.assert_in_scope(decision, actor, scoping.ADD)
    for candidate in listed:
        move(
            candidate,
            S.DECIDED_BY_PROVINCE,
            actor=actor,
            decision_ref=decision.symbol,
            effective_date=date,
            legal_ground=f"{AUTHORITY[campaign.regime()]['legal_basis']}; thẩm quyền: "
            f"{AUTHORITY[campaign.regime()]['province_list']}",
            extra={"province_decision": decision},
        )
    return decision


@transaction.atomic
def issue_call_orders(
    *,
    campaign: Campaign,
    commune: Any,
    actor: Any,
    date: datetime.date,
    signer_name: str,
    signing_authority: str = "",
) -> list[CallUpDecision]:
    """Each citizen on the province's list gets a numbered call decision of the commune chair."""
    assert_open(campaign)
    if campaign.regime() == LegalRegime.PRE_2025:
        raise refuse(
            None,
            "Trước 01/7/2025 lệnh gọi nhập ngũ do Chỉ huy trưởng Ban CHQS cấp huyện ký: "
            "không lập trong hệ thống cấp xã.",
        )
    if not signer_name.strip():
        raise refuse("signer_name", "Nhập họ tên Chủ tịch UBND xã ký quyết định.")
    todo = list(
        Candidate.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, commune=commune, status=S.DECIDED_BY_PROVINCE, call_decision__isnull=True)
        .select_related("person", "province_decision")
        .order_by("person__name_sort")
    )
    if not todo:
        raise refuse(None, f"{commune.name} không còn công dân nào chờ quyết định gọi nhập ngũ.")
    decisions = []
    for candidate in todo:
        province = candidate.province_decision
        if province is not None and date < province.date:
            raise refuse("date", f"Ngày quyết định không được trước quyết định của tỉnh ({fmt(province.date)}).")
        police = candidate.branch == Branch.POLICE
        decision = CallUpDecision(
            campaign=campaign,
            kind=DecisionKind.CALL_ORDER,
            issuer=commune,
            branch=candidate.branch or Branch.ARMY,
            candidate=candidate,
            date=date,
            place=place_name(commune),
            issuing_body=people_committee(commune),
            abstract=(
                "Về việc gọi công dân thực hiện nghĩa vụ tham gia Công an nhân dân"
                if police
                else "Về việc gọi công dân nhập ngũ"
            )
            + f" năm {campaign.year}",
            signing_authority=signing_authority,
            signer_title="CHỦ TỊCH",
            signer_name=signer_name.strip(),
            recipients=f"Như Điều 3;\nBan Chỉ huy quân sự {commune.name};\nCông dân {candidate.person.full_name};",
        )
        decision.full_clean(exclude=["year", "seq"])
        decision.save()
        scoping.assert_in_scope(decision, actor, scoping.ADD)
        set_fields(
            candidate,
            actor=actor,
            reason=f"Quyết định gọi nhập ngũ {decision.symbol}",
            call_decision=decision,
            call_decision_no=decision.symbol,
            call_decision_date=date,
        )
        decisions.append(decision)
    return decisions


def record_delivery(*, candidate: Candidate, actor: Any, delivered_on: datetime.date) -> Candidate:
    """The call decision reached the citizen (receipt); at least the notice period before handover."""
    campaign = candidate.campaign
    if candidate.call_decision_id is None:
        raise refuse(None, "Chưa có quyết định gọi nhập ngũ: lập quyết định trước khi giao.")
    if candidate.call_decision_date and delivered_on < candidate.call_decision_date:
        raise refuse(
            "delivered_on", f"Ngày giao không được trước ngày ký quyết định ({fmt(candidate.call_decision_date)})."
        )
    if campaign.handover_from:
        latest = campaign.handover_from - datetime.timedelta(days=campaign.call_notice_min_days)
        if delivered_on > latest:
            raise refuse(
                "delivered_on",
                f"Quyết định phải giao trước ngày giao quân ({fmt(campaign.handover_from)}) ít nhất "
                f"{campaign.call_notice_min_days} ngày: giao chậm nhất ngày {fmt(latest)}.",
            )
    return move(
        candidate,
        S.CALL_DELIVERED,
        actor=actor,
        decision_ref=candidate.call_decision_no,
        effective_date=delivered_on,
        extra={"call_delivered_at": delivered_on},
    )


def _check_handover_date(candidate: Candidate, day: datetime.date) -> None:
    campaign = candidate.campaign
    if (campaign.handover_from and day < campaign.handover_from) or (
        campaign.handover_to and day > campaign.handover_to
    ):
        raise refuse(
            "handover_date",
            f"Ngày giao quân phải trong thời gian giao quân của đợt "
            f"({fmt(campaign.handover_from)} – {fmt(campaign.handover_to)}).",
        )


def hand_over(
    *, candidate: Candidate, actor: Any, handover_date: datetime.date, point: str, receiving_unit: str
) -> Candidate:
    """Lễ giao nhận quân."""
    campaign = candidate.campaign
    if not point.strip():
        raise refuse("point", "Nhập điểm giao quân (Ban CHPTKV hoặc cụm xã).")
    if not receiving_unit.strip():
        raise refuse("receiving_unit", "Nhập đơn vị nhận quân.")
    if candidate.status == S.CALL_DELIVERED:
        _check_handover_date(candidate, handover_date)
        delivered = candidate.call_delivered_at
        if delivered and (handover_date - delivered).days < campaign.call_notice_min_days:
            raise refuse(
                "handover_date",
                f"Quyết định gọi nhập ngũ giao ngày {fmt(delivered)}: chưa đủ {campaign.call_notice_min_days} "
                "ngày trước ngày giao quân.",
            )
    elif candidate.status in (S.SHORTLISTED, S.DECIDED_BY_PROVINCE):
        raise refuse(None, "Công dân chưa nhận quyết định gọi nhập ngũ: ghi nhận việc giao quyết định trước.")
    return move(
        candidate,
        S.HANDED_OVER,
        actor=actor,
        decision_ref=candidate.call_decision_no,
        effective_date=handover_date,
        extra={
            "handover_date": handover_date,
            "handover_point": point.strip(),
            "receiving_unit": receiving_unit.strip(),
        },
    )


def _check_recheck_date(candidate: Candidate, day: datetime.date) -> None:
    campaign = candidate.campaign
    if candidate.handover_date is None:
        raise refuse(None, "Chưa có ngày giao quân.")
    if day < candidate.handover_date:
        raise refuse("recheck_date", "Ngày phúc tra không được trước ngày giao quân.")
    if (day - candidate.handover_date).days > campaign.recheck_max_days:
        raise refuse(
            "recheck_date",
            f"Phúc tra phải xong trong {campaign.recheck_max_days} ngày kể từ ngày giao quân "
            f"({fmt(candidate.handover_date)}): chậm nhất ngày "
            f"{fmt(candidate.handover_date + datetime.timedelta(days=campaign.recheck_max_days))}.",
        )


def recheck_ok(*, candidate: Candidate, actor: Any, recheck_date: datetime.date, note: str = "") -> Candidate:
    _check_recheck_date(candidate, recheck_date)
    return move(
        candidate,
        S.RECHECKED_OK,
        actor=actor,
        effective_date=recheck_date,
        reason=note or "Phúc tra đạt tiêu chuẩn",
        extra={"recheck_date": recheck_date, "recheck_result": (note or "Đạt")[:255]},
    )


def return_candidate(
    *, candidate: Candidate, actor: Any, recheck_date: datetime.date, reason: str, note: str
) -> Candidate:
    """Trả về after the unit's re-check (within the re-check window)."""
    if reason not in ReturnReason.values:
        raise refuse("reason", "Chọn lý do trả về: sức khỏe, chính trị hoặc lý do khác.")
    if not note.strip():
        raise refuse("note", "Ghi kết luận phúc tra của đơn vị nhận quân.")
    _check_recheck_date(candidate, recheck_date)
    return move(
        candidate,
        S.RETURNED,
        actor=actor,
        effective_date=recheck_date,
        reason=note,
        extra={"recheck_date": recheck_date, "recheck_result": note[:255], "return_reason": reason},
    )


def enlist(*, candidate: Candidate, actor: Any, on: datetime.date) -> Candidate:
    return move(candidate, S.ENLISTED, actor=actor, effective_date=on, reason="Chính thức nhập ngũ")


def branch_quota(campaign: Campaign, branch: str) -> int:
    """The locality's quota for the branch: the province row, else the sum of its communes."""
    own = Quota.objects.filter(campaign=campaign, unit_id=campaign.unit_id, branch=branch).first()
    if own is not None:
        return int(own.official_count)
    total = Quota.objects.filter(campaign=campaign, branch=branch, unit__level="COMMUNE").aggregate(
        n=Sum("official_count")
    )
    return int(total["n"] or 0)


def replacement_limit(campaign: Campaign, branch: str) -> int:
    return math.floor(branch_quota(campaign, branch) * campaign.replacement_max_percent / 100)


@transaction.atomic
def replace_returned(
    *,
    returned: Candidate,
    replacement: Candidate,
    actor: Any,
    handover_date: datetime.date,
    point: str = "",
    receiving_unit: str = "",
) -> Candidate:
    """Bù đổi: a reserve-list citizen replaces a returned one — ≤ 15 days after the handover and
    ≤ 2 % of the quota (V-NVQS-11; both configurable on the campaign)."""
    campaign = returned.campaign
    assert_open(campaign)
    if returned.status != S.RETURNED:
        raise refuse(None, "Chỉ bù đổi cho công dân đã bị đơn vị trả về.")
    if Candidate.objects.filter(pk=returned.pk, replaced_by__isnull=False).exists():
        raise refuse(None, f"{returned.person.full_name} đã được bù đổi.")
    if replacement.campaign_id != campaign.pk:
        raise refuse("replacement", "Người thay thế phải thuộc cùng đợt tuyển quân.")
    if replacement.list_kind != ListKind.RESERVE or replacement.status not in (
        S.SHORTLISTED,
        S.DECIDED_BY_PROVINCE,
        S.CALL_DELIVERED,
    ):
        raise refuse("replacement", "Người thay thế phải là công dân trong danh sách dự phòng, chưa giao quân.")
    if replacement.branch != returned.branch:
        raise refuse("replacement", "Người thay thế phải cùng lực lượng (Quân đội/Công an) với người bị trả về.")
    assert returned.handover_date is not None
    deadline = returned.handover_date + datetime.timedelta(days=campaign.replacement_max_days)
    if handover_date > deadline:
        raise refuse(
            "handover_date",
            f"Quá hạn bù đổi: chỉ bù đổi trong {campaign.replacement_max_days} ngày kể từ ngày giao quân "
            f"({fmt(returned.handover_date)}), chậm nhất ngày {fmt(deadline)}.",
        )
    if handover_date < returned.handover_date:
        raise refuse("handover_date", "Ngày bù đổi không được trước ngày giao quân.")
    limit = replacement_limit(campaign, returned.branch)
    used = (
        Candidate.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, branch=returned.branch, replaced_by__isnull=False)
        .count()
    )
    if used + 1 > limit:
        raise refuse(
            None,
            f"Vượt giới hạn bù đổi: tối đa {campaign.replacement_max_percent:g}% chỉ tiêu "
            f"({branch_quota(campaign, returned.branch)} người) là {limit} người; đã bù đổi {used}.",
        )
    move(
        replacement,
        S.HANDED_OVER,
        actor=actor,
        effective_date=handover_date,
        reason=f"Bù đổi cho {returned.person.full_name}",
        legal_ground="Điều 7 Thông tư 148/2018/TT-BQP (bù đổi)",
        extra={
            "handover_date": handover_date,
            "handover_point": (point or returned.handover_point)[:255],
            "receiving_unit": (receiving_unit or returned.receiving_unit)[:255],
        },
    )
    set_fields(returned, actor=actor, reason=f"Bù đổi bởi {replacement.person.full_name}", replaced_by=replacement)
    return replacement
