"""The steps a militia member (SM-4) and a reservist (SM-5) offer, declared on `core.actions`:
each names its service, its form, its row of the authority table and the states it applies to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phongthu.core import actions, pickers, scoping
from phongthu.core.actions import ActionForm, date_input
from phongthu.forces import authority as _authority  # noqa: F401  (its rows first)
from phongthu.forces import services
from phongthu.forces.choices import (
    DefermentGround,
    EarlyReleaseGround,
    ExemptionGround,
    MilitiaStatus,
    ReservistStatus,
    SpecialityMatch,
)
from phongthu.forces.models import MilitiaMember, ReserveUnit, Reservist

M = MilitiaStatus
R = ReservistStatus


class DecisionForm(ActionForm):
    """A step with an optional date (default: the start of the term, or today) and decision number."""

    on = forms.DateField(label=_("Ngày hiệu lực"), required=False, widget=date_input())
    decision_ref = forms.CharField(label=_("Số quyết định"), max_length=120, required=False)
    reason = forms.CharField(label=_("Lý do, ghi chú"), max_length=500, required=False)


class EndForm(DecisionForm):
    on = forms.DateField(label=_("Ngày kết thúc"), widget=date_input())


class ExtendForm(DecisionForm):
    months = forms.IntegerField(label=_("Số tháng kéo dài"), min_value=1, max_value=240)
    field_order = ["months", "on", "decision_ref", "reason"]


def _ground(choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Lý do"), choices=choices.choices)


class DeferForm(DecisionForm):
    ground = _ground(DefermentGround)
    field_order = ["ground", "on", "decision_ref", "reason"]


class ExemptForm(DecisionForm):
    ground = _ground(ExemptionGround)
    field_order = ["ground", "on", "decision_ref", "reason"]


class ReleaseForm(EndForm):
    ground = _ground(EarlyReleaseGround)
    field_order = ["ground", "on", "decision_ref", "reason"]


class RemoveForm(DecisionForm):
    reason = forms.CharField(label=_("Lý do (hết tuổi, chết, …)"), max_length=500)


class AssignForm(ActionForm):
    reserve_unit = forms.ModelChoiceField(label=_("Đơn vị DBĐV"), queryset=ReserveUnit.objects.none())
    post = forms.CharField(label=_("Chức danh biên chế"), max_length=150)
    post_speciality_code = forms.CharField(label=_("Mã CNQS của chức danh"), max_length=20, required=False)
    speciality_match = forms.ChoiceField(label=_("Phù hợp chuyên nghiệp quân sự"), choices=SpecialityMatch.choices)
    on = forms.DateField(label=_("Ngày sắp xếp"), widget=date_input())
    decision_ref = forms.CharField(label=_("Số quyết định"), max_length=120, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reserve_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ReserveUnit.objects.restrict(self.user, scoping.ADD)
        pickers.use(self, "reserve_unit", action=scoping.ADD)


actions.register(
    MilitiaMember,
    actions.Action(
        name="start",
        label="Bắt đầu thực hiện nghĩa vụ",
        service=services.militia_member_start,
        authority="MILITIA_RECORD",
        form=DecisionForm,
        states=frozenset({M.SELECTED}),
    ),
    actions.Action(
        name="extend",
        label="Kéo dài thời hạn",
        service=services.militia_member_extend,
        authority="MILITIA_TERM_EXTEND",
        form=ExtendForm,
        states=frozenset({M.SERVING}),
        task=False,  # a tool, not work waiting
    ),
    actions.Action(
        name="complete",
        label="Hoàn thành nghĩa vụ",
        service=services.militia_member_complete,
        authority="MILITIA_RECORD",
        form=EndForm,
        states=frozenset({M.SERVING, M.EXTENDED}),
        confirm="Hoàn thành nghĩa vụ là bước cuối, không hoàn tác được.",
        task=False,  # a tool, not work waiting
    ),
    actions.Action(
        name="release",
        label="Thôi thực hiện nghĩa vụ trước thời hạn",
        service=services.militia_member_release,
        authority="MILITIA_RECORD",
        form=ReleaseForm,
        states=frozenset({M.SERVING, M.EXTENDED}),
        danger=True,
        confirm="Thôi thực hiện nghĩa vụ là bước cuối, không hoàn tác được.",
    ),
    actions.Action(
        name="defer",
        label="Tạm hoãn",
        service=services.militia_member_defer,
        authority="MILITIA_RECORD",
        form=DeferForm,
        states=frozenset({M.SELECTED}),
    ),
    actions.Action(
        name="resume",
        label="Hết tạm hoãn",
        service=services.militia_member_resume,
        authority="MILITIA_RECORD",
        form=DecisionForm,
        states=frozenset({M.DEFERRED}),
    ),
    actions.Action(
        name="exempt",
        label="Miễn",
        service=services.militia_member_exempt,
        authority="MILITIA_RECORD",
        form=ExemptForm,
        states=frozenset({M.SELECTED, M.DEFERRED}),
        danger=True,
        confirm="Miễn là bước cuối, không hoàn tác được.",
    ),
)

actions.register(
    Reservist,
    actions.Action(
        name="assign",
        label="Sắp xếp vào đơn vị DBĐV",
        service=services.reservist_assign,
        authority="RESERVE_RECORD",
        form=AssignForm,
        states=frozenset({R.REGISTERED, R.RELEASED_FROM_UNIT}),
    ),
    actions.Action(
        name="release",
        label="Ra khỏi đơn vị DBĐV",
        service=services.reservist_release,
        authority="RESERVE_RECORD",
        form=EndForm,
        states=frozenset({R.ASSIGNED_TO_UNIT}),
        task=False,  # a tool, not work waiting
    ),
    actions.Action(
        name="remove",
        label="Đưa ra khỏi danh sách",
        service=services.reservist_remove,
        authority="RESERVE_RECORD",
        form=RemoveForm,
        states=frozenset({R.REGISTERED, R.RELEASED_FROM_UNIT}),
        danger=True,
        confirm="Đưa ra khỏi danh sách (giải ngạch) là bước cuối, không hoàn tác được.",
    ),
)
