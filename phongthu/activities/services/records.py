"""Creating a record outside the generic screens (seed facts, commands): the same validation as
the entry form (`full_clean`), then the generic scoped, audited save."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models

from phongthu.core import services

if TYPE_CHECKING:
    from phongthu.accounts.models import User

M = TypeVar("M", bound=models.Model)


def record_save(*, obj: M, actor: User, reason: str = "") -> M:
    obj.full_clean()
    services.object_save(obj=obj, actor=actor, reason=reason)
    return obj
