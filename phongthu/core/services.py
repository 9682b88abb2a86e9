"""Generic writes used by the CRUD screens, the API and the importer.

Each runs in one transaction and re-checks scope after the save, so a record can never be
moved (or created) outside the units the actor may touch: the save is rolled back.
"""

from __future__ import annotations

from django.db import models, transaction

from phongthu.core import scoping, unit_rules
from phongthu.core.context import reason as reason_context
from phongthu.core.types import Actor


def _check_unit_choice(obj: models.Model, actor: Actor, action: str) -> None:
    # Scope is re-checked on the saved row, inside the transaction.
    scoping.assert_in_scope(obj, actor, action)


def assert_may_write(obj: models.Model, actor: Actor) -> None:
    """The authority check of a model whose CrudConfig names `write_authority` (issue 7), or
    the administrators' reach (`write_reach`, e.g. unit master data) it requires."""
    from phongthu.core import authority
    from phongthu.core.crud import config_for

    config = config_for(type(obj))
    if config is not None and config.write_reach:
        scoping.assert_in_scope(obj, actor, config.write_reach)
    rule = config.authority_of(obj) if config is not None else None
    if rule is not None:
        code, unit_id, on = rule
        authority.require(actor, code, unit_id, on)


def object_save(*, obj: models.Model, actor: Actor, reason: str = "") -> models.Model:
    action = scoping.ADD if obj.pk is None or obj._state.adding else scoping.CHANGE
    with transaction.atomic(), reason_context(reason):
        previous_unit_id = None
        if action == scoping.CHANGE:
            # Also the old row must have been in reach.
            old = type(obj)._default_manager.get(pk=obj.pk)
            scoping.assert_in_scope(old, actor, scoping.CHANGE)
            assert_may_write(old, actor)
            previous_unit_id = unit_rules.owning_unit_id(old)
        assert_may_write(obj, actor)
        unit_rules.check_record(obj, adding=action == scoping.ADD, previous_unit_id=previous_unit_id)
        obj.save()
        _check_unit_choice(obj, actor, action)
    return obj


def object_delete(*, obj: models.Model, actor: Actor, reason: str = "") -> None:
    with transaction.atomic(), reason_context(reason):
        scoping.assert_in_scope(obj, actor, scoping.DELETE)
        assert_may_write(obj, actor)
        obj.delete()
