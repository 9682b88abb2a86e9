"""`{% record_actions object %}`: the actions this user may take on a record, and why others are missing."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from phongthu.core import actions
from phongthu.core.types import Actor

register = template.Library()


@register.inclusion_tag("core/_actions.html", takes_context=True)
def record_actions(context: Any, obj: Any, next_url: str = "") -> dict[str, Any]:
    request = context.get("request")
    # Without a request (e.g. a template rendered in a test) nobody is signed in.
    user: Actor = getattr(request, "user", None) or AnonymousUser()
    meta = obj._meta
    items = []
    for action in actions.offered(obj, user):
        url = reverse(
            "record-action",
            kwargs={"app": meta.app_label, "model": meta.model_name, "pk": obj.pk, "name": action.name},
        )
        # Field names as the endpoint reads them; ids unique when a page shows several forms.
        form = action.form(user=user, record=obj, auto_id=f"{meta.model_name}{obj.pk}-{action.name}-%s")
        items.append({"action": action, "url": url, "form": form})
    return {
        "items": items,
        "withheld": actions.withheld(obj, user),
        "next": next_url or (request.get_full_path() if request else ""),
        "csrf_token": context.get("csrf_token"),
    }
