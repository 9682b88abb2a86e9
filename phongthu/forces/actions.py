"""Status actions offered on the member and reservist pages: a small form per action, each
calling one service. The table decides which actions a record's current status offers."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phongthu.forces import services
from phongthu.forces.choices import (
    MILITIA_TRANSITIONS,
    RESERVIST_TRANSITIONS,
    DefermentGround,
    EarlyReleaseGround,
    ExemptionGround,
    MilitiaStatus,
    ReservistStatus,
    SpecialityMatch,
)
from phongthu.forces.models import MilitiaMember, ReserveAssignment, ReserveUnit, Reservist


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "class": "input"}, format="%Y-%m-%d")


class DecisionForm(forms.Form):
    effective_date = forms.DateField(label=_("Ngày hiệu lực"), required=False, widget=_date_input())
    decision_ref = forms.CharField(label=_("Số quyết định"), max_length=120, required=False)
    reason = forms.CharField(label=_("Lý do, ghi chú"), max_length=500, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "input")


class ExtendForm(DecisionForm):
    months = forms.IntegerField(label=_("Số tháng kéo dài"), min_value=1, max_value=240)
    field_order = ["months", "effective_date", "decision_ref", "reason"]


class EndForm(DecisionForm):
    effective_date = forms.DateField(label=_("Ngày kết thúc"), widget=_date_input())


def ground_form(choices: Any, *, dated: bool = False) -> type[DecisionForm]:
    base: type[DecisionForm] = EndForm if dated else DecisionForm
    attrs = {
        "ground": forms.ChoiceField(label=_("Lý do"), choices=choices.choices),
        "field_order": ["ground", "effective_date", "decision_ref", "reason"],
    }
    return type(f"{choices.__name__}Form", (base,), attrs)


class RemoveForm(DecisionForm):
    reason = forms.CharField(label=_("Lý do (hết tuổi, chết, …)"), max_length=500)


class AssignForm(forms.Form):
    reserve_unit = forms.ModelChoiceField(label=_("Đơn vị DBĐV"), queryset=ReserveUnit.objects.none())
    post = forms.CharField(label=_("Chức danh biên chế"), max_length=150)
    post_speciality_code = forms.CharField(label=_("Mã CNQS của chức danh"), max_length=20, required=False)
    speciality_match = forms.ChoiceField(label=_("Phù hợp chuyên nghiệp quân sự"), choices=SpecialityMatch.choices)
    assigned_date = forms.DateField(label=_("Ngày sắp xếp"), widget=_date_input())
    decision_ref = forms.CharField(label=_("Số quyết định"), max_length=120, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reserve_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ReserveUnit.objects.restrict(user, "add")
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "input")


@dataclass(frozen=True)
class Action:
    name: str
    label: Any
    to: str
    form: Callable[..., forms.Form]
    run: Callable[[Any, dict[str, Any], Any], Any]
    danger: bool = False


def _common(data: dict[str, Any]) -> dict[str, Any]:
    return {"decision_ref": data.get("decision_ref", ""), "reason": data.get("reason", "")}


def _day(data: dict[str, Any]) -> datetime.date | None:
    value = data.get("effective_date")
    return value if isinstance(value, datetime.date) else None


MILITIA_ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "start",
            _("Bắt đầu thực hiện nghĩa vụ"),
            MilitiaStatus.SERVING,
            DecisionForm,
            lambda m, d, u: services.start_militia_service(member=m, actor=u, effective_date=_day(d), **_common(d)),
        ),
        Action(
            "extend",
            _("Kéo dài thời hạn"),
            MilitiaStatus.EXTENDED,
            ExtendForm,
            lambda m, d, u: services.extend_militia_term(
                member=m, months=d["months"], actor=u, effective_date=_day(d), **_common(d)
            ),
        ),
        Action(
            "complete",
            _("Hoàn thành nghĩa vụ"),
            MilitiaStatus.COMPLETED,
            EndForm,
            lambda m, d, u: services.complete_militia_service(
                member=m, end_date=d["effective_date"], actor=u, **_common(d)
            ),
        ),
        Action(
            "release",
            _("Thôi thực hiện nghĩa vụ trước thời hạn"),
            MilitiaStatus.RELEASED_EARLY,
            ground_form(EarlyReleaseGround, dated=True),
            lambda m, d, u: services.release_militia_early(
                member=m, ground=d["ground"], end_date=d["effective_date"], actor=u, **_common(d)
            ),
            danger=True,
        ),
        Action(
            "defer",
            _("Tạm hoãn"),
            MilitiaStatus.DEFERRED,
            ground_form(DefermentGround),
            lambda m, d, u: services.defer_militia(
                member=m, ground=d["ground"], actor=u, effective_date=_day(d), **_common(d)
            ),
        ),
        Action(
            "resume",
            _("Hết tạm hoãn"),
            MilitiaStatus.SELECTED,
            DecisionForm,
            lambda m, d, u: services.end_militia_deferment(member=m, actor=u, effective_date=_day(d), **_common(d)),
        ),
        Action(
            "exempt",
            _("Miễn"),
            MilitiaStatus.EXEMPTED,
            ground_form(ExemptionGround),
            lambda m, d, u: services.exempt_militia(
                member=m, ground=d["ground"], actor=u, effective_date=_day(d), **_common(d)
            ),
            danger=True,
        ),
    )
}


def _release(r: Reservist, d: dict[str, Any], u: Any) -> Any:
    current = ReserveAssignment.objects.filter(reservist=r, released_date__isnull=True).first()
    if current is None:
        from django.core.exceptions import ValidationError

        raise ValidationError(_("Quân nhân không ở đơn vị DBĐV nào."))
    return services.release_reservist(assignment=current, released_date=d["effective_date"], actor=u, **_common(d))


RESERVIST_ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "assign",
            _("Sắp xếp vào đơn vị DBĐV"),
            ReservistStatus.ASSIGNED_TO_UNIT,
            AssignForm,
            lambda r, d, u: services.assign_reservist(
                reservist=r,
                reserve_unit=d["reserve_unit"],
                post=d["post"],
                post_speciality_code=d["post_speciality_code"],
                speciality_match=d["speciality_match"],
                assigned_date=d["assigned_date"],
                decision_ref=d["decision_ref"],
                actor=u,
            ),
        ),
        Action("release", _("Ra khỏi đơn vị DBĐV"), ReservistStatus.RELEASED_FROM_UNIT, EndForm, _release),
        Action(
            "remove",
            _("Đưa ra khỏi danh sách"),
            ReservistStatus.REMOVED,
            RemoveForm,
            lambda r, d, u: services.remove_reservist(
                reservist=r, actor=u, effective_date=_day(d), reason=d["reason"], decision_ref=d["decision_ref"]
            ),
            danger=True,
        ),
    )
}


def available(obj: MilitiaMember | Reservist, user: Any) -> list[tuple[Action, forms.Form]]:
    """Actions the record's status allows, each with an unbound form (empty if the user may not change it)."""
    model = type(obj)
    if not model._default_manager.restrict(user, "change").filter(pk=obj.pk).exists():
        return []
    if isinstance(obj, MilitiaMember):
        table, allowed = MILITIA_ACTIONS, MILITIA_TRANSITIONS
    else:
        table, allowed = RESERVIST_ACTIONS, RESERVIST_TRANSITIONS
    nxt = allowed.get(obj.status, frozenset())
    return [(a, a.form(prefix=a.name, user=user)) for a in table.values() if a.to in nxt]
