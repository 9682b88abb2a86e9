"""Closed and shared units (issue 7): a unit closed on 30/6/2025 takes no record dated after
its end; an old ward split between two new wards is written only by its designated successor
and read by both. Real Hải Phòng lineage, plus an explicitly constructed split."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import model_to_dict
from rest_framework.test import APIClient

from phongthu.accounts.models import Role
from phongthu.activities.crud.exercises import ExerciseCrud
from phongthu.activities.models import Exercise
from phongthu.core import services, unit_rules
from phongthu.core.crud import registry
from phongthu.core.forms import build_form
from phongthu.core.tests.factories import sample
from phongthu.units import services as unit_services
from phongthu.units.choices import Kind, LineageKind
from phongthu.units.models import LineageLink, Unit, UnitScope

pytestmark = pytest.mark.django_db

END = datetime.date(2025, 6, 30)


@pytest.fixture
def anh_dung():
    return Unit.objects.get(name="Phường Anh Dũng", valid_to=END)


def _exercise(unit, day):
    record = sample(ExerciseCrud, unit, save=False)
    record.date, record.year = day, day.year
    return record


def _form_data(record):
    data = {k: v for k, v in model_to_dict(record, fields=ExerciseCrud.fields).items() if v is not None}
    data["unit"] = record.unit_id
    return data


# ---------------------------------------------------------------- rule 2: closed units


def test_closed_unit_refuses_a_record_dated_after_its_end(admin_user, anh_dung):
    successor = unit_rules.designated_successor(anh_dung)
    assert successor is not None and successor.valid_to is None
    before = Exercise.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.object_save(obj=_exercise(anh_dung, datetime.date(2026, 3, 1)), actor=admin_user)
    text = " ".join(exc.value.messages)
    assert "Phường Anh Dũng" in text and "01/07/2025" in text and "30/06/2025" in text
    assert f"ghi nhận tại đơn vị kế thừa {successor.name}" in text
    assert Exercise.objects.count() == before


def test_closed_unit_keeps_taking_records_of_its_lifetime(admin_user, anh_dung):
    saved = services.object_save(obj=_exercise(anh_dung, datetime.date(2024, 5, 20)), actor=admin_user)
    assert saved.pk is not None
    # Editing it later, still dated in the unit's life, is fine; moving its date past the end is not.
    saved.note = "Bổ sung"
    services.object_save(obj=saved, actor=admin_user)
    saved.date, saved.year = datetime.date(2025, 8, 1), 2025
    with pytest.raises(ValidationError):
        services.object_save(obj=saved, actor=admin_user)


def test_entry_form_and_import_form_refuse_it(admin_user, anh_dung):
    form = build_form(ExerciseCrud, admin_user, "add", data=_form_data(_exercise(anh_dung, datetime.date(2026, 3, 1))))
    assert not form.is_valid()
    assert "Phường Anh Dũng" in str(form.errors["unit"])
    ok = build_form(ExerciseCrud, admin_user, "add", data=_form_data(_exercise(anh_dung, datetime.date(2024, 3, 1))))
    assert ok.is_valid(), ok.errors


def test_api_refuses_it_with_a_400(admin_user, anh_dung):
    api = APIClient()
    api.force_authenticate(admin_user)
    data = _form_data(_exercise(anh_dung, datetime.date(2026, 3, 1)))
    data["date"], data["year"] = "2026-03-01", 2026
    before = Exercise.objects.count()
    resp = api.post("/api/v1/activities/exercise/", data, format="json")
    assert resp.status_code == 400, resp.content
    assert "Phường Anh Dũng" in resp.content.decode() and "30/06/2025" in resp.content.decode()
    assert Exercise.objects.count() == before
    data["date"], data["year"] = "2024-03-01", 2024
    created = api.post("/api/v1/activities/exercise/", data, format="json")
    assert created.status_code == 201, created.content
    patched = api.patch(
        f"/api/v1/activities/exercise/{created.json()['id']}/", {"date": "2026-01-05", "year": 2026}, format="json"
    )
    assert patched.status_code == 400 and Exercise.objects.get(pk=created.json()["id"]).year == 2024


CONFIGS = sorted((c for c in registry.values() if c.model is not Unit), key=lambda c: f"{c.app_label}.{c.slug}")


@pytest.mark.parametrize("config", CONFIGS, ids=[f"{c.app_label}.{c.slug}" for c in CONFIGS])
def test_every_registered_model_declares_a_usable_record_date(config, commune_a):
    """Every declared date path resolves on a sample record (a typo would silently use today)."""
    record = sample(config, commune_a)
    for path in unit_rules.record_date_paths(config.model):
        head = path.split("__")[0]
        assert head in {f.name for f in config.model._meta.get_fields()}, f"{config.__name__}: {path}"
    assert unit_rules.owning_unit_id(record) == commune_a.pk


def test_message_names_the_kind_of_change(anh_dung):
    text = unit_rules.closed_unit_message(anh_dung, datetime.date(2026, 1, 1))
    assert text is not None and text.startswith("Đơn vị Phường Anh Dũng đã ")
    assert unit_rules.closed_unit_message(anh_dung, END) is None


# ---------------------------------------------------------------- rule 3: shared (split) units


def _real_split():
    """An old Hải Phòng ward whose territory went to several new wards, one designated."""
    shared = (
        LineageLink.objects.filter(predecessor__level="COMMUNE", event__kind=LineageKind.SPLIT)
        .values("predecessor_id")
        .annotate(n=Count("successor", distinct=True))
        .filter(n__gte=2)
        .order_by("predecessor_id")
    )
    for row in shared:
        links = list(LineageLink.objects.filter(predecessor_id=row["predecessor_id"]).select_related("successor"))
        designated = [lk.successor for lk in links if lk.designated]
        others = [lk.successor for lk in links if not lk.designated and lk.successor not in designated]
        if len(designated) == 1 and others:
            return Unit.objects.get(pk=row["predecessor_id"]), designated[0], others[0]
    raise AssertionError("Hải Phòng data has no old ward split between two new wards")


def _check_split(make_user, old, heir, other):
    heir_user = make_user(Role.COMMUNE_STAFF, heir)
    other_user = make_user(Role.COMMUNE_STAFF, other)
    for action in ("view", "export"):
        assert Unit.objects.restrict(other_user, action).filter(pk=old.pk).exists()
        assert Unit.objects.restrict(heir_user, action).filter(pk=old.pk).exists()
    for action in ("add", "change", "delete", "import"):
        assert Unit.objects.restrict(heir_user, action).filter(pk=old.pk).exists(), action
        assert not Unit.objects.restrict(other_user, action).filter(pk=old.pk).exists(), action
    # Through the API, on a record of the old unit dated in its life.
    record = _exercise(old, datetime.date(2024, 4, 2))
    record.full_clean()
    record.save()
    url = f"/api/v1/activities/exercise/{record.pk}/"
    other_api, heir_api = APIClient(), APIClient()
    other_api.force_authenticate(other_user)
    heir_api.force_authenticate(heir_user)
    assert other_api.get(url).status_code == 200
    assert other_api.patch(url, {"note": "sửa bởi đơn vị không kế thừa"}, format="json").status_code == 404
    assert other_api.delete(url).status_code == 404
    assert heir_api.patch(url, {"note": "sửa bởi đơn vị kế thừa"}, format="json").status_code == 200
    record.refresh_from_db()
    assert record.note == "sửa bởi đơn vị kế thừa"
    # The other successor cannot file a (dated) record there either.
    with pytest.raises(Exception, match="phạm vi"):
        services.object_save(obj=_exercise(old, datetime.date(2024, 6, 1)), actor=other_user)
    services.object_save(obj=_exercise(old, datetime.date(2024, 6, 1)), actor=heir_user)


def test_real_hai_phong_split_ward_is_written_by_its_designated_successor_only(make_user):
    old, heir, other = _real_split()
    _check_split(make_user, old, heir, other)


def test_constructed_split(make_user, hai_phong):
    day = datetime.date(2026, 1, 1)
    old = unit_services.unit_create(parent=hai_phong, kind=Kind.COMMUNE, code="T0001", name="Xã Cũ Thử",
                                    rebuild=False)  # fmt: skip
    heir = unit_services.unit_create(parent=hai_phong, kind=Kind.COMMUNE, code="T0002", name="Xã Kế Thừa Thử",
                                     valid_from=day, rebuild=False)  # fmt: skip
    other = unit_services.unit_create(parent=hai_phong, kind=Kind.COMMUNE, code="T0003", name="Xã Chia Thử",
                                      valid_from=day, rebuild=False)  # fmt: skip
    unit_services.record_lineage(
        kind=LineageKind.SPLIT, date=day, predecessors=[old], successors=[heir, other], designated=heir
    )
    assert UnitScope.objects.get(ancestor=heir, descendant=old).write
    assert not UnitScope.objects.get(ancestor=other, descendant=old).write
    assert UnitScope.objects.get(ancestor=hai_phong, descendant=old).write  # the province keeps it
    _check_split(make_user, old, heir, other)


def test_a_merge_keeps_full_write_reach(make_user):
    merged = (
        LineageLink.objects.filter(predecessor__level="COMMUNE", event__kind=LineageKind.MERGE)
        .select_related("predecessor", "successor")
        .first()
    )
    assert merged is not None
    assert LineageLink.objects.filter(predecessor=merged.predecessor).values("successor").distinct().count() == 1
    user = make_user(Role.COMMUNE_STAFF, merged.successor)
    assert Unit.objects.restrict(user, "change").filter(pk=merged.predecessor_id).exists()


def test_migration_marks_existing_reach_rows_like_a_rebuild():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("phongthu.units.migrations.0004_unit_scope_write_reach")
    expected = set(UnitScope.objects.filter(write=False).values_list("ancestor_id", "descendant_id"))
    assert expected, "Hải Phòng has split wards: some reach rows are read-only"
    UnitScope.objects.update(write=True)
    migration.mark_write_reach(apps, None)
    assert set(UnitScope.objects.filter(write=False).values_list("ancestor_id", "descendant_id")) == expected


def test_import_names_the_refused_row(admin_user, anh_dung, settings, tmp_path):
    import io

    from django.test import Client
    from django.urls import reverse
    from openpyxl import Workbook

    from phongthu.jobs.models import Job

    settings.PHONGTHU_JOBS_SYNC = True  # the wizard's dry-run job runs in-process
    settings.MEDIA_ROOT = tmp_path

    late = _exercise(anh_dung, datetime.date(2026, 3, 1))
    wb = Workbook()
    ws = wb.active
    fields = ExerciseCrud.get_import_fields()
    ws.append([ExerciseCrud.label(f) for f in fields])
    row = []
    for name in fields:
        value = getattr(late, name)
        row.append(value.pk if hasattr(value, "pk") else value.isoformat() if hasattr(value, "isoformat") else value)
    ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "nhap.xlsx"
    c = Client()
    c.force_login(admin_user)
    before = Exercise.objects.count()
    resp = c.post(reverse("jobs:import-start", args=[ExerciseCrud.import_key()]), {"file": buf})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    job = Job.objects.get(pk=resp["Location"].rstrip("/").split("/")[-1])
    body = c.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Dòng 2" in body and "Phường Anh Dũng" in body and "30/06/2025" in body
    assert Exercise.objects.count() == before
