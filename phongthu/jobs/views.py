"""Job pages (progress, result, cancel) and the import wizard built on them:
upload → map columns (when headers do not match) → dry run as a job → commit all or only the
valid rows as a job. Every write is done by the import pipeline inside the job, audited."""

from __future__ import annotations

import secrets
import uuid
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from phongthu.core import scoping, xlsx
from phongthu.core.crud import registry
from phongthu.core.imports import (
    ImportFileError,
    ImportResult,
    ImportSpec,
    errors_workbook,
    open_table,
    spec_for,
    template_workbook,
)
from phongthu.core.imports.runner import stored_upload_dir
from phongthu.core.imports.updates import MODES as IMPORT_MODES
from phongthu.core.jobs import mark_stale, request_cancel, start_job
from phongthu.jobs.models import Job

SESSION_KEY = "phongthu_imports"
KEEP_UPLOADS = 10  # per session
UPLOAD_LIFETIME = 2 * 24 * 3600  # seconds an uploaded file waits for its commit
ERRORS_SHOWN = 300
ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def jobs_of(request: HttpRequest) -> QuerySet[Job]:
    """A user sees the jobs they started; system administrators see all."""
    user: Any = request.user
    if user.is_superuser or getattr(user, "is_system_admin", False):
        return Job.objects.all()
    return Job.objects.filter(user=user)


def _spec_or_404(key: str) -> type[ImportSpec]:
    spec = spec_for(key)
    if spec is None:
        raise Http404
    return spec


def _require_import(request: HttpRequest, spec: type[ImportSpec]) -> None:
    """The spec's action: IMPORT for records, UNIT_ADMIN for the unit tree's own imports."""
    if not scoping.can(request.user, spec.action):
        raise PermissionDenied


def _spec_context(key: str, spec: type[ImportSpec]) -> dict[str, Any]:
    config = registry.get(key)
    modes = list(IMPORT_MODES.items()) if spec.match_key else []
    return {
        "modes": modes,
        "match_label": spec.column(spec.match_key).label if spec.match_key else "",
        "spec": spec,
        "spec_key": key,
        "config": config,
        "title": spec.title or (config.verbose_name_plural() if config else key),
        "fields": [c.label + (" *" if c.required else "") for c in spec.get_columns()],
    }


class ImportStartView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        spec = _spec_or_404(key)
        _require_import(request, spec)
        return render(request, "core/object_import.html", _spec_context(key, spec))

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        spec = _spec_or_404(key)
        _require_import(request, spec)
        upload = request.FILES.get("file")
        context = _spec_context(key, spec)
        if upload is None:
            context["file_error"] = _("Hãy chọn một tệp .xlsx hoặc .csv.")
            return render(request, "core/object_import.html", context, status=400)
        name = Path(upload.name or "tep").name
        suffix = Path(name).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            context["file_error"] = _("Chỉ nhận tệp .xlsx hoặc .csv.")
            return render(request, "core/object_import.html", context, status=400)
        data = upload.read()
        try:
            reader = open_table(name, data, hints=spec.hints())
        except ImportFileError as exc:
            context["file_error"] = str(exc)
            return render(request, "core/object_import.html", context, status=400)
        token = secrets.token_hex(16)
        folder = stored_upload_dir()
        _forget_old_uploads(folder)
        path = folder / f"{token}{suffix}"
        path.write_bytes(data)
        mapping = spec.auto_map(reader.headers)
        mode = request.POST.get("mode", "create")
        if mode not in IMPORT_MODES or (mode != "create" and not spec.match_key):
            context["file_error"] = _("Cách nhập không hợp lệ.")
            return render(request, "core/object_import.html", context, status=400)
        state = {
            "key": key,
            "name": name,
            "path": str(path),
            "headers": reader.headers,
            "mapping": mapping,
            "mode": mode,
        }
        pending = request.session.setdefault(SESSION_KEY, {})
        for old in list(pending)[: -(KEEP_UPLOADS - 1)]:
            pending.pop(old, None)
        pending[token] = state
        request.session.modified = True
        ignored = set(spec.ignored_headers)
        from phongthu.core.text import search_key

        unmapped = [
            h for i, h in enumerate(reader.headers) if h and i not in mapping.values() and search_key(h) not in ignored
        ]
        if _missing(spec, mapping, {}, mode) or unmapped:
            return HttpResponseRedirect(reverse("jobs:import-map", args=[key, token]))
        job = _start_dry_run(request, spec, state, defaults={})
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))


def _missing(spec: type[ImportSpec], mapping: dict[str, int], defaults: dict[str, Any], mode: str) -> list[Any]:
    """Columns the chosen mode cannot do without: updating needs only the matching column."""
    if mode == "update":
        return [] if spec.match_key in mapping else [spec.column(spec.match_key)]
    missing = spec.missing(mapping, defaults)
    if mode == "upsert" and spec.match_key not in mapping:
        missing.append(spec.column(spec.match_key))
    return missing


class ImportTemplateView(LoginRequiredMixin, View):
    """The sample file for one kind of import: its columns in order, an example row, a guide."""

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        spec = _spec_or_404(key)
        _require_import(request, spec)
        return xlsx.response(template_workbook(spec), f"mau-nhap-{key.replace('.', '-')}.xlsx")


def _forget_old_uploads(folder: Path) -> None:
    """Uploads whose dry run was never committed are removed after two days."""
    import time

    limit = time.time() - UPLOAD_LIFETIME
    for old in folder.glob("*"):
        try:
            if old.is_file() and old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            continue


def _start_dry_run(
    request: HttpRequest, spec: type[ImportSpec], state: dict[str, Any], defaults: dict[str, Any]
) -> Job:
    params = {
        "spec": state["key"],
        "path": state["path"],
        "name": state["name"],
        "mapping": state["mapping"],
        "defaults": defaults,
        "commit": False,
        "valid_only": False,
        "mode": state.get("mode", "create"),
    }
    title = _("Kiểm tra tệp %(name)s — %(what)s") % {"name": state["name"], "what": spec.title or state["key"]}
    job: Job = start_job(kind="import", title=title, user=request.user, params=params)
    return job


def _default_units(request: HttpRequest) -> list[Any]:
    from django.utils import timezone

    from phongthu.units.choices import Level
    from phongthu.units.models import Unit, valid_on

    qs = Unit.objects.restrict(request.user, scoping.IMPORT).filter(
        valid_on(timezone.localdate()), level__in=[Level.COMMUNE, Level.AGENCY]
    )
    return list(qs.order_by("name_sort")[:500])


class ImportMapView(LoginRequiredMixin, View):
    """When headers do not match: the user picks, for each file column, the field it holds."""

    def _state(self, request: HttpRequest, key: str, token: str) -> dict[str, Any]:
        state: dict[str, Any] | None = request.session.get(SESSION_KEY, {}).get(token)
        if not state or state["key"] != key:
            raise Http404(_("Phiên nhập đã hết hạn, hãy tải tệp lên lại."))
        return state

    def _render(
        self, request: HttpRequest, key: str, token: str, state: dict[str, Any], errors: list[str], status: int = 200
    ) -> HttpResponse:
        spec = _spec_or_404(key)
        chosen = {int(v): k for k, v in state["mapping"].items()}
        rows = [(i, h, chosen.get(i, "")) for i, h in enumerate(state["headers"])]
        context = {
            **_spec_context(key, spec),
            "token": token,
            "rows": rows,
            "columns": spec.get_columns(),
            "errors": errors,
            "defaults": spec.default_fields,
            "units": _default_units(request) if "residence_unit" in spec.default_fields else [],
            "default_unit": state.get("defaults", {}).get("residence_unit"),
        }
        return render(request, "core/job_import_map.html", context, status=status)

    def get(self, request: HttpRequest, key: str, token: str) -> HttpResponse:
        _require_import(request, _spec_or_404(key))
        return self._render(request, key, token, self._state(request, key, token), [])

    def post(self, request: HttpRequest, key: str, token: str) -> HttpResponse:
        spec = _spec_or_404(key)
        _require_import(request, spec)
        state = self._state(request, key, token)
        valid_keys = {c.key for c in spec.get_columns()}
        mapping: dict[str, int] = {}
        errors: list[str] = []
        for i, header in enumerate(state["headers"]):
            chosen = request.POST.get(f"col{i}", "")
            if not chosen:
                continue
            if chosen not in valid_keys:
                errors.append(_("Cột '%(h)s': lựa chọn không hợp lệ.") % {"h": header})
            elif chosen in mapping:
                errors.append(
                    _("Hai cột cùng chọn '%(f)s': '%(a)s' và '%(b)s'. Mỗi trường chỉ lấy từ một cột.")
                    % {"f": spec.column(chosen).label, "a": state["headers"][mapping[chosen]], "b": header}
                )
            else:
                mapping[chosen] = i
        defaults: dict[str, Any] = {}
        unit = request.POST.get("default_residence_unit", "")
        if unit and "residence_unit" in spec.default_fields:
            if unit.isdigit() and any(u.pk == int(unit) for u in _default_units(request)):
                defaults["residence_unit"] = int(unit)
            else:
                errors.append(_("Xã, phường mặc định không hợp lệ."))
        state["mapping"] = mapping
        state["defaults"] = defaults
        request.session.modified = True
        for column in _missing(spec, mapping, defaults, state.get("mode", "create")):
            errors.append(_("Chưa chọn cột cho trường bắt buộc '%(f)s'.") % {"f": column.label})
        if errors:
            return self._render(request, key, token, state, errors, status=400)
        job = _start_dry_run(request, spec, state, defaults)
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))


class ImportCommitView(LoginRequiredMixin, View):
    """After a dry run: write all rows (only if none failed) or only the valid rows."""

    def post(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        dry = get_object_or_404(jobs_of(request), pk=pk, kind="import", status="SUCCEEDED")
        _require_import(request, _spec_or_404(dry.params.get("spec", "")))
        if dry.params.get("commit"):
            raise Http404
        mode = request.POST.get("mode", "all")
        result = ImportResult.from_dict(dry.result or {})
        if mode == "all" and result.error_count:
            messages.error(request, _("Tệp còn dòng lỗi: chỉ có thể ghi các dòng hợp lệ, hoặc sửa tệp rồi tải lại."))
            return HttpResponseRedirect(reverse("jobs:detail", args=[dry.pk]))
        params = {**dry.params, "commit": True, "valid_only": mode == "valid", "dry_run": str(dry.pk)}
        title = _("Nhập tệp %(name)s") % {"name": dry.params.get("name", "")}
        job = start_job(kind="import", title=title, user=request.user, params=params)
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))


def _job_context(job: Job) -> dict[str, Any]:
    result = ImportResult.from_dict(job.result) if job.kind == "import" and job.result else None
    spec_key = job.params.get("spec", "")
    config = registry.get(spec_key)
    return {
        "job": job,
        "result": result,
        "errors": result.errors[:ERRORS_SHOWN] if result else [],
        "hidden_errors": max(0, result.error_count - ERRORS_SHOWN) if result else 0,
        "is_dry_run": job.kind == "import" and not job.params.get("commit"),
        "list_url": config.list_url() if config else "",
    }


class JobDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        job = get_object_or_404(jobs_of(request), pk=pk)
        mark_stale(job)
        return render(request, "core/job_detail.html", _job_context(job))


class JobErrorsView(LoginRequiredMixin, View):
    """The failed rows of an import (dry run or real) as XLSX: row, column, field, message."""

    def get(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        job = get_object_or_404(jobs_of(request), pk=pk, kind="import")
        result = ImportResult.from_dict(job.result) if job.result else None
        if result is None or not result.errors:
            raise Http404
        data = errors_workbook(result, file_name=str(job.params.get("name", "")))
        return xlsx.response(data, f"dong-loi-{str(job.pk)[:8]}.xlsx")


class JobProgressView(LoginRequiredMixin, View):
    """The progress fragment the job page polls (htmx); a finished job reloads the page."""

    def get(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        job = get_object_or_404(jobs_of(request), pk=pk)
        mark_stale(job)
        response = render(request, "core/job_progress.html", {"job": job})
        if job.finished and request.headers.get("HX-Request"):
            response["HX-Refresh"] = "true"
        return response


class JobCancelView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        job = get_object_or_404(jobs_of(request), pk=pk)
        request_cancel(job)
        messages.info(request, _("Đã yêu cầu dừng tác vụ; dữ liệu chưa ghi sẽ không được ghi."))
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))


class JobListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "core/job_list.html", {"jobs": jobs_of(request).select_related("user")[:100]})
