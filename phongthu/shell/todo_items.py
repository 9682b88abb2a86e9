"""The shell's own to-do items (core.todo): what waits for my action, the April registration
drive, people moving in, my recent imports and jobs. Other apps add theirs with
`core.todo.provide(fn)` from their AppConfig.ready()."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phongthu.core import scoping, todo
from phongthu.core.todo import Item


def waiting_for_me(user: Any, unit: Any, today: datetime.date) -> Iterator[Item]:
    from phongthu.shell.navigation import acts_on_records
    from phongthu.shell.queue import waiting

    if not acts_on_records(user):
        return
    for group in waiting(user):
        n = len(group.rows)
        more = "+" if group.more else ""
        yield Item(
            title=f"{group.action_label}: {n}{more} {group.model_label.lower()}",
            url=reverse("queue"),
            level=todo.WAITING,
            detail=_("Hồ sơ đang chờ bạn thực hiện bước này."),
            link_text=_("Xử lý"),
        )


def registration_drive(user: Any, unit: Any, today: datetime.date) -> Iterator[Item]:
    """V-NVQS-1: men turning 17 this year register in April (the drive window)."""
    if unit is None or scoping.VIEW not in scoping.held_actions(user):
        return
    from phongthu.military_service.choices import REGISTERED_STATUSES
    from phongthu.military_service.registration_rules import current_rules
    from phongthu.military_service.selectors import subtree
    from phongthu.people.filters import birth_year_q
    from phongthu.people.models import Person

    rules = current_rules()
    year = today.year
    start, end = rules.drive_window(year)
    people = (
        Person.objects.restrict(user, scoping.VIEW)
        .filter(residence_unit__in=subtree(unit), sex="male")
        .filter(birth_year_q(rules.first_registration_birth_year(year)))
    )
    total = people.count()
    if not total:
        return
    done = people.filter(
        registration__status__in=[*REGISTERED_STATUSES, "BARRED_FROM_REGISTRATION", "EXEMPT_FROM_REGISTRATION"]
    ).count()
    left = total - done
    url = f"{reverse('military_service:drive')}?unit={unit.pk}&year={year}"
    if not left:
        return
    if today > end:
        level, detail = (
            todo.OVERDUE,
            _("Hạn đăng ký lần đầu là %(end)s (tháng Tư, Điều 16 Luật NVQS).") % {"end": end.strftime("%d/%m/%Y")},
        )
    elif today >= start - datetime.timedelta(days=45):
        level, detail = (
            todo.SOON,
            _("Đăng ký từ %(start)s đến %(end)s.")
            % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")},
        )
    else:
        level, detail = todo.INFO, _("Đợt đăng ký tháng Tư năm %(y)d.") % {"y": year}
    yield Item(
        title=ngettext(
            "%(left)d/%(total)d công dân tròn 17 tuổi chưa đăng ký NVQS",
            "%(left)d/%(total)d công dân tròn 17 tuổi chưa đăng ký NVQS",
            total,
        )
        % {"left": left, "total": total},
        url=url,
        level=level,
        detail=detail,
        due=end,
        link_text=_("Mở đợt đăng ký"),
    )


def moving_in(user: Any, unit: Any, today: datetime.date) -> Iterator[Item]:
    """Khoản 2 Điều 17: register within 10 working days of arriving."""
    if unit is None or scoping.VIEW not in scoping.held_actions(user):
        return
    from phongthu.military_service.selectors import incoming

    n = incoming(unit=unit, user=user).count()
    if n:
        yield Item(
            title=ngettext(
                "%(n)d công dân chuyển đến chờ đăng ký",
                "%(n)d công dân chuyển đến chờ đăng ký",
                n,
            )
            % {"n": n},
            url=f"{reverse('military_service:movements')}?unit={unit.pk}",
            level=todo.SOON,
            detail=_("Hạn 10 ngày làm việc kể từ ngày đến nơi cư trú mới (khoản 2 Điều 17 Luật NVQS)."),
            link_text=_("Mở chuyển đến, chuyển đi"),
        )


def my_jobs(user: Any, unit: Any, today: datetime.date) -> Iterator[Item]:
    from phongthu.jobs.models import Job, JobStatus

    for job in Job.objects.filter(user=user).order_by("-created_at")[:5]:
        failed = job.status == JobStatus.FAILED
        yield Item(
            title=f"{job.title} — {job.get_status_display()}",
            url=reverse("jobs:detail", args=[job.pk]),
            level=todo.WAITING if failed else todo.INFO,
            detail=timezone.localtime(job.created_at).strftime("%d/%m/%Y %H:%M") if job.created_at else "",
            link_text=_("Xem kết quả") if job.finished else _("Xem tiến độ"),
        )


def register_all() -> None:
    for fn in (waiting_for_me, registration_drive, moving_in, my_jobs):
        todo.provide(fn)
