"""One way to act on a record: declared actions, offered and performed the same way everywhere.

An app declares, per model, the actions a record offers:

    actions.register(
        Candidate,
        actions.Action(
            name="review", label="Xét duyệt cấp xã", service=candidate_review,
            authority="CANDIDATE_REVIEW", form=DatedForm, states={S.IN_SOURCE_POOL}, bulk=True,
        ),
    )

The record page (`core/_actions.html`), the HTML endpoint `/r/<app>/<model>/<pk>/actions/<name>/`
and the API `POST /api/v1/<app>/<model>/<pk>/actions/<name>/` all call `perform()`: it
validates the form, checks the state, the reach (`scoping`) and the authority (`authority`),
then calls the service inside one transaction. `offered()` lists only what this user may do
to this record now, so no button leads to a refusal.
"""

from __future__ import annotations

import contextvars
import datetime
import inspect
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongthu.core import audit, authority, pickers, scoping
from phongthu.core.authority import Accept, OfficeAnswer
from phongthu.core.models import restricted
from phongthu.core.types import Actor


class ActionForm(forms.Form):
    """Base for action forms: knows the user and the record (to scope choices)."""

    def __init__(
        self, *args: Any, user: Actor | None = None, record: models.Model | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.record = record
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "input")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        pickers.check_dates(self)  # a picked unit must be in force on the step's date
        return cleaned


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "class": "input"}, format="%Y-%m-%d")


class DatedForm(ActionForm):
    """The common case: the date the step happened (it decides the legal regime)."""

    on = forms.DateField(label=_("Ngày"), widget=date_input())


class EmptyForm(ActionForm):
    pass


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    service: Callable[..., Any]
    authority: str
    form: type[ActionForm] = EmptyForm
    states: frozenset[str] | None = None  # None: offered in any state
    state_field: str = "status"
    when: Callable[[Any], bool] | None = None
    confirm: str = ""  # asked before an irreversible step
    danger: bool = False
    bulk: bool = False
    date_field: str | None = "on"  # the cleaned field that dates the step (legal regime)
    title: Callable[[Any], str | None] | None = None  # AWARD_DECIDE: the title being granted
    unit: Callable[[Any], int | None] | None = None  # default: the record's own unit
    help: str = ""
    reach: str = scoping.CHANGE  # the scope action the user needs on the record (APPROVE for a council)
    office: Callable[[Any, OfficeAnswer], bool] | None = None  # the one office the record names
    # Is the step work waiting for someone ("Việc chờ tôi xử lý")? True: in every state it applies
    # to; a set: only in those states; False: a tool the record offers (moving away, volunteering),
    # never a task — else every registered file would "wait" for a move-out.
    task: bool | frozenset[str] = True
    model: type[models.Model] | None = field(default=None, compare=False)

    def unit_id(self, obj: models.Model) -> int | None:
        return self.unit(obj) if self.unit is not None else audit._unit_id(obj)

    def title_of(self, obj: models.Model) -> str | None:
        return self.title(obj) if self.title is not None else None

    def accept(self, obj: models.Model) -> Accept | None:
        """Which of the offices that may perform the step this record is addressed to."""
        office = self.office
        if office is None:
            return None
        return lambda answer: office(obj, answer)

    def waits(self, obj: models.Model) -> bool:
        """Does this record wait for the step (it is the record's next task, not just a tool)?"""
        if isinstance(self.task, bool):
            return self.task
        return str(getattr(obj, self.state_field, "")) in self.task

    def applies(self, obj: models.Model) -> bool:
        if self.states is not None and str(getattr(obj, self.state_field, "")) not in self.states:
            return False
        return self.when is None or bool(self.when(obj))


_registry: dict[type[models.Model], dict[str, Action]] = {}
_performing: contextvars.ContextVar[authority.OfficeAnswer | None] = contextvars.ContextVar(
    "phongthu_performing", default=None
)


def register(model: type[models.Model], *items: Action) -> None:
    table = _registry.setdefault(model, {})
    for item in items:
        if item.authority not in {c.code for c in authority.codes()}:
            raise ValueError(f"{model.__name__}.{item.name}: undefined authority {item.authority!r}")
        # Labels are declared in Vietnamese and shown in the reader's language (locale/en).
        label = _(item.label) if isinstance(item.label, str) else item.label
        confirm = _(item.confirm) if isinstance(item.confirm, str) and item.confirm else item.confirm
        help_ = _(item.help) if isinstance(item.help, str) and item.help else item.help
        table[item.name] = Action(
            **{**item.__dict__, "label": label, "confirm": confirm, "help": help_, "model": model}
        )


def for_model(model: type[models.Model]) -> list[Action]:
    return list(_registry.get(model, {}).values())


def get(model: type[models.Model], name: str) -> Action | None:
    return _registry.get(model, {}).get(name)


def models_with_actions() -> list[type[models.Model]]:
    return list(_registry)


def _reachable(obj: models.Model, user: Actor, reach: str = scoping.CHANGE) -> bool:
    return restricted(type(obj), user, reach).filter(pk=obj.pk).exists()


def _office(action: Action, obj: models.Model, user: Actor, day: datetime.date) -> OfficeAnswer | None:
    """The office this user performs `action` for on this record on `day`, or None."""
    unit_id = action.unit_id(obj)
    if unit_id is None:
        return None
    try:
        return authority.performing_office(
            user, action.authority, unit_id, day, action.title_of(obj), action.accept(obj)
        )
    except authority.AuthorityQueryError:
        return None


def _reaches(obj: models.Model, user: Actor, action: Action, office: OfficeAnswer | None) -> bool:
    """The step's reach on the record: the user's own grant of `action.reach`, or — acting for the
    office — the subtree its recording assignment covers (a council's step, `scoping.acting`)."""
    with authority.acting_for(office):
        return _reachable(obj, user, action.reach)


def offered(obj: models.Model, user: Actor, *, on: datetime.date | None = None) -> list[Action]:
    """The actions this user may take on this record in its current state."""
    day = on or timezone.localdate()
    out: list[Action] = []
    reach: dict[tuple[str, frozenset[str], int | None], bool] = {}
    for a in for_model(type(obj)):
        if not a.applies(obj):
            continue
        office = _office(a, obj, user, day)
        if office is None:
            continue
        key = (a.reach, office.recording_roles(), office.unit.id if office.unit else None)
        if key not in reach:
            reach[key] = _reaches(obj, user, a, office)
        if reach[key]:
            out.append(a)
    return out


def recording_roles_held(user: Actor) -> frozenset[str]:
    """The roles named by authority rows (not a level's staff) that this user records with
    somewhere: a council member's steps, which its role's scope actions alone would not show."""
    named: set[str] = set()
    for c in authority.codes():
        named |= authority.named_roles(c.code)
    if not named or user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(scoping.recording(user, frozenset(named)).values_list("role", flat=True).distinct())


def withheld(obj: models.Model, user: Actor, *, on: datetime.date | None = None) -> list[tuple[Action, str]]:
    """Steps valid for the record's state that this user may not take, with who may (why a button is missing)."""
    day = on or timezone.localdate()
    shown = {a.name for a in offered(obj, user, on=day)}
    out: list[tuple[Action, str]] = []
    for a in for_model(type(obj)):
        unit_id = a.unit_id(obj)
        if a.name in shown or not a.applies(obj) or unit_id is None:
            continue
        try:
            out.append((a, authority.refusal(a.authority, unit_id, day, a.title_of(obj), a.accept(obj))))
        except authority.AuthorityQueryError:
            continue
    return out


def state_label(obj: models.Model, action: Action) -> str:
    getter = getattr(obj, f"get_{action.state_field}_display", None)
    return str(getter()) if callable(getter) else str(getattr(obj, action.state_field, ""))


def bind(action: Action, obj: models.Model, user: Actor, data: Any = None, *, prefix: str | None = None) -> ActionForm:
    return action.form(data=data, user=user, record=obj, prefix=prefix)


def form_errors(form: forms.Form) -> ValidationError:
    """Form errors keyed by field name, each message prefixed with the field's label."""
    errors: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        errors[name] = [f"{label}: {m}" if label else str(m) for m in messages]
    return ValidationError(errors)


def current_office() -> authority.OfficeAnswer | None:
    """Inside `perform()`: the office the actor acts for (services stamp the signer from it)."""
    return _performing.get()


@contextmanager
def _acting_for(office: authority.OfficeAnswer) -> Iterator[None]:
    token = _performing.set(office)
    try:
        yield
    finally:
        _performing.reset(token)


def _accepts_office(service: Callable[..., Any]) -> bool:
    try:
        return "office" in inspect.signature(service).parameters
    except (TypeError, ValueError):
        return False


def perform(action: Action, obj: models.Model, user: Actor, data: Any) -> Any:
    """Validate, check state, reach and authority, then run the service: all or nothing."""
    form = bind(action, obj, user, data)
    if not form.is_valid():
        raise form_errors(form)
    if action.confirm and str((data or {}).get("confirmed", "")).lower() not in {"1", "true", "on", "yes"}:
        raise ValidationError({"confirmed": [f"{action.confirm} {_('Đánh dấu xác nhận để tiếp tục.')}"]})
    cleaned = dict(form.cleaned_data)
    day = cleaned.get(action.date_field) if action.date_field else None
    if not isinstance(day, datetime.date):
        day = timezone.localdate()
    with transaction.atomic():
        model = type(obj)
        fresh = model._default_manager.select_for_update().filter(pk=obj.pk).first()
        office = _office(action, fresh, user, day) if fresh is not None else None
        # A user who reads the record but may not take the step is told who may (below).
        if fresh is None or not (
            _reaches(fresh, user, action, office) or (office is None and _reachable(fresh, user, scoping.VIEW))
        ):
            raise PermissionDenied(_("Bản ghi nằm ngoài phạm vi đơn vị được giao cho bạn."))
        if not action.applies(fresh):
            raise ValidationError(
                _("Không thể “%(a)s” khi hồ sơ đang ở trạng thái “%(s)s”.")
                % {"a": action.label, "s": state_label(fresh, action)},
                code="state",
            )
        office = authority.require(
            user, action.authority, action.unit_id(fresh), day, action.title_of(fresh), action.accept(fresh)
        )
        kwargs = {**cleaned}
        if _accepts_office(action.service):
            kwargs["office"] = office
        with _acting_for(office), authority.acting_for(office):
            return action.service(fresh, actor=user, **kwargs)


def perform_many(action: Action, objs: Iterable[models.Model], user: Actor, data: Any) -> tuple[int, list[str]]:
    """A batch: each record on its own (one refusal does not undo the others), errors named."""
    done, errors = 0, []
    for obj in objs:
        try:
            perform(action, obj, user, data)
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            errors.append(f"{obj}: {text}")
    return done, errors


def error_text(exc: ValidationError | PermissionDenied) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
