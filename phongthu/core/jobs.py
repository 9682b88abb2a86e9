"""Background jobs written once: start, run under the audit context, report progress, cancel.

    job = start_job(kind="import", title="Nhập công dân", user=request.user, params={...})

A job runs in a thread of the web process (started after the creating transaction commits),
under `change_context(user=..., job_id=...)`, so every write it makes is audited with the job id.
Runners are registered by kind and receive the Job and a `Progress` reporter. With the setting
`PHONGTHU_JOBS_SYNC = True` (tests, management commands) jobs run inline. Modules register their
runners with `@register_runner(kind)` (the import runner lives in core.imports.runner).
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from phongthu.core.context import change_context

if TYPE_CHECKING:
    from phongthu.core.types import Actor

log = logging.getLogger(__name__)

Runner = Callable[[Any, "Progress"], dict[str, Any]]
_runners: dict[str, Runner] = {}

STALE_AFTER = datetime.timedelta(minutes=10)  # no heartbeat for this long: the process died


class JobError(Exception):
    """A failure the user can act on; the message (Vietnamese) is shown as is."""


def register_runner(kind: str) -> Callable[[Runner], Runner]:
    def decorate(fn: Runner) -> Runner:
        _runners[kind] = fn
        return fn

    return decorate


_job: dict[str, Any] = {}


def provide(*, model: Any) -> None:
    """The jobs app hands over its Job model from `ready()` (core knows no app)."""
    _job["model"] = model


def _job_model() -> Any:
    return _job["model"]


class Progress:
    """Throttled writes of (done, total, phase) and a cheap cancel check."""

    def __init__(self, job: Any, *, every: float = 0.5) -> None:
        self.job_id = job.pk
        self.every = every
        self._last_write = 0.0
        self._last_cancel_check = 0.0
        self._cancelled = False

    def update(self, done: int, *, total: int | None = None, phase: str | None = None, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_write < self.every:
            return
        self._last_write = now
        values: dict[str, Any] = {"done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            values["total"] = total
        if phase is not None:
            values["phase"] = phase
        _job_model().objects.filter(pk=self.job_id).update(**values)

    def cancelled(self) -> bool:
        now = time.monotonic()
        if not self._cancelled and now - self._last_cancel_check >= 1.0:
            self._last_cancel_check = now
            self._cancelled = bool(
                _job_model().objects.filter(pk=self.job_id).values_list("cancel_requested", flat=True).first()
            )
        return self._cancelled


def start_job(*, kind: str, title: str, user: Actor | None, params: dict[str, Any], total: int | None = None) -> Any:
    """Create the job row and run it after the current transaction commits."""
    if kind not in _runners:
        _discover()
    if kind not in _runners:
        raise ValueError(f"no runner for job kind {kind!r}")
    job = _job_model().objects.create(
        kind=kind, title=title[:255], user=user if getattr(user, "is_authenticated", False) else None,
        params=params, total=total,
    )  # fmt: skip
    if getattr(settings, "PHONGTHU_JOBS_SYNC", False):
        run_job(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: _spawn(job.pk))
    return job


def _spawn(job_id: Any) -> None:
    thread = threading.Thread(target=_thread_main, args=(job_id,), name=f"job-{job_id}", daemon=True)
    thread.start()


def _thread_main(job_id: Any) -> None:
    try:
        run_job(job_id)
    finally:
        connection.close()  # each thread has its own connection: do not leak it


def run_job(job_id: Any) -> None:
    model = _job_model()
    started = model.objects.filter(pk=job_id, status="QUEUED").update(
        status="RUNNING", started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    if not started:
        return  # someone else runs (or ran) it
    job = model.objects.select_related("user").get(pk=job_id)
    progress = Progress(job)
    runner = _runners[job.kind]
    try:
        with change_context(user=job.user, job_id=str(job.pk), reason=job.title):
            result = runner(job, progress)
    except JobError as exc:
        _finish(job_id, "FAILED", error=str(exc))
        return
    except Exception as exc:
        log.exception("job %s failed", job_id)
        _finish(job_id, "FAILED", error=f"Lỗi hệ thống khi chạy tác vụ: {exc}")
        return
    _finish(job_id, "CANCELLED" if result.get("cancelled") else "SUCCEEDED", result=result)


def _finish(job_id: Any, status: str, *, result: dict[str, Any] | None = None, error: str = "") -> None:
    values: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "error": error[:5000]}
    if result is not None:
        values["result"] = result
    _job_model().objects.filter(pk=job_id).update(**values)


def request_cancel(job: Any) -> None:
    _job_model().objects.filter(pk=job.pk, status__in=["QUEUED", "RUNNING"]).update(cancel_requested=True)
    # A job still queued (its thread never started) is cancelled at once.
    _job_model().objects.filter(pk=job.pk, status="QUEUED").update(status="CANCELLED", finished_at=timezone.now())


def mark_stale(job: Any) -> bool:
    """A running job whose process died (no heartbeat) is marked failed; returns True if so."""
    if job.status != "RUNNING" or job.heartbeat_at is None or timezone.now() - job.heartbeat_at < STALE_AFTER:
        return False
    _finish(job.pk, "FAILED", error="Tác vụ bị gián đoạn (máy chủ đã khởi động lại). Hãy chạy lại.")
    job.refresh_from_db()
    return True


def _discover() -> None:
    """Runners register themselves when their module is imported (the import runner)."""
    import phongthu.core.imports.runner  # noqa: F401
