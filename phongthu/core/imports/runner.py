"""The import as a background job (`core.jobs`, kind "import"): the wizard's dry run and
commit both run here, under the job's audit context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from phongthu.core.imports.readers import open_table
from phongthu.core.imports.results import ImportFileError
from phongthu.core.imports.specs import ImportContext, execute_import, spec_for
from phongthu.core.jobs import JobError, Progress, register_runner


def stored_upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- as a background job

PHASES = {
    "read": "Đang đọc tệp",
    "validate": "Đang kiểm tra từng dòng",
    "check": "Đang tìm bản ghi trùng trong hệ thống",
    "write": "Đang ghi vào cơ sở dữ liệu",
    "done": "Xong",
}


@register_runner("import")
def run_import_job(job: Any, progress: Progress) -> dict[str, Any]:
    """params: spec, path, name, mapping {key: column index}, defaults, commit, valid_only."""
    params = job.params
    spec = spec_for(params["spec"])
    if spec is None:
        raise JobError("Không còn loại dữ liệu nhập này.")
    path = Path(params["path"])
    if not path.exists():
        raise JobError("Tệp tải lên không còn trên máy chủ; hãy tải tệp lên lại.")
    progress.update(0, phase=PHASES["read"], force=True)
    try:
        reader = open_table(params["name"], path, hints=spec.hints())  # a CSV streams from disk
        progress.update(0, total=reader.size_hint, phase=PHASES["validate"], force=True)
        ctx = ImportContext(
            user=job.user,
            commit=bool(params.get("commit")),
            valid_only=bool(params.get("valid_only")),
            defaults=dict(params.get("defaults") or {}),
            progress=lambda done, phase: progress.update(done, phase=PHASES.get(phase, phase)),
            cancelled=progress.cancelled,
            mode=str(params.get("mode") or "create"),
        )
        mapping = {str(k): int(v) for k, v in (params.get("mapping") or {}).items()}
        result = execute_import(spec, reader, mapping, ctx)
    except (ImportFileError, PermissionDenied) as exc:
        raise JobError(f"{exc} Không có dữ liệu nào được ghi.") from exc
    except IntegrityError as exc:
        raise JobError(
            "Dữ liệu trong hệ thống vừa thay đổi trong lúc nhập (ví dụ một số CCCD vừa được người khác nhập). "
            "Không có dữ liệu nào được ghi; hãy kiểm tra lại và nhập lại."
        ) from exc
    progress.update(result.total, total=result.total, phase=PHASES["done"], force=True)
    if result.committed:
        path.unlink(missing_ok=True)
    return result.as_dict()
