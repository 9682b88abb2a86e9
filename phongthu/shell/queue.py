""" "Việc chờ tôi xử lý": the records on which a declared action (core.actions) is offered to
this user now — the council member's review and proposals, the deciding office's decisions,
the commune's next steps. Only state-driven actions declared as tasks count: an action offered in
every state, or declared `task=False` (moving away, volunteering), is a tool, not a task waiting
for someone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from phongthu.core import actions, authority, scoping
from phongthu.core.crud import config_for
from phongthu.core.models import restricted

SCAN_PER_MODEL = 300  # records examined per model (newest first): the page stays fast
SHOW_PER_ACTION = 25


@dataclass
class Row:
    obj: Any
    url: str
    state: str
    steps: list[tuple[str, str]]  # (label, url of the action's form)


@dataclass
class Group:
    model_label: str
    action_label: str
    rows: list[Row] = field(default_factory=list)
    more: bool = False


def _action_url(obj: Any, action: actions.Action, back: str) -> str:
    meta = obj._meta
    base = reverse("record-action", args=[meta.app_label, meta.model_name, obj.pk, action.name])
    return f"{base}?next={back}"


def waiting(user: Any, back: str = "/queue/") -> list[Group]:
    """Groups (record type, action) of records waiting for this user."""
    held = scoping.held_actions(user)
    # A council's steps: rows that name its role reach what its recording assignments cover,
    # though the role holds no generic write (core.scoping.acting).
    recording = actions.recording_roles_held(user)
    groups: dict[tuple[str, str], Group] = {}
    for model in actions.models_with_actions():
        tasks = [
            a
            for a in actions.for_model(model)
            if a.states is not None and a.task and (a.reach in held or authority.named_roles(a.authority) & recording)
        ]
        if not tasks:
            continue
        seen: set[Any] = set()
        for reach in sorted({a.reach for a in tasks}):
            mine = [a for a in tasks if a.reach == reach]
            states = set().union(*(a.states or set() for a in mine))
            state_fields = {a.state_field for a in mine}
            with scoping.acting(recording):
                qs = restricted(model, user, reach)
            if len(state_fields) == 1:
                qs = qs.filter(**{f"{state_fields.pop()}__in": sorted(states)})
            if any(f.name == "unit" and f.is_relation for f in model._meta.fields):
                qs = qs.select_related("unit")
            for obj in qs.order_by("-pk")[:SCAN_PER_MODEL]:
                if obj.pk in seen:
                    continue
                seen.add(obj.pk)
                offered = [a for a in actions.offered(obj, user) if a.states is not None and a.waits(obj)]
                # Waiting means a next step is due; a record offering only a corrective step
                # (unlock, revoke: `danger`) is done, not waiting.
                if not any(not a.danger for a in offered):
                    continue
                offered.sort(key=lambda a: a.danger)
                first = offered[0]
                key = (model._meta.label, first.name)
                group = groups.setdefault(
                    key, Group(str(model._meta.verbose_name_plural).capitalize(), str(first.label))
                )
                if len(group.rows) >= SHOW_PER_ACTION:
                    group.more = True
                    continue
                config = config_for(model)
                url = config.url("detail", obj.pk) if config else getattr(obj, "get_absolute_url", lambda: "")()
                group.rows.append(
                    Row(
                        obj,
                        url,
                        actions.state_label(obj, first),
                        [(str(a.label), _action_url(obj, a, back)) for a in offered],
                    )
                )
    return list(groups.values())


def waiting_count(user: Any) -> int:
    return sum(len(g.rows) for g in waiting(user))


class QueueView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        groups = waiting(request.user, back=request.path)
        return render(request, "core/queue.html", {"groups": groups})
