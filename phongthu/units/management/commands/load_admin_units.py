from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongthu.core.context import change_context
from phongthu.units.loader import load_admin_units


class Command(BaseCommand):
    help = "Nạp bản đồ đơn vị hành chính thật (2025 và trước 2025, kèm biến động) từ vietnamadminunits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", help="Mã tỉnh, thành phố theo bản đồ 2025 (ví dụ 31 = Hải Phòng)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        with change_context(job_id="load_admin_units", reason="Nạp bản đồ đơn vị hành chính"):
            try:
                report = load_admin_units(province_code=options.get("province"))
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Đã nạp {report.created_units} đơn vị, {report.created_links} quan hệ cấp trên, "
            f"{report.lineage_events} biến động, {report.scope_rows} dòng phạm vi "
            f"({len(report.provinces)} tỉnh, thành phố) trong {elapsed:.1f} giây."
        )
