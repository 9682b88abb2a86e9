"""Test helper for authority rows: a step succeeds for the office's own staff and is refused,
through the API and the UI alike, to every other demo role and to the right role at the wrong
level — with the record unchanged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.messages import get_messages
from django.db import models
from django.test import Client
from rest_framework.test import APIClient

from phongthu.accounts.models import AccessMode, Role, User
from phongthu.units.models import Unit


def demo_users(
    make_user: Callable[..., User], *, province: Unit, region: Unit, ward: Unit, other_ward: Unit
) -> dict[str, User]:
    """Every demo role, at the levels that matter for a ward's record."""
    return {
        "ADMIN": make_user(Role.ADMIN, province),
        "PROVINCE_STAFF": make_user(Role.PROVINCE_STAFF, province),
        "REGION_STAFF": make_user(Role.REGION_STAFF, region),
        "COMMUNE_STAFF": make_user(Role.COMMUNE_STAFF, ward),
        "COMMUNE_STAFF_OTHER_WARD": make_user(Role.COMMUNE_STAFF, other_ward),
        "COMMUNE_STAFF_VIEW_ONLY": make_user(Role.COMMUNE_STAFF, ward, mode=AccessMode.VIEW),
        "COUNCIL_MEMBER": make_user(Role.COUNCIL_MEMBER, ward),
        "COUNCIL_MEMBER_PROVINCE": make_user(Role.COUNCIL_MEMBER, province),
        "AUDITOR": make_user(Role.AUDITOR, province),
    }


def _path(obj: models.Model, name: str) -> str:
    meta = obj._meta
    return f"{meta.app_label}/{meta.model_name}/{obj.pk}/actions/{name}/"


def api_post(user: User, obj: models.Model, name: str, data: dict[str, Any]) -> Any:
    client = APIClient()
    client.force_authenticate(user)
    return client.post(f"/api/v1/{_path(obj, name)}", data, format="json")


def ui_post(user: User, obj: models.Model, name: str, data: dict[str, Any]) -> tuple[int, list[str]]:
    client = Client()
    client.force_login(user)
    response = client.post(f"/r/{_path(obj, name)}", data)
    return response.status_code, [str(m) for m in get_messages(response.wsgi_request)]


def _state(obj: models.Model, field: str) -> Any:
    return type(obj)._default_manager.values_list(field, flat=True).get(pk=obj.pk)


def _visible(user: User, obj: models.Model) -> bool:
    return bool(type(obj)._default_manager.filter(pk=obj.pk).restrict(user, "view").exists())  # type: ignore[attr-defined]


def assert_refused(
    who: str,
    user: User,
    obj: models.Model,
    name: str,
    data: dict[str, Any],
    field: str = "status",
    *,
    scoped_choices: bool = False,
) -> None:
    """Refused: 403 naming who may (404 when the record is out of the user's reach). With
    `scoped_choices`, a choice the user may not pick (scoped by reach) is a 400 first."""
    before = _state(obj, field)
    response = api_post(user, obj, name, data)
    expected = 403 if _visible(user, obj) else 404  # out of reach: the record does not exist for them
    if scoped_choices and response.status_code == 400:
        expected = 400
    assert response.status_code == expected, (who, response.status_code, response.content)
    assert _state(obj, field) == before, who
    status, texts = ui_post(user, obj, name, data)
    if expected == 404:
        assert status == 404, (who, status)
    else:
        assert status == 302 and texts and not any(t.startswith("Đã thực hiện") for t in texts), (who, texts)
    assert _state(obj, field) == before, who


def assert_matrix(
    users: dict[str, User],
    right: str,
    make_record: Callable[[], models.Model],
    name: str,
    data: dict[str, Any],
    *,
    after: str,
    field: str = "status",
    scoped_choices: bool = False,
) -> None:
    """Everyone but `right` is refused on one record; `right` succeeds through the API on it
    and through the UI on a second one."""
    record = make_record()
    for who, user in users.items():
        if who != right:
            assert_refused(who, user, record, name, data, field, scoped_choices=scoped_choices)
    response = api_post(users[right], record, name, data)
    assert response.status_code == 200, response.content
    assert _state(record, field) == after
    second = make_record()
    status, texts = ui_post(users[right], second, name, data)
    assert status == 302 and any(t.startswith("Đã thực hiện") for t in texts), texts
    assert _state(second, field) == after
