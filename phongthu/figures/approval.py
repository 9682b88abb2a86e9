"""Submission and approval of a unit's figures for a period, bottom-up, as `core.actions`.

The unit submits (FIGURES_SUBMIT at the unit); the level above approves, returns with a reason
or unlocks with a reason (FIGURES_APPROVE / _RETURN / _UNLOCK at `services.approver_unit`).
A level approves only after all its reporting units below are approved. Approval freezes the
period: counted values are snapshotted into the row, entered values refuse changes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongthu.core import actions
from phongthu.core.periods import Period
from phongthu.core.transitions import transition
from phongthu.figures import registry, services
from phongthu.figures.models import Approval, ApprovalState, EnteredValue
from phongthu.figures.registry import Source
from phongthu.figures.selectors import MIXED_KEY, _Reader, sub_units
from phongthu.units.models import Unit

St = ApprovalState
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    St.OPEN: {St.SUBMITTED},
    St.RETURNED: {St.SUBMITTED},
    St.SUBMITTED: {St.APPROVED, St.RETURNED},
    St.APPROVED: {St.OPEN},
}


class ReasonForm(actions.ActionForm):
    reason = forms.CharField(label=gettext_lazy("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))


def approval_row(unit: Unit, period: Period) -> Approval:
    row = Approval.objects.filter(unit=unit, period=period.code).first()
    if row is None:
        row = Approval(unit=unit)
        row.set_period(period)
        row.save()
    return row


def _approver_id(row: Any) -> int | None:
    above = services.approver_unit(row.unit, row.period_obj)
    return above.pk if above is not None else None


def _reporting_kids(row: Approval) -> list[Unit]:
    return [k for k in sub_units(row.unit, row.period_obj) if k.level in services.REPORTING_LEVELS]


def submit(row: Approval, *, actor: Any) -> Approval:
    errors = services.check_rules(entered_values(row))
    if errors:
        raise ValidationError(errors)
    transition(
        row,
        St.SUBMITTED,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        field="state",
        authority="FIGURES_SUBMIT",
        extra={"submitted_at": timezone.now(), "reason": ""},
    )
    return row


def approve(row: Approval, *, actor: Any) -> Approval:
    states = dict(
        Approval.objects.filter(unit__in=_reporting_kids(row), period=row.period).values_list("unit_id", "state")
    )
    waiting = [k.name for k in _reporting_kids(row) if states.get(k.pk) != St.APPROVED]
    if waiting:
        raise ValidationError(
            _("Chưa thể duyệt: các đơn vị trực thuộc chưa được duyệt số liệu %(p)s: %(u)s.")
            % {"p": row.period_obj.label, "u": ", ".join(waiting)}
        )
    transition(
        row,
        St.APPROVED,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        field="state",
        authority="FIGURES_APPROVE",
        extra={"decided_at": timezone.now(), "snapshot": frozen_values(row.unit, row.period_obj)},
    )
    return row


def return_(row: Approval, *, actor: Any, reason: str) -> Approval:
    transition(
        row,
        St.RETURNED,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        field="state",
        authority="FIGURES_RETURN",
        reason=reason,
        extra={"reason": reason, "decided_at": timezone.now()},
    )
    return row


def unlock(row: Approval, *, actor: Any, reason: str) -> Approval:
    transition(
        row,
        St.OPEN,
        actor=actor,
        allowed=ALLOWED_TRANSITIONS,
        field="state",
        authority="FIGURES_UNLOCK",
        reason=reason,
        extra={"reason": reason, "snapshot": {}},
    )
    return row


def frozen_values(unit: Unit, period: Period) -> dict[str, Any]:
    """The counted (and mixed) values of the period as approved (a later record does not change
    them); `MIXED_KEY` lists the mixed ones."""
    reader = _Reader(None)
    counted = [ind for ind in registry.all_indicators() if ind.counted is not None]
    reader.prefetch(counted, [unit.pk], period)
    out: dict[str, Any] = {}
    for ind in counted:
        value = reader.value(ind, unit.pk, period)
        if value.source in (Source.COUNTED, Source.MIXED) and value.value is not None:
            out[ind.code] = _canonical(value.value)
            if value.source is Source.MIXED:
                out.setdefault(MIXED_KEY, []).append(ind.code)
    return out


def _canonical(value: Any) -> str:
    """One text per number whatever the database (PostgreSQL sums give 4.00, SQLite 4)."""
    number = Decimal(value)
    return str(int(number)) if number == number.to_integral_value() else str(number.normalize())


def entered_values(row: Approval) -> dict[str, Any]:
    return dict(
        EnteredValue.objects.filter(unit_id=row.unit_id, period=row.period, option="").values_list("indicator", "value")
    )


actions.register(
    Approval,
    actions.Action(
        "submit",
        "Gửi báo cáo số liệu",
        submit,
        "FIGURES_SUBMIT",
        states=frozenset({St.OPEN, St.RETURNED}),
        state_field="state",
        date_field=None,
    ),
    actions.Action(
        "approve",
        "Duyệt số liệu",
        approve,
        "FIGURES_APPROVE",
        states=frozenset({St.SUBMITTED}),
        state_field="state",
        date_field=None,
        unit=_approver_id,
    ),
    actions.Action(
        "return",
        "Trả lại để sửa",
        return_,
        "FIGURES_RETURN",
        form=ReasonForm,
        states=frozenset({St.SUBMITTED}),
        state_field="state",
        date_field=None,
        unit=_approver_id,
    ),
    actions.Action(
        "unlock",
        "Mở khóa số liệu đã duyệt",
        unlock,
        "FIGURES_UNLOCK",
        form=ReasonForm,
        states=frozenset({St.APPROVED}),
        state_field="state",
        date_field=None,
        unit=_approver_id,
        danger=True,
    ),
)


def act(name: str, unit: Unit, period: Period, user: Any, data: Any = None) -> Approval:
    """Perform one step (screens and API alike): state, reach, authority, then the service."""
    action = actions.get(Approval, name)
    if action is None:
        raise ValidationError({"action": [_("Không có thao tác “%(a)s”.") % {"a": name}]})
    row = approval_row(unit, period)
    result = actions.perform(action, row, user, data or {})
    assert isinstance(result, Approval)
    return result


@dataclass(frozen=True)
class Board:
    """Completeness for the level above: "14/15 xã đã báo cáo, 12 đã duyệt"."""

    rows: list[tuple[Unit, str]]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def reported(self) -> int:
        return sum(1 for _u, s in self.rows if s in (St.SUBMITTED, St.APPROVED))

    @property
    def approved(self) -> int:
        return sum(1 for _u, s in self.rows if s == St.APPROVED)

    @property
    def missing(self) -> list[Unit]:
        return [u for u, s in self.rows if s not in (St.SUBMITTED, St.APPROVED)]

    @property
    def summary(self) -> str:
        text = _("%(r)s/%(t)s đơn vị đã báo cáo, %(a)s đã duyệt") % {
            "r": self.reported,
            "t": self.total,
            "a": self.approved,
        }
        if self.missing:
            text += _("; chưa báo cáo: %(u)s") % {"u": ", ".join(u.name for u in self.missing)}
        return text


def status_board(unit: Unit, period: Period) -> Board:
    kids = [k for k in sub_units(unit, period) if k.level in services.REPORTING_LEVELS]
    states = dict(Approval.objects.filter(unit__in=kids, period=period.code).values_list("unit_id", "state"))
    return Board([(k, str(states.get(k.pk, St.OPEN))) for k in kids])
