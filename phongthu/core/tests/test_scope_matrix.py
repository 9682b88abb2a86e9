"""The inherited suite: for EVERY model registered with core.crud, a commune-A user can
list, view, edit, export and import (through the import wizard users take: upload → dry-run job →
commit job) only in commune A; a region user sees every commune of its region and nothing else;
anonymous users get nothing. A new model joins by registering."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from phongthu.core import authority, history
from phongthu.core.crud import CrudConfig, registry
from phongthu.core.imports import spec_for
from phongthu.core.jobs import start_job
from phongthu.core.models import ObjectChange
from phongthu.core.tests.factories import sample
from phongthu.jobs.models import Job

pytestmark = pytest.mark.django_db

CONFIGS = sorted(registry.values(), key=lambda c: f"{c.app_label}.{c.slug}")
IDS = [f"{c.app_label}.{c.slug}" for c in CONFIGS]


@pytest.fixture(params=CONFIGS, ids=IDS)
def config(request: Any) -> type[CrudConfig]:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def records(config, commune_a, commune_a2, commune_b):
    return {
        "a": sample(config, commune_a),
        "a2": sample(config, commune_a2),
        "b": sample(config, commune_b),
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
    # No generic edit at all, or master data kept by administrators: refused before the lookup.
    refused = 404 if config.allow_edit and not config.write_reach else 403
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


# ---------------------------------------------------------------- import, through the wizard users take


def _cell(obj: Any, key: str) -> Any:
    value: Any = getattr(obj, key, "")
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, bool):
        return "x" if value else ""
    if hasattr(value, "isoformat"):
        return value.strftime("%d/%m/%Y")
    return value


def _import_file(config: Any, *objs: Any) -> io.BytesIO:
    """An XLSX with the columns the model's import spec reads, one row per record."""
    spec = spec_for(config.import_key())
    assert spec is not None
    columns = spec.get_columns()
    wb = Workbook()
    ws = wb.active
    ws.append([c.label for c in columns])
    for obj in objs:
        ws.append([_cell(obj, c.key) for c in columns])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "nhap.xlsx"
    return buf


def _job_from(resp: Any) -> Job:
    assert resp.status_code == 302, resp.content.decode()[:2000]
    return Job.objects.get(pk=resp["Location"].rstrip("/").split("/")[-1])


def _writes(config: Any) -> tuple[int, int]:
    content_type = ContentType.objects.get_for_model(config.model)
    return config.model._default_manager.count(), ObjectChange.objects.filter(content_type=content_type).count()


@pytest.fixture
def wizard(settings: Any, tmp_path: Any) -> None:
    settings.PHONGTHU_JOBS_SYNC = True  # the job runs in-process, as in management commands
    settings.MEDIA_ROOT = tmp_path


def test_import_link_is_the_wizard(config, user_a):
    body = _client(user_a).get(config.url("list")).content.decode()
    wizard_url = reverse("jobs:import-start", args=[config.import_key()])
    assert config.import_url() == wizard_url
    assert (wizard_url in body) == config.allow_import
    if not config.allow_import:
        assert _client(user_a).get(wizard_url).status_code == 404


def test_import_wizard_refuses_a_row_of_another_unit_and_writes_nothing(config, commune_a, commune_b, user_a, wizard):
    if not config.allow_import:
        return
    own = sample(config, commune_a, save=False)
    foreign = sample(config, commune_b, save=False)
    c = _client(user_a)
    before = _writes(config)
    start = reverse("jobs:import-start", args=[config.import_key()])
    dry = _job_from(c.post(start, {"file": _import_file(config, own, foreign)}))
    assert dry.status == "SUCCEEDED", dry.error
    assert dry.result["total"] == 2 and dry.result["valid"] == 1, dry.result["errors"]
    page = c.get(reverse("jobs:detail", args=[dry.pk])).content.decode()
    assert "Dòng 3" in page and "Dòng 2" not in page  # the refused row is named, the good one is not
    # All-or-nothing is refused while a row fails: nothing is written, no job runs.
    jobs_before = Job.objects.count()
    c.post(reverse("jobs:import-commit", args=[dry.pk]), {"mode": "all"})
    assert Job.objects.count() == jobs_before
    assert _writes(config) == before
    # Forcing a commit of the whole file as a job still writes nothing: the foreign row fails again.
    forced = start_job(kind="import", title="x", user=user_a, params={**dry.params, "commit": True})
    assert not forced.result["committed"] and forced.result["created"] == 0
    assert _writes(config) == before


def test_import_wizard_commits_own_rows_audited_with_the_job(config, commune_a, user_a, wizard):
    if not config.allow_import:
        return
    own = sample(config, commune_a, save=False)
    c = _client(user_a)
    count, _changes = _writes(config)
    start = reverse("jobs:import-start", args=[config.import_key()])
    dry = _job_from(c.post(start, {"file": _import_file(config, own)}))
    assert dry.status == "SUCCEEDED", dry.error
    assert dry.result["valid"] == 1 and dry.result["error_count"] == 0, dry.result["errors"]
    assert _writes(config)[0] == count  # a dry run writes nothing
    job = _job_from(c.post(reverse("jobs:import-commit", args=[dry.pk]), {"mode": "all"}))
    assert job.status == "SUCCEEDED" and job.result["committed"] and job.result["created"] == 1, job.result
    assert _writes(config)[0] == count + 1
    (change,) = history.created_by_job(config.model, str(job.pk))
    assert change.user_name == user_a.username
    created = config.model._default_manager.get(pk=change.object_id)
    assert config.model._default_manager.restrict(user_a, "view").filter(pk=created.pk).exists()


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


def test_history_tab_shows_the_edit(config, records, user_a, province_user, admin_user):
    obj = records["a"]
    if not config.allow_edit:
        # Master data (units): no generic edit, not even of one's own record.
        assert _client(user_a).get(config.url("edit", obj.pk)).status_code == 403
        assert _client(user_a).post(config.url("edit", obj.pk), {"name": "x"}).status_code == 403
        return
    editable = [f for f in config.fields if config.field(f).get_internal_type() in ("CharField", "TextField")]
    assert editable, f"{config.__name__} needs a text field for the history check"
    # A model with a write authority is edited by the office that holds it: the province's
    # staff for quotas and campaigns, the unit's own staff for award proposals.
    editor = user_a
    rule = config.authority_of(obj)
    if rule is not None and not authority.allowed(user_a, rule[0], rule[1], rule[2] or timezone.localdate()):
        editor = province_user
    if config.write_reach:
        # Master data kept by administrators (office holders): the ward's staff may not write it.
        assert _client(user_a).post(config.url("edit", obj.pk), {"full_name": "x"}).status_code in (403, 404)
        editor = admin_user
    c = _client(editor)
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
    assert change is not None and change.user_name == editor.username and change.request_id


def test_list_within_a_unit_subtree(config, records, region_user, commune_a, commune_a2):
    c = _client(region_user)
    body = c.get(config.url("list"), {"within": commune_a.pk}).content.decode()
    assert config.url("detail", records["a"].pk) in body
    assert config.url("detail", records["a2"].pk) not in body
