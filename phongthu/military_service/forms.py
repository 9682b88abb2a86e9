"""Forms of the registration procedures, one per declared action (`military_service/actions.py`).

Each form's cleaned fields are the keyword arguments of its service; `on` is the day the step
was carried out, which also decides the legal regime of the authority check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongthu.core import pickers, scoping
from phongthu.core.actions import ActionForm, date_input
from phongthu.military_service.choices import Channel, LegalStatus, RemovalReason, ReserveGrade
from phongthu.people.choices import Studying, TrainingLevel
from phongthu.units.models import Unit
from phongthu.units.pickers import communes


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=date_input(), **kwargs)


def _on(label: Any = None) -> forms.DateField:
    """The day the step was carried out (today unless entered late); it decides the legal regime."""
    return _date(label or _("Ngày thực hiện"), initial=timezone.localdate)


class ProcedureForm(ActionForm):
    on = _on()
    channel = forms.ChoiceField(label=_("Hình thức"), choices=Channel.choices, initial=Channel.IN_PERSON)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.BooleanField):
                field.widget.attrs["class"] = "checkbox"


class DatedNoteForm(ActionForm):
    """A step with only its date and a note (cancel a move-out, end of an Art. 13 measure)."""

    on = _on()
    note = forms.CharField(label=_("Ghi chú"), required=False)


class RegisterFirstForm(ProcedureForm):
    certificate_no = forms.CharField(label=_("Số giấy chứng nhận đăng ký"), max_length=30, required=False)
    decision_ref = forms.CharField(label=_("Số quyết định gọi đăng ký"), max_length=120, required=False)
    female_profession = forms.BooleanField(
        label=_("Công dân nữ có ngành, nghề phù hợp (Nghị định 14/2016)"), required=False
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MoveOutForm(ProcedureForm):
    to_unit = forms.ModelChoiceField(
        label=_("Xã, phường chuyển đến (trong hệ thống)"), queryset=Unit.objects.none(), required=False
    )
    destination = forms.CharField(label=_("Nơi đến (nếu ngoài tỉnh)"), max_length=255, required=False)
    decision_ref = forms.CharField(label=_("Giấy tờ kèm theo"), max_length=120, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        # Any commune may receive the person (the destination is not the actor's reach): searched
        # by name, in force on the move's date (core.pickers.check_dates).
        field.queryset = communes(self.user, scoping.VIEW)
        pickers.use(self, "to_unit", action=scoping.VIEW, date_field="on", choices="communes")


class MoveInForm(ProcedureForm):
    arrival_date = _date(_("Ngày đến nơi ở mới"))
    decision_ref = forms.CharField(label=_("Giấy tờ kèm theo"), max_length=120, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class AbsenceForm(ProcedureForm):
    leave_date = _date(_("Ngày đi"))
    expected_return = _date(_("Dự kiến trở về"))
    destination = forms.CharField(label=_("Nơi đến"), max_length=255)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class ReturnForm(ProcedureForm):
    return_date = _date(_("Ngày trở về"))
    note = forms.CharField(label=_("Ghi chú"), required=False)


class SupplementForm(ProcedureForm):
    change_date = _date(_("Ngày có thay đổi"))
    education_grade = forms.IntegerField(label=_("Trình độ văn hóa (lớp)"), min_value=0, max_value=12, required=False)
    training_level = forms.ChoiceField(label=_("Trình độ đào tạo"), choices=TrainingLevel.choices, required=False)
    studying = forms.ChoiceField(label=_("Đang học"), choices=Studying.choices, required=False)
    occupation = forms.CharField(label=_("Nghề nghiệp"), max_length=120, required=False)
    workplace = forms.CharField(label=_("Nơi làm việc, học tập"), max_length=255, required=False)
    note = forms.CharField(label=_("Nội dung thay đổi khác"), required=False)

    PERSON_FIELDS = ("education_grade", "training_level", "studying", "occupation", "workplace")

    def clean(self) -> dict[str, Any]:
        """The service takes the changed person fields as one mapping (only those filled in)."""
        cleaned = super().clean() or {}
        changes = {}
        for name in self.PERSON_FIELDS:
            value = cleaned.pop(name, None)
            if value not in (None, ""):
                changes[name] = value
        cleaned["person_changes"] = changes
        return cleaned


class RemoveForm(ActionForm):
    on = _on(_("Ngày quyết định"))
    reason = forms.ChoiceField(label=_("Lý do"), choices=RemovalReason.choices)
    decision_ref = forms.CharField(label=_("Số quyết định"), max_length=120, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class BarForm(ActionForm):
    on = _on(_("Ngày ghi nhận"))
    legal_status = forms.ChoiceField(label=_("Trường hợp (Điều 13)"), choices=LegalStatus.choices[1:])
    decision_ref = forms.CharField(label=_("Số văn bản"), max_length=120, required=False)


class ExemptForm(ActionForm):
    on = _on(_("Ngày ghi nhận"))
    evidence = forms.CharField(label=_("Căn cứ (kết luận y tế, giấy tờ)"), max_length=255)
    decision_ref = forms.CharField(label=_("Số văn bản"), max_length=120, required=False)


class ReserveForm(ProcedureForm):
    return_date = _date(_("Ngày trở về địa phương"))
    reserve_grade = forms.TypedChoiceField(label=_("Hạng dự bị"), choices=ReserveGrade.choices, coerce=int)
    rank = forms.CharField(label=_("Cấp bậc"), max_length=60, required=False)
    military_speciality = forms.CharField(label=_("Chuyên nghiệp quân sự"), max_length=120, required=False)
    decision_ref = forms.CharField(label=_("Số quyết định xuất ngũ"), max_length=120, required=False)
