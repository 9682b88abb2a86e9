"""Status changes, written once: the allowed-transition table, a row lock, the authority check,
the change, and a typed history row with who, when, why and the legal ground — one transaction.

Domain apps declare `ALLOWED_TRANSITIONS = {from: {to, ...}}` in their choices.py and call
`transition(obj, to, actor=..., ...)` from their services; `status` is never a form field.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from phongthu.core import audit, scoping
from phongthu.core.actions import current_office
from phongthu.core.audit import snapshot
from phongthu.core.authority import acting_for, require
from phongthu.core.context import reason as reason_context
from phongthu.core.models import ObjectChange, StatusChange, restricted
from phongthu.core.types import Actor


class TransitionError(ValidationError):
    pass


def transition(
    obj: models.Model,
    to: str,
    *,
    actor: Actor,
    allowed: Mapping[str, set[str] | frozenset[str]],
    field: str = "status",
    reason: str = "",
    legal_ground: str = "",
    decision_ref: str = "",
    effective_date: datetime.date | None = None,
    extra: Mapping[str, Any] | None = None,
    action: str = scoping.CHANGE,
    authority: str,
    authority_title: str | None = None,
) -> models.Model:
    """Move `obj` to status `to`; refuses transitions the table does not allow.

    `authority` names the row of the authority table that performs this step: the actor must
    act for that office on the record's unit at `effective_date` (checked here, whoever calls:
    an action, an import, a command or a job). `extra` sets other fields in the same write.
    """
    model = type(obj)
    with transaction.atomic(), reason_context(reason), ExitStack() as stack:
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        office = current_office()
        if office is None or office.rule.action != authority:
            office = require(actor, authority, audit._unit_id(locked), effective_date, authority_title)
        # The step's writes reach what the office's recording assignment covers (a council's step).
        stack.enter_context(acting_for(office))
        scoping.assert_in_scope(locked, actor, action)
        current = getattr(locked, field)
        if to not in allowed.get(current, set()):
            raise TransitionError(
                _("Không thể chuyển từ trạng thái “%(a)s” sang “%(b)s”.")
                % {"a": _label(locked, field, current), "b": _label(locked, field, to)},
                code="transition",
            )
        before = snapshot(locked)
        setattr(locked, field, to)
        for key, value in (extra or {}).items():
            setattr(locked, key, value)
        locked.full_clean()
        # Signals would log a plain update; a transition is logged as its own kind of change.
        model._default_manager.filter(pk=locked.pk).update(
            **{field: to, **{k: getattr(locked, k) for k in (extra or {})}}
        )
        if not restricted(model, actor, action).filter(pk=locked.pk).exists():
            raise PermissionDenied("Bản ghi nằm ngoài phạm vi đơn vị được giao cho bạn.")
        unit_id = audit._unit_id(locked)
        user_ok = actor is not None and getattr(actor, "is_authenticated", False)
        StatusChange.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(locked.pk),
            field=field,
            from_status=current or "",
            to_status=to,
            effective_date=effective_date,
            actor_id=actor.pk if user_ok else None,
            actor_name=actor.get_username() if user_ok else "",
            reason=reason[:500],
            legal_ground=legal_ground[:255],
            decision_ref=decision_ref[:120],
            unit_id=unit_id,
        )
        audit.record(locked, ObjectChange.Action.TRANSITION, before=before, after=snapshot(locked), reason=reason)
    for key in (field, *(extra or {})):
        setattr(obj, key, getattr(locked, key))
    return obj


def _label(obj: models.Model, field: str, value: str) -> str:
    """A status as people read it (its choice label), never the stored code."""
    model_field = type(obj)._meta.get_field(field)
    choices = dict(getattr(model_field, "flatchoices", ()))
    return str(choices.get(value, value))


def history_of(obj: models.Model) -> models.QuerySet[StatusChange]:
    return StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk))
