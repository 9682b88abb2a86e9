"""The steps an award offers (SM-6), declared on `core.actions`: the council reviews, the office
of the issuing level decides (V-AWARD-1), the unit pays or revokes, and records decisions taken
outside the system."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from phongthu.activities import authority as award_authority
from phongthu.activities.choices import AwardStatus
from phongthu.activities.models import Award
from phongthu.activities.services import awards as services
from phongthu.core import actions, scoping
from phongthu.core.actions import ActionForm, DatedForm, date_input

S = AwardStatus


class ReviewForm(DatedForm):
    on = forms.DateField(label=_("Ngày họp hội đồng"), widget=date_input())
    council_ref = forms.CharField(label=_("Số biên bản họp hội đồng"), max_length=120, required=False)
    reason = forms.CharField(label=_("Ý kiến của hội đồng"), max_length=500, required=False)


class DecideForm(ActionForm):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=date_input())
    reason = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class RecordExternalForm(DecideForm):
    issuer_name = forms.CharField(
        label=_("Cơ quan, người ký (ghi như trên văn bản)"),
        max_length=255,
        help_text=_("Ví dụ: Tư lệnh Quân khu 3; Bộ trưởng Bộ Quốc phòng."),
    )
    field_order = ["issuer_name", "decision_number", "decision_date", "reason"]


class PayForm(DatedForm):
    on = forms.DateField(label=_("Ngày chi thưởng"), widget=date_input())
    reason = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class RevokeForm(DatedForm):
    on = forms.DateField(label=_("Ngày thu hồi"), widget=date_input())
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=500)
    decision_ref = forms.CharField(label=_("Số quyết định thu hồi"), max_length=120, required=False)


def _title(award: Award) -> str:
    return award.title


actions.register(
    Award,
    actions.Action(
        name="review",
        label="Hội đồng thi đua, khen thưởng xét",
        service=services.award_review,
        authority="AWARD_REVIEW",
        form=ReviewForm,
        states=frozenset({S.PROPOSED}),
        reach=scoping.APPROVE,
    ),
    actions.Action(
        name="decide",
        label="Quyết định khen thưởng",
        service=services.award_decide,
        authority="AWARD_DECIDE",
        form=DecideForm,
        states=frozenset({S.COUNCIL_REVIEWED}),
        when=lambda award: award_authority.decided_in_system(award.authority),
        date_field="decision_date",
        title=_title,
        office=lambda award, answer: award_authority.office_matches(answer, award.authority),
        confirm="Quyết định khen thưởng được ký và tính tiền thưởng; không sửa được sau khi ghi nhận.",
    ),
    actions.Action(
        name="record_external",
        label="Ghi nhận quyết định của cấp trên",
        service=services.award_record_external,
        authority="AWARD_RECORD_EXTERNAL",
        form=RecordExternalForm,
        states=frozenset({S.PROPOSED, S.COUNCIL_REVIEWED}),
        when=lambda award: not award_authority.decided_in_system(award.authority),
        date_field=None,  # data entry today by the receiving unit, whatever the decision's date
        help="Quyết định của cơ quan ngoài hệ thống (Bộ Quốc phòng, Quân khu, Công an tỉnh, …): ghi như trên văn bản.",
    ),
    actions.Action(
        name="pay",
        label="Đã chi tiền thưởng",
        service=services.award_pay,
        authority="AWARD_PAY",
        form=PayForm,
        states=frozenset({S.DECIDED}),
    ),
    actions.Action(
        name="revoke",
        label="Thu hồi khen thưởng",
        service=services.award_revoke,
        authority="AWARD_PAY",
        form=RevokeForm,
        states=frozenset({S.DECIDED, S.PAID}),
        danger=True,
        confirm="Thu hồi khen thưởng là bước cuối, không hoàn tác được.",
    ),
)
