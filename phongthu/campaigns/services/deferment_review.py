"""Deferment lifecycle after the decision (SM-3: ACTIVE → RENEWED | CONVERTED | LAPSED): the
"cần rà soát lại hạn" list and the renewal / conversion decisions.

A deferment is decided for a ground that ends (a school course, a sentence, a sibling's
service). Each decision carries `review_on`; when it comes near, or when the facts show the
ground has ended (no longer studying, health class now 1–3, no longer standing militia), the
decision is due for review. The competent chairman then renews it (same ground, a new review
date) or converts it (another ground of the same kind); both are new numbered decisions that
point back to the old one (`follows`), which moves to RENEWED / CONVERTED with its history row.
Turning a deferment into an exemption is a new proposal, not a conversion (the candidate's
state changes, and the commune council proposes it)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q

from phongthu.campaigns.choices import (
    DEFERMENT_TRANSITIONS,
    EFFECTIVE_DEFERMENT,
    DefermentStatus,
    Ground,
    ground_citation,
    kind_of_ground,
)
from phongthu.campaigns.models import DefermentDecision
from phongthu.campaigns.services.common import acting_office, assert_open, fmt, refuse, signer_of
from phongthu.campaigns.services.deferments import decide_code
from phongthu.core import scoping
from phongthu.core.transitions import transition

if TYPE_CHECKING:
    from phongthu.accounts.models import User
    from phongthu.core.types import Actor

D = DefermentStatus
REVIEW_WINDOW_DAYS = 30


@dataclass
class DueLine:
    deferment: DefermentDecision
    why: str


def review_date(deferment: DefermentDecision) -> datetime.date | None:
    return deferment.review_on or deferment.expected_end_date


def deferments_due_for_review(
    *, user: Actor, unit: Any, on: datetime.date, within_days: int = REVIEW_WINDOW_DAYS
) -> list[DueLine]:
    """Deferments and exemptions in force in the unit whose review date is near or past, or whose
    ground the facts no longer support."""
    from phongthu.units.models import UnitScope

    horizon = on + datetime.timedelta(days=within_days)
    qs = (
        DefermentDecision.objects.restrict(user, scoping.VIEW)
        .filter(
            status__in=EFFECTIVE_DEFERMENT,
            candidate__commune_id__in=UnitScope.objects.filter(ancestor_id=unit.pk).values("descendant_id"),
        )
        .select_related("candidate__person", "candidate__person__registration", "candidate__commune")
        .order_by("review_on", "expected_end_date", "pk")
    )
    due: list[DueLine] = []
    for d in qs.filter(
        Q(review_on__lte=horizon)
        | Q(review_on__isnull=True, expected_end_date__lte=horizon)
        | Q(ground__in=["TH_G", "TH_A", "TH_H"])
    ):
        when = review_date(d)
        person = d.candidate.person
        registration = getattr(person, "registration", None)
        if d.ground == "TH_G" and person.studying not in ("general", "college_regular", "university_regular"):
            due.append(DueLine(d, "Đã thôi học hoặc tốt nghiệp (hồ sơ không còn ghi đang học)"))
        elif d.ground == "TH_A" and registration is not None and registration.health_class in (1, 2, 3):
            due.append(DueLine(d, f"Đã khám lại: sức khỏe loại {registration.health_class}"))
        elif d.ground == "TH_H" and registration is not None and not registration.standing_militia:
            due.append(DueLine(d, "Không còn là dân quân thường trực"))
        elif when is not None and when <= horizon:
            due.append(DueLine(d, ("Đã quá hạn rà soát" if when < on else "Sắp đến hạn rà soát") + f" ({fmt(when)})"))
    return due


def _follow_up(
    old: DefermentDecision, *, actor: User, on: datetime.date, ground: str, decision_ref: str,
    review_on: datetime.date | None, evidence: str, to: str, reason: str,
) -> DefermentDecision:  # fmt: skip
    candidate = old.candidate
    assert_open(candidate.campaign)
    code = decide_code(old)
    office = acting_office(actor, code, candidate.commune_id, on)
    if not decision_ref.strip():
        raise refuse("decision_ref", "Nhập số, ký hiệu quyết định.")
    if old.decision_date and on < old.decision_date:
        raise refuse("on", f"Ngày quyết định không được trước quyết định cũ ({fmt(old.decision_date)}).")
    if review_on is not None and review_on <= on:
        raise refuse("review_on", "Ngày rà soát lại phải sau ngày quyết định.")
    signer = signer_of(office, on)
    transition(
        old, to, actor=actor, allowed=DEFERMENT_TRANSITIONS, authority=code, reason=reason,
        decision_ref=decision_ref, effective_date=on, legal_ground=ground_citation(ground),
    )  # fmt: skip
    new = DefermentDecision(
        candidate=candidate,
        ground=ground,
        kind=kind_of_ground(ground),
        evidence=evidence or old.evidence,
        expected_end_date=review_on,
        review_on=review_on,
        proposed_by=old.proposed_by,
        proposed_on=on,
        follows=old,
    )
    new.full_clean()
    new.save()
    scoping.assert_in_scope(new, actor, scoping.ADD)
    transition(
        new, D.DECIDED, actor=actor, allowed=DEFERMENT_TRANSITIONS, authority=code,
        legal_ground=f"{ground_citation(ground)}; thẩm quyền: {office.citation}", decision_ref=decision_ref,
        effective_date=on, reason=reason,
        extra={"decided_by": office.title[:120], "decision_ref": decision_ref.strip(), "decision_date": on,
               "signer_name": signer[:150]},
    )  # fmt: skip
    return new


@transaction.atomic
def deferment_renew(
    deferment: DefermentDecision, *, actor: User, on: datetime.date, decision_ref: str,
    review_on: datetime.date, evidence: str = "",
) -> DefermentDecision:  # fmt: skip
    """Gia hạn: the same ground still holds (still studying, sibling still serving)."""
    return _follow_up(
        deferment, actor=actor, on=on, ground=deferment.ground, decision_ref=decision_ref, review_on=review_on,
        evidence=evidence, to=D.RENEWED, reason=f"Gia hạn đến {fmt(review_on)}",
    )  # fmt: skip


@transaction.atomic
def deferment_convert(
    deferment: DefermentDecision, *, actor: User, on: datetime.date, ground: str, decision_ref: str,
    evidence: str, review_on: datetime.date | None = None,
) -> DefermentDecision:  # fmt: skip
    """Chuyển diện: the old ground ended but another of the same kind applies (a graduate who is
    now the family's only labourer: TH_G → TH_B)."""
    if ground not in Ground.values:
        raise refuse("ground", "Chọn lý do theo Điều 41.")
    if ground == deferment.ground:
        raise refuse("ground", "Lý do mới trùng lý do cũ: dùng “Gia hạn”.")
    if kind_of_ground(ground) != deferment.kind:
        raise refuse(
            "ground",
            "Chuyển giữa tạm hoãn và miễn gọi nhập ngũ cần đề nghị mới của Hội đồng NVQS xã, không chuyển diện trực tiếp.",
        )
    if not evidence.strip():
        raise refuse("evidence", "Ghi giấy tờ chứng minh lý do mới.")
    label = dict(Ground.choices)[ground]
    return _follow_up(
        deferment, actor=actor, on=on, ground=ground, decision_ref=decision_ref, review_on=review_on,
        evidence=evidence, to=D.CONVERTED, reason=f"Chuyển diện sang {label}",
    )  # fmt: skip
