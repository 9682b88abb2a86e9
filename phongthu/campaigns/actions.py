"""Every status change of the campaign, declared once (core.actions): which records and states
offer it, its Django form, its service and the row of the authority table that performs it.

The candidate page renders them with `{% record_actions %}`, the campaign board applies the bulk
ones with `perform_many`, and the API serves the same at `…/<id>/actions/<name>/`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phongthu.campaigns import authority as _rows  # noqa: F401  (the rows the actions name)
from phongthu.campaigns.choices import (
    Branch,
    CampaignStatus,
    CandidateStatus,
    DefermentKind,
    DefermentStatus,
    Ground,
    ListKind,
    PoliticalCheck,
    ReturnReason,
)
from phongthu.campaigns.models import Campaign, Candidate, DefermentDecision
from phongthu.campaigns.services import calls, deferment_review, deferments, pipeline
from phongthu.campaigns.services import campaigns as campaign_services
from phongthu.core import actions, scoping
from phongthu.core.actions import Action, ActionForm, DatedForm, EmptyForm, date_input

S = CandidateStatus
D = DefermentStatus


class CallForm(DatedForm):
    decision_ref = forms.CharField(label=_("Số giấy gọi"), max_length=120, required=False)


class NoteForm(DatedForm):
    note = forms.CharField(label=_("Ghi chú, lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class OptionalNoteForm(DatedForm):
    note = forms.CharField(
        label=_("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposeForm(DatedForm):
    ground = forms.ChoiceField(label=_("Lý do (Điều 41)"), choices=Ground.choices)
    evidence = forms.CharField(
        label=_("Giấy tờ chứng minh"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_end_date = forms.DateField(label=_("Dự kiến hết lý do"), required=False, widget=date_input())


class ShortlistForm(DatedForm):
    branch = forms.ChoiceField(label=_("Lực lượng"), choices=Branch.choices)
    list_kind = forms.ChoiceField(label=_("Danh sách"), choices=ListKind.choices)


class HandoverForm(DatedForm):
    point = forms.CharField(label=_("Điểm giao quân"), max_length=255)
    receiving_unit = forms.CharField(label=_("Đơn vị nhận quân"), max_length=255)


class ReturnForm(DatedForm):
    reason = forms.ChoiceField(label=_("Lý do trả về"), choices=ReturnReason.choices)
    note = forms.CharField(label=_("Kết luận phúc tra"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReserveChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic only in django-stubs
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.full_name} — {obj.commune.name}"


class ReplaceForm(DatedForm):
    """The reserve citizen who replaces a returned one: chosen among the reserves this user may change."""

    replacement = ReserveChoiceField(label=_("Công dân dự phòng"), queryset=Candidate.objects.none())
    point = forms.CharField(label=_("Điểm giao quân"), max_length=255, required=False)
    receiving_unit = forms.CharField(label=_("Đơn vị nhận quân"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        record = self.record
        if self.user is not None and isinstance(record, Candidate):
            field = self.fields["replacement"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = (
                Candidate.objects.restrict(self.user, scoping.CHANGE)
                .filter(
                    campaign_id=record.campaign_id,
                    list_kind=ListKind.RESERVE,
                    branch=record.branch,
                    status__in=[S.SHORTLISTED, S.DECIDED_BY_PROVINCE, S.CALL_DELIVERED],
                )
                .exclude(pk=record.pk)
                .select_related("person", "commune")
            )


class DecideForm(DatedForm):
    decision_ref = forms.CharField(label=_("Số, ký hiệu quyết định"), max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("Ngày ký")


class RenewForm(DecideForm):
    review_on = forms.DateField(label=_("Rà soát lại vào ngày"), widget=date_input())
    evidence = forms.CharField(
        label=_("Giấy tờ chứng minh (để trống: như quyết định cũ)"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class ConvertForm(DecideForm):
    ground = forms.ChoiceField(label=_("Lý do mới (Điều 41)"), choices=Ground.choices)
    evidence = forms.CharField(label=_("Giấy tờ chứng minh"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    review_on = forms.DateField(label=_("Rà soát lại vào ngày"), required=False, widget=date_input())


class PublishForm(ActionForm):
    on = forms.DateField(label=_("Công khai từ ngày (để trống: ngày ký)"), required=False, widget=date_input())
    portal_url = forms.URLField(
        label=_("Địa chỉ trên cổng thông tin điện tử xã"), required=False, assume_scheme="https"
    )


class ProvinceListForm(DatedForm):
    branch = forms.ChoiceField(label=_("Lực lượng"), choices=Branch.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("Ngày ký")


class SignDateForm(DatedForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("Ngày ký")


def _open(c: Candidate) -> bool:
    return not c.campaign.is_closed


def _open_deferment(d: DefermentDecision) -> bool:
    return not d.candidate.campaign.is_closed


CALLED = frozenset({S.CALLED_TO_SCREENING, S.CALLED_TO_EXAM, S.DECIDED_BY_PROVINCE, S.CALL_DELIVERED})
REVIEW = "CANDIDATE_REVIEW"
EXECUTE = "CALLUP_EXECUTE"

actions.register(
    Candidate,
    Action("review", "Xét duyệt cấp xã", pipeline.candidate_review, REVIEW, DatedForm,
           frozenset({S.IN_SOURCE_POOL}), bulk=True, when=_open),
    Action("propose", "Đề nghị tạm hoãn / miễn", deferments.deferment_propose, REVIEW, ProposeForm,
           frozenset({S.REVIEWED, S.SCREEN_FAIL}), when=_open, task=frozenset({S.SCREEN_FAIL})),
    Action("call_screening", "Gọi sơ tuyển", pipeline.candidate_call_screening, "PRESCREEN_CALL", CallForm,
           frozenset({S.REVIEWED, S.VOLUNTEER_OVERRIDE}), bulk=True, when=_open),
    Action("screening_pass", "Sơ tuyển đạt", pipeline.candidate_screening_pass, "HEALTH_EXAM_RECORD", DatedForm,
           frozenset({S.CALLED_TO_SCREENING}), bulk=True, when=_open),
    Action("screening_fail", "Sơ tuyển không đạt", pipeline.candidate_screening_fail, "HEALTH_EXAM_RECORD",
           NoteForm, frozenset({S.CALLED_TO_SCREENING}), danger=True, when=_open),
    Action("exempt_registration", "Miễn đăng ký (bệnh, tật)", pipeline.candidate_exempt_registration, REVIEW,
           NoteForm, frozenset({S.SCREEN_FAIL}), danger=True, when=_open,
           confirm="Công dân được miễn đăng ký nghĩa vụ quân sự, ra khỏi các đợt tuyển quân sau."),
    Action("nominate", "Bình cử đi khám", pipeline.candidate_nominate, REVIEW, OptionalNoteForm,
           frozenset({S.SCREENED}), bulk=True, when=_open),
    Action("call_exam", "Gọi khám sức khỏe", pipeline.candidate_call_exam, "HEALTH_EXAM_CALL", CallForm,
           frozenset({S.NOMINATED}), bulk=True, when=_open),
    Action("political_start", "Thẩm tra chính trị", pipeline.candidate_start_political_check, REVIEW, DatedForm,
           frozenset({S.FIT}), bulk=True, when=_open),
    Action("political_pass", "Chính trị đạt", pipeline.candidate_political_pass, REVIEW, OptionalNoteForm,
           frozenset({S.POLITICAL_CHECK}), bulk=True,
           when=lambda c: _open(c) and c.political_check == PoliticalCheck.PENDING),
    Action("political_fail", "Chính trị không đạt", pipeline.candidate_political_fail, REVIEW, NoteForm,
           frozenset({S.POLITICAL_CHECK}), danger=True,
           when=lambda c: _open(c) and c.political_check == PoliticalCheck.PENDING),
    Action("shortlist", "Đưa vào danh sách", pipeline.candidate_shortlist, REVIEW, ShortlistForm,
           frozenset({S.POLITICAL_CHECK}), bulk=True,
           when=lambda c: _open(c) and c.political_check == PoliticalCheck.PASS),
    Action("call_order", "Lập quyết định gọi nhập ngũ", calls.candidate_call_order, "CALLUP_ORDER", SignDateForm,
           frozenset({S.DECIDED_BY_PROVINCE}), bulk=True,
           when=lambda c: _open(c) and c.call_decision_id is None),
    Action("deliver", "Đã giao quyết định gọi nhập ngũ", calls.candidate_deliver, EXECUTE, DatedForm,
           frozenset({S.DECIDED_BY_PROVINCE}), bulk=True,
           when=lambda c: _open(c) and c.call_decision_id is not None),
    Action("handover", "Giao quân", calls.candidate_hand_over, EXECUTE, HandoverForm,
           frozenset({S.CALL_DELIVERED}), bulk=True, when=_open),
    Action("recheck_ok", "Phúc tra đạt", calls.candidate_recheck_ok, EXECUTE, OptionalNoteForm,
           frozenset({S.HANDED_OVER}), bulk=True, when=_open),
    Action("return", "Đơn vị trả về", calls.candidate_return, EXECUTE, ReturnForm,
           frozenset({S.HANDED_OVER}), danger=True, when=_open),
    Action("enlist", "Chính thức nhập ngũ", calls.candidate_enlist, EXECUTE, DatedForm,
           frozenset({S.RECHECKED_OK}), bulk=True, when=_open),
    Action("replace", "Bù đổi", calls.candidate_replace, EXECUTE, ReplaceForm,
           frozenset({S.RETURNED}), when=lambda c: _open(c) and c.replaced_by_id is None),
    Action("volunteer", "Tình nguyện nhập ngũ", pipeline.candidate_volunteer, REVIEW, OptionalNoteForm,
           frozenset({S.PROPOSED_DEFERMENT, S.PROPOSED_EXEMPTION, S.DEFERRED, S.EXEMPTED, S.PUBLISHED}),
           when=_open, task=False),
    Action("no_show", "Không có mặt", pipeline.candidate_no_show, EXECUTE, NoteForm, CALLED, danger=True,
           when=_open),
    Action("refused", "Chống, trốn lệnh", pipeline.candidate_refuse, EXECUTE, NoteForm, CALLED, danger=True,
           when=_open, confirm="Ghi nhận công dân chống, trốn lệnh gọi: hồ sơ chuyển xử lý theo pháp luật."),
)  # fmt: skip


def _is(kind: str) -> Any:
    return lambda d: _open_deferment(d) and d.kind == kind


actions.register(
    DefermentDecision,
    Action("decide", "Quyết định tạm hoãn", deferments.deferment_decide, "DEFERMENT_DECIDE", DecideForm,
           frozenset({D.PROPOSED}), when=_is(DefermentKind.DEFERMENT)),
    Action("reject", "Không chấp thuận tạm hoãn", deferments.deferment_reject, "DEFERMENT_DECIDE", NoteForm,
           frozenset({D.PROPOSED}), danger=True, when=_is(DefermentKind.DEFERMENT)),
    Action("decide_exemption", "Quyết định miễn", deferments.deferment_decide, "EXEMPTION_DECIDE", DecideForm,
           frozenset({D.PROPOSED}), when=_is(DefermentKind.EXEMPTION)),
    Action("reject_exemption", "Không chấp thuận miễn", deferments.deferment_reject, "EXEMPTION_DECIDE",
           NoteForm, frozenset({D.PROPOSED}), danger=True, when=_is(DefermentKind.EXEMPTION)),
    Action("publish", "Ghi công khai", deferments.deferment_publish, REVIEW, PublishForm,
           frozenset({D.DECIDED}), when=_open_deferment),
    Action("activate", "Hết thời gian công khai: có hiệu lực", deferments.deferment_activate, REVIEW, DatedForm,
           frozenset({D.PUBLISHED}), when=_open_deferment),
    Action("lapse", "Hết lý do tạm hoãn", deferments.deferment_lapse, REVIEW, NoteForm,
           frozenset({D.ACTIVE}), danger=True, when=_open_deferment),
    Action("renew", "Gia hạn tạm hoãn", deferment_review.deferment_renew, "DEFERMENT_DECIDE", RenewForm,
           frozenset({D.ACTIVE}), when=_is(DefermentKind.DEFERMENT), task=False),  # due ones: review list
    Action("convert", "Chuyển diện tạm hoãn", deferment_review.deferment_convert, "DEFERMENT_DECIDE", ConvertForm,
           frozenset({D.ACTIVE}), when=_is(DefermentKind.DEFERMENT), task=False),
)  # fmt: skip

actions.register(
    Campaign,
    Action("province_list", "Quyết định danh sách gọi nhập ngũ", calls.callup_list_decide, "CALLUP_LIST_DECIDE",
           ProvinceListForm, frozenset({CampaignStatus.OPEN})),
    Action("close", "Kết thúc và khóa số liệu", campaign_services.campaign_close, "CAMPAIGN_ORGANISE",
           OptionalNoteForm, frozenset({CampaignStatus.OPEN}), danger=True,
           confirm="Kết thúc đợt: mọi số liệu của đợt bị khóa, không sửa được nữa."),
    Action("rollover", "Kết chuyển sang năm sau", campaign_services.campaign_rollover, "CAMPAIGN_ORGANISE",
           EmptyForm, frozenset({CampaignStatus.CLOSED}), date_field=None,
           help="Công dân chưa nhập ngũ, còn đủ điều kiện được đưa vào nguồn của đợt năm sau; đợt này không thay đổi."),
)  # fmt: skip
