"""From the province's list to enlistment (domain.md §2.5 steps 14–18; V-NVQS-11, V-NVQS-13)."""

from __future__ import annotations

import datetime
import math
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum

from phongthu.campaigns.choices import (
    Branch,
    CandidateStatus,
    DecisionKind,
    ListKind,
    ReturnReason,
    legal_basis,
)
from phongthu.campaigns.models import CallUpDecision, Campaign, Candidate, Quota
from phongthu.campaigns.services.common import (
    acting_office,
    assert_open,
    fmt,
    move,
    refuse,
    set_fields,
    signer_of,
)
from phongthu.core import authority, scoping

if TYPE_CHECKING:
    from phongthu.accounts.models import User

S = CandidateStatus
LIST = "CALLUP_LIST_DECIDE"
ORDER = "CALLUP_ORDER"
EXECUTE = "CALLUP_EXECUTE"


def place_name(unit: Any) -> str:
    """ "Xã An Lão" → "An Lão" (the place in "An Lão, ngày 05 tháng 02 năm 2026")."""
    if unit.short_name:
        return str(unit.short_name)
    name = str(unit.name)
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def military_command(unit: Any) -> str:
    """The unit's military command as a document names it: "Bộ Chỉ huy quân sự thành phố Hải
    Phòng", "Ban Chỉ huy quân sự huyện An Lão" — never the form's "tỉnh (thành phố)"."""
    from phongthu.units.choices import Level

    body = "Bộ Chỉ huy quân sự" if unit.level == Level.PROVINCE else "Ban Chỉ huy quân sự"
    name = str(unit.name)
    return f"{body} {name[:1].lower()}{name[1:]}"


def people_committee(unit: Any) -> str:
    return f"ỦY BAN NHÂN DÂN {unit.name.upper()}"


def signer_title(office: authority.OfficeAnswer) -> str:
    """The signature block's position under "TM. ỦY BAN NHÂN DÂN": the office without its unit."""
    if office.office == authority.Office.PC_CHAIR:
        return "Chủ tịch"
    return office.title


@transaction.atomic
def callup_list_decide(
    campaign: Campaign, *, actor: User, on: datetime.date, branch: str, signing_authority: str = "TM."
) -> CallUpDecision:
    """The chairman competent on the date decides the list of citizens called (P17): every
    official shortlisted candidate of the branch moves to DECIDED_BY_PROVINCE under one numbered
    decision, signed by that office's holder."""
    assert_open(campaign)
    office = acting_office(actor, LIST, campaign.unit_id, on)
    if branch not in Branch.values:
        raise refuse("branch", "Chọn lực lượng: Quân đội hoặc Công an.")
    listed = list(
        Candidate.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, branch=branch, list_kind=ListKind.OFFICIAL, status=S.SHORTLISTED)
        .select_related("person", "commune")
        .order_by("commune__name_sort", "person__name_sort")
    )
    if not listed:
        raise refuse(None, "Chưa có công dân nào trong danh sách chính thức để quyết định.")
    _require_registered(listed)
    signer = signer_of(office, on)
    issuer = office_unit(office)
    branch_label = "nhập ngũ" if branch == Branch.ARMY else "thực hiện nghĩa vụ tham gia Công an nhân dân"
    decision = CallUpDecision(
        campaign=campaign,
        kind=DecisionKind.PROVINCE_LIST,
        issuer=issuer,
        branch=branch,
        date=on,
        place=place_name(issuer),
        issuing_body=people_committee(issuer),
        abstract=f"Về việc gọi công dân {branch_label} năm {campaign.year}",
        signing_authority=signing_authority,
        signer_title=signer_title(office),
        signer_name=signer,
        recipients=f"{military_command(issuer)};\nỦy ban nhân dân các xã, phường, đặc khu;",
    )
    decision.full_clean(exclude=["year", "seq"])
    decision.save()
    scoping.assert_in_scope(decision, actor, scoping.ADD)
    for candidate in listed:
        move(
            candidate,
            S.DECIDED_BY_PROVINCE,
            actor=actor,
            authority=LIST,
            decision_ref=decision.symbol,
            effective_date=on,
            legal_ground=f"{legal_basis(on)}; thẩm quyền: {office.title} ({office.citation})",
            extra={"province_decision": decision},
        )
    return decision


def _require_registered(candidates: list[Candidate]) -> None:
    """A call-up decision only for citizens in the ready book (Điều 31 Luật NVQS 2015)."""
    from phongthu.campaigns.services.pool import registered_q

    ids = [c.pk for c in candidates]
    ok = set(Candidate.objects.filter(registered_q("person__"), pk__in=ids).values_list("pk", flat=True))
    missing = [c.person.full_name for c in candidates if c.pk not in ok]
    if missing:
        names = ", ".join(missing[:10]) + (f" và {len(missing) - 10} người khác" if len(missing) > 10 else "")
        raise refuse(
            None,
            f"Chưa đăng ký nghĩa vụ quân sự, không được gọi nhập ngũ: {names}. "
            "Đăng ký nghĩa vụ quân sự cho công dân hoặc đưa ra khỏi nguồn trước khi quyết định.",
        )


def office_unit(office: authority.OfficeAnswer) -> Any:
    from phongthu.units.models import Unit

    assert office.unit is not None
    return Unit.objects.get(pk=office.unit.id)


@transaction.atomic
def candidate_call_order(
    candidate: Candidate, *, actor: User, on: datetime.date, signing_authority: str = "TM."
) -> CallUpDecision:
    """The citizen's own numbered call-up decision, signed by the holder of the competent office
    on the date (the commune chairman since 1/7/2025)."""
    campaign = candidate.campaign
    assert_open(campaign)
    office = acting_office(actor, ORDER, candidate.commune_id, on)
    if candidate.status != S.DECIDED_BY_PROVINCE or candidate.call_decision_id is not None:
        raise refuse(
            None, "Chỉ lập quyết định gọi nhập ngũ cho công dân đã có quyết định của tỉnh, chưa có quyết định gọi."
        )
    _require_registered([candidate])
    province = candidate.province_decision
    if province is not None and on < province.date:
        raise refuse("on", f"Ngày quyết định không được trước quyết định của tỉnh ({fmt(province.date)}).")
    signer = signer_of(office, on)
    issuer = office_unit(office)
    police = candidate.branch == Branch.POLICE
    decision = CallUpDecision(
        campaign=campaign,
        kind=DecisionKind.CALL_ORDER,
        issuer=issuer,
        branch=candidate.branch or Branch.ARMY,
        candidate=candidate,
        date=on,
        place=place_name(issuer),
        issuing_body=people_committee(issuer),
        abstract=(
            "Về việc gọi công dân thực hiện nghĩa vụ tham gia Công an nhân dân"
            if police
            else "Về việc gọi công dân nhập ngũ"
        )
        + f" năm {campaign.year}",
        signing_authority=signing_authority,
        signer_title=signer_title(office),
        signer_name=signer,
        recipients=f"Như Điều 3;\nBan Chỉ huy quân sự {candidate.commune.name};\nCông dân {candidate.person.full_name};",
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
        call_decision_date=on,
    )
    return decision


@transaction.atomic
def call_orders_issue(*, campaign: Campaign, commune: Any, actor: User, on: datetime.date) -> list[CallUpDecision]:
    """Every citizen of `commune` on the province's list gets a call decision (a batch of the above)."""
    todo = list(
        Candidate.objects.filter(
            campaign=campaign, commune=commune, status=S.DECIDED_BY_PROVINCE, call_decision__isnull=True
        )
        .select_related("person", "province_decision", "campaign", "commune")
        .order_by("person__name_sort")
    )
    if not todo:
        raise refuse(None, f"{commune.name} không còn công dân nào chờ quyết định gọi nhập ngũ.")
    return [candidate_call_order(c, actor=actor, on=on) for c in todo]


def candidate_deliver(candidate: Candidate, *, actor: User, on: datetime.date) -> Candidate:
    """The call decision reached the citizen (receipt); at least the notice period before handover."""
    campaign = candidate.campaign
    if candidate.call_decision_id is None:
        raise refuse(None, "Chưa có quyết định gọi nhập ngũ: lập quyết định trước khi giao.")
    if candidate.call_decision_date and on < candidate.call_decision_date:
        raise refuse("on", f"Ngày giao không được trước ngày ký quyết định ({fmt(candidate.call_decision_date)}).")
    if campaign.handover_from:
        latest = campaign.handover_from - datetime.timedelta(days=campaign.call_notice_min_days)
        if on > latest:
            raise refuse(
                "on",
                f"Quyết định phải giao trước ngày giao quân ({fmt(campaign.handover_from)}) ít nhất "
                f"{campaign.call_notice_min_days} ngày: giao chậm nhất ngày {fmt(latest)}.",
            )
    return move(
        candidate,
        S.CALL_DELIVERED,
        actor=actor,
        authority=EXECUTE,
        decision_ref=candidate.call_decision_no,
        effective_date=on,
        extra={"call_delivered_at": on},
    )


def _check_handover_date(candidate: Candidate, day: datetime.date) -> None:
    campaign = candidate.campaign
    if (campaign.handover_from and day < campaign.handover_from) or (
        campaign.handover_to and day > campaign.handover_to
    ):
        raise refuse(
            "on",
            f"Ngày giao quân phải trong thời gian giao quân của đợt "
            f"({fmt(campaign.handover_from)} – {fmt(campaign.handover_to)}).",
        )


def _check_age_at_handover(candidate: Candidate, day: datetime.date) -> None:
    """Second age check (Điều 30 Luật NVQS): on the handover day itself the citizen must still be
    within the call-up age window (25, or 27 after a regular college/university course)."""
    from phongthu.campaigns.services.pool import evaluate_people
    from phongthu.military_service.eligibility import Status

    (evaluation,) = evaluate_people([candidate.person], day)
    if evaluation.status == Status.OVER_AGE:
        raise refuse(
            "on",
            f"Ngày {fmt(day)} công dân đã {evaluation.age} tuổi, quá tuổi gọi nhập ngũ (hết {evaluation.age_limit} "
            "tuổi): không giao quân; đưa ra khỏi danh sách và bù đổi.",
        )


def candidate_hand_over(
    candidate: Candidate, *, actor: User, on: datetime.date, point: str, receiving_unit: str
) -> Candidate:
    """Lễ giao nhận quân."""
    campaign = candidate.campaign
    if not point.strip():
        raise refuse("point", "Nhập điểm giao quân (Ban CHPTKV hoặc cụm xã).")
    if not receiving_unit.strip():
        raise refuse("receiving_unit", "Nhập đơn vị nhận quân.")
    if candidate.status == S.CALL_DELIVERED:
        _check_handover_date(candidate, on)
        _check_age_at_handover(candidate, on)
        delivered = candidate.call_delivered_at
        if delivered and (on - delivered).days < campaign.call_notice_min_days:
            raise refuse(
                "on",
                f"Quyết định gọi nhập ngũ giao ngày {fmt(delivered)}: chưa đủ {campaign.call_notice_min_days} "
                "ngày trước ngày giao quân.",
            )
    elif candidate.status in (S.SHORTLISTED, S.DECIDED_BY_PROVINCE):
        raise refuse(None, "Công dân chưa nhận quyết định gọi nhập ngũ: ghi nhận việc giao quyết định trước.")
    return move(
        candidate,
        S.HANDED_OVER,
        actor=actor,
        authority=EXECUTE,
        decision_ref=candidate.call_decision_no,
        effective_date=on,
        extra={
            "handover_date": on,
            "handover_point": point.strip(),
            "receiving_unit": receiving_unit.strip(),
        },
    )


def _check_recheck_date(candidate: Candidate, day: datetime.date) -> None:
    campaign = candidate.campaign
    if candidate.handover_date is None:
        raise refuse(None, "Chưa có ngày giao quân.")
    if day < candidate.handover_date:
        raise refuse("on", "Ngày phúc tra không được trước ngày giao quân.")
    if (day - candidate.handover_date).days > campaign.recheck_max_days:
        raise refuse(
            "on",
            f"Phúc tra phải xong trong {campaign.recheck_max_days} ngày kể từ ngày giao quân "
            f"({fmt(candidate.handover_date)}): chậm nhất ngày "
            f"{fmt(candidate.handover_date + datetime.timedelta(days=campaign.recheck_max_days))}.",
        )


def candidate_recheck_ok(candidate: Candidate, *, actor: User, on: datetime.date, note: str = "") -> Candidate:
    _check_recheck_date(candidate, on)
    return move(
        candidate,
        S.RECHECKED_OK,
        actor=actor,
        authority=EXECUTE,
        effective_date=on,
        reason=note or "Phúc tra đạt tiêu chuẩn",
        extra={"recheck_date": on, "recheck_result": (note or "Đạt")[:255]},
    )


def candidate_return(candidate: Candidate, *, actor: User, on: datetime.date, reason: str, note: str) -> Candidate:
    """Trả về after the unit's re-check (within the re-check window)."""
    if reason not in ReturnReason.values:
        raise refuse("reason", "Chọn lý do trả về: sức khỏe, chính trị hoặc lý do khác.")
    if not note.strip():
        raise refuse("note", "Ghi kết luận phúc tra của đơn vị nhận quân.")
    _check_recheck_date(candidate, on)
    return move(
        candidate,
        S.RETURNED,
        actor=actor,
        authority=EXECUTE,
        effective_date=on,
        reason=note,
        extra={"recheck_date": on, "recheck_result": note[:255], "return_reason": reason},
    )


def candidate_enlist(candidate: Candidate, *, actor: User, on: datetime.date) -> Candidate:
    return move(candidate, S.ENLISTED, actor=actor, authority=EXECUTE, effective_date=on, reason="Chính thức nhập ngũ")


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
def candidate_replace(
    returned: Candidate,
    *,
    actor: User,
    on: datetime.date,
    replacement: Candidate,
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
    if on > deadline:
        raise refuse(
            "on",
            f"Quá hạn bù đổi: chỉ bù đổi trong {campaign.replacement_max_days} ngày kể từ ngày giao quân "
            f"({fmt(returned.handover_date)}), chậm nhất ngày {fmt(deadline)}.",
        )
    if on < returned.handover_date:
        raise refuse("on", "Ngày bù đổi không được trước ngày giao quân.")
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
        authority=EXECUTE,
        effective_date=on,
        reason=f"Bù đổi cho {returned.person.full_name}",
        legal_ground="Điều 7 Thông tư 148/2018/TT-BQP (bù đổi)",
        extra={
            "handover_date": on,
            "handover_point": (point or returned.handover_point)[:255],
            "receiving_unit": (receiving_unit or returned.receiving_unit)[:255],
        },
    )
    acting_office(actor, EXECUTE, returned.commune_id, on)
    set_fields(returned, actor=actor, reason=f"Bù đổi bởi {replacement.person.full_name}", replaced_by=replacement)
    return replacement
