"""Background jobs: progress, result, failure, cancel, audit context; and the import wizard."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phongthu.core import history
from phongthu.core.jobs import JobError, mark_stale, register_runner, request_cancel, run_job, start_job
from phongthu.core.models import ObjectChange
from phongthu.jobs.models import Job
from phongthu.military_service.tests.fixtures import cccd_for
from phongthu.people.models import Person

HEADER = "STT,Họ và tên,Ngày sinh,Số CCCD,Xã, phường thường trú,Trình độ văn hóa\n"


def _csv(unit, n, *, bad_line=None):
    lines = ['STT,Họ và tên,Ngày sinh,Số CCCD,"Xã, phường thường trú",Trình độ văn hóa']
    for i in range(1, n + 1):
        dob = datetime.date(2007, 1 + i % 12, 1 + i % 28)
        when = "31/02/2007" if bad_line == i + 1 else dob.strftime("%d/%m/%Y")
        lines.append(f'{i},Ngô Văn Tác Vụ {i},{when},{cccd_for(dob)},"{unit.name}",12/12')
    return ("\n".join(lines) + "\n").encode()


@register_runner("test-count")
def _count_runner(job, progress):
    total = int(job.params["n"])
    for i in range(total):
        progress.update(i + 1, total=total, phase="Đếm", force=True)
        if progress.cancelled():
            return {"cancelled": True, "done": i}
    if job.params.get("fail"):
        raise JobError("Lỗi có thể sửa: tệp thiếu cột.")
    if job.params.get("crash"):
        raise RuntimeError("boom")
    return {"done": total}


@pytest.mark.django_db
def test_a_job_reports_progress_and_result(user_a):
    job = start_job(kind="test-count", title="Đếm", user=user_a, params={"n": 5})
    assert job.status == "SUCCEEDED" and job.done == 5 and job.total == 5 and job.percent == 100
    assert job.result == {"done": 5} and job.finished_at is not None


@pytest.mark.django_db
def test_failures_are_recorded_with_a_message(user_a):
    job = start_job(kind="test-count", title="Đếm", user=user_a, params={"n": 1, "fail": True})
    assert job.status == "FAILED" and job.error == "Lỗi có thể sửa: tệp thiếu cột."
    job = start_job(kind="test-count", title="Đếm", user=user_a, params={"n": 1, "crash": True})
    assert job.status == "FAILED" and "boom" in job.error


@pytest.mark.django_db
def test_cancel_before_and_during_the_run(user_a, settings):
    settings.PHONGTHU_JOBS_SYNC = False
    job = Job.objects.create(kind="test-count", title="Đếm", user=user_a, params={"n": 3})
    request_cancel(job)
    job.refresh_from_db()
    assert job.status == "CANCELLED"
    running = Job.objects.create(kind="test-count", title="Đếm", user=user_a, params={"n": 3}, cancel_requested=True)
    run_job(running.pk)
    running.refresh_from_db()
    assert running.status == "CANCELLED" and running.result == {"cancelled": True, "done": 0}


@pytest.mark.django_db
def test_a_job_without_heartbeat_is_marked_failed(user_a):
    job = Job.objects.create(
        kind="test-count", title="Đếm", user=user_a, status="RUNNING",
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip
    assert mark_stale(job) and job.status == "FAILED" and "gián đoạn" in job.error


@pytest.mark.django_db
def test_jobs_start_in_a_thread_after_the_transaction_commits(
    settings, user_a, monkeypatch, django_capture_on_commit_callbacks
):
    """Outside tests a job runs in a thread spawned on commit (a transactional test would flush the
    append-only audit table, so the thread itself is exercised by the benchmarks)."""
    from phongthu.core import jobs

    settings.PHONGTHU_JOBS_SYNC = False
    spawned = []
    monkeypatch.setattr(jobs, "_spawn", spawned.append)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(kind="test-count", title="Đếm", user=user_a, params={"n": 3})
        assert spawned == []
    assert spawned == [job.pk]
    job.refresh_from_db()
    assert job.status == "QUEUED"
    run_job(job.pk)
    run_job(job.pk)  # a second runner does nothing: the QUEUED → RUNNING step is compare-and-swap
    job.refresh_from_db()
    assert job.status == "SUCCEEDED" and job.result == {"done": 3}


# ---------------------------------------------------------------- the import wizard


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _upload(name, data):
    f = io.BytesIO(data)
    f.name = name
    return f


@pytest.mark.django_db
def test_wizard_dry_run_then_valid_only_commit_is_audited_with_the_job(commune_a, user_a, user_b, media_root):
    c = _client(user_a)
    start = reverse("jobs:import-start", args=["military_service.register"])
    assert "Tải tệp mẫu" in c.get(start).content.decode()
    resp = c.post(start, {"file": _upload("so.csv", _csv(commune_a, 4, bad_line=3))})
    assert resp.status_code == 302
    dry = Job.objects.get(pk=resp["Location"].rstrip("/").split("/")[-1])
    assert dry.status == "SUCCEEDED" and dry.done == 4
    page = c.get(resp["Location"]).content.decode()
    assert "Dòng 3, cột C (Ngày sinh): Ngày 31/02/2007 không tồn tại" in page
    assert "Chỉ ghi 3 dòng hợp lệ" in page
    # The failed rows download as XLSX: row, column, field and the Vietnamese message.
    from openpyxl import load_workbook

    errors_url = reverse("jobs:errors", args=[dry.pk])
    assert errors_url in page
    sheet = load_workbook(io.BytesIO(c.get(errors_url).content))["Dong loi"]
    rows = [[cell.value for cell in r] for r in sheet.iter_rows()]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Dòng")
    assert rows[header_at] == ["Dòng", "Cột", "Trường", "Lỗi"]
    assert rows[header_at + 1][:3] == [3, "C", "Ngày sinh"]
    assert "Ngày 31/02/2007 không tồn tại" in rows[header_at + 1][3]
    assert _client(user_b).get(errors_url).status_code == 404
    assert not Person.objects.filter(full_name__startswith="Ngô Văn Tác Vụ").exists()
    # All-or-nothing is refused while rows fail; valid-only writes the rest.
    commit = reverse("jobs:import-commit", args=[dry.pk])
    c.post(commit, {"mode": "all"})
    assert not Person.objects.filter(full_name__startswith="Ngô Văn Tác Vụ").exists()
    resp = c.post(commit, {"mode": "valid"})
    job = Job.objects.get(pk=resp["Location"].rstrip("/").split("/")[-1])
    assert job.status == "SUCCEEDED" and job.result["created"] == 3
    people = Person.objects.filter(full_name__startswith="Ngô Văn Tác Vụ")
    assert people.count() == 3
    changes = history.created_by_job(Person, str(job.pk))
    assert sorted(int(ch.object_id) for ch in changes) == sorted(p.pk for p in people)
    assert {ch.user_name for ch in changes} == {user_a.username}
    page = c.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    # The partly failed import still offers the row it skipped.
    assert "Kết quả nhập" in page and reverse("jobs:errors", args=[job.pk]) in page
    assert c.get(reverse("jobs:errors", args=[job.pk])).status_code == 200


@pytest.mark.django_db
def test_wizard_asks_for_a_mapping_when_headers_do_not_match(commune_a, user_a, media_root):
    data = "Tên công dân;Sinh;Ghi gì đó\nTạ Văn Ghép;02/03/2007;abc\n".encode()
    c = _client(user_a)
    resp = c.post(reverse("jobs:import-start", args=["people.person"]), {"file": _upload("x.csv", data)})
    assert "/map/" in resp["Location"]
    page = c.get(resp["Location"]).content.decode()
    assert "Tên công dân" in page and "Xã, phường cho mọi dòng" in page
    resp = c.post(resp["Location"], {"col0": "full_name", "col1": "full_name"})
    assert resp.status_code == 400 and "Hai cột cùng chọn" in resp.content.decode()
    resp = c.post(
        resp.request["PATH_INFO"],
        {"col0": "full_name", "col1": "date_of_birth", "col2": "note", "default_residence_unit": commune_a.pk},
    )
    job = Job.objects.get(pk=resp["Location"].rstrip("/").split("/")[-1])
    assert job.result["valid"] == 1 and job.result["error_count"] == 0
    resp = c.post(reverse("jobs:import-commit", args=[job.pk]), {"mode": "all"})
    person = Person.objects.get(full_name="Tạ Văn Ghép")
    assert person.residence_unit == commune_a and person.note == "abc"


@pytest.mark.django_db
def test_wizard_reports_a_bad_file_and_other_users_cannot_see_the_job(commune_a, user_a, user_b, media_root):
    c = _client(user_a)
    start = reverse("jobs:import-start", args=["people.person"])
    resp = c.post(start, {"file": _upload("x.csv", "Họ tên\nÁ\n".encode("utf-16"))})
    assert resp.status_code == 400 and "không phải CSV" in resp.content.decode()
    resp = c.post(start, {"file": _upload("so.csv", _csv(commune_a, 2))})
    job_url = resp["Location"]
    assert _client(user_b).get(job_url).status_code == 404
    assert c.get(job_url.rstrip("/") + "/progress/").status_code == 200


@pytest.mark.django_db
def test_every_import_offers_its_sample_file(user_a):
    from openpyxl import load_workbook

    from phongthu.forces.crud import MilitiaMemberCrud

    c = _client(user_a)
    page = c.get(MilitiaMemberCrud.import_url()).content.decode()
    template = reverse("jobs:import-template", args=["forces.militiamember"])
    assert template in page
    book = load_workbook(io.BytesIO(c.get(template).content))
    headers = [cell.value for cell in book["Du lieu"][1]]
    config = MilitiaMemberCrud
    expected = [config.label(f) + ("" if config.field(f).blank else " *") for f in config.get_import_fields()]
    assert headers == ["STT", *expected]
    assert any(h.endswith(" *") for h in expected) and any(not h.endswith(" *") for h in expected)
    assert [cell.value for cell in book["Du lieu"][2]][1:] != [None] * len(expected)  # an example row
    assert c.get(reverse("jobs:import-template", args=["no.such"])).status_code == 404


@pytest.mark.django_db
def test_wizard_update_mode_shows_changes_then_updates(make_person, commune_a, user_a, media_root):
    person = make_person(commune_a, name="Vũ Văn Sửa", education_grade=9)
    c = _client(user_a)
    start = reverse("jobs:import-start", args=["people.person"])
    page = c.get(start).content.decode()
    assert "Chỉ cập nhật người đã có" in page and "ô để trống giữ nguyên" in page
    data = f"Số CCCD,Trình độ văn hóa,Ghi chú\n{person.id_number},12/12,\n".encode()
    resp = c.post(start, {"file": _upload("sua.csv", data), "mode": "update"})
    assert resp.status_code == 302 and "/map/" not in resp["Location"]
    dry = Job.objects.get(pk=resp["Location"].rstrip("/").split("/")[-1])
    page = c.get(resp["Location"]).content.decode()
    assert "Dòng 2 — Vũ Văn Sửa" in page and "9 → 12" in page
    person.refresh_from_db()
    assert person.education_grade == 9
    resp = c.post(reverse("jobs:import-commit", args=[dry.pk]), {"mode": "all"})
    job = Job.objects.get(pk=resp["Location"].rstrip("/").split("/")[-1])
    assert job.status == "SUCCEEDED" and job.result["updated"] == 1, job.result
    person.refresh_from_db()
    assert person.education_grade == 12 and person.note == ""
    change = ObjectChange.objects.get(object_id=str(person.pk), action="update", job_id=str(job.pk))
    assert change.before["education_grade"] == 9 and change.after["education_grade"] == 12
