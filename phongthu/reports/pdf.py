"""PDF from the DOCX through LibreOffice headless (Debian's libreoffice-writer-nogui): the DOCX
stays the source, so the PDF shows exactly what Word would open.

Each process keeps its own LibreOffice profile (a shared one is locked by the first instance),
and conversions in one process run one at a time."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from django.conf import settings

_lock = threading.Lock()
TIMEOUT = 180


class PdfError(Exception):
    """The conversion failed; the message (Vietnamese) says what to do."""


def soffice() -> str | None:
    configured = getattr(settings, "PHONGTHU_SOFFICE", "")
    return configured or shutil.which("soffice") or shutil.which("libreoffice")


def _profile() -> Path:
    path = Path(tempfile.gettempdir()) / f"phongthu-lo-{os.getuid()}-{os.getpid()}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def docx_to_pdf(data: bytes, *, name: str = "bao-cao") -> bytes:
    binary = soffice()
    if not binary:
        raise PdfError(
            "Máy chủ chưa cài LibreOffice (gói libreoffice-writer-nogui) nên chưa xuất được PDF; hãy tải bản DOCX."
        )
    with _lock, tempfile.TemporaryDirectory(prefix="phongthu-pdf-") as work:
        source = Path(work) / f"{name}.docx"
        source.write_bytes(data)
        command = [
            binary, f"-env:UserInstallation=file://{_profile()}", "--headless", "--norestore", "--nolockcheck",
            "--convert-to", "pdf", "--outdir", work, str(source),
        ]  # fmt: skip
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)  # noqa: S603  (fixed argv)
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"LibreOffice không xuất xong PDF sau {TIMEOUT} giây; hãy thử lại hoặc tải bản DOCX."
            ) from None
        except subprocess.CalledProcessError as error:
            detail = (error.stderr or b"").decode(errors="replace")[:300]
            raise PdfError(
                f"LibreOffice không xuất được PDF ({detail or error.returncode}); hãy tải bản DOCX."
            ) from None
        target = Path(work) / f"{name}.pdf"
        if not target.exists():
            raise PdfError("LibreOffice không tạo ra tệp PDF; hãy tải bản DOCX.")
        return target.read_bytes()
