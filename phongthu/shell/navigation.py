"""The shell's menu: its own pages, one list per CrudConfig and what apps contributed
(core.navigation), filtered by what the user may open and grouped by the office's daily work.

This is the one place that decides who sees which link; templates only render `nav_groups`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from phongthu.core import navigation, scoping
from phongthu.core.crud import registry
from phongthu.core.current_unit import current_unit
from phongthu.core.navigation import Link

# Where an app's record lists go in the menu (apps not named here get their own group).
APP_GROUPS = {
    "people": "registration",
    "military_service": "registration",
    "campaigns": "recruitment",
    "forces": "forces",
    "activities": "activities",
    "units": "units",
    "figures": "figures",
    "reports": "figures",
}


def _anyone(user: Any) -> bool:
    return bool(user.is_authenticated)


def acts_on_records(user: Any) -> bool:
    """Who has a queue: those who record (change) or review (approve) somewhere."""
    held = scoping.held_actions(user)
    return scoping.CHANGE in held or scoping.APPROVE in held


def manages_users(user: Any) -> bool:
    from phongthu.accounts.management_scope import can_manage_users

    return can_manage_users(user)


SHELL_LINKS = [
    Link("work", _("Trang chủ"), "home", needs=_anyone, order=0),
    Link("work", _("Việc chờ tôi xử lý"), "queue", needs=acts_on_records, order=10),
    Link("work", _("Cây đơn vị"), "unit-tree", order=20),
    Link("registration", _("Đợt đăng ký tháng Tư"), "military_service:drive", order=0),
    Link("registration", _("Chuyển đến, chuyển đi, tạm vắng"), "military_service:movements", order=1),
    Link("registration", _("Sổ đăng ký"), "military_service:book", order=2),
    Link("activities", _("Kế hoạch diễn tập nhiệm kỳ"), "activities:term-plan", order=0),
    Link("data", _("Tác vụ nền, nhập dữ liệu"), "jobs:list", needs=scoping.IMPORT, order=0),
    Link("control", _("Nhật ký thay đổi"), "audit-log", needs=scoping.AUDIT, order=0),
    Link("control", _("Người dùng, phân quyền"), "user-admin", needs=manages_users, order=10),
    Link("control", _("Thẩm quyền theo luật"), "authority", needs=_anyone, order=20),
    Link("control", _("Tài liệu API"), "api-docs", needs=_anyone, order=30),
]


def crud_links() -> list[Link]:
    links = []
    for config in registry.values():
        group = APP_GROUPS.get(config.app_label)
        if group is None:
            group = str(config.model._meta.app_config.verbose_name)
        links.append(Link(group, config.model._meta.verbose_name_plural, config.url_name("list"), order=20))
    return links


def all_links() -> list[Link]:
    return [*SHELL_LINKS, *crud_links(), *navigation.contributed()]


def nav_context(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the menu and the working unit for every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_groups": navigation.menu(user, all_links()),
        "current_unit": current_unit(request, from_request=False),
    }
