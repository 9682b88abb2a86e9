"""Types shared by core and the domain apps.

`Actor` is whoever performs a read or a write: core knows no app, so it names Django's user
classes rather than `accounts.User` (a subclass, accepted everywhere an Actor is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

# `request.user` is typed this way by django-stubs, so views pass it on unchanged. A string, so
# importing it never loads django.contrib.auth (modules import it before the app registry is ready).
Actor: TypeAlias = "AbstractBaseUser | AnonymousUser"
