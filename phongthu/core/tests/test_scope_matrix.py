"""The inherited suite: for EVERY model registered with core.crud, a commune-A user can
list, view, edit, export and import only in commune A; a region user sees every commune of its
region and nothing else; anonymous users get nothing. A new model joins by registering."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from phongthu.core.crud import CrudConfig, registry
from phongthu.core.models import ObjectChange

pytestmark = pytest.mark.django_db

CONFIGS = sorted(registry.values(), key=lambda c: f"{c.app_label}.{c.slug}")
IDS = [f"{c.app_label}.{c.slug}" for c in CONFIGS]


@pytest.fixture(params=CONFIGS, ids=IDS)
def config(request: Any) -> type[CrudConfig]:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def records(config, commune_a, commune_a2, commune_b):
    return {
        "a": config.sample(commune_a),
        "a2": config.sample(commune_a2),
        "b": config.sample(commune_b),
    }


def _client(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def test_list_shows_only_own_unit(config, records, user_a):
    c = _client(user_a)
    resp = c.get(config.url("list"), {"q": ""})
    assert resp.status_code == 200
    urls = {config.url("detail", r.pk) for r in records.values()}
    body = resp.content.decode()
    assert config.url("detail", records["a"].pk) in body
    assert config.url("detail", records["b"].pk) not in body
    assert config.url("detail", records["a2"].pk) not in body
    assert len(urls) == 3


def test_detail_edit_delete_of_other_unit_is_404(config, records, user_a):
    c = _client(user_a)
    other = records["b"]
    assert c.get(config.url("detail", other.pk)).status_code == 404
    refused = 404 if config.allow_edit else 403  # no generic edit at all: refused before the lookup
    assert c.get(config.url("edit", other.pk)).status_code == refused
    assert c.post(config.url("edit", other.pk), {}).status_code == refused
    if config.allow_delete:
        assert c.post(config.url("delete", other.pk)).status_code == 404
        assert type(other)._default_manager.filter(pk=other.pk).exists()
    assert c.get(config.url("detail", records["a"].pk)).status_code == 200


def test_region_user_sees_every_commune_of_its_region_only(config, records, region_user):
    c = _client(region_user)
    body = c.get(config.url("list")).content.decode()
    assert config.url("detail", records["a"].pk) in body
    assert config.url("detail", records["a2"].pk) in body
    assert config.url("detail", records["b"].pk) not in body
    assert c.get(config.url("detail", records["b"].pk)).status_code == 404


def test_export_contains_only_own_unit_and_is_audited(config, records, user_a):
    c = _client(user_a)
    resp = c.get(config.url("list"), {"export": "xlsx"})
    assert resp.status_code == 200
    sheet = load_workbook(io.BytesIO(resp.content)).active
    change = ObjectChange.objects.filter(
        action="export", content_type=ContentType.objects.get_for_model(config.model)
    ).first()
    assert change is not None and change.user_name == user_a.username
    exported = set(change.after["ids"])
    assert sheet.max_row == len(exported) + 1  # header + one row per exported record
    assert str(records["a"].pk) in exported
    assert str(records["b"].pk) not in exported
    assert str(records["a2"].pk) not in exported
    allowed = {str(pk) for pk in config.model._default_manager.restrict(user_a, "export").values_list("pk", flat=True)}
    assert exported == allowed


def _xlsx_for(config: Any, obj: Any) -> bytes:
    wb = Workbook()
    ws = wb.active
    fields = config.get_import_fields()
    ws.append([config.label(f) for f in fields])
    row = []
    for f in fields:
        value = getattr(obj, f)
        if hasattr(value, "pk"):
            value = value.pk
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        row.append(value)
    ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_import_into_another_unit_is_refused_and_writes_nothing(config, commune_b, user_a):
    if not config.allow_import:
        assert _client(user_a).get(config.url("import")).status_code == 404
        return
    candidate = config.sample(commune_b, save=False)
    before = config.model._default_manager.count()
    changes_before = ObjectChange.objects.count()
    c = _client(user_a)
    upload = io.BytesIO(_xlsx_for(config, candidate))
    upload.name = "nhap.xlsx"
    resp = c.post(config.url("import"), {"file": upload})
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "Dòng 2" in body  # the refused row is named
    assert config.model._default_manager.count() == before
    assert ObjectChange.objects.count() == changes_before


def test_api_is_scoped(config, records, user_a):
    assert config.api, "every registered model is served by the API"
    client = APIClient()
    client.force_authenticate(user_a)
    base = f"/api/v1/{config.app_label}/{config.slug}/"
    listed = client.get(base).json()
    ids = {row["id"] for row in listed["results"]}
    assert records["a"].pk in ids
    assert records["b"].pk not in ids
    assert client.get(f"{base}{records['b'].pk}/").status_code == 404
    refused = 404 if config.allow_edit else 405
    assert client.patch(f"{base}{records['b'].pk}/", {}, format="json").status_code == refused


def test_anonymous_gets_nothing(config, records):
    from django.test import Client

    c = Client()
    resp = c.get(config.url("list"))
    assert resp.status_code == 302 and reverse("login") in resp["Location"]
    assert APIClient().get(f"/api/v1/{config.app_label}/{config.slug}/").status_code in (401, 403)


def test_history_tab_shows_the_edit(config, records, user_a):
    obj = records["a"]
    if not config.allow_edit:
        # Master data (units): no generic edit, not even of one's own record.
        assert _client(user_a).get(config.url("edit", obj.pk)).status_code == 403
        assert _client(user_a).post(config.url("edit", obj.pk), {"name": "x"}).status_code == 403
        return
    editable = [f for f in config.fields if config.field(f).get_internal_type() in ("CharField", "TextField")]
    assert editable, f"{config.__name__} needs a text field for the history check"
    c = _client(user_a)
    form = c.get(config.url("edit", obj.pk)).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    for name, value in list(data.items()):
        if hasattr(value, "pk"):
            data[name] = value.pk
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        elif isinstance(value, bool) and not value:
            data.pop(name)
    field = editable[-1]
    data[field] = "Giá trị đã sửa trong kiểm thử"
    resp = c.post(config.url("edit", obj.pk), data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    history = c.get(config.url("detail", obj.pk), {"tab": "history"}).content.decode()
    assert "Giá trị đã sửa trong kiểm thử" in history
    change = ObjectChange.objects.filter(object_id=str(obj.pk), action="update").first()
    assert change is not None and change.user_name == user_a.username and change.request_id


def test_list_within_a_unit_subtree(config, records, region_user, commune_a, commune_a2):
    c = _client(region_user)
    body = c.get(config.url("list"), {"within": commune_a.pk}).content.decode()
    assert config.url("detail", records["a"].pk) in body
    assert config.url("detail", records["a2"].pk) not in body
